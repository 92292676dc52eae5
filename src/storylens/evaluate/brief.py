"""``storylens eval brief``: briefs of real coverage scored against what careful readers found.

BASIL's 180 articles go through the shipped ingest into a temporary store, exactly as a user's
would; then every brief is read as an editor reads it:

- conflicts: each one shown (``changed_over_time`` or ``contradiction``) is true when two of
  its values, from different articles, stand in the sentences of two values of one labelled
  disagreement; precision over what is shown, recall over what is labelled;
- speakers: each quoted span BASIL's authors gave to a named person is looked up among the
  quotes found in that article; precision over the spans given a speaker, coverage over all
  of them. Spans the authors gave to a group ("House_Democrats") or to an unnamed "other"
  cannot say whether a named speaker is right, and are only counted;
- dates: each labelled bare weekday, month or "yesterday" against the date found there;
  accuracy over those resolved, coverage over all, and how many were put after publication
  when the true day was not.
"""

from __future__ import annotations

import re
import tempfile
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from storylens.brief.naming import letters, one_edit_apart
from storylens.config import Settings
from storylens.evaluate.basil import (
    GoldConflict,
    GoldDate,
    GoldQuote,
    GoldSpan,
    OffsetMap,
    load_labels,
    load_quotes,
    load_rows,
)
from storylens.model import StoredArticle
from storylens.store import Store

#: Words that make an annotated speaker a group or an office rather than one named person.
_GROUP_WORDS = frozenset(
    {"democrats", "republicans", "democratic", "republican", "officials", "lawmakers",
     "members", "committee", "companies", "house", "senate", "gop", "department",
     "administration", "campaign", "party", "white", "supporters", "critics", "protestors",
     "protesters", "plaintiffs", "catholics", "leaders", "aides", "officers", "police",
     "other", "and", "staff", "spokesman", "spokeswoman", "groups", "advocates"}
)  # fmt: skip
_WORD = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True, slots=True)
class Read:
    """One BASIL article as the store holds it, and the way from gold offsets into it."""

    stored: StoredArticle
    offsets: OffsetMap

    def span(self, gold: GoldSpan) -> tuple[int, int] | None:
        return self.offsets.span(gold.start, gold.end)


@dataclass(frozen=True, slots=True)
class Corpus:
    """What the evaluation reads back: articles by BASIL id and every story's brief."""

    articles: dict[str, Read]
    briefs: list[dict[str, Any]]
    basil_id: dict[str, str]


def evaluate_brief(folder: Path, settings: Settings | None = None) -> dict[str, Any]:
    """Ingest BASIL from ``folder`` into a temporary store and score its briefs."""
    from storylens.engine import ingest

    rows = load_rows(folder)
    labels = load_labels()
    quotes = load_quotes(folder, rows, labels.speakers)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="storylens-eval-") as tmp:
        db = Path(tmp) / "basil.db"
        ingest([folder / "basil.jsonl"], db, settings)
        with Store(db, create=False) as store:
            corpus = read_corpus(store, rows)
    return {
        "conflicts": score_conflicts(corpus, labels.conflicts),
        "speakers": score_speakers(corpus, quotes),
        "dates": score_dates(corpus, labels.dates),
        "articles": len(corpus.articles),
        "stories": len(corpus.briefs),
        "seconds": round(time.perf_counter() - started, 1),
    }


def read_corpus(store: Store, rows: dict[str, dict[str, Any]]) -> Corpus:
    by_url = {str(row["url"]): basil_id for basil_id, row in rows.items()}
    articles: dict[str, Read] = {}
    basil_id: dict[str, str] = {}
    briefs = []
    for story in store.stories():
        briefs.append(store.brief(story.id))
        stored_articles, _ = store.story_articles(story.id)
        for stored in stored_articles:
            found = by_url.get(stored.article.url or "")
            if found is not None:
                basil_id[stored.article.id] = found
                original = str(rows[found]["text"])
                articles[found] = Read(stored, OffsetMap(original, stored.article.text))
    return Corpus(articles, briefs, basil_id)


# --- conflicts -----------------------------------------------------------------------------


def score_conflicts(corpus: Corpus, gold: Sequence[GoldConflict]) -> dict[str, Any]:
    shown = [
        c
        for brief in corpus.briefs
        for c in brief["conflicts"]
        if c["kind"] != "different_precision"
    ]
    found: set[int] = set()
    false_alarms = []
    for item in shown:
        matched = [i for i, g in enumerate(gold) if _matches(item, g, corpus)]
        found.update(matched)
        if not matched:
            values = " / ".join(f"{v['value']} ({v['outlet']})" for v in item["values"])
            false_alarms.append(f"{item['about']}: {values}")
    true = len(shown) - len(false_alarms)
    return {
        "shown": len(shown),
        "true": true,
        "precision": _ratio(true, len(shown)),
        "labelled": len(gold),
        "found": len(found),
        "recall": _ratio(len(found), len(gold)),
        "false_alarms": false_alarms,
        "missed": [g.about for i, g in enumerate(gold) if i not in found],
    }


def _matches(item: dict[str, Any], gold: GoldConflict, corpus: Corpus) -> bool:
    """Whether values of the shown conflict from two different articles stand in the
    sentences of the labelled values."""
    articles = set()
    for value in item["values"]:
        article = corpus.basil_id.get(value["source"])
        read = corpus.articles.get(article or "")
        if article is None or read is None:
            continue
        start = read.stored.article.text.find(value["text"])
        if start < 0:
            continue
        end = start + len(value["text"])
        for span in (read.span(g) for g in gold.values if g.article == article):
            if span is not None and start <= span[0] and span[1] <= end:
                articles.add(article)
    return len(articles) >= 2


# --- speakers ------------------------------------------------------------------------------


def score_speakers(corpus: Corpus, gold: Iterable[GoldQuote]) -> dict[str, Any]:
    right = wrong = silent = unfound = unverifiable = unverified_given = 0
    wrong_ones = []
    for quote in gold:
        read = corpus.articles.get(quote.span.article)
        span = read.span(quote.span) if read else None
        if read is None or span is None:
            unfound += 1
            continue
        overlapping = [q for q in read.stored.facts.quotes if q.start < span[1] and span[0] < q.end]
        if not _is_person(quote.speaker, read.stored.article.text):
            unverifiable += 1
            unverified_given += any(q.speaker for q in overlapping)
            continue
        if not overlapping:
            unfound += 1
            continue
        best = max(overlapping, key=lambda q: min(span[1], q.end) - max(span[0], q.start))
        if best.speaker is None:
            silent += 1
        elif same_person(quote.speaker, best.speaker):
            right += 1
        else:
            wrong += 1
            wrong_ones.append(f"{quote.span.article}: {quote.speaker} given to {best.speaker}")
    named = right + wrong + silent + unfound
    return {
        "named_spans": named,
        "right": right,
        "wrong": wrong,
        "no_speaker": silent,
        "not_found_as_quote": unfound,
        "precision": _ratio(right, right + wrong),
        "coverage": _ratio(right + wrong, named),
        "group_or_other_spans": unverifiable,
        "group_or_other_given_a_speaker": unverified_given,
        "wrong_speakers": wrong_ones,
    }


def _is_person(speaker: str, text: str) -> bool:
    """An annotated speaker that is one named person whose surname the article writes."""
    words = speaker.split("_")
    if len(words) < 2 or not all(w[:1].isupper() for w in words):
        return False
    if any(w.casefold() in _GROUP_WORDS for w in words):
        return False
    return letters(words[-1]) in _WORD.findall(letters(text))


def same_person(gold: str, given: str) -> bool:
    """Whether a speaker as storylens names it is BASIL's "First_Last": the surname, accents
    aside; BASIL cuts a few at an accent ("Felipe_Calder" for Calderón), and an article may
    misspell one by a letter ("Cowen" for William Cowan), which the speaker then repeats."""
    surname = letters(gold.split("_")[-1])
    words = _WORD.findall(letters(given))
    return any(
        w == surname
        or (len(surname) >= 4 and w.startswith(surname))
        or (len(surname) >= 5 and one_edit_apart(w, surname))
        for w in words
    )


# --- dates ---------------------------------------------------------------------------------


def score_dates(corpus: Corpus, gold: Iterable[GoldDate]) -> dict[str, Any]:
    right = wrong = unresolved = ahead_by_accident = labelled = 0
    wrong_ones = []
    for item in gold:
        labelled += 1
        read = corpus.articles.get(item.span.article)
        span = read.span(item.span) if read else None
        found = (
            [d for d in read.stored.facts.dates if d.start < span[1] and span[0] < d.end]
            if read and span
            else []
        )
        if read is None or not found:
            unresolved += 1
            continue
        value = found[0].value
        if value == item.date:
            right += 1
            continue
        wrong += 1
        published = read.stored.article.published
        day = published.date().isoformat() if published else ""
        if value[: len(day)] > day[: len(value)] and item.date[: len(day)] <= day[: len(item.date)]:
            ahead_by_accident += 1
        wrong_ones.append(f"{item.span.article}: {found[0].text!r} as {value}, truly {item.date}")
    return {
        "labelled": labelled,
        "right": right,
        "wrong": wrong,
        "unresolved": unresolved,
        "accuracy": _ratio(right, right + wrong),
        "coverage": _ratio(right + wrong, labelled),
        "after_publication_by_accident": ahead_by_accident,
        "wrong_dates": wrong_ones,
    }


def _ratio(part: int, whole: int) -> float:
    return round(part / whole, 4) if whole else 0.0
