"""Which stories are worth scoring for a new article: the cost of placing one article must not
grow with the number of stored articles.

Two sources of candidates, merged: the nearest story centroids in an approximate
nearest-neighbour index (usearch HNSW, half-precision vectors), and the stories most recently
joined by articles naming the same entities (a bounded posting list per entity), which catches
a story whose centroid has drifted away from the new article's wording.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from datetime import UTC, datetime

import numpy as np

# onnxruntime must be loaded before usearch: the other way round the process crashes
# (segmentation fault inside onnxruntime's import, seen with usearch 2.26.6 and
# onnxruntime 1.32.0). Importing it here makes the order hold wherever storylens is used.
import onnxruntime  # noqa: F401  (import order is the point)
from usearch.index import Index

from storylens.cluster.signals import ArticleSignal
from storylens.cluster.state import StoryState
from storylens.errors import StoreError

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
#: Below this many stories an exact scan is as fast as the graph and never misses.
EXACT_BELOW = 4096


class CandidateIndex:
    def __init__(self, dimension: int, neighbours: int = 10, per_entity: int = 5) -> None:
        self._index = Index(ndim=dimension, metric="cos", dtype="f16")
        self._neighbours = neighbours
        self._per_entity = per_entity
        self._postings: dict[str, deque[int]] = {}

    def __len__(self) -> int:
        return len(self._index)

    def upsert(self, story: StoryState, entities: Iterable[str] = ()) -> None:
        """Index the story's current centroid; ``entities`` are those its newest article named."""
        if story.id in self._index:
            self._index.remove(story.id)
        norm = float(np.linalg.norm(story.vector_sum))
        if norm:
            self._index.add(story.id, (story.vector_sum / norm).astype(np.float32))
        self.post(story.id, entities)

    def joined(self, story: StoryState, entities: Iterable[str]) -> None:
        """A story took one more article: post the article's entities, and move the story's
        vector only when its size reaches a power of two.

        Moving a vector (remove and re-add a graph node) is the costliest step of placing an
        article, while a centroid moves less with every article it averages; the index is only
        where candidates come from (scoring reads the exact centroid), and the entity postings
        still find a story whose indexed vector lags.
        """
        if story.count & (story.count - 1) == 0 or story.id not in self._index:
            self.upsert(story, entities)
        else:
            self.post(story.id, entities)

    def to_bytes(self) -> bytes:
        """The vector index, as usearch serialises it (entity postings are rebuilt instead)."""
        data = self._index.save()
        if data is None:  # usearch returns None only when saving to a path
            raise StoreError("the story index could not be serialised")
        return bytes(data)

    def restore(self, data: bytes, stories: Iterable[StoryState]) -> None:
        """Load saved vectors, then rebuild the entity postings from the stories' entities."""
        restored = Index.restore(data)
        if restored is None:
            raise StoreError("the saved story index is damaged")
        self._index = restored
        for story in sorted(stories, key=lambda s: s.last or _EPOCH):
            self.post(story.id, story.entities)

    def post(self, story_id: int, entities: Iterable[str]) -> None:
        for key in entities:
            posting = self._postings.setdefault(key, deque(maxlen=self._per_entity))
            if story_id in posting:
                posting.remove(story_id)
            posting.append(story_id)

    def remove(self, story_id: int) -> None:
        """Drop a story's vector; its stale entity postings are skipped by the caller."""
        if story_id in self._index:
            self._index.remove(story_id)

    def candidates(self, signal: ArticleSignal) -> list[int]:
        """Story ids to score, nearest first, then entity matches; no duplicates."""
        found: list[int] = []
        if len(self._index):
            matches = self._index.search(
                signal.vector.astype(np.float32),
                self._neighbours,
                exact=len(self._index) < EXACT_BELOW,
            )
            found.extend(int(key) for key in matches.keys)
        seen = set(found)
        for key in sorted(signal.entities):
            for story_id in reversed(self._postings.get(key, ())):
                if story_id not in seen:
                    seen.add(story_id)
                    found.append(story_id)
        return found

    def memory_bytes(self) -> int:
        """What the vector index holds in memory (vectors and graph)."""
        return int(self._index.memory_usage)
