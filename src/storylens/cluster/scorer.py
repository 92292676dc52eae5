"""The decision: how likely an article belongs to a candidate story.

A logistic model over a handful of similarities, fitted on the labelled NeuS training stream by
``storylens.cluster.training`` and shipped as ``model.json`` (a few numbers), so the decision is
calibrated on real data rather than resting on one hand-set cosine threshold.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from functools import cache
from pathlib import Path

from storylens.cluster import lexicon
from storylens.cluster.signals import ArticleSignal
from storylens.cluster.state import StoryState
from storylens.config import ClusterSettings
from storylens.errors import ModelError

MODEL = Path(__file__).with_name("model.json")
FEATURES = ("cosine", "lexical", "entities", "cosine_x_lexical")


@dataclass(frozen=True, slots=True)
class DecisionModel:
    """Weights per feature (in ``FEATURES`` order), a bias, and the join threshold."""

    weights: tuple[float, ...]
    bias: float
    threshold: float
    trained_on: str = ""

    def probability(self, features: tuple[float, ...]) -> float:
        z = self.bias + sum(w * f for w, f in zip(self.weights, features, strict=True))
        return 1.0 / (1.0 + math.exp(-max(-60.0, min(60.0, z))))

    def save(self, path: Path = MODEL) -> None:
        data = {"features": list(FEATURES), **asdict(self)}
        path.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")


@cache
def load_model(path: Path = MODEL) -> DecisionModel:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if tuple(data["features"]) != FEATURES:
            raise ValueError(f"features {data['features']} do not match {list(FEATURES)}")
        return DecisionModel(
            weights=tuple(float(w) for w in data["weights"]),
            bias=float(data["bias"]),
            threshold=float(data["threshold"]),
            trained_on=str(data.get("trained_on", "")),
        )
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ModelError(f"cannot load the story decision model {path}: {exc}") from exc


def features(
    signal: ArticleSignal,
    weights: dict[str, float],
    weights_norm: float,
    story: StoryState,
) -> tuple[float, ...]:
    """The similarities of one article to one story, in ``FEATURES`` order."""
    centroid_norm = story.centroid_norm()
    cosine = float(signal.vector @ story.vector_sum) / centroid_norm if centroid_norm else 0.0
    lexical = lexicon.cosine(weights, weights_norm, *story.lexical())
    entities = (
        sum(1 for key in signal.entities if key in story.entities) / len(signal.entities)
        if signal.entities
        else 0.0
    )
    return (cosine, lexical, entities, cosine * lexical)


def best_story(
    signal: ArticleSignal,
    candidates: Iterable[int],
    stories: Mapping[int, StoryState],
    model: DecisionModel,
    window_days: float,
    skip: int | None = None,
    max_span_days: float | None = None,
) -> tuple[int, float] | None:
    """The most likely of the candidate stories within the time window, with its probability.

    Candidates missing from ``stories`` (evicted, merged) and ``skip`` are passed over; ties go
    to the lower id, so the choice never depends on the order candidates come in.
    """
    weights = lexicon.weights(signal.terms)
    norm = lexicon.norm(weights)
    best: tuple[int, float] | None = None
    for story_id in candidates:
        story = stories.get(story_id)
        if story_id == skip or story is None or story.days_apart(signal.published) > window_days:
            continue
        if max_span_days is not None and story.span_with(signal.published) > max_span_days:
            continue
        p = model.probability(features(signal, weights, norm, story))
        if best is None or p > best[1] or (p == best[1] and story_id < best[0]):
            best = (story_id, p)
    return best


def join_threshold(settings: ClusterSettings, model: DecisionModel) -> float:
    """The probability at which an article joins a story: the setting if given, else the
    threshold calibrated with the model."""
    return model.threshold if settings.join_probability is None else settings.join_probability
