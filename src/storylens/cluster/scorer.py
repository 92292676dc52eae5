"""The decision: how likely an article belongs to a candidate story.

A logistic model over a handful of similarities, fitted on the labelled NeuS training stream by
``storylens.cluster.training`` and shipped as ``model.json`` (a few numbers), so the decision is
calibrated on real data rather than resting on one hand-set cosine threshold.
"""

from __future__ import annotations

import json
import math
import operator
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from functools import cache
from pathlib import Path

from storylens.cluster import lexicon
from storylens.cluster.signals import ArticleSignal, names_allow
from storylens.cluster.state import StoryState
from storylens.config import ClusterSettings
from storylens.errors import ModelError

MODEL = Path(__file__).with_name("model.json")
FEATURES = (
    "cosine",
    "lexical",
    "entities",
    "cosine_x_lexical",
    "figures_apart",
    "figures_shared",
    "margin",
)


@dataclass(frozen=True, slots=True)
class DecisionModel:
    """Weights per feature (in ``FEATURES`` order), a bias, and the join threshold."""

    weights: tuple[float, ...]
    bias: float
    threshold: float
    trained_on: str = ""

    def probability(self, features: tuple[float, ...]) -> float:
        if len(features) != len(self.weights):
            raise ValueError(f"{len(features)} features for {len(self.weights)} weights")
        # map keeps the loop in C: assignment asks this for every candidate.
        z = self.bias + sum(map(operator.mul, self.weights, features))
        return 1.0 / (1.0 + math.exp(-max(-60.0, min(60.0, z))))

    def save(self, path: Path = MODEL, names: Sequence[str] = FEATURES) -> None:
        data = {"features": list(names), **asdict(self)}
        path.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")


@cache
def load_model(path: Path = MODEL, names: tuple[str, ...] = FEATURES) -> DecisionModel:
    """A fitted decision (the story model unless told), checked against the features its
    caller computes, ``names`` in order."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if tuple(data["features"]) != names:
            raise ValueError(f"features {data['features']} do not match {list(names)}")
        return DecisionModel(
            weights=tuple(float(w) for w in data["weights"]),
            bias=float(data["bias"]),
            threshold=float(data["threshold"]),
            trained_on=str(data.get("trained_on", "")),
        )
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ModelError(f"cannot load the decision model {path}: {exc}") from exc


def features(signal: ArticleSignal, stories: Sequence[StoryState]) -> list[tuple[float, ...]]:
    """The evidence that the article belongs to each of the candidate stories, in ``FEATURES``
    order: what it shares with the story, and by how much that beats its best rival.

    The margin needs the whole candidate set. A story is only as convincing as the article's
    next-best alternative is weak: in a stream dense with one recurring subject, every weekly
    report resembles every other, and a similarity that would settle it alone does not.
    """
    weights = lexicon.weights(signal.terms)
    norm = lexicon.norm(weights)
    shared = [_shared(signal, weights, norm, story) for story in stories]
    affinity = [(cosine + lexical) / 2 for cosine, lexical, *_ in shared]
    if not affinity:
        return []
    # Each story's rival is the best of the others: the runner-up for the best story (equal to
    # it on a tie), the best for every other one.
    best = max(range(len(affinity)), key=affinity.__getitem__)
    runner_up = max((a for i, a in enumerate(affinity) if i != best), default=0.0)
    return [
        (*row, affinity[i] - (runner_up if i == best else affinity[best]))
        for i, row in enumerate(shared)
    ]


def _shared(
    signal: ArticleSignal, weights: dict[str, float], weights_norm: float, story: StoryState
) -> tuple[float, float, float, float, float, float]:
    centroid_norm = story.centroid_norm()
    cosine = float(signal.vector @ story.vector_sum) / centroid_norm if centroid_norm else 0.0
    lexical = lexicon.cosine(weights, weights_norm, *story.lexical())
    entities = (
        len(signal.entities & story.entities.keys()) / len(signal.entities)
        if signal.entities
        else 0.0
    )
    apart, agreeing = _figures(signal, story)
    return (cosine, lexical, entities, cosine * lexical, apart, agreeing)


def _figures(signal: ArticleSignal, story: StoryState) -> tuple[float, float]:
    """The shares of the story's reports with figures that give none of this article's, and
    that give one of them (both 0 when either side gives none).

    A subject that recurs (weekly claims, monthly jobs) is told in the same words with another
    week's numbers; and reports that give the same distinctive figure ("943,000 jobs", "943K
    jobs") tell the same event however differently they are worded.
    """
    if not signal.figures or not story.figured:
        return 0.0, 0.0
    agreeing = max(story.figures.get(f, 0) for f in signal.figures) / story.figured
    return 1.0 - agreeing, agreeing


def eligible(
    signal: ArticleSignal,
    candidates: Iterable[int],
    stories: Mapping[int, StoryState],
    window_days: float,
    skip: int | None = None,
    max_span_days: float | None = None,
) -> list[StoryState]:
    """The candidates an article may join: known (not evicted or merged), not ``skip``, in its
    language, within the time window, and not stretched past ``max_span_days`` by it."""
    found: list[StoryState] = []
    when = signal.published.timestamp() if signal.published is not None else None
    window = window_days * 86400
    span = math.inf if max_span_days is None else max_span_days * 86400
    for story_id in candidates:
        story = stories.get(story_id)
        if story_id == skip or story is None:
            continue
        if story.language and story.language != signal.language:
            continue
        if not _evidence(signal, story):
            continue
        if when is not None and (bounds := story.bounds()) is not None:
            first, last = bounds
            if first - when > window or when - last > window:
                continue
            if max(last, when) - min(first, when) > span:
                continue
        found.append(story)
    return found


def _evidence(signal: ArticleSignal, story: StoryState) -> bool:
    """Whether an article may join the story on what it says of the event. English articles
    always may (the model weighs it). In another language the sentence embedding, trained on
    English, finds any two texts of that language alike, and their function words fill the
    lexical overlap: a Nepal earthquake report and a French surveillance law were one story.
    Such an article joins only a story that shares its names or one of its figures, and
    stays alone until one comes."""
    return names_allow(signal.language, signal.entities, story.entities.keys()) or (
        not signal.figures.isdisjoint(story.figures)
    )


def probabilities(
    signal: ArticleSignal, stories: Sequence[StoryState], model: DecisionModel
) -> list[float]:
    """The probability that the article belongs to each story of one candidate set."""
    return [model.probability(row) for row in features(signal, stories)]


def pick(stories: Sequence[StoryState], chances: Sequence[float]) -> tuple[int, float] | None:
    """The most likely story and its probability; ties go to the lower id, so the choice never
    depends on the order candidates come in."""
    best: tuple[int, float] | None = None
    for story, p in zip(stories, chances, strict=True):
        if best is None or p > best[1] or (p == best[1] and story.id < best[0]):
            best = (story.id, p)
    return best


def best_story(
    signal: ArticleSignal,
    candidates: Iterable[int],
    stories: Mapping[int, StoryState],
    model: DecisionModel,
    window_days: float,
    max_span_days: float | None = None,
) -> tuple[int, float] | None:
    """The most likely of the eligible candidate stories, with its probability."""
    pool = eligible(signal, candidates, stories, window_days, max_span_days=max_span_days)
    return pick(pool, probabilities(signal, pool, model))


def join_threshold(settings: ClusterSettings, model: DecisionModel) -> float:
    """The probability at which an article joins a story: the setting if given, else the
    threshold calibrated with the model."""
    return model.threshold if settings.join_probability is None else settings.join_probability
