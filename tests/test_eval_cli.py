"""`storylens eval cluster` on data a user could hand it, and the quality gate on shared data."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from storylens.cli import app
from storylens.ingest import read_paths
from storylens.model import Article

from .conftest import DEMO, REPO, SHARED

runner = CliRunner()
BASELINE = json.loads((REPO / "tests" / "quality_baseline.json").read_text(encoding="utf-8"))


def _event(article: Article) -> str:
    text = f"{article.title} {article.text[:300]}".casefold()
    if "bridge" in text:
        return "bridge"
    if "orrin" in text:
        return "recall"
    return "rates"


def _labelled_demo(path: Path) -> None:
    """The demo corpus as labelled JSON Lines; every event is its own topic."""
    lines = []
    for item in read_paths([DEMO]):
        assert isinstance(item, Article), item
        event = _event(item)
        lines.append(
            json.dumps(
                {
                    "id": item.id + item.outlet,
                    "story": event,
                    "topic": event,
                    "title": item.title,
                    "text": item.text,
                    "published": item.published.isoformat() if item.published else None,
                    "outlet": item.outlet,
                }
            )
        )
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_eval_cluster_scores_the_demo_corpus(tmp_path: Path) -> None:
    data = tmp_path / "demo.jsonl"
    _labelled_demo(data)
    for level in ("story", "topic"):
        result = runner.invoke(
            app, ["eval", "cluster", str(data), "--order", "shuffled", "--level", level, "--json"]
        )
        assert result.exit_code == 0, result.output
        scores = json.loads(result.output)
        assert scores["documents"] == 13 and scores["stories_gold"] == 3
        assert scores["pairwise"]["f1"] >= 0.9 and scores["bcubed"]["f1"] >= 0.9
        assert set(scores) >= {"nmi", "ari", "stories_predicted", "seconds", "articles_per_second"}


def test_topic_level_needs_gold_topics(tmp_path: Path) -> None:
    data = tmp_path / "bare.jsonl"
    data.write_text(json.dumps({"id": "a", "story": "s", "title": "t", "text": "x"}) + "\n")
    result = runner.invoke(app, ["eval", "cluster", str(data), "--level", "topic"])
    assert result.exit_code == 1 and "no gold topic" in result.output


def test_neus_val_clustering_stays_above_its_floor() -> None:
    """The CI quality gate: figures pinned in tests/quality_baseline.json must not drop."""
    source = SHARED / "data" / "neus" / "val.source"
    if not source.is_file():
        pytest.skip("../shared/data/neus is not present")
    result = runner.invoke(app, ["eval", "cluster", str(source), "--order", "shuffled", "--json"])
    assert result.exit_code == 0, result.output
    scores = json.loads(result.output)
    floor = BASELINE["cluster_neus_val_shuffled"]
    assert scores["pairwise"]["f1"] >= floor["pairwise_f1"], scores
    assert scores["bcubed"]["f1"] >= floor["bcubed_f1"], scores


def test_topics_on_dated_streams_stay_above_their_floors() -> None:
    """Topics on NeuS val made a dated stream with developments, and on BASIL's real dates:
    a development is one topic, and events that share a person are not."""
    val = SHARED / "data" / "neus" / "val.source"
    basil = SHARED / "data" / "basil" / "basil.jsonl"
    if not (val.is_file() and basil.is_file()):
        pytest.skip("../shared/data/neus or ../shared/data/basil is not present")
    result = runner.invoke(app, ["eval", "topics", str(val), str(basil), "--json"])
    assert result.exit_code == 0, result.output
    scores = json.loads(result.output)
    for stream, floor in BASELINE["topics_dated_streams"].items():
        assert scores[stream]["pairwise_f1"] >= floor["pairwise_f1"], (stream, scores[stream])
        assert scores[stream]["bcubed_f1"] >= floor["bcubed_f1"], (stream, scores[stream])


def test_neus_val_summary_stays_above_its_floor() -> None:
    """The brief's summary on NeuS val: ROUGE above the pinned floors and above LexRank, which
    the same run scores on the same sentences."""
    neus = SHARED / "data" / "neus"
    if not (neus / "val.source").is_file():
        pytest.skip("../shared/data/neus is not present")
    result = runner.invoke(
        app, ["eval", "summary", str(neus / "val.source"), str(neus / "val.target"), "--json"]
    )
    assert result.exit_code == 0, result.output
    scores = json.loads(result.output)
    assert scores["stories"] == 307
    floor = BASELINE["summary_neus_val"]
    for key in ("rouge1", "rouge2", "rougeLsum"):
        assert scores[key] >= floor[key], (key, scores)
        assert scores[key] > scores["baselines"]["lexrank"][key], (key, scores)


@pytest.mark.parametrize("kind", ["strength", "weak"])
def test_claimdiff_stays_above_its_floor_and_the_lexical_baseline(kind: str) -> None:
    path = SHARED / "data" / "claimdiff" / f"ClaimDiff-{kind}-train.json"
    if not path.is_file():
        pytest.skip(f"../shared/data/claimdiff/{path.name} is not present")
    result = runner.invoke(app, ["eval", "claimdiff", str(path), "--kind", kind, "--json"])
    assert result.exit_code == 0, result.output
    scores = json.loads(result.output)
    assert scores["pairs"] == 1857
    assert scores["f1"] >= BASELINE["claimdiff"][kind]["f1"], scores
    assert scores["f1"] > scores["lexical_baseline"]["f1"], scores
    assert scores["accuracy"] > scores["lexical_baseline"]["accuracy"], scores


def test_eval_summary_names_a_mismatched_target(tmp_path: Path) -> None:
    source = tmp_path / "two.source"
    source.write_text(
        "TITLE=> Dam opens. ARTICLE=> The Orrin dam opened on Monday after six years of work.\n"
        "TITLE=> Port strike ends. ARTICLE=> Dockers in Veyra returned to work on Tuesday.\n",
        encoding="utf-8",
    )
    target = tmp_path / "one.target"
    target.write_text("TITLE=> Dam opens. ARTICLE=> The dam opened.\n", encoding="utf-8")
    result = runner.invoke(app, ["eval", "summary", str(source), str(target)])
    assert result.exit_code == 1
    assert "one.target" in result.output and "1 summaries for 2 stories" in result.output


@pytest.fixture(scope="module")
def basil_scores() -> dict[str, Any]:
    basil = SHARED / "data" / "basil"
    if not (basil / "basil.jsonl").is_file():
        pytest.skip("../shared/data/basil is not present")
    result = runner.invoke(app, ["eval", "brief", str(basil), "--json", "--workers", "2"])
    assert result.exit_code == 0, result.output
    scores: dict[str, Any] = json.loads(result.output)
    return scores


def test_basil_briefs_stay_above_their_floors(basil_scores: dict[str, Any]) -> None:
    """The CI gate on real coverage: conflicts, speakers and dates of BASIL's briefs against
    the hand labels, above the floors pinned in tests/quality_baseline.json."""
    floor = BASELINE["brief_basil"]
    assert basil_scores["articles"] == 180
    conflicts, speakers, dates = (basil_scores[k] for k in ("conflicts", "speakers", "dates"))
    assert conflicts["precision"] >= floor["conflict_precision"], conflicts
    assert conflicts["recall"] >= floor["conflict_recall"], conflicts
    assert speakers["precision"] >= floor["speaker_precision"], speakers
    assert speakers["coverage"] >= floor["speaker_coverage"], speakers
    assert dates["accuracy"] >= floor["date_accuracy"], dates
    assert dates["after_publication_by_accident"] <= floor["dates_after_publication_at_most"]


def test_eval_brief_names_what_it_got_wrong(basil_scores: dict[str, Any]) -> None:
    # A figure alone cannot be acted on: every wrong speaker and date is listed with its
    # article, and every false alarm with its values.
    speakers, dates = basil_scores["speakers"], basil_scores["dates"]
    assert len(speakers["wrong_speakers"]) == speakers["wrong"]
    assert len(dates["wrong_dates"]) == dates["wrong"]
    conflicts = basil_scores["conflicts"]
    assert len(conflicts["false_alarms"]) == conflicts["shown"] - conflicts["true"]
    assert len(conflicts["missed"]) == conflicts["labelled"] - conflicts["found"]
