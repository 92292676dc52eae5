"""Numbers with what they count: "277 electoral votes" is (277.0, "electoral votes").

A bare number means nothing to compare across outlets, so a CARDINAL is extended to the noun
it counts, which the dependency parse gives as the number's head (quantulum3, tried first,
failed on every phrase that matters). MONEY, PERCENT and QUANTITY spans carry their unit
inside ("$5 million", "12%", "40 km").
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from spacy.tokens import Span

from storylens.facts.nlp import Paragraph
from storylens.facts.sentences import SentenceLocator
from storylens.model import Quantity

QUANTITY_LABELS = frozenset({"CARDINAL", "QUANTITY", "MONEY", "PERCENT"})

_UNITS = (
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
    "nineteen",
)  # fmt: skip
_TENS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
#: Words that multiply what precedes them ("2.5 million", "two hundred", "a dozen").
_MULTIPLIERS = {"dozen": 12, "hundred": 100}
#: Words that close a group ("three million two hundred thousand").
_SCALES = {
    "thousand": 10**3,
    "million": 10**6,
    "mn": 10**6,
    "billion": 10**9,
    "bn": 10**9,
    "trillion": 10**12,
}
#: Words around a number that do not change its value: they make it a bound or an estimate,
#: which the brief reads back from the text ("as many as 1.5 million", "between 50 and 100").
_FILLERS = frozenset(
    {"a", "an", "and", "about", "around", "almost", "approximately", "nearly", "roughly",
     "some", "over", "under", "more", "less", "fewer", "than", "at", "least", "most", "up",
     "to", "just", "only", "exactly", "estimated", "as", "many", "much", "between", "no"}
)  # fmt: skip
#: Words that end a figure when a number stands before them: the figure after is the other
#: end of a range ("between 50 and 100", "$8 billion to $9 billion", "two or three").
_RANGE_WORDS = frozenset({"and", "to", "or"})
#: Words standing for an unknown small count ("several thousand", "a few hundred"): the
#: value is the least they can mean, the text says how vague it is.
_VAGUE = {"several": 3.0, "few": 2.0}
#: Every spelling of percent; the unit of all of them is "%".
_PERCENT_WORDS = frozenset({"%", "percent", "per", "cent", "pct"})

_NUMERAL = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")
#: Most words a number may stand before the noun it counts ("294 electoral college votes").
_MAX_COUNTED_GAP = 4


def find_quantities(
    paragraphs: Sequence[Paragraph], locate: SentenceLocator
) -> tuple[Quantity, ...]:
    """Every number in the article that is not a year or part of a date, with its unit."""
    found = []
    for paragraph in paragraphs:
        for ent in paragraph.doc.ents:
            if ent.label_ not in QUANTITY_LABELS:
                continue
            quantity = _quantity(paragraph, ent, locate)
            if quantity is not None:
                found.append(quantity)
    return tuple(found)


#: A range of figures ("0-62 mph", "5-4", "zero to 60 mph"): it gives no one value, and an
#: acceleration's "0-62" names a measure, it counts nothing.
_RANGE = re.compile(r"^\D{0,3}\d[\d.,]*\s*[-–]\s*\d")
_RANGE_END = re.compile(r"(?:\b\d+\s*[-–]|\b(?:zero|0)\s+to)\s*$", re.IGNORECASE)


def _quantity(paragraph: Paragraph, ent: Span, locate: SentenceLocator) -> Quantity | None:
    before = paragraph.text[max(0, ent.start_char - 12) : ent.start_char]
    if _RANGE.match(ent.text) or _RANGE_END.search(before):
        return None
    words = _first_figure([part for token in ent for part in token.lower_.split("-") if part])
    value = parse_number([word for word in words if _is_number_word(word)])
    others = [word for word in words if not _is_number_word(word)]
    if ent.label_ == "CARDINAL":
        if others:  # a misread token such as "2024.(REUTERS"
            return None
        phrase = _counted_phrase(ent)
        unit = paragraph.text[ent.end_char : phrase.end_char].strip(" -").lower() or _part_of(ent)
    else:
        phrase = ent
        unit = "%" if any(word in _PERCENT_WORDS for word in others) else " ".join(others)
    if value is None or (not unit and _is_year(ent.text)):
        return None
    start, end = paragraph.offsets(phrase)
    return Quantity(phrase.text, value, unit, start, end, locate.index(start))


def _first_figure(words: list[str]) -> list[str]:
    """The words of the span's first figure: spaCy makes one entity of a range or a change
    ("from 6 feet to 3 feet"), whose numbers must not be added up into one value (9 feet)."""
    seen_number = seen_unit = False
    for i, word in enumerate(words):
        if seen_number and word in _RANGE_WORDS and _ends_a_figure(words, i):
            return words[:i]
        if _is_number_word(word) and word not in _FILLERS:
            if seen_unit:
                return words[:i]
            seen_number = True
        elif not _is_number_word(word) and seen_number:
            seen_unit = True
    return words


def _ends_a_figure(words: list[str], i: int) -> bool:
    """Whether the range word at ``i`` separates two figures: "to" and "or" always do once a
    number was read; "and" only after digits or a scale ("50 and 100", "2 million and 3
    million"), not inside one number written out ("two hundred and fifty")."""
    if words[i] != "and":
        return True
    before = words[i - 1]
    return bool(_NUMERAL.fullmatch(before)) or before in _SCALES


def _counted_phrase(ent: Span) -> Span:
    """The number and the noun it counts, when the parse says the noun follows closely; in a
    range ("between 50 and 100 prisoners") the parse hangs the noun on the first number."""
    last = ent[-1]
    head = last.head
    if last.dep_ == "conj" and head in ent:
        head = head.head
    gap = ent.doc[last.i + 1 : head.i]
    if (
        len(gap) == 1
        and gap[0].text == "-"
        and head.dep_ == "compound"
        and head.head.pos_ == "NOUN"
        and head.head.i > head.i
    ):
        # "the 35-word oath", "a 48-page indictment": words of the oath, pages of the
        # indictment; the whole counted phrase says what is counted of what.
        return ent.doc[ent.start : head.head.i + 1]
    if (
        head.pos_ in ("NOUN", "PROPN")
        and 0 < head.i - last.i <= _MAX_COUNTED_GAP
        and not any(token.is_punct or token.is_quote for token in gap)
    ):
        return ent.doc[ent.start : head.i + 1]
    return ent


def _part_of(ent: Span) -> str:
    """What a bare number counts when it is a part of a counted whole: "had won 157 of 338
    seats" counts seats as "took 156 seats" does, so the two can be compared. Only a number
    right after "of" (or "of the") qualifies: "one of the biggest" names no count."""
    doc = ent.doc
    start = ent.end + 1 + (ent.end + 1 < len(doc) and doc[ent.end + 1].lower_ == "the")
    if ent.end >= len(doc) or doc[ent.end].lower_ != "of" or start >= len(doc):
        return ""
    whole = next((e for e in doc.ents if e.start == start and e.label_ == "CARDINAL"), None)
    if whole is None:
        return ""
    counted = _counted_phrase(whole)
    return doc[whole.end : counted.end].text.lower()


def _is_year(text: str) -> bool:
    return bool(re.fullmatch(r"(?:1[6-9]|20)\d\d", text.strip()))


def _is_number_word(word: str) -> bool:
    return (
        word in _FILLERS
        or word in _MULTIPLIERS
        or word in _SCALES
        or _small_number(word) is not None
    )


def parse_number(words: Sequence[str]) -> float | None:
    """Value of a number written in digits, words or both; None if any word is not numeric.

    "1,234" -> 1234, "2.5 million" -> 2.5e6, "thirteen" -> 13, "twenty-five" -> 25.
    """
    total = 0.0
    group: float | None = None
    for word in (part for token in words for part in token.lower().split("-") if part):
        if word in _FILLERS:
            continue
        small = _small_number(word)
        if small is not None:
            group = (group or 0.0) + small
        elif word in _MULTIPLIERS:
            group = (group or 1.0) * _MULTIPLIERS[word]
        elif word in _SCALES:
            total += (group or 1.0) * _SCALES[word]
            group = 0.0
        else:
            return None
    if group is None and total == 0.0:
        return None
    return total + (group or 0.0)


def _small_number(word: str) -> float | None:
    if _NUMERAL.fullmatch(word):
        return float(word.replace(",", ""))
    if word in _UNITS:
        return float(_UNITS.index(word))
    if word in _TENS:
        return float(10 * (_TENS.index(word) + 2))
    return _VAGUE.get(word)
