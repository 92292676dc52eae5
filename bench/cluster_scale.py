"""Online story assignment on a long synthetic stream: throughput and memory as the store grows.

    python bench/cluster_scale.py                      # 1M articles, checkpoints 10k, 100k, 1M
    python bench/cluster_scale.py --articles 100000    # a quicker check: checkpoints 10k, 100k
    python bench/cluster_scale.py --profile            # plus a cProfile of one more window

MiniLM cannot embed a million articles on a laptop, so the stream is built from the sentences of
the NeuS reports (``../shared/data/neus/{train,val}.source``), embedded once:

- Sentences: each report is split with a simple regex (after ., ! or ? followed by a capital);
  the report titles are kept as sentences too. The distinct sentences (about 28k) are embedded
  once with ``default_encoder()`` and the matrix is cached in ``bench/cache/`` (keyed by a hash
  of the sentences), so later runs start in seconds.
- Synthetic stories: story starts form a Poisson process over time, at a rate that gives
  ``--articles-per-day`` articles a day (default 913: one million articles over three years).
  Each story is seeded by one NeuS story (its "seed"). A seed is not reused until
  ``window_days + span + 1`` days (11 by default) after its previous use, so two synthetic stories
  of the same seed are always further apart than the time window and only the window can tell
  them apart, as with real recurring news; a run denser than the seeds allow reuses the least
  recently used seed early and says how often (``seed_reused_early``).
- Synthetic articles: 2 to 8 per story, the first at the story's start, the others uniformly
  within 3 days of it. An article is one of the seed's three titles plus 3 to 6 sentences drawn
  with replacement from the bodies of the seed's three reports. Its vector is the mean of those
  sentence vectors, plus gaussian noise of norm 0.15, L2-normalised (cosine about 0.98 to the
  noise-free mean; no two articles share a vector). Its terms are ``storylens.cluster.terms(title,
  sentences)``. Its entities are a cheap proxy for NER: the capitalised words of its body
  sentences that do not start a sentence, casefolded, minus stop words, weekdays, months and
  honorifics, the 8 most frequent kept (real ``entity_keys`` come from spaCy; this proxy gives
  a similar number of keys per article, with more noise). Published times are exact; the arrival
  order adds up to 2 hours of uniform jitter, so articles arrive slightly out of time order.
- The stream is a generator (only the articles of the next few days are in memory) and the RNG is
  seeded, so every run produces the same stream, and a shorter run sees the same stream as a
  longer one except in its last few days (where the longer one has more stories under way).

Measurement. One ``StoryAssigner(ClusterSettings())`` (with its automatic eviction of stories idle
for more than twice the window) is fed the whole stream. Articles are generated in windows of
``--window`` articles (5,000) before being timed, so the times cover ``assign()`` alone
(embeddings and signals given). At each checkpoint of stored (= assigned) articles it reports:

- articles per second of ``assign()`` over the window just before the checkpoint;
- ``index_bytes``: ``assigner.index.memory_bytes()``: the matrix of story centroids (its
  capacity doubles as it fills) plus, once the assigner holds ``GRAPH_FROM`` stories, the usearch
  graph (allocated in 16 MiB blocks), so this figure moves in steps; ``index_uses_graph`` says
  which of the two searched;
- ``state_bytes``: a deep ``sys.getsizeof`` walk (shared objects counted once) of the story
  states the assigner holds plus the candidate index's entity posting lists (a private attribute,
  read here for measurement only): the Python side of the memory, vectors included;
- ``bytes_per_article`` (index) and ``state_bytes_per_article``: the above over stored articles;
- ``rss_mb``: the process's resident memory (``VmRSS``) and its growth since the stream started.
  It also holds the peer, the generator and the label arrays, so it is an upper bound;
- BCubed and pairwise F1 against the synthetic story labels over all articles so far, and the
  size of the largest predicted story (gold stories have at most 8 articles: a large one means
  stories chained together over time).

Peer. An exact brute-force centroid scan in numpy: cosine of the article to every story centroid
it holds (one matrix-vector product), stories further than the time window from the article
masked out, join the best one if its cosine reaches ``--peer-threshold``, else open a story. The
default, 0.75, had the best BCubed F1 of 0.65, 0.70, ..., 0.90 on a 20k-article pilot stream with
another seed (7): 0.835, against 0.799 at 0.70 and 0.810 at 0.80. By default it evicts idle
stories with the same rule as storylens, so both hold only recently active stories and the
comparison is the cost of placing one article; ``--peer-keep-all`` makes it scan every story ever
opened (the naive design, whose cost grows with the stream; ``--peer-until`` then bounds how far
it runs). It is fed the same windows and timed the same way; the table gives the
storylens-to-peer throughput ratio.

Both are timed with BLAS limited to one thread (``threadpoolctl``, when installed): the peer's
matrix-vector product is too small to gain from threads, and on a busy two-core machine
OpenBLAS threads made it 2 to 3 times slower. The figures are single-core costs.

The JSON written to ``--out`` holds the checkpoints, a per-window series, the settings, the
stream parameters, the code measured (commit, and where ``storylens`` was imported from) and the
machine.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import hashlib
import heapq
import io
import itertools
import json
import math
import os
import platform
import pstats
import re
import resource
import subprocess
import sys
import time
from collections import Counter, deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from importlib.metadata import version
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np
import numpy.typing as npt
from spacy.lang.en.stop_words import STOP_WORDS

import storylens
from storylens.cluster import ArticleSignal, StoryAssigner, figures, terms
from storylens.config import ClusterSettings
from storylens.embed import DIMENSION, Vectors, default_encoder
from storylens.evaluate.datasets import load_neus_stories
from storylens.evaluate.metrics import cluster_scores

Ids = npt.NDArray[np.int32]

BENCH = Path(__file__).resolve().parent
DATA = BENCH.parent.parent / "shared" / "data" / "neus"
SOURCES = ("train.source", "val.source")
CACHE = BENCH / "cache"
DEFAULT_OUT = BENCH / "results" / "cluster_scale.json"
DEFAULT_CHECKPOINTS = (10_000, 100_000, 1_000_000)
#: Identifies the embedding in the cache key: a different model must not reuse the matrix.
ENCODER_ID = "all-MiniLM-L6-v2 int8 onnx (storylens.embed.default_encoder)"
EPOCH = datetime(2021, 1, 1, tzinfo=UTC)
DAY_SECONDS = 86_400.0

#: A sentence ends at ., ! or ? (optionally closed by a quote or bracket) before a capital.
_SENTENCE_END = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"”’')\]]))\s+(?=[\"“‘'(\[]?[A-Z0-9])")
_WORD = re.compile(r"[^\W\d_][\w'’-]*")
#: Capitalised words that are not names of what a story is about.
NOT_ENTITIES = frozenset(
    {
        *("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"),
        *("january", "february", "march", "april", "may", "june", "july", "august"),
        *("september", "october", "november", "december"),
        *("mr", "mrs", "ms", "dr", "sen", "rep", "gov", "president", "secretary", "senator"),
        *("speaker", "chairman", "leader", "house"),
    }
)
MAX_ENTITIES = 8


# --------------------------------------------------------------------------------------------
# Source material: NeuS sentences, embedded once


@dataclass(frozen=True)
class Corpus:
    """Distinct sentences with their vectors and proxy entities; per NeuS story, the row numbers
    of its titles and of its body sentences."""

    texts: list[str]
    entities: list[tuple[str, ...]]
    vectors: Vectors
    titles: list[Ids]
    bodies: list[Ids]

    @property
    def seeds(self) -> int:
        return len(self.titles)


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_END.split(text) if s.strip()]


def proxy_entities(sentence: str) -> tuple[str, ...]:
    """Capitalised words that do not start the sentence: a cheap stand-in for named entities."""
    keys: set[str] = set()
    for word in _WORD.findall(sentence)[1:]:
        if not word[0].isupper():
            continue
        key = word.casefold().removesuffix("'s").removesuffix("’s").strip("'’-")
        if len(key) > 2 and key not in STOP_WORDS and key not in NOT_ENTITIES:
            keys.add(key)
    return tuple(sorted(keys))


def embed_cached(texts: list[str], log: Callable[[str], None]) -> Vectors:
    digest = hashlib.sha256("\n".join([ENCODER_ID, *texts]).encode("utf-8")).hexdigest()[:16]
    path = CACHE / f"neus-sentences-{digest}.npy"
    if path.is_file():
        cached: Vectors = np.load(path)
        if cached.shape == (len(texts), DIMENSION):
            log(f"sentence vectors: {len(texts):,} from {path.relative_to(BENCH.parent)}")
            return cached
    log(f"embedding {len(texts):,} distinct sentences once (cached in {CACHE.name}/) ...")
    started = time.perf_counter()
    vectors = default_encoder().encode(texts)
    log(f"  {time.perf_counter() - started:.0f} s")
    CACHE.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".tmp.npy")
    np.save(partial, vectors)
    partial.replace(path)
    return vectors


def load_corpus(data: Path, log: Callable[[str], None]) -> Corpus:
    row: dict[str, int] = {}
    titles: list[Ids] = []
    bodies: list[Ids] = []
    for name in SOURCES:
        for reports in load_neus_stories(data / name):
            story_titles: list[int] = []
            story_body: list[int] = []
            for report in reports:
                if report.title:
                    story_titles.append(row.setdefault(report.title, len(row)))
                story_body.extend(row.setdefault(s, len(row)) for s in sentences(report.text))
            titles.append(np.array(story_titles or story_body[:1], dtype=np.int32))
            bodies.append(np.array(story_body or story_titles, dtype=np.int32))
    texts = list(row)
    return Corpus(
        texts=texts,
        entities=[proxy_entities(t) for t in texts],
        vectors=embed_cached(texts, log),
        titles=titles,
        bodies=bodies,
    )


# --------------------------------------------------------------------------------------------
# The synthetic stream


@dataclass(frozen=True)
class StreamSettings:
    articles: int
    articles_per_day: float = 913.0
    min_articles: int = 2
    max_articles: int = 8
    span_days: float = 3.0
    min_sentences: int = 3
    max_sentences: int = 6
    noise: float = 0.15
    jitter_hours: float = 2.0
    #: A seed waits this long before it starts another story (window + span + 1 day).
    reuse_gap_days: float = 11.0
    seed: int = 20260313

    @property
    def stories_per_day(self) -> float:
        return self.articles_per_day / ((self.min_articles + self.max_articles) / 2)


@dataclass
class StreamStats:
    stories: int = 0
    seed_reused_early: int = 0


class SyntheticArticle(NamedTuple):
    signal: ArticleSignal
    story: int


def synthetic_article(
    corpus: Corpus,
    settings: StreamSettings,
    rng: np.random.Generator,
    seed_story: int,
    published: datetime,
) -> ArticleSignal:
    titles, body = corpus.titles[seed_story], corpus.bodies[seed_story]
    title = int(titles[rng.integers(len(titles))])
    count = int(rng.integers(settings.min_sentences, settings.max_sentences + 1))
    picked = [int(i) for i in body[rng.integers(0, len(body), size=count)]]
    mean = corpus.vectors[[title, *picked]].mean(axis=0)
    noise = rng.standard_normal(DIMENSION).astype(np.float32)
    vector = mean + noise * np.float32(settings.noise / math.sqrt(DIMENSION))
    vector /= np.float32(np.linalg.norm(vector))
    mentions = Counter(key for i in picked for key in corpus.entities[i])
    ranked = sorted(mentions.items(), key=lambda kv: (-kv[1], kv[0]))[:MAX_ENTITIES]
    body_text = " ".join(corpus.texts[i] for i in picked)
    return ArticleSignal(
        vector=vector,
        entities=frozenset(key for key, _ in ranked),
        terms=terms(corpus.texts[title], body_text),
        figures=figures(corpus.texts[title], body_text),
        published=published,
    )


def synthetic_stream(
    corpus: Corpus, settings: StreamSettings, stats: StreamStats
) -> Iterator[SyntheticArticle]:
    """``settings.articles`` articles in arrival order, built lazily.

    Story starts are generated in time order; a story's articles wait in a heap keyed by arrival
    time (published + jitter) until the clock passes them, so the heap holds a few days of
    articles. Only (arrival, story, seed, published) waits there; the signal is built on yield.
    """
    rng = np.random.default_rng(settings.seed)
    free = list(range(corpus.seeds))
    in_use: list[tuple[float, int]] = []  # (day the seed is free again, seed)
    pending: list[tuple[float, int, int, int, float]] = []  # (arrival, tiebreak, story, seed, day)
    scheduled = 0
    clock = 0.0
    tiebreak = itertools.count()
    while scheduled < settings.articles or pending:
        if scheduled < settings.articles:
            clock += float(rng.exponential(1.0 / settings.stories_per_day))
        else:
            clock = math.inf
        while pending and pending[0][0] <= clock:
            _, _, story, seed_story, day = heapq.heappop(pending)
            published = EPOCH + timedelta(days=day)
            yield SyntheticArticle(
                synthetic_article(corpus, settings, rng, seed_story, published), story
            )
        if scheduled >= settings.articles:
            break
        while in_use and in_use[0][0] <= clock:
            free.append(heapq.heappop(in_use)[1])
        if free:
            seed_story = free.pop(int(rng.integers(len(free))))
        else:
            stats.seed_reused_early += 1
            seed_story = heapq.heappop(in_use)[1]
        heapq.heappush(in_use, (clock + settings.reuse_gap_days, seed_story))
        story = stats.stories
        stats.stories += 1
        size = int(rng.integers(settings.min_articles, settings.max_articles + 1))
        size = min(size, settings.articles - scheduled)
        scheduled += size
        offsets = [0.0, *rng.uniform(0.0, settings.span_days, size - 1).tolist()]
        for offset in offsets:
            day = clock + offset
            arrival = day + float(rng.uniform(0.0, settings.jitter_hours / 24))
            heapq.heappush(pending, (arrival, next(tiebreak), story, seed_story, day))


# --------------------------------------------------------------------------------------------
# The peer: exact brute-force centroid scan


class BruteForcePeer:
    """Cosine to every held story centroid, time window as a mask, join the best above a threshold.

    Rows stay in story-id order (eviction compacts in place), so argmax breaks ties towards the
    older story, as storylens does.
    """

    def __init__(
        self, threshold: float, window_days: float, evict_every: int, keep_all: bool
    ) -> None:
        self._threshold = np.float32(threshold)
        self._window = window_days * DAY_SECONDS
        self._evict_every = evict_every
        self._keep_all = keep_all
        self._sums = np.zeros((1024, DIMENSION), dtype=np.float32)
        self._units = np.zeros((1024, DIMENSION), dtype=np.float32)
        self._first = np.zeros(1024)
        self._last = np.zeros(1024)
        self._ids = np.zeros(1024, dtype=np.int64)
        self._size = 0
        self._next_id = 1
        self._newest = -math.inf
        self._since_eviction = 0

    def __len__(self) -> int:
        return self._size

    def memory_bytes(self) -> int:
        arrays = (self._sums, self._units, self._first, self._last, self._ids)
        return sum(a.nbytes for a in arrays)

    def assign(self, vector: Vectors, published: datetime) -> int:
        moment = published.timestamp()
        self._maybe_evict(moment)
        n = self._size
        if n:
            similarities = self._units[:n] @ vector
            apart = np.maximum(self._first[:n] - moment, moment - self._last[:n])
            similarities[apart > self._window] = -2.0
            row = int(np.argmax(similarities))
            if similarities[row] >= self._threshold:
                self._sums[row] += vector
                self._units[row] = self._sums[row] / np.linalg.norm(self._sums[row])
                self._first[row] = min(self._first[row], moment)
                self._last[row] = max(self._last[row], moment)
                return int(self._ids[row])
        if n == len(self._ids):
            self._grow()
        self._sums[n] = vector
        self._units[n] = vector
        self._first[n] = self._last[n] = moment
        self._ids[n] = self._next_id
        self._size += 1
        self._next_id += 1
        return self._next_id - 1

    def _grow(self) -> None:
        capacity = 2 * len(self._ids)
        self._sums = _resized(self._sums, capacity)
        self._units = _resized(self._units, capacity)
        self._first = _resized(self._first, capacity)
        self._last = _resized(self._last, capacity)
        self._ids = _resized(self._ids, capacity)

    def _maybe_evict(self, moment: float) -> None:
        self._newest = max(self._newest, moment)
        self._since_eviction += 1
        if self._keep_all or self._since_eviction < self._evict_every:
            return
        self._since_eviction = 0
        n = self._size
        keep = np.flatnonzero(self._last[:n] >= self._newest - 2 * self._window)
        for array in (self._sums, self._units, self._first, self._last, self._ids):
            array[: len(keep)] = array[keep]
        self._size = len(keep)


def _resized(array: npt.NDArray[Any], rows: int) -> npt.NDArray[Any]:
    grown = np.zeros((rows, *array.shape[1:]), dtype=array.dtype)
    grown[: len(array)] = array
    return grown


# --------------------------------------------------------------------------------------------
# Memory figures


def deep_size(root: object) -> int:
    """``sys.getsizeof`` summed over everything reachable, each object once (arrays that own
    their data include it)."""
    seen: set[int] = set()
    stack: list[object] = [root]
    total = 0
    while stack:
        obj = stack.pop()
        if id(obj) in seen:
            continue
        seen.add(id(obj))
        total += sys.getsizeof(obj)
        if isinstance(obj, dict):
            stack.extend(obj.keys())
            stack.extend(obj.values())
        elif isinstance(obj, list | tuple | set | frozenset | deque):
            stack.extend(obj)
        elif isinstance(obj, np.ndarray):
            if obj.base is not None:
                stack.append(obj.base)
        else:
            for cls in type(obj).__mro__:
                for slot in getattr(cls, "__slots__", ()):
                    if hasattr(obj, slot):
                        stack.append(getattr(obj, slot))
    return total


def rss_bytes() -> int:
    """Resident memory of this process now (Linux ``VmRSS``); peak from getrusage elsewhere."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def state_bytes(assigner: StoryAssigner) -> int:
    postings = getattr(assigner.index, "_postings", {})
    return deep_size((assigner.stories, postings))


# --------------------------------------------------------------------------------------------
# The run


@dataclass
class Window:
    start: int
    end: int
    seconds: float
    peer_seconds: float | None
    stories: int


@dataclass
class Run:
    checkpoints: list[dict[str, Any]] = field(default_factory=list)
    windows: list[Window] = field(default_factory=list)
    profile: str | None = None


def single_threaded_blas() -> contextlib.AbstractContextManager[object]:
    """Limit BLAS to one thread while timing, if threadpoolctl is there to do it."""
    try:
        from threadpoolctl import threadpool_limits  # type: ignore[import-untyped]
    except ImportError:
        return contextlib.nullcontext()
    limits: contextlib.AbstractContextManager[object] = threadpool_limits(1)
    return limits


def boundaries(total: int, checkpoints: Sequence[int], window: int) -> list[int]:
    """Window ends: every ``window`` articles, each checkpoint and ``window`` before each."""
    ends = set(range(window, total, window)) | {total}
    ends |= set(checkpoints) | {c - window for c in checkpoints if c > window}
    return sorted(e for e in ends if 0 < e <= total)


def rate(articles: int, seconds: float | None) -> float | None:
    return articles / seconds if seconds else None


def measure(
    corpus: Corpus,
    stream_settings: StreamSettings,
    settings: ClusterSettings,
    checkpoints: Sequence[int],
    window: int,
    peer: BruteForcePeer | None,
    peer_until: int,
    profile: bool,
    log: Callable[[str], None],
) -> tuple[Run, StreamStats]:
    stats = StreamStats()
    stream = synthetic_stream(corpus, stream_settings, stats)
    assigner = StoryAssigner(settings)
    total = checkpoints[-1]
    gold = np.zeros(total, dtype=np.int32)
    ours = np.zeros(total, dtype=np.int32)
    theirs = np.zeros(total, dtype=np.int32)
    rss_start = rss_bytes()
    run = Run()
    position = 0
    for end in boundaries(total, checkpoints, window):
        chunk = list(itertools.islice(stream, end - position))
        gold[position:end] = [a.story for a in chunk]
        started = time.perf_counter()
        for offset, article in enumerate(chunk):
            ours[position + offset] = assigner.assign(article.signal).story_id
        seconds = time.perf_counter() - started
        peer_seconds = None
        if peer is not None and end <= peer_until:
            started = time.perf_counter()
            for offset, article in enumerate(chunk):
                published = article.signal.published
                assert published is not None
                theirs[position + offset] = peer.assign(article.signal.vector, published)
            peer_seconds = time.perf_counter() - started
        run.windows.append(Window(position, end, seconds, peer_seconds, len(assigner.stories)))
        position = end
        if end in checkpoints:
            run.checkpoints.append(
                checkpoint(run.windows, window, assigner, peer, gold, ours, theirs, rss_start)
            )
            log(progress(run.checkpoints[-1]))
    if profile:
        chunk = list(itertools.islice(stream, window))
        profiler = cProfile.Profile()
        profiler.enable()
        for article in chunk:
            assigner.assign(article.signal)
        profiler.disable()
        text = io.StringIO()
        pstats.Stats(profiler, stream=text).sort_stats("tottime").print_stats(25)
        run.profile = text.getvalue()
    return run, stats


def checkpoint(
    windows: Sequence[Window],
    window: int,
    assigner: StoryAssigner,
    peer: BruteForcePeer | None,
    gold: Ids,
    ours: Ids,
    theirs: Ids,
    rss_start: int,
) -> dict[str, Any]:
    stored = windows[-1].end
    last = [w for w in windows if w.start >= stored - window]
    articles = sum(w.end - w.start for w in last)
    seconds = sum(w.seconds for w in last)
    peer_times = [w.peer_seconds for w in last]
    peer_seconds = None if None in peer_times else sum(t or 0.0 for t in peer_times)
    ours_rate = rate(articles, seconds)
    peer_rate = rate(articles, peer_seconds)
    index_bytes = assigner.index.memory_bytes()
    state = state_bytes(assigner)
    rss = rss_bytes()
    ours_scores = cluster_scores(gold[:stored], ours[:stored])
    result: dict[str, Any] = {
        "stored": stored,
        "window_articles": articles,
        "articles_per_second": round(ours_rate or 0.0, 1),
        "microseconds_per_article": round(1e6 * seconds / articles, 1),
        "index_bytes": index_bytes,
        "bytes_per_article": round(index_bytes / stored, 1),
        "index_vectors": len(assigner.index),
        "index_uses_graph": assigner.index.uses_graph,
        "stories_in_memory": len(assigner.stories),
        "entity_keys_posted": len(getattr(assigner.index, "_postings", {})),
        "state_bytes": state,
        "state_bytes_per_article": round(state / stored, 1),
        "rss_mb": round(rss / 2**20, 1),
        "rss_growth_mb": round((rss - rss_start) / 2**20, 1),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "scores": {
            "bcubed_f1": round(ours_scores.bcubed.f1, 4),
            "pairwise_f1": round(ours_scores.pairwise.f1, 4),
            "stories_predicted": ours_scores.stories_predicted,
            "stories_gold": ours_scores.stories_gold,
            "largest_predicted_story": int(np.bincount(ours[:stored]).max()),
        },
        "peer": None,
        "ratio_articles_per_second": None,
    }
    if peer is not None and peer_rate is not None:
        peer_scores = cluster_scores(gold[:stored], theirs[:stored])
        result["peer"] = {
            "articles_per_second": round(peer_rate, 1),
            "stories_in_memory": len(peer),
            "bytes": peer.memory_bytes(),
            "bcubed_f1": round(peer_scores.bcubed.f1, 4),
            "pairwise_f1": round(peer_scores.pairwise.f1, 4),
            "stories_predicted": peer_scores.stories_predicted,
            "largest_predicted_story": int(np.bincount(theirs[:stored]).max()),
        }
        result["ratio_articles_per_second"] = round((ours_rate or 0.0) / peer_rate, 3)
    return result


def progress(point: dict[str, Any]) -> str:
    peer = point["peer"]
    peer_text = f", peer {peer['articles_per_second']:,.0f}/s" if peer else ""
    return (
        f"  {point['stored']:>9,} stored: {point['articles_per_second']:,.0f} articles/s"
        f"{peer_text}, {point['stories_in_memory']:,} stories held, RSS {point['rss_mb']:,.0f} MB"
    )


def table(points: Sequence[dict[str, Any]]) -> str:
    header = (
        f"{'stored':>9}  {'art/s':>7}  {'peer/s':>7}  {'ratio':>6}  {'stories':>7}  "
        f"{'index MB':>8}  {'idx B/art':>9}  {'state MB':>8}  {'st B/art':>8}  {'RSS MB':>7}  "
        f"{'+RSS MB':>7}  "
        f"{'BCubed F1':>9}  {'peer F1':>7}"
    )
    lines = [header, "-" * len(header)]
    for p in points:
        peer = p["peer"]
        lines.append(
            f"{p['stored']:>9,}  {p['articles_per_second']:>7,.0f}  "
            f"{peer['articles_per_second'] if peer else float('nan'):>7,.0f}  "
            f"{p['ratio_articles_per_second'] or float('nan'):>6.2f}  "
            f"{p['stories_in_memory']:>7,}  {p['index_bytes'] / 2**20:>8.1f}  "
            f"{p['bytes_per_article']:>9,.1f}  {p['state_bytes'] / 2**20:>8.1f}  "
            f"{p['state_bytes_per_article']:>8,.1f}  {p['rss_mb']:>7,.0f}  "
            f"{p['rss_growth_mb']:>7,.0f}  "
            f"{p['scores']['bcubed_f1']:>9.3f}  "
            f"{peer['bcubed_f1'] if peer else float('nan'):>7.3f}"
        )
    return "\n".join(lines)


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor()


def git(*args: str) -> str | None:
    try:
        done = subprocess.run(
            ["git", *args], cwd=BENCH, capture_output=True, text=True, check=True, timeout=30
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.strip()


def code() -> dict[str, Any]:
    """Which storylens was measured: the checkout's commit, whether its ``src`` had uncommitted
    changes when the run started, and where the imported package lives (a run can point
    PYTHONPATH at a snapshot, e.g. ``git archive HEAD src``, to be safe from edits meanwhile)."""
    status = git("status", "--porcelain", "--", "src")
    return {
        "commit": git("rev-parse", "HEAD"),
        "src_modified": None if status is None else bool(status),
        "storylens_path": str(Path(storylens.__file__).parent),
    }


def machine() -> dict[str, Any]:
    return {
        "cpus": os.cpu_count(),
        "cpu": cpu_model(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "numpy": version("numpy"),
        "usearch": version("usearch"),
    }


def parse_checkpoints(text: str) -> list[int]:
    try:
        values = sorted({int(part.replace("_", "")) for part in text.split(",") if part.strip()})
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a list of integers: {text!r}") from exc
    if not values or values[0] <= 0:
        raise argparse.ArgumentTypeError("checkpoints must be positive integers")
    return values


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n", 1)[0])
    parser.add_argument("--articles", type=int, default=1_000_000, help="stream length")
    parser.add_argument(
        "--checkpoints",
        type=parse_checkpoints,
        default=list(DEFAULT_CHECKPOINTS),
        help="stored-article counts to report at (those above --articles are dropped; "
        "--articles itself is always one); default: 10000,100000,1000000",
    )
    parser.add_argument("--window", type=int, default=5000, help="articles timed per checkpoint")
    parser.add_argument("--articles-per-day", type=float, default=913.0)
    parser.add_argument("--seed", type=int, default=StreamSettings.seed)
    parser.add_argument("--peer-threshold", type=float, default=0.75)
    parser.add_argument(
        "--peer-until",
        type=int,
        default=None,
        help="stop running the peer after this many articles (default: the whole stream)",
    )
    parser.add_argument(
        "--peer-keep-all", action="store_true", help="the peer never evicts (naive design)"
    )
    parser.add_argument("--no-peer", action="store_true")
    parser.add_argument(
        "--profile", action="store_true", help="cProfile assign() on one more window at the end"
    )
    parser.add_argument("--data", type=Path, default=DATA, help=f"default: {DATA}")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"default: {DEFAULT_OUT}")
    args = parser.parse_args(argv)
    if args.articles <= 0 or args.window <= 0:
        parser.error("--articles and --window must be positive")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)

    def log(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    checkpoints = sorted({c for c in args.checkpoints if c <= args.articles} | {args.articles})
    stream_settings = StreamSettings(
        articles=args.articles + (args.window if args.profile else 0),
        articles_per_day=args.articles_per_day,
        seed=args.seed,
    )
    settings = ClusterSettings()
    measured = code()
    corpus = load_corpus(args.data, log)
    peer = (
        None
        if args.no_peer
        else BruteForcePeer(
            args.peer_threshold, settings.window_days, settings.evict_every, args.peer_keep_all
        )
    )
    peer_until = args.articles if args.peer_until is None else args.peer_until
    log(
        f"{args.articles:,} synthetic articles from {corpus.seeds:,} NeuS stories, "
        f"{args.articles_per_day:,.0f} a day over {args.articles / args.articles_per_day:,.0f} "
        f"days; checkpoints {', '.join(f'{c:,}' for c in checkpoints)}"
    )
    started = time.perf_counter()
    with single_threaded_blas() as limits:
        run, stats = measure(
            corpus,
            stream_settings,
            settings,
            checkpoints,
            args.window,
            peer,
            peer_until,
            args.profile,
            log,
        )
    elapsed = time.perf_counter() - started
    assign_seconds = sum(w.seconds for w in run.windows)
    print(table(run.checkpoints))
    ratios = [p for p in run.checkpoints if p["ratio_articles_per_second"] is not None]
    if ratios:
        print(
            "storylens/peer throughput: "
            + ", ".join(f"{p['ratio_articles_per_second']:.2f}x at {p['stored']:,}" for p in ratios)
        )
    print(
        f"assign() overall: {args.articles / assign_seconds:,.0f} articles/s "
        f"({assign_seconds:,.0f} s of {elapsed:,.0f} s wall); "
        f"{stats.stories:,} synthetic stories, seed reused early {stats.seed_reused_early:,} times"
    )
    if run.profile:
        print(run.profile)
    result = {
        "checkpoints": run.checkpoints,
        "series": [
            {
                "stored": w.end,
                "articles_per_second": round(rate(w.end - w.start, w.seconds) or 0.0, 1),
                "peer_articles_per_second": (
                    round(rate(w.end - w.start, w.peer_seconds) or 0.0, 1)
                    if w.peer_seconds
                    else None
                ),
                "stories_in_memory": w.stories,
            }
            for w in run.windows
        ],
        "assign_articles_per_second_overall": round(args.articles / assign_seconds, 1),
        "wall_seconds": round(elapsed, 1),
        "settings": asdict(settings),
        "stream": {
            **asdict(stream_settings),
            "articles": args.articles,
            "seeds": corpus.seeds,
            "sentences": len(corpus.texts),
            "synthetic_stories": stats.stories,
            "seed_reused_early": stats.seed_reused_early,
            "window": args.window,
        },
        "peer": None
        if peer is None
        else {
            "threshold": args.peer_threshold,
            "keep_all": args.peer_keep_all,
            "until": peer_until,
        },
        "profile": run.profile,
        "code": measured,
        "machine": {**machine(), "blas_one_thread": limits is not None},
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    partial = args.out.with_suffix(".json.tmp")
    partial.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    partial.replace(args.out)
    log(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
