"""Direct quotes: found by their marks, each with its speaker (see ``speakers``).

No offline library attributes quotes well (textacy gives up on odd quote counts), so quotes
are found by their marks, then each is given the speaker of the speech verb around it, of
the sentence that introduces it with a colon, of a next sentence that only attributes it, or
of the quote it goes on from. A short paragraph a speech verb sets out after a colon is a quote
without marks (a tweet, a letter read out).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from storylens.facts.nlp import Paragraph
from storylens.facts.sentences import SentenceLocator
from storylens.facts.speakers import Block, Speakers, is_name
from storylens.model import Entity, Quote, Sentence

_QUOTE_MARKS = re.compile(r"[“”\"]")
_TRAILING = ",;: \t"


def quote_regions(text: str, *, continued: bool = False) -> list[tuple[int, int]]:
    """Spans of the text inside double quotes, marks excluded.

    Curly marks say which way they face; a straight mark opens after a space and closes
    before one. A quote left open runs to the end of the paragraph, and a new opening mark
    inside an open quote closes it: writers often forget the closing mark before starting
    the next quoted sentence. With ``continued`` (the paragraph before left a quote open), a
    closing mark before any opening one closes a quote that began with the paragraph: a
    quote of several paragraphs whose writer left out the opening mark of the last.
    """
    return _scan(text, continued)[0]


def _scan(text: str, continued: bool) -> tuple[list[tuple[int, int]], bool]:
    """The quote regions, and whether a quote is left open at the end of the paragraph."""
    regions = []
    open_at: int | None = None
    for mark in _QUOTE_MARKS.finditer(text):
        at = mark.start()
        if _opens(text, at, inside=open_at is not None):
            if open_at is not None:
                regions.append((open_at, at))
            open_at = at + 1
        elif open_at is not None:
            regions.append((open_at, at))
            open_at = None
        elif continued and not regions:
            regions.append((0, at))
        continued = False
    left_open = open_at is not None
    if open_at is not None:
        regions.append((open_at, len(text)))
    trimmed = [_trim(text, region) for region in regions]
    return [region for region in trimmed if region is not None], left_open


def _opens(text: str, at: int, *, inside: bool) -> bool:
    """Whether the mark at ``at`` opens a quote; a ” in opening position (some feeds use it
    for both) opens one only when none is open."""
    mark = text[at]
    if mark == "“":
        return True
    before = text[at - 1] if at > 0 else " "
    after = text[at + 1] if at + 1 < len(text) else " "
    if (before.isspace() or before in "([{—–-/") and not after.isspace():
        return mark == '"' or not inside
    if not before.isspace() and (after.isspace() or not after.isalnum()):
        return False
    return mark == '"' and not inside


def _trim(text: str, region: tuple[int, int]) -> tuple[int, int] | None:
    """Without surrounding whitespace and the trailing comma that belongs to the sentence."""
    start, end = region
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1] in _TRAILING:
        end -= 1
    if not any(char.isalnum() for char in text[start:end]):
        return None
    return start, end


def find_quotes(
    paragraphs: Sequence[Paragraph],
    sentences: Sequence[Sentence],
    entities: Sequence[Entity],
    locate: SentenceLocator,
) -> tuple[Quote, ...]:
    """Every quote of the article with its speaker, or None when the text does not say."""
    blocks = []
    left_open = False
    for paragraph in paragraphs:
        regions, left_open = _scan(paragraph.text, left_open)
        blocks.append(Block.of(paragraph, regions))
    speakers = Speakers(blocks, entities)
    quotes: list[Quote] = []
    for previous, block in zip([None, *blocks][: len(blocks)], blocks, strict=True):
        if (quoted := _set_out(previous, block, sentences, locate, speakers)) is not None:
            quotes.append(quoted)
        for start, end in block.regions:
            index = locate.index(start)
            frame = _frame(sentences, start, end)
            speaker = speakers.of_frame(block, frame, (start, end))
            if speaker is None and _after_colon(block, start):
                speaker = speakers.of_intro(block, (frame[0], start))
            if speaker is None:
                speaker = _attributed_after(block, sentences, end, locate, speakers)
            opens_sentence = sentences[index].start >= start - 1
            if speaker is None and opens_sentence:
                before = sentences[index - 1] if index > 0 else None
                speaker = _introduced(before, speakers) or _continued(quotes, index, locate)
            text = block.paragraph.text[start - block.start : end - block.start]
            quotes.append(Quote(text, speaker if is_name(speaker) else None, start, end, index))
    return tuple(_carried_back(quotes, blocks))


def _carried_back(quotes: list[Quote], blocks: Sequence[Block]) -> list[Quote]:
    """A quote left open at the end of its paragraph, and with no speaker there, has the
    speaker of the quote that goes on at the start of the next one (“... in 2015.” /
    “Was supposed to leave ...,” Trump tweeted.)."""
    ends = {b.start + len(b.paragraph.text.rstrip(_TRAILING + "\n")) for b in blocks}
    starts = {b.start + len(b.paragraph.text) - len(b.paragraph.text.lstrip()) for b in blocks}
    for i in range(len(quotes) - 2, -1, -1):
        quote, following = quotes[i], quotes[i + 1]
        if (
            quote.speaker is None
            and following.speaker is not None
            and quote.end in ends
            and following.start in starts
        ):
            quotes[i] = replace(quote, speaker=following.speaker)
    return quotes


def _attributed_after(
    block: Block,
    sentences: Sequence[Sentence],
    end: int,
    locate: SentenceLocator,
    speakers: Speakers,
) -> str | None:
    """For a quote that ends its sentence on a question or an exclamation mark, where the
    sentence splitter ends the sentence too: the speaker of the next sentence when all it
    does is attribute (“... to the Mueller investigation?” Douglas Letter, the House general
    counsel, reportedly said.)."""
    last = locate.index(end - 1)
    text = block.paragraph.text
    if (
        last + 1 >= len(sentences)
        or sentences[last].end - end > 2
        or text[end - 1 - block.start] not in "?!"
    ):
        return None
    after = sentences[last + 1]
    if after.end > block.start + len(text) or any(
        s < after.end and e > after.start for s, e in block.regions
    ):
        return None
    return speakers.of_attribution(block, (after.start, after.end))


#: Longest paragraph read as words set out after a colon, without quotation marks, and the
#: fewest words: what is set out must be sentences, not a table's cells or a list of teams.
SET_OUT_LENGTH = 600
SET_OUT_WORDS = 5


def _set_out(
    previous: Block | None,
    block: Block,
    sentences: Sequence[Sentence],
    locate: SentenceLocator,
    speakers: Speakers,
) -> Quote | None:
    """A short paragraph without quotation marks that a speech verb with a named subject
    introduces with a colon ("And Trump lashed out on Twitter, saying:" and the tweet below
    it) is that person's words. Only a speech verb will do: "Read the full rant:" names no
    one, and "The changes are:" introduces no one's words; and only sentences are words."""
    text = block.paragraph.text
    if (
        previous is None
        or block.regions
        or len(text) > SET_OUT_LENGTH
        or len(text.split()) < SET_OUT_WORDS
        or not text.rstrip().endswith((".", "!", "?"))
        or _QUOTE_MARKS.search(text)
        or not previous.paragraph.text.rstrip().endswith(":")
    ):
        return None
    end = previous.start + len(previous.paragraph.text.rstrip())
    intro = sentences[locate.index(end - 1)]
    speaker = speakers.of_frame(previous, (intro.start, end))
    if not is_name(speaker):
        return None
    start = block.start + len(text) - len(text.lstrip())
    stop = block.start + len(text.rstrip())
    return Quote(text.strip(), speaker, start, stop, locate.index(start))


def _frame(sentences: Sequence[Sentence], start: int, end: int) -> tuple[int, int]:
    """From the start of the sentence the quote opens in to the end of the one it closes in."""
    touched = [s for s in sentences if s.start < end and s.end > start]
    return (touched[0].start, touched[-1].end) if touched else (start, end)


def _introduced(before: Sentence | None, speakers: Speakers) -> str | None:
    """For a quote that opens its sentence: the speaker named by the sentence before when
    that one ends in a colon ("Biden said:")."""
    if before is None or not before.text.endswith(":"):
        return None
    return speakers.of_intro(speakers.block_at(before.start), (before.start, before.end))


def _after_colon(block: Block, start: int) -> bool:
    """Whether the quote follows a colon in its own sentence ("... gave a warning: “...”")."""
    before = block.paragraph.text[: start - block.start].rstrip(' “"')
    return before.endswith(":")


def _continued(quotes: Sequence[Quote], index: int, locate: SentenceLocator) -> str | None:
    """For a quote that opens its sentence: the speaker of a quote that closed in this or the
    sentence before, which it goes on from (“...,” he said. “...”)."""
    if quotes and locate.index(quotes[-1].end) >= index - 1:
        return quotes[-1].speaker
    return None
