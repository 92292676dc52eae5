"""The one place that talks to the database; every other stage gets and gives plain objects.

A ``Store`` wraps a SQLAlchemy engine. Writes that belong together (a batch of articles, their
facts, copies and the stories they change) happen in one transaction, so an interrupted ingest
leaves whole batches or nothing, and a re-run picks up where it stopped.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from sqlalchemy import Engine, create_engine, delete, event, func, select, update
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from storylens.cluster import StoryState
from storylens.embed import Vectors
from storylens.errors import NotFoundError, StoreError
from storylens.model import (
    Article,
    ArticleFacts,
    Entity,
    IngestProblem,
    StoredArticle,
    StorySummary,
    TopicSummary,
)
from storylens.store.facts_codec import facts_to_rows, rows_to_facts, sentence_vectors
from storylens.store.tables import (
    ArticleRow,
    Base,
    BriefRow,
    CopyRow,
    FactRow,
    IndexSnapshotRow,
    IngestErrorRow,
    StoryRedirectRow,
    StoryRow,
    TopicRow,
    migrate_outlets,
    upgrade,
)
from storylens.store.writer import WriterLock

if TYPE_CHECKING:
    from datasketch import LeanMinHash

DEFAULT_DB = "storylens.db"


def database_url(db: str | Path) -> str:
    """A file path means SQLite; anything with ``://`` is taken as a SQLAlchemy URL."""
    text = str(db)
    if "://" in text:
        if text.startswith(("postgresql://", "postgres://")):
            # psycopg 3 is the driver we ship; SQLAlchemy's bare scheme means psycopg2.
            return "postgresql+psycopg://" + text.split("://", 1)[1]
        return text
    return f"sqlite:///{Path(text).expanduser()}"


@dataclass(frozen=True, slots=True)
class ArticleRecord:
    """Everything the engine computed for one article, written to the store in one go."""

    article: Article
    story_id: int
    minhash: bytes
    facts: ArticleFacts | None = None
    vector: Vectors | None = None
    sentence_vectors: Vectors | None = None
    copy_of: str | None = None
    similarity: float = 0.0


def _now() -> datetime:
    return datetime.now(UTC)


#: Characters of an article's text read for how it writes the names of its topic.
NAME_LEAD_CHARS = 1000


class Store:
    """Articles, facts, copies, stories, briefs and ingest errors in one database."""

    def __init__(self, db: str | Path = DEFAULT_DB, *, create: bool = True) -> None:
        """Open ``db``; ``create=False`` for readers: a mistyped path is then an error instead
        of a new, empty database (and an empty listing that looks like lost data)."""
        self.url = database_url(db)
        if "://" not in str(db):
            path = Path(db).expanduser()
            if not create and not path.exists():
                raise StoreError(
                    f"no database at {db}; `storylens ingest PATH --db {db}` creates one"
                )
            # A new SQLite file in a folder that does not exist yet is what `--db out/x.db` means.
            path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._engine: Engine = create_engine(self.url)
            if self._engine.dialect.name == "sqlite":
                event.listen(self._engine, "connect", _sqlite_pragmas)
            Base.metadata.create_all(self._engine)
            upgrade(self._engine)
            migrate_outlets(self._engine)
        except (SQLAlchemyError, ImportError) as exc:
            raise StoreError(f"cannot open the database {db}: {exc}") from exc
        self._writer = WriterLock(self._engine, str(db))

    def close(self) -> None:
        self._writer.release_all()
        self._engine.dispose()

    def lock_for_writing(self) -> None:
        """Become the database's one writer, or raise ``BusyError`` at once (see
        ``store/writer.py``). Re-entrant: each call is matched by ``unlock``."""
        self._writer.acquire()

    def unlock(self) -> None:
        self._writer.release()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _session(self) -> Iterator[Session]:
        """A session whose work commits together or not at all; DB errors become StoreError."""
        try:
            with Session(self._engine, expire_on_commit=False) as session, session.begin():
                yield session
        except SQLAlchemyError as exc:
            raise StoreError(f"database error on {self._engine.url!r}: {exc}") from exc

    # -- ingest side -------------------------------------------------------------------------

    def existing_ids(self, ids: Iterable[str]) -> set[str]:
        wanted = list(set(ids))
        found: set[str] = set()
        with self._session() as session:
            for begin in range(0, len(wanted), 500):
                chunk = wanted[begin : begin + 500]
                found.update(session.scalars(select(ArticleRow.id).where(ArticleRow.id.in_(chunk))))
        return found

    def originals(self) -> Iterator[tuple[str, LeanMinHash, int, str | None]]:
        """Every stored original (not a copy), oldest first: id, MinHash signature, story id
        and URL."""
        copies = select(CopyRow.article_id)
        query = (
            select(ArticleRow.id, ArticleRow.minhash, ArticleRow.story_id, ArticleRow.url)
            .where(ArticleRow.id.not_in(copies))
            .order_by(ArticleRow.seq)
        )
        # Imported here: datasketch loads SciPy (a second), which the commands that only read
        # stories and briefs never need.
        from storylens.dedup import signature_from_bytes

        with self._session() as session:
            rows = session.execute(query).all()
        for article_id, minhash, story_id, url in rows:
            yield article_id, signature_from_bytes(minhash), story_id, url

    def set_title(self, story_id: int, title: str) -> None:
        with self._session() as session:
            row = session.get(StoryRow, story_id)
            if row is None:
                raise NotFoundError(f"no story with id {story_id}")
            row.title = title

    def story_states(
        self, active_since: datetime | None = None, ids: Iterable[int] | None = None
    ) -> list[StoryState]:
        """Stories as assignment needs them; with ``active_since``, only those updated by an
        article published since then (and undated ones): the rest cannot take new articles;
        with ``ids``, only those stories."""
        query = select(StoryRow).order_by(StoryRow.id)
        if active_since is not None:
            query = query.where(
                StoryRow.last_published.is_(None) | (StoryRow.last_published >= active_since)
            )
        if ids is not None:
            query = query.where(StoryRow.id.in_(sorted(set(ids))))
        with self._session() as session:
            rows = session.scalars(query).all()
        return [
            StoryState(
                id=row.id,
                vector_sum=np.frombuffer(row.vector_sum, dtype="<f4").copy(),
                count=row.vector_count,
                entities=Counter({str(k): int(v) for k, v in row.entities.items()}),
                terms=Counter({str(k): int(v) for k, v in row.terms.items()}),
                figures=Counter({str(k): int(v) for k, v in (row.figures or {}).items()}),
                figured=row.figured or 0,
                language=row.language or "",
                first=row.first_published,
                last=row.last_published,
                topic=row.topic_id,
            )
            for row in rows
        ]

    def story_count(self) -> int:
        with self._session() as session:
            return session.scalar(select(func.count()).select_from(StoryRow)) or 0

    def latest_published(self) -> datetime | None:
        with self._session() as session:
            return session.scalar(select(func.max(StoryRow.last_published)))

    def save_index(self, name: str, data: bytes, entries: int) -> None:
        with self._session() as session:
            session.merge(IndexSnapshotRow(name=name, data=data, entries=entries, built_at=_now()))

    def load_index(self, name: str, entries: int) -> bytes | None:
        """The saved index if it still matches the store: as many entries as active stories,
        and built after the last change to any story."""
        with self._session() as session:
            row = session.get(IndexSnapshotRow, name)
            if row is None or row.entries != entries:
                return None
            changed = session.scalar(select(func.max(StoryRow.updated_at)))
            if changed is not None and changed > row.built_at:
                return None
            return bytes(row.data)

    def topic_states(self) -> list[StoryState]:
        with self._session() as session:
            rows = session.scalars(select(TopicRow).order_by(TopicRow.id)).all()
        return [
            StoryState(
                id=row.id,
                vector_sum=np.frombuffer(row.vector_sum, dtype="<f4").copy(),
                count=row.story_count,
                entities=Counter({str(k): int(v) for k, v in row.entities.items()}),
            )
            for row in rows
        ]

    def write_topics(self, topics: Sequence[StoryState], titles: dict[int, str]) -> None:
        """Topic states first, then the stories' topic ids, in one transaction."""
        now = _now()
        with self._session() as session:
            for topic in topics:
                row = session.get(TopicRow, topic.id)
                if row is None:
                    row = TopicRow(id=topic.id)
                    session.add(row)
                row.title = titles[topic.id]
                row.vector_sum = np.asarray(topic.vector_sum, dtype="<f4").tobytes()
                row.story_count = topic.count
                row.entities = dict(topic.entities)
                row.updated_at = now

    def set_topics(self, topic_of: dict[int, int]) -> None:
        with self._session() as session:
            for story_id, topic_id in sorted(topic_of.items()):
                row = session.get(StoryRow, story_id)
                if row is not None:
                    row.topic_id = topic_id

    def topics(self) -> list[TopicSummary]:
        """Every topic with its stories, articles and outlets, largest first."""
        with self._session() as session:
            topics = session.scalars(select(TopicRow)).all()
            stories = session.execute(
                select(
                    StoryRow.topic_id,
                    StoryRow.id,
                    StoryRow.article_count,
                    StoryRow.first_published,
                    StoryRow.last_published,
                )
            ).all()
            outlets = session.execute(
                select(StoryRow.topic_id, ArticleRow.outlet)
                .join(ArticleRow, ArticleRow.story_id == StoryRow.id)
                .distinct()
            ).all()
        summaries = []
        for topic in topics:
            mine = [s for s in stories if s.topic_id == topic.id]
            times = [t for s in mine for t in (s.first_published, s.last_published) if t]
            summaries.append(
                TopicSummary(
                    id=topic.id,
                    title=topic.title,
                    stories=tuple(sorted(s.id for s in mine)),
                    articles=sum(s.article_count for s in mine),
                    outlets=tuple(sorted({o for t, o in outlets if t == topic.id})),
                    first_published=min(times, default=None),
                    last_published=max(times, default=None),
                )
            )
        return sorted(summaries, key=lambda t: (-t.articles, t.id))

    def outlet_names(self) -> set[str]:
        """Every outlet the store holds articles of."""
        with self._session() as session:
            return set(session.scalars(select(ArticleRow.outlet).distinct()))

    def rename_outlets(self, renamed: dict[str, str]) -> set[int]:
        """Give the articles of each old outlet name its new one (a publisher's name that
        turned out to be a domain's publication); returns the stories changed, marked so, as
        their briefs name the outlets."""
        if not renamed:
            return set()
        now = _now()
        with self._session() as session:
            stories = set(
                session.scalars(
                    select(ArticleRow.story_id).where(ArticleRow.outlet.in_(sorted(renamed)))
                )
            )
            for old, new in sorted(renamed.items()):
                session.execute(
                    update(ArticleRow).where(ArticleRow.outlet == old).values(outlet=new)
                )
            session.execute(
                update(StoryRow).where(StoryRow.id.in_(sorted(stories))).values(updated_at=now)
            )
        return stories

    def topicless_stories(self) -> list[int]:
        """Stories not yet placed in a topic (an interrupted run, or a store from before
        topics were placed for every story)."""
        query = select(StoryRow.id).where(StoryRow.topic_id.is_(None)).order_by(StoryRow.id)
        with self._session() as session:
            return list(session.scalars(query))

    def writing_in_topics(self, placed: dict[int, int]) -> dict[int, list[str]]:
        """How the topics that ``placed`` (story id -> topic id, not yet stored) puts stories
        in write their names: the title each of their stories shows, then the titles and leads
        of the articles of the stories just placed, in the order they came. A name written only
        in a lead ("SoftBank", "BBC") is so written; only a batch's stories are read in full,
        so that a topic of thousands of articles is not read again each time it grows."""
        topics = sorted(set(placed.values()))
        shown = (
            select(StoryRow.id, StoryRow.topic_id, StoryRow.title)
            .where(StoryRow.topic_id.in_(topics) | StoryRow.id.in_(sorted(placed)))
            .order_by(StoryRow.id)
        )
        articles = (
            select(
                ArticleRow.story_id,
                ArticleRow.title,
                func.substr(ArticleRow.text, 1, NAME_LEAD_CHARS),
            )
            .where(ArticleRow.story_id.in_(sorted(placed)))
            .order_by(ArticleRow.story_id, ArticleRow.seq)
        )
        writing: dict[int, list[str]] = {}
        with self._session() as session:
            for story_id, topic_id, title in session.execute(shown):
                topic = placed.get(story_id, topic_id)
                if topic is not None:
                    writing.setdefault(topic, []).append(title)
            for story_id, title, lead in session.execute(articles):
                writing.setdefault(placed[story_id], []).extend((title, lead))
        return writing

    def topic_of(self, story_id: int) -> tuple[int, str] | None:
        with self._session() as session:
            row = session.get(StoryRow, _resolve(session, story_id))
            if row is None or row.topic_id is None:
                return None
            topic = session.get(TopicRow, row.topic_id)
            return None if topic is None else (topic.id, topic.title)

    def write_batch(
        self,
        records: Sequence[ArticleRecord],
        stories: Sequence[StoryState],
        titles: dict[int, str],
    ) -> None:
        """Articles, their facts and copies, and the stories they changed, in one transaction.

        ``titles`` names new stories; an existing story keeps its title (the brief refresh sets it).
        """
        now = _now()
        with self._session() as session:
            seq = session.scalar(select(func.coalesce(func.max(ArticleRow.seq), 0))) or 0
            _upsert_states(session, stories, titles, now)
            for record in records:
                seq += 1
                session.add(_article_row(record, seq, now))
                session.flush()
                if record.copy_of is not None:
                    session.add(
                        CopyRow(
                            article_id=record.article.id,
                            original_id=record.copy_of,
                            similarity=record.similarity,
                        )
                    )
                if record.facts is not None:
                    session.add_all(
                        facts_to_rows(record.article.id, record.facts, record.sentence_vectors)
                    )
            session.flush()
            _recount(session, {record.story_id for record in records})

    def signal_material(
        self, story_ids: Iterable[int] | None = None
    ) -> list[tuple[Article, tuple[Entity, ...], Vectors, int]]:
        """What refinement needs per original article, in reading order: the article, its
        entities, its story vector and its story id (all stories when ``story_ids`` is None)."""
        query = select(ArticleRow).where(
            ArticleRow.id.not_in(select(CopyRow.article_id)), ArticleRow.vector.is_not(None)
        )
        if story_ids is not None:
            query = query.where(ArticleRow.story_id.in_(sorted(set(story_ids))))
        with self._session() as session:
            rows = session.scalars(query.order_by(ArticleRow.seq)).all()
            entities: dict[str, list[FactRow]] = {}
            ids = [row.id for row in rows]
            for begin in range(0, len(ids), 500):
                for fact in session.scalars(
                    select(FactRow).where(
                        FactRow.article_id.in_(ids[begin : begin + 500]), FactRow.kind == "entity"
                    )
                ):
                    entities.setdefault(fact.article_id, []).append(fact)
        return [
            (
                _article(row),
                rows_to_facts(entities.get(row.id, [])).entities,
                np.frombuffer(row.vector or b"", dtype="<f4").copy(),
                row.story_id,
            )
            for row in rows
        ]

    def apply_refinement(
        self,
        story_of: dict[str, int],
        states: Sequence[StoryState],
        removed: Iterable[int],
        redirects: dict[int, int],
        titles: dict[int, str],
    ) -> None:
        """Move articles (and their copies), rewrite changed stories, retire merged ones, and
        record redirects: one transaction, so a failed refinement changes nothing."""
        now = _now()
        with self._session() as session:
            _upsert_states(session, states, titles, now)
            for article_id, story_id in sorted(story_of.items()):
                article = session.get(ArticleRow, article_id)
                if article is not None and article.story_id != story_id:
                    article.story_id = story_id
                    for copy in session.scalars(
                        select(ArticleRow).where(
                            ArticleRow.id.in_(
                                select(CopyRow.article_id).where(CopyRow.original_id == article_id)
                            )
                        )
                    ):
                        copy.story_id = story_id
            session.flush()
            for old_id, new_id in sorted(redirects.items()):
                session.merge(StoryRedirectRow(old_id=old_id, new_id=new_id, at=now))
                for earlier in session.scalars(
                    select(StoryRedirectRow).where(StoryRedirectRow.new_id == old_id)
                ):
                    earlier.new_id = new_id
            for story_id in sorted(set(removed)):
                brief = session.get(BriefRow, story_id)
                if brief is not None:
                    session.delete(brief)
                row = session.get(StoryRow, story_id)
                if row is not None:
                    session.delete(row)
            session.flush()
            _recount(session, {state.id for state in states})

    def resolve(self, story_id: int) -> int:
        """The id a story now has: itself, or where a refinement merge sent it."""
        with self._session() as session:
            return _resolve(session, story_id)

    def add_errors(self, problems: Sequence[IngestProblem], read: Iterable[str] = ()) -> None:
        """Record what could not be read, one entry per file or item: the same item failing
        again replaces its entry, and one read since (``read``, the origins of articles read)
        loses it. So ``storylens errors`` lists what is wrong now, not every attempt."""
        origins = sorted({p.origin for p in problems} | set(read))
        if not origins:
            return
        now = _now()
        with self._session() as session:
            for begin in range(0, len(origins), 500):
                chunk = origins[begin : begin + 500]
                session.execute(delete(IngestErrorRow).where(IngestErrorRow.origin.in_(chunk)))
            session.add_all(
                IngestErrorRow(origin=p.origin, reason=p.reason, at=now) for p in problems
            )

    def errors(self) -> list[IngestProblem]:
        with self._session() as session:
            rows = session.scalars(select(IngestErrorRow).order_by(IngestErrorRow.id)).all()
            return [IngestProblem(row.origin, row.reason) for row in rows]

    # -- read side ---------------------------------------------------------------------------

    def stories(self) -> list[StorySummary]:
        """Every story, largest first, then by id; a copy counts as an article of its story."""
        with self._session() as session:
            stories = session.scalars(select(StoryRow)).all()
            outlets: dict[int, set[str]] = {}
            for story_id, outlet in session.execute(
                select(ArticleRow.story_id, ArticleRow.outlet).distinct()
            ):
                outlets.setdefault(story_id, set()).add(outlet)
        summaries = [
            StorySummary(
                id=row.id,
                title=row.title,
                articles=row.article_count,
                outlets=tuple(sorted(outlets.get(row.id, set()))),
                first_published=row.first_published,
                last_published=row.last_published,
            )
            for row in stories
        ]
        return sorted(summaries, key=lambda s: (-s.articles, s.id))

    def story_articles(self, story_id: int) -> tuple[list[StoredArticle], dict[str, Vectors]]:
        """A story's articles in ingest order with their facts, and the stored sentence vectors."""
        story_id = self.resolve(story_id)
        with self._session() as session:
            if session.get(StoryRow, story_id) is None:
                raise NotFoundError(f"no story with id {story_id}")
            rows = session.scalars(
                select(ArticleRow).where(ArticleRow.story_id == story_id).order_by(ArticleRow.seq)
            ).all()
            ids = [row.id for row in rows]
            copy_query = select(CopyRow.article_id, CopyRow.original_id).where(
                CopyRow.article_id.in_(ids)
            )
            copies: dict[str, str] = dict(session.execute(copy_query).all())
            facts_by_article: dict[str, list[FactRow]] = {}
            for fact in session.scalars(select(FactRow).where(FactRow.article_id.in_(ids))):
                facts_by_article.setdefault(fact.article_id, []).append(fact)
        stored: list[StoredArticle] = []
        vectors: dict[str, Vectors] = {}
        for row in rows:
            fact_rows = facts_by_article.get(row.id, [])
            stored.append(
                StoredArticle(
                    article=_article(row),
                    facts=rows_to_facts(fact_rows),
                    story_id=story_id,
                    copy_of=copies.get(row.id),
                )
            )
            found = sentence_vectors(fact_rows)
            if found is not None:
                vectors[row.id] = found
        return stored, vectors

    def save_brief(self, story_id: int, schema: str, data: dict[str, Any]) -> None:
        with self._session() as session:
            row = session.get(BriefRow, story_id)
            if row is None:
                session.add(BriefRow(story_id=story_id, schema=schema, data=data, built_at=_now()))
            else:
                row.schema, row.data, row.built_at = schema, data, _now()

    def stale_briefs(self) -> list[int]:
        """Stories whose brief is missing or older than their last change."""
        query = (
            select(StoryRow.id)
            .outerjoin(BriefRow, BriefRow.story_id == StoryRow.id)
            .where((BriefRow.story_id.is_(None)) | (BriefRow.built_at < StoryRow.updated_at))
            .order_by(StoryRow.id)
        )
        with self._session() as session:
            return list(session.scalars(query))

    def brief(self, story_id: int) -> dict[str, Any]:
        """The stored brief; an id merged away by refinement gives the surviving story's."""
        story_id = self.resolve(story_id)
        with self._session() as session:
            row = session.get(BriefRow, story_id)
            if row is None:
                if session.get(StoryRow, story_id) is None:
                    raise NotFoundError(f"no story with id {story_id}")
                raise NotFoundError(f"story {story_id} has no brief yet; run `storylens ingest`")
            return dict(row.data)

    def counts(self) -> dict[str, int]:
        """Rows per table: what a user checks after an ingest."""
        tables = {
            "articles": ArticleRow,
            "copies": CopyRow,
            "facts": FactRow,
            "stories": StoryRow,
            "briefs": BriefRow,
            "ingest_errors": IngestErrorRow,
        }
        with self._session() as session:
            return {
                name: session.scalar(select(func.count()).select_from(table)) or 0
                for name, table in tables.items()
            }


def _resolve(session: Session, story_id: int) -> int:
    redirect = session.get(StoryRedirectRow, story_id)
    return story_id if redirect is None else redirect.new_id


def _upsert_states(
    session: Session, states: Iterable[StoryState], titles: dict[int, str], now: datetime
) -> None:
    """Write story states, creating rows for new stories (titled from ``titles``)."""
    for state in states:
        row = session.get(StoryRow, state.id)
        if row is None:
            row = StoryRow(id=state.id, title=titles.get(state.id, ""), article_count=0)
            session.add(row)
        _write_state(row, state, now)
    session.flush()


def _recount(session: Session, story_ids: Iterable[int]) -> None:
    """Set each story's article count from the articles table (copies included)."""
    session.flush()
    for story_id in sorted(story_ids):
        row = session.get(StoryRow, story_id)
        if row is not None:
            count = select(func.count()).where(ArticleRow.story_id == story_id)
            row.article_count = session.scalar(count) or 0


def _write_state(row: StoryRow, state: StoryState, now: datetime) -> None:
    row.topic_id = state.topic
    row.vector_sum = np.asarray(state.vector_sum, dtype="<f4").tobytes()
    row.vector_count = state.count
    row.entities = dict(state.entities)
    row.terms = dict(state.terms)
    row.figures = dict(state.figures)
    row.figured = state.figured
    row.language = state.language
    row.first_published = state.first
    row.last_published = state.last
    row.updated_at = now


def _sqlite_pragmas(connection: Any, _record: Any) -> None:
    """WAL lets readers work while an ingest writes; SQLite leaves foreign keys off by default."""
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _article_row(record: ArticleRecord, seq: int, now: datetime) -> ArticleRow:
    article = record.article
    vector = None
    if record.vector is not None:
        vector = np.asarray(record.vector, dtype="<f4").tobytes()
    return ArticleRow(
        id=article.id,
        title=article.title,
        text=article.text,
        outlet=article.outlet,
        origin=article.origin,
        url=article.url,
        published=article.published,
        language=article.language,
        author=article.author,
        story_id=record.story_id,
        seq=seq,
        minhash=record.minhash,
        vector=vector,
        ingested_at=now,
    )


def _article(row: ArticleRow) -> Article:
    return Article(
        id=row.id,
        title=row.title,
        text=row.text,
        outlet=row.outlet,
        origin=row.origin,
        url=row.url,
        published=row.published,
        language=row.language,
        author=row.author,
    )
