"""Named entities: who and what the article is about.

The small English model often files people under ORG ("Trump", "Olaf Scholz") and an
all-caps dateline under ORG ("KABUL"). One article rarely means two different things by one
name, so an ORG mention is relabelled when the article elsewhere gives the same name (or the
surname of a person it names in full) another label, or when an office title or a "who"
introduces it; and a "person" whose name ends in "Arena" or "University" is a building or an
institution.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from spacy.tokens import Span

from storylens.facts.dates import is_misfiled_date
from storylens.facts.nlp import Paragraph, trim_mention
from storylens.facts.sentences import SentenceLocator
from storylens.model import Entity

ENTITY_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "EVENT", "FAC"})

#: Offices, jobs and honorifics written before a person's name ("Chancellor Olaf Scholz",
#: "PM Modi", "chief executive Vesna Tallard"); they are not part of the name, and a name
#: after one is a person's even when the model calls it an organisation.
#: Forms of address that are never part of a name.
HONORIFICS = frozenset({"mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr."})
TITLES = frozenset(
    {
        "adviser", "advisor", "advocate", "ambassador", "analyst", "attorney", "captain", "ceo",
        "chair", "chairman", "chairwoman", "chancellor", "chief", "commander", "commissioner",
        "deputy", "detective", "director", "dr", "dr.", "economist", "emeritus", "emir",
        "envoy", "executive", "founder", "gen", "gen.", "general", "gov", "gov.", "governor",
        "inspector", "judge", "king", "lawyer", "leader", "manager", "mayor", "minister", "mr",
        "mr.", "mrs", "mrs.", "ms", "ms.", "officer", "pm", "pope", "premier", "president",
        "prime", "prince", "princess", "professor", "queen", "rep", "rep.", "secretary", "sen",
        "sen.", "senator", "sheikh", "spokesman", "spokesperson", "spokeswoman",
        "superintendent", "treasurer", "vice",
    }
)  # fmt: skip


#: Last words that make a name a building or an institution, never a person's surname
#: ("Dorton Arena", "the Herald", which the small model calls people), with the label they
#: take (as in OntoNotes: buildings FAC, hospitals, newspapers and agencies ORG). Words that
#: are also surnames (Hall, Park, Church, Court, Ledger, Post) are left out.
PLACE_WORDS = {
    **dict.fromkeys(
        ("airport", "arena", "base", "cathedral", "center", "centre", "dam", "mosque",
         "museum", "palace", "prison", "square", "stadium", "station"),
        "FAC",
    ),
    **dict.fromkeys(
        ("agency", "authority", "chronicle", "college", "committee", "company", "corporation",
         "council", "department", "gazette", "herald", "hospital", "institute", "ministry",
         "transit", "tribune", "university"),
        "ORG",
    ),
}  # fmt: skip


def find_entities(paragraphs: Sequence[Paragraph], locate: SentenceLocator) -> tuple[Entity, ...]:
    """Entity mentions of the article in text order, with names trimmed and labels made
    consistent across the article."""
    mentions = [
        _mention(paragraph, ent, locate)
        for paragraph in paragraphs
        for ent in paragraph.doc.ents
        if ent.label_ in ENTITY_LABELS and not is_misfiled_date(ent)
    ]
    return _harmonise([mention for mention in mentions if mention is not None])


def _mention(paragraph: Paragraph, ent: Span, locate: SentenceLocator) -> Entity | None:
    name = trim_mention(ent)
    if not name.text:
        return None
    label = ent.label_
    if label == "PERSON":
        # "Emeritus Alan Dershowitz": the office is not part of the name, and neither is an
        # honorific before a surname ("Mrs May" is May, whom the story names Theresa May);
        # an office before one word stays ("Prince Harry", "Pope Francis").
        while (len(name) > 2 and name[0].lower_ in TITLES) or (
            len(name) == 2 and name[0].lower_ in HONORIFICS
        ):
            name = name[1:]
    if label == "ORG" and _is_person(name):
        label = "PERSON"
    elif label == "PERSON" and (place := PLACE_WORDS.get(name[-1].lower_)):
        label = place
    start, end = paragraph.offsets(name)
    return Entity(name.text, label, start, end, locate.index(start))


def _is_person(name: Span) -> bool:
    """Whether a name the model calls an organisation is a person's: written like one (up to
    three capitalised words, no "of" or "&": not "Board of Orrin"), and either after an office
    ("chief executive Vesna Tallard"), beside one ("Vesna Tallard, Orrin's chief executive"),
    or introduced with "who" ("Marit Sallow, who runs the café"; not "the Ravens, who won":
    a person's name takes no article).
    """
    if len(name) > 3 or not all(t.text[:1].isupper() for t in name):
        return False
    if PLACE_WORDS.get(name[-1].lower_):
        return False
    doc, root = name.doc, name.root
    before = doc[name.start - 1].lower_ if name.start > 0 else ""
    beside = (root.dep_ == "appos" and root.head.lower_ in TITLES) or any(
        child.dep_ == "appos" and child.lower_ in TITLES for child in root.children
    )
    after = [t.lower_ for t in doc[name.end : name.end + 2]]
    who = after in ([",", "who"], [",", "whom"]) and before != "the"
    return before in TITLES or beside or who


def _harmonise(mentions: Sequence[Entity]) -> tuple[Entity, ...]:
    """Relabel ORG mentions that the same article names as a person, place or group."""
    people = {m.text.casefold() for m in mentions if m.label == "PERSON"}
    people |= {m.text.split()[-1].casefold() for m in mentions if m.label == "PERSON"}
    others: dict[str, str] = {}
    for mention in mentions:
        if mention.label not in ("ORG", "PERSON"):
            others.setdefault(mention.text.casefold(), mention.label)
    return tuple(
        dataclasses.replace(mention, label=_relabel(mention, people, others))
        if mention.label == "ORG"
        else mention
        for mention in mentions
    )


def _relabel(mention: Entity, people: set[str], others: dict[str, str]) -> str:
    key = mention.text.casefold()
    if key in people:
        return "PERSON"
    return others.get(key, mention.label)
