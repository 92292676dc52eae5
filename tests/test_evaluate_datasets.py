"""Labelled-set readers: NeuS source/target pairs and labelled JSON Lines."""

from __future__ import annotations

import json
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from storylens.errors import IngestError
from storylens.evaluate.datasets import (
    LabelledArticle,
    load_labelled,
    load_labelled_jsonl,
    load_neus,
    load_neus_stories,
    load_neus_targets,
)
from storylens.model import Article

NEUS = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "neus"


def report(title: str, text: str) -> str:
    return f"TITLE=> {title} ARTICLE=> {text}"


def neus_line(*reports: str) -> str:
    return " [SEP] ".join(reports)


def write(path: Path, lines: list[str], end: str = "\n") -> Path:
    path.write_text("\n".join(lines) + end, encoding="utf-8")
    return path


@pytest.fixture
def source(tmp_path: Path) -> Path:
    return write(
        tmp_path / "mini.source",
        [
            neus_line(
                report("Bridge falls.", "The Ossel Bridge collapsed on Friday."),
                report("Collapse kills two.", "Two people died when the bridge fell."),
                report("Officials warned.", "The council had been warned of corrosion."),
            ),
            neus_line(
                report("Vote delayed.", "The vote moved to March."),
                report("Council stalls.", ""),
            ),
        ],
    )


# --- NeuS ------------------------------------------------------------------------------------


def test_neus_reports_are_documents_labelled_by_line(source: Path) -> None:
    labelled = load_neus(source)
    assert [item.story for item in labelled] == ["1", "1", "1", "2", "2"]
    first = labelled[0].article
    assert first == Article(
        id="neus-mini-1-1",
        title="Bridge falls.",
        text="The Ossel Bridge collapsed on Friday.",
        outlet="source-1",
        origin=f"{source}:1",
        published=None,
        language="en",
    )
    assert [item.article.outlet for item in labelled] == [
        "source-1",
        "source-2",
        "source-3",
        "source-1",
        "source-2",
    ]
    assert labelled[4].article.id == "neus-mini-2-2"


def test_neus_report_with_empty_body_is_kept_with_its_title(source: Path) -> None:
    last = load_neus(source)[-1].article
    assert (last.title, last.text) == ("Council stalls.", "")


def test_neus_stories_group_the_same_articles(source: Path) -> None:
    stories = load_neus_stories(source)
    assert [len(story) for story in stories] == [3, 2]
    assert [article for story in stories for article in story] == [
        item.article for item in load_neus(source)
    ]


def test_neus_reading_twice_gives_the_same_ids(source: Path) -> None:
    assert load_neus(source) == load_neus(source)


def test_neus_without_final_newline_and_with_crlf(tmp_path: Path) -> None:
    path = tmp_path / "crlf.source"
    path.write_bytes(
        (neus_line(report("A.", "Alpha."), report("B.", "Beta.")) + "\r\n").encode() * 2
    )
    stories = load_neus_stories(path)
    assert [(a.title, a.text) for a in stories[1]] == [("A.", "Alpha."), ("B.", "Beta.")]
    no_newline = write(tmp_path / "last.source", [report("A.", "Alpha.")], end="")
    assert len(load_neus(no_newline)) == 1


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("just some text", "found 0 TITLE=> and 0 ARTICLE=> markers"),
        ("TITLE=> Only a title.", "found 1 TITLE=> and 0 ARTICLE=> markers"),
        ("ARTICLE=> Body. TITLE=> Title after.", "is not 'TITLE=> ... ARTICLE=> ...'"),
        # A lost separator: two reports run together would be one document.
        (
            report("A.", "Alpha.") + " " + report("B.", "Beta."),
            "report 1 of 1 is not 'TITLE=> ... ARTICLE=> ...' (found 2 TITLE=>",
        ),
        (neus_line(report("A.", "Alpha."), "TITLE=> ARTICLE=> "), "report 2 of 2 has neither"),
    ],
)
def test_neus_malformed_line_names_file_and_line(tmp_path: Path, line: str, reason: str) -> None:
    path = write(tmp_path / "bad.source", [report("Fine.", "Fine."), line])
    with pytest.raises(IngestError) as caught:
        load_neus(path)
    assert caught.value.origin == f"{path}:2"
    assert reason in caught.value.reason


def test_neus_blank_line_is_an_error_because_it_would_misalign_targets(tmp_path: Path) -> None:
    path = write(tmp_path / "gap.source", [report("A.", "Alpha."), "", report("B.", "Beta.")])
    with pytest.raises(IngestError, match=r"gap\.source:2: blank line"):
        load_neus_stories(path)


def test_neus_targets_drop_markers_and_keep_the_headline_as_a_line(tmp_path: Path) -> None:
    path = write(
        tmp_path / "mini.target",
        [
            report("Bridge Collapse Kills Two.", "The Ossel Bridge fell on Friday."),
            report("Vote Delayed.", ""),
        ],
    )
    assert load_neus_targets(path) == [
        "Bridge Collapse Kills Two.\nThe Ossel Bridge fell on Friday.",
        "Vote Delayed.",
    ]


def test_neus_target_blank_line_is_an_error(tmp_path: Path) -> None:
    path = write(tmp_path / "gap.target", [report("A.", "Alpha."), "  "])
    with pytest.raises(IngestError, match=r"gap\.target:2: blank line"):
        load_neus_targets(path)


def test_unreadable_files_raise_ingest_errors(tmp_path: Path) -> None:
    with pytest.raises(IngestError, match="cannot read file"):
        load_neus(tmp_path / "missing.source")
    latin1 = tmp_path / "latin1.jsonl"
    latin1.write_bytes('{"title": "Caf\u00e9"}\n'.encode("latin-1"))
    with pytest.raises(IngestError, match="not UTF-8"):
        load_labelled_jsonl(latin1)


@pytest.mark.shared
@pytest.mark.parametrize("split", ["val", "train"])
def test_real_neus_split(split: str) -> None:
    source, target = NEUS / f"{split}.source", NEUS / f"{split}.target"
    if not source.is_file() or not target.is_file():
        pytest.skip(f"../shared/data/neus/{split} is not present")
    labelled = load_neus(source)
    stories = Counter(item.story for item in labelled)
    targets = load_neus_targets(target)
    assert len(targets) == len(stories)
    assert set(stories.values()) == {3}
    assert len({item.article.id for item in labelled}) == len(labelled)
    assert all(item.article.title for item in labelled)
    if split == "val":
        assert (len(labelled), len(stories)) == (921, 307)


# --- labelled JSON Lines ---------------------------------------------------------------------


def jsonl(path: Path, *items: dict[str, Any] | str) -> Path:
    lines = [item if isinstance(item, str) else json.dumps(item) for item in items]
    return write(path, lines)


def item(**fields: Any) -> dict[str, Any]:
    return {"id": "a1", "story": "s1", "title": "Title", "text": "Body."} | fields


def test_jsonl_reads_fields_and_defaults(tmp_path: Path) -> None:
    path = jsonl(
        tmp_path / "gold.jsonl",
        item(outlet="bbc.co.uk", published="2024-11-06T14:30:00+01:00"),
        "",
        item(id="a2", story=7, title=" Spaced ", text=""),
    )
    first, second = load_labelled_jsonl(path)
    assert first == LabelledArticle(
        Article(
            id="a1",
            title="Title",
            text="Body.",
            outlet="bbc.co.uk",
            origin=f"{path}:1",
            published=datetime(2024, 11, 6, 13, 30, tzinfo=UTC),
        ),
        "s1",
    )
    assert second.story == "7"
    assert second.article.origin == f"{path}:3"
    assert (second.article.title, second.article.outlet) == ("Spaced", "unknown")
    assert second.article.published is None


def test_jsonl_reads_a_crawler_dump_as_ingest_does(tmp_path: Path) -> None:
    """BASIL and news-please write ``date_publish``, ``source_domain`` and ``url``: a gold
    file in that form is scored dated, as ingest would read it, not as undated."""
    line = {
        "id": "b1",
        "story": "e1",
        "title": "Title",
        "text": "Body.",
        "date_publish": "2013-01-16",
        "source_domain": "nytimes.com",
        "url": "https://www.nytimes.com/2013/01/16/us/politics/guns.html",
    }
    path = jsonl(tmp_path / "basil.jsonl", line)
    (only,) = load_labelled_jsonl(path)
    assert only.article.published == datetime(2013, 1, 16, tzinfo=UTC)
    assert only.article.outlet == "nytimes.com"
    assert only.article.url == line["url"]


@pytest.mark.parametrize(
    ("published", "expected"),
    [
        ("2024-11-06", datetime(2024, 11, 6, tzinfo=UTC)),
        ("2024-11-06T08:00:00", datetime(2024, 11, 6, 8, tzinfo=UTC)),
        ("2024-11-06T08:00:00Z", datetime(2024, 11, 6, 8, tzinfo=UTC)),
        ("2024-11-06T03:00:00-05:00", datetime(2024, 11, 6, 8, tzinfo=UTC)),
        (None, None),
    ],
)
def test_jsonl_published_is_aware_utc(
    tmp_path: Path, published: str | None, expected: datetime | None
) -> None:
    path = jsonl(tmp_path / "gold.jsonl", item(published=published))
    article = load_labelled_jsonl(path)[0].article
    assert article.published == expected
    if article.published is not None:
        assert article.published.utcoffset() is not None


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ('{"id": "a2", "story": "s1", "title": "T"', "invalid JSON"),
        ('["a", "b"]', "expected a JSON object, got list"),
        (json.dumps({"story": "s1", "title": "T", "text": "B"}), "missing required field 'id'"),
        (json.dumps(item(id="a2", story=None)), "field 'story' must be a string, got NoneType"),
        (json.dumps(item(id="a2", story=True)), "field 'story' must be a string, got bool"),
        (json.dumps(item(id="a2", story="  ")), "field 'story' is empty"),
        (json.dumps(item(id="a2", text=None)), "field 'text' must be a string"),
        (json.dumps(item(id="a2", title="", text=" ")), "neither title nor text"),
        (json.dumps(item(id="a2", published="yesterday")), "not ISO 8601: 'yesterday'"),
        (json.dumps(item(id="a2", outlet=3)), "field 'outlet' must be a string, got int"),
        (json.dumps(item()), "duplicate id 'a1' (first on line 1)"),
    ],
)
def test_jsonl_bad_line_names_file_and_line(tmp_path: Path, line: str, reason: str) -> None:
    path = jsonl(tmp_path / "gold.jsonl", item(), line)
    with pytest.raises(IngestError) as caught:
        load_labelled_jsonl(path)
    assert caught.value.origin == f"{path}:2"
    assert reason in caught.value.reason


# --- format choice ---------------------------------------------------------------------------


def test_load_labelled_guesses_from_suffix_or_obeys_fmt(tmp_path: Path, source: Path) -> None:
    assert load_labelled(source) == load_neus(source)
    gold = jsonl(tmp_path / "gold.jsonl", item())
    assert load_labelled(gold) == load_labelled_jsonl(gold)
    renamed = tmp_path / "neus.txt"
    renamed.write_bytes(source.read_bytes())
    assert [x.story for x in load_labelled(renamed, "neus")] == ["1", "1", "1", "2", "2"]
    with pytest.raises(IngestError):
        load_labelled(renamed)
    with pytest.raises(ValueError, match="unknown labelled format 'csv'"):
        load_labelled(gold, "csv")
