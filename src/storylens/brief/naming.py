"""When two names are one: a short form of the full name ("Trump" / "Donald Trump") or its
initials ("US" / "U.S." / "United States").

The conflicts section needs this to see that "US" and "United States" are no dispute, and the
entities section to count them as one entity.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Hashable, Mapping
from typing import TypeVar

#: However a caller keys its names: by text, or by their tokens.
K = TypeVar("K", bound=Hashable)

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


def letters(name: str) -> str:
    """A name as its letters spell it, lower case: accents and the apostrophe's form are
    typography ("Calderón" / "Calderon", "O’Neill" / "O'Neill"), not another spelling."""
    decomposed = unicodedata.normalize("NFKD", name.replace("’", "'"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def one_edit_apart(a: str, b: str) -> bool:
    """Whether two words differ by one letter replaced, added or dropped."""
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    short, long = sorted((a, b), key=len)
    return len(long) - len(short) == 1 and any(
        long[:i] + long[i + 1 :] == short for i in range(len(long))
    )


def name_tokens(name: str) -> tuple[str, ...]:
    """The words that make the name: no article, possessive or dots ("the U.S.'s" is "us")."""
    bare = _POSSESSIVE.sub("", name.replace(".", "").casefold())
    return tuple(w for w in words_of(bare) if w != "the")


def _initials(words: tuple[str, ...]) -> str:
    """The first letters of a name's words, skipping "of", "and", "for"."""
    return "".join(w[0] for w in words if w not in _FILLERS)


def is_acronym(short: tuple[str, ...], long: tuple[str, ...]) -> bool:
    """Whether ``short`` is one word made of the initials of ``long``'s words (and not one of
    them: "US" does not stand for "US Senate")."""
    return (
        len(short) == 1 and len(long) > 1 and short[0] == _initials(long) and short[0] not in long
    )


def related_names(names: Mapping[K, tuple[str, ...]]) -> dict[K, set[K]]:
    """For each name (any key -> its tokens), the names that could be a form of it: those
    sharing a word, or whose initials are its one word or the reverse. A cheap index, so that
    ``same_name`` is asked of a few pairs instead of every pair in a story."""
    by_word: dict[str, set[K]] = {}
    by_initials: dict[str, set[K]] = {}
    for text, words in names.items():
        for word in words:
            by_word.setdefault(word, set()).add(text)
        if len(words) > 1:
            by_initials.setdefault(_initials(words), set()).add(text)
    related: dict[K, set[K]] = {}
    for text, words in names.items():
        near: set[K] = set().union(*(by_word[w] for w in words)) if words else set()
        if len(words) == 1:
            near |= by_initials.get(words[0], set())
        elif (short := _initials(words)) in by_word:
            near |= {other for other in by_word[short] if len(names[other]) == 1}
        related[text] = near
    return related


def same_name(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """A short form of the other: some of its words ("Trump"), or its initials ("US")."""
    if not a or not b:
        return False
    if set(a) <= set(b) or set(b) <= set(a):
        return True
    short, long = sorted((a, b), key=len)
    return is_acronym(short, long)
