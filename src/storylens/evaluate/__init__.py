"""Measuring storylens against labelled data: gold sets in, comparable numbers out.

Kept apart from the pipeline (nothing in it imports this package) so that evaluation code
can never leak gold labels into what it measures.
"""

from storylens.evaluate.datasets import (
    LabelledArticle,
    load_labelled,
    load_labelled_jsonl,
    load_neus,
    load_neus_stories,
    load_neus_targets,
)
from storylens.evaluate.metrics import PRF, ClusterScores, cluster_scores

__all__ = [
    "PRF",
    "ClusterScores",
    "LabelledArticle",
    "cluster_scores",
    "load_labelled",
    "load_labelled_jsonl",
    "load_neus",
    "load_neus_stories",
    "load_neus_targets",
]
