"""Dated streams for fitting and checking the topic decision, built from the labelled sets.

Real coverage arrives dated, with events interleaved, and some developments go on for weeks
as one story after another. None of our labelled sets is like that as it stands: NeuS has no
dates and one event per line; BASIL has real dates, but its 60 events lie years apart. So:

- ``dated_stream`` gives each NeuS line (an event) a day within one year, drawn with a fixed
  seed, and its reports times within two days of it. A share of the lines (``DEVELOPING``) are
  made developments: the second report comes 15 to 45 days after the first, the third 50 to
  100 days after it, past a story's 14-day span, so that each report is a story of its own
  and the line is one topic of several stories. The gold story is the report group, the gold
  topic the line.
- ``headlines`` keeps titles only: the same events as a headline feed reports them.
- ``basil_stream`` keeps BASIL's real dates, one topic per event, except the developments
  we grouped by hand (``BASIL_DEVELOPMENTS``): events that are one matter followed over
  months, as an editor would file them. Events that only share a person or a subject (the
  border wall in 2016 and in 2019, two states' religious-freedom bills) stay apart.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from storylens.cluster.scorer import DecisionModel
from storylens.config import ClusterSettings, Settings
from storylens.evaluate.clustering import assign_stream, prepare, topics_of
from storylens.evaluate.datasets import LabelledArticle, load_labelled
from storylens.evaluate.metrics import cluster_scores

#: Share of NeuS lines that become developments of three stories.
DEVELOPING = 0.35
#: Days over which the events of a dated stream are spread.
SPAN_DAYS = 365.0
START = datetime(2020, 1, 1, tzinfo=UTC)

#: BASIL events (id prefixes) that continue one matter, grouped by hand.
BASIL_DEVELOPMENTS: dict[str, tuple[str, ...]] = {
    # Gun policy after the Newtown shooting: the president's plan, the NRA's school report.
    "gun policy 2013": ("526cabb7", "68748e7f"),
    # The Benghazi attack's inquiries: State Department emails, the committee and Clinton.
    "benghazi inquiries": ("1bb79cc1", "c5534b7e"),
    # The special counsel's inquiry: Flynn's sentencing, the statement on Cohen, the report.
    "mueller inquiry": ("0c78e748", "c9e4d35f", "b7021938", "e71d149d"),
}


@dataclass(frozen=True, slots=True)
class Stream:
    """Labelled articles (gold story and topic on each) and the order they arrive in."""

    name: str
    articles: list[LabelledArticle]
    order: list[int]


def _in_time_order(name: str, articles: list[LabelledArticle]) -> Stream:
    order = sorted(range(len(articles)), key=lambda i: (articles[i].article.published or START, i))
    return Stream(name, articles, order)


def dated_stream(name: str, articles: Sequence[LabelledArticle], seed: int) -> Stream:
    """NeuS-like articles (gold story = event) dated as described in the module docstring."""
    rng = random.Random(seed)
    lines: dict[str, list[int]] = defaultdict(list)
    for position, item in enumerate(articles):
        lines[item.story].append(position)
    dated: list[LabelledArticle | None] = [None] * len(articles)
    for line in sorted(lines, key=lambda s: (len(s), s)):
        day = rng.uniform(0, SPAN_DAYS)
        members = lines[line]
        developing = len(members) > 1 and rng.random() < DEVELOPING
        for k, position in enumerate(members):
            if developing:
                later = (0.0, rng.uniform(15, 45), rng.uniform(50, 100))[min(k, 2)]
                story = f"{line}#{min(k, 2)}"
            else:
                later, story = rng.uniform(0, 2), line
            item = articles[position]
            when = START + timedelta(days=day + later)
            dated[position] = LabelledArticle(
                replace(item.article, published=when), story, topic=line
            )
    return _in_time_order(name, [item for item in dated if item is not None])


def headlines(articles: Sequence[LabelledArticle]) -> list[LabelledArticle]:
    """The same articles with their titles as their only text."""
    return [
        replace(item, article=replace(item.article, text=item.article.title)) for item in articles
    ]


def basil_stream(articles: Sequence[LabelledArticle]) -> Stream:
    """BASIL with its real dates; gold topic = event, or its development."""
    development = {
        prefix: name for name, prefixes in BASIL_DEVELOPMENTS.items() for prefix in prefixes
    }
    labelled = [
        replace(item, topic=development.get(item.story[:8], item.story)) for item in articles
    ]
    return _in_time_order("basil", labelled)


class PreparedStream:
    """A stream with its signals and the stories the shipped path gives it (online
    assignment and refinement, in time order)."""

    def __init__(self, stream: Stream, settings: Settings) -> None:
        self.name = stream.name
        self.order = stream.order
        self.signals = prepare(stream.articles, settings)
        self.stories = assign_stream(self.signals, settings.cluster, stream.order)
        self.topics = [item.topic or item.story for item in stream.articles]


def development_streams(val: Path, basil: Path, settings: Settings) -> list[PreparedStream]:
    """The streams the topic threshold is chosen on and checked with: NeuS val dated, as
    full reports and as headlines, and BASIL with its developments."""
    neus_val = load_labelled(val)
    return [
        PreparedStream(dated_stream("neus-val", neus_val, seed=2), settings),
        PreparedStream(dated_stream("neus-val-headlines", headlines(neus_val), 4), settings),
        PreparedStream(basil_stream(load_labelled(basil, "jsonl")), settings),
    ]


def topic_scores(
    stream: PreparedStream, settings: ClusterSettings, model: DecisionModel | None = None
) -> dict[str, float]:
    """Topic-level pairwise and BCubed F1 of the stream's topics as ingest would place them."""
    predicted = topics_of(stream.signals, stream.stories, stream.order, settings, model)
    scores = cluster_scores(stream.topics, predicted)
    return {
        "pairwise_f1": round(scores.pairwise.f1, 4),
        "bcubed_f1": round(scores.bcubed.f1, 4),
        "topics_gold": scores.stories_gold,
        "topics_predicted": scores.stories_predicted,
    }
