"""The engine through its Python API: interrupted ingests complete; results are deterministic."""

from __future__ import annotations

import json
import multiprocessing
from pathlib import Path

import pytest

from storylens.cluster import StoryAssigner
from storylens.config import ClusterSettings, IngestSettings, Settings
from storylens.engine import INDEX, Ingestor
from storylens.errors import BusyError, WorkerError
from storylens.export import export_briefs
from storylens.model import Article, IngestProblem
from storylens.store import Store

from .conftest import DEMO

SMALL_BATCHES = Settings(ingest=IngestSettings(batch_size=4))


def _stories(store: Store) -> dict[str, tuple[str, ...]]:
    """Story title -> the ids of its articles: what a user would compare between two runs."""
    return {
        s.title: tuple(sorted(a.article.id for a in store.story_articles(s.id)[0]))
        for s in store.stories()
    }


def _briefs(store: Store) -> list[dict[str, object]]:
    return [store.brief(s.id) for s in store.stories()]


class Interrupted(Exception):
    pass


def test_an_interrupted_ingest_leaves_whole_batches_and_a_rerun_completes_it(
    tmp_path: Path,
) -> None:
    seen: list[Article | IngestProblem] = []

    def stop_after_first_batch(item: Article | IngestProblem) -> None:
        seen.append(item)
        if len(seen) == 5:
            raise Interrupted

    with Store(tmp_path / "cut.db") as store:
        with pytest.raises(Interrupted):
            Ingestor(store, SMALL_BATCHES).ingest([DEMO], progress=stop_after_first_batch)
        counts = store.counts()
        # The first batch of four is stored whole; the second, in flight, left nothing.
        assert counts["articles"] == 8
        assert sum(s.articles for s in store.stories()) == counts["articles"]
        assert store.stale_briefs(), "the interrupted run built no briefs"
        stored_before = {s.id for s in store.stories()}

        report = Ingestor(store, SMALL_BATCHES).ingest([DEMO])
        assert report.unchanged == 8 and report.added + report.copies == 5
        assert report.new_stories == {s.id for s in store.stories()} - stored_before
        assert store.stale_briefs() == []
        resumed, resumed_briefs = _stories(store), _briefs(store)

    with Store(tmp_path / "clean.db") as store:
        report = Ingestor(store, SMALL_BATCHES).ingest([DEMO])
        assert report.new_stories == {s.id for s in store.stories()}
        assert _stories(store) == resumed
        assert _briefs(store) == resumed_briefs


def test_same_stories_and_briefs_whatever_the_batch_size_or_worker_count(tmp_path: Path) -> None:
    two_workers = Settings(ingest=IngestSettings(batch_size=6, workers=2))
    reading_ahead = Settings(ingest=IngestSettings(batch_size=6, workers=2, prefetch_batches=2))
    results = []
    configurations = (
        ("a", Settings()),
        ("b", SMALL_BATCHES),
        ("c", two_workers),
        ("d", reading_ahead),
    )
    for name, settings in configurations:
        with Store(tmp_path / f"{name}.db") as store:
            ingestor = Ingestor(store, settings)
            ingestor.ingest([DEMO])
            ingestor.close()
            results.append((_stories(store), _briefs(store)))
    assert results[0] == results[1] == results[2] == results[3]
    assert sorted(len(ids) for ids in results[0][0].values()) == [4, 4, 5]


def test_an_article_read_twice_in_one_run_is_unchanged_while_workers_read_ahead(
    tmp_path: Path,
) -> None:
    """With workers, later batches are sorted before earlier ones are stored: the second
    reading must still find the first, not take it for a copy of itself."""
    reports = []
    for name, workers in (("one", 1), ("two", 2)):
        settings = Settings(
            ingest=IngestSettings(batch_size=6, workers=workers, prefetch_batches=2)
        )
        with Store(tmp_path / f"{name}.db") as store:
            ingestor = Ingestor(store, settings)
            reports.append(ingestor.ingest([DEMO, DEMO]))
            ingestor.close()
            assert store.counts()["articles"] == 13
    for report in reports:
        assert (report.added, report.copies, report.unchanged) == (12, 1, 13)


def test_a_worker_that_dies_is_a_clear_error_and_a_rerun_finishes_the_ingest(
    tmp_path: Path,
) -> None:
    settings = Settings(ingest=IngestSettings(batch_size=6, workers=2))
    with Store(tmp_path / "w.db") as store:
        ingestor = Ingestor(store, settings)
        ingestor.ingest([DEMO / "text"])  # starts the pool
        for child in multiprocessing.active_children():
            child.kill()  # as the out-of-memory killer would
            child.join()
        with pytest.raises(WorkerError, match="worker stopped unexpectedly"):
            ingestor.ingest([DEMO])
        report = Ingestor(store, settings).ingest([DEMO])
        assert store.counts()["articles"] == 13
        assert report.errors == []
        assert sorted(s.articles for s in store.stories()) == [4, 4, 5]


def test_a_second_writer_is_refused_while_an_ingest_holds_the_database(tmp_path: Path) -> None:
    # Both would hand out story ids from the stories they loaded: refused, not mixed up.
    db = tmp_path / "busy.db"
    with Store(db) as first, Store(db) as second:
        writer = Ingestor(first)
        writer.ingest([DEMO / "text"])
        with pytest.raises(BusyError, match=r"busy\.db is being written by another"):
            Ingestor(second)
        writer.ingest([DEMO])
        writer.close()
        late = Ingestor(second)  # the first writer is done
        assert late.ingest([DEMO]).unchanged == 13
        late.close()
        assert second.counts()["articles"] == 13


def test_recluster_regroups_stories_that_online_assignment_split(tmp_path: Path) -> None:
    cautious = Settings(cluster=ClusterSettings(join_probability=0.9999))
    with Store(tmp_path / "split.db") as store:
        Ingestor(store, cautious).ingest([DEMO])
        assert len(store.stories()) == 12, "every original should have opened its own story"
        before = {
            a.article.id: s.id for s in store.stories() for a in store.story_articles(s.id)[0]
        }

        ingestor = Ingestor(store, Settings())
        result = ingestor.recluster()
        ingestor.refresh_briefs(result.changed | set(store.stale_briefs()))

        assert sorted(s.articles for s in store.stories()) == [4, 4, 5]
        assert result.redirects and result.removed
        for old_id, new_id in result.redirects.items():
            # A merge keeps the older id, and the other id still leads to the story.
            assert new_id < old_id
            assert store.brief(old_id)["story"]["id"] == new_id
        survivors = {s.id for s in store.stories()}
        assert survivors <= set(before.values())
        assert store.stale_briefs() == []


def test_exported_briefs_of_merged_stories_are_removed_and_nothing_else(tmp_path: Path) -> None:
    out = tmp_path / "briefs"
    out.mkdir()
    (out / "notes.md").write_text("mine")
    with Store(tmp_path / "merged.db") as store:
        Ingestor(store, Settings(cluster=ClusterSettings(join_probability=0.9999))).ingest([DEMO])
        export_briefs(store, out)
        assert len(list(out.glob("story-*.html"))) == 12
        ingestor = Ingestor(store, Settings())
        ingestor.refresh_briefs(ingestor.recluster().changed)
        export_briefs(store, out)
        kept = {s.id for s in store.stories()}
    assert {int(p.stem.split("-")[1]) for p in out.glob("story-*.*")} == kept
    assert (out / "notes.md").read_text() == "mine"


def test_the_story_index_is_saved_with_the_store_and_rebuilt_when_stale(tmp_path: Path) -> None:
    with Store(tmp_path / "idx.db") as store:
        Ingestor(store).ingest([DEMO])
        states = store.story_states()
        saved = store.load_index(INDEX, len(states))
        assert saved is not None, "ingest should leave a usable index snapshot"
        assert store.load_index(INDEX, len(states) + 1) is None

        restored = StoryAssigner(Settings().cluster, states, saved_index=saved)
        rebuilt = StoryAssigner(Settings().cluster, store.story_states())
        for state in states:
            probe = state.as_signal()
            assert restored.index.candidates(probe) == rebuilt.index.candidates(probe)
            assert restored.best(probe) == rebuilt.best(probe)

        # Any later change to a story makes the snapshot stale: it must not be trusted.
        store.write_batch([], [states[0]], {})
        assert store.load_index(INDEX, len(states)) is None


def test_a_late_copy_joins_a_story_that_has_left_memory(tmp_path: Path) -> None:
    quay = (
        "The harbour authority in Port Veyra reopened the eastern quay on Monday after a "
        "three-week closure, officials said, and ferries resumed their normal timetable."
    )
    rates = (
        "The central bank of Calder raised its main interest rate to 4.25 percent on Thursday, "
        "a bigger increase than most economists had expected, citing stubborn inflation."
    )
    items = [
        ("Quay reopens", quay, "https://harbour.example/quay", "2026-01-05 08:00:00"),
        ("Rates rise", rates, "https://bank.example/rates", "2026-03-05 08:00:00"),
        # The wire reposts the January report in March, when its story is long idle.
        ("Quay reopens", quay, "https://wire.example/quay", "2026-03-06 08:00:00"),
    ]
    path = tmp_path / "late.jsonl"
    path.write_text(
        "".join(
            json.dumps({"title": t, "text": x, "url": u, "date_publish": d}) + "\n"
            for t, x, u, d in items
        ),
        encoding="utf-8",
    )
    # Evict after every article, one article per batch: the January story leaves memory
    # before its copy arrives.
    settings = Settings(cluster=ClusterSettings(evict_every=1), ingest=IngestSettings(batch_size=1))
    with Store(tmp_path / "late.db") as store:
        ingestor = Ingestor(store, settings)
        report = ingestor.ingest([path])
        ingestor.close()
        assert (report.added, report.copies, report.errors) == (2, 1, [])
        quay_story = next(s for s in store.stories() if s.title == "Quay reopens")
        assert quay_story.articles == 2


def test_a_story_evicted_within_its_own_batch_is_still_written(tmp_path: Path) -> None:
    # A half-day window and eviction after every article: stories leave memory within the
    # batch that opened them, and must still reach the store with their articles.
    settings = Settings(
        cluster=ClusterSettings(evict_every=1, window_days=0.5), ingest=IngestSettings(batch_size=3)
    )
    with Store(tmp_path / "evict.db") as store:
        ingestor = Ingestor(store, settings)
        report = ingestor.ingest([DEMO])
        ingestor.close()
        assert report.errors == []
        counts = store.counts()
        assert sum(s.articles for s in store.stories()) == counts["articles"] == 13


def test_every_story_has_a_topic_even_one_that_left_memory(tmp_path: Path) -> None:
    settings = Settings(
        cluster=ClusterSettings(evict_every=1, window_days=0.5), ingest=IngestSettings(batch_size=3)
    )
    with Store(tmp_path / "topics.db") as store:
        ingestor = Ingestor(store, settings)
        try:
            ingestor.ingest([DEMO])
        finally:
            ingestor.close()
        assert store.topicless_stories() == []
        in_topics = {s for topic in store.topics() for s in topic.stories}
        assert in_topics == {s.id for s in store.stories()}


def _report(outlet: str, day: str, title: str, text: str) -> str:
    return json.dumps(
        {
            "title": title,
            "text": text,
            "url": f"https://{outlet}/{day}/{abs(hash(title)) % 10_000}",
            "published": f"{day}T09:00:00+00:00",
        }
    )


#: A dock strike and its end a month later (one development, two stories), and a governor who
#: spoke of the strike opening a hospital days after it ended (another matter).
STRIKE_AND_HOSPITAL = [
    _report(
        "harbourgazette.example",
        "2026-02-02",
        "Port Veyra dockworkers walk out over pay, halting cargo",
        "Dockworkers at Port Veyra walked off the job on Monday, halting cargo traffic at the "
        "busiest harbour in Calder. The Veyra Dockworkers Union said 2,400 members joined the "
        "strike after pay talks with the Port Veyra Authority collapsed. Governor Ilsa Marr "
        "urged both sides to return to the table.",
    ),
    _report(
        "veyrapost.example",
        "2026-02-02",
        "Strike shuts Port Veyra as dockworkers reject authority's pay offer",
        "Cargo stopped moving through Port Veyra on Monday as 2,400 members of the Veyra "
        "Dockworkers Union went on strike. The union rejected the Port Veyra Authority's offer "
        "of a 3% raise. Governor Ilsa Marr called for talks to resume.",
    ),
    _report(
        "harbourgazette.example",
        "2026-03-04",
        "Port Veyra dock strike ends as union accepts pay deal",
        "The month-long strike by dockworkers at Port Veyra ended on Wednesday after the Veyra "
        "Dockworkers Union accepted a pay deal with the Port Veyra Authority. Ships that had "
        "waited off the harbour began to unload cargo.",
    ),
    _report(
        "calderpress.example",
        "2026-03-04",
        "Dockworkers back at work in Port Veyra after month-long strike",
        "Members of the Veyra Dockworkers Union returned to the quays of Port Veyra on "
        "Wednesday, ending a strike that halted cargo for a month, after voting for a 5% raise "
        "offered by the Port Veyra Authority.",
    ),
    _report(
        "harbourgazette.example",
        "2026-03-07",
        "Governor Ilsa Marr opens children's wing at Sollen General Hospital",
        "Governor Ilsa Marr opened a new children's wing at Sollen General Hospital on "
        "Saturday, adding 60 beds and two operating theatres. The wing cost 48 million crowns "
        "and took three years to build.",
    ),
    _report(
        "calderpress.example",
        "2026-03-07",
        "Sollen hospital adds 60 beds for children as new wing opens",
        "Sollen General Hospital opened its new children's wing on Saturday with Governor Ilsa "
        "Marr cutting the ribbon. The 60-bed wing, built over three years for 48 million "
        "crowns, will take its first patients next week.",
    ),
]


def test_a_development_is_one_topic_and_a_shared_person_is_not(tmp_path: Path) -> None:
    data = tmp_path / "news.jsonl"
    data.write_text("\n".join(STRIKE_AND_HOSPITAL) + "\n", encoding="utf-8")
    with Store(tmp_path / "t.db") as store:
        ingestor = Ingestor(store, Settings())
        try:
            report = ingestor.ingest([data])
        finally:
            ingestor.close()
        assert report.errors == []
        title_of = {s.id: s.title for s in store.stories()}
        topics = [sorted(title_of[s] for s in topic.stories) for topic in store.topics()]
    assert len(title_of) == 3, title_of
    assert sorted(topics, key=len) == [
        [t for t in title_of.values() if "hospital" in t.casefold()],
        sorted(t for t in title_of.values() if "hospital" not in t.casefold()),
    ], topics
