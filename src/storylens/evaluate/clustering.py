"""``storylens eval cluster``: the same online assignment as ingest, scored against gold stories.

Labels are read only to score the result: the stream sees titles, texts and times, in file order
or shuffled with a fixed seed, exactly as ingest would.
"""

from __future__ import annotations

import random
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from storylens.cluster import ArticleSignal, StoryAssigner, StoryState, article_signal, story_text
from storylens.cluster.refine import refine, state_of
from storylens.cluster.scorer import DecisionModel, load_model
from storylens.cluster.topics import TopicAssigner
from storylens.config import ClusterSettings, Settings
from storylens.embed import Encoder, encoder_for
from storylens.evaluate.datasets import LabelledArticle, load_labelled
from storylens.evaluate.metrics import cluster_scores
from storylens.facts import extract_facts_many

Order = Literal["file", "shuffled"]
Level = Literal["story", "topic"]
#: The shuffled order is fixed, so a figure can be reproduced.
SEED = 13


def prepare(
    articles: Sequence[LabelledArticle], settings: Settings, encoder: Encoder | None = None
) -> list[ArticleSignal]:
    """Facts and title+lead vectors, as ingest computes them, for every article."""
    plain = [item.article for item in articles]
    facts = extract_facts_many(plain)
    vectors = (encoder or encoder_for(settings.embed.device)).encode(
        [story_text(a, settings.cluster.lead_chars) for a in plain]
    )
    return [article_signal(a, f, v) for a, f, v in zip(plain, facts, vectors, strict=True)]


def stream_order(count: int, order: Order, seed: int = SEED) -> list[int]:
    positions = list(range(count))
    if order == "shuffled":
        random.Random(seed).shuffle(positions)
    return positions


def story_states(
    signals: Sequence[ArticleSignal], stories: Sequence[int], order: Sequence[int]
) -> list[tuple[StoryState, list[int]]]:
    """Each story with the positions of its members, in the order of its first article."""
    members: dict[int, list[int]] = {}
    for position in order:
        members.setdefault(stories[position], []).append(position)
    return [
        (state_of(story, [signals[p] for p in positions]), positions)
        for story, positions in members.items()
    ]


def topics_of(
    signals: Sequence[ArticleSignal],
    stories: Sequence[int],
    order: Sequence[int],
    settings: ClusterSettings,
    model: DecisionModel | None = None,
) -> list[int]:
    """Topic per article: each story is placed once, when its first article arrives, with the
    members it has in the end (the evaluation's stand-in for ingest's end-of-batch placement)."""
    topics = TopicAssigner(
        settings.topic_link_days, model=model, threshold=settings.topic_probability
    )
    topic_of_story = {
        state.id: topics.place(state).topic_id for state, _ in story_states(signals, stories, order)
    }
    return [topic_of_story[s] for s in stories]


def assign_stream(
    signals: Sequence[ArticleSignal],
    settings: ClusterSettings,
    order: Sequence[int],
    model: DecisionModel | None = None,
) -> list[int]:
    """Predicted story id per article (in input positions), placing them in ``order``."""
    assigner = StoryAssigner(settings, model=model)
    online = [0] * len(signals)
    for position in order:
        online[position] = assigner.assign(signals[position]).story_id
    # The same refinement pass ingest runs after each batch, here once over the whole stream.
    refined = refine(
        {str(i): s for i, s in enumerate(signals)},
        {str(i): story for i, story in enumerate(online)},
        [str(i) for i in order],
        model or load_model(),
        settings,
        assigner.next_id,
    )
    return [refined.story_of[str(i)] for i in range(len(signals))]


@dataclass(frozen=True, slots=True)
class ClusterEvaluation:
    scores: dict[str, Any]
    seconds: float
    documents: int

    def to_json(self) -> dict[str, Any]:
        return {
            **self.scores,
            "seconds": round(self.seconds, 3),
            "articles_per_second": round(self.documents / self.seconds, 1) if self.seconds else 0.0,
        }


def evaluate_clustering(
    path: Path,
    fmt: str | None = None,
    order: Order = "file",
    settings: Settings | None = None,
    encoder: Encoder | None = None,
    level: Level = "story",
) -> ClusterEvaluation:
    """Read labelled articles, run the whole pipeline's story assignment, and score it.

    At ``level="topic"`` the predicted topics are scored against the data's gold topics, which
    every article must then have (JSON Lines field "topic"; NeuS has none).
    """
    settings = settings or Settings()
    articles = load_labelled(path, fmt)
    if level == "topic":
        missing = [a.article.origin for a in articles if a.topic is None]
        if missing:
            raise ValueError(
                f"{len(missing)} articles have no gold topic (first: {missing[0]}); "
                "topic evaluation needs a 'topic' field on every line"
            )
    started = time.perf_counter()
    signals = prepare(articles, settings, encoder)
    positions = stream_order(len(signals), order)
    predicted = assign_stream(signals, settings.cluster, positions)
    gold = [a.story for a in articles]
    if level == "topic":
        predicted = topics_of(signals, predicted, positions, settings.cluster)
        gold = [a.topic or "" for a in articles]
    seconds = time.perf_counter() - started
    scores = cluster_scores(gold, predicted)
    return ClusterEvaluation(scores.to_json(), seconds, len(articles))
