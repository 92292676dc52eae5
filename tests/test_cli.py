"""The command line end to end on real files: call the command, then check through the API."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from storylens.cli import app
from storylens.store import Store

from .conftest import DEMO, REPO

runner = CliRunner()


def invoke(*args: str, stdin: bytes | None = None) -> str:
    result = runner.invoke(app, list(args), input=stdin)
    assert result.exit_code == 0, result.output
    return result.output


def test_every_command_is_documented_in_the_readme() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    names = [c.name or (c.callback.__name__ if c.callback else "") for c in app.registered_commands]
    for group in app.registered_groups:
        assert group.typer_instance is not None
        names += [
            f"{group.name} {c.name or (c.callback.__name__ if c.callback else '')}"
            for c in group.typer_instance.registered_commands
        ]
    assert "eval cluster" in names
    for name in names:
        assert f"### `storylens {name}`" in readme, f"`storylens {name}` has no README section"
        assert re.search(rf"\$ storylens {name}\b", readme), f"`storylens {name}` has no example"


def test_the_command_loads_no_language_model_library_until_a_command_needs_one() -> None:
    # `storylens --help`, `stories` and `brief` took 7 s before any output while spaCy,
    # onnxruntime and SciPy loaded; the commands that use them import them.
    heavy = "{'spacy', 'onnxruntime', 'usearch', 'datasketch', 'torch'}"
    check = f"import sys, storylens.cli; print(sorted({heavy} & set(sys.modules)))"
    loaded = subprocess.run([sys.executable, "-c", check], capture_output=True, text=True)
    assert loaded.stdout.strip() == "[]", loaded.stderr


def test_seeds_make_one_story_with_three_outlets(seeds: Path, tmp_path: Path) -> None:
    db = str(tmp_path / "s.db")
    output = invoke("ingest", str(seeds), "--db", db, "--quiet")
    assert "added 3 articles" in output
    stories = json.loads(invoke("stories", "--db", db, "--json"))
    assert len(stories) == 1
    [story] = stories
    assert story["articles"] == 3 and len(story["outlets"]) == 3

    brief = json.loads(invoke("brief", str(story["id"]), "--db", db, "--format", "json"))
    assert brief["schema"] == "storylens.brief/1"
    article_ids = {a["id"] for a in brief["story"]["articles"]}
    assert len(article_ids) == 3
    summary = [brief["summary"]["headline"], *brief["summary"]["sentences"]]
    cited = [s for item in summary + brief["consensus"] for s in item["sources"]]
    assert cited and set(cited) <= article_ids
    assert any(len(item["outlets"]) == 3 for item in brief["consensus"])

    with Store(db) as store:
        before = store.counts()
    again = invoke("ingest", str(seeds), "--db", db, "--quiet")
    assert "added 0 articles" in again and "3 already stored" in again
    with Store(db) as store:
        assert store.counts() == before


def test_brief_renders_every_format_and_writes_files(seeds: Path, tmp_path: Path) -> None:
    db = str(tmp_path / "s.db")
    invoke("ingest", str(seeds), "--db", db, "--quiet")
    md = invoke("brief", "1", "--db", db, "--format", "md")
    assert md.startswith("# ") and "## Sources" in md and "[1]" in md
    text = invoke("brief", "1", "--db", db)
    assert "\nSources\n" in text and "## " not in text
    # The seeds give dates without a time: they are shown as dates, not as "00:00".
    assert "(2024-11-07)" in text and "00:00" not in text and "00:00" not in md
    assert "00:00" not in invoke("stories", "--db", db)
    target = tmp_path / "brief.html"
    invoke("brief", "1", "--db", db, "--format", "html", "-o", str(target))
    html = target.read_text(encoding="utf-8")
    assert html.startswith("<!doctype html>") and 'class="cite"' in html


def test_brief_of_a_missing_story_fails_clearly(tmp_path: Path) -> None:
    db = tmp_path / "empty.db"
    Store(db).close()
    result = runner.invoke(app, ["brief", "42", "--db", str(db)])
    assert result.exit_code == 1
    assert "no story with id 42" in result.output


@pytest.mark.parametrize(
    "command", [["stories"], ["topics"], ["errors"], ["brief", "1"], ["recluster"]]
)
def test_a_mistyped_database_is_an_error_not_a_new_empty_one(
    command: list[str], tmp_path: Path
) -> None:
    typo = tmp_path / "nowhere" / "stroylens.db"
    result = runner.invoke(app, [*command, "--db", str(typo)])
    assert result.exit_code == 1
    assert f"no database at {typo}" in " ".join(result.output.split())
    assert not typo.parent.exists()


def test_output_that_cannot_be_written_is_named_before_any_work(tmp_path: Path) -> None:
    in_the_way = tmp_path / "briefs"
    in_the_way.write_text("not a folder")
    db = tmp_path / "never.db"
    result = runner.invoke(app, ["run", str(DEMO), "--db", str(db), "--out", str(in_the_way)])
    assert result.exit_code == 1
    assert f"cannot write briefs to {in_the_way}: it is a file" in " ".join(result.output.split())
    assert not db.exists(), "the ingest should not have started"

    invoke("ingest", str(DEMO / "text"), "--db", str(db), "--quiet")
    target = tmp_path / "missing" / "brief.html"
    result = runner.invoke(app, ["brief", "1", "--db", str(db), "-o", str(target)])
    assert result.exit_code == 1
    assert f"cannot write {target}: No such file or directory" in " ".join(result.output.split())


def test_run_on_the_demo_corpus(tmp_path: Path) -> None:
    out = tmp_path / "out"
    db = str(tmp_path / "demo.db")
    output = invoke("run", str(DEMO), "--db", db, "--out", str(out), "--quiet")
    flat = " ".join(output.split())
    assert "1 copy," in flat and "0 errors" in flat
    with Store(db) as store:
        stories = store.stories()
        assert sorted(s.articles for s in stories) == [4, 4, 5]
        for story in stories:
            assert (out / f"story-{story.id}.html").is_file()
            brief = json.loads((out / f"story-{story.id}.json").read_text(encoding="utf-8"))
            assert brief == store.brief(story.id)
            shown = [sentence["text"] for sentence in brief["summary"]["sentences"]]
            for k, text in enumerate(shown):
                assert text.count("“") == text.count("”"), f"cut out of a longer quote: {text}"
                if text.startswith("“Nobody should"):  # the speaker is named just before
                    assert k > 0 and "Vesna Tallard" in shown[k - 1], shown
        bridge = next(s for s in stories if s.articles == 5)
        articles, _ = store.story_articles(bridge.id)
        copies = [a for a in articles if a.copy_of is not None]
        assert [a.article.outlet for a in copies] == ["southfoldcourier.example"]
    topics = json.loads(invoke("topics", "--db", db, "--json"))
    assert sorted(len(t["stories"]) for t in topics) == [1, 1, 1]
    titles = [set(t["title"].split(" · ")[:2]) for t in topics]
    assert {"Ossel Bridge", "Port Veyra"} in titles, titles
    assert any("Bank of Calder" in t for t in titles), titles
    for topic in topics:
        brief = json.loads((out / f"story-{topic['stories'][0]}.json").read_text("utf-8"))
        assert brief["story"]["topic"] == {"id": topic["id"], "title": topic["title"]}
    index = (out / "index.html").read_text(encoding="utf-8")
    assert all(f"story-{s.id}.html" in index for s in stories)


BAD_FEED = b"<?xml version='1.0'?><rss><channel><title>x</title><item><title>broken"


def _mixed_folder(root: Path) -> None:
    good = (
        "The harbour authority in Port Veyra reopened the eastern quay on Monday after a "
        "three-week closure, officials said, and ferries resumed their normal timetable."
    )
    (root / "good.txt").write_text(" date 2026-03-16 Quay reopens\n\n" + good, encoding="utf-8")
    (root / "latin1.txt").write_bytes(
        ("Café owners in Southfold welcomed the decision on Tuesday. " * 3).encode("latin-1")
    )
    (root / "empty.txt").write_bytes(b"")
    (root / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    (root / "broken.html").write_bytes(b"<html><body><div><p></div></sp>\x00")
    (root / "broken.xml").write_bytes(BAD_FEED)
    lines = [
        json.dumps(
            {
                "title": "Ferry line extended",
                "maintext": "The Veyra ferry line will run to Southfold from April, its "
                "operator said, adding two boats a day.",
                "url": "https://veyrapost.example/ferry",
                "date_publish": "2026-03-16 08:00:00",
            }
        ),
        '{"title": "cut off',
        json.dumps(
            {
                "title": "Rates",
                "maintext": "The Bank of Calder held its rate at 4.25% on "
                "Thursday, its governor said, pointing to slowing inflation.",
                "url": "https://calderledger.example/rates",
            }
        ),
    ]
    (root / "crawl.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_bad_input_is_named_and_the_rest_goes_on(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    _mixed_folder(inbox)
    db = str(tmp_path / "m.db")
    output = invoke("ingest", str(inbox), "--db", db)
    assert "added 4 articles" in output
    with Store(db) as store:
        problems = {
            Path(p.origin.split(":")[0]).name + (":2" if p.origin.endswith(":2") else "")
            for p in store.errors()
        }
        titles = {a.article.title for s in store.stories() for a in store.story_articles(s.id)[0]}
    assert problems == {"empty.txt", "image.txt", "broken.html", "broken.xml", "crawl.jsonl:2"}
    assert "Quay reopens" in titles and "Ferry line extended" in titles
    for name in ("empty.txt", "image.txt", "broken.html", "broken.xml", "crawl.jsonl:2"):
        assert name in output.replace("\n", "")
    listed = invoke("errors", "--db", db)
    assert "empty.txt" in listed and "crawl.jsonl:2" in listed


def test_errors_lists_what_is_wrong_now_not_every_attempt(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    good = json.dumps(
        {
            "title": "Harbour reopens",
            "text": "The harbour at Ulm reopened on Monday after the storm.",
        }
    )
    feed = inbox / "crawl.jsonl"
    feed.write_text(good + "\n{broken\n", encoding="utf-8")
    db = str(tmp_path / "e.db")
    for _ in range(2):
        invoke("ingest", str(inbox), "--db", db, "--quiet")
    with Store(db) as store:
        assert [p.origin for p in store.errors()] == [f"{feed}:2"]
    fixed = json.dumps(
        {
            "title": "Ferry resumes",
            "text": "The ferry to Dalby ran again on Tuesday after the storm.",
        }
    )
    feed.write_text(good + "\n" + fixed + "\n", encoding="utf-8")
    invoke("ingest", str(inbox), "--db", db, "--quiet")
    assert invoke("errors", "--db", db) == ""


def test_a_date_that_cannot_be_true_is_a_warning_and_the_article_is_kept(tmp_path: Path) -> None:
    feed = tmp_path / "wire.jsonl"
    text = "The harbour at Ulm reopened on Monday after the storm, officials said."
    feed.write_text(
        json.dumps({"title": "Harbour reopens", "text": text, "date_publish": "2099-01-01"}) + "\n",
        encoding="utf-8",
    )
    db = str(tmp_path / "w.db")
    flat = " ".join(invoke("ingest", str(feed), "--db", db, "--quiet").split())
    assert f"warning {feed}:1: date '2099-01-01' is more than 2 days in the future" in flat
    assert "0 errors, 1 warning" in flat
    with Store(db) as store:
        [story] = store.stories()
        assert story.articles == 1 and story.first_published is None
        assert [p.origin for p in store.errors()] == [f"{feed}:1"]


def test_nothing_readable_is_a_failure_with_a_message(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    result = runner.invoke(
        app, ["ingest", str(tmp_path / "empty.txt"), "--db", str(tmp_path / "e.db")]
    )
    assert result.exit_code == 1
    assert "nothing could be ingested" in result.output


def test_standard_input(tmp_path: Path) -> None:
    db = str(tmp_path / "in.db")
    line = json.dumps(
        {
            "title": "Quay reopens",
            "text": "The harbour authority reopened the "
            "eastern quay on Monday after a three-week closure, officials said.",
            "url": "https://harbourgazette.example/quay",
        }
    )
    output = invoke("ingest", "-", "--db", db, "--quiet", stdin=line.encode() + b"\n")
    assert "added 1 article," in output
    with Store(db) as store:
        [story] = store.stories()
        assert story.outlets == ("harbourgazette.example",)


@pytest.mark.parametrize("fmt", ["yaml"])
def test_unknown_format_is_refused(fmt: str, tmp_path: Path) -> None:
    result = runner.invoke(app, ["brief", "1", "--db", str(tmp_path / "x.db"), "--format", fmt])
    assert result.exit_code == 2 and "unknown format" in result.output


def test_an_article_in_another_language_is_stored_in_its_own_story(tmp_path: Path) -> None:
    french = (
        " date 2026-03-13 Effondrement d'un pont à Port Veyra\n\n"
        "Le pont de l'Ossel s'est effondré jeudi soir dans la rivière en crue, emportant un bus "
        "et plusieurs voitures. Les secours ont repêché trente et une personnes pendant la nuit."
    )
    (tmp_path / "journal.txt").write_text(french, encoding="utf-8")
    db = str(tmp_path / "fr.db")
    invoke("ingest", str(tmp_path / "journal.txt"), str(DEMO), "--db", db, "--quiet")
    with Store(db) as store:
        stories = store.stories()
        [french_story] = [s for s in stories if s.outlets == ("unknown (journal)",)]
        [stored] = store.story_articles(french_story.id)[0]
        assert stored.article.language == "fr"
        assert stored.facts.sentences and not stored.facts.entities
        assert sorted(s.articles for s in stories) == [1, 4, 4, 5]


def _report(toll: int, said_on: str, published: str, url: str) -> str:
    """The same page of veyrapost.example at one time of the day; a URL elsewhere is a mirror."""
    text = (
        f"At least {toll} people were killed when the Ossel bridge collapsed in Port Veyra on "
        f"Thursday night, emergency officials said on {said_on}. Rescuers pulled 31 people from "
        "the flooded river. The bridge, opened in 1971, carried about 30,000 vehicles a day. "
        "Mayor Teodor Vask said the city was in shock and declared three days of mourning."
    )
    item = {
        "title": f"Bridge collapse kills {toll} in Port Veyra",
        "text": text,
        "url": url,
        "date_publish": published,
        "source_domain": url.split("/")[2],
    }
    return json.dumps(item) + "\n"


def test_a_page_revised_in_place_shows_what_changed(tmp_path: Path) -> None:
    page = "https://veyrapost.example/bridge"
    first = tmp_path / "morning.jsonl"
    first.write_text(_report(12, "Friday", "2026-03-13 08:00:00", page), encoding="utf-8")
    revised = tmp_path / "next-day.jsonl"
    revised.write_text(_report(17, "Saturday", "2026-03-14 18:00:00", page), encoding="utf-8")
    elsewhere = tmp_path / "mirror.jsonl"  # the same revision under another URL: a copy
    elsewhere.write_text(
        _report(17, "Saturday", "2026-03-14 19:00:00", "https://mirror.example/bridge"), "utf-8"
    )
    db = str(tmp_path / "u.db")
    invoke("ingest", str(first), "--db", db, "--quiet")
    assert "added 1 article, 0 copies" in invoke("ingest", str(revised), "--db", db, "--quiet")
    assert "added 0 articles, 1 copy" in invoke("ingest", str(elsewhere), "--db", db, "--quiet")

    [story] = json.loads(invoke("stories", "--db", db, "--json"))
    assert story["articles"] == 3
    assert story["title"] == "Bridge collapse kills 17 in Port Veyra", "the page as it reads now"
    assert story["last_published"] == "2026-03-14T18:00:00+00:00", "when the page last changed"
    brief = json.loads(invoke("brief", str(story["id"]), "--db", db, "--format", "json"))
    morning, evening, mirror = brief["story"]["articles"]
    assert morning["revised_by"] == evening["id"] and morning["copy_of"] is None
    assert mirror["copy_of"] == evening["id"] or mirror["copy_of"] == morning["id"]
    # The brief reads the page as it stands now...
    cited = {s for item in brief["summary"]["sentences"] for s in item["sources"]}
    assert cited == {evening["id"]}
    assert brief["summary"]["headline"]["text"] == "Bridge collapse kills 17 in Port Veyra"
    # ...and shows the figure the outlet changed, as an update.
    [conflict] = brief["conflicts"]
    assert conflict["kind"] == "changed_over_time"
    assert [(v["value"], v["source"]) for v in conflict["values"]] == [
        ("12", morning["id"]),
        ("17", evening["id"]),
    ]
    for fmt in ("md", "html"):
        assert "earlier version of [2]" in invoke("brief", "1", "--db", db, "--format", fmt)


def test_a_revision_that_keeps_its_pages_publication_time_is_still_the_later_version(
    tmp_path: Path,
) -> None:
    # Crawlers report a page updated in place under the time it was first published.
    page = "https://veyrapost.example/bridge"
    db = str(tmp_path / "k.db")
    for toll in (12, 17):
        feed = tmp_path / f"crawl-{toll}.jsonl"
        feed.write_text(_report(toll, "Friday", "2026-03-13 08:00:00", page), encoding="utf-8")
        invoke("ingest", str(feed), "--db", db, "--quiet")
    brief = json.loads(invoke("brief", "1", "--db", db, "--format", "json"))
    first, latest = brief["story"]["articles"]
    assert first["revised_by"] == latest["id"]
    [conflict] = brief["conflicts"]
    assert conflict["kind"] == "changed_over_time"
    assert [(v["value"], v["source"]) for v in conflict["values"]] == [
        ("12", first["id"]),
        ("17", latest["id"]),
    ]


def test_the_index_groups_stories_under_their_topics(tmp_path: Path) -> None:
    from storylens.export import index_groups

    out = tmp_path / "out"
    db = str(tmp_path / "i.db")
    invoke("run", str(DEMO), "--out", str(out), "--db", db, "--quiet")
    with Store(db) as store:
        stories, topics = store.stories(), store.topics()
    groups = index_groups(stories, topics)
    assert sorted(s.id for g in groups for s in g.stories) == sorted(s.id for s in stories)
    assert all(g.topic is not None for g in groups), "every demo story has a topic"
    articles = [sum(s.articles for s in g.stories) for g in groups]
    assert articles == sorted(articles, reverse=True), "the most covered topic first"
    index = (out / "index.html").read_text(encoding="utf-8")
    positions = [index.index(f"<h2>{g.topic.title}</h2>") for g in groups if g.topic]
    assert positions == sorted(positions)
