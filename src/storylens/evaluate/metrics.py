"""How close a story clustering is to gold stories, by the measures the literature reports.

No single number is enough: pairwise F1 is dominated by the largest stories (pairs grow with
the square of the size), BCubed weighs every document equally, NMI and ARI are the figures
other clustering papers quote. All of them are computed from the contingency table of
(gold, predicted) label pairs, whose non-empty cells are at most one per document, so the
cost is a sort of the documents (O(n log n)) and a million documents take about a second.
A pair loop would take days at that size.

Degenerate cases are defined rather than raised, so a run that puts every document on its
own, or all in one story, still gets a row in the results table:

- pairwise precision is 1.0 when no pair was predicted together (nothing claimed, nothing
  wrong), recall 1.0 when the gold has no pair (nothing to find); F1 is their harmonic mean,
  0.0 when both are 0;
- NMI is 1.0 when both partitions are a single cluster (they agree, and the formula is 0/0),
  0.0 when exactly one of them is (it carries no information about the other);
- ARI is 1.0 when the two partitions put exactly the same pairs together (this covers fewer
  than two documents, where the formula is 0/0).
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

Counts = npt.NDArray[np.int64]
#: Story labels, one per document: any hashables, or a 1-D numpy array as clusterers return.
Labels = Sequence[Hashable] | npt.NDArray[Any]

#: Decimals kept in ``to_json``: differences below this are noise between runs and platforms.
JSON_DECIMALS = 4


@dataclass(frozen=True)
class PRF:
    """Precision, recall and their harmonic mean, as one value so they cannot be mixed up."""

    precision: float
    recall: float
    f1: float

    def to_json(self) -> dict[str, float]:
        return {
            "precision": _rounded(self.precision),
            "recall": _rounded(self.recall),
            "f1": _rounded(self.f1),
        }


@dataclass(frozen=True)
class ClusterScores:
    """Every clustering measure of one run, with the sizes needed to read them.

    The sizes are kept because the measures alone hide trivial solutions: a pairwise
    precision of 1.0 with as many predicted stories as documents means nothing was grouped.
    """

    pairwise: PRF
    bcubed: PRF
    nmi: float
    ari: float
    stories_predicted: int
    stories_gold: int
    documents: int

    def to_json(self) -> dict[str, Any]:
        return {
            "pairwise": self.pairwise.to_json(),
            "bcubed": self.bcubed.to_json(),
            "nmi": _rounded(self.nmi),
            "ari": _rounded(self.ari),
            "stories_predicted": self.stories_predicted,
            "stories_gold": self.stories_gold,
            "documents": self.documents,
        }


def _rounded(value: float) -> float:
    """Rounded for reports; "+ 0.0" turns the -0.0 that a tiny negative ARI rounds to into 0.0."""
    return round(value, JSON_DECIMALS) + 0.0


def cluster_scores(gold: Labels, predicted: Labels) -> ClusterScores:
    """Score ``predicted`` story labels against ``gold`` ones, given per document in one order.

    Labels are only compared for equality, so any hashable works (story ids, strings, ints)
    and renaming the stories of either side changes nothing.
    Raises ValueError when the sequences differ in length or are empty: an evaluation over
    no documents is a bug upstream, not a perfect score.
    """
    if len(gold) != len(predicted):
        raise ValueError(
            f"gold and predicted labels differ in length: {len(gold)} != {len(predicted)}"
        )
    if len(gold) == 0:
        raise ValueError("no documents to score")
    gold_codes, gold_count = _codes(gold)
    predicted_codes, predicted_count = _codes(predicted)
    cells, cell_counts = np.unique(
        gold_codes * predicted_count + predicted_codes, return_counts=True
    )
    gold_sizes = np.bincount(gold_codes, minlength=gold_count)
    predicted_sizes = np.bincount(predicted_codes, minlength=predicted_count)
    # The sizes of the gold and of the predicted story of each cell, aligned with the cells.
    cell_gold_sizes = gold_sizes[cells // predicted_count]
    cell_predicted_sizes = predicted_sizes[cells % predicted_count]

    documents = len(gold)
    together_both = _pairs(cell_counts)
    together_gold = _pairs(gold_sizes)
    together_predicted = _pairs(predicted_sizes)
    return ClusterScores(
        pairwise=_prf(
            together_both / together_predicted if together_predicted else 1.0,
            together_both / together_gold if together_gold else 1.0,
        ),
        bcubed=_bcubed(cell_counts, cell_gold_sizes, cell_predicted_sizes),
        nmi=_nmi(cell_counts, cell_gold_sizes, cell_predicted_sizes, gold_sizes, predicted_sizes),
        ari=_ari(together_both, together_gold, together_predicted, _pairs_of(documents)),
        stories_predicted=predicted_count,
        stories_gold=gold_count,
        documents=documents,
    )


def _codes(labels: Labels) -> tuple[Counts, int]:
    """Labels to 0..k-1 in order of first appearance, and k.

    A dict rather than ``np.unique`` because labels may be any hashables, which numpy can
    neither hold in a typed array nor sort when their types are mixed.
    """
    index: dict[Hashable, int] = {}
    codes = np.fromiter(
        (index.setdefault(label, len(index)) for label in labels), dtype=np.int64, count=len(labels)
    )
    return codes, len(index)


def _pairs_of(size: int) -> int:
    return size * (size - 1) // 2


def _pairs(sizes: Counts) -> int:
    """Unordered pairs within groups of these sizes, summed; a Python int, so products of
    such sums (ARI multiplies two of them) cannot overflow at a million documents."""
    return int((sizes * (sizes - 1) // 2).sum())


def _prf(precision: float, recall: float) -> PRF:
    total = precision + recall
    return PRF(precision, recall, 2 * precision * recall / total if total else 0.0)


def _bcubed(cell_counts: Counts, cell_gold_sizes: Counts, cell_predicted_sizes: Counts) -> PRF:
    """BCubed after Amigó et al. (2009), per document and averaged.

    A document in cell (i, j) has precision n_ij / |predicted story j| and recall
    n_ij / |gold story i|; the n_ij documents of a cell share them, so the sums over
    documents are sums over cells of n_ij² / size.
    """
    documents = int(cell_counts.sum())
    squares = cell_counts.astype(np.float64) ** 2
    return _prf(
        float((squares / cell_predicted_sizes).sum()) / documents,
        float((squares / cell_gold_sizes).sum()) / documents,
    )


def _nmi(
    cell_counts: Counts,
    cell_gold_sizes: Counts,
    cell_predicted_sizes: Counts,
    gold_sizes: Counts,
    predicted_sizes: Counts,
) -> float:
    """Mutual information over the geometric mean of the two entropies (natural logs).

    The geometric mean is what ``average_method="geometric"`` computes in scikit-learn and
    what most story-clustering papers report as NMI.
    """
    gold_entropy = _entropy(gold_sizes)
    predicted_entropy = _entropy(predicted_sizes)
    if gold_entropy == 0.0 or predicted_entropy == 0.0:
        return 1.0 if gold_entropy == predicted_entropy else 0.0
    documents = float(cell_counts.sum())
    counts = cell_counts.astype(np.float64)
    mutual = float(
        (
            counts
            / documents
            * (
                np.log(counts)
                + math.log(documents)
                - np.log(cell_gold_sizes.astype(np.float64))
                - np.log(cell_predicted_sizes.astype(np.float64))
            )
        ).sum()
    )
    # Rounding can put identical partitions a hair above 1 or independent ones below 0.
    return min(1.0, max(0.0, mutual / math.sqrt(gold_entropy * predicted_entropy)))


def _entropy(sizes: Counts) -> float:
    p = sizes[sizes > 0].astype(np.float64) / float(sizes.sum())
    return float(-(p * np.log(p)).sum())


def _ari(together_both: int, together_gold: int, together_predicted: int, pairs: int) -> float:
    """Hubert & Arabie's adjusted Rand index, from the pair confusion counts.

    Written as 2(tp·tn − fn·fp) / ((tp+fn)(fn+tn) + (tp+fp)(fp+tn)), which equals
    (index − expected) / (max − expected) and stays in exact integers until the division.
    """
    tp = together_both
    fp = together_predicted - together_both
    fn = together_gold - together_both
    tn = pairs - tp - fp - fn
    if fp == 0 and fn == 0:
        return 1.0
    return 2 * (tp * tn - fn * fp) / ((tp + fn) * (fn + tn) + (tp + fp) * (fp + tn))
