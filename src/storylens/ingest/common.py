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
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

import charset_normalizer

from storylens import outlets
from storylens.config import IngestSettings
from storylens.errors import IngestError
from storylens.model import Article
from storylens.values import clean

#: A title line longer than this is a paragraph that happens to lack a full stop.
TITLE_LINE_MAX = 200
#: Titles we make up from the first sentence are cut to this length.
DERIVED_TITLE_MAX = 120
#: How far down the body a repeated title is looked for (below kicker lines).
TITLE_SEARCH_LINES = 3
#: Publication times further ahead than this are not trusted (see ``implausible_time``).
FUTURE_TOLERANCE = timedelta(days=2)
#: Publication times before this are placeholders, not dates (see ``implausible_time``).
EARLIEST_PUBLICATION = datetime(1605, 1, 1, tzinfo=UTC)
#: Time values quoted in messages are cut to this length.
QUOTED_TIME_MAX = 60
#: Language detection reads this much; more costs time and changes nothing.
LANGUAGE_SAMPLE_CHARS = 2000
#: Fewer letters than about a sentence name no language reliably (see ``_decode_legacy``).
LANGUAGE_EVIDENCE_CHARS = 60
#: Latin-script languages (py3langid's codes) and the code page Windows saves them in.
WINDOWS_CODE_PAGES = {
    **dict.fromkeys(
        (
            *("af", "br", "ca", "cy", "da", "de", "en", "es", "eu", "fi", "fo", "fr", "fy"),
            *("ga", "gd", "gl", "id", "is", "it", "la", "lb", "ms", "nl", "nn", "no", "oc"),
            *("pt", "sv", "sw", "wa"),
        ),
        "cp1252",
    ),
    **dict.fromkeys(("bs", "cs", "hr", "hu", "pl", "ro", "sk", "sl", "sq", "sr"), "cp1250"),
    **dict.fromkeys(("az", "tr"), "cp1254"),
    **dict.fromkeys(("et", "lt", "ltg", "lv"), "cp1257"),
    "vi": "cp1258",
}

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
    #: The publisher as the input names it (a host, a name), or None when it names none.
    outlet: str | None
    #: The file's name: it stands in for the outlet in the article's id (as in the first
    #: stores) when the input names none, and tells such a source from the others
    #: (``outlets.unknown``).
    stem: str
    title: str | None = None
    url: str | None = None
    published: datetime | None = None
    language: str | None = None
    author: str | None = None
    #: The publication time as the source wrote it, when it wrote one, so that a time that
    #: is not stored (unreadable, implausible) can be named in the warning.
    stated_time: str | None = None
    #: The publisher's name as the source gives it ("WIRED", a feed's title): a title's
    #: suffix that repeats it is the site's, not the article's.
    site: str | None = None

    def __post_init__(self) -> None:
        # Whatever a reader took from its format, what goes on is clean text (``values``):
        # one place for every reader, so a new one cannot forget it.
        for name in _CLEANED:
            value = getattr(self, name)
            if value is not None:
                object.__setattr__(self, name, clean(str(value)))


#: The fields of a draft taken from the input; ``origin`` names the file as the user wrote
#: its path, which errors about it must repeat as it is.
_CLEANED = ("text", "outlet", "stem", "title", "url", "language", "author", "stated_time", "site")


def check_bytes(data: bytes, origin: str) -> None:
    """Reject empty and binary input before any decoding guesses at it.

    A charset detector will happily "decode" a PNG into CJK soup, so binary is caught
    here by magic numbers and NUL bytes (text in UTF-16/32 has NULs too, but carries a BOM).
    """
    if not data or data.isspace():  # not strip(): that copies a file of any size
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
    """The Windows code page of the text's language, unless charset-normalizer shows it wrong.

    Single-byte Latin code pages differ only in their accented letters, so on Western texts
    many decode without "chaos", and the detector's tie-break (a letter-frequency score that is
    noise on a few accented letters) picks an arbitrary one: cp775 made "Café ... Zürich"
    "Cafķ ... Z³rich". The unaccented letters survive any of them, which is enough to tell the
    language; the code page Windows saves that language in (what browsers assume too, and
    Windows-1252, a superset of Latin-1, for short texts without a clear language) is the
    prior. The detector's pick wins only when that decoding is messier than its own, as with
    Cyrillic, Greek or CJK bytes, whose language the Latin reading does not tell.
    """
    best = charset_normalizer.from_bytes(data).best()
    if best is None:
        raise IngestError(origin, "undecodable text: neither UTF-8 nor any known character set")
    code_page = _windows_code_page(data)
    if code_page is None:
        return str(best)
    return _clean_decoding(data, code_page, best.chaos) or str(best)


def _windows_code_page(data: bytes) -> str | None:
    """The code page of the language the bytes read as in cp1252; None for non-Latin text.

    Below ``LANGUAGE_EVIDENCE_CHARS`` letters the language is no evidence (py3langid calls
    "Müller" Turkish), and cp1252 is assumed.
    """
    try:
        sample = data.decode("cp1252")[:LANGUAGE_SAMPLE_CHARS]
    except UnicodeDecodeError:  # five bytes cp1252 leaves undefined
        return None
    if sum(char.isalpha() for char in sample) < LANGUAGE_EVIDENCE_CHARS:
        return "cp1252"
    return WINDOWS_CODE_PAGES.get(_detect_language(sample))


def _clean_decoding(data: bytes, code_page: str, chaos: float) -> str | None:
    """The decoding in ``code_page`` when it is no messier than ``chaos`` (the detector's best),
    measured the detector's way."""
    match = charset_normalizer.from_bytes(data, cp_isolation=[code_page]).best()
    if match is None or match.chaos > chaos:
        return None
    return data.decode(code_page)


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
    except (ValueError, UnicodeError):
        return None
    if not host or not outlets.is_domain(host):
        return None
    return host.lower().removeprefix("www.")


def pick_outlet(*candidates: str | None) -> str | None:
    """The first usable candidate, in the caller's order of trust, or None.

    Values that look like a URL or a host name are reduced to the host without "www.", so
    that "https://www.bbc.co.uk/news" in one dump and "bbc.co.uk" in another give one key.
    This key makes the article's id (unchanged since the first stores); the outlet shown is
    its publication (``outlets.publisher``).
    """
    for candidate in candidates:
        value = collapse_spaces(candidate) if candidate else ""
        if outlets.is_domain(value) or "://" in value:
            value = domain_of(value) or ""
        if value:
            return value
    return None


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
        # A line far longer than the title is not it, and splitting a line of megabytes
        # into words would cost hundreds of megabytes.
        if len(line) > 2 * len(title) + TITLE_LINE_MAX:
            continue
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


#: A four-digit year: dateparser reads a date without one as this year's, which would make
#: the stored time depend on the day of the ingest.
_WRITTEN_YEAR = re.compile(r"(?<!\d)\d{4}(?!\d)")
#: Absolute dates only ("yesterday" would be read from today), with day, month and year; a
#: time without a zone is UTC, as for the other readers.
_DATEPARSER_SETTINGS = {
    "PARSERS": ["absolute-time"],
    "STRICT_PARSING": True,
    "RETURN_AS_TIMEZONE_AWARE": True,
    "TIMEZONE": "UTC",
    "TO_TIMEZONE": "UTC",
}


def _any_language(text: str) -> datetime:
    """A date written in words of any language dateparser knows ("Seg, 24 Set 2018 19:42:40
    -0300", "mardi 3 mars 2020"), zone abbreviations included ("08:57:25 EST" is 13:57 UTC)."""
    if not _WRITTEN_YEAR.search(text):
        raise ValueError("no year")
    import dateparser  # loads its language data (a second) only when a date needs it

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # its dependencies' warnings are no user's concern
        found = dateparser.parse(text, settings=_DATEPARSER_SETTINGS)
    if not isinstance(found, datetime):
        raise ValueError("not a date")
    return found


_TIME_PARSERS: tuple[Callable[[str], datetime], ...] = (
    datetime.fromisoformat,
    _gdelt_stamp,
    parsedate_to_datetime,
    _any_language,
)


def parse_time(value: object) -> datetime | None:
    """Crawler time strings to UTC: ISO 8601, GDELT's compact stamps, RFC 2822, then dates in
    words of any language; else None.

    An unreadable time does not stop the article, which is still worth having without it;
    the reader keeps the text it was given (``Draft.stated_time``) for the warning.
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


def implausible_time(published: datetime, now: datetime) -> str | None:
    """Why a publication time cannot be true, or None when it can.

    Decision: up to two days ahead is tolerated (time zones, clock skew, embargoed wire copy
    stamped with tomorrow's date), anything later is dropped rather than trusted. Such times
    come from page templates, event dates mistaken for publication dates, or typos, and a
    wrong time is worse than none: it keeps the article out of its story's time window and
    on top of every "latest" list.

    Decision: the lower bound is 1605, the year of the first printed newspaper (Relation,
    Strasbourg), not something recent such as 1990: digitised archives (1800s papers) are
    real input and no later year separates them from mistakes. What it catches are the "no
    date" placeholders that tools write as a date (Go's zero time and .NET's
    ``DateTime.MinValue``, both 0001-01-01) and typos like 0206 for 2026. 1970-01-01 (the
    Unix epoch) is a common placeholder too but also a real day, so it is kept.
    """
    if published > now + FUTURE_TOLERANCE:
        return f"is more than {FUTURE_TOLERANCE.days} days in the future"
    if published < EARLIEST_PUBLICATION:
        return f"is before {EARLIEST_PUBLICATION.year}, when the first newspaper appeared"
    return None


def _plausible(published: datetime | None, now: datetime) -> datetime | None:
    """The time when it can be true; ``None`` already means "the source gave no usable time"."""
    if published is None or implausible_time(published, now):
        return None
    return published


def time_warning(draft: Draft, now: datetime) -> str | None:
    """What to tell the user when the source stated a publication time that is not stored.

    ``None`` when the source stated none: most inputs (plain text) have no time field at
    all, and saying so for each article would drown the messages that matter.
    """
    if draft.stated_time is None:
        return None
    quoted = repr(shorten(collapse_spaces(draft.stated_time), QUOTED_TIME_MAX))
    if draft.published is None and _beyond_utc(draft.stated_time):
        return f"date {quoted} falls outside the years 1 to 9999 in UTC; stored without one"
    if draft.published is None:
        return (
            f"date {quoted} is not a readable date (ISO 8601 such as 2026-03-16 or "
            "2026-03-16T10:30, RFC 2822, or a date in words with its year); stored without one"
        )
    reason = implausible_time(draft.published, now)
    return f"date {quoted} {reason}; stored without one" if reason else None


def _beyond_utc(text: str) -> bool:
    """Whether the text is an ISO time that only its conversion to UTC made impossible
    ("9999-12-31T23:59:59-05:00" is in the year 10000 in UTC)."""
    try:
        datetime.fromisoformat(text.strip())
    except ValueError:
        return False
    return True


def _outlet(draft: Draft, settings: IngestSettings) -> str:
    """The publication: as the input names it, else as the user names it (``--outlet``),
    else unknown, told apart by the file name (see ``outlets``)."""
    if draft.outlet:
        return outlets.publisher(draft.outlet)
    return settings.outlet or outlets.unknown(draft.stem)


#: What stands between a title and the site's name ("... | WIRED", "... - 9to5Mac").
_SITE_SEPARATOR = re.compile(r"\s+(?:[-|–—]|::)\s+")
#: Most letters that a site's name may add to its outlet's ("The GiveWell Blog" for
#: givewell.org), and least that a title keeps.
SITE_EXTRA_LETTERS = 8
TITLE_KEPT_CHARS = 12


def without_site_name(title: str, names: tuple[str, ...], url: str | None = None) -> str:
    """The title without the site's name before or after it ("Best gadgets of 2019 |
    ZDNet" for zdnet.com, "LinkNaija | ..."), or the section after it that the URL's folders
    name ("... - Auto News" under /auto-industry-news/). A part counts as the site's name
    only when its letters are the outlet's, or hold them with a few more ("The Paradigm" for
    theparadigmng.com, "The GiveWell Blog"): "Opinion | ..." and "... | Editorial" stay, as
    does "comwrap auf der DMEXCO 2018", an article about the site itself."""
    labels = {label for name in names if name and len(label := outlets.label(name)) >= 3}
    folders = _folder_words(url)
    for _ in range(2):  # one name before, one after
        separators = list(_SITE_SEPARATOR.finditer(title))
        if not separators:
            break
        last, first = separators[-1], separators[0]
        suffix = title[last.end() :]
        if (_names_site(suffix, labels) or _names_folder(suffix, folders)) and (
            last.start() >= TITLE_KEPT_CHARS
        ):
            title = title[: last.start()]
        elif _names_site(title[: first.start()], labels) and (
            len(title) - first.end() >= TITLE_KEPT_CHARS
        ):
            title = title[first.end() :]
        else:
            break
    return title


#: Most words of a section's name ("Auto News", "World Business").
SECTION_WORDS = 3


def _folder_words(url: str | None) -> set[str]:
    """The words of the URL's folders, not of its last part (the article's own slug, which
    repeats the title)."""
    if not url:
        return set()
    try:
        path = urlsplit(url).path
    except ValueError:
        return set()
    folders = path.strip("/").split("/")[:-1]
    return {word for folder in folders for word in re.findall(r"[^\W_]+", folder.casefold())}


def _names_folder(part: str, folders: set[str]) -> bool:
    """Whether every word of a title's last part is a word of the URL's folders: the
    section the page stands in, not the article's title."""
    words = re.findall(r"[^\W_]+", part.casefold())
    return 0 < len(words) <= SECTION_WORDS and set(words) <= folders


def _names_site(part: str, labels: set[str]) -> bool:
    letters = outlets.label(part) if part.strip() else ""
    if len(letters) < 3:
        return False
    return any(
        letters == label
        or (
            len(label) >= 4 and label in letters and len(letters) - len(label) <= SITE_EXTRA_LETTERS
        )
        or (len(letters) >= 4 and letters in label and len(label) - len(letters) <= 4)
        for label in labels
    )


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
    outlet = _outlet(draft, settings)
    key = draft.outlet or draft.stem
    title = without_site_name(title, (outlet, draft.site or "", key), draft.url) if title else ""
    title = title or title_from_text(text)
    return Article(
        id=article_id(key, title, text),
        title=title,
        text=text,
        outlet=outlet,
        origin=draft.origin,
        url=draft.url or None,
        published=_plausible(draft.published, now),
        language=language_code(draft.language, f"{title}\n{text}"),
        author=collapse_spaces(draft.author) if draft.author else None,
    )
