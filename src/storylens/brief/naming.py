"""When two names are one: a short form of the full name ("Trump" / "Donald Trump") or its
initials ("US" / "U.S." / "United States").

The conflicts section needs this to see that "US" and "United States" are no dispute, and the
entities section to count them as one entity.
"""

from __future__ import annotations

import re

_WORD = re.compile(r"[^\W\d_]+")
_NON_WORD = re.compile(r"[^\w]+")
_POSSESSIVE = re.compile(r"['’]s\b")
#: Words an acronym skips: "Federal Bureau of Investigation" is FBI.
_FILLERS = frozenset({"of", "and", "for"})


def words_of(text: str) -> list[str]:
    """The words of a text: letters only, no digits or punctuation."""
    return _WORD.findall(text)


def normalised(text: str) -> str:
    """Lower case, every run of punctuation and space one space: texts that differ only in
    marks compare equal."""
    return _NON_WORD.sub(" ", text.casefold()).strip()


def name_tokens(name: str) -> tuple[str, ...]:
    """The words that make the name: no article, possessive or dots ("the U.S.'s" is "us")."""
    bare = _POSSESSIVE.sub("", name.replace(".", "").casefold())
    return tuple(w for w in words_of(bare) if w != "the")


def is_acronym(short: tuple[str, ...], long: tuple[str, ...]) -> bool:
    """Whether ``short`` is one word made of the initials of ``long``'s words (and not one of
    them: "US" does not stand for "US Senate")."""
    initials = "".join(w[0] for w in long if w not in _FILLERS)
    return len(short) == 1 and len(long) > 1 and short[0] == initials and short[0] not in long


def same_name(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """A short form of the other: some of its words ("Trump"), or its initials ("US")."""
    if not a or not b:
        return False
    if set(a) <= set(b) or set(b) <= set(a):
        return True
    short, long = sorted((a, b), key=len)
    return is_acronym(short, long)
