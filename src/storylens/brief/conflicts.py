"""Figures that outlets report differently for the same thing.

A first version over quantities: two figures are about the same thing when their counted nouns
share the head word and every other word of the shorter one ("electoral votes" and "electoral
college votes"); numbers about different things ("13 service members", "two decades") never
meet. When the values come from articles published at different times the figure most likely
changed (tallies, tolls "so far"); otherwise the outlets contradict each other.
"""

from __future__ import annotations

from dataclasses import dataclass

from storylens.brief.schema import Conflict, ConflictKind, ConflictValue
from storylens.model import Quantity, StoredArticle


@dataclass(frozen=True, slots=True)
class _Figure:
    quantity: Quantity
    stored: StoredArticle

    @property
    def words(self) -> tuple[str, ...]:
        return tuple(self.quantity.unit.casefold().split())


def _same_thing(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    if not a or not b or a[-1] != b[-1]:
        return False
    shorter, longer = (a, b) if len(a) <= len(b) else (b, a)
    return set(shorter) <= set(longer) and (len(shorter) > 1 or len(longer) == 1)


def _format(value: float) -> str:
    return str(int(value)) if value.is_integer() else f"{value:g}"


def find_conflicts(articles: list[StoredArticle]) -> list[Conflict]:
    figures = [
        _Figure(q, stored)
        for stored in articles
        if stored.copy_of is None
        for q in stored.facts.quantities
        if q.unit
    ]
    groups: list[list[_Figure]] = []
    for figure in figures:
        for group in groups:
            if _same_thing(group[0].words, figure.words):
                group.append(figure)
                break
        else:
            groups.append([figure])
    conflicts: list[Conflict] = []
    for group in groups:
        outlets_by_value: dict[float, set[str]] = {}
        for figure in group:
            outlets_by_value.setdefault(figure.quantity.value, set()).add(figure.stored.article.outlet)
        all_outlets = set().union(*outlets_by_value.values())
        if len(outlets_by_value) < 2 or len(all_outlets) < 2:
            continue
        conflicts.append(_conflict(group))
    return conflicts


def _conflict(group: list[_Figure]) -> Conflict:
    seen: set[tuple[float, str]] = set()
    values: list[ConflictValue] = []
    for figure in group:
        key = (figure.quantity.value, figure.stored.article.id)
        if key in seen:
            continue
        seen.add(key)
        article = figure.stored.article
        sentence = figure.stored.facts.sentences[figure.quantity.sentence].text
        values.append(
            ConflictValue(
                value=_format(figure.quantity.value),
                text=sentence,
                source=article.id,
                outlet=article.outlet,
                published=article.published.isoformat() if article.published else None,
            )
        )
    times = {figure.stored.article.published for figure in group} - {None}
    kind: ConflictKind = "changed_over_time" if len(times) > 1 else "contradiction"
    values.sort(key=lambda v: (v.published is None, v.published or "", v.source))
    longest_unit = max((f.quantity.unit for f in group), key=len)
    return Conflict(about=longest_unit, kind=kind, values=values)
