"""Saved web pages: trafilatura separates the article from menus, ads and comments.

The raw bytes go to trafilatura rather than our own decoder because a page declares its
charset in a ``<meta>`` tag, which it reads.
"""

from __future__ import annotations

from collections.abc import Iterator

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
        outlet=(outlet := pick_outlet(page.hostname, domain_of(page.url), page.sitename))
        or source.stem,
        named=outlet is not None,
        site=page.sitename,
        title=page.title,
        url=page.url,
        published=parse_time(page.date),
        language=page.language,
        author=page.author,
        stated_time=page.date,
    )
