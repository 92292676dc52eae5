"""The store on SQLite and on a real PostgreSQL server: round trips, transactions, errors."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta, timezone

import numpy as np
import pytest
from sqlalchemy import create_engine, text

from storylens.cluster import StoryState
from storylens.config import DedupSettings
from storylens.dedup import signature, signature_to_bytes
from storylens.errors import BusyError, NotFoundError, StoreError
from storylens.model import (
    Article,
    ArticleFacts,
    DateMention,
    Entity,
    FloatingDate,
    IngestProblem,
    Quantity,
    Quote,
    Sentence,
)
from storylens.store import ArticleRecord, Store, database_url

TEXT = "The bridge fell on Thursday. “We will rebuild,” said Mayor Teodor Vask. It was 240 metres."
FACTS = ArticleFacts(
    sentences=(
        Sentence(0, 0, 28, TEXT[0:28]),
        Sentence(1, 29, 71, TEXT[29:71]),
        Sentence(2, 72, 92, TEXT[72:92]),
    ),
    entities=(Entity("Teodor Vask", "PERSON", 59, 70, 1),),
    quantities=(Quantity("240 metres", 240.0, "metres", 79, 89, 2),),
    dates=(DateMention("Thursday", "2026-03-12", "day", 19, 27, 0),),
    quotes=(Quote("We will rebuild,", "Teodor Vask", 30, 46, 1),),
    # Facts give these only for undated articles; the store keeps whatever it is handed.
    floating_dates=(
        FloatingDate("Thursday", 19, 27, 0),
        FloatingDate("Thursday", 19, 27, 0, ahead=True),
    ),
)


def _article(n: int, outlet: str = "harbourgazette.example") -> Article:
    return Article(
        id=f"a{n}",
        title=f"Bridge falls {n}",
        text=TEXT,
        outlet=outlet,
        origin=f"test:{n}",
        url=f"https://{outlet}/{n}",
        # Stored from a +02:00 time: must come back as the same instant in UTC.
        published=datetime(2026, 3, 13, 10, 0, tzinfo=timezone(timedelta(hours=2))),
    )


def _state(story_id: int, *vector: float) -> StoryState:
    v = np.zeros(384, dtype=np.float32)
    v[: len(vector)] = vector
    return StoryState(
        story_id, v, 1, Counter({"vask": 1}), Counter({"bridge": 2}), Counter({"240": 1}), 1
    )


def _record(n: int, story_id: int = 1, copy_of: str | None = None) -> ArticleRecord:
    article = _article(n)
    sig = signature_to_bytes(signature(article.text + str(n), DedupSettings()))
    if copy_of is not None:
        return ArticleRecord(article, story_id, sig, copy_of=copy_of, similarity=0.9)
    vectors = np.eye(3, 384, dtype=np.float32)
    return ArticleRecord(article, story_id, sig, FACTS, vectors[0], vectors)


def test_articles_facts_and_stories_round_trip(db: str) -> None:
    with Store(db) as store:
        store.write_batch([_record(1), _record(2, copy_of="a1")], [_state(1, 1.0)], {1: "Bridge"})
        articles, vectors = store.story_articles(1)
        assert [a.article.id for a in articles] == ["a1", "a2"]
        first = articles[0]
        assert first.article.published == datetime(2026, 3, 13, 8, 0, tzinfo=UTC)
        assert first.facts == FACTS
        assert articles[1].copy_of == "a1"
        assert vectors["a1"].shape == (3, 384)
        assert float(vectors["a1"][1, 1]) == 1.0
        [state] = store.story_states()
        assert state.entities == Counter({"vask": 1}) and float(state.vector_sum[0]) == 1.0
        assert state.terms == Counter({"bridge": 2})
        assert (state.figures, state.figured) == (Counter({"240": 1}), 1)
        [summary] = store.stories()
        assert (summary.id, summary.title, summary.articles) == (1, "Bridge", 2)
        assert summary.outlets == ("harbourgazette.example",)
        assert store.existing_ids(["a1", "a2", "zzz"]) == {"a1", "a2"}
        assert [original for original, _, _, _ in store.originals()] == ["a1"]


def test_a_database_from_before_headline_figures_is_upgraded_in_place(db: str) -> None:
    with Store(db) as store:
        store.write_batch([_record(1)], [_state(1, 1.0)], {1: "Bridge"})
    engine = create_engine(database_url(db))
    with engine.begin() as connection:
        for column in ("figures", "figured", "language"):
            connection.execute(text(f"ALTER TABLE stories DROP COLUMN {column}"))
    engine.dispose()
    with Store(db) as store:
        [state] = store.story_states()
        assert state.terms == Counter({"bridge": 2}) and float(state.vector_sum[0]) == 1.0
        assert (state.figures, state.figured, state.language) == (Counter(), 0, "")
        store.write_batch([_record(2)], [_state(1, 2.0)], {})
        assert store.story_states()[0].figures == Counter({"240": 1})
        assert store.counts()["articles"] == 2


def test_a_failed_batch_leaves_nothing_behind(db: str) -> None:
    with Store(db) as store:
        store.write_batch([_record(1)], [_state(1, 1.0)], {1: "Bridge"})
        before = store.counts()
        with pytest.raises(StoreError):
            # a3 is fine, but a1 is already stored: the whole batch must roll back.
            store.write_batch([_record(3), _record(1)], [_state(1, 2.0)], {})
        assert store.counts() == before
        assert float(store.story_states()[0].vector_sum[0]) == 1.0


def test_briefs_errors_and_missing_stories(db: str) -> None:
    with Store(db) as store:
        store.write_batch([_record(1)], [_state(1, 1.0)], {1: "Bridge"})
        with pytest.raises(NotFoundError, match="no brief yet"):
            store.brief(1)
        store.save_brief(1, "storylens.brief/1", {"schema": "storylens.brief/1", "x": [1]})
        store.save_brief(1, "storylens.brief/1", {"schema": "storylens.brief/1", "x": [2]})
        assert store.brief(1)["x"] == [2]
        with pytest.raises(NotFoundError, match="no story with id 9"):
            store.brief(9)
        store.add_errors([IngestProblem("inbox/empty.txt", "empty file")])
        assert store.errors() == [IngestProblem("inbox/empty.txt", "empty file")]
        # The same item failing again is one entry with the latest reason; read since, none.
        store.add_errors([IngestProblem("inbox/a.jsonl:2", "invalid JSON")])
        store.add_errors([IngestProblem("inbox/empty.txt", "binary file")])
        assert store.errors() == [
            IngestProblem("inbox/a.jsonl:2", "invalid JSON"),
            IngestProblem("inbox/empty.txt", "binary file"),
        ]
        store.add_errors([], read=["inbox/a.jsonl:2", "inbox/other.txt"])
        assert store.errors() == [IngestProblem("inbox/empty.txt", "binary file")]


def test_one_writer_at_a_time(db: str) -> None:
    with Store(db) as first, Store(db) as second:
        first.lock_for_writing()
        first.lock_for_writing()  # re-entrant: several ingestors on one store share it
        with pytest.raises(BusyError, match="being written by another storylens process"):
            second.lock_for_writing()
        first.unlock()
        with pytest.raises(BusyError):
            second.lock_for_writing()
        first.unlock()
        second.lock_for_writing()  # the first writer is done
        with pytest.raises(BusyError):
            first.lock_for_writing()
    with Store(db) as third:
        third.lock_for_writing()  # closing a store gives its lock back


def test_database_urls() -> None:
    assert database_url("s.db") == "sqlite:///s.db"
    assert database_url("postgresql://u@h/d") == "postgresql+psycopg://u@h/d"
    assert database_url("sqlite:////tmp/x.db") == "sqlite:////tmp/x.db"


def test_an_unreachable_database_is_a_clear_error() -> None:
    with pytest.raises(StoreError, match="cannot open the database"):
        Store("postgresql://nobody@127.0.0.1:1/none")
