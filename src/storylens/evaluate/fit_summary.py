"""Fit the brief's summary model on NeuS-style training files and write ``summary_model.json``.

    python -m storylens.evaluate.fit_summary ../shared/data/neus/train.source \\
        ../shared/data/neus/train.target [--stories N]

A sentence's target is how much of it the human summary contains (mean of its ROUGE-1 and
ROUGE-2 precision against the reference): the summary is filled best first under a word budget,
so what matters is how much of each chosen sentence counts. A title's target is its ROUGE-1 plus
ROUGE-2 F1 against the reference headline. Both are ridge regressions (closed form, no
dependency). The word budget is a line over the length of the story's reports, fitted to the
references' lengths; its scale and the redundancy cut are then the pair that gives the best
ROUGE on the same training stories, and with them fixed, the weight of shared content a
sentence adds to the summary (``coverage``) is the one that does. The validation split is
never read here.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
from pathlib import Path

import numpy as np
from rouge_score import rouge_scorer

from storylens.brief import summary
from storylens.brief.align import claim_groups
from storylens.config import BriefSettings
from storylens.embed import Vectors
from storylens.evaluate.datasets import load_neus_targets
from storylens.evaluate.summary import StoryMaterial, load_material, rouge, summary_text

RIDGE = 1.0
REDUNDANCY_CHOICES = (0.6, 0.7, 0.8)
#: Multiples of the fitted length line tried as the word budget: the summary stops after the
#: sentence that crosses the budget, so the best budget is shorter than the references.
SCALE_CHOICES = (0.6, 0.7, 0.8, 0.9, 1.0)
#: Weights tried for what a sentence adds to the summary's coverage of shared content.
COVERAGE_CHOICES = (0.0, 0.12, 0.24, 0.36)


def _ridge(rows: list[Vectors], targets: list[float]) -> Vectors:
    x = np.vstack(rows).astype(np.float64)
    y = np.asarray(targets)
    return np.linalg.solve(x.T @ x + RIDGE * np.eye(x.shape[1]), x.T @ y)


def _source_words(story: StoryMaterial) -> int:
    return sum(len(a.article.text.split()) for a in story.articles if a.copy_of is None)


def fit(material: list[StoryMaterial], references: list[str]) -> dict[str, object]:
    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2"], use_stemmer=True)
    sentence_rows: list[Vectors] = []
    sentence_targets: list[float] = []
    title_rows: list[Vectors] = []
    title_targets: list[float] = []
    for story, reference in zip(material, references, strict=True):
        candidates, features = summary.sentence_features(story.articles, story.vectors)
        for candidate, row in zip(candidates, features, strict=True):
            score = scorer.score(reference, candidate.text)
            sentence_rows.append(row)
            sentence_targets.append((score["rouge1"].precision + score["rouge2"].precision) / 2)
        headline = reference.split("\n", 1)[0]
        for stored, row in zip(story.articles, summary.title_features(story.articles), strict=True):
            score = scorer.score(headline, stored.article.title)
            title_rows.append(row)
            title_targets.append(score["rouge1"].fmeasure + score["rouge2"].fmeasure)
    # Words of each reference's body (its headline aside) against the words of the story's
    # reports: longer coverage gets a longer human summary (correlation 0.5 on NeuS train).
    lengths = [len(r.split("\n", 1)[-1].split()) for r in references]
    sources = np.asarray([[1.0, _source_words(s)] for s in material])
    intercept, slope = np.linalg.lstsq(sources, np.asarray(lengths, dtype=float), rcond=None)[0]
    sentence = _ridge(sentence_rows, sentence_targets).astype(np.float32)
    title = _ridge(title_rows, title_targets).astype(np.float32)
    best = max(
        (
            summary.SummaryModel(
                sentence=sentence,
                title=title,
                redundancy=redundancy,
                budget_intercept=round(float(intercept) * scale, 3),
                budget_slope=round(float(slope) * scale, 5),
                coverage=0.0,
            )
            for redundancy in REDUNDANCY_CHOICES
            for scale in SCALE_CHOICES
        ),
        key=lambda model: _score(model, material, references),
    )
    # The coverage weight is chosen last, with the budget and redundancy above fixed: a joint
    # sweep would take four times as long for what one pass finds.
    best = max(
        (dataclasses.replace(best, coverage=coverage) for coverage in COVERAGE_CHOICES),
        key=lambda model: _score(model, material, references),
    )
    return {
        "sentence_features": list(summary.SENTENCE_FEATURES),
        "sentence_weights": [round(float(w), 5) for w in sentence],
        "title_features": list(summary.TITLE_FEATURES),
        "title_weights": [round(float(w), 5) for w in title],
        "redundancy": best.redundancy,
        "budget_intercept": best.budget_intercept,
        "budget_slope": best.budget_slope,
        "coverage": best.coverage,
    }


def _score(
    model: summary.SummaryModel, material: list[StoryMaterial], references: list[str]
) -> float:
    """ROUGE-1 + ROUGE-2 of the summaries ``model`` makes of the training stories."""
    settings = BriefSettings()
    predictions = [
        summary_text(
            summary.summarise(
                claim_groups(s.articles, s.vectors, settings.claim_threshold),
                s.articles,
                s.vectors,
                settings,
                model,
            )
        )
        for s in material
    ]
    scores = rouge(predictions, references)
    print(
        f"redundancy {model.redundancy}, budget {model.budget_intercept:.1f} + "
        f"{model.budget_slope:.4f} x words, coverage {model.coverage}: {scores}"
    )
    return scores["rouge1"] + scores["rouge2"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("source", type=Path)
    parser.add_argument("target", type=Path)
    parser.add_argument(
        "--stories", type=int, default=None, help="first N stories (default: all of them)"
    )
    args = parser.parse_args()
    material = load_material(args.source, limit=args.stories)
    references = load_neus_targets(args.target)[: len(material)]
    model = fit(material, references)
    summary.MODEL_PATH.write_text(json.dumps(model, indent=1) + "\n")
    print(f"wrote {summary.MODEL_PATH}")


if __name__ == "__main__":
    main()
