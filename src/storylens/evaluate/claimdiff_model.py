"""Whether two claims about one story differ in a way a reader should notice.

The decision has two parts. Rules first, because they encode what a difference *is* rather
than what one annotated data set happened to reward:

- a figure both claims give for the same counted thing, with no value in common ("277
  electoral votes" / "294 electoral votes"), is a difference of fact, whatever else agrees;
- so is a near restatement that negates what the other asserts ("the dam was (not) safe"),
  names another day or gives the words to another person: sentence vectors barely see a
  "not", a weekday or a name, and these are what a reader comparing the two would check;
- otherwise two claims whose sentence cosine reaches ``PARAPHRASE`` say the same thing in other
  words, and a brief must not flag a restatement (ClaimDiff marks even verbatim copies with a
  changed attribution "he wrote" / "he added" as strong differences; we do not follow it there).

On the strength training file the rules decide 14 of 1,857 pairs, half of them as labelled:
7 of 8 disputed figures, none of the 6 restatements.

Everything else goes to a logistic model over ``FEATURES``, fitted offline by
``storylens.evaluate.claimdiff_fit`` and shipped in ``claimdiff.json``: one operating point per
ClaimDiff label set (see ``storylens.evaluate.claimdiff`` for why there are two). Its signals
come from the stages storylens already runs: MiniLM sentence vectors, content-word overlap, and
the spaCy parse of the facts stage for figures, negation and reported speech.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Literal

from storylens.brief.conflicts.figures import VAGUE_UNITS
from storylens.embed import Vectors, default_encoder
from storylens.errors import ModelError
from storylens.facts.dates import find_dates
from storylens.facts.entities import find_entities
from storylens.facts.nlp import parse_texts
from storylens.facts.quantities import find_quantities
from storylens.facts.sentences import SentenceLocator, split_sentences
from storylens.stopwords import STOP_WORDS

Kind = Literal["strength", "weak"]
KINDS: tuple[Kind, ...] = ("strength", "weak")
MODEL = Path(__file__).with_name("claimdiff.json")
FEATURES = ("cosine", "overlap", "reported")
#: Sentence cosine from which two claims are one claim reworded, unless a fact of theirs differs.
PARAPHRASE = 0.9
#: Reported clauses beyond this say nothing more about how a claim is framed.
MAX_REPORTED = 3
#: The day relative dates ("on Tuesday") are resolved from. Claims come without a publication
#: date of their own, and whether two claims name the same day hardly depends on which day both
#: are resolved from: only a relative date against a named one ("last year" / "2019") can
#: come out wrong, and only between restatements is it looked at.
REFERENCE_DAY = datetime(2000, 1, 1, tzinfo=UTC)
_WORD = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True, slots=True)
class Claim:
    """What the decision needs from one claim, computed once however many pairs it is in."""

    vector: Vectors
    words: frozenset[str]
    #: Counted noun (last word of the unit) -> the values given for it.
    figures: dict[str, frozenset[float]]
    #: "person" -> surnames named, "date:<precision>" -> ISO dates: who and when.
    details: dict[str, frozenset[str]]
    #: Lemmas of the words in the claim, and of those a "not"/"never" negates.
    lemmas: frozenset[str]
    negated: frozenset[str]
    #: Clauses reported as someone's statement or belief ("said *that the dam was safe*").
    reported: int


@dataclass(frozen=True, slots=True)
class Operating:
    """One shipped operating point: weights in ``FEATURES`` order, bias, and threshold."""

    weights: tuple[float, ...]
    bias: float
    threshold: float
    #: The lexical baseline's threshold, chosen on the same data by the same rule.
    baseline_threshold: float
    trained_on: str

    def probability(self, features: Sequence[float]) -> float:
        z = self.bias + sum(w * f for w, f in zip(self.weights, features, strict=True))
        return 1.0 / (1.0 + math.exp(-max(-60.0, min(60.0, z))))


def content_words(text: str) -> frozenset[str]:
    """Lower-cased words that are not stop words: what the lexical comparisons count."""
    return frozenset(w for w in _WORD.findall(text.casefold()) if w not in STOP_WORDS)


def read_claims(texts: Sequence[str]) -> dict[str, Claim]:
    """Signals of each distinct text; a claim recurs across many pairs, so each is read once."""
    unique = sorted(set(texts))
    vectors = default_encoder().encode(unique)
    claims = {}
    for text, vector, paragraphs in zip(unique, vectors, parse_texts(unique), strict=True):
        locate = SentenceLocator.of(split_sentences(text))
        figures: dict[str, set[float]] = {}
        for quantity in find_quantities(paragraphs, locate):
            unit = quantity.unit.casefold().split()
            if unit and not set(unit) <= VAGUE_UNITS:
                figures.setdefault(unit[-1], set()).add(quantity.value)
        details: dict[str, set[str]] = {}
        for entity in find_entities(paragraphs, locate):
            if entity.label == "PERSON":
                details.setdefault("person", set()).add(entity.text.casefold().split()[-1])
        for mention in find_dates(paragraphs, locate, REFERENCE_DAY):
            details.setdefault(f"date:{mention.precision}", set()).add(mention.value)
        tokens = [token for paragraph in paragraphs for token in paragraph.doc]
        claims[text] = Claim(
            vector=vector,
            words=content_words(text),
            figures={noun: frozenset(values) for noun, values in figures.items()},
            details={key: frozenset(values) for key, values in details.items()},
            lemmas=frozenset(t.lemma_.casefold() for t in tokens),
            negated=frozenset(t.head.lemma_.casefold() for t in tokens if t.dep_ == "neg"),
            reported=sum(t.dep_ == "ccomp" for t in tokens),
        )
    return claims


def overlap(a: frozenset[str], b: frozenset[str]) -> float:
    """Jaccard overlap of two word sets; 0 when both are empty (nothing shown to agree)."""
    union = a | b
    return len(a & b) / len(union) if union else 0.0


def features(a: Claim, b: Claim) -> tuple[float, ...]:
    """The pair's signals in ``FEATURES`` order; symmetric, as the labels nearly are."""
    return (
        float(a.vector @ b.vector),
        overlap(a.words, b.words),
        float(min(MAX_REPORTED, a.reported + b.reported)),
    )


def disputed(a: Mapping[str, frozenset[object]], b: Mapping[str, frozenset[object]]) -> bool:
    """Whether both claims give a value for the same thing and share none of them."""
    return any(a[key].isdisjoint(b[key]) for key in a.keys() & b.keys())


def polarity_flips(a: Claim, b: Claim) -> bool:
    """Whether one claim negates a word the other uses without negation."""
    return bool((a.negated - b.negated) & b.lemmas or (b.negated - a.negated) & a.lemmas)


def rule(a: Claim, b: Claim, kind: Kind) -> bool | None:
    """The decision where a rule settles it, None where the model must.

    A difference of fact is reported by the "strength" kind and not by the "weak" kind, whose
    positives are differences of framing only. Negation is trusted only between near
    restatements: between claims about different things a "not" contradicts nothing.
    """
    restated = float(a.vector @ b.vector) >= PARAPHRASE
    if disputed(a.figures, b.figures) or (
        restated and (polarity_flips(a, b) or disputed(a.details, b.details))
    ):
        return kind == "strength"
    if restated:
        return False
    return None


def differs(a: Claim, b: Claim, operating: Operating, kind: Kind) -> bool:
    """Storylens's decision for one pair of claims."""
    settled = rule(a, b, kind)
    if settled is not None:
        return settled
    return operating.probability(features(a, b)) >= operating.threshold


def save_models(models: dict[Kind, Operating], path: Path = MODEL) -> None:
    data: dict[str, object] = {"features": list(FEATURES)}
    data.update((kind, asdict(models[kind])) for kind in KINDS)
    path.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")


@cache
def load_model(kind: Kind, path: Path = MODEL) -> Operating:
    """The shipped operating point for ``kind``."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if tuple(data["features"]) != FEATURES:
            raise ValueError(f"features {data['features']} do not match {list(FEATURES)}")
        point = data[kind]
        return Operating(
            weights=tuple(float(w) for w in point["weights"]),
            bias=float(point["bias"]),
            threshold=float(point["threshold"]),
            baseline_threshold=float(point["baseline_threshold"]),
            trained_on=str(point["trained_on"]),
        )
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ModelError(f"cannot load the ClaimDiff model {path}: {exc}") from exc
