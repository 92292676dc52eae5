"""The one check every value read from input passes: strings, numbers, times.

Readers pull fields out of formats that allow anything: JSON holds integers of any length and
lone surrogates (``"\\ud800"``), feeds hold dates like ``0000-00-00``, any text may hold NUL
bytes and terminal escape sequences. None of that is news, and each of them broke something
further on (Python's int-string limit, UTF-8 encoding of the article id, ``datetime``,
PostgreSQL text columns, the user's terminal). So every string a reader takes becomes clean
text here, every JSON number is bounded and every time is checked, before anything else sees
them; what cannot be read becomes ``None`` and the reader says so.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

#: Code points that are no text: C0 controls but tab and line ends, DEL, C1 controls.
#: Escape sequences start with one of them (ESC, CSI), so removing them leaves no sequence
#: that a terminal would act on.
_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
#: Vertical tab and form feed end a line as a user sees it.
_LINE_BREAKS = re.compile(r"[\x0b\x0c]")
#: Halves of a UTF-16 pair on their own: JSON allows them, UTF-8 cannot encode them.
_LONE_SURROGATES = re.compile(r"[\ud800-\udfff]")
#: JSON integers longer than this are no article field (Python refuses to convert more than
#: 4,300 digits); they are read as a float, infinite if need be, and never as an error.
MAX_INT_DIGITS = 100


def clean(text: str) -> str:
    """Text as storylens keeps it: no control characters (tab and line ends stay), no lone
    surrogates (each becomes U+FFFD, the replacement character, so the reader sees where)."""
    text = _LONE_SURROGATES.sub("\ufffd", text)
    return _CONTROLS.sub("", _LINE_BREAKS.sub("\n", text))


def string(value: object) -> str | None:
    """A field's clean text, or None when it is no string or nothing is left of it."""
    if not isinstance(value, str):
        return None
    text = clean(value)
    return text if text.strip() else None


def load_json(text: str) -> Any:
    """JSON with bounded numbers: an integer of any length is no error (see ``MAX_INT_DIGITS``).

    Raises ``json.JSONDecodeError`` and ``RecursionError`` as ``json.loads`` does.
    """
    return json.loads(text, parse_int=_bounded_int)


def _bounded_int(digits: str) -> int | float:
    if len(digits.lstrip("-")) > MAX_INT_DIGITS:
        return float(digits)  # inf or -inf: a value no field uses, and no crash
    return int(digits)


def utc_time(parts: Sequence[int]) -> datetime | None:
    """A UTC time from year, month, day, hour, minute, second, or None when no such time
    exists ("0000-00-00" is year 0, feedparser turns "9999-12-31T23:59:59-05:00" into year
    10000 and "0001-01-01T00:00+05:00" into year 0)."""
    try:
        year, month, day, hour, minute, second = parts[:6]
        return datetime(year, month, day, hour, minute, min(second, 59), tzinfo=UTC)
    except (ValueError, OverflowError, TypeError):
        return None
