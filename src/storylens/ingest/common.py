"""What every reader shares: bytes to text, ids, outlets, titles, languages and times.

Readers only pull fields out of their format into a ``Draft``; ``finish`` applies the rules
that must be the same for every format (text normalisation, title fallback, minimum length,
language, plausible times, id), so an article reads the same whichever way it arrived.
"""

from __future__ import annotations

import codecs
import hashlib
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

import charset_normalizer

from storylens.config import IngestSettings
from storylens.errors import IngestError
from storylens.model import Article

#: A title line longer than this is a paragraph that happens to lack a full stop.
TITLE_LINE_MAX = 200
#: Titles we make up from the first sentence are cut to this length.
DERIVED_TITLE_MAX = 120
#: How far down the body a repeated title is looked for (below kicker lines).
TITLE_SEARCH_LINES = 3
#: Publication times further ahead than this are not trusted (see ``plausible_time``).
FUTURE_TOLERANCE = timedelta(days=2)
#: Language detection reads this much; more costs time and changes nothing.
LANGUAGE_SAMPLE_CHARS = 2000

_MAGIC = {
    b"\x89PNG": "PNG image",
    b"\xff\xd8\xff": "JPEG image",
    b"GIF8": "GIF image",
    b"%PDF": "PDF document",
    b"PK\x03\x04": "ZIP archive (or an Office document)",
    b"\x1f\x8b": "gzip archive",
    b"\x7fELF": "executable",
}
_UTF16_32_BOMS = (
    codecs.BOM_UTF32_LE,
    codecs.BOM_UTF32_BE,
    codecs.BOM_UTF16_LE,
    codecs.BOM_UTF16_BE,
)
_HOSTNAME = re.compile(r"^(?:[a-z0-9-]+\.)+[a-z]{2,}$", re.IGNORECASE)
_LANGUAGE_TAG = re.compile(r"^([a-z]{2})(?:[-_][a-z0-9]+)*$", re.IGNORECASE)
#: Sentence punctuation, then any closing quotes or brackets (straight, curly, guillemet).
_CLOSERS = r"[\"'\u201d\u2019\u00bb)\]]*"
_SENTENCE_END = re.compile(rf"[.!?]{_CLOSERS}$")
_FIRST_SENTENCE = re.compile(rf".+?[.!?]{_CLOSERS}(?=\s|$)")


@dataclass(frozen=True, slots=True)
class Source:
    """Where bytes came from: ``origin`` names it in errors, ``stem`` is the last-resort outlet."""

    origin: str
    stem: str


@dataclass(frozen=True, slots=True)
class Draft:
    """The fields a reader found, before the rules shared by all formats are applied."""

    origin: str
    text: str
    outlet: str
    title: str | None = None
    url: str | None = None
    published: datetime | None = None
    language: str | None = None
    author: str | None = None


def check_bytes(data: bytes, origin: str) -> None:
    """Reject empty and binary input before any decoding guesses at it.

    A charset detector will happily "decode" a PNG into CJK soup, so binary is caught
    here by magic numbers and NUL bytes (text in UTF-16/32 has NULs too, but carries a BOM).
    """
    if not data.strip():
        raise IngestError(origin, "empty file")
    for magic, kind in _MAGIC.items():
        if data.startswith(magic):
            raise IngestError(origin, f"binary file ({kind}), not text")
    if b"\x00" in data[:8192] and not data.startswith(_UTF16_32_BOMS):
        raise IngestError(origin, "binary file (contains NUL bytes), not text")


def decode(data: bytes, origin: str) -> str:
    """Bytes to text: UTF-8 (BOM stripped) when it is, else the most plausible legacy charset."""
    if data.startswith(_UTF16_32_BOMS):
        encoding = "utf-32" if data.startswith(_UTF16_32_BOMS[:2]) else "utf-16"
        try:
            return data.decode(encoding)
        except UnicodeDecodeError as exc:
            raise IngestError(origin, f"undecodable text: bad {encoding} ({exc.reason})") from exc
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return _decode_legacy(data, origin)


def _decode_legacy(data: bytes, origin: str) -> str:
    """Ask charset-normalizer, breaking its ties in favour of Windows-1252.

    On short Western texts many single-byte code pages decode without "chaos" and score the
    same, and its first pick is then arbitrary (cp1250 turns "très" into "trčs"). Windows-1252
    is a superset of Latin-1 and what browsers assume for unlabelled legacy pages.
    """
    matches = charset_normalizer.from_bytes(data)
    best = matches.best()
    if best is None:
        raise IngestError(origin, "undecodable text: neither UTF-8 nor any known character set")
    tied = (m for m in matches if (m.chaos, m.coherence) == (best.chaos, best.coherence))
    if any("cp1252" in m.could_be_from_charset for m in tied):
        return data.decode("cp1252")
    return str(best)


def normalise_text(text: str) -> str:
    """One canonical form, so ids and offsets do not depend on the editor that saved the file."""
    text = unicodedata.normalize("NFC", text)
    text = "\n".join(line.rstrip() for line in text.splitlines())
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def collapse_spaces(text: str) -> str:
    """Whitespace runs to one space: the form titles and outlet names are compared in."""
    return " ".join(text.split())


def article_id(outlet: str, title: str, text: str) -> str:
    """Content-derived id: the same article read twice (any file, any run) gets the same id.

    Whitespace and case are normalised away so that re-wrapped or re-saved copies still match;
    parts are joined by a newline, which collapsing removed from the parts, so they cannot run
    into each other.
    """
    key = "\n".join(collapse_spaces(part).casefold() for part in (outlet, title, text))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def domain_of(url: str | None) -> str | None:
    """The host of a URL without "www.", or None for relative or host-less URLs."""
    if not url:
        return None
    try:
        host = urlsplit(url if "//" in url else f"//{url}").hostname
    except ValueError:
        return None
    if not host or not _HOSTNAME.match(host):
        return None
    return host.lower().removeprefix("www.")


def pick_outlet(*candidates: str | None, fallback: str) -> str:
    """The first usable candidate, in the caller's order of trust, else ``fallback``.

    Values that look like a URL or a host name are reduced to the bare domain, so that
    "https://www.bbc.co.uk/news" in one dump and "bbc.co.uk" in another name one outlet.
    """
    for candidate in candidates:
        value = collapse_spaces(candidate) if candidate else ""
        if _HOSTNAME.match(value) or "://" in value:
            value = domain_of(value) or ""
        if value:
            return value
    return fallback


def is_title_line(line: str, rest: str) -> bool:
    """Whether the first line of a text is its headline rather than its first sentence.

    A headline is short, is followed by more text, and does not end like a sentence
    (closing quotes after the punctuation count as sentence endings too).
    """
    line = line.strip()
    return 0 < len(line) <= TITLE_LINE_MAX and bool(rest.strip()) and not _SENTENCE_END.search(line)


def split_title(text: str) -> tuple[str | None, str]:
    """Take a headline off the top of a plain text, when it has one."""
    first, _, rest = text.partition("\n")
    if is_title_line(first, rest):
        return first.strip(), rest.strip()
    return None, text


def title_from_text(text: str) -> str:
    """A stand-in title for an article that has none: its first sentence, cut to size."""
    first_line = text.strip().partition("\n")[0]
    match = _FIRST_SENTENCE.match(first_line)
    sentence = match.group(0) if match else first_line
    return shorten(sentence, DERIVED_TITLE_MAX)


def shorten(text: str, limit: int) -> str:
    """Cut at a word boundary and mark the cut with an ellipsis; the result fits ``limit``."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if not text[limit - 1].isspace() and " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:-\u2013\u2014") + "\u2026"


def drop_repeated_title(title: str, text: str) -> str:
    """Remove the title from the top of the body: extractors and feeds often repeat it there.

    Lines above it (a section kicker such as "Interest rates") are page furniture and go too;
    the title is looked for only among the first ``TITLE_SEARCH_LINES`` lines.
    """
    wanted = collapse_spaces(title).casefold()
    lines = text.split("\n", TITLE_SEARCH_LINES)
    for index, line in enumerate(lines[:TITLE_SEARCH_LINES]):
        if wanted and collapse_spaces(line).casefold() == wanted:
            return "\n".join(lines[index + 1 :]).strip()
    return text


def language_code(declared: str | None, text: str) -> str:
    """The two-letter language: as declared ("en-US" -> "en") if usable, else detected."""
    match = _LANGUAGE_TAG.match(declared.strip()) if declared else None
    if match:
        return match.group(1).lower()
    return _detect_language(text[:LANGUAGE_SAMPLE_CHARS])


def _detect_language(sample: str) -> str:
    # Imported here: py3langid loads its model on import (most of a second), which every
    # command would pay for although most inputs declare their language or never get here.
    import py3langid

    lang, _score = py3langid.classify(sample)
    return str(lang)


def to_utc(moment: datetime) -> datetime:
    """Aware UTC; a time without a zone is taken to be UTC already (crawlers mostly write UTC)."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def _gdelt_stamp(text: str) -> datetime:
    return datetime.strptime(text, "%Y%m%d%H%M%S")


_TIME_PARSERS: tuple[Callable[[str], datetime], ...] = (
    datetime.fromisoformat,
    _gdelt_stamp,
    parsedate_to_datetime,
)


def parse_time(value: object) -> datetime | None:
    """Crawler time strings to UTC: ISO 8601, GDELT's compact stamps, RFC 2822; else None.

    An unreadable time is not an error: the article is still worth having without it.
    """
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    for parse in _TIME_PARSERS:
        try:
            return to_utc(parse(text))
        except (ValueError, TypeError, IndexError, OverflowError):
            continue
    return None


def plausible_time(published: datetime | None, now: datetime) -> datetime | None:
    """Drop publication times that lie in the future.

    Decision: up to two days ahead is tolerated (time zones, clock skew, embargoed wire copy
    stamped with tomorrow's date), anything later is dropped rather than trusted. Such times
    come from page templates, event dates mistaken for publication dates, or typos, and a
    wrong time is worse than none: it keeps the article out of its story's time window and
    on top of every "latest" list. ``None`` already means "the source gave no usable time".
    """
    if published is None or published > now + FUTURE_TOLERANCE:
        return None
    return published


def finish(draft: Draft, settings: IngestSettings, now: datetime) -> Article:
    """Apply the rules shared by all formats and build the article; IngestError if unfit."""
    title = collapse_spaces(unicodedata.normalize("NFC", draft.title or ""))
    text = drop_repeated_title(title, normalise_text(draft.text))
    if len(text) < settings.min_text_chars:
        raise IngestError(
            draft.origin,
            f"text too short ({len(text)} characters, minimum {settings.min_text_chars})",
        )
    if len(text) > settings.max_text_chars:
        raise IngestError(
            draft.origin,
            f"text too long for one article ({len(text)} characters, maximum "
            f"{settings.max_text_chars}); split it into articles, e.g. as JSON Lines",
        )
    title = title or title_from_text(text)
    return Article(
        id=article_id(draft.outlet, title, text),
        title=title,
        text=text,
        outlet=draft.outlet,
        origin=draft.origin,
        url=draft.url or None,
        published=plausible_time(draft.published, now),
        language=language_code(draft.language, f"{title}\n{text}"),
        author=collapse_spaces(draft.author) if draft.author else None,
    )
