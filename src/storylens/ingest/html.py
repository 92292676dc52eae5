"""Saved web pages: trafilatura separates the article from menus, ads and comments.

The raw bytes go to trafilatura rather than our own decoder because a page declares its
charset in a ``<meta>`` tag, which it reads.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterator
from datetime import datetime

import trafilatura
from trafilatura.settings import Document

from storylens.errors import IngestError
from storylens.ingest.common import Draft, Source, domain_of, parse_time, pick_outlet

#: htmldate's "extensive search" guesses a date from any year on the page (copyright lines
#: give "2024-01-01"); only dates the page states as its own are wanted. The output format
#: keeps the time of day and zone where the page gives them. htmldate's own bounds (1995 to
#: today) are kept: it passes over a date outside them to the page's next date signal, which
#: beats dropping the time afterwards; so a page's unusable date goes without a warning.
_DATE_OPTIONS = {
    "extensive_search": False,
    "original_date": True,
    "outputformat": "%Y-%m-%dT%H:%M:%S%z",
}


def read_html(data: bytes, source: Source) -> Iterator[Draft | IngestError]:
    """One article per page; a page without extractable main text is an error, not a crash."""
    try:
        with warnings.catch_warnings():
            # htmldate's dateutil warns about zone abbreviations it drops ("EST"), raw, on
            # the user's terminal; what a page's date lacks is ours to say, not theirs.
            warnings.simplefilter("ignore")
            page = trafilatura.bare_extraction(
                data,
                with_metadata=True,
                include_comments=False,
                date_extraction_params=_DATE_OPTIONS,
            )
    except Exception as exc:  # trafilatura/lxml fail in many ways on hostile markup
        raise IngestError(source.origin, f"HTML could not be parsed: {exc}") from exc
    if not isinstance(page, Document) or not page.text:
        raise IngestError(source.origin, "no main text could be extracted from the HTML")
    yield Draft(
        origin=source.origin,
        text=page.text,
        outlet=pick_outlet(page.hostname, domain_of(page.url), page.sitename),
        stem=source.stem,
        site=page.sitename,
        title=page.title,
        url=page.url,
        published=_published(data, page.date),
        language=page.language,
        author=page.author,
        stated_time=page.date,
    )


#: The publication time a page states in its metadata (Open Graph, schema.org, news meta
#: tags), as written; the time is read from the first ``META_BYTES`` of the page.
_META_TIME = re.compile(
    rb"(?:article:published_time|og:published_time|datePublished|pubdate|publish[-_]date"
    rb"|DC\.date\.issued)[\"']?\s*(?:content\s*=|:)\s*[\"']([^\"'<>]{6,60})[\"']",
    re.IGNORECASE,
)
META_BYTES = 300_000


def _published(data: bytes, found: str | None) -> datetime | None:
    """The page's time as htmldate found it, unless htmldate dropped the zone the page wrote
    as an abbreviation ("2019-11-19 08:57:25 EST" came out as 08:57 UTC, five hours off):
    then the page's own words, read with the zone."""
    time = parse_time(found)
    match = _META_TIME.search(data[:META_BYTES])
    if time is None or match is None:
        return time
    stated = parse_time(match.group(1).decode("utf-8", "replace"))
    if stated is None or stated == time:
        return time
    shift = (stated - time).total_seconds()
    same_clock = shift % 1800 == 0 and abs(shift) <= _MOST_ZONE_OFFSET
    return stated if same_clock and _wall_clock(match.group(1)) == time.strftime("%H:%M") else time


#: The largest offset of any time zone from UTC, in seconds.
_MOST_ZONE_OFFSET = 14 * 3600


def _wall_clock(text: bytes) -> str | None:
    clock = re.search(rb"(?<!\d)(\d{1,2}):(\d{2})", text)
    return None if clock is None else f"{int(clock.group(1)):02d}:{clock.group(2).decode()}"
