"""Fit the story decision model on labelled data and write it into the package.

    python -m storylens.evaluate.calibrate ../shared/data/neus/train.source

Three steps, all on the training file only (the validation split is never read here):
1. the IDF table, from the training articles' terms;
2. the logistic weights, from replaying the training stream with the gold stories: for each
   article, every candidate the real ``CandidateIndex`` offers is one example, labelled by
   whether it is the article's gold story;
3. the join threshold, as the one whose online clustering of (part of) the training stream has
   the best mean of pairwise and BCubed F1.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import numpy as np
import numpy.typing as npt

from storylens.cluster import ArticleSignal, StoryState, lexicon, terms
from storylens.cluster.candidates import CandidateIndex
from storylens.cluster.projection import PROJECTION, fit_projection, load_projection
from storylens.cluster.scorer import MODEL, DecisionModel, eligible, features
from storylens.config import ClusterSettings, Settings
from storylens.embed import DIMENSION
from storylens.evaluate.clustering import assign_stream, prepare, stream_order
from storylens.evaluate.datasets import LabelledArticle, load_labelled
from storylens.evaluate.metrics import cluster_scores

THRESHOLDS = (0.04, 0.06, 0.08, 0.1, 0.13, 0.16, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.6, 0.7)


def replay_examples(
    signals: Sequence[ArticleSignal],
    gold: Sequence[str],
    order: Sequence[int],
    settings: ClusterSettings,
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """Candidate features and labels from the stream as the gold stories would grow it."""
    index = CandidateIndex(DIMENSION, settings.neighbours, settings.per_entity)
    stories: dict[int, StoryState] = {}
    story_of: dict[str, int] = {}
    rows: list[tuple[float, ...]] = []
    labels: list[float] = []
    for position in order:
        signal = signals[position]
        pool = eligible(signal, index.candidates(signal), stories, settings.window_days)
        rows.extend(features(signal, pool))
        labels.extend(1.0 if story_of.get(gold[position]) == s.id else 0.0 for s in pool)
        story_id = story_of.setdefault(gold[position], len(story_of) + 1)
        story = stories.setdefault(
            story_id, StoryState(story_id, np.zeros(DIMENSION, dtype=np.float32), 0)
        )
        story.add(signal)
        index.joined(story, signal.entities)
    return np.array(rows, dtype=np.float64), np.array(labels, dtype=np.float64)


def fit_logistic(
    x: npt.NDArray[np.float64], y: npt.NDArray[np.float64], l2: float = 1.0, steps: int = 50
) -> tuple[npt.NDArray[np.float64], float]:
    """L2-regularised logistic regression by Newton's method (a few features, many rows)."""
    design = np.hstack([x, np.ones((len(x), 1))])
    beta = np.zeros(design.shape[1])
    penalty = np.eye(design.shape[1]) * l2
    penalty[-1, -1] = 0.0
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-np.clip(design @ beta, -60, 60)))
        gradient = design.T @ (p - y) + penalty @ beta
        hessian = (design * (p * (1 - p))[:, None]).T @ design + penalty
        step = np.linalg.solve(hessian, gradient)
        beta -= step
        if np.abs(step).max() < 1e-8:
            break
    return beta[:-1], float(beta[-1])


def choose_threshold(
    signals: Sequence[ArticleSignal],
    gold: Sequence[str],
    model: DecisionModel,
    settings: ClusterSettings,
    order: Sequence[int],
) -> tuple[float, dict[str, float]]:
    """The threshold with the best mean of pairwise and BCubed F1, and the whole sweep."""
    results: dict[str, float] = {}
    for threshold in THRESHOLDS:
        trial = replace(settings, join_probability=threshold)
        scores = cluster_scores(list(gold), assign_stream(signals, trial, order, model))
        results[str(threshold)] = round((scores.pairwise.f1 + scores.bcubed.f1) / 2, 4)
    best = max(THRESHOLDS, key=lambda t: (results[str(t)], -t))
    return best, results


def calibrate(path: Path, threshold_stories: int = 800) -> dict[str, object]:
    settings = Settings()
    articles: list[LabelledArticle] = load_labelled(path)
    frequencies, documents = lexicon.document_frequencies(
        terms(a.article.title, a.article.text) for a in articles
    )
    lexicon.TABLE.write_bytes(lexicon.encode_table(frequencies, documents))
    lexicon.idf_table.cache_clear()
    lexicon.idf.cache_clear()
    signals = prepare(articles, settings)
    # The candidate index reads the projection, so it is fitted before the replay below.
    np.save(PROJECTION, fit_projection(np.stack([s.vector for s in signals])))
    load_projection.cache_clear()
    gold = [a.story for a in articles]
    order = stream_order(len(signals), "shuffled")
    x, y = replay_examples(signals, gold, order, settings.cluster)
    weights, bias = fit_logistic(x, y)
    model = DecisionModel(tuple(float(w) for w in weights), bias, 0.5, trained_on=path.name)
    subset = [i for i, a in enumerate(articles) if int(a.story) <= threshold_stories]
    sub_signals = [signals[i] for i in subset]
    sub_gold = [gold[i] for i in subset]
    threshold, sweep = choose_threshold(
        sub_signals, sub_gold, model, settings.cluster, stream_order(len(subset), "shuffled")
    )
    model = replace(model, threshold=threshold)
    model.save(MODEL)
    return {
        "examples": len(y),
        "positives": int(y.sum()),
        "model": str(MODEL),
        "projection": str(PROJECTION),
        "sweep": sweep,
        "weights": list(model.weights),
        "bias": model.bias,
        "threshold": threshold,
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("path", type=Path, help="labelled training data (NeuS .source or JSONL)")
    args = parser.parse_args(argv)
    print(json.dumps(calibrate(args.path), indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
