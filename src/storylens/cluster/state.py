"""The running summary of one story that assignment compares articles against."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

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
        self._lexical = None
        self._norm = None
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

    def lexical(self) -> tuple[dict[str, float], float]:
        """TF-IDF weights of the profile and their norm, cached until the profile changes."""
        if self._lexical is None:
            weights = lexicon.weights(self.terms)
            self._lexical = (weights, lexicon.norm(weights))
        return self._lexical

    def span_with(self, moment: datetime | None) -> float:
        """Days the story would cover with an article published at ``moment``."""
        if moment is None or self.first is None or self.last is None:
            return 0.0
        return (max(self.last, moment) - min(self.first, moment)).total_seconds() / 86400

    def days_apart(self, moment: datetime | None) -> float:
        """Days between a time and this story's span; 0 when either is unknown or it is inside."""
        if moment is None or self.first is None or self.last is None:
            return 0.0
        if moment < self.first:
            return (self.first - moment).total_seconds() / 86400
        if moment > self.last:
            return (moment - self.last).total_seconds() / 86400
        return 0.0
