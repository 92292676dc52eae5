"""Stories: online assignment of articles, with calibrated decisions and bounded candidates."""

from storylens.cluster.assign import Assignment, StoryAssigner
from storylens.cluster.signals import (
    IDENTIFYING_LABELS,
    ArticleSignal,
    article_signal,
    entity_keys,
    figures,
    story_text,
    terms,
)
from storylens.cluster.state import StoryState

__all__ = [
    "IDENTIFYING_LABELS",
    "ArticleSignal",
    "Assignment",
    "StoryAssigner",
    "StoryState",
    "article_signal",
    "entity_keys",
    "figures",
    "story_text",
    "terms",
]
