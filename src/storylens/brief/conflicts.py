"""Figures that outlets report differently for the same thing.

A first version over quantities. Two figures from different outlets are about the same thing
when their counted nouns agree (same head word, and every other word of the shorter unit appears
in the longer: "electoral votes" / "electoral college votes") and the sentences around them say
much the same (sentence cosine above ``CONTEXT``) and the words right around the figures share a
content word ("12 people were *killed*" / "17 people *killed*", not "31 people *rescued*"), so
"13 service members" and "two decades", or a refund of 59 crowns and a share price of 31.20
crowns, never meet. A value that both outlets
mention (an old rate next to the new one) is not in dispute. When the disputed values come from
articles published at different times the figure most likely changed (tallies, tolls "so far");
otherwise the outlets contradict each other.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
from spacy.lang.en.stop_words import STOP_WORDS

from storylens.brief.schema import Conflict, ConflictKind, ConflictValue
from storylens.embed import Vectors
from storylens.model import Quantity, StoredArticle

#: Sentence cosine above which two figures' contexts talk about the same thing.
CONTEXT = 0.45
#: Units made only of these words say too little about what is counted ("5%", "2 points").
VAGUE_UNITS = frozenset({"%", "percent", "per", "cent", "points", "point", "times", "one"})
#: Words either side of a figure that say what it is about.
WINDOW = 4
_WORD = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True, slots=True)
class _Figure:
    quantity: Quantity
    stored: StoredArticle
    context: Vectors | None

    @property
    def words(self) -> tuple[str, ...]:
        return tuple(self.quantity.unit.casefold().split())

    @property
    def outlet(self) -> str:
        return self.stored.article.outlet

    def nearby(self) -> frozenset[str]:
        """Content words just before and after the figure, without the unit's own words."""
        text = self.stored.article.text
        before = _WORD.findall(text[: self.quantity.start].casefold())[-WINDOW:]
        after = _WORD.findall(text[self.quantity.end :].casefold())[:WINDOW]
        return frozenset(
            w for w in (*before, *after) if w not in STOP_WORDS and w not in self.words
        )


def _same_thing(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    if not a or not b or a[-1] != b[-1] or set(a) <= VAGUE_UNITS or set(b) <= VAGUE_UNITS:
        return False
    shorter, longer = (a, b) if len(a) <= len(b) else (b, a)
    return set(shorter) <= set(longer)


def _similar_context(a: _Figure, b: _Figure) -> bool:
    if a.context is None or b.context is None or not a.nearby() & b.nearby():
        return False
    return float(np.dot(a.context, b.context)) >= CONTEXT


def _format(value: float) -> str:
    return str(int(value)) if value.is_integer() else f"{value:g}"


def find_conflicts(articles: list[StoredArticle], vectors: dict[str, Vectors]) -> list[Conflict]:
    figures: list[_Figure] = []
    for stored in articles:
        sentence_vectors = vectors.get(stored.article.id)
        if stored.copy_of is not None:
            continue
        for q in stored.facts.quantities:
            if q.unit:
                context = sentence_vectors[q.sentence] if sentence_vectors is not None else None
                figures.append(_Figure(q, stored, context))
    values_by_outlet: dict[str, set[float]] = {}
    for f in figures:
        values_by_outlet.setdefault(f.outlet, set()).add(f.quantity.value)
    parent = list(range(len(figures)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    disputed: set[int] = set()
    for i, a in enumerate(figures):
        for j in range(i + 1, len(figures)):
            b = figures[j]
            if (
                a.outlet == b.outlet
                or a.quantity.value == b.quantity.value
                or a.quantity.value in values_by_outlet[b.outlet]
                or b.quantity.value in values_by_outlet[a.outlet]
                or not _same_thing(a.words, b.words)
                or not _similar_context(a, b)
            ):
                continue
            parent[root(j)] = root(i)
            disputed.update((i, j))
    groups: dict[int, list[_Figure]] = {}
    for i in sorted(disputed):
        groups.setdefault(root(i), []).append(figures[i])
    return [_conflict(group) for group in groups.values()]


def _conflict(group: list[_Figure]) -> Conflict:
    values = [
        ConflictValue(
            value=_format(f.quantity.value),
            text=f.stored.facts.sentences[f.quantity.sentence].text,
            source=f.stored.article.id,
            outlet=f.outlet,
            published=f.stored.article.published.isoformat()
            if f.stored.article.published
            else None,
        )
        for f in group
    ]
    values.sort(key=lambda v: (v.published is None, v.published or "", v.source))
    times = {f.stored.article.published for f in group} - {None}
    kind: ConflictKind = "changed_over_time" if len(times) > 1 else "contradiction"
    about = max((f.quantity.unit for f in group), key=len)
    return Conflict(about=about, kind=kind, values=values)
