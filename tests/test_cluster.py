"""Online story assignment on hand-made vectors: joining, opening, the time window, determinism."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np

from storylens.cluster import ArticleSignal, StoryAssigner, entity_keys
from storylens.config import ClusterSettings
from storylens.embed import normalise
from storylens.model import ArticleFacts, Entity

DAY = datetime(2026, 3, 13, tzinfo=UTC)


def _vector(*components: float) -> np.ndarray:
    v = np.zeros((1, 8), dtype=np.float32)
    v[0, : len(components)] = components
    return normalise(v)[0]


def _signal(vector: np.ndarray, *entities: str, when: datetime | None = DAY) -> ArticleSignal:
    return ArticleSignal(vector, frozenset(entities), when)


def test_similar_articles_share_a_story_and_different_ones_do_not() -> None:
    assigner = StoryAssigner(ClusterSettings())
    first = assigner.assign(_signal(_vector(1, 0.1), "ossel", "port veyra"))
    second = assigner.assign(_signal(_vector(1, 0.2), "ossel", "vask"))
    third = assigner.assign(_signal(_vector(0, 0, 1), "bank of calder"))
    assert first.new and not second.new and third.new
    assert first.story_id == second.story_id != third.story_id
    assert assigner.stories[first.story_id].count == 2


def test_articles_weeks_apart_open_a_new_story() -> None:
    assigner = StoryAssigner(ClusterSettings(window_days=7))
    first = assigner.assign(_signal(_vector(1), "jobless claims"))
    later = assigner.assign(_signal(_vector(1), "jobless claims", when=DAY + timedelta(days=30)))
    undated = assigner.assign(_signal(_vector(1), "jobless claims", when=None))
    assert later.new and later.story_id != first.story_id
    assert not undated.new


def test_same_input_gives_same_stories() -> None:
    signals = [_signal(_vector(1, i / 10, (i % 3) / 2), f"e{i % 3}") for i in range(12)]
    runs = [
        [StoryAssigner(ClusterSettings()).assign(s).story_id for s in signals] for _ in range(2)
    ]
    assert runs[0] == runs[1]


def test_entity_keys_meet_on_surnames_and_drop_possessives() -> None:
    facts = ArticleFacts(
        entities=(
            Entity("Donald Trump", "PERSON", 0, 12, 0),
            Entity("Trump’s", "PERSON", 20, 27, 1),
            Entity("Kabul", "GPE", 30, 35, 1),
            Entity("Wednesday", "DATE", 40, 49, 1),
        )
    )
    assert entity_keys(facts) == frozenset({"trump", "kabul"})
