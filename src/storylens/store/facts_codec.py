"""Facts to table rows and back.

Kept apart from the repository so the mapping is one pure, testable pair of functions; the
columns are generic (label, value, number) and this module says what each means per kind.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np

from storylens.embed import Vectors
from storylens.model import (
    ArticleFacts,
    DateMention,
    DatePrecision,
    Entity,
    FloatingDate,
    Quantity,
    Quote,
    Sentence,
)
from storylens.store.tables import FactRow


def facts_to_rows(
    article_id: str, facts: ArticleFacts, sentence_vectors: Vectors | None
) -> list[FactRow]:
    """Sentence vectors are stored as float16: half the space, no loss that cosine notices."""
    rows: list[FactRow] = []
    for i, s in enumerate(facts.sentences):
        vector = None
        if sentence_vectors is not None:
            vector = sentence_vectors[i].astype("<f2").tobytes()
        rows.append(_row(article_id, "sentence", i, s.start, s.end, s.index, s.text, vector=vector))
    for i, e in enumerate(facts.entities):
        rows.append(
            _row(article_id, "entity", i, e.start, e.end, e.sentence, e.text, label=e.label)
        )
    for i, q in enumerate(facts.quantities):
        rows.append(
            _row(
                article_id,
                "quantity",
                i,
                q.start,
                q.end,
                q.sentence,
                q.text,
                value=q.unit,
                number=q.value,
            )
        )
    for i, d in enumerate(facts.dates):
        rows.append(
            _row(
                article_id,
                "date",
                i,
                d.start,
                d.end,
                d.sentence,
                d.text,
                label=d.precision,
                value=d.value,
            )
        )
    for i, f in enumerate(facts.floating_dates):
        label = "ahead" if f.ahead else None  # rows stored before it existed read as False
        rows.append(
            _row(article_id, "floating_date", i, f.start, f.end, f.sentence, f.text, label=label)
        )
    for i, t in enumerate(facts.quotes):
        rows.append(
            _row(article_id, "quote", i, t.start, t.end, t.sentence, t.text, value=t.speaker)
        )
    return rows


def _row(
    article_id: str,
    kind: str,
    position: int,
    start: int,
    end: int,
    sentence: int,
    text: str,
    *,
    label: str | None = None,
    value: str | None = None,
    number: float | None = None,
    vector: bytes | None = None,
) -> FactRow:
    return FactRow(
        article_id=article_id,
        kind=kind,
        position=position,
        start=start,
        end=end,
        sentence=sentence,
        text=text,
        label=label,
        value=value,
        number=number,
        vector=vector,
    )


def rows_to_facts(rows: Iterable[FactRow]) -> ArticleFacts:
    """Rows of one article, in any order, back to its facts in text order."""
    by_kind: dict[str, list[FactRow]] = {}
    for row in sorted(rows, key=lambda r: (r.kind, r.position)):
        by_kind.setdefault(row.kind, []).append(row)
    return ArticleFacts(
        sentences=tuple(
            Sentence(r.sentence, r.start, r.end, r.text) for r in by_kind.get("sentence", [])
        ),
        entities=tuple(
            Entity(r.text, r.label or "", r.start, r.end, r.sentence)
            for r in by_kind.get("entity", [])
        ),
        quantities=tuple(
            Quantity(r.text, r.number or 0.0, r.value or "", r.start, r.end, r.sentence)
            for r in by_kind.get("quantity", [])
        ),
        dates=tuple(
            DateMention(r.text, r.value or "", _precision(r.label), r.start, r.end, r.sentence)
            for r in by_kind.get("date", [])
        ),
        quotes=tuple(
            Quote(r.text, r.value, r.start, r.end, r.sentence) for r in by_kind.get("quote", [])
        ),
        floating_dates=tuple(
            FloatingDate(r.text, r.start, r.end, r.sentence, r.label == "ahead")
            for r in by_kind.get("floating_date", [])
        ),
    )


def _precision(label: str | None) -> DatePrecision:
    if label == "month":
        return "month"
    if label == "year":
        return "year"
    return "day"


def sentence_vectors(rows: Sequence[FactRow]) -> Vectors | None:
    """The stored sentence vectors of one article in sentence order, or None if any is missing."""
    ordered = sorted((r for r in rows if r.kind == "sentence"), key=lambda r: r.position)
    if not ordered or any(r.vector is None for r in ordered):
        return None
    return np.stack(
        [np.frombuffer(r.vector or b"", dtype="<f2").astype(np.float32) for r in ordered]
    )
