"""Who "he" is, in a claim shown out of its article.

"“The river took the bridge in seconds,” he said." makes sense only after the sentence that
names the mayor. Where a claim is shown on its own (what the outlets agree on, what one of
them adds), the pronoun of the attribution gives way to the speaker the article's quote facts
name, in square brackets, as an editor marks words that are not the writer's: “...,” [Teodor
Vask] said.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from storylens.brief.align import Member
from storylens.facts.sentences import without_dateline
from storylens.model import StoredArticle

#: "he" or "she" right after a closing quote mark: the attribution of the quote before it.
_ATTRIBUTION = re.compile(r"[”\"],?\s+(he|she)\b(?=\s+\w)")
#: A sentence that is one quote and nothing else, its speaker named in a sentence around it.
WHOLE_QUOTE = r"^[“\"][^“”\"]*[”\"]\W*$"
_WHOLE_QUOTE = re.compile(WHOLE_QUOTE)


def speaker_named(member: Member, articles: Sequence[StoredArticle]) -> str:
    """The member's sentence with the pronoun that attributes its quote replaced by the
    speaker's name, or, when the sentence is a quote and nothing else, the speaker put before
    it ("[Teodor Vask:] “We will not rest ...”"); unchanged when its quotes name no one or
    several people.

    The name is the one the article itself gives, not the story's fullest form: in a story
    where one report mentions Jill Biden once, "Biden" in another report is still the
    president.
    """
    match = _ATTRIBUTION.search(member.text)
    if match is None and not _WHOLE_QUOTE.match(member.text):
        return member.text
    facts = articles[member.article].facts
    speakers = {q.speaker for q in facts.quotes if q.sentence == member.sentence and q.speaker}
    if len(speakers) != 1:
        return member.text
    if match is None:
        return f"[{speakers.pop()}:] {member.text}"
    return f"{member.text[: match.start(1)]}[{speakers.pop()}]{member.text[match.end(1) :]}"


def shown_alone(member: Member, articles: Sequence[StoredArticle]) -> str:
    """The member's sentence as a claim listed on its own shows it: its speaker named, and
    without the dateline of the report it opens."""
    facts = articles[member.article].facts
    return without_dateline(speaker_named(member, articles), facts, member.sentence)
