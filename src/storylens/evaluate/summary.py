"""``storylens eval summary``: the brief's summary of each story, scored by ROUGE.

Each story's articles go through the same facts and sentence-embedding stages as ingest, then
the brief's own summariser; the reference is read only to score. Two simple summarisers run on
the same sentences with the same word budget in the same run, so the figure always comes with
its peers: the lead (the first article's opening sentences, the classic news baseline) and
LexRank (graph centrality over TF-IDF sentence similarity, the extractive system published
figures on NeuS compare against).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rouge_score import rouge_scorer

from storylens.brief.align import claim_groups
from storylens.brief.summary import Summary, summarise, summary_budget
from storylens.config import BriefSettings
from storylens.embed import Encoder, Vectors, default_encoder
from storylens.errors import IngestError
from storylens.evaluate.datasets import load_neus_stories, load_neus_targets
from storylens.evaluate.lexrank import lexrank_summary
from storylens.facts import extract_facts_many
from storylens.model import StoredArticle

ROUGE_KEYS = ("rouge1", "rouge2", "rougeLsum")


@dataclass(frozen=True, slots=True)
class StoryMaterial:
    """One story as the brief sees it: stored articles and their sentence vectors."""

    articles: list[StoredArticle]
    vectors: dict[str, Vectors]


def prepare(stories: Sequence[Sequence[StoredArticle]], encoder: Encoder) -> list[StoryMaterial]:
    """Sentence vectors for every article, embedded in one pass as ingest does."""
    texts = [s.text for story in stories for stored in story for s in stored.facts.sentences]
    rows = encoder.encode(texts)
    material: list[StoryMaterial] = []
    offset = 0
    for story in stories:
        vectors: dict[str, Vectors] = {}
        for stored in story:
            count = len(stored.facts.sentences)
            vectors[stored.article.id] = rows[offset : offset + count]
            offset += count
        material.append(StoryMaterial(list(story), vectors))
    return material


def load_material(
    source: Path, encoder: Encoder | None = None, limit: int | None = None
) -> list[StoryMaterial]:
    """Read a NeuS ``.source`` file (its first ``limit`` stories) and run the facts and
    embedding stages on it."""
    stories = load_neus_stories(source)[:limit]
    facts = iter(extract_facts_many([a for story in stories for a in story]))
    stored = [
        [StoredArticle(article, next(facts), story_id=k) for article in story]
        for k, story in enumerate(stories, start=1)
    ]
    return prepare(stored, encoder or default_encoder())


def summary_text(summary: Summary) -> str:
    """The summary as ROUGE reads it: headline, then one sentence per line (for ROUGE-Lsum)."""
    lines = [summary.headline.text] if summary.headline else []
    return "\n".join([*lines, *(s.text for s in summary.sentences)])


def storylens_summary(material: StoryMaterial, settings: BriefSettings) -> str:
    groups = claim_groups(material.articles, material.vectors, settings.claim_threshold)
    return summary_text(summarise(groups, material.articles, material.vectors, settings))


def lead_summary(material: StoryMaterial, settings: BriefSettings) -> str:
    """The first article's headline and opening sentences, up to the same word budget."""
    first = material.articles[0]
    return _within_budget(
        first.article.title,
        [s.text for s in first.facts.sentences],
        summary_budget(material.articles, settings),
    )


def lexrank_baseline(material: StoryMaterial, settings: BriefSettings) -> str:
    return lexrank_summary(material.articles, summary_budget(material.articles, settings))


def _within_budget(headline: str, sentences: Sequence[str], budget: int) -> str:
    lines, words = [headline], 0
    for sentence in sentences:
        if words >= budget:
            break
        lines.append(sentence)
        words += len(sentence.split())
    return "\n".join(lines)


Summariser = Callable[[StoryMaterial, BriefSettings], str]
SUMMARISERS: dict[str, Summariser] = {
    "storylens": storylens_summary,
    "lead": lead_summary,
    "lexrank": lexrank_baseline,
}


def rouge(predictions: Sequence[str], references: Sequence[str]) -> dict[str, float]:
    """Mean ROUGE F1 (0-100) with Porter stemming, as published NeuS figures are computed."""
    scorer = rouge_scorer.RougeScorer(list(ROUGE_KEYS), use_stemmer=True)
    totals = dict.fromkeys(ROUGE_KEYS, 0.0)
    for prediction, reference in zip(predictions, references, strict=True):
        scores = scorer.score(reference, prediction)
        for key in ROUGE_KEYS:
            totals[key] += scores[key].fmeasure
    count = max(len(predictions), 1)
    return {key: round(100 * total / count, 2) for key, total in totals.items()}


def evaluate_summary(
    source: Path,
    target: Path,
    settings: BriefSettings | None = None,
    encoder: Encoder | None = None,
) -> dict[str, Any]:
    """ROUGE of storylens' summaries on a NeuS-style pair of files, with the two baselines."""
    settings = settings or BriefSettings()
    started = time.perf_counter()
    references = load_neus_targets(target)
    material = load_material(source, encoder)
    if len(material) != len(references):
        raise IngestError(
            str(target), f"{len(references)} summaries for {len(material)} stories in {source}"
        )
    prepared = time.perf_counter() - started
    results: dict[str, dict[str, float]] = {}
    seconds: dict[str, float] = {}
    for name, summariser in SUMMARISERS.items():
        begun = time.perf_counter()
        predictions = [summariser(story, settings) for story in material]
        seconds[name] = round(time.perf_counter() - begun, 3)
        results[name] = rouge(predictions, references)
    return {
        **results["storylens"],
        "stories": len(material),
        "seconds": round(time.perf_counter() - started, 2),
        "prepare_seconds": round(prepared, 2),
        "summary_seconds": seconds,
        "baselines": {name: results[name] for name in SUMMARISERS if name != "storylens"},
        "settings": {"summary_words": settings.summary_words or "learned"},
    }
