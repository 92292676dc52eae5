"""ClaimDiff: the reader's strictness, the detector on pairs whose answer is plain, and the
shipped operating points against the lexical baseline on the real training files."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from storylens.errors import IngestError
from storylens.evaluate.claimdiff import load_claimdiff, scores
from storylens.evaluate.claimdiff_fit import best_threshold
from storylens.evaluate.claimdiff_model import KINDS, Kind, differs, load_model, read_claims


def pair(**fields: Any) -> dict[str, Any]:
    return {
        "topic": "Election",
        "pair_id": "p1",
        "claim_a": "Trump won 277 electoral votes.",
        "claim_b": "Trump won 294 electoral votes.",
        "relation": 1,
    } | fields


def write(path: Path, document: Any) -> Path:
    path.write_text(document if isinstance(document, str) else json.dumps(document))
    return path


# --- reading --------------------------------------------------------------------------------


def test_reads_pairs_in_file_order(tmp_path: Path) -> None:
    path = write(tmp_path / "cd.json", {"data": [pair(), pair(claim_a=" Other. ", relation=0)]})
    pairs = load_claimdiff(path)
    assert [(p.claim_a, p.relation) for p in pairs] == [
        ("Trump won 277 electoral votes.", 1),
        ("Other.", 0),
    ]
    assert pairs[0].topic == "Election"


def test_broken_json_names_the_file(tmp_path: Path) -> None:
    path = write(tmp_path / "broken.json", '{"data": [')
    with pytest.raises(IngestError, match="invalid JSON") as caught:
        load_claimdiff(path)
    assert caught.value.origin == str(path)


@pytest.mark.parametrize(
    ("item", "reason"),
    [
        ({k: v for k, v in pair().items() if k != "claim_b"}, "missing required field 'claim_b'"),
        (pair(claim_a="   "), "field 'claim_a' is empty"),
        (pair(relation=2), "'relation' must be 0 or 1"),
        (pair(relation=True), "'relation' must be 0 or 1"),
        ("a string", "expected a JSON object"),
    ],
)
def test_a_bad_pair_is_named_with_its_index(tmp_path: Path, item: Any, reason: str) -> None:
    path = write(tmp_path / "cd.json", {"data": [pair(), item]})
    with pytest.raises(IngestError) as caught:
        load_claimdiff(path)
    assert caught.value.origin == f"{path}:data[1]"
    assert reason in caught.value.reason


@pytest.mark.parametrize("document", [[pair()], {"pairs": [pair()]}, {"data": {"0": pair()}}])
def test_a_file_without_a_data_list_is_refused(tmp_path: Path, document: Any) -> None:
    with pytest.raises(IngestError, match='"data" list'):
        load_claimdiff(write(tmp_path / "cd.json", document))


# --- the detector ---------------------------------------------------------------------------

DIFFERENT = [
    (
        "Trump won the election with 277 electoral votes.",
        "Trump won the election with 294 electoral votes.",
    ),
    ("Officials said the dam was safe.", "Officials said the dam was not safe."),
    ("The mayor resigned on Monday.", "The mayor resigned on Tuesday."),
]
RESTATED = [
    (
        "The bridge collapsed on Tuesday, killing 12 people.",
        "Twelve people were killed when the bridge collapsed on Tuesday.",
    ),
    (
        "The company recalled 40,000 heaters after reports of fires.",
        "After reports of fires, the company recalled 40,000 heaters.",
    ),
]


@pytest.fixture(scope="module")
def decide() -> Any:
    claims = read_claims([text for a, b in DIFFERENT + RESTATED for text in (a, b)])

    def decide(a: str, b: str, kind: Kind) -> bool:
        return differs(claims[a], claims[b], load_model(kind), kind)

    return decide


@pytest.mark.parametrize(("a", "b"), DIFFERENT)
def test_a_difference_of_fact_is_a_strong_difference(decide: Any, a: str, b: str) -> None:
    assert decide(a, b, "strength") and decide(b, a, "strength")
    # The weak kind marks differences of framing only; a difference of fact is not one.
    assert not decide(a, b, "weak")


@pytest.mark.parametrize(("a", "b"), RESTATED)
@pytest.mark.parametrize("kind", KINDS)
def test_a_restatement_is_no_difference(decide: Any, a: str, b: str, kind: Kind) -> None:
    assert not decide(a, b, kind)


# --- fitting and scoring --------------------------------------------------------------------


def test_best_threshold_counts_pairs_decided_elsewhere() -> None:
    score = np.array([0.9, 0.7, 0.6, 0.5, 0.2])
    gold = np.array([1.0, 0.0, 0.0, 0.0, 1.0])
    # Alone, the first pair is worth F1 2/3 and flagging all of them 4/7.
    assert best_threshold(score, gold) == 0.9
    # With ten false positives already made by the rules, recall is what is left to gain.
    assert best_threshold(score, gold, fixed_fp=10) == 0.2


def test_scores_of_label_one() -> None:
    assert scores([True, True, False, False], [1, 0, 1, 0]) == {
        "precision": 0.5,
        "recall": 0.5,
        "f1": 0.5,
        "accuracy": 0.5,
    }
    assert scores([False, False], [0, 0])["f1"] == 0.0
