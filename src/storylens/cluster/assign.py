"""Online story assignment: each new article joins the most likely story or opens a new one.

Candidates come from ``CandidateIndex`` (nearest centroids plus entity matches), restricted to a
time window, so recurring subjects ("weekly jobless claims") do not collapse into one story and
the cost per article stays flat as the store grows. Each candidate is scored by the calibrated
``DecisionModel``; the article joins the best one when its probability reaches the model's
threshold. Ties go to the lower story id, so the same articles in the same order always give the
same stories.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

import numpy as np

from storylens.cluster.candidates import CandidateIndex
from storylens.cluster.scorer import DecisionModel, best_story, join_threshold, load_model
from storylens.cluster.signals import ArticleSignal
from storylens.cluster.state import Horizon, StoryState
from storylens.config import ClusterSettings
from storylens.embed import DIMENSION
from storylens.errors import StoreError


@dataclass(frozen=True, slots=True)
class Assignment:
    """Where an article went: its story, whether that story is new, and the winning probability."""

    story_id: int
    new: bool
    probability: float


class StoryAssigner:
    """Holds the stories' states and places articles one at a time."""

    def __init__(
        self,
        settings: ClusterSettings,
        stories: Iterable[StoryState] = (),
        model: DecisionModel | None = None,
        saved_index: bytes | None = None,
    ) -> None:
        self._settings = settings
        self._model = model or load_model()
        self._threshold = join_threshold(settings, self._model)
        self._stories: dict[int, StoryState] = {}
        self._index = CandidateIndex(DIMENSION, settings.neighbours, settings.per_entity)
        self._stories = {story.id: story for story in stories}
        if not self._restore(saved_index):
            for story in self._stories.values():
                self._index.upsert(story, story.entities)
        self._next_id = max(self._stories, default=0) + 1
        # Twice the window: an article may arrive late by up to one window.
        self._horizon = Horizon(settings.evict_every, timedelta(days=2 * settings.window_days))

    def _restore(self, saved_index: bytes | None) -> bool:
        """Load a saved index; one that cannot be read (damaged, or saved by an older
        version) is rebuilt from the stories instead, which gives the same candidates."""
        if saved_index is None:
            return False
        try:
            self._index.restore(saved_index, self._stories.values())
        except StoreError:
            self._index = CandidateIndex(
                DIMENSION, self._settings.neighbours, self._settings.per_entity
            )
            return False
        return True

    @property
    def stories(self) -> dict[int, StoryState]:
        return self._stories

    @property
    def index(self) -> CandidateIndex:
        return self._index

    @property
    def next_id(self) -> int:
        return self._next_id

    def replace(self, states: Iterable[StoryState], removed: Iterable[int]) -> None:
        """Take refined stories in place of the current ones, and forget merged ones."""
        for story_id in removed:
            self._stories.pop(story_id, None)
            self._index.remove(story_id)
        for state in states:
            self._stories[state.id] = state
            self._index.upsert(state, state.entities)
            self._next_id = max(self._next_id, state.id + 1)

    def best(self, signal: ArticleSignal) -> tuple[int, float] | None:
        """The most likely story within the time window, if any candidate is."""
        return best_story(
            signal,
            self._index.candidates(signal),
            self._stories,
            self._model,
            self._settings.window_days,
            max_span_days=self._settings.max_span_days,
        )

    def join(self, story_id: int, signal: ArticleSignal) -> StoryState | None:
        """Add an article to a story decided elsewhere (a revised page joins its first
        version's story); None when that story is not held in memory."""
        story = self._stories.get(story_id)
        if story is not None:
            self._join(story, signal)
        return story

    def _join(self, story: StoryState, signal: ArticleSignal) -> None:
        story.add(signal)
        self._index.joined(story, signal.entities)

    def evict_idle(self, before: datetime) -> list[int]:
        """Forget stories whose last article is older than ``before``; returns their ids.

        This is what keeps memory flat on an endless stream: a story idle for longer than the
        time window can no longer take a dated article anyway. Its state stays in the store,
        and a refinement pass can still merge a late arrival's new story into it.
        """
        idle = [s.id for s in self._stories.values() if s.last is not None and s.last < before]
        for story_id in idle:
            del self._stories[story_id]
            self._index.remove(story_id)
        return idle

    def assign(self, signal: ArticleSignal) -> Assignment:
        if (before := self._horizon.passed(signal.published)) is not None:
            self.evict_idle(before)
        found = self.best(signal)
        if found is not None and found[1] >= self._threshold:
            self._join(self._stories[found[0]], signal)
            return Assignment(found[0], new=False, probability=found[1])
        story = StoryState(id=self._next_id, vector_sum=np.zeros_like(signal.vector), count=0)
        story.add(signal)
        self._stories[story.id] = story
        self._index.upsert(story, signal.entities)
        self._next_id += 1
        return Assignment(story.id, new=True, probability=found[1] if found else 0.0)
