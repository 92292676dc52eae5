"""RSS and Atom feeds: each entry is an article.

feedparser reads the raw bytes (the XML declaration names the encoding), gives times in
UTC and leaves entry bodies as HTML, which is flattened here with paragraph breaks kept.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from datetime import datetime
from html.parser import HTMLParser
from time import struct_time
from typing import Any

import feedparser

from storylens.errors import IngestError
from storylens.ingest.common import Draft, Source, domain_of, parse_time, pick_outlet
from storylens.values import utc_time

_BLOCK_TAGS = frozenset(
    {
        *("address", "article", "aside", "blockquote", "dd", "div", "dl", "dt", "figcaption"),
        *("figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li"),
        *("main", "ol", "p", "pre", "section", "table", "tr", "ul"),
    }
)
_SKIPPED_TAGS = frozenset({"script", "style", "template"})


class _TextCollector(HTMLParser):
    """Keeps the text and turns block boundaries into blank lines, ``<br>`` into a newline."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED_TAGS:
            self._skipping += 1
        elif tag == "br":
            self.parts.append("\n")
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED_TAGS:
            self._skipping = max(0, self._skipping - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            # Whitespace in HTML source is layout, not content: line breaks come from tags.
            self.parts.append(re.sub(r"\s+", " ", data))


def html_to_text(markup: str) -> str:
    """Feed HTML to plain text with paragraphs on their own lines (normalised later)."""
    collector = _TextCollector()
    collector.feed(markup)
    collector.close()
    lines = (line.strip() for line in "".join(collector.parts).split("\n"))
    return "\n".join(lines)


def read_feed(data: bytes, source: Source) -> Iterator[Draft | IngestError]:
    """Every entry with text becomes a draft.

    A feed feedparser flags as malformed ("bozo") and that gives no usable entry, such as a
    truncated download whose last entry is a bare title, is one error with feedparser's
    reason, which says more than a complaint about each half-read entry would.
    """
    try:
        # A stream, not bytes or str: given those, feedparser first tries them as a file
        # name or URL.
        parsed = feedparser.parse(io.BytesIO(data))
    except Exception as exc:  # feedparser wraps most problems in ``bozo``, but not all
        raise IngestError(source.origin, f"feed could not be parsed: {exc}") from exc
    feed = parsed.feed
    site = _plain(feed, "title")
    feed_outlet = pick_outlet(domain_of(feed.get("link")), site)
    items = [
        _entry_draft(
            entry, f"{source.origin}#{number}", feed_outlet, site, source, feed.get("language")
        )
        for number, entry in enumerate(parsed.entries, start=1)
    ]
    if parsed.bozo and not any(isinstance(item, Draft) for item in items):
        raise IngestError(source.origin, f"not a readable feed: {parsed.get('bozo_exception')}")
    if not items:
        raise IngestError(source.origin, "the feed has no entries")
    yield from items


def _entry_draft(
    entry: Any,
    origin: str,
    feed_outlet: str | None,
    site: str | None,
    source: Source,
    language: str | None,
) -> Draft | IngestError:
    """Full content where the feed carries it, else the summary."""
    contents = entry.get("content") or []
    detail = contents[0] if contents else entry.get("summary_detail")
    text = _detail_text(detail) if detail else ""
    if not text.strip():
        return IngestError(origin, "feed entry has no content or summary")
    link = entry.get("link")
    published, stated_time = _entry_time(entry)
    return Draft(
        origin=origin,
        text=text,
        outlet=pick_outlet(domain_of(link), feed_outlet),
        stem=source.stem,
        site=site,
        title=_plain(entry, "title"),
        url=link,
        published=published,
        language=language,
        author=entry.get("author"),
        stated_time=stated_time,
    )


def _entry_time(entry: Any) -> tuple[datetime | None, str | None]:
    """The entry's publication time (else its update time) and the text it was read from.

    When neither parses, the text is still returned, so that the user is told about it.
    Only keys the entry has are read (``in`` on ``updated*`` is a plain dict lookup): asked for
    a missing "updated", feedparser answers with "published" and a DeprecationWarning.
    """
    stated = [key for key in ("published", "updated") if key in entry]
    for key in stated:
        text = str(entry[key])
        parsed = f"{key}_parsed"
        time = parse_time(text)
        if time is None and parsed in entry and entry[parsed] is not None:
            time = _checked(entry[parsed], text)
        if time is not None:
            return time, text
    return None, str(entry[stated[0]]) if stated else None


def _checked(parsed: struct_time, text: str) -> datetime | None:
    """feedparser's reading of a date in a form our reader does not know, when it is a
    real time and the text shows its year and day: feedparser rolls an impossible date over
    ("2024-13-45" becomes 2025-02-14), which would be stored as true."""
    time = utc_time(parsed)
    if time is None:
        return None
    day = re.search(rf"(?<!\d)0?{time.day}(?!\d)", text)
    return time if str(time.year) in text and day is not None else None


def _detail_text(detail: Any) -> str:
    """A feedparser text construct as plain text; only HTML types need their tags removed."""
    value = str(detail.get("value") or "")
    return html_to_text(value) if "html" in str(detail.get("type", "")) else value


def _plain(node: Any, key: str) -> str | None:
    """A text field (title) through its ``*_detail`` construct, which says whether it is HTML."""
    detail = node.get(f"{key}_detail")
    return _detail_text(detail) if detail else node.get(key)
