"""Readers: what a user sees after pointing storylens at text files, dumps, pages and feeds."""

from __future__ import annotations

import io
import json
import os
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from storylens.config import IngestSettings
from storylens.errors import IngestError, IngestWarning
from storylens.ingest import read_paths
from storylens.ingest.common import article_id
from storylens.model import Article

BODY = (
    "Rescue teams searched the river through the night after the Ossel Bridge collapsed "
    "into the flooded water on Friday morning, officials said."
)
SECOND = "The city council had been warned about corrosion two years ago, records show."


def write(folder: Path, name: str, content: str | bytes) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    return path


def read(
    *paths: str | Path, settings: IngestSettings | None = None, stdin: bytes | None = None
) -> tuple[list[Article], list[IngestError]]:
    stream = io.BytesIO(stdin) if stdin is not None else None
    items = list(read_paths(paths, settings, stdin=stream))
    articles = [item for item in items if isinstance(item, Article)]
    errors = [item for item in items if isinstance(item, IngestError)]
    assert len(articles) + len(errors) == len(items)
    return articles, errors


def read_one(*paths: str | Path, stdin: bytes | None = None) -> Article:
    articles, errors = read(*paths, stdin=stdin)
    assert not errors, errors
    assert len(articles) == 1
    return articles[0]


def read_error(*paths: str | Path, settings: IngestSettings | None = None) -> IngestError:
    articles, errors = read(*paths, settings=settings)
    assert not articles
    assert len(errors) == 1
    return errors[0]


def read_warned(path: Path) -> tuple[Article, IngestWarning]:
    """The one article of ``path`` and the one warning that came with it."""
    articles, errors = read(path)
    assert len(articles) == 1 and len(errors) == 1, (articles, errors)
    assert isinstance(errors[0], IngestWarning), errors
    return articles[0], errors[0]


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


# --- plain text -------------------------------------------------------------------------


def test_text_headline_after_date_marker_becomes_the_title(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "harbour-gazette.txt",
        f" date 2026-03-13 Bridge collapse: 12 dead in Port Veyra\n\n{BODY}\n\n{SECOND}\n",
    )
    article = read_one(path)
    assert article.title == "Bridge collapse: 12 dead in Port Veyra"
    assert article.text == f"{BODY}\n\n{SECOND}"
    assert article.published == utc(2026, 3, 13)
    assert article.outlet == "unknown (harbour-gazette)"  # a file name is no outlet
    assert article.origin == str(path)
    assert article.language == "en"
    assert article.url is None


def test_text_without_headline_keeps_its_first_sentence_and_derives_a_title(
    tmp_path: Path,
) -> None:
    path = write(tmp_path, "wire.txt", f" date 2026-03-14 {BODY}\n{SECOND}")
    article = read_one(path)
    assert article.text == f"{BODY}\n{SECOND}"
    assert article.published == utc(2026, 3, 14)
    assert len(article.title) <= 120
    assert article.title.endswith("…")
    assert BODY.startswith(article.title.removesuffix("…"))


def test_text_short_first_sentence_is_the_whole_title(tmp_path: Path) -> None:
    path = write(tmp_path, "wire.txt", f"The bridge fell.\n{BODY}")
    article = read_one(path)
    assert article.title == "The bridge fell."
    assert article.text.startswith("The bridge fell.")
    assert article.published is None


def test_text_date_marker_on_its_own_line(tmp_path: Path) -> None:
    path = write(tmp_path, "ledger.txt", f" date 2026-03-16\nOrrin shares slide 7%\n\n{BODY}")
    article = read_one(path)
    assert article.published == utc(2026, 3, 16)
    assert article.title == "Orrin shares slide 7%"
    assert "date" not in article.text


@pytest.mark.parametrize(
    ("marker", "value"),
    [
        (" date 2026-02-30", "2026-02-30"),
        ("date 31/02/2026", "31/02/2026"),
        ("date yesterday", "yesterday"),
        ("Date: 16 Marchember 2026", "16 Marchember 2026"),
    ],
)
def test_text_date_marker_that_does_not_parse_is_not_the_title(
    tmp_path: Path, marker: str, value: str
) -> None:
    path = write(tmp_path, "odd.txt", f"{marker}\nOrrin shares slide 7%\n\n{BODY}")
    article, warning = read_warned(path)
    assert article.title == "Orrin shares slide 7%"
    assert article.text == BODY
    assert article.published is None
    assert warning.origin == str(path)
    assert warning.reason.startswith(f"date '{value}' is not a readable date (ISO 8601")
    assert warning.reason.endswith("; stored without one")


def test_text_impossible_date_marker_before_the_text_is_taken_off_it(tmp_path: Path) -> None:
    article, warning = read_warned(write(tmp_path, "odd.txt", f" date 2026-02-30 {BODY}"))
    assert article.text == BODY
    assert article.published is None
    assert "'2026-02-30'" in warning.reason


@pytest.mark.parametrize(
    ("marker", "published"),
    [
        ("date 2026-03-16T10:30\nOrrin shares slide 7%", utc(2026, 3, 16, 10, 30)),
        (" date 2026-03-16 10:30 Orrin shares slide 7%", utc(2026, 3, 16, 10, 30)),
        (
            "date: 2026-03-16T10:30:15+01:00\nOrrin shares slide 7%",
            datetime(2026, 3, 16, 9, 30, 15, tzinfo=UTC),
        ),
    ],
)
def test_text_date_marker_with_a_time_of_day(
    tmp_path: Path, marker: str, published: datetime
) -> None:
    article = read_one(write(tmp_path, "ledger.txt", f"{marker}\n\n{BODY}"))
    assert article.published == published
    assert article.title == "Orrin shares slide 7%"
    assert article.text == BODY


def test_text_headline_that_starts_with_date_is_a_headline(tmp_path: Path) -> None:
    article = read_one(write(tmp_path, "life.txt", f"Date night returns to Port Veyra\n\n{BODY}"))
    assert article.title == "Date night returns to Port Veyra"
    assert article.published is None


def test_text_first_line_ending_in_a_quoted_sentence_is_not_a_title(tmp_path: Path) -> None:
    quoted = "The minister said: “We will rebuild the bridge.”"
    article = read_one(write(tmp_path, "quote.txt", f"{quoted}\n{BODY}"))
    assert article.text.startswith(quoted)
    assert article.title == quoted


def test_text_whitespace_newlines_and_unicode_are_normalised(tmp_path: Path) -> None:
    raw = f"\ufeffHeadline  \r\n\r\nCafe\u0301 owners said   \r\n\r\n\r\n\r\n{BODY}  \r\n"
    article = read_one(write(tmp_path, "messy.txt", raw.encode("utf-8")))
    assert article.title == "Headline"
    assert article.text == f"Café owners said\n\n{BODY}"


def test_latin1_text_is_decoded(tmp_path: Path) -> None:
    text = f"Le café est très bon à Port Veyra, dit le maire.\n{SECOND}"
    article = read_one(write(tmp_path, "latin.txt", text.encode("latin-1")))
    assert "café est très bon à Port Veyra" in article.text


def test_a_lone_latin1_word_is_decoded_too(tmp_path: Path) -> None:
    path = write(tmp_path, "word.txt", "café".encode("latin-1"))
    articles, _ = read(path, settings=IngestSettings(min_text_chars=1))
    assert articles[0].text == "café"


WESTERN = [
    (
        "Café owners in Zürich protest new rent rules",
        "Owners of cafés and bakeries in Zürich gathered on Monday to protest the city's new "
        "rent rules, which they say will force many small businesses to close before the summer.",
    ),
    (
        "Zürich bakers protest",
        "Owners of cafés and bakeries in Zürich gathered on Monday to protest the city's new "
        "rent rules.",
    ),
    (
        "Disoccupazione in calo",
        "La società italiana è cresciuta più del previsto, però la disoccupazione è alta.",
    ),
    ("Kosningar", "Þjóðin kaus í gær og úrslitin komu á óvart í Reykjavík, segir í frétt."),
]


@pytest.mark.parametrize("encoding", ["latin-1", "cp1252"])
@pytest.mark.parametrize(("title", "text"), WESTERN)
def test_western_legacy_text_is_decoded_as_windows_1252(
    tmp_path: Path, encoding: str, title: str, text: str
) -> None:
    # Other single-byte code pages decode these bytes as cleanly ("Café" as "Cafķ" in cp775,
    # "però" as "peṛ"), and charset-normalizer's pick among them was arbitrary.
    item = json.dumps({"title": title, "text": text}, ensure_ascii=False)
    for name, content in (("western.txt", f"{title}\n\n{text}"), ("western.jsonl", item)):
        article = read_one(write(tmp_path, name, content.encode(encoding)))
        assert (article.title, article.text) == (title, text)


def test_cp1252_punctuation_is_decoded(tmp_path: Path) -> None:
    text = f"L’œuvre « très » chère – 5 € – a été vendue… {BODY}"
    assert read_one(write(tmp_path, "cp1252.txt", text.encode("cp1252"))).text == text


@pytest.mark.parametrize(
    ("encoding", "text"),
    [
        (
            "cp1251",
            "Мэр Москвы заявил, что мосты будут закрыты в четверг из-за забастовки водителей "
            "трамваев.",
        ),
        (
            "shift_jis",
            "東京都知事は、路面電車の運転手のストライキのため、木曜日に橋を閉鎖すると述べた。"
            "多くの通勤客が影響を受ける見通しだ。",
        ),
        (
            "cp1250",
            "Pražský primátor řekl, že mosty budou ve čtvrtek uzavřeny kvůli stávce řidičů "
            "tramvají.",
        ),
        (
            "cp1250",
            "A budapesti polgármester szerint a hidakat csütörtökön lezárják a villamosvezetők "
            "sztrájkja miatt.",
        ),
        ("utf-16", WESTERN[0][1]),
    ],
)
def test_other_encodings_are_still_told_apart(tmp_path: Path, encoding: str, text: str) -> None:
    # Hungarian and Czech decode without a stray byte as cp1252 too, but with wrong letters
    # ("tűrő" as "tûrõ"): the language tells the code page.
    for name, content in (
        ("other.txt", text),
        ("other.jsonl", json.dumps({"text": text}, ensure_ascii=False)),
    ):
        article = read_one(write(tmp_path, name, content.encode(encoding)))
        assert article.text == text


def test_utf16_text_with_a_bom_is_text_not_binary(tmp_path: Path) -> None:
    article = read_one(write(tmp_path, "notepad.txt", f"Headline\r\n{BODY}".encode("utf-16")))
    assert (article.title, article.text) == ("Headline", BODY)


def test_same_input_gets_the_same_id(tmp_path: Path) -> None:
    path = write(tmp_path, "wire.txt", f"Headline\n\n{BODY}")
    first, second = read_one(path), read_one(path)
    assert first.id == second.id
    assert len(first.id) == 16
    assert first.id == article_id("wire", "Headline", BODY)


def test_article_id_ignores_case_and_whitespace_but_not_content() -> None:
    assert article_id("wire", "A  Title", "Some\ntext") == article_id(
        "WIRE", "a title", "some text"
    )
    assert article_id("wire", "A title", "text") != article_id("wire", "A", "title text")
    assert article_id("wire", "A title", "text") != article_id("other", "A title", "text")


# --- JSON and JSON Lines ----------------------------------------------------------------

NEWS_PLEASE = {
    "title": "Bank of Calder raises rate",
    "maintext": BODY,
    "url": "https://www.calderpress.example/economy/rate",
    "date_publish": "2026-03-12 12:20:00",
    "source_domain": "www.calderpress.example",
    "language": "en",
    "authors": ["Lena Ostby", "Tomas Reyl"],
}
TRAFILATURA = {
    "title": "Bus plunges into river",
    "text": SECOND + " " + BODY,
    "url": "https://southfold.example/a",
    "date": "2026-03-13T09:15:00+05:30",
    "hostname": "southfold.example",
    "sitename": "Southfold Courier",
    "author": "Ruth Calloway",
}
GDELT = {
    "title": "Ossel Bridge toll rises",
    "content": BODY,
    "url": "https://veyrapost.example/x",
    "seendate": "20260314T183000Z",
    "domain": "veyrapost.example",
}


def jsonl(*items: Any) -> str:
    return "".join((item if isinstance(item, str) else json.dumps(item)) + "\n" for item in items)


def test_jsonl_reads_news_please_trafilatura_and_gdelt_items(tmp_path: Path) -> None:
    path = write(tmp_path, "crawl.jsonl", jsonl(NEWS_PLEASE, TRAFILATURA, GDELT))
    articles, errors = read(path)
    assert not errors
    news_please, trafilatura, gdelt = articles
    assert [a.origin for a in articles] == [f"{path}:1", f"{path}:2", f"{path}:3"]
    assert [a.outlet for a in articles] == [
        "calderpress.example",
        "southfold.example",
        "veyrapost.example",
    ]
    assert [a.title for a in articles] == [
        "Bank of Calder raises rate",
        "Bus plunges into river",
        "Ossel Bridge toll rises",
    ]
    assert news_please.published == utc(2026, 3, 12, 12, 20)  # naive: taken as UTC
    assert trafilatura.published == utc(2026, 3, 13, 3, 45)  # +05:30 converted
    assert gdelt.published == utc(2026, 3, 14, 18, 30)
    assert news_please.author == "Lena Ostby, Tomas Reyl"
    assert trafilatura.author == "Ruth Calloway"
    assert news_please.url == NEWS_PLEASE["url"]
    assert trafilatura.text == TRAFILATURA["text"]
    assert all(a.published is not None and a.published.tzinfo == UTC for a in articles)


def test_jsonl_broken_line_fails_alone(tmp_path: Path) -> None:
    path = write(tmp_path, "crawl.jsonl", jsonl('{"title": "broken", "text": ', NEWS_PLEASE, GDELT))
    articles, errors = read(path)
    assert [a.title for a in articles] == [NEWS_PLEASE["title"], GDELT["title"]]
    assert [e.origin for e in errors] == [f"{path}:1"]
    assert "invalid JSON" in errors[0].reason


def test_jsonl_item_without_text_is_reported(tmp_path: Path) -> None:
    item = {"title": "Only a headline", "url": "https://a.example/x", "maintext": None}
    path = write(tmp_path, "crawl.jsonl", jsonl(NEWS_PLEASE, item, "", "[1, 2]"))
    articles, errors = read(path)
    assert len(articles) == 1
    assert [e.origin for e in errors] == [f"{path}:2", f"{path}:4"]
    assert "no text" in errors[0].reason
    assert errors[1].reason == "expected a JSON object, got an array"


@pytest.mark.parametrize(
    ("value", "named"),
    [
        ("null", "null"),
        ("true", "true"),
        ("false", "false"),
        ("3", "a number"),
        ("2.5", "a number"),
        ('"a headline"', "a string"),
    ],
)
def test_jsonl_item_that_is_not_an_object_is_named_in_json_terms(
    tmp_path: Path, value: str, named: str
) -> None:
    path = write(tmp_path, "crawl.jsonl", jsonl(value))
    assert str(read_error(path)) == f"{path}:1: expected a JSON object, got {named}"


def test_jsonl_unicode_line_separator_inside_a_string_is_not_a_line_end(tmp_path: Path) -> None:
    item = {"title": "Separator", "text": f"{BODY}\u2028{SECOND}"}
    content = json.dumps(item, ensure_ascii=False) + "\r\n" + json.dumps(GDELT) + "\r\n"
    articles, errors = read(write(tmp_path, "crawl.jsonl", content))
    assert not errors
    assert [a.title for a in articles] == ["Separator", GDELT["title"]]
    assert articles[0].text == f"{BODY}\n{SECOND}"


def test_json_file_with_one_object(tmp_path: Path) -> None:
    article = read_one(write(tmp_path, "item.json", json.dumps(NEWS_PLEASE, indent=2)))
    assert article.title == NEWS_PLEASE["title"]
    assert article.origin.endswith("item.json")


def test_json_file_with_a_list_numbers_its_items(tmp_path: Path) -> None:
    path = write(tmp_path, "items.json", json.dumps([NEWS_PLEASE, {"title": "no text"}, GDELT]))
    articles, errors = read(path)
    assert [a.origin for a in articles] == [f"{path}#1", f"{path}#3"]
    assert [e.origin for e in errors] == [f"{path}#2"]


@pytest.mark.parametrize(
    "document",
    [
        {"status": "ok", "totalResults": 3, "articles": [NEWS_PLEASE, {"title": "x"}, GDELT]},
        {"items": [NEWS_PLEASE, {"title": "x"}, GDELT], "tags": ["a", "b"]},
        {"data": [NEWS_PLEASE, {"title": "x"}, GDELT], "included": [{"type": "author"}]},
    ],
)
def test_json_object_wrapping_the_list_of_articles_is_read(
    tmp_path: Path, document: dict[str, Any]
) -> None:
    path = write(tmp_path, "export.json", json.dumps(document))
    articles, errors = read(path)
    assert [(a.origin, a.title) for a in articles] == [
        (f"{path}#1", NEWS_PLEASE["title"]),
        (f"{path}#3", GDELT["title"]),
    ]
    assert [e.origin for e in errors] == [f"{path}#2"]


def test_json_object_of_another_shape_says_what_was_expected(tmp_path: Path) -> None:
    path = write(tmp_path, "odd.json", json.dumps({"title": "x", "authors": ["A"], "meta": {}}))
    error = read_error(path)
    assert error.origin == str(path)
    assert error.reason == (
        "not an article nor a list of them: the object has no text (looked for maintext, "
        'text, content, body) and no list of article objects (e.g. under "articles"); its '
        "keys: 'title', 'authors', 'meta'"
    )


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ("[]", "no articles: the file is an empty JSON array"),
        ('{"articles": [], "total": 0}', "no articles: the array under 'articles' is empty"),
    ],
)
def test_json_without_articles_says_so(tmp_path: Path, content: str, reason: str) -> None:
    path = write(tmp_path, "none.json", content)
    assert str(read_error(path)) == f"{path}: {reason}"


def test_json_lines_under_a_json_name_are_read_line_by_line(tmp_path: Path) -> None:
    path = write(tmp_path, "dump.json", jsonl(NEWS_PLEASE, GDELT, "{oops"))
    articles, errors = read(path)
    assert [a.origin for a in articles] == [f"{path}:1", f"{path}:2"]
    assert [e.origin for e in errors] == [f"{path}:3"]


def test_broken_json_document_is_one_error(tmp_path: Path) -> None:
    path = write(tmp_path, "broken.json", '{\n  "title": "x",\n  "text": \n}')
    error = read_error(path)
    assert error.origin == f"{path}:4"
    assert "invalid JSON" in error.reason


@pytest.mark.parametrize(
    ("fields", "outlet"),
    [
        (
            {"url": "https://www.Harbour.example/a", "sitename": "Harbour Gazette"},
            "harbour.example",
        ),
        ({"sitename": "Harbour Gazette"}, "Harbour Gazette"),
        ({"source": "https://www.wire.example/feed"}, "wire.example"),
        ({}, "unknown (crawl)"),
    ],
)
def test_json_outlet_falls_back_from_metadata_to_url_to_file_name(
    tmp_path: Path, fields: dict[str, str], outlet: str
) -> None:
    path = write(tmp_path, "crawl.jsonl", jsonl({"text": BODY, **fields}))
    assert read_one(path).outlet == outlet


def test_json_language_from_metadata_or_detected(tmp_path: Path) -> None:
    french = (
        "Le pont Ossel s'est effondré vendredi matin dans la rivière en crue, "
        "et les secours ont cherché des survivants toute la nuit."
    )
    items = [{"text": BODY, "language": "de-DE"}, {"text": french}, {"text": BODY, "language": "?"}]
    articles, _ = read(write(tmp_path, "crawl.jsonl", jsonl(*items)))
    assert [a.language for a in articles] == ["de", "fr", "en"]


def test_publication_time_far_in_the_future_is_dropped_with_a_warning(tmp_path: Path) -> None:
    now = datetime.now(UTC).replace(microsecond=0)
    week_ahead = (now + timedelta(days=7)).date().isoformat()
    items = [
        {"title": "Far", "text": BODY, "date": "2999-01-01T00:00:00Z"},
        {"title": "Soon", "text": BODY, "date": (now + timedelta(days=1)).isoformat()},
        {"title": "Week", "text": BODY, "date": week_ahead},
    ]
    path = write(tmp_path, "crawl.jsonl", jsonl(*items))
    articles, errors = read(path)
    assert [(a.title, a.published) for a in articles] == [
        ("Far", None),
        ("Soon", now + timedelta(days=1)),  # within the two days allowed for clock skew
        ("Week", None),
    ]
    assert all(isinstance(e, IngestWarning) for e in errors)
    assert [str(e) for e in errors] == [
        f"{path}:1: date '2999-01-01T00:00:00Z' is more than 2 days in the future; "
        "stored without one",
        f"{path}:3: date '{week_ahead}' is more than 2 days in the future; stored without one",
    ]


@pytest.mark.parametrize(
    ("value", "quoted"),
    [
        ("last Tuesday", "'last Tuesday'"),
        ("not a date", "'not a date'"),
        ("2026-13-45", "'2026-13-45'"),
        ("31/02/2026", "'31/02/2026'"),
        (1741900000, "'1741900000'"),  # epoch seconds: a number, not a time string
    ],
)
def test_unreadable_time_is_left_out_with_a_warning(
    tmp_path: Path, value: object, quoted: str
) -> None:
    path = write(tmp_path, "c.jsonl", jsonl({"text": BODY, "date_publish": value}))
    article, warning = read_warned(path)
    assert article.published is None
    assert warning.origin == f"{path}:1"
    assert warning.reason.startswith(f"date {quoted} is not a readable date")
    assert warning.reason.endswith("; stored without one")


def test_placeholder_time_before_the_first_newspaper_is_dropped(tmp_path: Path) -> None:
    items = [
        {"title": "Zero", "text": BODY, "date": "0001-01-01T00:00:00Z"},
        {"title": "Archive", "text": BODY, "date": "1800-01-01"},
    ]
    path = write(tmp_path, "archive.jsonl", jsonl(*items))
    articles, errors = read(path)
    assert [(a.title, a.published) for a in articles] == [
        ("Zero", None),
        ("Archive", utc(1800, 1, 1)),  # digitised archives are real input
    ]
    assert [str(e) for e in errors] == [
        f"{path}:1: date '0001-01-01T00:00:00Z' is before 1605, when the first newspaper "
        "appeared; stored without one"
    ]


def test_item_refused_for_its_text_gets_no_second_message_about_its_date(
    tmp_path: Path,
) -> None:
    path = write(tmp_path, "c.jsonl", jsonl({"text": "Too short.", "date": "2999-01-01"}))
    error = read_error(path)
    assert not isinstance(error, IngestWarning)
    assert "too short" in error.reason


def test_rfc2822_time_is_read(tmp_path: Path) -> None:
    item = {"text": BODY, "published": "Fri, 13 Mar 2026 09:15:00 +0100"}
    assert read_one(write(tmp_path, "c.jsonl", jsonl(item))).published == utc(2026, 3, 13, 8, 15)


# --- HTML -------------------------------------------------------------------------------

PAGE = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Bridge collapse in Port Veyra – Harbour Gazette</title>
<link rel="canonical" href="https://www.harbourgazette.example/news/bridge">
<meta property="og:site_name" content="Harbour Gazette">
<meta property="og:title" content="Bridge collapse in Port Veyra">
<meta name="author" content="Ruth Calloway">
<meta property="article:published_time" content="2026-03-13T10:30:00+02:00">
</head><body>
<nav><a href="/">Home</a> | <a href="/news">News</a> | <a href="/sport">Sport</a></nav>
<article>
<p class="kicker">Disaster</p>
<h1>Bridge collapse in Port Veyra</h1>
<p>{BODY}</p>
<p>{SECOND}</p>
<p>Divers were expected to resume the search at first light on Saturday, the fire service said.</p>
</article>
<footer>Copyright 2025 Harbour Gazette. All rights reserved.</footer>
</body></html>
"""


def test_html_page_main_text_and_metadata(tmp_path: Path) -> None:
    article = read_one(write(tmp_path, "page.html", PAGE))
    assert article.title == "Bridge collapse in Port Veyra"
    assert article.outlet == "harbourgazette.example"
    assert article.url == "https://www.harbourgazette.example/news/bridge"
    assert article.published == utc(2026, 3, 13, 8, 30)
    assert article.author == "Ruth Calloway"
    assert article.text.startswith(BODY)
    assert SECOND in article.text
    assert "Sport" not in article.text
    assert "Copyright" not in article.text


def test_html_without_main_text_is_reported(tmp_path: Path) -> None:
    path = write(tmp_path, "broken.htm", "<html><head><title>x</title><body><div><p></div><span")
    error = read_error(path)
    assert error.origin == str(path)
    assert "no main text" in error.reason


def test_html_whose_only_text_is_debris_is_too_short(tmp_path: Path) -> None:
    path = write(tmp_path, "debris.html", "<html><body><nav><a href='/'>Home</a></nav><p><<<>>")
    error = read_error(path)
    assert error.origin == str(path)
    assert "too short" in error.reason


# --- feeds ------------------------------------------------------------------------------

RSS = f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
     xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel>
<title>Harbour Gazette</title><link>https://www.harbourgazette.example/</link>
<language>en-gb</language>
<item>
  <title>Bridge collapses in Port Veyra</title>
  <link>https://www.harbourgazette.example/news/bridge</link>
  <pubDate>Fri, 13 Mar 2026 09:15:00 +0100</pubDate>
  <dc:creator>Ruth Calloway</dc:creator>
  <description>A short teaser.</description>
  <content:encoded><![CDATA[<p>{BODY}</p><p>{SECOND}<br>Updated at noon.</p>]]></content:encoded>
</item>
<item>
  <title>Syndicated: divers resume search</title>
  <link>https://wire.example/divers</link>
  <pubDate>Sat, 14 Mar 2026 07:00:00 GMT</pubDate>
  <description>&lt;p&gt;{SECOND}&lt;/p&gt;&lt;script&gt;track()&lt;/script&gt;</description>
</item>
<item><title>Only a title</title></item>
</channel></rss>
"""

ATOM = f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
<title>Tidewater Radio</title>
<link href="https://tidewater.example/"/>
<updated>2026-03-16T18:00:00Z</updated>
<entry>
  <title>What the rate rise means</title>
  <updated>2026-03-16T17:10:00+01:00</updated>
  <content type="html">&lt;p&gt;{BODY}&lt;/p&gt;</content>
</entry>
</feed>
"""


def test_rss_entries_become_articles(tmp_path: Path) -> None:
    path = write(tmp_path, "gazette.rss", RSS)
    articles, errors = read(path)
    full, summary_only = articles
    assert full.title == "Bridge collapses in Port Veyra"
    assert full.text == f"{BODY}\n\n{SECOND}\nUpdated at noon."
    assert full.published == utc(2026, 3, 13, 8, 15)
    assert full.outlet == "harbourgazette.example"
    assert full.author == "Ruth Calloway"
    assert full.language == "en"
    assert full.origin == f"{path}#1"
    assert summary_only.text == SECOND
    assert summary_only.outlet == "wire.example"
    assert [e.origin for e in errors] == [f"{path}#3"]
    assert "no content or summary" in errors[0].reason


def test_atom_entry_without_link_takes_the_feed_domain(tmp_path: Path) -> None:
    article = read_one(write(tmp_path, "radio.atom", ATOM))
    assert article.outlet == "tidewater.example"
    assert article.published == utc(2026, 3, 16, 16, 10)
    assert article.text == BODY


def test_feed_without_links_takes_the_feed_title(tmp_path: Path) -> None:
    atom = ATOM.replace('<link href="https://tidewater.example/"/>', "")
    assert read_one(write(tmp_path, "radio.atom", atom)).outlet == "Tidewater Radio"


def test_broken_feed_names_file_and_reason(tmp_path: Path) -> None:
    truncated = write(tmp_path, "cut.xml", "<rss><channel><title>x</title><item><title>half")
    not_xml = write(tmp_path, "junk.xml", "this is not < a feed & at all")
    for path in (truncated, not_xml):
        error = read_error(path)
        assert error.origin == str(path)
        assert error.reason.startswith("not a readable feed:")
        assert len(error.reason) > len("not a readable feed: ")


def test_feed_without_entries_is_reported(tmp_path: Path) -> None:
    path = write(
        tmp_path, "quiet.rss", "<rss version='2.0'><channel><title>Q</title></channel></rss>"
    )
    assert "no entries" in read_error(path).reason


def test_feed_entry_with_an_unusable_date_is_stored_with_a_warning(tmp_path: Path) -> None:
    rss = RSS.replace("Fri, 13 Mar 2026 09:15:00 +0100", "garbage date").replace(
        "Sat, 14 Mar 2026 07:00:00 GMT", "Fri, 01 Jan 2099 00:00:00 GMT"
    )
    path = write(tmp_path, "gazette.rss", rss)
    articles, errors = read(path)
    assert [(a.origin, a.published) for a in articles] == [(f"{path}#1", None), (f"{path}#2", None)]
    garbage, future, no_content = errors
    assert isinstance(garbage, IngestWarning) and isinstance(future, IngestWarning)
    assert garbage.origin == f"{path}#1"
    assert garbage.reason.startswith("date 'garbage date' is not a readable date")
    assert future.origin == f"{path}#2"
    assert future.reason == (
        "date 'Fri, 01 Jan 2099 00:00:00 GMT' is more than 2 days in the future; stored without one"
    )
    assert not isinstance(no_content, IngestWarning)


def test_feed_with_unknown_extension_is_sniffed(tmp_path: Path) -> None:
    assert read_one(write(tmp_path, "radio.download", ATOM)).outlet == "tidewater.example"


# --- paths, folders and standard input --------------------------------------------------


def test_folders_are_walked_sorted_recursively_skipping_hidden_and_unknown(tmp_path: Path) -> None:
    write(tmp_path, "b.txt", f"B headline\n\n{BODY}")
    write(tmp_path, "a/z.txt", f"AZ headline\n\n{BODY}")
    write(tmp_path, "a/c.jsonl", jsonl({"title": "AC headline", "text": BODY}))
    write(tmp_path, ".hidden.txt", f"Hidden\n\n{BODY}")
    write(tmp_path, ".git/x.txt", f"Git\n\n{BODY}")
    write(tmp_path, "GOLD.md", f"# Notes\n\n{BODY}")
    write(tmp_path, "c.txt", b"")
    articles, errors = read(tmp_path)
    assert [a.title for a in articles] == ["AC headline", "AZ headline", "B headline"]
    assert [e.origin for e in errors] == [str(tmp_path / "c.txt")]


def test_folder_with_no_news_input_says_what_it_ignored_and_why(tmp_path: Path) -> None:
    folder = tmp_path / "inbox"
    notes = write(folder, "notes.md", f"Notes headline\n\n{BODY}")
    write(folder, "scan/paper.pdf", b"%PDF-1.4\n")
    write(folder, "README", f"Readme headline\n\n{BODY}")
    write(folder, ".hidden.txt", f"Hidden\n\n{BODY}")
    error = read_error(folder)
    assert error.origin == str(folder)
    assert error.reason.startswith(
        "no news input in this folder: 3 files ignored (.md, .pdf, no extension), as only "
        ".txt, .text, .json, .jsonl"
    )
    assert error.reason.endswith("name a file to have its format sniffed")
    assert read_one(notes).title == "Notes headline"  # as the message says


def test_empty_folder_is_reported(tmp_path: Path) -> None:
    write(tmp_path, "empty/.hidden.txt", f"Hidden\n\n{BODY}")
    error = read_error(tmp_path / "empty")
    assert error.origin == str(tmp_path / "empty")
    assert "no files to read in this folder" in error.reason


def test_paths_are_read_in_the_order_given_and_a_named_file_is_always_read(
    tmp_path: Path,
) -> None:
    notes = write(tmp_path, "notes.md", f"Notes headline\n\n{BODY}")
    text = write(tmp_path, "wire.txt", f"Wire headline\n\n{BODY}")
    articles, _ = read(text, notes, text)
    assert [a.title for a in articles] == ["Wire headline", "Notes headline", "Wire headline"]


def test_stdin_is_sniffed(tmp_path: Path) -> None:
    text = read_one("-", stdin=f"Headline\n\n{BODY}".encode())
    assert (text.title, text.outlet, text.origin) == ("Headline", "unknown (stdin)", "<stdin>")
    assert read_one("-", stdin=jsonl(GDELT).encode()).outlet == "veyrapost.example"
    assert read_one("-", stdin=ATOM.encode()).title == "What the rate rise means"
    assert read_one("-", stdin=PAGE.encode()).title == "Bridge collapse in Port Veyra"


def test_stdin_between_files_keeps_the_order(tmp_path: Path) -> None:
    path = write(tmp_path, "wire.txt", f"From file\n\n{BODY}")
    articles, _ = read(path, "-", stdin=f"From stdin\n\n{BODY}".encode())
    assert [a.title for a in articles] == ["From file", "From stdin"]


def test_stdin_larger_than_the_limit_is_refused() -> None:
    articles, errors = read("-", settings=IngestSettings(max_file_bytes=100), stdin=b"x" * 500)
    assert not articles
    assert errors[0].origin == "<stdin>"
    assert "too large" in errors[0].reason


# --- bad input: reported, never raised --------------------------------------------------


def test_missing_path_is_named(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.txt"
    error = read_error(missing)
    assert error.origin == str(missing)
    assert "no such file" in error.reason


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.txt", b"", "empty file"),
        ("blank.jsonl", b"  \n\n ", "empty file"),
        ("nul.txt", b"Some text\x00\x01\x02 with NUL bytes" * 4, "binary file"),
        ("image.txt", b"\x89PNG\r\n\x1a\n" + bytes(200), "PNG image"),
        ("image.html", b"\x89PNG\r\n\x1a\n" + b"\xff" * 200, "PNG image"),
        ("garbage.txt", bytes(range(128, 256)) * 3, "undecodable"),
        ("short.txt", b"Too short to be news.", "too short"),
    ],
)
def test_bad_file_is_reported_with_its_name(
    tmp_path: Path, name: str, content: bytes, reason: str
) -> None:
    path = write(tmp_path, name, content)
    error = read_error(path)
    assert error.origin == str(path)
    assert reason in error.reason
    assert str(path) in str(error)


def test_file_over_the_size_limit_is_not_read(tmp_path: Path) -> None:
    path = write(tmp_path, "big.txt", "word " * 100)
    error = read_error(path, settings=IngestSettings(max_file_bytes=100))
    assert error.origin == str(path)
    assert "too large (500 bytes" in error.reason


def test_min_text_chars_is_a_setting(tmp_path: Path) -> None:
    path = write(tmp_path, "short.txt", "Short but enough here.")
    articles, _ = read(path, settings=IngestSettings(min_text_chars=10))
    assert len(articles) == 1


def test_a_book_in_one_item_is_reported_and_the_rest_is_read(tmp_path: Path) -> None:
    book = "The river rose again in the night and the town woke to the sirens. " * 4000
    lines = [
        json.dumps({"title": "Everything at once", "text": book}),
        json.dumps({"title": "Bridge reopens", "text": BODY}),
    ]
    path = write(tmp_path, "dump.jsonl", "\n".join(lines) + "\n")
    articles, errors = read(path)
    assert [a.title for a in articles] == ["Bridge reopens"]
    [error] = errors
    assert error.origin == f"{path}:1"
    assert "text too long for one article" in error.reason and "maximum 200000" in error.reason


def test_unreadable_file_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path, "locked.txt", f"Headline\n\n{BODY}")
    path.chmod(0)
    if os.access(path, os.R_OK):  # running as root, which reads anything: simulate the refusal
        real_open = Path.open

        def refuse(self: Path, *args: Any, **kwargs: Any) -> Any:
            if self == path:
                raise PermissionError(13, "Permission denied", str(self))
            return real_open(self, *args, **kwargs)

        monkeypatch.setattr(Path, "open", refuse)
    try:
        error = read_error(path)
    finally:
        path.chmod(0o644)
    assert error.origin == str(path)
    assert "Permission denied" in error.reason


def test_a_batch_of_bad_inputs_goes_on_to_the_good_one(tmp_path: Path) -> None:
    bad = [
        write(tmp_path, "1.txt", b""),
        write(tmp_path, "2.png", b"\x89PNG\r\n\x1a\n"),
        write(tmp_path, "3.html", "<html><body></body></html>"),
        write(tmp_path, "4.xml", "<feed"),
        write(tmp_path, "5.json", "{"),
        tmp_path / "6.txt",
    ]
    good = write(tmp_path, "7.txt", f"Still read\n\n{BODY}")
    articles, errors = read(*bad, good)
    assert [a.title for a in articles] == ["Still read"]
    assert [e.origin.split(":")[0] for e in errors] == [str(path) for path in bad]


# --- the shared seed articles -----------------------------------------------------------


def test_seed_articles(seeds: Path) -> None:
    articles, errors = read(seeds)
    assert not errors
    by_stem = {Path(a.origin).stem: a for a in articles}
    assert len(articles) == 3
    assert sorted(a.outlet for a in articles) == sorted(f"unknown ({stem})" for stem in by_stem)
    assert len({a.id for a in articles}) == 3
    tolo, independent, mint = (by_stem[stem] for stem in sorted(by_stem))
    assert mint.title == (
        "US Election Result: Afghan Taliban hopes for ‘new chapter’ "
        "with Donald Trump’s historic win"
    )
    assert mint.text.startswith("US Election Result: Taliban said")
    assert mint.published == utc(2024, 11, 6)
    assert independent.published == utc(2024, 11, 7)
    assert independent.text.startswith("The Taliban has congratulated Donald Trump")
    assert tolo.published is None
    assert tolo.text.startswith("KABUL: The Taliban government")
    for article in (tolo, independent):
        assert article.title.endswith("…")
        assert article.text.startswith(article.title.removesuffix("…"))
    assert {a.language for a in articles} == {"en"}


def test_a_date_in_words_is_read(tmp_path: Path) -> None:
    path = write(tmp_path, "words.txt", f"Date: 16 March 2026\nOrrin shares slide 7%\n\n{BODY}")
    assert read_one(path).published == utc(2026, 3, 16)
