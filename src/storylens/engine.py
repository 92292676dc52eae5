"""Wires the stages: read -> near-duplicates -> facts -> embeddings -> story -> store -> brief.

Articles are processed in batches so the models see many texts at once, but every decision
(copy or original, which story) is taken one article at a time in input order, so the same
input always gives the same stories. Each batch is written in one transaction.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from multiprocessing import get_context
from pathlib import Path
from typing import BinaryIO, NamedTuple, TypeVar

from datasketch import LeanMinHash

from storylens.brief.build import build_brief, revisions
from storylens.brief.schema import SCHEMA
from storylens.cluster import StoryAssigner, StoryState, article_signal, story_text
from storylens.cluster.refine import refine, state_of
from storylens.cluster.scorer import load_model
from storylens.cluster.topics import TopicAssigner, topic_title
from storylens.config import Settings
from storylens.dedup import CopyIndex, signature, signature_to_bytes
from storylens.embed import CPU, Encoder, encoder_for
from storylens.errors import IngestError, IngestWarning, StorylensError, WorkerError, named
from storylens.facts import extract_facts_each
from storylens.ingest import read_paths
from storylens.model import Article, ArticleFacts, IngestProblem, IngestReport, StoredArticle
from storylens.outlets import PublicationNames
from storylens.store import ArticleRecord, Store
from storylens.timing import Stopwatch

#: Name of the saved story index in the store.
INDEX = "stories"

Progress = Callable[[Article | IngestProblem], None]
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Reclustering:
    """What a refinement did: articles moved, stories changed or removed, ids redirected."""

    moved: int = 0
    changed: set[int] = field(default_factory=set)
    removed: set[int] = field(default_factory=set)
    redirects: dict[int, int] = field(default_factory=dict)


class _Original(NamedTuple):
    """An article that gets facts; ``revised`` is the id of the earlier version of the same
    page (same URL) when it is a revision."""

    article: Article
    signature: LeanMinHash
    revised: str | None


@dataclass(frozen=True, slots=True)
class _Copy:
    article: Article
    signature: LeanMinHash
    original: str
    similarity: float


class _Batch(NamedTuple):
    """A batch sorted before its story decisions: what was read, what is new, which new articles
    copy others, and, with several workers, the futures of the originals' facts."""

    articles: list[Article]
    problems: list[IngestProblem]
    fresh: list[Article]
    originals: list[_Original]
    copies: list[_Copy]
    facts: list[Future[list[ArticleFacts | str]]] | None


def _ahead(items: Iterator[T], depth: int) -> Iterator[T]:
    """The items in order, each drawn ``depth`` items before it is handed out, so that work its
    drawing starts (facts in the worker pool) runs while the earlier items are handled."""
    queue: deque[T] = deque()
    for item in items:
        queue.append(item)
        if len(queue) > depth:
            yield queue.popleft()
    yield from queue


def _batches(
    items: Iterable[Article | IngestError], size: int
) -> Iterator[list[Article | IngestError]]:
    batch: list[Article | IngestError] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def choose_title(articles: Sequence[StoredArticle]) -> str:
    """The story's title: the headline of its first report (earliest published, then first
    read), as that page reads now when it was revised."""
    originals = [s for s in articles if s.copy_of is None] or list(articles)
    first = min(
        range(len(originals)),
        key=lambda i: (
            originals[i].article.published is None,
            originals[i].article.published or 0,
            i,
        ),
    )
    latest = revisions(originals).get(originals[first].article.id)
    by_id = {s.article.id: s.article for s in originals}
    return by_id[latest].title if latest else originals[first].article.title


class Ingestor:
    """One ingest session over a store: loads the copy index and story states once, then reads."""

    def __init__(
        self,
        store: Store,
        settings: Settings | None = None,
        encoder: Encoder | None = None,
    ) -> None:
        self.store = store
        # Held until close(): the story ids handed out below come from the stories loaded now.
        store.lock_for_writing()
        self._locked = True
        self.settings = settings or Settings()
        self.watch = Stopwatch()
        self._pool: ProcessPoolExecutor | None = None
        self._encoder = encoder
        self._copies = CopyIndex(self.settings.dedup)
        self._story_of: dict[str, int] = {}
        self._url_of: dict[str, str] = {}
        #: Ids of new articles sorted ahead but not yet written: read again, they are unchanged.
        self._pending: set[str] = set()
        for article_id, sig, story_id, url in store.originals():
            self._copies.add(article_id, sig)
            self._story_of[article_id] = story_id
            if url:
                self._url_of[article_id] = url
        newest = store.latest_published()
        since = self._active_since(newest)
        active = store.story_states(since)
        self._assigner = StoryAssigner(
            self.settings.cluster, active, saved_index=store.load_index(INDEX, len(active))
        )
        self._topics = TopicAssigner(
            self.settings.cluster.topic_link_days,
            store.topic_states(),
            self._followable(active, since is None, newest),
            threshold=self.settings.cluster.topic_probability,
        )
        self._outlets = PublicationNames(store.outlet_names())

    def _followable(
        self, active: list[StoryState], every_story: bool, newest: datetime | None
    ) -> list[StoryState]:
        """The stories a new story may continue the topic of: those that ended within the
        link window of the ``newest`` publication, shared with the assigner's when it holds
        ``every_story``, else read for it."""
        if newest is None:
            return active
        horizon = newest - timedelta(days=self.settings.cluster.topic_link_days)
        if not every_story:
            return self.store.story_states(horizon)
        return [s for s in active if s.last is None or s.last >= horizon]

    def _active_since(self, newest: datetime | None) -> datetime | None:
        """Load every story while they fit in memory, so an archive read out of order still
        finds its stories; beyond ``max_loaded_stories`` only those active near the
        ``newest`` publication."""
        if newest is None or self.store.story_count() <= self.settings.cluster.max_loaded_stories:
            return None
        return newest - timedelta(days=2 * self.settings.cluster.window_days)

    @property
    def encoder(self) -> Encoder:
        if self._encoder is None:
            self._encoder = encoder_for(self.settings.embed.device)
        return self._encoder

    def ingest(
        self,
        paths: Sequence[str | Path],
        progress: Progress | None = None,
        stdin: BinaryIO | None = None,
    ) -> IngestReport:
        report = IngestReport()
        first_new_id = self._assigner.next_id
        items = self.watch.timed("read", read_paths(paths, self.settings.ingest, stdin=stdin))
        # Story decisions stay in reading order; with several workers the next batches may be
        # sorted (copies found, facts started in the pool) while this one is placed and stored.
        sorted_batches = map(self._sort, _batches(items, self.settings.ingest.batch_size))
        try:
            for batch in _ahead(sorted_batches, self._prefetch()):
                self._ingest_batch(batch, report, progress)
        except BrokenProcessPool as exc:
            self._stop_pool()  # a broken pool takes no more work; the next ingest starts one
            raise WorkerError(
                f"a fact-extraction worker stopped unexpectedly ({exc}); what was stored "
                "before is kept, and running the same ingest again continues from there"
            ) from exc
        # Stories an interrupted earlier run changed but never finished (refined, placed in a
        # topic, briefed) are finished now, as if that run had completed.
        unfinished = set(self.store.stale_briefs())
        if report.stories_touched or unfinished:
            with self.watch.stage("refine"):
                refined = self.recluster(self._neighbourhood(report.stories_touched | unfinished))
                report.stories_touched |= refined.changed
                report.stories_touched -= refined.removed
                unfinished -= refined.removed
                self.place_topics(report.stories_touched | unfinished)
        # Opened by this ingest and still there after refinement, the stories it split out too.
        report.new_stories = {s for s in report.stories_touched if s >= first_new_id}
        with self.watch.stage("store"):
            self.store.save_index(
                INDEX, self._assigner.index.to_bytes(), len(self._assigner.stories)
            )
        with self.watch.stage("brief"):
            report.errors.extend(self.refresh_briefs(report.stories_touched | unfinished))
        report.seconds = dict(self.watch.seconds)
        return report

    def _prefetch(self) -> int:
        """Batches to sort ahead of the one being placed (``IngestSettings.prefetch_batches``)."""
        settings = self.settings.ingest
        if settings.workers <= 1:
            return 0
        if settings.prefetch_batches is not None:
            return settings.prefetch_batches
        return 0 if self.settings.embed.device == CPU else 2

    def _sort(self, batch: list[Article | IngestError]) -> _Batch:
        """Unchanged articles, copies and originals of a batch, in reading order; the
        originals' facts start in the worker pool when there is one."""
        problems = [
            IngestProblem(i.origin, i.reason, warning=isinstance(i, IngestWarning))
            for i in batch
            if isinstance(i, IngestError)
        ]
        articles = [i for i in batch if isinstance(i, Article)]
        known = self.store.existing_ids(a.id for a in articles) | self._pending
        fresh: list[Article] = []
        for article in articles:
            if article.id not in known:
                known.add(article.id)
                fresh.append(article)
        self._pending.update(a.id for a in fresh)
        with self.watch.stage("dedup"):
            originals, copies = self._split_copies(fresh)
        facts = self._start_facts([o.article for o in originals])
        return _Batch(articles, problems, fresh, originals, copies, facts)

    def _ingest_batch(
        self,
        batch: _Batch,
        report: IngestReport,
        progress: Progress | None,
    ) -> None:
        articles, problems, fresh, originals, copies, started = batch
        report.unchanged += len(articles) - len(fresh)
        records, states, unread = self._place(originals, copies, started)
        problems = [*problems, *unread]
        # Stored in reading order, whatever the batch size, so citations number the same way.
        position = {article.id: i for i, article in enumerate(fresh)}
        records.sort(key=lambda r: position[r.article.id])
        touched = {r.story_id for r in records}
        with self.watch.stage("store"):
            self.store.write_batch(
                records,
                [states[s] for s in sorted(states)],
                {r.story_id: r.article.title for r in reversed(records)},
            )
            self.store.add_errors(problems, read=(a.origin for a in articles))
            # A publisher's name and its domain are one outlet, whichever came first
            # ("Reuters" from a page without a URL, and reuters.com).
            renamed = self._outlets.renamed_by(a.outlet for a in articles)
            touched |= self.store.rename_outlets(renamed)
        self._pending.difference_update(a.id for a in fresh)
        report.errors.extend(p for p in problems if not p.warning)
        report.warnings.extend(p for p in problems if p.warning)
        report.added += len(originals)
        report.copies += len(copies)
        report.stories_touched.update(touched)
        if progress is not None:
            for article in articles:
                progress(article)
            for problem in problems:
                progress(problem)

    def _split_copies(self, fresh: list[Article]) -> tuple[list[_Original], list[_Copy]]:
        """Originals (new articles and revisions) and copies, in reading order.

        A near-copy under the URL of the article it copies is that page revised (a toll
        updated in place, a correction), not syndication: it is kept as an original with its
        own facts, in its first version's story, so the brief can show what changed.
        """
        originals: list[_Original] = []
        copies: list[_Copy] = []
        for article in fresh:
            sig = signature(f"{article.title}\n{article.text}", self.settings.dedup)
            found = self._copies.find_original(sig)
            revised = None
            if found is not None and article.url and self._url_of.get(found[0]) == article.url:
                revised = found[0]
            if found is None or revised is not None:
                self._copies.add(article.id, sig)
                if article.url:
                    self._url_of[article.id] = article.url
                originals.append(_Original(article, sig, revised))
            else:
                copies.append(_Copy(article, sig, found[0], found[1]))
        return originals, copies

    def _place(
        self,
        originals: list[_Original],
        copies: list[_Copy],
        started: list[Future[list[ArticleFacts | str]]] | None,
    ) -> tuple[list[ArticleRecord], dict[int, StoryState], list[IngestProblem]]:
        """Facts and vectors for the originals, batched; then one story decision per article.

        Returns the records to write, the states of the stories its articles joined, and a
        warning for each article whose facts could not be found: it is stored without them
        (placed by its title and lead, absent from briefs' claims), as its text is sound and
        copies of it may follow. The states are taken as each article joins: a
        story may leave memory later in the batch (eviction) and must still be written. Copies
        change no state, so a story they join may have left memory long ago; so may the story a
        revision joins, whose stored state then stands.
        """
        articles = [o.article for o in originals]
        with self.watch.stage("facts"):  # with workers: the wait for what they have left
            if started is None:
                found = extract_facts_each(articles)
            else:
                found = [f for future in started for f in future.result()]
        facts = [f if isinstance(f, ArticleFacts) else ArticleFacts() for f in found]
        unread = [
            IngestProblem(
                article.origin,
                f"its facts could not be found ({reason}); stored without them",
                warning=True,
            )
            for article, reason in zip(articles, found, strict=True)
            if isinstance(reason, str)
        ]
        lead = self.settings.cluster.lead_chars
        with self.watch.stage("embed"):
            vectors = self.encoder.encode([story_text(a, lead) for a in articles])
            sentences = [s.text for f in facts for s in f.sentences]
            sentence_vectors = self.encoder.encode(sentences)
        records: list[ArticleRecord] = []
        states: dict[int, StoryState] = {}
        offset = 0
        for (article, sig, revised), article_facts, vector in zip(
            originals, facts, vectors, strict=True
        ):
            count = len(article_facts.sentences)
            with self.watch.stage("assign"):
                signal = article_signal(article, article_facts, vector)
                if revised is not None:  # a revision stays with its first version
                    story_id = self._story_of[revised]
                    joined = self._assigner.join(story_id, signal)
                else:
                    story_id = self._assigner.assign(signal).story_id
                    joined = self._assigner.stories[story_id]
            if joined is not None:
                states[story_id] = joined
            self._story_of[article.id] = story_id
            records.append(
                ArticleRecord(
                    article=article,
                    story_id=story_id,
                    minhash=signature_to_bytes(sig),
                    facts=article_facts,
                    vector=vector,
                    sentence_vectors=sentence_vectors[offset : offset + count],
                )
            )
            offset += count
        for copy in copies:
            records.append(
                ArticleRecord(
                    article=copy.article,
                    story_id=self._story_of[copy.original],
                    minhash=signature_to_bytes(copy.signature),
                    copy_of=copy.original,
                    similarity=copy.similarity,
                )
            )
        return records, states, unread

    def _start_facts(
        self, articles: list[Article]
    ) -> list[Future[list[ArticleFacts | str]]] | None:
        """With several workers, the articles' facts start in the process pool, one chunk per
        worker, their futures in reading order; with one, None: they are extracted in this
        process when the batch is placed."""
        workers = self.settings.ingest.workers
        if workers <= 1 or len(articles) < 2:
            return None
        if self._pool is None:
            # spawn, not fork: forking a process that already runs onnxruntime's threads is unsafe.
            self._pool = ProcessPoolExecutor(workers, mp_context=get_context("spawn"))
        size = -(-len(articles) // workers)
        return [
            self._pool.submit(extract_facts_each, articles[i : i + size])
            for i in range(0, len(articles), size)
        ]

    def close(self) -> None:
        """Stop the worker processes, if any were started, and let other writers in."""
        self._stop_pool()
        if self._locked:
            self._locked = False
            self.store.unlock()

    def _stop_pool(self) -> None:
        if self._pool is not None:
            # Facts started for batches that will not be placed (an error stopped the ingest)
            # are not waited for.
            self._pool.shutdown(cancel_futures=True)
            self._pool = None

    def _neighbourhood(self, story_ids: Iterable[int]) -> set[int]:
        """The stories plus the candidates their centroids would meet: what a refinement of
        just these stories must look at to merge them with older ones."""
        found = set(story_ids)
        for story_id in sorted(found):
            state = self._assigner.stories.get(story_id)
            if state is not None:
                found.update(self._assigner.index.candidates(state.as_signal()))
        return found

    def recluster(self, story_ids: Iterable[int] | None = None) -> Reclustering:
        """Refine stories (all of them when ``story_ids`` is None) and store the result."""
        material = self.store.signal_material(story_ids)
        signals = {
            a.id: article_signal(a, ArticleFacts(entities=entities), vector)
            for a, entities, vector, _ in material
        }
        before = {a.id: story_id for a, _, _, story_id in material}
        if not before:
            return Reclustering()
        result = refine(
            signals,
            before,
            [a.id for a, _, _, _ in material],
            load_model(),
            self.settings.cluster,
            self._assigner.next_id,
        )
        changed = result.changed(before)
        if not changed:
            return Reclustering()
        members: dict[int, list[str]] = {}
        for article_id in before:
            members.setdefault(result.story_of[article_id], []).append(article_id)
        states = [
            state_of(story_id, [signals[a] for a in members[story_id]])
            for story_id in sorted(changed)
            if story_id in members
        ]
        removed = {s for s in changed if s not in members}
        for state in states:
            previous = self._assigner.stories.get(state.id)
            state.topic = previous.topic if previous is not None else None
        title_of = {a.id: a.title for a, _, _, _ in material}
        titles = {s.id: title_of[members[s.id][0]] for s in states}
        self.store.apply_refinement(result.story_of, states, removed, result.redirects, titles)
        self._assigner.replace(states, removed)
        self._topics.replace(states, removed)
        return Reclustering(result.moved, changed - removed, removed, dict(result.redirects))

    def place_topics(self, story_ids: Iterable[int]) -> None:
        """Give every story that has no topic yet its topic, and store both; a story that has
        left memory (an ingest of thousands of articles) is read back for it."""
        wanted = set(story_ids) | set(self.store.topicless_stories())
        states = {s: self._assigner.stories[s] for s in wanted if s in self._assigner.stories}
        missing = wanted - set(states)
        if missing:
            states.update((s.id, s) for s in self.store.story_states(ids=missing))
        placed: dict[int, int] = {}
        for story_id in sorted(states):
            state = states[story_id]
            if state.topic is None:
                placed[story_id] = self._topics.place(state).topic_id
        if placed:
            topics = [self._topics.topics[t] for t in sorted(set(placed.values()))]
            writing = self.store.writing_in_topics(placed)
            self.store.write_topics(
                topics, {t.id: topic_title(t.entities, writing.get(t.id, ())) for t in topics}
            )
            self.store.set_topics(placed)

    def refresh_briefs(self, story_ids: Iterable[int]) -> list[IngestProblem]:
        """Rebuild and store the brief (and title) of every story that changed.

        A brief that cannot be built is that story's error, not the run's: it is returned and
        recorded (``storylens errors``, as "brief of story N"), the story keeps its last
        brief, marked stale, and the next ingest or recluster tries again.
        """
        problems: list[IngestProblem] = []
        built: list[str] = []
        for story_id in sorted(story_ids):
            origin = f"brief of story {story_id}"
            try:
                self._refresh_brief(story_id)
            except StorylensError:
                raise  # the store's: the run cannot go on
            except Exception as exc:  # the brief's stages failed on this story's articles
                problems.append(IngestProblem(origin, f"could not be built ({named(exc)})"))
            else:
                built.append(origin)
        self.store.add_errors(problems, read=built)
        return problems

    def _refresh_brief(self, story_id: int) -> None:
        articles, vectors = self.store.story_articles(story_id)
        title = choose_title(articles)
        self.store.set_title(story_id, title)
        brief = build_brief(
            story_id,
            title,
            articles,
            vectors,
            self.settings.brief,
            self.store.topic_of(story_id),
        )
        self.store.save_brief(story_id, SCHEMA, brief.to_json())


def ingest(
    paths: Sequence[str | Path],
    db: str | Path,
    settings: Settings | None = None,
    progress: Progress | None = None,
    stdin: BinaryIO | None = None,
) -> IngestReport:
    """Read every path into the store at ``db``: the whole main job, as the CLI runs it."""
    with Store(db) as store:
        ingestor = Ingestor(store, settings)
        try:
            return ingestor.ingest(paths, progress=progress, stdin=stdin)
        finally:
            ingestor.close()
