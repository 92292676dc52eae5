"""Topics: the longer-running developments that stories belong to ("the Benghazi inquiry").

A story is placed in a topic once, when it is first seen: it continues the earlier story it
most likely follows (a logistic decision over what the two share and how far apart they are,
``topic_model.json``, fitted by ``python -m storylens.evaluate.fit_topics``) and joins that
story's topic when the probability reaches the model's threshold; else it opens a topic.

A topic is a chain of stories each following one before it, not a centroid: a topic's
centroid drifts towards its subject as it grows ("US politics") until every story of that
subject is close enough to it, and topics came to mix distinct events that shared a person or
a country (docs/decisions.md). Only stories within ``topic_link_days`` of the newest are
followed: a development goes on through its latest stories. A topic is named by the entities
its stories mention most.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import timedelta
from itertools import groupby
from pathlib import Path

import numpy as np

from storylens.cluster.candidates import CandidateIndex
from storylens.cluster.scorer import FEATURES, DecisionModel, features, load_model, pick
from storylens.cluster.signals import names_allow
from storylens.cluster.state import Horizon, StoryState
from storylens.embed import DIMENSION

#: Entity names shown in a topic's title.
TITLE_ENTITIES = 3
TOPIC_MODEL = Path(__file__).with_name("topic_model.json")
#: The story decision's evidence, and how far apart the two stories are (log of days + 1).
TOPIC_FEATURES = (*FEATURES, "log_days_apart")
#: Earlier stories a new one is compared with (nearest centroids).
LINK_CANDIDATES = 10
#: Placements between two sweeps that forget stories too old to be followed.
FORGET_EVERY = 1000


@dataclass(frozen=True, slots=True)
class TopicPlacement:
    topic_id: int
    new: bool


def load_topic_model(path: Path = TOPIC_MODEL) -> DecisionModel:
    return load_model(path, TOPIC_FEATURES)


def days_apart(story: StoryState, other: StoryState) -> float:
    """Days between the two stories' spans (0 when they overlap or one is undated)."""
    mine, theirs = story.bounds(), other.bounds()
    if mine is None or theirs is None:
        return 0.0
    return max(0.0, mine[0] - theirs[1], theirs[0] - mine[1]) / 86400


def link_features(story: StoryState, earlier: Sequence[StoryState]) -> list[tuple[float, ...]]:
    """The evidence that the story follows each of the earlier ones, in ``TOPIC_FEATURES``
    order: the story decision's features (the story read as one article) and the time gap."""
    rows = features(story.as_signal(), earlier)
    return [
        (*row, math.log1p(days_apart(story, other)))
        for row, other in zip(rows, earlier, strict=True)
    ]


class TopicAssigner:
    """Topic states (kept as ``StoryState``: a centroid sum and entity counts, for titles), the
    stories that can still be followed, and placement."""

    def __init__(
        self,
        link_days: float,
        topics: Iterable[StoryState] = (),
        stories: Iterable[StoryState] = (),
        model: DecisionModel | None = None,
        threshold: float | None = None,
    ) -> None:
        self._model = model or load_topic_model()
        self._threshold = self._model.threshold if threshold is None else threshold
        self._link_days = link_days
        self._topics = {topic.id: topic for topic in topics}
        self._next_id = max(self._topics, default=0) + 1
        self._stories: dict[int, StoryState] = {}
        self._index = CandidateIndex(DIMENSION, neighbours=LINK_CANDIDATES, per_entity=0)
        self._horizon = Horizon(FORGET_EVERY, timedelta(days=link_days))
        for story in stories:
            if story.topic is not None:
                self._remember(story)

    @property
    def topics(self) -> dict[int, StoryState]:
        return self._topics

    def place(self, story: StoryState) -> TopicPlacement:
        """Put a story in its topic (the story's ``topic`` is set) and update that topic."""
        earlier = self.earlier(story)
        chances = [self._model.probability(row) for row in link_features(story, earlier)]
        found = pick(earlier, chances)
        followed = self._stories[found[0]].topic if found and found[1] >= self._threshold else None
        return self.join(story, followed)

    def earlier(self, story: StoryState) -> list[StoryState]:
        """The earlier stories the story may follow (nearest centroids, see ``_may_follow``)."""
        found = (self._stories.get(i) for i in self._index.candidates(story.as_signal()))
        return [
            other
            for other in found
            if other is not None and other.id != story.id and self._may_follow(story, other)
        ]

    def join(self, story: StoryState, topic_id: int | None) -> TopicPlacement:
        """Put the story in that topic, or in a new one (None, or a topic not held)."""
        topic = self._topics.get(topic_id) if topic_id is not None else None
        new = topic is None
        if topic is None:
            topic = StoryState(self._next_id, np.zeros(DIMENSION, dtype=np.float32), 0)
            self._topics[topic.id] = topic
            self._next_id += 1
        norm = story.centroid_norm()
        topic.vector_sum = topic.vector_sum + (story.vector_sum / norm if norm else 0.0)
        topic.count += 1
        topic.entities.update(story.entities)
        story.topic = topic.id
        self._remember(story)
        return TopicPlacement(topic.id, new)

    def replace(self, states: Iterable[StoryState], removed: Iterable[int]) -> None:
        """Follow refined stories as they now are, and no longer those merged away."""
        self._forget(removed)
        for state in states:
            if state.topic is not None and state.id in self._stories:
                self._stories[state.id] = state
                self._index.upsert(state)

    def _forget(self, story_ids: Iterable[int]) -> None:
        for story_id in story_ids:
            if self._stories.pop(story_id, None) is not None:
                self._index.remove(story_id)

    def _may_follow(self, story: StoryState, other: StoryState) -> bool:
        """In the story's language (another language only on shared names, as the English
        embedding finds any two texts of one other language alike: see ``scorer._evidence``),
        and within the link window."""
        return (
            other.topic is not None
            and (other.language or "en") == (story.language or "en")
            and names_allow(story.language or "en", story.entities.keys(), other.entities.keys())
            and days_apart(story, other) <= self._link_days
        )

    def _remember(self, story: StoryState) -> None:
        self._stories[story.id] = story
        self._index.upsert(story)
        if (before := self._horizon.passed(story.last)) is not None:
            self._forget(
                [s.id for s in self._stories.values() if s.last is not None and s.last < before]
            )


#: Words left in lower case inside a name ("Bank of Calder").
_MINOR = frozenset({"of", "the", "and", "for", "in", "on", "at", "de", "la", "van", "von"})


def _display(key: str) -> str:
    if len(key) <= 2:  # "us", "uk", "eu": an abbreviation, not a word
        return key.upper()
    words = key.split()
    return " ".join(w if i and w in _MINOR else w[:1].upper() + w[1:] for i, w in enumerate(words))


def topic_title(entities: Counter[str], writing: Sequence[str] = ()) -> str:
    """The most mentioned entities, as a reader would scan them: "Taliban · Trump · Kabul".

    A name that is part of one already shown, or the reverse, is the same one said shorter or
    longer ("Orrin", "Orrin Technologies") and gives its place to the next. Names are kept
    in lower case to be counted; each is shown as the topic's ``writing`` (its articles'
    titles and leads) most often writes it ("AirAsia", "NASA", "McDonald's"), else with
    capitals on its words.
    """
    shown: list[set[str]] = []
    names: list[str] = []
    text = "\n".join(writing)
    for name in _ranked(entities, text):
        words = set(name.split())
        if any(words <= other or other <= words for other in shown):
            continue
        shown.append(words)
        names.append(name)
        if len(names) == TITLE_ENTITIES:
            break
    return " · ".join(_as_written(name, writing) for name in names) or "(untitled)"


def _ranked(entities: Counter[str], text: str) -> Iterator[str]:
    """Names, most mentioned first; names as often mentioned in the order the writing first
    gives them (the headline's and the lead's names first, not the alphabet's: "Abu · Albani
    · Asy"). The writing is searched only for the counts the title reaches, as a topic can
    hold hundreds of names."""
    by_count = sorted(entities.items(), key=lambda kv: -kv[1])
    for _, tied in groupby(by_count, key=lambda kv: kv[1]):
        yield from sorted(
            (name for name, _ in tied), key=lambda name: (_first_mention(name, text), name)
        )


def _as_written(key: str, writing: Sequence[str]) -> str:
    """The way the writing most often writes a name. A headline in capitals ("AIRASIA JET
    MISSING") says nothing of how a name is spelled, unless the name is short, like an
    acronym ("NASA"); a name in lower case is no name's spelling either."""
    pattern = _name_pattern(key)
    found = [" ".join(form.split()) for text in writing for form in pattern.findall(text)]
    # A name never written without its "'s", in a few places at least, is written with it
    # ("McDonald's"); "Trump's" beside "Trump" is grammar, and so is one title's "Bank of
    # Calder's".
    possessive = len(found) >= POSSESSIVE_EVIDENCE and all(
        _POSSESSIVE.search(form) for form in found
    )
    forms = Counter(
        form if possessive else _POSSESSIVE.sub("", form)
        for form in found
        if not _shouted(form) and not form.islower()
    )
    if not forms:
        return _display(key)
    return min(forms, key=lambda form: (-forms[form], form))


def _name_pattern(key: str) -> re.Pattern[str]:
    """A name written in any case and spacing, with or without its "'s", as a whole word."""
    words = r"\s+".join(re.escape(word) for word in key.split())
    return re.compile(rf"(?<!\w){words}(?:['’]s)?(?!\w)", re.IGNORECASE)


def _first_mention(key: str, text: str) -> int:
    found = _name_pattern(key).search(text)
    return found.start() if found else len(text)


_POSSESSIVE = re.compile(r"['’]s$")
#: Titles or leads that must all write a name with "'s" for it to be part of the name.
POSSESSIVE_EVIDENCE = 3


#: Longest name in capitals that is taken as written ("NASA", "NATO"), not shouted.
ACRONYM_LETTERS = 5


def _shouted(form: str) -> bool:
    return form.isupper() and len(form.replace(" ", "")) > ACRONYM_LETTERS
