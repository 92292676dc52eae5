"""The database schema, as SQLAlchemy 2 declarative tables.

One schema for SQLite and PostgreSQL. Times are stored as naive UTC (SQLite drops zones) and
handed back timezone-aware by ``UTCDateTime``. Vectors are stored as raw little-endian bytes:
portable, compact, and read back with ``numpy.frombuffer`` without parsing.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    TypeDecorator,
    inspect,
    text,
)
from sqlalchemy.engine import Dialect, Engine
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from storylens import outlets


class UTCDateTime(TypeDecorator[datetime]):
    """Aware datetimes in, aware UTC datetimes out, naive UTC in the database."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


class Base(DeclarativeBase):
    type_annotation_map: ClassVar[dict[Any, Any]] = {datetime: UTCDateTime, dict[str, Any]: JSON}


class StoryRow(Base):
    """A story and the running state online assignment needs (centroid sum, entity counts)."""

    __tablename__ = "stories"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    title: Mapped[str] = mapped_column(Text)
    article_count: Mapped[int] = mapped_column(Integer)
    vector_sum: Mapped[bytes] = mapped_column(LargeBinary)
    vector_count: Mapped[int] = mapped_column(Integer)
    entities: Mapped[dict[str, Any]] = mapped_column(JSON)
    terms: Mapped[dict[str, Any]] = mapped_column(JSON)
    #: Headline figures with how many members give each, and how many give any; both added
    #: after the first schema (see ``upgrade``).
    figures: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    figured: Mapped[int] = mapped_column(Integer, default=0)
    #: Language of the story's first article; "" for stories stored before it was kept.
    language: Mapped[str] = mapped_column(String(16), default="")
    first_published: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    last_published: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    topic_id: Mapped[int | None] = mapped_column(ForeignKey("topics.id"), nullable=True, index=True)


#: Columns added to existing tables since the first schema, with the SQL that fills old rows.
ADDED_COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("stories", "figures", "'{}'"),
    ("stories", "figured", "0"),
    ("stories", "language", "''"),
)


def upgrade(engine: Engine) -> None:
    """Add the columns a database made by an older storylens lacks, so its stories keep
    working (old stories simply have no headline figures until refinement rebuilds them)."""
    present = inspect(engine)
    with engine.begin() as connection:
        for table, column, fill in ADDED_COLUMNS:
            if column not in {c["name"] for c in present.get_columns(table)}:
                kind = Base.metadata.tables[table].c[column].type.compile(engine.dialect)
                connection.execute(
                    text(f"ALTER TABLE {table} ADD COLUMN {column} {kind} DEFAULT {fill}")
                )


class TopicRow(Base):
    """A longer-running subject that stories belong to, with the centroid placement needs."""

    __tablename__ = "topics"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    title: Mapped[str] = mapped_column(Text)
    vector_sum: Mapped[bytes] = mapped_column(LargeBinary)
    story_count: Mapped[int] = mapped_column(Integer)
    entities: Mapped[dict[str, Any]] = mapped_column(JSON)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class ArticleRow(Base):
    """An article as read, with its story and the vectors computed once at ingest."""

    __tablename__ = "articles"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    title: Mapped[str] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    outlet: Mapped[str] = mapped_column(String(300), index=True)
    origin: Mapped[str] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(Text, nullable=True)
    published: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True, index=True)
    language: Mapped[str] = mapped_column(String(16))
    author: Mapped[str | None] = mapped_column(Text, nullable=True)
    story_id: Mapped[int] = mapped_column(ForeignKey("stories.id"), index=True)
    seq: Mapped[int] = mapped_column(Integer, index=True)
    minhash: Mapped[bytes] = mapped_column(LargeBinary)
    vector: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    ingested_at: Mapped[datetime] = mapped_column(UTCDateTime)


class CopyRow(Base):
    """An article recognised as a copy (syndication, refetch) of an earlier original."""

    __tablename__ = "copies"

    article_id: Mapped[str] = mapped_column(ForeignKey("articles.id"), primary_key=True)
    original_id: Mapped[str] = mapped_column(ForeignKey("articles.id"), index=True)
    similarity: Mapped[float] = mapped_column(Float)


class FactRow(Base):
    """One fact of an article: a sentence, entity, quantity, date or quote, with its offsets.

    One table with a ``kind`` column rather than five: every fact has a place in the text and a
    sentence, and the brief reads them all for a story in one query.
    """

    __tablename__ = "facts"
    __table_args__ = (Index("ix_facts_article_kind", "article_id", "kind"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    article_id: Mapped[str] = mapped_column(ForeignKey("articles.id"))
    kind: Mapped[str] = mapped_column(String(16))
    position: Mapped[int] = mapped_column(Integer)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    sentence: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    label: Mapped[str | None] = mapped_column(String(64), nullable=True)
    value: Mapped[str | None] = mapped_column(Text, nullable=True)
    number: Mapped[float | None] = mapped_column(Float, nullable=True)
    vector: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)


class BriefRow(Base):
    """The latest brief of a story, as JSON, rebuilt whenever the story gains articles."""

    __tablename__ = "briefs"

    story_id: Mapped[int] = mapped_column(ForeignKey("stories.id"), primary_key=True)
    schema: Mapped[str] = mapped_column(String(64))
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    built_at: Mapped[datetime] = mapped_column(UTCDateTime)


class IngestErrorRow(Base):
    """A file or item that could not be read, and why."""

    __tablename__ = "ingest_errors"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    origin: Mapped[str] = mapped_column(Text)
    reason: Mapped[str] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(UTCDateTime)


class StoryRedirectRow(Base):
    """A story id that refinement merged into another; users holding it are sent on."""

    __tablename__ = "story_redirects"

    old_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    new_id: Mapped[int] = mapped_column(Integer)
    at: Mapped[datetime] = mapped_column(UTCDateTime)


class IndexSnapshotRow(Base):
    """A saved nearest-neighbour index (usearch bytes), so an ingest need not rebuild it.

    Valid only while it holds exactly the stories the store says are active and is newer than
    their last change; otherwise it is rebuilt from the stories' stored centroids.
    """

    __tablename__ = "index_snapshots"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    data: Mapped[bytes] = mapped_column(LargeBinary)
    entries: Mapped[int] = mapped_column(Integer)
    built_at: Mapped[datetime] = mapped_column(UTCDateTime)


class MetaRow(Base):
    """What the store records about itself: which one-time migrations have run."""

    __tablename__ = "meta"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


#: The outlets as ``storylens.outlets`` names them: registrable domains, unknown outlets.
OUTLETS_MIGRATION = ("outlets", "2")


def migrate_outlets(engine: Engine) -> None:
    """Rename the outlets of a store written before outlets were publications: a host
    becomes its registrable domain ("edition.cnn.com" -> "cnn.com"), and the file name that
    stood in for an outlet no input named becomes an unknown outlet. Ids stay: they were made
    from the old names and still tell the articles apart. The stories touched are marked
    changed, so the next ingest or recluster rebuilds their briefs; until then the old
    briefs are shown."""
    key, version = OUTLETS_MIGRATION
    with engine.begin() as connection:
        done = connection.execute(text("SELECT value FROM meta WHERE key = :k"), {"k": key})
        if done.scalar() == version:
            return
        rows = connection.execute(text("SELECT id, outlet, origin, url, story_id FROM articles"))
        renamed: list[dict[str, str]] = []
        stories: set[int] = set()
        for article_id, outlet, origin, url, story_id in rows:
            new = _migrated_outlet(outlet, origin, url)
            if new != outlet:
                renamed.append({"o": new, "i": article_id})
                stories.add(story_id)
        if renamed:  # one statement executed for many rows, not one round trip per article
            connection.execute(text("UPDATE articles SET outlet = :o WHERE id = :i"), renamed)
            now = datetime.now(UTC).replace(tzinfo=None)
            connection.execute(
                text("UPDATE stories SET updated_at = :t WHERE id = :i"),
                [{"t": now, "i": story_id} for story_id in sorted(stories)],
            )
        connection.execute(text("DELETE FROM meta WHERE key = :k"), {"k": key})
        connection.execute(
            text("INSERT INTO meta (key, value) VALUES (:k, :v)"), {"k": key, "v": version}
        )


def _migrated_outlet(outlet: str, origin: str, url: str | None) -> str:
    if outlets.is_unknown(outlet):
        return outlet
    if url is None and outlet == Path(origin).stem:
        return outlets.unknown(outlet)
    return outlets.publisher(outlet)
