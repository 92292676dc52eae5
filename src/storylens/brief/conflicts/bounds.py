"""What a figure, as written, allows its true value to be: an interval.

News rarely gives a bare count. "At least 40", "as many as 1.5 million", "nearly $1 trillion",
"between 50 and 100", "several thousand" each allow a range of values, and two figures
disagree only when no value fits both. The width comes from how the figure is written: its
last significant digit is its precision ("300" is to the hundred, "1.5 million" to the
hundred thousand), so "about 300" allows 250 to 350 while "294" allows only 294.

- a bare exact figure ("37", "11,330") is itself; one written with a scale word ("1.5
  million", "$1 trillion") or an estimate word ("about", "roughly") is rounded, so half a step
  either side;
- a ceiling that claims the top ("as many as", "up to", "nearly", "almost") is the last half
  step below it: "up to 1.6 million" and "1.5 million" are two claims, not one;
- a floor ("more than", "at least", "over", "upwards of") allows one step above it, as
  "more than 11,000" allows 11,330 but a writer who knew of 15,000 would have said so;
- a plain limit ("fewer than", "under", "at most") allows anything below;
- a range ("between 50 and 100", "$8 billion to $9 billion") is its two ends, and a vague
  count ("several thousand", "a few hundred") runs from two or three of its scale to nine.
"""

from __future__ import annotations

import re
from decimal import Decimal

from storylens.facts.quantities import parse_number
from storylens.model import Quantity

Interval = tuple[Decimal, Decimal]

#: Words that make a figure rounded, half a step either side.
ESTIMATES = frozenset({"about", "around", "approximately", "roughly", "some", "estimated"})
#: Estimate words that still estimate a figure from outside its span: the model keeps a
#: "some" that estimates inside the span ("some 300 homes"), so one left outside belongs to
#: the words before ("for some, 300 homes").
_LEAD_ESTIMATES = ESTIMATES - {"some"}
#: Word sequences before a figure that claim it as the top of the true value.
CEILINGS = (("as", "many", "as"), ("as", "much", "as"), ("up", "to"), ("nearly",), ("almost",))
#: Word sequences before a figure that make it a floor the true value passes.
FLOORS = (
    ("more", "than"), ("at", "least"), ("over",), ("upwards", "of"), ("in", "excess", "of"),
    ("north", "of"), ("exceeding",),
)  # fmt: skip
#: Word sequences before a figure below which the true value lies, by any amount.
LIMITS = (
    ("less", "than"), ("fewer", "than"), ("under",), ("below",), ("at", "most"),
    ("no", "more", "than"),
)  # fmt: skip
#: Words that round the number before them.
SCALES = frozenset({"thousand", "million", "billion", "trillion", "mn", "bn"})
#: Words for an unknown small count, and the least and most they can mean.
VAGUE = {"several": (3, 9), "few": (2, 5)}
#: Articles before a figure ("an estimated 300", "a few hundred") that say nothing of it.
_ARTICLES = frozenset({"a", "an"})
_WORD = re.compile(r"[a-z]+|\d[\d,]*(?:\.\d+)?")
_RANGE = re.compile(r"^(?P<low>.*?\d.*?)\s+(?:and|to|or)\s+(?P<high>.*\d.*)$")
#: What a figure's number ends with: a digit or a scale ("$6bn", "100 million"), not "mn" in
#: "columns".
_NUMBER_END = re.compile(r"\d|(?<![a-z])(?:" + "|".join(sorted(SCALES)) + r")(?![a-z])")
#: How far back from a figure a qualifier may start ("upwards of" outside the number).
LOOKBACK = 24


def interval(q: Quantity, before: str = "") -> Interval:
    """The values ``q`` allows; ``before`` is the text just before it, where a qualifier
    outside the number's own span stands ("upwards of 500")."""
    words, lead = _words(q.text), _words(before[-LOOKBACK:])
    value = Decimal(repr(q.value))
    step = _step(value)
    ranged = _RANGE.match(_number_part(q.text.casefold()))
    if ranged:
        high = parse_number(_WORD.findall(ranged["high"]))
        if high is not None and Decimal(repr(high)) > value:
            return value, Decimal(repr(high))
    vague = [VAGUE[w] for w in words if w in VAGUE]
    if vague:
        least, most = vague[0]
        return value, value / least * most
    qualifier = _qualifier(words, lead)
    if qualifier in FLOORS:
        return value, value + step
    if qualifier in CEILINGS:
        return value - step / 2, value
    if qualifier in LIMITS:
        return Decimal(0), value
    if qualifier is not None or SCALES & set(words):
        return value - step / 2, value + step / 2
    return value, value


def overlap(a: Interval, b: Interval) -> bool:
    """Whether some value fits both; two ranges that only touch ("$8 billion" to the
    billion and "$9 billion") do not, while an exact figure at a range's end does."""
    low, high = max(a[0], b[0]), min(a[1], b[1])
    return low < high or (low == high and (a[0] == a[1] or b[0] == b[1]))


def is_floor(q: Quantity, before: str = "") -> bool:
    return _qualifier(_words(q.text), _words(before[-LOOKBACK:])) in FLOORS


def _words(text: str) -> list[str]:
    words = _WORD.findall(text.casefold())
    return words[1:] if words[:1] and words[0] in _ARTICLES else words


def _qualifier(words: list[str], lead: list[str]) -> tuple[str, ...] | None:
    """The qualifier opening the figure, or standing right before it."""
    for sequence in (*FLOORS, *CEILINGS, *LIMITS):
        if tuple(words[: len(sequence)]) == sequence or tuple(lead[-len(sequence) :]) == sequence:
            return sequence
    if words[:1] and words[0] in ESTIMATES:
        return (words[0],)
    if lead[-1:] and lead[-1] in _LEAD_ESTIMATES:
        return (lead[-1],)
    return None


def _number_part(text: str) -> str:
    """The figure without what it counts: "between 50 and 100 people" -> up to "100"."""
    ends = (m.end() for m in _NUMBER_END.finditer(text))
    return text[: max(ends, default=0)]


def _step(value: Decimal) -> Decimal:
    """The place of the last significant digit: 300 -> 100, 1.5e6 -> 1e5, 37 -> 1."""
    exponent = value.normalize().as_tuple().exponent
    return Decimal(1).scaleb(exponent if isinstance(exponent, int) else 0)
