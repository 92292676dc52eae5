"""BASIL as a gold set for the brief: its articles, its authors' quote speakers, our labels.

BASIL (../shared/data/basil) holds 60 real events, each in full from three outlets, with the
authors' annotations of quoted spans and who said them. Our own hand labels of the same
articles (``basil_labels.json``: conflicts between outlets, look-alikes that are not, relative
dates with their true day) are kept as article ids and character offsets into ``basil.jsonl``'s
``text``, never as text, so the repository ships no part of the articles.

Ingest normalises a text (a title repeated as its first line is dropped, runs of spaces are
collapsed), so gold offsets are carried into the stored text through an alignment of the two
(``OffsetMap``) rather than assumed equal.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from difflib import SequenceMatcher
from importlib.resources import files
from pathlib import Path
from typing import Any

from storylens.errors import IngestError

#: Where the labels live inside the package.
LABELS = "basil_labels.json"


@dataclass(frozen=True, slots=True)
class GoldSpan:
    """A labelled stretch of one article: ``article`` is BASIL's id ("TRIPLET_N")."""

    article: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class GoldConflict:
    event: str
    about: str
    kind: str
    values: tuple[GoldSpan, ...]


@dataclass(frozen=True, slots=True)
class GoldDate:
    """A bare weekday, month, "yesterday"... and the day (or month) it truly means."""

    span: GoldSpan
    date: str


@dataclass(frozen=True, slots=True)
class GoldQuote:
    """A quoted span and its speaker as BASIL's authors annotated it ("First_Last", a group
    such as "House_Democrats", or "other_pro"/"other_anti"/"other_neutral")."""

    span: GoldSpan
    speaker: str


@dataclass(frozen=True, slots=True)
class BasilLabels:
    conflicts: tuple[GoldConflict, ...]
    lookalikes: tuple[GoldConflict, ...]
    dates: tuple[GoldDate, ...]
    #: BASIL speakers our labels correct, each for a reason written beside it in the file.
    speakers: dict[GoldSpan, str]


def load_rows(folder: Path) -> dict[str, dict[str, Any]]:
    """``basil.jsonl``'s lines by BASIL id."""
    path = folder / "basil.jsonl"
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise IngestError(str(path), f"cannot read BASIL ({exc.strerror or exc})") from exc
    rows = [json.loads(line) for line in lines if line.strip()]
    return {str(row["id"]): row for row in rows}


def load_labels() -> BasilLabels:
    data = json.loads(files("storylens.evaluate").joinpath(LABELS).read_text(encoding="utf-8"))

    def conflict(item: dict[str, Any]) -> GoldConflict:
        values = tuple(GoldSpan(v["article"], v["start"], v["end"]) for v in item["values"])
        return GoldConflict(item["event"], item["about"], item.get("kind", "none"), values)

    return BasilLabels(
        conflicts=tuple(conflict(c) for c in data["conflicts"]),
        lookalikes=tuple(conflict(c) for c in data["lookalikes"]),
        dates=tuple(
            GoldDate(GoldSpan(d["article"], d["start"], d["end"]), d["date"]) for d in data["dates"]
        ),
        speakers={
            GoldSpan(c["article"], c["start"], c["end"]): str(c["speaker"])
            for c in data["speaker_corrections"]
        },
    )


def load_quotes(
    folder: Path, rows: dict[str, dict[str, Any]], corrected: dict[GoldSpan, str]
) -> list[GoldQuote]:
    """BASIL's annotated quoted spans, as offsets into ``basil.jsonl``'s text, with the
    speakers our labels correct (``BasilLabels.speakers``).

    An annotation points at a sentence of the original article (``id`` "pN" counts sentences
    over all paragraphs) with offsets inside that sentence; the sentence is found in the text
    in order, and a span whose text is not where it points is found by its text instead.
    """
    quotes = []
    for path in sorted((folder / "annotations").glob("*/*_ann.json")):
        article_id = path.name.removesuffix("_ann.json")
        row = rows.get(article_id)
        if row is None:
            continue
        original = json.loads(
            (folder / "articles" / path.parent.name / f"{article_id}.json").read_text("utf-8")
        )
        starts = _sentence_starts(row["text"], original["body-paragraphs"])
        for note in json.loads(path.read_text("utf-8"))["phrase-level-annotations"]:
            if note["quote"] != "yes" or not note["speaker"]:
                continue
            span = _span_of(row["text"], starts, note)
            if span is not None:
                gold = GoldSpan(article_id, *span)
                quotes.append(GoldQuote(gold, corrected.get(gold, note["speaker"])))
    return quotes


def _sentence_starts(text: str, paragraphs: list[list[str]]) -> list[int]:
    starts, position = [], 0
    for sentence in (s for paragraph in paragraphs for s in paragraph):
        found = text.find(sentence, position)
        starts.append(found)
        if found >= 0:
            position = found + len(sentence)
    return starts


def _span_of(text: str, starts: list[int], note: dict[str, Any]) -> tuple[int, int] | None:
    index = int(note["id"][1:])
    if 0 <= index < len(starts) and starts[index] >= 0:
        start = starts[index] + note["start"]
        if text[start : start + len(note["txt"])] == note["txt"]:
            return start, start + len(note["txt"])
    found = text.find(note["txt"])
    return (found, found + len(note["txt"])) if found >= 0 else None


class OffsetMap:
    """Offsets in an original text carried into a normalised copy of it."""

    def __init__(self, original: str, stored: str) -> None:
        self._blocks = SequenceMatcher(None, original, stored, autojunk=False).get_matching_blocks()

    def __call__(self, offset: int) -> int | None:
        """Where the character at ``offset`` is in the copy; None if the copy dropped it."""
        for a, b, size in self._blocks:
            if a <= offset < a + size:
                return b + offset - a
        return None

    def span(self, start: int, end: int) -> tuple[int, int] | None:
        """A span's place in the copy, if its first and last characters survived."""
        first, last = self(start), self(end - 1)
        return None if first is None or last is None else (first, last + 1)
