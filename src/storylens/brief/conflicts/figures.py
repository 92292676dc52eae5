"""Figures that outlets report differently for the same thing.

Two figures are about the same thing when their counted nouns agree (same head word, and every
other word of the shorter unit appears in the longer: "electoral votes" / "electoral college
votes"), their sentences say much the same (cosine at least ``CONTEXT``) and the words right
around them share one ("12 people were *killed*" / "17 people have *died*", not "31 people
*rescued*"), so "13 service members" and "two decades", or a refund of 59 crowns and a share
price of 31.20 crowns, never meet. A bare number ("has risen to 17 so far") counts what the same
article counts with that number elsewhere ("17 people have died"), and brings that mention's
words along.

A round figure written as an approximation ("about 300", "nearly $500 billion", "$1 trillion")
that the other figure rounds to ("294", "$484 billion", "$1.2 trillion") is the same value at
another precision, and so is a lower bound ("more than 11,000 lines") that the other figure
only makes precise ("11,330 lines"); not for the dead and injured, whose "at least 100"
and "120" are a toll that rose. A count of what came in addition ("a million more cases") is not
the total ("5.99 million cases").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

from storylens.brief.conflicts.common import (
    Mention,
    Source,
    Voice,
    about_words,
    conflict,
    dispute_groups,
    labelled,
    mention,
    senses,
    shares_sense,
    sources,
    words_near,
)
from storylens.brief.naming import words_of
from storylens.brief.schema import Conflict
from storylens.embed import Vectors
from storylens.model import Quantity, StoredArticle

#: Sentence cosine from which two figures' contexts talk about the same thing.
CONTEXT = 0.45
#: Units made only of these words say too little about what is counted ("5%", "2 points").
VAGUE_UNITS = frozenset({"%", "percent", "per", "cent", "points", "point", "times", "one"})
#: Words that make a figure an approximation ("about 300"); "at least" and "more than" do not.
APPROXIMATE = frozenset(
    {"about", "around", "approximately", "roughly", "nearly", "almost", "some", "estimated"}
)
#: Words that round the number before them ("1.2 million").
SCALES = frozenset({"thousand", "million", "billion", "trillion", "mn", "bn"})
#: Largest ratio between two figures of the same thing: a refund of 59 crowns and a recall
#: costing 9 million crowns are two things, however alike their sentences.
MAX_RATIO = 10.0
#: Words that make a figure someone's expectation rather than a reported fact: two surveys'
#: forecasts ("economists surveyed by Dow Jones had been looking for 845,000 jobs" /
#: "analysts surveyed by Refinitiv were expecting 870,000") differ without contradicting each
#: other, and a forecast is not the figure it forecasts.
FORECAST = frozenset(
    {"consensus", "expected", "expecting", "expects", "forecast", "forecasting", "forecasts",
     "polled", "predicted", "predicting", "predicts", "projected", "projecting", "surveyed"}
)  # fmt: skip
#: Words that make a figure a lower bound, which a precise figure above it agrees with.
LOWER_BOUNDS = (("more", "than"), ("at", "least"), ("over",), ("upwards", "of"))
#: Words opening a unit that counts an addition to a total, not the total ("21,000 more
#: deaths" beside "183,068 deaths").
INCREMENTS = frozenset({"more", "additional", "extra"})
#: Words in a unit that say nothing of what is counted.
GENERIC = frozenset(
    {"separate", "independent", "individual", "distinct", "various", "specific", "total",
     "overall", "different", "new"}
)  # fmt: skip
#: What happened to the people counted: counts that name no outcome in common ("shot three" /
#: "two died") count different people however alike their sentences.
OUTCOMES = frozenset({"death", "injury"})


def figure_conflicts(
    articles: Sequence[StoredArticle], vectors: dict[str, Vectors]
) -> list[Conflict]:
    figures: list[Mention[Quantity]] = []
    # Every number a report states is a value it gives, counted noun or not: "the Liberals
    # took 156 seats of the 338" gives 338, which "won 157 of 338 seats" does not dispute.
    given: dict[Voice, set[str]] = {}
    for source in sources(articles, vectors):
        figures.extend(_figures(source))
        values = given.setdefault(source.voice, set())
        values.update(_format(q.value) for q in source.stored.facts.quantities)
    return [
        conflict(group, _about, refines=_rounds)
        for group in dispute_groups(figures, CONTEXT, _same_thing, given)
    ]


def _figures(source: Source) -> list[Mention[Quantity]]:
    stored, vectors, version = source
    found = []
    for q in stored.facts.quantities:
        if _forecast(stored, q):
            continue
        also: tuple[str, ...] = ()
        if not q.unit:
            namesakes = [o for o in stored.facts.quantities if o.value == q.value and o.unit]
            if len({o.unit for o in namesakes}) != 1:
                continue
            q = replace(q, unit=namesakes[0].unit)
            also = tuple(
                w for o in namesakes for w in words_near(stored, o.sentence, o.start, o.end)
            )
        key = _format(q.value)
        span = (q.sentence, q.start, q.end)
        found.append(mention(q, key, key, stored, vectors, span, also, version))
    return found


def _forecast(stored: StoredArticle, q: Quantity) -> bool:
    """Whether the sentence frames the figure as an expectation: a forecast word anywhere
    before it in the sentence, or just after it ("the 675,000 economists expected")."""
    whole = stored.facts.sentences[q.sentence]
    before = words_of(whole.text[: q.start - whole.start].casefold())
    after = words_near(stored, q.sentence, q.start, q.end)
    return not FORECAST.isdisjoint([*before, *(w.casefold() for w in after)])


def _unit(figure: Mention[Quantity]) -> tuple[str, ...]:
    return tuple(figure.fact.unit.casefold().split())


def _same_thing(a: Mention[Quantity], b: Mention[Quantity]) -> bool:
    """Same counted noun, and a word around both figures that says what happened to it."""
    unit_a, unit_b = _unit(a), _unit(b)
    if not unit_a or not unit_b or unit_a[-1] != unit_b[-1]:
        return False
    if set(unit_a) <= VAGUE_UNITS or set(unit_b) <= VAGUE_UNITS:
        return False
    if (unit_a[0] in INCREMENTS) != (unit_b[0] in INCREMENTS):
        return False
    shorter, longer = sorted((_telling(unit_a), _telling(unit_b)), key=len)
    low, high = sorted((abs(a.fact.value), abs(b.fact.value)))
    return (
        set(shorter) <= set(longer)
        and high <= low * MAX_RATIO
        and _same_outcome(a, b)
        and shares_sense(a, b)
    )


def _telling(unit: tuple[str, ...]) -> tuple[str, ...]:
    """The words of a unit that tell one kind of thing from another: "19 separate actions"
    and "23 executive actions" count the same actions."""
    return tuple(w for w in unit if w not in GENERIC)


def _same_outcome(a: Mention[Quantity], b: Mention[Quantity]) -> bool:
    """No outcome named on either side, or one named on both."""
    outcomes_a, outcomes_b = OUTCOMES & senses(a), OUTCOMES & senses(b)
    return bool(outcomes_a & outcomes_b) or not (outcomes_a or outcomes_b)


def _rounds(coarse: Mention[Quantity], fine: Mention[Quantity]) -> bool:
    """Whether ``coarse`` is written as an approximation that ``fine`` rounds to, or as a
    lower bound that ``fine`` only makes precise (not for a toll: see the module)."""
    words = re.split(r"[\s-]+", coarse.fact.text.casefold())
    if any(tuple(words[: len(bound)]) == bound for bound in LOWER_BOUNDS):
        if OUTCOMES & (senses(coarse) | senses(fine)):
            return False
        return _same_at_precision(coarse, fine, ROUND_DOWN)
    if not (words and words[0] in APPROXIMATE) and not SCALES & set(words):
        return False
    return _same_at_precision(coarse, fine, ROUND_HALF_UP)


def _same_at_precision(coarse: Mention[Quantity], fine: Mention[Quantity], rounding: str) -> bool:
    """Whether ``fine``, written to the last digit of ``coarse`` by ``rounding``, is it."""
    rounded = Decimal(repr(coarse.fact.value)).normalize()
    exact = Decimal(repr(fine.fact.value))
    exponent, finer = rounded.as_tuple().exponent, exact.normalize().as_tuple().exponent
    if not isinstance(exponent, int) or not isinstance(finer, int) or finer >= exponent:
        return False
    return exact.quantize(Decimal(1).scaleb(exponent), rounding=rounding) == rounded


def _about(group: Sequence[Mention[Quantity]]) -> str:
    """The counted noun all of them share (the shortest unit), and the subject around it."""
    unit = min((m.fact.unit for m in group), key=len)
    return labelled(unit, about_words(group))


def _format(value: float) -> str:
    return str(int(value)) if value.is_integer() else f"{value:g}"
