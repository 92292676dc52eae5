"""The story's names: every way its articles write one person, place or organisation, merged.

The entities section counts them per outlet, and the quotes section shows each speaker under
the fullest name the story gives ("Biden" in one report is "Joe Biden" in another).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace

from storylens.brief.naming import is_acronym, name_tokens, normalised, related_names
from storylens.brief.schema import EntityItem
from storylens.cluster import IDENTIFYING_LABELS
from storylens.facts.sentences import dateline_length
from storylens.model import Entity, StoredArticle

Key = tuple[str, ...]


def entity_key(text: str, label: str) -> str:
    """A mention's key for aligning claims: a person by surname, anything else by its words."""
    words = normalised(text.replace("’s", "").replace("'s", "")).split()
    return words[-1] if label == "PERSON" and words else " ".join(words)


@dataclass(frozen=True, slots=True)
class StoryNames:
    """The merged names of a story's original articles, with how each is written and counted."""

    #: Each mention's text -> the name it is counted under.
    key_of: dict[str, Key]
    #: The key of each mention's own words, for a name met outside the entities (a speaker).
    by_words: dict[Key, Key]
    forms: dict[Key, Counter[str]]
    labels: dict[Key, Counter[str]]
    outlets: dict[Key, Counter[str]]

    def speaker(self, text: str) -> str:
        """The name a quote's speaker is shown under, or the text itself when the story has
        no such name. A surname alone that two full names of the story share stays as the
        article wrote it: counting "Obama" with the most mentioned Obama is fine for the
        entities, naming Sasha Obama as the one who "remarked" what the president did is not."""
        words = name_tokens(text)
        if len(words) == 1 and sum(len(key) > 1 and key[-1:] == words for key in self.forms) > 1:
            return text
        key = self.key_of.get(text) or self.by_words.get(words)
        return _shown_name(self.forms[key], key) if key else text


def story_names(articles: Sequence[StoredArticle]) -> StoryNames:
    found = [
        (_undateline(entity, stored.article.text), stored.article.outlet)
        for stored in articles
        if stored.copy_of is None
        for entity in stored.facts.entities
        if entity.label in IDENTIFYING_LABELS
        and name_tokens(entity.text)
        and not entity.text.islower()  # "mosques": the model's mistake, not a name
        and not _party_tag(entity, stored.article.text)
    ]
    key_of = _entity_keys([entity for entity, _ in found])
    forms: dict[Key, Counter[str]] = {}
    labels: dict[Key, Counter[str]] = {}
    outlets: dict[Key, Counter[str]] = {}
    for entity, outlet in found:
        key = key_of[entity.text]
        forms.setdefault(key, Counter())[entity.text] += 1
        labels.setdefault(key, Counter())[entity.label] += 1
        outlets.setdefault(key, Counter())[outlet] += 1
    by_words = {name_tokens(text): key for text, key in key_of.items()}
    return StoryNames(key_of, by_words, forms, labels, outlets)


def _undateline(entity: Entity, text: str) -> Entity:
    """A name in the capitals of a dateline in the case of a name ("WASHINGTON —" and
    "KABUL:" are Washington and Kabul); initials stay as they are ("(AP)")."""
    if entity.text.isupper() and len(entity.text) > 3 and entity.end <= dateline_length(text):
        return replace(entity, text=entity.text.title())
    return entity


#: The party letter before a member's home state.
_PARTIES = frozenset({"R-", "D-", "I-"})


def _party_tag(entity: Entity, text: str) -> bool:
    """The home state in a member's party tag ("Mitch McConnell, R-Ky."), which says who the
    person is, not where the story is."""
    return entity.label == "GPE" and text[max(entity.start - 2, 0) : entity.start] in _PARTIES


def entity_table(
    articles: Sequence[StoredArticle], limit: int = 30, names: StoryNames | None = None
) -> list[EntityItem]:
    """Names merged ("Trump", "Donald Trump", "Trump's" -> one; "US", "U.S.", "United States"
    -> one), counted per outlet.

    Most mentioned first; the longest form seen is the name shown, in the case most mentions
    use ("Seoul", not the dateline's "SEOUL").
    """
    names = names or story_names(articles)
    items = [
        EntityItem(
            name=_shown_name(forms, key),
            label="ORG" if key[-1] in DESIGNATORS else names.labels[key].most_common(1)[0][0],
            mentions=dict(sorted(names.outlets[key].items())),
        )
        for key, forms in names.forms.items()
    ]
    items.sort(key=lambda e: (-sum(e.mentions.values()), e.name))
    return items[:limit]


#: What tells a son from his father in the news: "Donald Trump Jr." is not "Donald Trump".
_GENERATIONS = frozenset({"jr", "sr"})


def _entity_keys(entities: Sequence[Entity]) -> dict[str, Key]:
    """Each mention's text -> the name it is counted under.

    The same words are one name whatever label the model gave each mention ("COVID-19" as a
    person in one sentence, an organisation in the next). Initials join the one name they
    stand for; a person's short form ("Trump", "Kim") joins the longest name of a person that
    contains it ("Donald Trump", "Kim Jong Un"), the most mentioned one when there are several
    ("Biden" with "Joe Biden" and "Hunter Biden"), but never two full names into one, unless
    they differ only in a doubled letter, and never a name into the same name with "Jr." or
    "Sr." (the son is not the father; a "III" is one man's formal name: Robert S. Mueller
    III). A one-word name and its plural are one, and so is an organisation and its name
    after a place or a person ("Senate", "U.S. Senate").
    """
    own = {entity.text: name_tokens(entity.text) for entity in entities}
    spelled = _spelled_out({e.text for e in entities if e.label != "PERSON"})
    labels: dict[Key, Counter[str]] = {}
    for entity in entities:
        labels.setdefault(own[entity.text], Counter())[entity.label] += 1
    people = {
        words: sum(count.values())
        for words, count in labels.items()
        if count.most_common(1)[0][0] == "PERSON"
    }
    related = related_names({words: words for words in people})
    longer: dict[Key, Key] = {}
    for words in people:
        containing = [
            other
            for other in related[words]
            if len(other) > len(words)
            and set(words) <= set(other)
            and not (set(other) - set(words)) & _GENERATIONS
        ]
        widest = [a for a in containing if not any(set(a) < set(b) for b in containing)]
        if widest:
            longer[words] = max(widest, key=lambda other: (people[other], other))
    keys = {
        text: _undoubled(
            tuple(spelled[text].split()) if text in spelled else longer.get(words, words)
        )
        for text, words in own.items()
    }
    keys = _placed_organisations(entities, own, labels, keys)
    keys = _designated_companies(own, labels, keys)
    # A group, its members and what is theirs are one name: "Republicans" and "Republican",
    # "Democrats" and "Democratic".
    single = {key[0] for key in keys.values() if len(key) == 1}
    stems = Counter(_stem(word) for word in single)
    return {
        text: (_stem(key[0]),) if len(key) == 1 and stems[_stem(key[0])] > 1 else key
        for text, key in keys.items()
    }


def _stem(word: str) -> str:
    """A one-word name without its plural or adjective ending ("democrats", "democratic")."""
    word = word[:-1] if word.endswith("s") else word
    return word[:-2] if word.endswith("ic") else word


#: Words that close a company's registered name ("Apple Inc.", "Boeing Co.", "Huawei
#: Technologies"): the name without them is the same company.
DESIGNATORS = frozenset(
    {"inc", "incorporated", "corp", "corporation", "co", "company", "ltd", "limited", "plc",
     "llc", "holdings", "group", "technologies"}
)  # fmt: skip


def _designated_companies(
    own: dict[str, Key], labels: dict[Key, Counter[str]], keys: dict[str, Key]
) -> dict[str, Key]:
    """A company's short name joins its registered name: "Pfizer" is "Pfizer Inc.", even
    where the small model took "Pfizer" for a person, but "Weinstein" stays the person when
    the story names one ("Harvey Weinstein" beside "The Weinstein Company")."""
    surnames = {
        words[-1]
        for words, count in labels.items()
        if len(words) > 1 and count.most_common(1)[0][0] == "PERSON"
    }
    registered = {key[:-1]: key for key in keys.values() if len(key) > 1 and key[-1] in DESIGNATORS}
    joined = dict(keys)
    for text, words in own.items():
        host = registered.get(keys[text])
        if host is None:
            continue
        if labels[words].most_common(1)[0][0] == "PERSON" and words[-1] in surnames:
            continue
        joined[text] = host
    return joined


#: Countries that news names mostly inside an organisation's name ("U.S. Senate", "UK
#: Parliament"), so that the story may never tag them as places on their own.
_COUNTRIES: frozenset[Key] = frozenset(
    {("us",), ("uk",), ("eu",), ("united", "states"), ("united", "kingdom"), ("european",),
     ("american",), ("british",)}
)  # fmt: skip


def _placed_organisations(
    entities: Sequence[Entity],
    own: dict[str, Key],
    labels: dict[Key, Counter[str]],
    keys: dict[str, Key],
) -> dict[str, Key]:
    """An organisation is one with its name after a place or a person.

    After a place or nationality, the longer name is the fuller one: "Senate" is "U.S.
    Senate", "Census Bureau" is "US Census Bureau", "Parliament" is "British Parliament". Only a
    place the story itself names counts, or its initials, or one of a few countries ("White
    House" is not "House"), and only when the story has no other longer name ending the same
    way: "Supreme Court" beside "U.S. Supreme Court" and "Pennsylvania Supreme Court" is left
    alone.

    After a person, the shorter name is the institution: "Trump White House" and "Biden's
    Justice Department" are the White House and the Justice Department.

    A name extended after it is another organisation ("Facebook New Zealand", a branch of
    Facebook), so only what comes before is read.
    """
    places = _COUNTRIES | {own[e.text] for e in entities if e.label in ("GPE", "NORP")}
    people = {own[e.text] for e in entities if e.label == "PERSON"}
    people |= {words[-1:] for words in people}

    def prefix(before: Key) -> str | None:
        if before in places or any(is_acronym(before, place) for place in places):
            return "place"
        return "person" if before in people else None

    organisations = [
        text for text, words in own.items() if labels[words].most_common(1)[0][0] == "ORG"
    ]
    by_last: dict[str, list[str]] = {}
    for text in organisations:
        by_last.setdefault(own[text][-1], []).append(text)
    # Every longer name ending in the short one, and what precedes it there.
    hosts: dict[Key, dict[Key, str | None]] = {}
    for text in organisations:
        words = own[text]
        for other in by_last[words[-1]]:
            longer = own[other]
            if len(longer) > len(words) and longer[-len(words) :] == words:
                found = hosts.setdefault(keys[text], {})
                found[keys[other]] = found.get(keys[other]) or prefix(longer[: -len(words)])
    joins: dict[Key, Key] = {}
    for short, found in hosts.items():
        kinds = set(found.values())
        if kinds == {"person"}:
            joins.update((host, short) for host in found if host != short)
        elif kinds == {"place"} and len(found) == 1:
            joins.update((short, host) for host in found if host != short)
    return {text: joins.get(key, key) for text, key in keys.items()}


_DOUBLED = re.compile(r"(\w)\1+")


def _undoubled(words: Key) -> Key:
    """A key that spells a doubled letter once: transliterations of one name differ so
    ("Qassem" / "Qasem Soleimani", "Mohammed" / "Mohamed"), two people's names rarely."""
    return tuple(_DOUBLED.sub(r"\1", word) for word in words)


def _shown_name(forms: Counter[str], key: Key) -> str:
    """The longest form, written as most mentions write it (case aside, forms are one); not
    one that puts a person before the name ("Biden's Justice Department")."""
    words = {form: name_tokens(form) for form in forms}
    named = [
        form
        for form in forms
        if not (len(words[form]) > len(key) and words[form][-len(key) :] == key)
    ] or list(forms)
    longest = max(len(words[form]) for form in named)
    full = [form for form in named if len(words[form]) == longest]
    cased: Counter[str] = Counter()
    for form in full:
        cased[form.casefold()] += forms[form]
    # The name, not its adjective: "Democrats" over "Democratic".
    spelling = max(cased, key=lambda k: (not k.endswith("ic"), cased[k], k))
    written = [form for form in full if form.casefold() == spelling]
    return max(written, key=lambda form: (not form.isupper(), forms[form], form))


def _spelled_out(names: set[str]) -> dict[str, str]:
    """For each name that is initials ("US", "U.S.", "the UN"), the key of the one name in the
    story it stands for ("United States"); names with no such match, or two, are left out."""
    tokens = {name: name_tokens(name) for name in names}
    related = related_names(tokens)
    keys: dict[str, str] = {}
    for name, words in tokens.items():
        meanings = sorted({tokens[o] for o in related[name] if is_acronym(words, tokens[o])})
        if len(meanings) == 1:
            keys[name] = " ".join(meanings[0])
        elif len(words) == 1 and "." in name:
            keys[name] = words[0]  # "U.S." with no "United States" is still "US"
    # The full names themselves ("United States", "the United States") join them.
    targets = set(keys.values())
    for name, words in tokens.items():
        if (joined := " ".join(words)) in targets:
            keys.setdefault(name, joined)
    return keys
