"""Fit the ClaimDiff operating points offline and write them into the package.

    python -m storylens.evaluate.claimdiff_fit \\
        --strength ../shared/data/claimdiff/ClaimDiff-strength-train.json \\
        --weak ../shared/data/claimdiff/ClaimDiff-weak-train.json

Each kind is fitted on its own training file only: logistic weights on the pairs no rule
settles, then storylens's threshold and the lexical baseline's, each the one with the best F1
of label 1 on that file. Before that, the same procedure is run in topic-grouped 5-fold
cross-validation and the pooled held-out figures are printed: they, not the figures of the
shipped numbers on the training file, estimate how the method does on unseen stories. Folds
hold whole topics because labels cluster by story (the share of strong pairs ranges from 0 to
100% across topics), so a random split would let the model learn the stories.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import numpy.typing as npt

from storylens.evaluate.calibrate import fit_logistic
from storylens.evaluate.claimdiff import ClaimPair, lexical_difference, load_claimdiff, scores
from storylens.evaluate.claimdiff_model import (
    KINDS,
    MODEL,
    Claim,
    Kind,
    Operating,
    differs,
    features,
    read_claims,
    rule,
    save_models,
)

Floats = npt.NDArray[np.float64]
FOLDS = 5


def best_threshold(score: Floats, gold: Floats, fixed_tp: int = 0, fixed_fp: int = 0) -> float:
    """The score from which flagging gives the best F1, counting pairs decided elsewhere.

    F1 is 2TP / (TP + FP + positives); scanning the scores from the top gives every
    threshold's TP and FP at once. Ties go to the higher threshold.
    """
    order = np.argsort(-score, kind="stable")
    ranked = score[order]
    tp = np.cumsum(gold[order]) + fixed_tp
    fp = np.cumsum(1 - gold[order]) + fixed_fp
    positives = gold.sum() + fixed_tp
    f1 = 2 * tp / (tp + fp + positives)
    distinct = np.r_[ranked[1:] != ranked[:-1], True]
    f1[~distinct] = -1.0
    return float(ranked[int(np.argmax(f1))])


def fit(pairs: Sequence[ClaimPair], claims: dict[str, Claim], kind: Kind, name: str) -> Operating:
    """Storylens's and the baseline's parameters for ``kind`` from these pairs alone."""
    settled = [rule(claims[p.claim_a], claims[p.claim_b], kind) for p in pairs]
    gold = np.array([p.relation for p in pairs], dtype=np.float64)
    rows = np.array(
        [features(claims[p.claim_a], claims[p.claim_b]) for p in pairs], dtype=np.float64
    )
    open_ = np.array([s is None for s in settled])
    weights, bias = fit_logistic(rows[open_], gold[open_])
    probability = 1.0 / (1.0 + np.exp(-(rows[open_] @ weights + bias)))
    fixed_tp = sum(s is True and p.relation == 1 for s, p in zip(settled, pairs, strict=True))
    fixed_fp = sum(s is True and p.relation == 0 for s, p in zip(settled, pairs, strict=True))
    baseline = np.array([lexical_difference(p) for p in pairs])
    return Operating(
        weights=tuple(float(w) for w in weights),
        bias=bias,
        threshold=best_threshold(probability, gold[open_], fixed_tp, fixed_fp),
        baseline_threshold=best_threshold(baseline, gold),
        trained_on=name,
    )


def held_out(
    pairs: Sequence[ClaimPair], claims: dict[str, Claim], kind: Kind
) -> dict[str, dict[str, float]]:
    """Both methods' figures over all folds, each fold scored by a fit on the other folds."""
    topics = sorted({p.topic for p in pairs})
    shuffled = np.random.default_rng(0).permutation(len(topics))
    fold_of = {topic: int(shuffled[i]) % FOLDS for i, topic in enumerate(topics)}
    ours: list[bool] = [False] * len(pairs)
    baseline: list[bool] = [False] * len(pairs)
    for fold in range(FOLDS):
        train = [p for p in pairs if fold_of[p.topic] != fold]
        operating = fit(train, claims, kind, f"fold {fold}")
        for i, pair in enumerate(pairs):
            if fold_of[pair.topic] == fold:
                ours[i] = differs(claims[pair.claim_a], claims[pair.claim_b], operating, kind)
                baseline[i] = lexical_difference(pair) >= operating.baseline_threshold
    gold = [p.relation for p in pairs]
    return {"storylens": scores(ours, gold), "lexical_baseline": scores(baseline, gold)}


def rules(pairs: Sequence[ClaimPair], claims: dict[str, Claim], kind: Kind) -> dict[str, int]:
    """How many pairs the rules decide, and how many of those the file's labels agree with."""
    settled = [(rule(claims[p.claim_a], claims[p.claim_b], kind), p.relation) for p in pairs]
    decided = [(s, relation) for s, relation in settled if s is not None]
    return {
        "settled": len(decided),
        "agreeing": sum(s == (relation == 1) for s, relation in decided),
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    for kind in KINDS:
        parser.add_argument(f"--{kind}", type=Path, required=True, help=f"ClaimDiff {kind} file")
    args = parser.parse_args(argv)
    files: dict[Kind, Path] = {kind: getattr(args, kind) for kind in KINDS}
    data = {kind: load_claimdiff(path) for kind, path in files.items()}
    claims = read_claims(
        [t for pairs in data.values() for p in pairs for t in (p.claim_a, p.claim_b)]
    )
    report: dict[str, object] = {}
    models: dict[Kind, Operating] = {}
    for kind, pairs in data.items():
        report[kind] = {
            "held_out": held_out(pairs, claims, kind),
            "rules": rules(pairs, claims, kind),
        }
        models[kind] = fit(pairs, claims, kind, files[kind].name)
    save_models(models)
    report["model"] = str(MODEL)
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
