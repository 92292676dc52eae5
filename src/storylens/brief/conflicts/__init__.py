"""Where outlets disagree: figures, dates and names given differently for the same thing.

Each conflict says what it is about, every value with its sentence, article, outlet and
publication time (oldest first), and a kind:

- ``changed_over_time``: the values differ only between reports published at different times,
  and the later one supersedes (tallies, death tolls, counts "so far", a postponed date);
- ``different_precision``: the same value written more or less precisely ("February 2020" /
  "February 29, 2020", "about 300" / "294"); no disagreement at all, so left out unless asked;
- ``contradiction``: the rest, one person's name spelled two ways included.

A false alarm costs a reader more than a miss, so each kind pairs values only on strong
evidence that they are about the same thing (see its module).
"""

from __future__ import annotations

from collections.abc import Sequence

from storylens.brief.conflicts.dates import date_conflicts
from storylens.brief.conflicts.figures import figure_conflicts
from storylens.brief.conflicts.names import name_conflicts
from storylens.brief.conflicts.spellings import spelling_conflicts
from storylens.brief.schema import Conflict
from storylens.embed import Vectors
from storylens.model import StoredArticle

__all__ = ["find_conflicts"]


def find_conflicts(
    articles: Sequence[StoredArticle],
    vectors: dict[str, Vectors],
    *,
    show_precision: bool = False,
) -> list[Conflict]:
    """Figures, then dates, then names, then spellings of a name, each in the reading order of
    their first mention.

    ``vectors`` maps an article id to its sentence vectors (one L2-normalised row per sentence
    of its facts); articles without vectors and copies are not sources.
    """
    found = [
        *figure_conflicts(articles, vectors),
        *date_conflicts(articles, vectors),
        *name_conflicts(articles, vectors),
        *spelling_conflicts(articles, vectors),
    ]
    return [c for c in _once(found) if show_precision or c.kind != "different_precision"]


def _once(found: Sequence[Conflict]) -> list[Conflict]:
    """Each disagreement once: a name two outlets put in one slot ("Loretta Sandoval won" /
    "Linda Sandoval won") is also a name given two ways, and the first finding says it."""
    seen: list[set[tuple[str, str]]] = []
    kept = []
    for c in found:
        values = {(v.source, v.value) for v in c.values}
        if not any(values <= earlier for earlier in seen):
            seen.append(values)
            kept.append(c)
    return kept
