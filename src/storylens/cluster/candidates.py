"""Which stories are worth scoring for a new article: the cost of placing one article must not
grow with the number of stored articles.

Two sources of candidates, merged: the story centroids nearest the new article's vector, and
the stories most recently joined by articles naming the same entities (a bounded posting list
per entity), which catches a story whose centroid has drifted away from the new article's
wording.

Nearest centroids come from a scan of the unit centroids while the stories held are few
(eviction keeps a dated stream at a few thousand), and from an approximate nearest-neighbour
graph (usearch HNSW, half-precision vectors) once they are many. The scan reads the centroids
projected on 96 principal axes (``projection.py``), keeps four times as many as wanted, and
ranks those by their full vectors: at a few thousand stories it costs less than a graph search
and far less than keeping a graph up to date.
"""

from __future__ import annotations

import heapq
import io
import zipfile
from collections import deque
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from storylens.cluster.projection import load_projection
from storylens.cluster.signals import ArticleSignal
from storylens.cluster.state import StoryState
from storylens.errors import ModelError, StoreError

if TYPE_CHECKING:
    from usearch.index import Index

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
#: From this many stories on, nearest centroids come from the HNSW graph instead of a scan.
GRAPH_FROM = 4096
#: The projected scan keeps this many times the neighbours wanted for the exact ranking.
SHORTLIST = 4
_FREE = -1


class CandidateIndex:
    def __init__(self, dimension: int, neighbours: int = 10, per_entity: int = 5) -> None:
        self._dimension = dimension
        self._neighbours = neighbours
        self._per_entity = per_entity
        self._postings: dict[str, deque[int]] = {}
        # Row r < _high of the matrix holds the unit centroid of story _ids[r], and the same
        # row of _short its projection; freed rows are zero, their id _FREE, and are reused
        # lowest first (a heap).
        self._projection = load_projection()
        if self._projection.shape[0] != dimension:
            raise ModelError(
                f"the story projection is for {self._projection.shape[0]}-number vectors,"
                f" not {dimension}"
            )
        self._matrix: npt.NDArray[np.float32] = np.zeros((0, dimension), dtype=np.float32)
        self._short = self._matrix @ self._projection
        self._ids: npt.NDArray[np.int64] = np.zeros(0, dtype=np.int64)
        self._high = 0
        self._row: dict[int, int] = {}
        self._free: list[int] = []
        self._graph: Index | None = None

    def __len__(self) -> int:
        return len(self._row)

    @property
    def uses_graph(self) -> bool:
        """Whether nearest centroids come from the HNSW graph (built once stories reach
        ``GRAPH_FROM``, dropped when fewer than half as many are left) rather than a scan."""
        return self._graph is not None

    def upsert(self, story: StoryState, entities: Iterable[str] = ()) -> None:
        """Index the story's current centroid; ``entities`` are those its newest article named."""
        self._place(story)
        if self._graph is not None:
            if story.id in self._graph:
                self._graph.remove(story.id)
            if story.id in self._row:
                self._graph.add(story.id, self._matrix[self._row[story.id]])
        elif len(self._row) >= GRAPH_FROM:
            self._build_graph()
        self.post(story.id, entities)

    def joined(self, story: StoryState, entities: Iterable[str]) -> None:
        """A story took one more article: post the article's entities and move its centroid.

        The scanned matrix always holds the exact centroid. In the graph, a vector moves only
        when the story's size reaches a power of two: moving one (remove and re-add a graph
        node) is the costliest step of placing an article, while a centroid moves less with
        every article it averages, and the entity postings still find a story whose graph
        vector lags.
        """
        if self._graph is None or story.count & (story.count - 1) == 0:
            self.upsert(story, entities)
        else:
            self._place(story)
            self.post(story.id, entities)

    def _place(self, story: StoryState) -> None:
        norm = float(np.linalg.norm(story.vector_sum))
        if not norm:
            self.remove(story.id)
            return
        row = self._row.get(story.id)
        if row is None:
            row = self._free_row()
            self._row[story.id] = row
            self._ids[row] = story.id
        self._matrix[row] = story.vector_sum / norm
        self._short[row] = self._matrix[row] @ self._projection

    def _free_row(self) -> int:
        if self._free:
            return heapq.heappop(self._free)
        row = self._high
        if row == len(self._matrix):
            capacity = max(64, 2 * row)
            self._matrix = np.concatenate(
                [self._matrix, np.zeros((capacity - row, self._dimension), dtype=np.float32)]
            )
            self._short = np.concatenate(
                [self._short, np.zeros((capacity - row, self._short.shape[1]), dtype=np.float32)]
            )
            self._ids = np.concatenate([self._ids, np.full(capacity - row, _FREE)])
        self._high += 1
        return row

    def _build_graph(self) -> None:
        self._graph = _graph_class()(ndim=self._dimension, metric="cos", dtype="f16")
        rows = np.flatnonzero(self._ids[: self._high] != _FREE)
        if len(rows):
            # One thread: a graph built in parallel differs from run to run, and so would the
            # candidates it finds, and with them the stories.
            self._graph.add(self._ids[rows], self._matrix[rows], threads=1)

    def to_bytes(self) -> bytes:
        """The centroids and, when built, the graph (entity postings are rebuilt instead)."""
        graph = np.zeros(0, dtype=np.uint8)
        if self._graph is not None:
            data = self._graph.save()
            if data is None:  # usearch returns None only when saving to a path
                raise StoreError("the story index could not be serialised")
            graph = np.frombuffer(bytes(data), dtype=np.uint8)
        rows = np.flatnonzero(self._ids[: self._high] != _FREE)
        buffer = io.BytesIO()
        np.savez(buffer, ids=self._ids[rows], vectors=self._matrix[rows], graph=graph)
        return buffer.getvalue()

    def restore(self, data: bytes, stories: Iterable[StoryState]) -> None:
        """Load saved centroids (and graph), then rebuild the entity postings from the stories'
        entities. Raises ``StoreError`` when the snapshot cannot be read or does not add up."""
        try:
            with np.load(io.BytesIO(data), allow_pickle=False) as saved:
                ids, vectors, graph = saved["ids"], saved["vectors"], saved["graph"]
            if vectors.shape != (len(ids), self._dimension):
                raise ValueError(f"vectors of shape {vectors.shape} for {len(ids)} ids")
            restored = _graph_class().restore(graph.tobytes()) if len(graph) else None
        except (OSError, EOFError, ValueError, TypeError, KeyError, zipfile.BadZipFile) as exc:
            raise StoreError(f"the saved story index cannot be read: {exc}") from exc
        if len(graph) and (
            restored is None or restored.ndim != self._dimension or len(restored) != len(ids)
        ):
            raise StoreError("the saved story graph is damaged or does not match its centroids")
        self._matrix = vectors.astype(np.float32)
        self._short = self._matrix @ self._projection
        self._ids = ids.astype(np.int64)
        self._high = len(ids)
        self._row = {int(story_id): row for row, story_id in enumerate(self._ids)}
        self._free = []
        self._graph = restored
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
        row = self._row.pop(story_id, None)
        if row is not None:
            self._matrix[row] = 0.0
            self._short[row] = 0.0
            self._ids[row] = _FREE
            heapq.heappush(self._free, row)
        if self._graph is not None:
            if len(self._row) < GRAPH_FROM // 2:
                # Eviction brought the stories back to where a scan is cheaper; the gap below
                # GRAPH_FROM keeps the index from switching back and forth at one size.
                self._graph = None
            elif story_id in self._graph:
                self._graph.remove(story_id)

    def nearest(self, vector: npt.NDArray[np.float32]) -> list[int]:
        """The stories with the nearest centroids, nearest first (ties: lower id first)."""
        vector = vector.astype(np.float32)
        if self._graph is not None:
            matches = self._graph.search(vector, self._neighbours)
            return [int(key) for key in matches.keys]
        if not self._row:
            return []
        held = self._high
        ids = self._ids[:held]
        rough = self._short[:held] @ (vector @ self._projection)
        rough[ids == _FREE] = -np.inf
        wanted = min(SHORTLIST * self._neighbours, len(self._row))
        # Every row tied with the last one kept is kept too, so that ties go to the lower id
        # whatever rows the stories happen to occupy.
        rows = np.flatnonzero(rough >= np.partition(rough, held - wanted)[held - wanted])
        rows = rows[np.isfinite(rough[rows])]
        scores = self._matrix[rows] @ vector
        order = np.lexsort((ids[rows], -scores))[: self._neighbours]
        return [int(story_id) for story_id in ids[rows[order]]]

    def candidates(self, signal: ArticleSignal) -> list[int]:
        """Story ids to score, nearest first, then entity matches; no duplicates."""
        found = self.nearest(signal.vector)
        seen = set(found)
        for key in sorted(signal.entities):
            for story_id in reversed(self._postings.get(key, ())):
                if story_id not in seen:
                    seen.add(story_id)
                    found.append(story_id)
        return found

    def memory_bytes(self) -> int:
        """What the index holds in memory: the centroids, their projections, and the graph
        when built."""
        graph = int(self._graph.memory_usage) if self._graph is not None else 0
        return int(self._matrix.nbytes + self._short.nbytes + self._ids.nbytes) + graph


def _graph_class() -> type[Index]:
    """usearch's graph, imported when the first one is built or restored (thousands of stories
    in), not with the store, which every command opens.

    onnxruntime must be loaded before usearch: the other way round the process crashes
    (segmentation fault inside onnxruntime's import, seen with usearch 2.26.6 and onnxruntime
    1.32.0). This is the one place usearch is imported, and it loads onnxruntime first.
    """
    import onnxruntime  # noqa: F401  (import order is the point)
    from usearch.index import Index

    return Index
