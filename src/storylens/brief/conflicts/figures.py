"""Figures that outlets report differently for the same thing.

Two figures are about the same thing when their counted nouns agree (same head word, and every
other word of the shorter unit appears in the longer: "electoral votes" / "electoral college
votes"), their sentences say much the same (cosine at least ``CONTEXT``) and the words right
around them share one ("12 people were *killed*" / "17 people have *died*", not "31 people
*rescued*"), so "13 service members" and "two decades", or a refund of 59 crowns and a share
price of 31.20 crowns, never meet. A bare number ("has risen to 17 so far") counts what the same
article counts with that number elsewhere ("17 people have died"), and brings that mention's
words along.

Two figures disagree only when no value fits both, as written (``bounds``): "about 300" and
"294" agree, "at least 40" and "37" do not, nor "nearly $1 trillion" and "$1.2 trillion". A
toll is the exception: the dead and injured are counted as they are found, so "at least 100"
and "120" are a toll that rose, shown as such. A count of what came in addition ("a million
more cases") is not the total ("5.99 million cases").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from storylens.brief.conflicts.bounds import LOOKBACK, interval, is_floor, overlap
from storylens.brief.conflicts.common import (
    Mention,
    Source,
    Voice,
    about_words,
    conflict,
    dispute_groups,
    labelled,
    mention,
    sense,
    senses,
    shares_sense,
    sources,
    text_around,
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
#: Modals that make a figure they govern a possibility, not a report: "$3 billion could be
#: diverted" beside the "$3.6 billion" the emergency unlocks, "could cost $9 billion". They
#: hedge only what is next to them: "1.6 million women, and that could make it harder" is a
#: count.
HEDGES = frozenset({"could", "might"})
HEDGE_REACH = 3
#: Most words after a figure where a forecast word still frames it ("675,000 economists
#: expected").
FORECAST_REACH = 4
#: Words opening a unit, or just after the figure, that make it count an addition to a
#: total, not the total ("21,000 more deaths" beside "183,068 deaths", "three other women"
#: beside "four women", "$6.5 trillion in additional money" beside a "$2.6 trillion" fund).
INCREMENTS = frozenset({"more", "additional", "extra", "other"})
_HYPHENED = re.compile(r"\d-[^\W\d]")
_ADDED = re.compile(r"\s+(?:in\s+)?(?:" + "|".join(sorted(INCREMENTS)) + r")\b")
#: Words just before a figure that make it a change of a level, not the level ("lost nearly
#: 60 seats" beside "hold 240 seats").
CHANGES = frozenset(
    {"lost", "lose", "loses", "losing", "gained", "gain", "gains", "gaining", "picked",
     "flipped", "added", "adding", "shed", "cut", "by"}
)  # fmt: skip
#: Words in a unit that say nothing of what is counted.
GENERIC = frozenset(
    {"separate", "independent", "individual", "distinct", "various", "specific", "total",
     "overall", "different", "new"}
)  # fmt: skip
#: Most words between "toll" and the bare number it gives ("the death toll from the collapse
#: rose to 37").
TOLL_REACH = 8
#: Measures that, joined to a figure by a hyphen, name a model or a part rather than count
#: anything ("the 13-inch MacBook Pro", "an 8-speed gearbox"): two of them are two products.
SPECS = frozenset(
    {"inch", "in", "mm", "cm", "gb", "tb", "mb", "ghz", "mhz", "hp", "horsepower", "kw", "kwh",
     "watt", "volt", "litre", "liter", "speed", "cylinder", "seat", "seater", "door",
     "megapixel", "mp", "core", "bit", "valve", "wheel", "star", "piece"}
)  # fmt: skip
#: Units that say only that money is counted, not what it pays for.
MONEY = frozenset(
    {"$", "€", "£", "¥", "dollars", "euros", "pounds", "yen", "yuan", "crowns", "kronor",
     "krona", "kroner", "francs", "rupees", "pesos", "rubles", "roubles", "won", "lira",
     "rand", "reais", "dinars", "shekels", "zlotys", "cents", "pence"}
)  # fmt: skip
#: Lower-case words two sums must share around them, and the sentence cosine from which one
#: is enough.
MONEY_WORDS = 2
MONEY_CLOSE = 0.75
#: Nouns for whoever holds or spends the money, which say nothing of what it is for.
HOLDERS = frozenset(
    {"agency", "company", "firm", "government", "officials", "official", "administration",
     "department", "group", "investor", "investors"}
)  # fmt: skip
#: What happened to the people counted: counts that name no outcome in common ("shot three" /
#: "two died", "pulled 31 from the river" / "four are still missing") count different people
#: however alike their sentences.
OUTCOMES = frozenset({"death", "injury", "missing", "rescue"})


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
        conflict(group, _about, refines=_compatible)
        for group in dispute_groups(figures, CONTEXT, _same_thing, given)
    ]


def _figures(source: Source) -> list[Mention[Quantity]]:
    stored, vectors, version = source
    found = []
    for q in stored.facts.quantities:
        if _forecast(stored, q) or _spec(q):
            continue
        also: tuple[str, ...] = ()
        if not q.unit and _tolled(stored, q):
            q, also = replace(q, unit="people"), ("toll",)
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


def _tolled(stored: StoredArticle, q: Quantity) -> bool:
    """Whether a bare number is the toll the sentence names just before it ("the death toll
    rose to 37"): it counts the dead, as "40 people were killed" does."""
    before, _ = text_around(stored, q.sentence, q.start, q.end)
    return "toll" in words_of(before.casefold())[-TOLL_REACH:]


def _spec(q: Quantity) -> bool:
    """Whether the figure names a product's measure ("13-inch", see ``SPECS``)."""
    unit = q.unit.casefold().split()
    return _hyphened(q) and bool(unit) and unit[0] in SPECS


def _forecast(stored: StoredArticle, q: Quantity) -> bool:
    """Whether the sentence frames the figure as an expectation: a forecast word anywhere
    before it in the sentence, or just after it ("the 675,000 economists expected"), or a
    hedge right next to it (``HEDGES``)."""
    text_before, text_after = text_around(stored, q.sentence, q.start, q.end)
    before = words_of(text_before.casefold())
    # "is expected to pardon more than 100 people" plans an act; it forecasts no figure, as
    # "are projected to win 157 seats" does.
    before = [
        w for i, w in enumerate(before) if not (w == "expected" and before[i + 1 : i + 2] == ["to"])
    ]
    after = words_of(text_after.casefold())[:FORECAST_REACH]
    hedged = not HEDGES.isdisjoint([*before[-HEDGE_REACH:], *after[:1]])
    return hedged or not FORECAST.isdisjoint([*before, *after])


def _unit(figure: Mention[Quantity]) -> tuple[str, ...]:
    return tuple(figure.fact.unit.casefold().split())


def _same_thing(a: Mention[Quantity], b: Mention[Quantity]) -> bool:
    """Same counted noun, and a word around both figures that says what happened to it."""
    unit_a, unit_b = _unit(a), _unit(b)
    if not unit_a or not unit_b or unit_a[-1] != unit_b[-1]:
        return False
    if set(unit_a) <= VAGUE_UNITS or set(unit_b) <= VAGUE_UNITS:
        return False
    if _counts_change(a) != _counts_change(b):
        return False
    shorter, longer = sorted((_telling(unit_a), _telling(unit_b)), key=len)
    low, high = sorted((abs(a.fact.value), abs(b.fact.value)))
    # A count joined to its noun by a hyphen ("48-page indictment", "35-word oath") says on
    # its own what is counted of what; any other needs a word around both figures to say it
    # ("two separate spending bills" are not "all 12 spending bills").
    telling = len(shorter) >= 2 and shorter == longer and _hyphened(a.fact) and _hyphened(b.fact)
    return (
        set(shorter) <= set(longer)
        and high <= low * MAX_RATIO
        and _same_outcome(a, b)
        and (telling or shares_sense(a, b))
        and (set(shorter) - MONEY or _shares_common_nouns(a, b))
        and not _parts(a, b)
        and not _parts(b, a)
    )


def _hyphened(q: Quantity) -> bool:
    """Whether a hyphen joins the number to what it counts ("48-page", "13-inch")."""
    return _HYPHENED.search(q.text) is not None


def _parts(a: Mention[Quantity], b: Mention[Quantity]) -> bool:
    """Whether ``a`` and another figure of its sentence add up to ``b``: parts of a whole
    ("2.5 million doses for Mexico and 1.5 million for Canada" / "4 million doses")."""
    others = [
        q.value
        for q in a.stored.facts.quantities
        if q.sentence == a.sentence and q.start != a.start
    ]
    return any(abs(a.fact.value + value - b.fact.value) < 1e-9 * b.fact.value for value in others)


def _shares_common_nouns(a: Mention[Quantity], b: Mention[Quantity]) -> bool:
    """Whether the words around two sums share ``MONEY_WORDS`` written in lower case (one
    if the sentences are closer than ``MONEY_CLOSE``): money says nothing of what it pays
    for, a name both sentences give ("SoftBank", "NASA") is whose money it is, not which, and
    one word is thin ("*tariffs* on $34 billion in Chinese goods" / "Chinese *tariffs* on $60
    billion worth of U.S. products"); "$3.6 billion from *military construction*" / "the
    *military construction* budget, to the tune of $3.5 billion" is one sum."""
    common = {sense(w) for w in a.near if w.islower() and w not in HOLDERS} & {
        sense(w) for w in b.near if w.islower() and w not in HOLDERS
    }
    close = float(a.context @ b.context) >= MONEY_CLOSE
    return len(common) >= (1 if close else MONEY_WORDS)


def _counts_change(m: Mention[Quantity]) -> bool:
    """Whether the figure counts an addition or a change rather than a total (see
    ``INCREMENTS`` and ``CHANGES``)."""
    before, after = text_around(m.stored, m.sentence, m.start, m.end)
    return (
        _unit(m)[0] in INCREMENTS
        or not CHANGES.isdisjoint(words_of(before.casefold())[-1:])
        or _ADDED.match(after.casefold()) is not None
    )


def _telling(unit: tuple[str, ...]) -> tuple[str, ...]:
    """The words of a unit that tell one kind of thing from another: "19 separate actions"
    and "23 executive actions" count the same actions."""
    return tuple(w for w in unit if w not in GENERIC)


def _same_outcome(a: Mention[Quantity], b: Mention[Quantity]) -> bool:
    """No outcome named on either side, or one named on both."""
    outcomes_a, outcomes_b = OUTCOMES & senses(a), OUTCOMES & senses(b)
    return bool(outcomes_a & outcomes_b) or not (outcomes_a or outcomes_b)


def _compatible(a: Mention[Quantity], b: Mention[Quantity]) -> bool:
    """Whether one value fits both figures as written; a floor on a toll never fits a higher
    count (see the module)."""
    if OUTCOMES & (senses(a) | senses(b)) and (_floor(a) or _floor(b)):
        return False
    return overlap(interval(a.fact, _before(a)), interval(b.fact, _before(b)))


def _floor(m: Mention[Quantity]) -> bool:
    return is_floor(m.fact, _before(m))


def _before(m: Mention[Quantity]) -> str:
    """The text just before the figure, where a qualifier outside its span stands."""
    return m.stored.article.text[max(0, m.start - LOOKBACK) : m.start]


def _about(group: Sequence[Mention[Quantity]]) -> str:
    """The counted noun all of them share (the shortest unit), and the subject around it; a
    sum is an amount of what its words say ("amount (Keystone XL pipeline)"), since "$"
    alone tells a reader nothing."""
    unit = min((m.fact.unit for m in group), key=len)
    return labelled("amount" if unit in MONEY else unit, about_words(group))


def _format(value: float) -> str:
    return str(int(value)) if value.is_integer() else f"{value:g}"
