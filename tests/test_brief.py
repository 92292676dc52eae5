"""The brief of the three seed reports holds everything ../shared/seeds/GOLD.md asks for.

The seeds are ingested once through the real pipeline into a real SQLite store; every test then
reads the stored brief as a user would (`storylens brief 1 --format json`).
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from storylens.brief.align import claim_groups
from storylens.brief.build import build_brief
from storylens.brief.entities import entity_table
from storylens.brief.naming import is_acronym, name_tokens
from storylens.brief.render import render
from storylens.brief.sections import merge_quotes, timeline
from storylens.brief.summary import reads_alone, summarise, summary_budget
from storylens.config import BriefSettings
from storylens.embed import default_encoder
from storylens.engine import ingest
from storylens.facts import extract_facts
from storylens.model import Article, ArticleFacts, Entity, StoredArticle
from storylens.store import Store

from .conftest import DEMO, SEEDS

#: File-name prefix of each seed report -> its article id in the store.
Ids = dict[str, str]


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Any], Ids, Path]:
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds is not present")
    db = tmp_path_factory.mktemp("seeds") / "seeds.db"
    ingest([SEEDS], db=db)
    with Store(db) as store:
        [story] = store.stories()
        brief = store.brief(story.id)
    ids = {a["outlet"].removeprefix("unknown (")[:3]: a["id"] for a in brief["story"]["articles"]}
    assert sorted(ids) == ["000", "001", "004"]
    return brief, ids, db


def _carried(items: list[dict[str, Any]], *phrases: str) -> list[dict[str, Any]]:
    return [i for i in items if all(p.casefold() in i["text"].casefold() for p in phrases)]


def test_said_by_all_three(seeded: tuple[dict[str, Any], Ids, Path]) -> None:
    brief, ids, _ = seeded
    balkhi = _carried(brief["consensus"], "realistic steps")
    assert balkhi and set(balkhi[0]["sources"]) == set(ids.values())
    assert brief["consensus"][0]["outlets"] == sorted(brief["consensus"][0]["outlets"])
    assert len(brief["consensus"][0]["outlets"]) == 3, "most widely carried first"
    chapter = {s for item in _carried(brief["consensus"], "new chapter") for s in item["sources"]}
    assert chapter == set(ids.values())


@pytest.mark.parametrize(
    "phrases",
    [
        ("Doha", "February"),
        ("13 US service members",),
        ("recogni",),
        ("Samangani",),
    ],
)
def test_said_by_two(seeded: tuple[dict[str, Any], Ids, Path], phrases: tuple[str, ...]) -> None:
    brief, ids, _ = seeded
    found = _carried(brief["consensus"], *phrases)
    assert found, f"no consensus item says {phrases}"
    assert {ids["000"], ids["001"]} <= set(found[0]["sources"])


def test_only_in_one_source(seeded: tuple[dict[str, Any], Ids, Path]) -> None:
    brief, ids, _ = seeded
    unique = {u["source"]: " ".join(u["claims"]) for u in brief["unique"]}
    assert "Koofi" in unique[ids["000"]]
    assert "20-year occupation" in unique[ids["001"]]
    assert any(name in unique[ids["004"]] for name in ("Scholz", "Meloni", "Modi", "Macron"))


def test_electoral_votes_changed_over_time(seeded: tuple[dict[str, Any], Ids, Path]) -> None:
    brief, ids, _ = seeded
    votes = [c for c in brief["conflicts"] if "electoral" in c["about"]]
    assert len(votes) == 1
    [conflict] = votes
    assert conflict["kind"] == "changed_over_time"
    by_value = {v["value"]: v for v in conflict["values"]}
    assert set(by_value) == {"270", "277", "294"}
    assert by_value["270"]["source"] == ids["000"]
    assert by_value["277"]["source"] == ids["004"]
    assert by_value["294"]["source"] == ids["001"]
    assert by_value["277"]["published"].startswith("2024-11-06")
    assert by_value["294"]["published"].startswith("2024-11-07")
    assert "294" in by_value["294"]["text"]


def test_no_conflict_between_a_month_and_a_day_in_it(
    seeded: tuple[dict[str, Any], Ids, Path],
) -> None:
    brief, _, _ = seeded
    assert all(
        not any(v["value"].startswith("2020-02") for v in c["values"]) for c in brief["conflicts"]
    )


def test_precision_differences_are_shown_only_when_asked(
    seeded: tuple[dict[str, Any], Ids, Path],
) -> None:
    _, _, db = seeded
    with Store(db) as store:
        articles, vectors = store.story_articles(1)
    shown = build_brief(1, "t", articles, vectors, BriefSettings(show_precision=True))
    doha = [c for c in shown.conflicts if c.kind == "different_precision"]
    assert doha and {v.value for v in doha[0].values} == {"2020-02", "2020-02-29"}


@pytest.mark.parametrize(
    ("speaker", "phrase", "carriers"),
    [
        ("Abdul Qahar Balkhi", "realistic steps", ("000", "001", "004")),
        ("Inamullah Samangani", "not ready to hand over", ("000", "001")),
        ("Fawzia Koofi", "businessman", ("000",)),
        ("Narendra Modi", "Heartiest congratulations", ("004",)),
        ("Keir Starmer", "closest of allies", ("004",)),
        ("Emmanuel Macron", "respect and ambition", ("004",)),
        ("Olaf Scholz", "many things will be different", ("004",)),
        ("Giorgia Meloni", "strategic bond", ("004",)),
        ("Justin Trudeau", "Congratulations to Donald Trump", ("004",)),
    ],
)
def test_quotes_and_who_said_them(
    seeded: tuple[dict[str, Any], Ids, Path], speaker: str, phrase: str, carriers: tuple[str, ...]
) -> None:
    brief, ids, _ = seeded
    [quote] = [q for q in brief["quotes"] if phrase in q["text"]]
    assert quote["speaker"] == speaker
    assert set(quote["sources"]) == {ids[c] for c in carriers}


def test_timeline(seeded: tuple[dict[str, Any], Ids, Path]) -> None:
    brief, _, _ = seeded
    mentioned = {(t["date"], t["precision"]) for t in brief["timeline"] if t["kind"] == "mentioned"}
    assert ("2020-02-29", "day") in mentioned
    assert ("2021-08", "month") in mentioned
    assert ("2024-11-06", "day") in mentioned
    # Said only by the undated 000 ("November 5's presidential election"): placed by the story's
    # first dated report.
    assert ("2024-11-05", "day") in mentioned
    published = [t["date"][:10] for t in brief["timeline"] if t["kind"] == "published"]
    assert published == ["2024-11-06", "2024-11-07"]


def test_entities_merge_names_and_count_per_outlet(
    seeded: tuple[dict[str, Any], Ids, Path],
) -> None:
    brief, _, _ = seeded
    trump = [e for e in brief["entities"] if e["name"].endswith("Trump")]
    assert len(trump) == 1, "Trump, Donald Trump and Trump's are one entity"
    assert trump[0]["name"] == "Donald Trump" and trump[0]["label"] == "PERSON"
    assert len(trump[0]["mentions"]) == 3 and all(n > 0 for n in trump[0]["mentions"].values())
    counts = ", ".join(f"{o} {c}" for o, c in trump[0]["mentions"].items())
    assert f"- Donald Trump (PERSON): {counts}" in render(brief, "md")
    # "US" (all three), "U.S." (004 only) and "United States" are one country.
    america = [e for e in brief["entities"] if e["name"] in {"US", "U.S.", "United States"}]
    assert [e["name"] for e in america] == ["United States"]
    assert len(america[0]["mentions"]) == 3


def mentioning(outlet: str, *names: tuple[str, str]) -> StoredArticle:
    """An article of ``outlet`` whose facts are just these (name, label) mentions."""
    entities = tuple(Entity(text, label, 0, len(text), 0) for text, label in names)
    article = Article(id=outlet, title="", text="", outlet=outlet, origin=outlet)
    return StoredArticle(article, ArticleFacts(entities=entities), story_id=1)


def reports(
    texts: dict[str, str], title: str, published: datetime | None = None
) -> tuple[list[StoredArticle], dict[str, np.ndarray]]:
    """One report per outlet (its id), with facts and sentence vectors, as stored."""
    stored, vectors = [], {}
    for outlet, text in texts.items():
        article = Article(
            id=outlet, title=title, text=text, outlet=outlet, origin="t", published=published
        )
        facts = extract_facts(article)
        stored.append(StoredArticle(article, facts, story_id=1))
        vectors[outlet] = default_encoder().encode([s.text for s in facts.sentences])
    return stored, vectors


def test_entities_keep_relatives_apart_and_join_what_the_model_labels_twice() -> None:
    articles = [
        mentioning(
            "Veyra Post",
            ("Joe Biden", "PERSON"),
            ("Hunter Biden", "PERSON"),
            ("Biden", "PERSON"),
            ("Biden", "PERSON"),
            ("Kim Jong-un", "PERSON"),
            ("COVID-19", "PERSON"),
            ("SEOUL", "GPE"),
            ("Qassem Soleimani", "PERSON"),
            ("Republicans", "NORP"),
            ("Arvid Holm Jr.", "PERSON"),
            ("Arvid Holm", "PERSON"),
            ("Democratic", "NORP"),
        ),
        mentioning(
            "Harbour Ledger",
            ("Joe Biden", "PERSON"),
            ("Kim Jong Un", "PERSON"),
            ("Kim", "PERSON"),
            ("COVID-19", "ORG"),
            ("Seoul", "GPE"),
            ("Seoul", "GPE"),
            ("Qasem Soleimani", "PERSON"),
            ("Soleimani", "PERSON"),
            ("Republican", "NORP"),
            ("Republicans", "NORP"),
            ("Democrats", "NORP"),
            ("Democrats", "NORP"),
        ),
    ]
    table = {e.name: (e.label, e.mentions) for e in entity_table(articles)}
    # "Biden" is the most mentioned Biden; Hunter stays his own person.
    assert table["Joe Biden"] == ("PERSON", {"Harbour Ledger": 1, "Veyra Post": 3})
    assert table["Hunter Biden"] == ("PERSON", {"Veyra Post": 1})
    # A family name first: "Kim" is Kim Jong Un, however the hyphen falls.
    kim = [name for name in table if name.startswith("Kim")]
    assert len(kim) == 1 and table[kim[0]][1] == {"Harbour Ledger": 2, "Veyra Post": 1}
    assert [name for name in table if name.startswith("COVID")] == ["COVID-19"]
    # The dateline's capitals are the same city, shown as most mentions write it.
    assert table["Seoul"] == ("GPE", {"Harbour Ledger": 2, "Veyra Post": 1})
    assert "SEOUL" not in table
    # One name transliterated two ways (a doubled letter) is one person.
    soleimani = [name for name in table if name.endswith("Soleimani")]
    assert len(soleimani) == 1 and table[soleimani[0]][1] == {"Harbour Ledger": 2, "Veyra Post": 1}
    assert table["Republicans"] == ("NORP", {"Harbour Ledger": 2, "Veyra Post": 1})
    # A party's adjective is the party: "Democratic" counts for the Democrats.
    assert table["Democrats"] == ("NORP", {"Harbour Ledger": 2, "Veyra Post": 1})
    assert "Democratic" not in table
    # The son is not the father.
    assert table["Arvid Holm Jr."] == ("PERSON", {"Veyra Post": 1})
    assert table["Arvid Holm"] == ("PERSON", {"Veyra Post": 1})


def test_an_organisation_is_one_with_its_name_after_a_place_or_a_person() -> None:
    articles = [
        mentioning(
            "Veyra Post",
            ("Senate", "ORG"),
            ("Supreme Court", "ORG"),
            ("House", "ORG"),
            ("Parliament", "ORG"),
            ("Calder", "GPE"),
            ("Justice Department", "ORG"),
        ),
        mentioning(
            "Harbour Ledger",
            ("U.S. Senate", "ORG"),
            ("U.S. Supreme Court", "ORG"),
            ("Pennsylvania Supreme Court", "ORG"),
            ("White House", "ORG"),
            ("Calder Parliament", "ORG"),
            ("Biden’s Justice Department", "ORG"),
            ("Joe Biden", "PERSON"),
        ),
    ]
    table = {e.name: e.mentions for e in entity_table(articles)}
    # A country before the name, or a place the story names, makes it the same organisation.
    assert table["U.S. Senate"] == {"Harbour Ledger": 1, "Veyra Post": 1}
    assert table["Calder Parliament"] == {"Harbour Ledger": 1, "Veyra Post": 1}
    assert "Senate" not in table and "Parliament" not in table
    # A person before the name says whose time in office it is: the name is the institution.
    assert table["Justice Department"] == {"Harbour Ledger": 1, "Veyra Post": 1}
    assert "Biden’s Justice Department" not in table
    # Two courts could be "the Supreme Court", and "White" is no place: these stay apart.
    assert table["Supreme Court"] == {"Veyra Post": 1}
    assert table["House"] == {"Veyra Post": 1} and table["White House"] == {"Harbour Ledger": 1}


def test_a_company_is_one_with_its_registered_name_but_a_person_is_not_a_company() -> None:
    articles = [
        mentioning(
            "Veyra Post",
            ("Orrin Technologies", "ORG"),
            ("Pellam Inc.", "ORG"),
            ("Harrow Company", "ORG"),
            ("Dag Harrow", "PERSON"),
        ),
        mentioning(
            "Harbour Ledger",
            ("Orrin", "NORP"),
            ("Orrin", "ORG"),
            ("Pellam", "PERSON"),
            ("Harrow", "PERSON"),
        ),
    ]
    table = {e.name: (e.label, e.mentions) for e in entity_table(articles)}
    assert table["Orrin Technologies"] == ("ORG", {"Harbour Ledger": 2, "Veyra Post": 1})
    # The small model's "person" Pellam is the company the story names in full.
    assert table["Pellam Inc."] == ("ORG", {"Harbour Ledger": 1, "Veyra Post": 1})
    assert "Orrin" not in table and "Pellam" not in table
    # Harrow is a person the story names, not the Harrow Company.
    assert table["Harrow Company"] == ("ORG", {"Veyra Post": 1})
    assert table["Dag Harrow"] == ("PERSON", {"Harbour Ledger": 1, "Veyra Post": 1})


def test_entities_read_a_datelines_place_as_a_name_and_drop_common_nouns_and_party_tags() -> None:
    text = (
        "OSSEL (Ledger Wire) — Divers searched the river near the two bridges, said Ann Fox,"
        " R-Calder."
    )
    entities = (
        Entity("OSSEL", "GPE", 0, 5, 0),
        Entity("Ledger Wire", "ORG", 7, 18, 0),
        Entity("bridges", "FAC", 61, 68, 0),
        Entity("Calder", "GPE", 86, 92, 0),
    )
    article = Article(id="a", title="", text=text, outlet="Ledger Wire", origin="a")
    table = entity_table([StoredArticle(article, ArticleFacts(entities=entities), story_id=1)])
    assert [e.name for e in table] == ["Ledger Wire", "Ossel"]


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("OSSEL: Divers searched the river.", "Ossel"),
        ("PORT VEYRA, Calder—Divers searched the river.", "Port Veyra"),
        ("PORT VEYRA, March 13 (CPA) - Divers searched the river.", "Port Veyra"),
    ],
)
def test_a_datelines_place_is_named_as_a_name_whatever_ends_the_dateline(
    text: str, place: str
) -> None:
    entities = (Entity(place.upper(), "GPE", 0, len(place), 0),)
    article = Article(id="a", title="", text=text, outlet="Ledger Wire", origin="a")
    table = entity_table([StoredArticle(article, ArticleFacts(entities=entities), story_id=1)])
    assert [e.name for e in table] == [place]


def test_summary_cites_its_sources(seeded: tuple[dict[str, Any], Ids, Path]) -> None:
    brief, ids, db = seeded
    summary = brief["summary"]
    assert summary["headline"]["text"] in {a["title"] for a in brief["story"]["articles"]}
    assert 1 <= len(summary["sentences"]) <= BriefSettings().summary_sentences
    words = sum(len(s["text"].split()) for s in summary["sentences"])
    with Store(db) as store:
        articles, _ = store.story_articles(brief["story"]["id"])
    budget = summary_budget(articles, BriefSettings())
    assert 25 <= budget <= 150 and words <= budget + 60
    for sentence in summary["sentences"]:
        assert sentence["sources"] and set(sentence["sources"]) <= set(ids.values())
    assert any("new chapter" in s["text"] for s in summary["sentences"])
    markdown = render(brief, "md")
    assert "[1][2][3]" in markdown or "[2][3]" in markdown


def test_summary_length_is_configurable(seeded: tuple[dict[str, Any], Ids, Path]) -> None:
    _, _, db = seeded
    with Store(db) as store:
        articles, vectors = store.story_articles(1)
    for budget in (25, 120):
        brief = build_brief(1, "t", articles, vectors, BriefSettings(summary_words=budget))
        lengths = [len(s.text.split()) for s in brief.summary.sentences]
        # Sentences are added until the budget is reached, so only the last one crosses it.
        assert sum(lengths) - max(lengths) < budget, (budget, lengths)
        assert sum(lengths) >= budget or len(lengths) == BriefSettings().summary_sentences


def test_html_marks_conflicts_and_links_citations(
    seeded: tuple[dict[str, Any], Ids, Path],
) -> None:
    brief, _, _ = seeded
    html = render(brief, "html")
    assert 'class="conflicts"' in html and "changed over time" in html
    assert html.count('class="cite"') >= len(brief["summary"]["sentences"])
    assert 'href="#src-1"' in html, "an article without a URL is linked to its source entry"


def stored_texts(texts: dict[str, str]) -> list[StoredArticle]:
    articles = [
        Article(id=o, title="Bridge", text=t, outlet=o, origin="test") for o, t in texts.items()
    ]
    return [StoredArticle(a, extract_facts(a), story_id=1) for a in articles]


def test_a_quote_split_by_its_attribution_is_one_quote_across_outlets() -> None:
    texts = {
        "ossel-gazette": "Minister Arvid Holm visited Ossel. “We will rebuild the bridge,” Holm "
        "said, “and we will do it quickly.”",
        "veyra-post": "“We will rebuild the bridge and we will do it quickly,” said Arvid Holm.",
    }
    [quote] = merge_quotes(stored_texts(texts))
    assert quote.speaker == "Arvid Holm"
    assert quote.sources == ["ossel-gazette", "veyra-post"]
    assert "rebuild the bridge" in quote.text and "quickly" in quote.text


def test_one_remark_transcribed_two_ways_is_one_quote_under_the_speakers_full_name() -> None:
    quotes = merge_quotes(
        stored_texts(
            {
                "veyra-post": "Minister Arvid Holm spoke in Ossel on Sunday. “I had a long talk"
                " for two hours recently with [Northmarch] Governor Sollen, making it clear we"
                " could not wait,” Holm said.",
                "harbour-ledger": "Holm spoke on Sunday. “I had a long talk, two hours recently,"
                " with Governor Sollen, making it clear that we cannot wait,” Holm said.",
                "ossel-gazette": "“We will wait for the engineers,” Holm said.",
            }
        )
    )
    assert [(q.speaker, q.sources) for q in quotes] == [
        ("Arvid Holm", ["veyra-post", "harbour-ledger"]),
        ("Arvid Holm", ["ossel-gazette"]),
    ]
    assert "[Northmarch]" in quotes[0].text, "the fuller version is shown"


def test_a_surname_two_people_of_the_story_share_is_not_given_to_either() -> None:
    # BASIL: "the president remarked" in one report had been shown under Sasha Obama, the
    # Obama the story mentions most.
    quotes = merge_quotes(
        stored_texts(
            {
                "veyra-post": "The daughters join President Varga at the ceremony every year."
                " Before the speech, the president remarked that it was “puzzling that I do"
                " this every year.”",
                "harbour-ledger": "Mara Varga frowned. Mara Varga, 16, was bored. Mara Varga"
                " left early, and President Tomas Varga waved.",
            }
        )
    )
    assert [q.speaker for q in quotes if "puzzling" in q.text] == ["Varga"]


def test_titles_and_unattributed_scare_quotes_are_not_listed_as_quotes() -> None:
    quotes = merge_quotes(
        stored_texts(
            {
                "veyra-post": "“Zero chance of reopening,” Arvid Holm said on “Ossel Morning"
                " Live.” Critics called the plan “a costly stunt.” Holm said the “Build Ossel"
                " Again” campaign would go on.",
                "harbour-ledger": "“The bridge is safe,” Holm said. Protesters chanted"
                " “OPEN THE BRIDGE NOW, NOT NEXT YEAR!” outside the hall.",
            }
        )
    )
    assert {(q.speaker, q.text) for q in quotes} == {
        ("Arvid Holm", "Zero chance of reopening"),
        ("Arvid Holm", "The bridge is safe"),
        (None, "OPEN THE BRIDGE NOW, NOT NEXT YEAR!"),
    }


def test_an_undated_report_places_coming_weekdays_after_the_story_began() -> None:
    thursday = datetime(2026, 3, 12, 9, 0, tzinfo=UTC)
    closed = "The Ossel bridge closed on Tuesday after engineers found cracks."
    reopens = "The Ossel bridge will reopen on Saturday, the council said on Wednesday."
    dated = Article(
        id="dated", title="Closed", text=closed, outlet="a", origin="t", published=thursday
    )
    undated = Article(id="undated", title="To reopen", text=reopens, outlet="b", origin="t")
    stored = [StoredArticle(a, extract_facts(a), story_id=1) for a in (dated, undated)]
    mentioned = {(t.date, tuple(t.sources)) for t in timeline(stored) if t.kind == "mentioned"}
    assert ("2026-03-10", ("dated",)) in mentioned  # Tuesday, before the first report
    assert ("2026-03-14", ("undated",)) in mentioned  # Saturday, after it
    assert ("2026-03-11", ("undated",)) in mentioned  # Wednesday, before it


def test_the_timeline_shows_each_date_its_own_sentence_and_skips_the_dateline() -> None:
    friday = datetime(2026, 3, 13, 6, 40, tzinfo=UTC)
    texts = {
        "wire": "PORT VEYRA, March 13 (CPA) - At least 12 people were killed when the bridge"
        " collapsed late on Thursday, officials said on Friday.",
        "daily": "Port Veyra woke on Friday to the news that 12 people had died in the river.",
        "weekly": "OSSEL, March 11 (CPA) - Engineers inspected the bridge and found no fault.",
    }
    stored, _ = reports(texts, "Bridge", published=friday)
    mentioned = {t.date: t.text for t in timeline(stored) if t.kind == "mentioned"}
    # Late on Thursday, shown without the wire's dateline.
    assert mentioned["2026-03-12"] == texts["wire"].removeprefix("PORT VEYRA, March 13 (CPA) - ")
    assert mentioned["2026-03-13"] == texts["daily"], "not the wire's sentence again"
    assert "2026-03-11" not in mentioned, "a dateline says when the report was filed"


BRIDGE_TO_REOPEN = {
    "a": "Engineers in Port Veyra inspected the Ossel bridge on Monday after the flood. They "
    "said the bridge would reopen in May after repairs costing 4 million crowns.",
    "b": "The Ossel bridge in Port Veyra was inspected by engineers after the flood. They said "
    "the bridge would reopen in May once repairs costing 4 million crowns are done.",
    "c": "Port Veyra's council met on Tuesday about the flood. They said the bridge would "
    "reopen in May after repairs of 4 million crowns, the council said.",
}
# The pronoun's antecedent is in the last report, while another report's second sentence is
# also chosen: reading order by sentence number alone would put that one in between.
FERRIES_TOO = {
    "a": "Heavy rain fell on Port Veyra for three days last week. Ferries will carry commuters "
    "across the Ossel river until the bridge reopens in May, the council said.",
    "b": "Rain fell on Port Veyra for days. Ferries will carry commuters over the Ossel river "
    "until the bridge reopens in May, officials said.",
    "c": "Engineers in Port Veyra inspected the damaged Ossel bridge after the flood. They said "
    "the bridge would reopen in May after repairs costing 4 million crowns.",
    "d": "Engineers inspected the Ossel bridge in Port Veyra after the flood. They said repairs "
    "costing 4 million crowns would let the bridge reopen in May.",
}


@pytest.mark.parametrize(("texts", "words"), [(BRIDGE_TO_REOPEN, 20), (FERRIES_TOO, 30)])
def test_a_summary_sentence_opening_on_a_pronoun_follows_its_own_antecedent(
    texts: dict[str, str], words: int
) -> None:
    stored, vectors = reports(texts, "Ossel bridge to reopen")
    groups = claim_groups(stored, vectors, BriefSettings().claim_threshold)
    summary = summarise(groups, stored, vectors, BriefSettings(summary_words=words))
    shown = [s.text for s in summary.sentences]
    assert any(text.startswith("They said") for text in shown), "the main fact is kept"
    for k, text in enumerate(shown):
        if text.startswith("They"):
            # Whoever "they" are is named by the sentence shown just before, from the same report.
            assert k > 0 and any(f"{shown[k - 1]} {text}" in t for t in texts.values()), shown


def test_a_sentence_cut_off_by_its_feed_is_never_a_summary_sentence() -> None:
    texts = {
        "a": "The Ossel bridge in Port Veyra will reopen in May after repairs costing 4 million"
        " crowns, the council said. Engineers found cracks in two of the bridge's piers after"
        " the flood and",
        "b": "The Ossel bridge will reopen in May, Port Veyra's council said, after repairs of 4"
        " million crowns. Engineers found cracks in two of the bridge's piers after the flood…",
        "c": "Port Veyra's council said the Ossel bridge would reopen in May after 4 million"
        " crowns of repairs. Engineers had found cracks in two of its piers after the flood.",
    }
    stored, vectors = reports(texts, "Bridge to reopen")
    groups = claim_groups(stored, vectors, BriefSettings().claim_threshold)
    shown = [
        s.text
        for s in summarise(groups, stored, vectors, BriefSettings(summary_words=60)).sentences
    ]
    assert any("cracks" in text for text in shown), shown
    assert all(text.endswith((".", ".”")) for text in shown), shown
    assert not reads_alone(
        "Engineers found cracks in two of the bridge's piers after the flood and"
    )


def test_the_brief_shows_claims_without_the_datelines_of_their_reports() -> None:
    texts = {
        "wire": "PORT VEYRA (CPA) — The Ossel bridge will reopen in May after repairs costing 4"
        " million crowns, the council said. Divers found the old pier intact.",
        "daily": "PORT VEYRA, March 13 — The Ossel bridge will reopen in May, the council said,"
        " after repairs of 4 million crowns.",
    }
    stored, vectors = reports(texts, "Bridge to reopen")
    brief = build_brief(1, "Bridge to reopen", stored, vectors, BriefSettings())
    shown = [c.text for c in (*brief.consensus, *brief.summary.sentences)]
    shown += [claim for unique in brief.unique for claim in unique.claims]
    assert any(text.startswith("The Ossel bridge will reopen in May") for text in shown), shown
    assert not any("PORT VEYRA" in text for text in shown), shown


def test_what_one_outlet_adds_lists_a_repeated_quote_once() -> None:
    texts = {
        "daily": "“I have never seen the river this high,” said ferryman Olle Brandt. The Ossel"
        " bridge will reopen in May, the council said. Brandt has worked the crossing for 30"
        " years. “I have never seen the river this high.",
        "wire": "The Ossel bridge will reopen in May, the council of Port Veyra said on Friday.",
    }
    stored, vectors = reports(texts, "Bridge to reopen")
    brief = build_brief(1, "Bridge to reopen", stored, vectors, BriefSettings())
    [daily] = [u.claims for u in brief.unique if u.source == "daily"]
    assert [c for c in daily if "river this high" in c] == [
        "“I have never seen the river this high,” said ferryman Olle Brandt."
    ]


def test_a_photo_caption_is_neither_a_claim_nor_an_event() -> None:
    caption = (
        "Mayor Teodor Vask speaks to rescuers at the Old Harbour in Port Veyra, Calder"
        " March 13, 2026."
    )
    texts = {
        "a": f"{caption} The Ossel bridge collapsed on Thursday night, killing 12 people.",
        "b": "Twelve people died when the Ossel bridge collapsed on Thursday night. Divers"
        " searched the river through the night on March 12, 2026.",
    }
    friday = datetime(2026, 3, 13, 9, 0, tzinfo=UTC)
    stored, vectors = reports(texts, "Bridge", published=friday)
    brief = build_brief(1, "Bridge", stored, vectors, BriefSettings())
    shown = [c.text for c in (*brief.consensus, *brief.summary.sentences, *brief.timeline)]
    shown += [claim for unique in brief.unique for claim in unique.claims]
    assert not any("speaks to rescuers" in text for text in shown), shown
    assert any(text.startswith("Divers searched") for text in shown), "prose ending on a date"


def test_a_claim_shown_on_its_own_names_the_speaker_its_pronoun_stands_for() -> None:
    quote = "“The river took the bridge in seconds, and it took our neighbours with it,”"
    more = "“We will not rest until every family in this city has answers.”"
    texts = {
        "a": f"Mayor Teodor Vask spoke at the riverbank in Port Veyra. {quote} he said. {more}",
        "b": f"Port Veyra mayor Teodor Vask visited families on Friday. {quote} he said. {more}",
    }
    stored, vectors = reports(texts, "Bridge")
    brief = build_brief(1, "Bridge", stored, vectors, BriefSettings())
    [claim] = [c for c in brief.consensus if "river took" in c.text]
    assert claim.text == f"{quote} [Teodor Vask] said."
    # A quote that goes on in a sentence of its own is shown after its speaker's name.
    [going_on] = [c for c in brief.consensus if "every family" in c.text]
    assert going_on.text == f"[Teodor Vask:] {more}"
    assert reads_alone(claim.text) and reads_alone(going_on.text)


def test_agreement_is_shown_in_the_wording_that_names_its_speaker() -> None:
    fragment = "“We will not rest until every family in this city has answers.”"
    texts = {
        "a": f"Mayor Teodor Vask spoke in Port Veyra on Friday after the bridge fell. {fragment}",
        "b": f"Mayor Teodor Vask spoke to families in Port Veyra after the collapse. {fragment}",
        "c": "“We will not rest until every family in this city has answers,” Mayor Teodor Vask"
        " said on Friday.",
    }
    stored, vectors = reports(texts, "Bridge")
    brief = build_brief(1, "Bridge", stored, vectors, BriefSettings())
    [quote] = [c for c in brief.consensus if "every family" in c.text]
    assert quote.text == texts["c"] and quote.sources == ["a", "b", "c"]


def test_initials_stand_for_a_name_but_not_for_one_that_contains_them() -> None:
    assert is_acronym(name_tokens("U.S."), name_tokens("the United States"))
    assert is_acronym(name_tokens("FBI"), name_tokens("Federal Bureau of Investigation"))
    assert not is_acronym(name_tokens("US"), name_tokens("US Senate"))
    assert not is_acronym(name_tokens("UN"), name_tokens("United Nations Security Council"))


def test_what_one_outlet_adds_lists_first_what_reads_on_its_own(tmp_path: Path) -> None:
    db = tmp_path / "demo.db"
    ingest([DEMO], db=db)
    with Store(db) as store:
        [recall] = [s for s in store.stories() if "Pulse 20" in s.title]
        brief = store.brief(recall.id)
    for item in brief["unique"]:
        alone = [reads_alone(claim) for claim in item["claims"]]
        assert alone == sorted(alone, reverse=True), item["outlet"]
    [veyra] = [u for u in brief["unique"] if u["outlet"] == "veyrapost.example"]
    # The second sentence of Ada Kennet's quote opens it without closing it: the claim about
    # the safety board, which stands alone, is worth the place more.
    assert not any(claim.startswith("“I reported it") for claim in veyra["claims"])
    assert any("should have acted sooner" in claim for claim in veyra["claims"])


def test_sentences_that_count_the_same_thing_differently_are_not_one_claim() -> None:
    texts = {
        "a": "Economists surveyed by the Calder Press Agency had expected 84,000 new jobs in"
        " March. The assembly passed a 1.37 trillion crown budget on Monday.",
        "b": "Economists surveyed by the Calder Press Agency had expected 87,000 new jobs in"
        " March. The assembly passed a 1.4 trillion crown budget on Monday.",
    }
    stored, vectors = reports(texts, "Calder budget")
    groups = claim_groups(stored, vectors, BriefSettings().claim_threshold)
    shared = [{m.text for m in g.members} for g in groups if len(g.members) > 1]
    # The budget is one claim at two precisions; the two forecasts disagree.
    assert any(any("budget" in text for text in group) for group in shared), shared
    assert not any(any("jobs" in text for text in group) for group in shared), shared


def test_two_remarks_of_one_statement_are_not_one_claim_but_an_estimate_agrees() -> None:
    texts = {
        "a": "“The people of Calder honour all those Calderans who perished in the great flood"
        " that began ten years ago today,” Mayor Teodor Vask said in a statement on Saturday."
        " The Calder index rose more than 600 points on Monday, its best day this year.",
        "b": "“Today we mourn every Calderan who drowned when the waters rose a decade ago,”"
        " Mayor Teodor Vask said in a statement on Saturday. The Calder index rose 640 points"
        " on Monday, its best day this year.",
    }
    stored, vectors = reports(texts, "Calder remembers")
    groups = claim_groups(stored, vectors, BriefSettings().claim_threshold)
    shared = [{m.text for m in g.members} for g in groups if len(g.members) > 1]
    assert any(any("index" in text for text in group) for group in shared), shared
    assert not any(any("statement" in text for text in group) for group in shared), shared
