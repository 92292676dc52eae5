"""Fit the topic decision on dated streams and write ``topic_model.json`` into the package.

    python -m storylens.evaluate.fit_topics ../shared/data/neus/train.source \\
        ../shared/data/neus/val.source ../shared/data/basil/basil.jsonl

Streams are built as ``topic_streams`` describes. Each goes through the shipped story path
(``assign_stream``: online assignment and refinement, in time order); then:
1. the logistic weights, from replaying the NeuS training streams (full reports and headlines)
   with the gold topics: each story is compared with the earlier stories the real
   ``TopicAssigner`` offers, one example each, labelled by whether both are of one topic;
2. the threshold, as the one whose topics have the best mean of pairwise and BCubed F1 on the
   development streams: NeuS val (full and headlines) and BASIL with its developments.
Neither step reads uci-head6k, which checks the result.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import numpy as np
import numpy.typing as npt

from storylens.cluster.scorer import DecisionModel
from storylens.cluster.topics import TOPIC_FEATURES, TOPIC_MODEL, TopicAssigner, link_features
from storylens.config import ClusterSettings, Settings
from storylens.evaluate.calibrate import fit_logistic
from storylens.evaluate.clustering import story_states
from storylens.evaluate.datasets import load_labelled
from storylens.evaluate.topic_streams import (
    PreparedStream,
    dated_stream,
    development_streams,
    headlines,
    topic_scores,
)

THRESHOLDS = (0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8)
#: Placement is not asked of the model while replaying gold topics.
_UNUSED = DecisionModel((0.0,) * len(TOPIC_FEATURES), 0.0, 1.0)


def replay_links(
    stream: PreparedStream, settings: ClusterSettings
) -> tuple[list[tuple[float, ...]], list[float]]:
    """Link features and labels from the stream's stories placed in their gold topics."""
    assigner = TopicAssigner(settings.topic_link_days, model=_UNUSED)
    topic_of_gold: dict[str, int] = {}
    rows: list[tuple[float, ...]] = []
    labels: list[float] = []
    for state, positions in story_states(stream.signals, stream.stories, stream.order):
        gold = Counter(stream.topics[p] for p in positions).most_common(1)[0][0]
        earlier = assigner.earlier(state)
        rows.extend(link_features(state, earlier))
        labels.extend(1.0 if topic_of_gold.get(gold) == e.topic else 0.0 for e in earlier)
        topic_of_gold[gold] = assigner.join(state, topic_of_gold.get(gold)).topic_id
    return rows, labels


def fit(train: Path, val: Path, basil: Path) -> dict[str, object]:
    settings = Settings()
    neus_train = load_labelled(train)
    training = [
        PreparedStream(dated_stream("neus-train", neus_train, seed=1), settings),
        PreparedStream(dated_stream("neus-train-headlines", headlines(neus_train), 3), settings),
    ]
    development = development_streams(val, basil, settings)
    rows: list[tuple[float, ...]] = []
    labels: list[float] = []
    for stream in training:
        more_rows, more_labels = replay_links(stream, settings.cluster)
        rows += more_rows
        labels += more_labels
    x: npt.NDArray[np.float64] = np.array(rows, dtype=np.float64)
    y: npt.NDArray[np.float64] = np.array(labels, dtype=np.float64)
    weights, bias = fit_logistic(x, y)
    model = DecisionModel(tuple(float(w) for w in weights), bias, 0.5, trained_on=train.name)
    sweep: dict[str, dict[str, dict[str, float]]] = {}
    for threshold in THRESHOLDS:
        trial = replace(settings.cluster, topic_probability=threshold)
        sweep[str(threshold)] = {s.name: topic_scores(s, trial, model) for s in development}

    def mean(threshold: float) -> float:
        runs = sweep[str(threshold)].values()
        return sum(r["pairwise_f1"] + r["bcubed_f1"] for r in runs) / (2 * len(runs))

    chosen = max(THRESHOLDS, key=lambda t: (round(mean(t), 4), -t))
    model = replace(model, threshold=chosen)
    model.save(TOPIC_MODEL, TOPIC_FEATURES)
    return {
        "examples": len(y),
        "positives": int(y.sum()),
        "model": str(TOPIC_MODEL),
        "weights": dict(zip(TOPIC_FEATURES, model.weights, strict=True)),
        "bias": model.bias,
        "threshold": chosen,
        "development": sweep[str(chosen)],
        "sweep": {t: round(mean(float(t)), 4) for t in sweep},
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("train", type=Path, help="NeuS training file (.source)")
    parser.add_argument("val", type=Path, help="NeuS validation file (.source)")
    parser.add_argument("basil", type=Path, help="BASIL JSON Lines (basil.jsonl)")
    args = parser.parse_args(argv)
    print(json.dumps(fit(args.train, args.val, args.basil), indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
