"""Topics: the longer-running subjects that stories belong to ("US election 2024").

A story is placed in a topic once, when it is first seen: it joins the topic whose centroid (the
sum of its stories' centroids) is closest, when the cosine reaches ``topic_threshold``, else it
opens a topic. No time window: a topic outlives its stories. A topic is named by the entities
its stories mention most.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from storylens.cluster.candidates import CandidateIndex
from storylens.cluster.signals import names_allow
from storylens.cluster.state import StoryState
from storylens.embed import DIMENSION

#: Entity names shown in a topic's title.
TITLE_ENTITIES = 3


@dataclass(frozen=True, slots=True)
class TopicPlacement:
    topic_id: int
    new: bool


class TopicAssigner:
    """Topic states (kept as ``StoryState``: a centroid sum and entity counts) and placement."""

    def __init__(self, threshold: float, topics: Iterable[StoryState] = ()) -> None:
        self._threshold = threshold
        self._topics: dict[int, StoryState] = {}
        self._index = CandidateIndex(DIMENSION, neighbours=5, per_entity=0)
        for topic in topics:
            self._topics[topic.id] = topic
            self._index.upsert(topic)
        self._next_id = max(self._topics, default=0) + 1

    @property
    def topics(self) -> dict[int, StoryState]:
        return self._topics

    def place(self, story: StoryState) -> TopicPlacement:
        """Put a story in its topic (the story's ``topic`` is set) and update that topic."""
        signal = story.as_signal()
        best: tuple[int, float] | None = None
        for topic_id in self._index.candidates(signal):
            topic = self._topics[topic_id]
            if not _may_hold(topic, story):
                continue
            norm = float(np.linalg.norm(topic.vector_sum))
            score = float(signal.vector @ topic.vector_sum) / norm if norm else 0.0
            if best is None or score > best[1] or (score == best[1] and topic_id < best[0]):
                best = (topic_id, score)
        new = best is None or best[1] < self._threshold
        if new:
            topic = StoryState(self._next_id, np.zeros(DIMENSION, dtype=np.float32), 0)
            self._topics[topic.id] = topic
            self._next_id += 1
        else:
            assert best is not None
            topic = self._topics[best[0]]
        topic.vector_sum = topic.vector_sum + signal.vector
        topic.count += 1
        topic.entities.update(story.entities)
        self._index.upsert(topic)
        story.topic = topic.id
        return TopicPlacement(topic.id, new)


def _may_hold(topic: StoryState, story: StoryState) -> bool:
    """Whether the topic may take the story: any, for a story in English; in another
    language only one whose names it shares, as the English embedding finds any two texts of
    one other language alike (see ``scorer._evidence``)."""
    return names_allow(story.language, story.entities.keys(), topic.entities.keys())


#: Words left in lower case inside a name ("Bank of Calder").
_MINOR = frozenset({"of", "the", "and", "for", "in", "on", "at", "de", "la", "van", "von"})


def _display(key: str) -> str:
    if len(key) <= 2:  # "us", "uk", "eu": an abbreviation, not a word
        return key.upper()
    words = key.split()
    return " ".join(w if i and w in _MINOR else w[:1].upper() + w[1:] for i, w in enumerate(words))


def topic_title(entities: Counter[str], titles: Sequence[str] = ()) -> str:
    """The most mentioned entities, as a reader would scan them: "Taliban · Trump · Kabul".

    A name that is part of one already shown, or the reverse, is the same one said shorter or
    longer ("Orrin", "Orrin Technologies") and gives its place to the next. Names are kept
    in lower case to be counted; each is shown as the topic's story ``titles`` write it
    ("AirAsia", "NASA", "McDonald's"), else with capitals on its words.
    """
    shown: list[set[str]] = []
    names: list[str] = []
    for name, _ in sorted(entities.items(), key=lambda kv: (-kv[1], kv[0])):
        words = set(name.split())
        if any(words <= other or other <= words for other in shown):
            continue
        shown.append(words)
        names.append(name)
        if len(names) == TITLE_ENTITIES:
            break
    return " · ".join(_as_written(name, titles) for name in names) or "(untitled)"


def _as_written(key: str, titles: Sequence[str]) -> str:
    """The way the titles most often write a name. A headline in capitals ("AIRASIA JET
    MISSING") says nothing of how a name is spelled, unless the name is short, like an
    acronym ("NASA"); a name in lower case is no name's spelling either."""
    words = r"\s+".join(re.escape(word) for word in key.split())
    pattern = re.compile(rf"(?<!\w){words}(?:['’]s)?(?!\w)", re.IGNORECASE)
    found = [" ".join(form.split()) for title in titles for form in pattern.findall(title)]
    # A name never written without its "'s", in a few titles at least, is written with it
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


_POSSESSIVE = re.compile(r"['’]s$")
#: Titles that must all write a name with "'s" for it to be part of the name.
POSSESSIVE_EVIDENCE = 3


#: Longest name in capitals that is taken as written ("NASA", "NATO"), not shouted.
ACRONYM_LETTERS = 5


def _shouted(form: str) -> bool:
    return form.isupper() and len(form.replace(" ", "")) > ACRONYM_LETTERS
