"""Who said a quote: the speaker read off the dependency parse of the narrator's words.

The speaker is the subject of a speech verb ("say", "tell", "post", ...) in the sentences the
quote spans, outside the quote. Subjects are then turned into names: a pronoun into the last
person who was the subject of a sentence before it, a surname into the full name the article
gives elsewhere, an office ("the Taliban government") into the entity it belongs to, a title
used again ("the chief said") into the one person the article gave it. Every rule was checked
against the quotes of NeuS val and train (docs/decisions.md).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from spacy.tokens import Token

from storylens.facts.entities import TITLES
from storylens.facts.nlp import Paragraph
from storylens.model import Entity

#: Lemmas of verbs whose subject is the author of the quoted words, scare quotes included
#: ("the UN has called it “gender apartheid”").
SPEECH_VERBS = frozenset(
    {
        "acknowledge", "add", "admit", "announce", "argue", "ask", "call", "caution", "claim",
        "comment", "condemn", "confirm", "congratulate", "declare", "deny", "describe",
        "dub", "emphasise", "emphasize", "exclaim", "explain", "express", "insist",
        "interject", "label", "mention",
        "note", "offer", "pledge", "post", "praise", "predict", "promise", "recall", "remark",
        "reply", "report", "respond", "say", "state", "stress", "suggest", "tell", "term",
        "testify", "tweet", "underscore", "urge", "vow", "warn", "welcome", "write",
    }
)  # fmt: skip
#: Verbs that attribute only the quote they govern ("Johnson conceded that ... “wonder
#: quite what they have done”"): added after reading NeuS train, where "boasted" in another
#: clause had taken a scare quote ("a “colossal” ransomware attack ... weeks after President
#: Biden boasted"), which the verbs above, checked against val, do not.
GOVERNING_VERBS = frozenset(
    {"accuse", "allege", "assert", "boast", "complain", "contend", "joke", "lament", "posit",
     "proclaim", "quip", "refer", "reiterate", "retort"}
)  # fmt: skip

#: Who speaks for an organisation, and what carries its words: "the ministry's spokesman",
#: "Trump's lawyer", "the agency's statement said". Lemmas, lower case.
SPEAKING_ROLES = frozenset(
    {
        "adviser", "advisor", "agency", "aide", "ambassador", "analyst", "army", "association",
        "attorney", "authority", "board", "bureau", "cabinet", "campaign", "chair", "chairman",
        "chairwoman", "chief", "coalition", "command", "commander", "commission", "committee",
        "company", "council", "counsel", "court", "delegation", "department", "deputy",
        "diplomat", "director", "economist", "embassy", "envoy", "executive", "expert",
        "filing", "firm", "force", "general", "government", "governor", "group", "head",
        "judge", "lawmaker", "lawyer", "leader", "leadership", "legislator", "letter",
        "manager", "mayor", "member", "memo", "military", "minister", "ministry", "office",
        "officer", "official", "organisation", "organization", "party", "police", "post",
        "president", "press", "prosecutor", "regulator", "release", "report", "representative",
        "researcher", "scientist", "secretary", "senator", "service", "source", "speaker",
        "spokesman", "spokesperson", "spokeswoman", "staff", "staffer", "statement", "team",
        "tweet", "union", "watchdog",
    }
)  # fmt: skip

#: Offices held by one person, who does not speak for the place that elected them as a
#: ministry's spokesman speaks for the ministry: "the Vermont senator" is a person.
OFFICES = frozenset(
    {"congressman", "congresswoman", "governor", "lawmaker", "legislator", "mayor",
     "president", "representative", "senator", "speaker"}
)  # fmt: skip
_PLACES = frozenset({"GPE", "NORP"})
_PLURAL_TAGS = frozenset({"NNS", "NNPS"})
#: What an organisation is called when the article names it again without its name ("the
#: company said"): the organisation last named as the subject of a clause.
FIRMS = frozenset(
    {"agency", "airline", "bank", "broadcaster", "company", "firm", "group", "network",
     "newspaper", "organisation", "organization", "paper", "publisher", "retailer",
     "university"}
)  # fmt: skip
#: Verbs that, alone after a quote or governing it, say its speaker went on speaking ("“...?”
#: Akin continued.", "“...,” he continued in a follow-up tweet"); anywhere else they say
#: nothing of speech ("continued to push for a wall").
_GOING_ON = frozenset({"continue", "conclude", "go"})
#: Verbs that attribute the quote they govern, beyond the speech verbs.
_ATTRIBUTING = GOVERNING_VERBS | _GOING_ON
#: What a speech verb says when the sentence says it: a clause or an object.
_SAYS_SOMETHING = frozenset({"ccomp", "dobj", "xcomp"})
#: What a person's name is written with: letters, and the dots, hyphens, apostrophes and
#: spaces between them ("Robert S. Mueller III", "Beto O’Rourke"); not "Robert] Mueller".
_NAME = re.compile(r"[^\W\d_][\w.'’ -]*[\w.]")
#: A first name listed right before a full name, sharing its surname ("Malia and Sasha Obama").
_SIBLING = re.compile(r"\b[A-Z][a-z]+,? (?:and|&) $")
#: The word right before a name, as a title ("Police Chief James A. Cervera").
_TITLE_WORD = re.compile(r"\b([A-Za-z]+)\.?\s+$")
#: Titles written short before a name, and the noun a later "the ..." uses.
_TITLE_ABBREVIATIONS = {
    "sen": "senator", "gov": "governor", "rep": "representative", "pres": "president",
    "gen": "general", "dr": "doctor", "supt": "superintendent", "lt": "lieutenant",
    "sgt": "sergeant", "capt": "captain", "col": "colonel", "adm": "admiral",
}  # fmt: skip
#: One member of a party, named by the party ("the California Democrat").
MEMBERS = frozenset({"democrat", "republican", "independent", "conservative", "liberal"})

#: Labels of entities that can speak, the likeliest speaker first: in "Afghanistan's Taliban
#: government said" the Taliban speaks, not Afghanistan.
SPEAKER_LABELS = ("PERSON", "ORG", "NORP", "GPE")

_PRONOUNS = frozenset({"he", "she"})
_SUBJECTS = frozenset({"nsubj", "nsubjpass"})
#: A verb without a subject of its own takes the subject of the verb it hangs from:
#: "congratulated Trump, saying ...", "was quoted as saying ...".
_INHERITS_SUBJECT = frozenset({"advcl", "conj", "pcomp", "prep", "xcomp"})
#: Who may be named after an inverted speech verb: a person first, then an organisation, then
#: a name the small model took for a place ("interjected Bloomberg").
_INVERTED_LABELS = ("PERSON", "ORG", "GPE")
#: Speech verbs without an object, which may come before their subject: "said Ann Fox".
_INVERTING = frozenset(
    {"add", "admit", "argue", "declare", "exclaim", "explain", "insist", "interject", "note",
     "recall", "remark", "reply", "say", "state", "write"}
)  # fmt: skip
#: Parts of speech of an office and a name ("research director Nick Bunker").
_NAME_PARTS = frozenset({"PROPN", "NOUN", "ADJ"})
#: Dependents of an office noun that name whose office it is ("the Taliban government").
_NAMING_DEPS = frozenset({"appos", "compound", "nmod", "poss"})
#: Prepositions that tie a speaker to whom they speak for: "a spokesman for the ministry".
_SPEAKING_FOR = frozenset({"for", "of", "at"})


@dataclass(frozen=True, slots=True)
class Block:
    """A parsed paragraph and its quoted regions, in article offsets."""

    paragraph: Paragraph
    regions: tuple[tuple[int, int], ...]

    @classmethod
    def of(cls, paragraph: Paragraph, regions: Sequence[tuple[int, int]]) -> Block:
        """The paragraph with its quoted regions, given in paragraph offsets."""
        return cls(paragraph, tuple((paragraph.start + s, paragraph.start + e) for s, e in regions))

    @property
    def start(self) -> int:
        return self.paragraph.start

    def unquoted(self, start: int, end: int) -> Iterator[Token]:
        """Tokens in [start, end) that are not inside a quote: the narrator's words."""
        for token in self.paragraph.doc:
            at = self.paragraph.at(token)
            if start <= at < end and not any(s <= at < e for s, e in self.regions):
                yield token


class Speakers:
    """Turns speech verbs into speaker names, using what the whole article says about people."""

    def __init__(self, blocks: Sequence[Block], entities: Sequence[Entity]) -> None:
        self._blocks = blocks
        self._block_starts = [block.start for block in blocks]
        self._entities = entities
        self._entity_starts = [entity.start for entity in entities]
        #: Surnames of the people the article names in full: a subject "Akin" is a person
        #: even where the small model took that one mention for something else.
        self._surnames = {
            words[-1]
            for entity in entities
            if entity.label == "PERSON" and len(words := entity.text.split()) > 1
        }
        #: (where, name, where its sentence starts and ends, whether it is the main clause's
        #: subject)
        self._person_subjects: list[tuple[int, str, int, int, bool]] = []
        self._organisation_subjects: list[tuple[int, str]] = []
        for block, token in self._clause_subjects():
            at = block.paragraph.at(token)
            entity = self._entity_at(at)
            if entity is not None and entity.label == "ORG":
                self._organisation_subjects.append((at, entity.text))
            if entity is None or entity.label != "PERSON":
                entity = self._apposed_person(block, token)
            name = self._full_name(entity.text) if entity else self._known_surname(token)
            if name is not None and not _reported(token):
                main = token.head.dep_ == "ROOT" or (
                    token.head.dep_ == "conj" and token.head.head.dep_ == "ROOT"
                )
                sentence = token.sent
                bounds = block.paragraph.at(sentence[0]), block.paragraph.at(sentence[-1])
                self._person_subjects.append((at, name, *bounds, main))
        #: Every person named outside quotes, by where: who else a pronoun could stand for.
        self._people_named = sorted(
            (entity.start, self._full_name(entity.text))
            for entity in entities
            if entity.label == "PERSON"
            and not any(s <= entity.start < e for s, e in self.block_at(entity.start).regions)
        )
        self._titles = [
            (entity.start, title, self._full_name(entity.text))
            for entity in entities
            if entity.label == "PERSON" and (title := self._title_of(entity)) is not None
        ]

    def block_at(self, at: int) -> Block:
        return self._blocks[max(bisect.bisect_right(self._block_starts, at) - 1, 0)]

    def of_frame(
        self, block: Block, frame: tuple[int, int], quote: tuple[int, int] | None = None
    ) -> str | None:
        """The first speech verb of the frame, nearest the quote in the parse, whose subject
        has a name."""
        root = _root(block, quote) if quote is not None else None
        verbs = [
            token
            for token in block.unquoted(*frame)
            if _is_speech_verb(token) or (token.lemma_ in _ATTRIBUTING and _governs(token, root))
        ]
        verbs.sort(key=lambda verb: _closeness(verb, root))
        for verb in verbs:
            for subject in _subjects(verb):
                # "the party was accused of ... “factcheckUK”": the accused did not say it.
                if subject.dep_ == "nsubjpass" and verb.lemma_ == "accuse":
                    continue
                # "... about “Progressive Democratic Congresswomen” prompted a response from
                # Ocasio-Cortez, who tweeted ...": a relative clause speaks only its own quote.
                if subject.lower_ == "who" and not _governs(verb, root):
                    continue
                name = self._name(block, subject)
                if name is not None:
                    return name
        return None

    def of_attribution(self, block: Block, frame: tuple[int, int]) -> str | None:
        """Who speaks in a sentence that only attributes ("X reportedly said.", "Akin
        continued."): its root is a speech verb that says nothing of its own (no clause or
        object after it)."""
        for verb in block.unquoted(*frame):
            if (
                verb.dep_ == "ROOT"
                and (_is_speech_verb(verb) or verb.lemma_ in _GOING_ON)
                and not any(child.dep_ in _SAYS_SOMETHING for child in verb.children)
            ):
                for subject in _subjects(verb):
                    if (name := self._name(block, subject)) is not None:
                        return name
        return None

    def of_intro(self, block: Block, frame: tuple[int, int]) -> str | None:
        """Who introduces a quote with a colon: the speaker of a speech verb, else the first
        named subject of the introducing words ("Ilse Varga gave a warning: ...")."""
        speaker = self.of_frame(block, frame)
        if speaker is not None:
            return speaker
        subjects = (t for t in block.unquoted(*frame) if t.dep_ in _SUBJECTS)
        return next((n for t in subjects if (n := self._name(block, t)) is not None), None)

    def _name(self, block: Block, subject: Token) -> str | None:
        """Name of whoever a subject token stands for, or None when the text does not tell."""
        at = block.paragraph.at(subject)
        if subject.lower_ in _PRONOUNS:
            return self._antecedent(at)
        # "Ocasio-Cortez, who tweeted at Mr. Trump, “...”": who is the name the clause hangs on.
        if subject.lower_ == "who" and subject.head.dep_ == "relcl":
            named = subject.head.head
            quoted = any(s <= block.paragraph.at(named) < e for s, e in block.regions)
            return None if quoted else self._name(block, named)
        entity = self._entity_at(at)
        if entity is not None and entity.label in SPEAKER_LABELS:
            # "The Kentucky Republican said": a member named by party is one person.
            if entity.label == "NORP" and subject.lower_ in MEMBERS and _known_one(subject):
                return self._antecedent(at) or self._speaker(entity)
            return self._speaker(entity)
        if (known := self._known_surname(subject)) is not None:
            return known  # "Lauten later apologized for her post, writing “...”"
        if subject.pos_ == "PROPN":
            name = _name_before(subject)
            return self._full_name(name) if name else None
        # "Trump's lawyer, Rudy Giuliani, wrote": the apposition names who speaks, the
        # possessive only whom they speak for.
        if (apposed := self._apposed_person(block, subject)) is not None:
            return self._speaker(apposed)
        # "the ministry's spokesman", "ministry spokesman", or "a spokesperson for the Roads
        # Authority": the organisation speaks through them. Only someone who speaks for it
        # does: "Senate Republicans' negotiating posture" is no one's voice.
        if subject.lemma_.casefold() not in SPEAKING_ROLES:
            return None
        namers = [child for child in subject.children if child.dep_ in _NAMING_DEPS] + [
            entity
            for child in subject.children
            if child.dep_ == "prep" and child.lower_ in _SPEAKING_FOR
            for entity in child.children
            if entity.dep_ == "pobj"
        ]
        owners = [
            owner
            for namer in namers
            for owner in [self._entity_at(block.paragraph.at(namer))]
            if owner is not None and owner.label in SPEAKER_LABELS
        ]
        owner = min(owners, key=lambda e: SPEAKER_LABELS.index(e.label), default=None)
        if owner is None:
            # "the chief told reporters", "the president continued": the one person the
            # article gave that title ("Police Chief James A. Cervera", "President Trump");
            # "the company said": the organisation last named as a subject.
            if not _known_one(subject):
                return None
            role = subject.lemma_.casefold()
            return self._titled(at, role) or (
                self._last_organisation(at) if role in FIRMS else None
            )
        # "The Vermont senator admitted", "the US president tweeted": one person, described
        # by the place they hold office for, whom the article has named before ("a Vermont
        # senator" is someone new). With no one named before, the place is the speaker
        # still: a guess at a person would credit the words to whoever the sentence names
        # next ("The mayor of Seattle told Trump ...").
        role = subject.lemma_.casefold()
        if role in OFFICES and _known_one(subject):
            if owner.label in _PLACES:
                return self._antecedent(at) or self._speaker(owner)
            # "the House speaker continued": one person, not the House.
            return self._titled(at, role) or self._antecedent(at)
        return self._speaker(owner)

    def _last_organisation(self, at: int) -> str | None:
        """The last organisation before ``at`` that was the subject of a clause ("ViacomCBS
        announced ... “...,” the company said")."""
        index = bisect.bisect_left(self._organisation_subjects, (at, "")) - 1
        return self._organisation_subjects[index][1] if index >= 0 else None

    def _titled(self, at: int, role: str) -> str | None:
        """The one person named with ``role`` as a title before ``at``; None for none or for
        two ("President Trump" and "President Xi")."""
        names = {name for where, title, name in self._titles if title == role and where < at}
        return names.pop() if len(names) == 1 else None

    def _title_of(self, entity: Entity) -> str | None:
        """The title written right before a person's name ("Sen." -> "senator")."""
        block = self.block_at(entity.start)
        before = block.paragraph.text[: entity.start - block.start]
        word = _TITLE_WORD.search(before)
        if word is None:
            return None
        title = word.group(1).casefold()
        return _TITLE_ABBREVIATIONS.get(title, title) if title in TITLES else None

    def _speaker(self, entity: Entity) -> str:
        return self._full_name(entity.text) if entity.label == "PERSON" else entity.text

    def _entity_at(self, at: int) -> Entity | None:
        index = bisect.bisect_right(self._entity_starts, at) - 1
        if index >= 0 and self._entities[index].start <= at < self._entities[index].end:
            return self._entities[index]
        return None

    def _full_name(self, name: str) -> str:
        """The longest name of a person in the article that ends with this one ("Balkhi");
        the name as it is when the article names two people so ("Joe Biden", "Jill Biden"),
        or names a family that shares it ("Malia and Sasha Obama": "the president remarked"
        is not Sasha Obama)."""
        words = name.split()
        found = [
            entity
            for entity in self._entities
            if entity.label == "PERSON"
            and entity.text.split()[-len(words) :] == words
            and _NAME.fullmatch(entity.text)
        ]
        candidates = {entity.text for entity in found}
        if len({text.split()[0] for text in candidates if len(text.split()) > len(words)}) > 1:
            return name
        if any(len(e.text.split()) > len(words) and self._after_a_sibling(e) for e in found):
            return name
        return max(sorted(candidates), key=lambda text: len(text.split()), default=name)

    def _after_a_sibling(self, entity: Entity) -> bool:
        """Whether the name comes after another first name that shares its surname ("Malia
        and Sasha Obama")."""
        block = self.block_at(entity.start)
        return _SIBLING.search(block.paragraph.text[: entity.start - block.start]) is not None

    def _antecedent(self, at: int) -> str | None:
        """The person a pronoun at ``at`` stands for: in the last sentence before it that has
        a person as the subject of a clause outside quotes, the subject of its main clause,
        else its last such subject ("Barr said that he wants Trump to stop tweeting. “...,”
        he said." is Barr). None when someone else is named between that sentence and the
        pronoun ("“Nah,” Malia said. Enter Ms. Lauten, whose commentary ... “...,” she
        wrote."): the pronoun may stand for either, and a wrong speaker is worse than none.
        """
        index = bisect.bisect_left(self._person_subjects, (at,)) - 1
        if index < 0:
            return None
        sentence = self._person_subjects[index][2]
        found = self._person_subjects[index]
        for subject in reversed(self._person_subjects[: index + 1]):
            if subject[2] != sentence:
                break
            if subject[4] and subject[0] < at:
                found = subject
                break
        _, name, _, ends, _ = found
        between = self._people_named[
            bisect.bisect_right(self._people_named, (ends, "")) : bisect.bisect_left(
                self._people_named, (at, "")
            )
        ]
        return None if any(other != name for _, other in between) else name

    def _known_surname(self, token: Token) -> str | None:
        """The full name of a person the article names, for a subject that is their surname;
        the small model tags a sentence's first word as a common noun, or a subject as a verb,
        even then ("Lauten later apologized", "Trump himself said")."""
        tagged = token.pos_ in ("PROPN", "NOUN") or token.dep_ in _SUBJECTS
        if not tagged or token.text not in self._surnames:
            return None
        return self._full_name(token.text)

    def _clause_subjects(self) -> Iterator[tuple[Block, Token]]:
        """The subjects of the narrator's clauses, in text order. A person among them, by name
        or by apposition ("Port Veyra's mayor, Teodor Vask, ... said"), is what a later "he"
        stands for; an organisation, what a later "the company" does."""
        for block in self._blocks:
            for token in block.unquoted(block.start, block.start + len(block.paragraph.text)):
                if token.dep_ in _SUBJECTS:
                    yield block, token

    def _apposed_person(self, block: Block, token: Token) -> Entity | None:
        """The person an apposition names ("the mayor, Teodor Vask,")."""
        for child in token.children:
            if child.dep_ == "appos":
                entity = self._entity_at(block.paragraph.at(child))
                if entity is not None and entity.label == "PERSON":
                    return entity
        return None


#: Lower-case words a name may hold ("Department of Justice", "Ursula von der Leyen").
_NAME_PARTICLES = frozenset(
    {"of", "the", "and", "for", "on", "de", "da", "di", "del", "der", "den", "du", "van", "von",
     "bin", "al", "la", "le"}
)  # fmt: skip


def is_name(speaker: str | None) -> bool:
    """Whether a speaker reads as a name: capitalised words joined by particles, no marks
    around them. A fragment the parse cut out of a sentence ("rang Taylor", "yip" of Cheuk
    Hau-yip, "Robert] Mueller") is no one, and the quote is better shown without a speaker."""
    if not speaker or not _NAME.fullmatch(speaker):
        return False
    words = speaker.replace("-", " ").split()
    return words[0][:1].isupper() and all(
        w[:1].isupper() or w in _NAME_PARTICLES or w[:1] in "’'" for w in words
    )


def _reported(subject: Token) -> bool:
    """Whether the subject belongs to what someone says ("Bloomberg argued that Trump was a
    demagogue"): the one spoken of there is not the one a later "he" stands for."""
    clause = subject.head
    return clause.dep_ == "ccomp" and (
        _is_speech_verb(clause.head) or clause.head.lemma_ in GOVERNING_VERBS
    )


def _known_one(subject: Token) -> bool:
    """Whether the subject speaks of one person already known: "the Vermont senator",
    "Serbia's president"; "a Republican senator" is someone new, "the leaders" are several."""
    return subject.tag_ not in _PLURAL_TAGS and any(
        (child.dep_ == "det" and child.lower_ == "the") or child.dep_ == "poss"
        for child in subject.children
    )


def _root(block: Block, quote: tuple[int, int]) -> Token | None:
    """The token the quoted words hang from in the parse."""
    span = block.paragraph.doc.char_span(
        quote[0] - block.start, quote[1] - block.start, alignment_mode="expand"
    )
    return span.root if span is not None and len(span) else None


def _is_speech_verb(token: Token) -> bool:
    if token.lower_ == "according":  # "according to the ministry"
        return any(child.lower_ == "to" for child in token.children)
    if token.lemma_ == "insist" and any(c.lower_ in ("on", "upon") for c in token.children):
        return False  # "Trump insists on funding for a wall" demands; it does not speak
    return token.pos_ == "VERB" and token.lemma_ in SPEECH_VERBS


def _governs(verb: Token, root: Token | None) -> bool:
    """Whether the quote hangs from the verb."""
    return root is not None and (verb == root or verb in root.ancestors)


def _closeness(verb: Token, root: Token | None) -> tuple[int, int]:
    """Verbs the quote hangs from come first, nearest first; then the rest by distance."""
    if root is None:
        return 1, verb.i
    ancestors = list(root.ancestors)
    if verb in ancestors:
        return 0, ancestors.index(verb)
    return 1, abs(verb.i - root.i)


def _subjects(verb: Token) -> list[Token]:
    """Who does the saying, nearest the verb first; inherited from the governing verb when
    the verb has none of its own."""
    if verb.lower_ == "according":
        return [obj for to in verb.children if to.lower_ == "to" for obj in to.children]
    current = verb
    for _ in range(4):
        subjects = [child for child in current.children if child.dep_ in _SUBJECTS]
        if subjects:
            nearest = sorted(subjects, key=lambda token: abs(token.i - verb.i))
            # An inverted verb whose "subject" the parser found after it may have taken a
            # word of the name for it ("said WHO chief Tedros ...": "WHO" as a pronoun).
            if current is verb and all(token.i > verb.i for token in subjects):
                return nearest + _named_after(verb)
            return nearest
        if current is verb and (named := _named_after(verb)):
            return named
        if current.dep_ == "acl":  # "Samangani, head of ..., also posted on X: “...”"
            return [current.head]
        if current.dep_ not in _INHERITS_SUBJECT or current.head is current:
            return []
        # "slammed McConnell for complaining that ...": who is blamed or thanked for
        # speaking is the one who spoke, not the subject of the blaming.
        if current.dep_ == "pcomp" and current.head.lower_ == "for":
            objects = [c for c in current.head.head.children if c.dep_ == "dobj"]
            if objects:
                return objects
        current = current.head
    return []


def _named_after(verb: Token) -> list[Token]:
    """The speaker named right after an inverted verb ("“...,” said Kathrin Jansen, ...",
    "said research director Nick Bunker"), which the small parser often hangs elsewhere.

    Only verbs that take no object invert so ("describe Comey's behaviour" and "told Fox News"
    name who is spoken of or to), and only a name, or an office then a name, right after the
    verb and ending the clause counts: "adding that Kerry has ..." and "saying Mr. Price has
    earned ..." name who is spoken of. A person's words come first, else an organisation's,
    the last first.
    """
    if verb.lemma_ not in _INVERTING:
        return []
    words: list[Token] = []
    for token in verb.doc[verb.i + 1 : verb.i + 9]:
        # A capitalised word is part of a name whatever its tag ("Indeed Hiring Lab"), and
        # so is an office before it ("said WHO chief Tedros Adhanom Ghebreyesus").
        part = token.pos_ in _NAME_PARTS or token.text[:1].isupper() or token.lower_ in TITLES
        if not (part or (words and token.lower_ == "of")):
            break
        words.append(token)
    end = words[-1].i + 1 if words else verb.i + 1
    if end < len(verb.doc) and not (verb.doc[end].is_punct or verb.doc[end].pos_ == "ADP"):
        return []  # "saying Mr. Price has earned ...": the subject of what is said
    named = [token for token in words if token.ent_type_ in _INVERTED_LABELS]
    return sorted(named, key=lambda t: (_INVERTED_LABELS.index(t.ent_type_), -t.i))


def _name_before(token: Token) -> str:
    """The capitalised words ending at ``token``, without the office in front of the name:
    "German Chancellor Olaf Scholz" -> "Olaf Scholz", "PM Modi" -> "Modi"."""
    if token.lower_ in TITLES:
        return ""
    doc = token.doc
    start = token.i
    while (
        start > 0
        and doc[start - 1].pos_ == "PROPN"
        and doc[start - 1].lower_ not in TITLES
        and doc[start - 1].text[:1].isupper()
    ):
        start -= 1
    return doc[start : token.i + 1].text
