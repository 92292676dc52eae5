"""The running summary of one story that assignment compares articles against."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import numpy as np

from storylens.cluster import lexicon
from storylens.cluster.signals import ArticleSignal
from storylens.embed import Vectors

#: Terms kept in a story's lexical profile: enough for its vocabulary, bounded in memory.
PROFILE_TERMS = 200


@dataclass(slots=True)
class StoryState:
    """Centroid (as an unnormalised sum, so adding is O(d) and the direction exact), entity,
    term and headline-figure counts (with how many members gave figures at all), and the time
    span; ``topic`` is the longer-running subject it belongs to."""

    id: int
    vector_sum: Vectors
    count: int
    entities: Counter[str] = field(default_factory=Counter)
    terms: Counter[str] = field(default_factory=Counter)
    figures: Counter[str] = field(default_factory=Counter)
    figured: int = 0
    first: datetime | None = None
    last: datetime | None = None
    topic: int | None = None
    #: The language of its first article ("" in stories stored before languages were kept).
    language: str = ""
    _lexical: tuple[dict[str, float], float] | None = field(default=None, repr=False)
    _norm: float | None = field(default=None, repr=False)
    _bounds: tuple[float, float] | None = field(default=None, repr=False)

    def centroid_norm(self) -> float:
        """Length of ``vector_sum``, cached until the story changes (scoring asks often)."""
        if self._norm is None:
            self._norm = float(np.linalg.norm(self.vector_sum))
        return self._norm

    def add(self, signal: ArticleSignal) -> None:
        self.vector_sum = self.vector_sum + signal.vector
        self.count += 1
        self.language = self.language or signal.language
        self.entities.update(signal.entities)
        self.terms.update(signal.terms)
        self.terms = lexicon.top_terms(self.terms, PROFILE_TERMS)
        self.figures.update(signal.figures)
        self.figured += bool(signal.figures)
        self._update_lexical(signal.terms)
        self._norm = None
        self._bounds = None
        if signal.published is not None:
            self.first = min(self.first or signal.published, signal.published)
            self.last = max(self.last or signal.published, signal.published)

    def as_signal(self) -> ArticleSignal:
        """The story seen as one article: for finding stories it might merge with."""
        norm = float(np.linalg.norm(self.vector_sum))
        vector = self.vector_sum / norm if norm else self.vector_sum
        return ArticleSignal(
            vector,
            frozenset(self.entities),
            self.terms,
            frozenset(self.figures),
            self.last,
            self.language or "en",
        )

    def _update_lexical(self, changed: Iterable[str]) -> None:
        """Keep cached TF-IDF weights current for the terms an article changed, rather than
        weighing the whole profile again: a story is scored again soon after it grows."""
        if self._lexical is None:
            return
        weights = self._lexical[0]
        for term in changed:
            count = self.terms.get(term)
            if count is None:
                weights.pop(term, None)
            else:
                weights[term] = lexicon.weight(term, count)
        if len(weights) > len(self.terms):  # the profile dropped its rarest terms
            for term in [t for t in weights if t not in self.terms]:
                del weights[term]
        self._lexical = (weights, lexicon.norm(weights))

    def lexical(self) -> tuple[dict[str, float], float]:
        """TF-IDF weights of the profile and their norm, cached until the profile changes."""
        if self._lexical is None:
            weights = lexicon.weights(self.terms)
            self._lexical = (weights, lexicon.norm(weights))
        return self._lexical

    def bounds(self) -> tuple[float, float] | None:
        """First and last publication as POSIX seconds, cached until the story changes: the
        time window is checked for every candidate of every article."""
        if self._bounds is None and self.first is not None and self.last is not None:
            self._bounds = (self.first.timestamp(), self.last.timestamp())
        return self._bounds


class Horizon:
    """When a stream's old stories can be let go: it keeps the newest time seen and, once
    every ``every`` items, gives the time before which a story is more than ``keep`` old.
    Sweeping once in so many items keeps the cost of each item flat."""

    def __init__(self, every: int, keep: timedelta) -> None:
        self._every = every
        self._keep = keep
        self._newest: datetime | None = None
        self._count = 0

    def passed(self, when: datetime | None) -> datetime | None:
        """Count one item published ``when``; the time to sweep before, when a sweep is due."""
        if when is not None and (self._newest is None or when > self._newest):
            self._newest = when
        self._count += 1
        if self._newest is None or self._count < self._every:
            return None
        self._count = 0
        return self._newest - self._keep
