"""Sentences with offsets into the article text, and the sentence a fact falls in.

nupunkt (punkt) splits the seeds better than spaCy's parser: the parser cut the dateline
"KABUL:" off as a sentence and glued "IST" to the next line, while punkt keeps quotes such as
“... the two countries,” allowing ... together and needs no model, so non-English articles
get sentences too. Sentences never cross a paragraph (line) boundary.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass

import nupunkt

from storylens.facts.nlp import paragraph_spans
from storylens.model import ArticleFacts, Sentence

#: "KABUL:", "PORT VEYRA, March 13 (CPA) -", "WEST PALM BEACH, Fla.—": where and when the
#: report was filed.
_DATELINE = re.compile(
    r"[A-Z][A-Z .'’-]*[A-Z](?:,[^-–—:()]{0,30})?(?:\s*\([^)]{1,30}\))?\s*(?:[-–—:]\s|—(?=[A-Z]))"
)


def dateline_length(sentence: str) -> int:
    """Characters of the dateline that opens the sentence (0 when none): a place and date
    there say where and when the report was filed, not what happened."""
    dateline = _DATELINE.match(sentence)
    return dateline.end() if dateline else 0


_MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December"
    "|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"
)
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
#: A photo caption ends on where and when the picture was taken, the date straight after the
#: place: "... at Dorton Arena, in Raleigh, North Carolina, U.S. November 4, 2024."
_CAPTION_END = re.compile(rf"(\S+)\s+(?:{_MONTHS})\.?\s+\d{{1,2}},\s+\d{{4}}\.?$")


def is_caption(sentence: str) -> bool:
    """Whether the sentence is a photo caption that the page's extractor kept in the text:
    it says what a picture shows, not what happened. Prose puts a word between the place and
    the date ("in Selma on March 7, 1965", "on Sunday, October 3, 2021"); a caption does not.
    Over the 8,277 NeuS reports this matches no sentence, and the seeds' one caption."""
    tail = sentence[-80:]
    if not tail.rstrip(".")[-4:].isdigit():  # most sentences: no year at the end
        return False
    end = _CAPTION_END.search(tail)
    if end is None:
        return False
    before = end.group(1).rstrip(",")
    return before[:1].isupper() and before not in _WEEKDAYS


#: Capitals before a colon that label what follows rather than say where it was filed.
_LABELS = frozenset(
    {
        "ANALYSIS", "BREAKING", "CLAIM", "CONTEXT", "CORRECTION", "DETAILS", "EXCLUSIVE",
        "FACT CHECK", "LISTEN", "LIVE", "NOTE", "OPINION", "PHOTOS", "RATING", "READ MORE",
        "RELATED", "TOPLINE", "UPDATE", "UPDATED", "VERDICT", "VIDEO", "WARNING", "WATCH",
    }
)  # fmt: skip


def article_dateline(facts: ArticleFacts) -> int:
    """Characters of the dateline that opens the article (0 when none).

    A dateline opens the first sentence (all 30 of NeuS val's do). One closed by a dash is one
    ("WASHINGTON —", "TEL AVIV—"). One closed by a colon ("KABUL:", "NEW DELHI:") has the same
    shape as a label ("CLAIM:", "VIDEO:"), a speaker's name in a transcript ("TUCKER
    CARLSON:") or a crosshead, so it counts only when it is none of those: no known label, no
    person, at most three words.
    """
    if not facts.sentences:
        return 0
    first = facts.sentences[0]
    length = dateline_length(first.text)
    opening = first.text[:length].strip()
    if length and opening.endswith(":"):
        words = opening.rstrip(":").strip()
        end = first.start + length
        person = any(e.label == "PERSON" and first.start <= e.start < end for e in facts.entities)
        if person or words in _LABELS or len(words.split()) > 3:
            return 0
    return length


def without_dateline(text: str, facts: ArticleFacts, sentence: int) -> str:
    """A sentence of the article as a brief shows it: "WASHINGTON (AP) — The House passed
    ..." is a claim about the House, and the dateline's place and agency are the article's,
    not the claim's."""
    return text[article_dateline(facts) :] if sentence == 0 else text


def split_sentences(text: str) -> tuple[Sentence, ...]:
    """Split each paragraph of ``text`` into sentences; ``text[s.start:s.end] == s.text``."""
    bounds = [
        bound
        for para_start, para_end in paragraph_spans(text)
        for bound in _rejoined(
            text,
            [
                _strip(text, para_start + start, para_start + end)
                for start, end in nupunkt.sent_spans(text[para_start:para_end])
            ],
        )
    ]
    return tuple(
        Sentence(index, start, end, text[start:end])
        for index, (start, end) in enumerate(bound for bound in bounds if bound[1] > bound[0])
    )


#: What never opens a sentence: punkt cuts after the abbreviation in a party tag, "Rep. Hakeem
#: Jeffries (D-N.Y." | "), hours after ...", 44 times in the NeuS train reports.
_CONTINUES = (")", "]", ",", ";", ":")


def _rejoined(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """A paragraph's spans, each one that opens on what continues a sentence joined to the one
    before it."""
    joined: list[tuple[int, int]] = []
    for start, end in spans:
        if joined and end > start and text[start] in _CONTINUES:
            joined[-1] = (joined[-1][0], end)
        else:
            joined.append((start, end))
    return joined


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    """Narrow a span to exclude the whitespace punkt leaves between sentences."""
    piece = text[start:end]
    leading = len(piece) - len(piece.lstrip())
    return start + leading, start + len(piece.rstrip())


@dataclass(frozen=True, slots=True)
class SentenceLocator:
    """Finds the sentence an article offset falls in, by bisecting the sentence starts."""

    starts: tuple[int, ...]

    @classmethod
    def of(cls, sentences: Sequence[Sentence]) -> SentenceLocator:
        return cls(tuple(sentence.start for sentence in sentences))

    def index(self, offset: int) -> int:
        """Index of the last sentence starting at or before ``offset`` (0 before the first)."""
        return max(bisect.bisect_right(self.starts, offset) - 1, 0)
