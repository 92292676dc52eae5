"""JSON and JSON Lines dumps written by crawlers: news-please, trafilatura, GDELT-style exports.

Their field names differ, so each article field is looked up under the names those tools
use, in the order listed below. Items are independent: a broken line or an item without
text is reported on its own (``file:LINE`` or ``file#ITEM``) and the rest is still read.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from typing import Any

from storylens.errors import IngestError
from storylens.ingest.common import Draft, Source, decode, domain_of, parse_time, pick_outlet

TEXT_FIELDS = ("maintext", "text", "content", "body")
TITLE_FIELDS = ("title",)
URL_FIELDS = ("url", "link")
TIME_FIELDS = ("date_publish", "date", "published", "seendate")
LANGUAGE_FIELDS = ("language",)
AUTHOR_FIELDS = ("authors", "author")
#: Outlet metadata, most reliable first: host names name one outlet the same way everywhere;
#: display names ("sitename") are used only when there is not even a URL to take a host from.
DOMAIN_FIELDS = ("source_domain", "hostname", "domain")
NAME_FIELDS = ("sitename", "source")


def read_json_lines(data: bytes, source: Source) -> Iterator[Draft | IngestError]:
    """A ``.jsonl`` file: one item per line, so one broken line costs only that line."""
    yield from _read_lines(decode(data, source.origin), source)


def read_json_document(data: bytes, source: Source) -> Iterator[Draft | IngestError]:
    """A ``.json`` file (or sniffed JSON): one object or a list of them.

    Many tools write JSON Lines under a ``.json`` name; the parser then stops after the first
    value with "Extra data", and the file is read line by line instead.
    """
    text = decode(data, source.origin)
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        if exc.msg == "Extra data":
            yield from _read_lines(text, source)
            return
        raise IngestError(f"{source.origin}:{exc.lineno}", f"invalid JSON: {exc.msg}") from exc
    except RecursionError as exc:
        raise IngestError(source.origin, "invalid JSON: nested too deeply") from exc
    if isinstance(document, list):
        for number, item in enumerate(document, start=1):
            yield _item_draft(item, f"{source.origin}#{number}", source)
    else:
        yield _item_draft(document, source.origin, source)


def _read_lines(text: str, source: Source) -> Iterator[Draft | IngestError]:
    # Split on "\n" only: JSON strings may hold U+2028 and friends raw, which splitlines()
    # would take for line ends (a "\r" before "\n" is whitespace to the JSON parser).
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        origin = f"{source.origin}:{number}"
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            yield IngestError(origin, f"invalid JSON: {exc.msg} (column {exc.colno})")
            continue
        except RecursionError:
            yield IngestError(origin, "invalid JSON: nested too deeply")
            continue
        yield _item_draft(item, origin, source)


def _item_draft(item: object, origin: str, source: Source) -> Draft | IngestError:
    """One crawler item to a draft, or the reason it cannot be one."""
    if not isinstance(item, Mapping):
        return IngestError(origin, f"expected a JSON object, got {type(item).__name__}")
    text = _first_text(item, TEXT_FIELDS)
    if not text:
        return IngestError(origin, f"item has no text (looked for {', '.join(TEXT_FIELDS)})")
    url = _first_text(item, URL_FIELDS)
    return Draft(
        origin=origin,
        text=text,
        outlet=pick_outlet(
            *(_field(item, name) for name in DOMAIN_FIELDS),
            domain_of(url),
            *(_field(item, name) for name in NAME_FIELDS),
            fallback=source.stem,
        ),
        title=_first_text(item, TITLE_FIELDS),
        url=url,
        published=parse_time(_first_text(item, TIME_FIELDS)),
        language=_first_text(item, LANGUAGE_FIELDS),
        author=_first_text(item, AUTHOR_FIELDS),
    )


def _first_text(item: Mapping[str, Any], names: tuple[str, ...]) -> str | None:
    return next((value for name in names if (value := _field(item, name))), None)


def _field(item: Mapping[str, Any], name: str) -> str | None:
    """A field's text, or None when absent, empty or not text (null, numbers, objects).

    A list of strings (news-please's ``authors``) is joined.
    """
    value = item.get(name)
    if isinstance(value, list):
        value = ", ".join(part for part in value if isinstance(part, str))
    return value if isinstance(value, str) and value.strip() else None
