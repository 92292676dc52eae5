"""JSON and JSON Lines dumps written by crawlers: news-please, trafilatura, GDELT-style exports.

Their field names differ, so each article field is looked up under the names those tools
use, in the order listed below. Items are independent: a broken line or an item without
text is reported on its own (``file:LINE`` or ``file#ITEM``) and the rest is still read.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from typing import Any

from storylens.errors import IngestError, named
from storylens.ingest.common import (
    Draft,
    Source,
    decode,
    domain_of,
    parse_time,
    pick_outlet,
    shorten,
)
from storylens.values import clean, load_json, string

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
#: Keys under which exports wrap their list of articles (``{"articles": [...]}``), tried
#: when an object has no text of its own and more than one list.
WRAPPER_FIELDS = ("articles", "items", "data", "results", "entries", "documents", "records")
#: A key named in a message is cut to this length: a key can be a megabyte long.
KEY_SHOWN = 40


def read_json_lines(data: bytes, source: Source) -> Iterator[Draft | IngestError]:
    """A ``.jsonl`` file: one item per line, so one broken line costs only that line."""
    yield from _read_lines(decode(data, source.origin), source)


def read_json_document(data: bytes, source: Source) -> Iterator[Draft | IngestError]:
    """A ``.json`` file (or sniffed JSON): one object, a list of them, or an object that wraps
    the list (``{"articles": [...], "total": 2}``, as APIs and exports write them).

    Many tools write JSON Lines under a ``.json`` name; the parser then stops after the first
    value with "Extra data", and the file is read line by line instead.
    """
    text = decode(data, source.origin)
    try:
        document = load_json(text)
    except json.JSONDecodeError as exc:
        if exc.msg == "Extra data":
            yield from _read_lines(text, source)
            return
        raise IngestError(f"{source.origin}:{exc.lineno}", f"invalid JSON: {exc.msg}") from exc
    except RecursionError as exc:
        raise IngestError(source.origin, "invalid JSON: nested too deeply") from exc
    if isinstance(document, Mapping) and not _first_text(document, TEXT_FIELDS):
        key = _wrapped_list(document)
        if key is None:
            raise IngestError(source.origin, _unknown_shape(document))
        if not document[key]:
            raise IngestError(source.origin, f"no articles: the array under {key!r} is empty")
        document = document[key]
    if isinstance(document, list):
        if not document:
            raise IngestError(source.origin, "no articles: the file is an empty JSON array")
        for number, item in enumerate(document, start=1):
            yield _item_draft(item, f"{source.origin}#{number}", source)
    else:
        yield _item_draft(document, source.origin, source)


def _wrapped_list(document: Mapping[str, Any]) -> str | None:
    """The key of the list of articles in an object without text of its own, if it is clear.

    Clear means the object's only list holding objects, or else the list under the first
    usual name (``WRAPPER_FIELDS``), which may be empty. A list of strings (``authors``) is
    never it: such an object is one article that lacks its text.
    """
    of_objects = [
        key
        for key, value in document.items()
        if isinstance(value, list) and any(isinstance(part, Mapping) for part in value)
    ]
    if len(of_objects) == 1:
        return of_objects[0]
    usual = (
        key
        for key in WRAPPER_FIELDS
        if key in of_objects or (isinstance(document.get(key), list) and not document[key])
    )
    return next(usual, None)


def _unknown_shape(document: Mapping[str, Any]) -> str:
    """What was expected of a JSON document that is neither an article nor a list of them."""
    keys = ", ".join(shorten(repr(key), KEY_SHOWN) for key in list(document)[:8]) or "none"
    return (
        f"not an article nor a list of them: the object has no text (looked for "
        f"{', '.join(TEXT_FIELDS)}) and no list of article objects (e.g. under "
        f'"{WRAPPER_FIELDS[0]}"); its keys: {keys}'
    )


def _read_lines(text: str, source: Source) -> Iterator[Draft | IngestError]:
    # Split on "\n" only: JSON strings may hold U+2028 and friends raw, which splitlines()
    # would take for line ends (a "\r" before "\n" is whitespace to the JSON parser).
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        origin = f"{source.origin}:{number}"
        try:
            item = load_json(line)
        except json.JSONDecodeError as exc:
            yield IngestError(origin, f"invalid JSON: {exc.msg} (column {exc.colno})")
            continue
        except RecursionError:
            yield IngestError(origin, "invalid JSON: nested too deeply")
            continue
        yield _item_draft(item, origin, source)


def _item_draft(item: object, origin: str, source: Source) -> Draft | IngestError:
    """One crawler item to a draft, or the reason it cannot be one; whatever goes wrong with
    one item is that item's error, and the file's other items are still read."""
    try:
        return _draft(item, origin, source)
    except Exception as exc:  # values no rule foresaw: this item's error
        return IngestError(origin, f"could not be read ({named(exc)})")


def _draft(item: object, origin: str, source: Source) -> Draft | IngestError:
    if not isinstance(item, Mapping):
        return IngestError(origin, f"expected a JSON object, got {_json_type(item)}")
    text = _first_text(item, TEXT_FIELDS)
    if not text:
        return IngestError(origin, f"item has no text (looked for {', '.join(TEXT_FIELDS)})")
    url = _first_text(item, URL_FIELDS)
    stated_time = _time_field(item)
    return Draft(
        origin=origin,
        text=text,
        outlet=pick_outlet(
            *(_field(item, name) for name in DOMAIN_FIELDS),
            domain_of(url),
            *(_field(item, name) for name in NAME_FIELDS),
        ),
        stem=source.stem,
        site=_first_text(item, NAME_FIELDS),
        title=_first_text(item, TITLE_FIELDS),
        url=url,
        published=parse_time(stated_time),
        language=_first_text(item, LANGUAGE_FIELDS),
        author=_first_text(item, AUTHOR_FIELDS),
        stated_time=stated_time,
    )


def _json_type(value: object) -> str:
    """A JSON value's type as JSON names it, for messages: a user wrote JSON, not Python."""
    if value is None or isinstance(value, bool):
        return json.dumps(value)  # null, true, false: the value is its own name
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    return "an object"


def _time_field(item: Mapping[str, Any]) -> str | None:
    """The first publication time field the item has, as written (JSON for non-strings).

    Unlike the other fields, a time that is not a string (an epoch number) is kept, so the
    user is told it was not read instead of its silently going missing.
    """
    for name in TIME_FIELDS:
        value = item.get(name)
        if isinstance(value, str):
            if text := string(value):
                return text.strip()
        elif value is not None:
            return clean(json.dumps(value, ensure_ascii=False))
    return None


def _first_text(item: Mapping[str, Any], names: tuple[str, ...]) -> str | None:
    return next((value for name in names if (value := _field(item, name))), None)


def _field(item: Mapping[str, Any], name: str) -> str | None:
    """A field's text, or None when absent, empty or not text (null, numbers, objects).

    A list of strings (news-please's ``authors``) is joined.
    """
    value = item.get(name)
    if isinstance(value, list):
        value = ", ".join(part for part in value if isinstance(part, str))
    return string(value)
