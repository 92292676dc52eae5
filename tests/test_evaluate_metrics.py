"""Clustering metrics: hand-worked cases, the defined edge cases, and scikit-learn as referee."""

from __future__ import annotations

import itertools
import math
import random
from collections import Counter
from collections.abc import Hashable, Sequence

import numpy as np
import pytest

from storylens.evaluate.metrics import PRF, ClusterScores, cluster_scores

# Gold: stories x = {0, 1, 2}, y = {3, 4}.  Predicted: 1 = {0, 1}, 2 = {2, 3, 4}.
# Contingency (rows gold, columns predicted):  x: [2, 1]   y: [0, 2]
GOLD = ["x", "x", "x", "y", "y"]
PREDICTED = [1, 1, 2, 2, 2]


def test_hand_worked_pairwise() -> None:
    # Pairs together in both: C(2,2) + C(1,2) + C(2,2) = 1 + 0 + 1 = 2
    # Predicted pairs: C(2,2) + C(3,2) = 1 + 3 = 4;  gold pairs: C(3,2) + C(2,2) = 3 + 1 = 4
    # Precision 2/4, recall 2/4, F1 1/2.
    scores = cluster_scores(GOLD, PREDICTED)
    assert scores.pairwise == PRF(0.5, 0.5, 0.5)


def test_hand_worked_bcubed() -> None:
    # Per document, precision = |same gold in my predicted story| / |my predicted story|:
    #   doc 0, 1: 2/2;  doc 2: 1/3;  doc 3, 4: 2/3  ->  (1 + 1 + 1/3 + 2/3 + 2/3) / 5 = 11/15
    # Recall = |same predicted in my gold story| / |my gold story|:
    #   doc 0, 1: 2/3;  doc 2: 1/3;  doc 3, 4: 2/2  ->  (2/3 + 2/3 + 1/3 + 1 + 1) / 5 = 11/15
    scores = cluster_scores(GOLD, PREDICTED)
    assert scores.bcubed.precision == pytest.approx(11 / 15)
    assert scores.bcubed.recall == pytest.approx(11 / 15)
    assert scores.bcubed.f1 == pytest.approx(11 / 15)


def test_hand_worked_ari() -> None:
    # Of C(5,2) = 10 pairs: tp = 2, fp = 4 - 2 = 2, fn = 4 - 2 = 2, tn = 10 - 6 = 4.
    # Hubert & Arabie: expected index = 4 * 4 / 10 = 1.6, max index = (4 + 4) / 2 = 4,
    # ARI = (2 - 1.6) / (4 - 1.6) = 0.4 / 2.4 = 1/6.
    assert cluster_scores(GOLD, PREDICTED).ari == pytest.approx(1 / 6)


def test_hand_worked_nmi() -> None:
    # Cells as probabilities: (x,1) = 2/5, (x,2) = 1/5, (y,2) = 2/5; marginals 3/5, 2/5 and
    # 2/5, 3/5.  I = 2/5 ln((2/5)/(3/5 * 2/5)) + 1/5 ln((1/5)/(3/5 * 3/5))
    #              + 2/5 ln((2/5)/(2/5 * 3/5))  = 4/5 ln(5/3) + 1/5 ln(5/9)
    # H(gold) = H(predicted) = 3/5 ln(5/3) + 2/5 ln(5/2), so NMI = I / H (about 0.4325).
    mutual = 4 / 5 * math.log(5 / 3) + 1 / 5 * math.log(5 / 9)
    entropy = 3 / 5 * math.log(5 / 3) + 2 / 5 * math.log(5 / 2)
    assert cluster_scores(GOLD, PREDICTED).nmi == pytest.approx(mutual / entropy)


def test_sizes_and_json() -> None:
    scores = cluster_scores(GOLD, PREDICTED)
    assert (scores.stories_gold, scores.stories_predicted, scores.documents) == (2, 2, 5)
    assert scores.to_json() == {
        "pairwise": {"precision": 0.5, "recall": 0.5, "f1": 0.5},
        "bcubed": {"precision": 0.7333, "recall": 0.7333, "f1": 0.7333},
        "nmi": 0.4325,
        "ari": 0.1667,
        "stories_predicted": 2,
        "stories_gold": 2,
        "documents": 5,
    }


def test_json_never_shows_negative_zero() -> None:
    scores = ClusterScores(PRF(1.0, 1.0, 1.0), PRF(1.0, 1.0, 1.0), 0.5, -1e-7, 1, 1, 1)
    assert str(scores.to_json()["ari"]) == "0.0"


def _all_one(scores: ClusterScores) -> None:
    assert scores.pairwise == PRF(1.0, 1.0, 1.0)
    assert scores.bcubed == PRF(1.0, 1.0, 1.0)
    assert scores.nmi == pytest.approx(1.0)
    assert scores.ari == pytest.approx(1.0)


def test_perfect_clustering_scores_one_whatever_the_names() -> None:
    gold = ["a", "a", "b", "c", "c", "c"]
    _all_one(cluster_scores(gold, [7, 7, 3, 9, 9, 9]))


@pytest.mark.parametrize(
    "labels",
    [["s"] * 4, ["a", "b", "c", "d"], ["only"]],
    ids=["all-in-one", "all-singletons", "one-document"],
)
def test_trivial_partitions_that_agree_score_one(labels: list[str]) -> None:
    # All-in-one: H = 0 on both sides, NMI defined as 1.  All singletons: no pairs on either
    # side, so pairwise precision and recall are 1 by definition and ARI is the agreed case.
    _all_one(cluster_scores(labels, labels))


def test_everything_in_one_story_against_singletons() -> None:
    # Gold: 4 singletons (no gold pairs).  Predicted: one story of 4 (6 pairs, none right).
    # Pairwise: precision 0/6 = 0, recall 1 (nothing to find), F1 0.
    # BCubed: precision 1/4 per document, recall 1.  F1 = 2 * 1/4 / (5/4) = 2/5.
    # NMI: the predicted side has no entropy, so 0.  ARI: tp = 0, fp = 6, fn = 0, tn = 0,
    # 2 * (0 * 0 - 0 * 6) / (0 * 0 + 6 * 6) = 0.
    scores = cluster_scores(["a", "b", "c", "d"], [1, 1, 1, 1])
    assert scores.pairwise == PRF(0.0, 1.0, 0.0)
    assert scores.bcubed.precision == pytest.approx(0.25)
    assert scores.bcubed.recall == pytest.approx(1.0)
    assert scores.bcubed.f1 == pytest.approx(0.4)
    assert scores.nmi == 0.0
    assert scores.ari == 0.0


def test_singletons_against_one_gold_story() -> None:
    # The mirror case: nothing predicted together, so precision 1 and recall 0/6.
    # BCubed precision 1, recall 1/4.  NMI 0 (gold has no entropy).
    scores = cluster_scores([1, 1, 1, 1], ["a", "b", "c", "d"])
    assert scores.pairwise == PRF(1.0, 0.0, 0.0)
    assert scores.bcubed.precision == pytest.approx(1.0)
    assert scores.bcubed.recall == pytest.approx(0.25)
    assert scores.nmi == 0.0
    assert scores.ari == 0.0


def test_label_permutation_changes_nothing() -> None:
    rng = random.Random(5)
    gold = [rng.randrange(8) for _ in range(200)]
    predicted = [rng.randrange(11) for _ in range(200)]
    renamed_gold = [f"story-{(label * 3) % 8}" for label in gold]
    renamed_predicted = [(label + 4) % 11 for label in predicted]
    assert cluster_scores(gold, predicted) == cluster_scores(renamed_gold, renamed_predicted)


def test_swapping_sides_swaps_precision_and_recall() -> None:
    rng = random.Random(9)
    gold = [rng.randrange(5) for _ in range(60)]
    predicted = [rng.randrange(7) for _ in range(60)]
    forward, backward = cluster_scores(gold, predicted), cluster_scores(predicted, gold)
    assert forward.pairwise.precision == pytest.approx(backward.pairwise.recall)
    assert forward.bcubed.precision == pytest.approx(backward.bcubed.recall)
    assert forward.nmi == pytest.approx(backward.nmi)
    assert forward.ari == pytest.approx(backward.ari)


def test_mixed_label_types_and_numpy_input() -> None:
    mixed = cluster_scores(["a", 1, ("t", 2), "a"], [None, None, 3.5, None])
    assert mixed.stories_gold == 3
    assert mixed.stories_predicted == 2
    arrays = cluster_scores(np.array([0, 0, 1, 1]), np.array([5, 5, 6, 6]))
    _all_one(arrays)


def test_length_mismatch_and_empty_input_are_refused() -> None:
    with pytest.raises(ValueError, match="differ in length"):
        cluster_scores(["a", "b"], ["a"])
    with pytest.raises(ValueError, match="no documents"):
        cluster_scores([], [])


def test_a_million_documents_exactly() -> None:
    # 100,000 gold stories of 10, each predicted as two stories of 5.  Nothing is merged, so
    # precision is 1; recall is the pairs kept, 2 * C(5,2) / C(10,2) = 20/45 per story, and
    # BCubed recall 5/10.  Pair counts reach 4.5 million, and C(10^6, 2) for ARI 5 * 10^11.
    documents = 1_000_000
    ids = np.arange(documents)
    scores = cluster_scores(ids // 10, ids // 5)
    assert scores.pairwise.precision == 1.0
    assert scores.pairwise.recall == pytest.approx(20 / 45)
    assert scores.bcubed.precision == pytest.approx(1.0)
    assert scores.bcubed.recall == pytest.approx(0.5)
    assert (scores.stories_gold, scores.stories_predicted) == (100_000, 200_000)
    # ARI from counts: tp = 200,000 * 10 = 2e6, gold pairs 4.5e6, predicted pairs 2e6.
    tp, gold_pairs, all_pairs = 2_000_000, 4_500_000, documents * (documents - 1) // 2
    fn, fp = gold_pairs - tp, 0
    tn = all_pairs - tp - fn
    expected = 2 * (tp * tn - fn * fp) / ((tp + fn) * (fn + tn) + (tp + fp) * (fp + tn))
    assert scores.ari == pytest.approx(expected)


# --- references -------------------------------------------------------------------------


def _naive(gold: Sequence[Hashable], predicted: Sequence[Hashable]) -> tuple[PRF, PRF]:
    """Pairwise and BCubed straight from their definitions, pair by pair and document by
    document, to referee the contingency-table arithmetic on small inputs."""
    tp = together_predicted = together_gold = 0
    for i, j in itertools.combinations(range(len(gold)), 2):
        same_gold, same_predicted = gold[i] == gold[j], predicted[i] == predicted[j]
        tp += same_gold and same_predicted
        together_gold += same_gold
        together_predicted += same_predicted
    pairwise_p = tp / together_predicted if together_predicted else 1.0
    pairwise_r = tp / together_gold if together_gold else 1.0
    both = Counter(zip(gold, predicted, strict=True))
    gold_sizes, predicted_sizes = Counter(gold), Counter(predicted)
    n = len(gold)
    bcubed_p = sum(both[g, p] / predicted_sizes[p] for g, p in zip(gold, predicted, strict=True))
    bcubed_r = sum(both[g, p] / gold_sizes[g] for g, p in zip(gold, predicted, strict=True))

    def prf(p: float, r: float) -> PRF:
        return PRF(p, r, 2 * p * r / (p + r) if p + r else 0.0)

    return prf(pairwise_p, pairwise_r), prf(bcubed_p / n, bcubed_r / n)


def _random_labelling(seed: int) -> tuple[list[int], list[int]]:
    rng = random.Random(seed)
    n = rng.randrange(2, 120)
    gold = [rng.randrange(rng.randrange(1, n + 1)) for _ in range(n)]
    predicted = [rng.randrange(rng.randrange(1, n + 1)) for _ in range(n)]
    return gold, predicted


@pytest.mark.parametrize("seed", range(40))
def test_pairwise_and_bcubed_match_their_definitions(seed: int) -> None:
    gold, predicted = _random_labelling(seed)
    scores = cluster_scores(gold, predicted)
    pairwise, bcubed = _naive(gold, predicted)
    for ours, reference in ((scores.pairwise, pairwise), (scores.bcubed, bcubed)):
        assert ours.precision == pytest.approx(reference.precision)
        assert ours.recall == pytest.approx(reference.recall)
        assert ours.f1 == pytest.approx(reference.f1)


@pytest.mark.parametrize("seed", range(40))
def test_agrees_with_scikit_learn(seed: int) -> None:
    sklearn_metrics = pytest.importorskip("sklearn.metrics", exc_type=ImportError)
    gold, predicted = _random_labelling(seed)
    scores = cluster_scores(gold, predicted)
    assert scores.ari == pytest.approx(sklearn_metrics.adjusted_rand_score(gold, predicted))
    assert scores.nmi == pytest.approx(
        sklearn_metrics.normalized_mutual_info_score(gold, predicted, average_method="geometric")
    )
    # pair_confusion_matrix counts ordered pairs: [[tn, fp], [fn, tp]], each doubled.
    (_, fp), (fn, tp) = sklearn_metrics.pair_confusion_matrix(gold, predicted)
    assert scores.pairwise.precision == pytest.approx(tp / (tp + fp) if tp + fp else 1.0)
    assert scores.pairwise.recall == pytest.approx(tp / (tp + fn) if tp + fn else 1.0)


def test_agrees_with_scikit_learn_at_scale() -> None:
    sklearn_metrics = pytest.importorskip("sklearn.metrics", exc_type=ImportError)
    rng = np.random.default_rng(3)
    gold = rng.integers(0, 2_000, 100_000)
    # Predictions that mostly follow the gold, so the scores are far from 0 and 1.
    predicted = np.where(rng.random(100_000) < 0.7, gold, rng.integers(0, 3_000, 100_000))
    scores = cluster_scores(gold, predicted)
    assert scores.ari == pytest.approx(sklearn_metrics.adjusted_rand_score(gold, predicted))
    assert scores.nmi == pytest.approx(
        sklearn_metrics.normalized_mutual_info_score(gold, predicted, average_method="geometric")
    )
