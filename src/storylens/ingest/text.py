"""Plain-text articles, one per file, as people save them by hand or scrape them to disk.

There is no metadata beyond an optional leading ``date YYYY-MM-DD`` marker (the convention
of ``shared/seeds``, where the text goes on on the same line), so the outlet is the file
name and the title is the first line when it reads as a headline.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, date, datetime

from storylens.errors import IngestError
from storylens.ingest.common import Draft, Source, decode, normalise_text, split_title

_DATE_MARKER = re.compile(r"\Adate:?[ \t]+(\d{4})-(\d{2})-(\d{2})(?:[ \t]+|[ \t]*\n|\Z)", re.I)


def split_date_marker(text: str) -> tuple[datetime | None, str]:
    """Take the leading date marker off; it means midnight UTC of that day.

    A marker that is not a real calendar date is left in the text: it is then content,
    not metadata, and we never invent a publication time.
    """
    match = _DATE_MARKER.match(text)
    if not match:
        return None, text
    try:
        day = date(*(int(part) for part in match.groups()))
    except ValueError:
        return None, text
    return datetime(day.year, day.month, day.day, tzinfo=UTC), text[match.end() :].lstrip()


def read_text(data: bytes, source: Source) -> Iterator[Draft | IngestError]:
    """One article per file; the title comes off the body only when it is a headline line."""
    published, text = split_date_marker(normalise_text(decode(data, source.origin)))
    title, body = split_title(text)
    yield Draft(
        origin=source.origin,
        text=body,
        outlet=source.stem,
        title=title,
        published=published,
    )
