"""One outlet per publication, titles without the site's name (issue 20)."""

from __future__ import annotations

import json
import sqlite3
import warnings
from pathlib import Path

import pytest
from typer.testing import CliRunner

from storylens.cli import app
from storylens.config import IngestSettings
from storylens.ingest import read_paths
from storylens.ingest.common import without_site_name
from storylens.model import Article
from storylens.outlets import publisher, registrable, same_publication
from storylens.store import Store

from .conftest import DEMO, SEEDS

runner = CliRunner()
BODY = (
    "The harbour at Calder reopened on Monday after a week of repairs to its sea wall, the port"
    " authority said, and ships queued at the entrance."
)


def articles_of(path: Path, settings: IngestSettings | None = None) -> list[Article]:
    return [a for a in read_paths([path], settings) if isinstance(a, Article)]


@pytest.mark.parametrize(
    ("host", "outlet"),
    [
        ("www.bbc.co.uk", "bbc.co.uk"),
        ("edition.cnn.com", "cnn.com"),
        ("news.yahoo.co.jp", "yahoo.co.jp"),
        ("calderledger.example", "calderledger.example"),
        ("localhost", "localhost"),
    ],
)
def test_an_outlet_is_the_registrable_domain(host: str, outlet: str) -> None:
    assert registrable(host) == outlet
    assert publisher(host) == outlet


def test_pages_of_one_publication_under_two_hosts_are_one_outlet(tmp_path: Path) -> None:
    items = [
        {"url": "https://edition.cnn.com/2026/harbour", "title": "Harbour reopens", "text": BODY},
        {"url": "https://www.cnn.com/2026/quay", "title": "Quay reopens", "text": BODY + " Ok."},
    ]
    path = tmp_path / "crawl.jsonl"
    path.write_text("\n".join(json.dumps(i) for i in items), encoding="utf-8")
    assert [a.outlet for a in articles_of(path)] == ["cnn.com", "cnn.com"]


def test_a_file_that_names_no_outlet_is_of_unknown_outlet_or_the_one_given(
    tmp_path: Path,
) -> None:
    path = tmp_path / "calder-ledger.txt"
    path.write_text(f"Harbour reopens\n\n{BODY}", encoding="utf-8")
    [unnamed] = articles_of(path)
    assert unnamed.outlet == "unknown (calder-ledger)"
    [named] = articles_of(path, IngestSettings(outlet="Calder Ledger"))
    assert named.outlet == "Calder Ledger"
    assert named.id == unnamed.id, "the same file is the same article, whoever is named"
    db = str(tmp_path / "o.db")
    result = runner.invoke(app, ["ingest", str(path), "--db", db, "--outlet", "Calder Ledger"])
    assert result.exit_code == 0, result.output
    with Store(db, create=False) as store:
        assert store.stories()[0].outlets == ("Calder Ledger",)


def test_a_url_line_names_a_text_files_outlet(tmp_path: Path) -> None:
    path = tmp_path / "note.txt"
    path.write_text(
        f"url https://www.calderledger.example/harbour\n date 2026-03-16 Harbour reopens\n\n{BODY}",
        encoding="utf-8",
    )
    [article] = articles_of(path)
    assert article.outlet == "calderledger.example"
    assert article.url == "https://www.calderledger.example/harbour"
    assert article.title == "Harbour reopens"
    assert article.published is not None


@pytest.mark.parametrize(
    ("title", "outlet", "site", "shown"),
    [
        ("Best tech gadgets of 2019 | ZDNet", "zdnet.com", None, "Best tech gadgets of 2019"),
        ("MacBook sale at Amazon from $700 - 9to5Mac", "9to5mac.com", None, None),
        ("September 2018 open thread - The GiveWell Blog", "givewell.org", None, None),
        ("Snack temptations | The Beachbody Blog", "beachbodyondemand.com", "The Beachbody Blog",
         "Snack temptations"),
        ("WIRED — Inside the harbour's new sea wall", "wired.com", None, None),
        # A section, the site as a subject, and a title that would be left too short stay.
        ("Opinion | Republicans are following Trump", "nytimes.com", None, "keep"),
        ("Take C.A.R.E. - comwrap auf der DMEXCO 2018", "comwrap.com", None, "keep"),
        ("Home | WIRED", "wired.com", None, "keep"),
    ],
)  # fmt: skip
def test_a_title_loses_the_sites_name_and_nothing_else(
    title: str, outlet: str, site: str | None, shown: str | None
) -> None:
    result = without_site_name(title, (outlet, site or "", outlet))
    if shown == "keep":
        assert result == title
    elif shown is None:
        assert result != title and result in title and len(result) > 12
    else:
        assert result == shown


def test_the_demo_has_seven_outlets_and_the_seeds_three_sources() -> None:
    demo = {a.outlet for a in articles_of(DEMO)}
    assert len(demo) == 7 and not any(o.startswith("unknown") for o in demo)
    if SEEDS.is_dir():
        seeds = [a.outlet for a in articles_of(SEEDS)]
        assert len(set(seeds)) == 3 and all(o.startswith("unknown (") for o in seeds)


def test_a_store_written_before_outlets_were_publications_is_migrated(tmp_path: Path) -> None:
    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / "ledger.txt").write_text(f"Harbour reopens\n\n{BODY}", encoding="utf-8")
    (folder / "crawl.jsonl").write_text(
        json.dumps({"url": "https://edition.cnn.com/quay", "title": "Quay", "text": BODY + " Q."}),
        encoding="utf-8",
    )
    db = tmp_path / "old.db"
    result = runner.invoke(app, ["ingest", str(folder), "--db", str(db), "-q"])
    assert result.exit_code == 0, result.output
    # As an older storylens wrote them: the host, and the file name, as outlets.
    with sqlite3.connect(db) as connection:
        connection.execute("UPDATE articles SET outlet = 'edition.cnn.com' WHERE url IS NOT NULL")
        connection.execute("UPDATE articles SET outlet = 'ledger' WHERE url IS NULL")
        connection.execute("DELETE FROM meta")
    with Store(str(db), create=False) as store:
        outlets = sorted(o for s in store.stories() for o in s.outlets)
        assert outlets == ["cnn.com", "unknown (ledger)"]
        assert store.stale_briefs() == [s.id for s in store.stories()], "rebuilt by the next run"
    again = runner.invoke(app, ["ingest", str(folder), "--db", str(db), "-q"])
    assert "added 0 articles" in again.output
    with Store(str(db), create=False) as store:
        assert store.stale_briefs() == []


def test_feed_dates_in_any_language_and_zone_abbreviations_are_read(tmp_path: Path) -> None:
    feed = (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Gazeta</title>'
        "<link>https://gazeta.example/</link>"
        f"<item><title>Porto reabre</title><description>{BODY}</description>"
        "<pubDate>Seg, 24 Set 2018 19:42:40 -0300</pubDate></item>"
        f"<item><title>Quay reopens</title><description>{BODY} Later.</description>"
        "<pubDate>24 September 2018 08:57:25 EST</pubDate></item></channel></rss>"
    )
    path = tmp_path / "gazeta.xml"
    path.write_text(feed, encoding="utf-8")
    times = [a.published.isoformat() if a.published else None for a in articles_of(path)]
    assert times == ["2018-09-24T22:42:40+00:00", "2018-09-24T13:57:25+00:00"]


def test_a_page_time_with_a_zone_htmldate_drops_is_read_with_it(tmp_path: Path) -> None:
    page = (
        "<html><head><title>Harbour reopens after repairs - Calder Ledger</title>"
        '<meta property="og:site_name" content="Calder Ledger">'
        '<meta property="og:url" content="https://calderledger.example/harbour">'
        '<meta property="article:published_time" content="2019-11-19 08:57:25 EST">'
        f"</head><body><article><h1>Harbour reopens after repairs</h1><p>{BODY}</p>"
        f"<p>{BODY}</p></article></body></html>"
    )
    path = tmp_path / "ledger.html"
    path.write_text(page, encoding="utf-8")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        [article] = articles_of(path)
    assert not caught, [str(w.message) for w in caught]
    assert article.published is not None
    assert article.published.isoformat() == "2019-11-19T13:57:25+00:00"
    assert (article.title, article.outlet) == (
        "Harbour reopens after repairs",
        "calderledger.example",
    )


@pytest.mark.parametrize(
    ("name", "domain", "same"),
    [
        ("Reuters", "reuters.com", True),
        ("BBC News", "bbc.com", True),
        ("British Broadcasting Corporation", "bbc.co.uk", True),
        ("The New York Times", "nytimes.com", True),
        ("Harbour Gazette", "harbour.example", False),
        ("The", "bbc.com", False),  # fillers alone name nothing
    ],
)
def test_a_publishers_name_is_its_domains_only_by_its_letters_or_initials(
    name: str, domain: str, same: bool
) -> None:
    assert same_publication(name, domain) is same


def test_a_publishers_name_and_its_domain_are_one_outlet_whichever_comes_first(
    tmp_path: Path,
) -> None:
    name_only = {"sitename": "Calder Ledger", "title": "Harbour reopens", "text": BODY}
    with_url = {
        "url": "https://www.calderledger.example/quay",
        "title": "Ferries return to Lowmere",
        "text": "Ferries returned to Lowmere on Tuesday for the first time since the storm,"
        " the operator said, with three crossings a day until the spring timetable starts.",
    }
    for order in ([name_only, with_url], [with_url, name_only]):
        folder = tmp_path / f"order-{order[0] is name_only}"
        folder.mkdir()
        for number, item in enumerate(order):
            (folder / f"{number}.jsonl").write_text(json.dumps(item), encoding="utf-8")
        db = str(folder / "o.db")
        result = runner.invoke(app, ["ingest", str(folder), "--db", db, "-q"])
        assert result.exit_code == 0, result.output
        with Store(db, create=False) as store:
            assert store.outlet_names() == {"calderledger.example"}
            assert store.stale_briefs() == []


def test_a_section_the_url_names_is_no_part_of_the_title() -> None:
    url = "https://www.autoindustriya.com/auto-industry-news/all-new-2020-sentra-is-here.html"
    names = ("autoindustriya.com", "AutoIndustriya.com", "autoindustriya.com")
    title = "All-new 2020 Sentra is here - Auto News"
    assert without_site_name(title, names, url) == "All-new 2020 Sentra is here"
    # The article's own slug repeats its title: a part that only it holds stays.
    slug = "https://calderledger.example/news/harbour-reopens-nissan-ph"
    kept = "Harbour reopens - Nissan PH"
    assert without_site_name(kept, ("calderledger.example", "", ""), slug) == kept
