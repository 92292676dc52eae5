"""Plain-text articles, one per file, as people save them by hand or scrape them to disk.

There is no metadata beyond an optional leading ``url https://...`` line, which names the
outlet as a crawler's URL does, and an optional ``date YYYY-MM-DD`` marker (the convention of
``shared/seeds``, where the text goes on on the same line; a time of day may follow, as
``2026-03-16T10:30`` or ``2026-03-16 10:30``). Without a URL the outlet is unknown (the file
name tells the article apart, ``outlets``), and the title is the first line when it reads as
a headline.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from storylens.errors import IngestError
from storylens.ingest.common import (
    Draft,
    Source,
    decode,
    domain_of,
    normalise_text,
    parse_time,
    pick_outlet,
    split_title,
)

#: A date in digits (valid or not: "2026-02-30" and "31/02/2026" have the shape too), with an
#: optional time of day and zone.
_STAMP = (
    r"\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}"
    r"(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?"
)
#: "date 2026-03-16" and "Date: 2026-03-16T10:30", the text going on after it.
_STAMP_MARKER = re.compile(rf"\Adate:?[ \t]+(?P<value>{_STAMP})(?=\s|\Z)", re.IGNORECASE)
#: "url https://calderledger.example/rates" or "URL: ..." alone on the first line.
_URL_MARKER = re.compile(r"\A(?i:url):?[ \t]+(?P<value>https?://\S+)[ \t]*(?=\n|\Z)")
#: "date yesterday" or "Date: 16 March" alone on the first line. Without a colon only a
#: lower-case "date" counts: "Date night returns" is a headline, and the marker is lower case.
_LINE_MARKER = re.compile(r"\A(?:(?i:date):|date[ \t])[ \t]*(?P<value>\S[^\n]{0,39})(?=\n|\Z)")


def split_date_marker(text: str) -> tuple[str | None, str]:
    """The leading date marker's value as written, and the text after the marker.

    A marker is known by its shape, not by whether its date is valid: one that does not parse
    ("date 2026-02-30") is still metadata, so it neither becomes the title nor pushes the
    headline into the body; the article goes without a time and the user is told.
    """
    return _taken(_STAMP_MARKER.match(text) or _LINE_MARKER.match(text), text)


def split_url_marker(text: str) -> tuple[str | None, str]:
    """The leading ``url`` line's address, and the text after it."""
    return _taken(_URL_MARKER.match(text), text)


def _taken(marker: re.Match[str] | None, text: str) -> tuple[str | None, str]:
    """A leading marker's value and the text after it, or no value and the text."""
    if marker is None:
        return None, text
    return marker.group("value"), text[marker.end() :].lstrip()


def read_text(data: bytes, source: Source) -> Iterator[Draft | IngestError]:
    """One article per file; the title comes off the body only when it is a headline line.

    A marker's date means midnight UTC of that day, and its time, when given, UTC unless it
    names a zone (``parse_time``).
    """
    url, text = split_url_marker(normalise_text(decode(data, source.origin)))
    stated, text = split_date_marker(text)
    title, body = split_title(text)
    yield Draft(
        origin=source.origin,
        text=body,
        outlet=pick_outlet(domain_of(url)),
        stem=source.stem,
        url=url,
        title=title,
        published=parse_time(stated),
        stated_time=stated,
    )
