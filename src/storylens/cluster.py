"""Online story assignment: each new article joins the most similar story or opens a new one.

The decision combines two signals that fail in different ways: the embedding of title and lead
(paraphrase-aware, but blind to *which* election or *which* bridge) and the overlap of named
entities (exact, but sparse). Stories further apart in time than the window are never joined,
so recurring subjects ("weekly jobless claims") do not collapse into one story.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

import numpy as np

from storylens.config import ClusterSettings
from storylens.embed import Vectors
from storylens.model import ArticleFacts

#: Entity labels that identify what a story is about; dates and numbers are too generic.
IDENTIFYING_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT"})


def entity_keys(facts: ArticleFacts) -> frozenset[str]:
    """Comparable keys of the article's named entities.

    People are keyed by their last name, so "Donald Trump", "Trump" and "Trump's" meet.
    """
    keys: set[str] = set()
    for entity in facts.entities:
        if entity.label not in IDENTIFYING_LABELS:
            continue
        words = entity.text.casefold().replace("’s", "").replace("'s", "").split()
        if not words:
            continue
        keys.add(words[-1] if entity.label == "PERSON" else " ".join(words))
    return frozenset(keys)


@dataclass(frozen=True, slots=True)
class ArticleSignal:
    """What the assigner needs to know about one article."""

    vector: Vectors
    entities: frozenset[str]
    published: datetime | None


@dataclass(slots=True)
class StoryState:
    """The running summary of a story that assignment compares against.

    ``vector_sum`` is the unnormalised sum of member vectors, so adding an article is O(d) and
    the centroid's direction is exact.
    """

    id: int
    vector_sum: Vectors
    count: int
    entities: Counter[str] = field(default_factory=Counter)
    first: datetime | None = None
    last: datetime | None = None

    def add(self, signal: ArticleSignal) -> None:
        self.vector_sum = self.vector_sum + signal.vector
        self.count += 1
        self.entities.update(signal.entities)
        if signal.published is not None:
            self.first = min(self.first or signal.published, signal.published)
            self.last = max(self.last or signal.published, signal.published)


@dataclass(frozen=True, slots=True)
class Assignment:
    """Where an article went: its story, whether that story is new, and the winning score."""

    story_id: int
    new: bool
    score: float


def days_apart(moment: datetime | None, story: StoryState) -> float:
    """Days between a time and the story's span; 0 when either is unknown or it falls inside."""
    if moment is None or story.first is None or story.last is None:
        return 0.0
    if moment < story.first:
        return (story.first - moment).total_seconds() / 86400
    if moment > story.last:
        return (moment - story.last).total_seconds() / 86400
    return 0.0


def entity_overlap(article: frozenset[str], story: Counter[str]) -> float:
    """Share of the article's entities the story already mentions (0 when it names none)."""
    if not article:
        return 0.0
    return sum(1 for key in article if key in story) / len(article)


class StoryAssigner:
    """Holds every story's state and places articles one at a time, deterministically.

    Ties and order effects are resolved by story id, so the same articles in the same order
    always give the same stories.
    """

    def __init__(self, settings: ClusterSettings, stories: Iterable[StoryState] = ()) -> None:
        self._settings = settings
        self._stories: dict[int, StoryState] = {story.id: story for story in stories}
        self._next_id = max(self._stories, default=0) + 1

    @property
    def stories(self) -> dict[int, StoryState]:
        return self._stories

    def score(self, signal: ArticleSignal, story: StoryState) -> float:
        norm = float(np.linalg.norm(story.vector_sum))
        cosine = float(signal.vector @ story.vector_sum) / norm if norm else 0.0
        weight = self._settings.embedding_weight
        return weight * cosine + (1 - weight) * entity_overlap(signal.entities, story.entities)

    def best(self, signal: ArticleSignal) -> tuple[int, float] | None:
        """The highest-scoring story within the time window, if any."""
        best: tuple[int, float] | None = None
        for story_id in sorted(self._stories):
            story = self._stories[story_id]
            if days_apart(signal.published, story) > self._settings.window_days:
                continue
            value = self.score(signal, story)
            if best is None or value > best[1]:
                best = (story_id, value)
        return best

    def assign(self, signal: ArticleSignal) -> Assignment:
        found = self.best(signal)
        if found is not None and found[1] >= self._settings.join_threshold:
            self._stories[found[0]].add(signal)
            return Assignment(found[0], new=False, score=found[1])
        story = StoryState(
            id=self._next_id,
            vector_sum=np.zeros_like(signal.vector),
            count=0,
        )
        story.add(signal)
        self._stories[story.id] = story
        self._next_id += 1
        return Assignment(story.id, new=True, score=found[1] if found else 0.0)
