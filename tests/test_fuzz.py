"""Property-based tests of every reader, and of the store behind them (issue 19).

The property: whatever the input, reading finishes, every item comes out as an article or as
an error that names it, and what is stored is clean text the store keeps the same on SQLite
and PostgreSQL. ``make test`` runs a bounded budget; a longer run:

    STORYLENS_FUZZ_EXAMPLES=5000 .venv/bin/python -m pytest tests/test_fuzz.py \
        --hypothesis-show-statistics
"""

from __future__ import annotations

import html
import io
import json
import os
import re
import sqlite3
import tempfile
from collections.abc import Iterator
from datetime import UTC
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storylens.engine import ingest
from storylens.errors import IngestError
from storylens.ingest import read_paths
from storylens.ingest.common import parse_time
from storylens.ingest.jsonl import (
    AUTHOR_FIELDS,
    DOMAIN_FIELDS,
    LANGUAGE_FIELDS,
    NAME_FIELDS,
    TEXT_FIELDS,
    TIME_FIELDS,
    TITLE_FIELDS,
    URL_FIELDS,
)
from storylens.model import Article
from storylens.store import Store

from .conftest import _postgres_database
from .hostile import stored_articles

#: Generated inputs per reader test; the store test runs a tenth of it (each is an ingest).
EXAMPLES = int(os.environ.get("STORYLENS_FUZZ_EXAMPLES", "100"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
_UNCLEAN = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
FIELDS = (
    *TEXT_FIELDS, *TITLE_FIELDS, *URL_FIELDS, *TIME_FIELDS, *LANGUAGE_FIELDS, *AUTHOR_FIELDS,
    *DOMAIN_FIELDS, *NAME_FIELDS,
)  # fmt: skip
#: Stands for an integer of 5,000 digits, which ``json.dumps`` cannot write: put in after.
BIG = "<5000 digits>"
JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.text()
    | st.sampled_from(["[/oops]", "\ud800", "\x00", "\x1b[2J", "0000-00-00", BIG]),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=8,
)
#: Words of fictional news, so that generated articles are long enough to be read.
WORDS = st.sampled_from(
    ("the", "harbour", "council", "voted", "ferry", "tolls", "storm", "reopened", "mayor",
     "said", "on", "Monday", "37", "people", "Calder", "Lowmere", "were", "rescued", "after",
     "bridge", "closed", "repairs")
)  # fmt: skip
ARTICLE_TEXT = st.lists(WORDS, min_size=30, max_size=80).map(" ".join)


def _read(name: str, data: bytes) -> list[Article | IngestError]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        items = list(read_paths([path]))
        for item in items:
            _check(item, str(path))
        return items


def _check(item: Article | IngestError, origin: str) -> None:
    """What every item must be: an article of clean text, or an error naming its input."""
    if isinstance(item, IngestError):
        assert item.origin.startswith(origin) and item.reason
        return
    assert isinstance(item, Article)
    for value in (item.text, item.title, item.outlet, item.url or "", item.author or ""):
        assert not _UNCLEAN.search(value), value
        value.encode("utf-8")
    assert item.text.strip() and item.title.strip()
    assert item.published is None or item.published.tzinfo is UTC
    assert re.fullmatch(r"[0-9a-f]{16}", item.id)


@FUZZ
@given(st.binary(max_size=4096), st.sampled_from([".txt", ".json", ".jsonl", ".html", ".xml"]))
def test_any_bytes_in_any_format_are_read_or_named(data: bytes, suffix: str) -> None:
    _read(f"input{suffix}", data)


@FUZZ
@given(st.binary(max_size=4096))
def test_any_bytes_on_standard_input_are_read_or_named(data: bytes) -> None:
    for item in read_paths(["-"], stdin=io.BytesIO(data)):
        _check(item, "<stdin>")


@FUZZ
@given(
    st.lists(
        st.dictionaries(st.sampled_from(FIELDS) | st.text(max_size=6), JSON_VALUES, max_size=6),
        min_size=1,
        max_size=5,
    ),
    ARTICLE_TEXT,
)
def test_any_json_value_in_any_field_costs_at_most_its_own_line(
    items: list[dict[str, object]], text: str
) -> None:
    # Every third item has a text, so that articles, not only errors, are checked.
    for number, item in enumerate(items):
        if number % 3 == 0:
            item["text"] = text
    lines = [json.dumps(item).replace(json.dumps(BIG), "9" * 5000) for item in items]
    read = _read("crawl.jsonl", ("\n".join(lines) + "\n").encode("utf-8", "surrogatepass"))
    assert len(read) >= len(lines)  # one item per line, and a warning after some
    assert len([i for i in read if isinstance(i, Article)]) <= len(lines)


def _entry(title: str, text: str, date: str, link: str) -> str:
    return (
        f"<item><title>{html.escape(title)}</title><link>{html.escape(link)}</link>"
        f"<description>{html.escape(text)}</description><pubDate>{html.escape(date)}</pubDate>"
        "</item>"
    )


XML_TEXT = st.text(st.characters(blacklist_categories=["Cs", "Cc"]), max_size=40)


@FUZZ
@given(st.lists(st.tuples(XML_TEXT, ARTICLE_TEXT, XML_TEXT, XML_TEXT), min_size=1, max_size=4))
def test_any_feed_entries_are_read_or_named(entries: list[tuple[str, str, str, str]]) -> None:
    feed = (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Herald'
        f"</title>{''.join(_entry(*entry) for entry in entries)}</channel></rss>"
    )
    _read("feed.xml", feed.encode("utf-8"))


@FUZZ
@given(
    st.lists(
        st.tuples(st.sampled_from(["p", "div", "h1", "script", "a", "li", "b"]), ARTICLE_TEXT),
        min_size=1,
        max_size=6,
    ),
    XML_TEXT,
)
def test_any_html_fragments_are_read_or_named(parts: list[tuple[str, str]], title: str) -> None:
    body = "".join(f"<{tag}>{html.escape(text)}</{tag}>" for tag, text in parts)
    page = f"<html><head><title>{html.escape(title)}</title></head><body>{body}</body></html>"
    _read("page.html", page.encode("utf-8"))


@FUZZ
@given(st.text(max_size=40) | st.datetimes().map(str) | st.datetimes().map(lambda d: d.ctime()))
def test_any_time_text_is_a_utc_time_or_none(text: str) -> None:
    parsed = parse_time(text)
    assert parsed is None or parsed.tzinfo is UTC


def _databases(folder: Path) -> Iterator[str]:
    yield str(folder / "fuzz.db")
    if os.environ.get("STORYLENS_TEST_PG_URL"):
        yield from _postgres_database()


@settings(
    max_examples=max(2, EXAMPLES // 10),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(
    st.lists(
        st.fixed_dictionaries(
            {"title": st.text(max_size=30), "text": ARTICLE_TEXT, "date_publish": JSON_VALUES}
        ),
        min_size=1,
        max_size=4,
    )
)
def test_the_store_stays_consistent_and_alike_on_both_back_ends(
    items: list[dict[str, object]],
) -> None:
    line = "\n".join(json.dumps(item).replace(json.dumps(BIG), "9" * 5000) for item in items)
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        (folder / "crawl.jsonl").write_bytes((line + "\n").encode("utf-8", "surrogatepass"))
        stored = []
        databases = _databases(folder)
        try:
            for db in databases:
                report = ingest([folder / "crawl.jsonl"], db)
                assert report.added + report.copies + report.unchanged + len(report.errors) >= 1
                with Store(db, create=False) as store:
                    stored.append(stored_articles(store))
                    assert not store.stale_briefs()
                if not db.startswith("postgresql"):
                    with sqlite3.connect(db) as connection:
                        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        finally:
            databases.close()
        assert all(found == stored[0] for found in stored)
