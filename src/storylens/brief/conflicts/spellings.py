"""One person's name spelled two ways by different outlets ("Reince Preibus" / "Reince
Priebus", "Vicente Fox" / "Vincente Fox"), or given another first name ("Loretta Sanchez" /
"Linda Sánchez" for the winner of one vote, "Raide" / "Ray Jadallah" for one official).

A reader checking a name wants to know that the outlets do not agree on it. Two different
people with alike names are common too ("John Smith" / "Joan Smith"), so a pair counts only
when everything else says it is one person:

- both names have two words or more, all but one identical (accents and apostrophes aside),
  and that one word differs by a single edit or two letters swapped, and is long enough (five
  letters) that such an edit is a slip rather than another name;
- the sentences naming them say the same (cosine at least ``CONTEXT``);
- neither outlet ever writes the other spelling (an article that names both is naming two
  people).

A name given alone, by a report that never writes it within a longer one ("his wife, Stacy" /
"Cowan's wife, Stacey"), has no other word to vouch for it, so the words around both must
(``LONE_WORDS`` in common), besides the slip.

Another first name with the same surname is far more often another person (a wife, a
brother), so it counts only when the sentences are closer still (``FIRST_NAME_CONTEXT``) and
share a word around the names (or are closer than ``CLOSE``), both first names are written
out with the same initial, and neither is the other's usual short form ("Mike" / "Michael",
``SHORT_FORMS``).
"""

from __future__ import annotations

from collections.abc import Sequence

from storylens.brief.conflicts.common import (
    Mention,
    about_words,
    conflict,
    dispute_groups,
    labelled,
    mention,
    senses,
    shares_sense,
    sources,
)
from storylens.brief.naming import letters, one_edit_apart
from storylens.brief.schema import Conflict
from storylens.embed import Vectors
from storylens.facts.speakers import is_name
from storylens.model import Entity, StoredArticle

#: Sentence cosine from which two sentences speak of the same person.
CONTEXT = 0.5
#: Sentence cosine from which two sentences giving a name alone may speak of one person, and
#: the words around the two names they must share ("wife", "young", "sons").
LONE_CONTEXT = 0.3
LONE_WORDS = 3
_VOWELS = frozenset("aeiouy")
#: Shortest word whose misspelling is taken for a slip.
MIN_LETTERS = 5
#: Sentence cosine from which two sentences giving one surname two first names speak of the
#: same person.
FIRST_NAME_CONTEXT = 0.6
#: Sentence cosine from which they need no word around the names in common.
CLOSE = 0.7
#: Short forms of English first names that news uses for the same person.
SHORT_FORMS = frozenset(
    frozenset(pair)
    for pair in (
        ("mike", "michael"), ("mick", "michael"), ("bill", "william"), ("will", "william"),
        ("bob", "robert"), ("rob", "robert"), ("jim", "james"), ("jimmy", "james"),
        ("joe", "joseph"), ("tom", "thomas"), ("dick", "richard"), ("rick", "richard"),
        ("ted", "edward"), ("ed", "edward"), ("ted", "theodore"), ("chuck", "charles"),
        ("charlie", "charles"), ("dan", "daniel"), ("dave", "david"), ("chris", "christopher"),
        ("matt", "matthew"), ("pat", "patrick"), ("pat", "patricia"), ("tony", "anthony"),
        ("steve", "steven"), ("steve", "stephen"), ("nick", "nicholas"), ("liz", "elizabeth"),
        ("beth", "elizabeth"), ("kate", "katherine"), ("kathy", "katherine"),
        ("jen", "jennifer"), ("jenny", "jennifer"), ("sam", "samuel"), ("ben", "benjamin"),
        ("andy", "andrew"), ("alex", "alexander"), ("jon", "jonathan"), ("tim", "timothy"),
        ("greg", "gregory"), ("ron", "ronald"), ("don", "donald"), ("larry", "lawrence"),
        ("jerry", "gerald"), ("hank", "henry"), ("harry", "henry"), ("jack", "john"),
        ("johnny", "john"), ("mitch", "mitchell"), ("ray", "raymond"), ("sue", "susan"),
        ("meg", "margaret"), ("peggy", "margaret"), ("maggie", "margaret"), ("al", "albert"),
        ("al", "alan"), ("fred", "frederick"), ("ken", "kenneth"), ("phil", "philip"),
        ("vince", "vincent"), ("jeff", "jeffrey"), ("josh", "joshua"), ("zach", "zachary"),
        ("gabe", "gabriel"), ("abe", "abraham"), ("newt", "newton"),
    )
)  # fmt: skip


def spelling_conflicts(
    articles: Sequence[StoredArticle], vectors: dict[str, Vectors]
) -> list[Conflict]:
    names = [
        mention(e, e.text, e.text, stored, rows, (e.sentence, e.start, e.end), version=version)
        for stored, rows, version in sources(articles, vectors)
        for e in _names(stored)
    ]
    return [
        conflict(group, _about, may_change=lambda _: False)
        for group in dispute_groups(names, LONE_CONTEXT, _one_person_two_ways)
    ]


def _names(stored: StoredArticle) -> list[Entity]:
    """The people the article names in full, and those it names only alone: a surname
    that stands for a full name given elsewhere is compared in that full name."""
    people = [e for e in stored.facts.entities if e.label == "PERSON" and is_name(e.text)]
    in_full = {letters(w) for e in people if len(e.text.split()) >= 2 for w in e.text.split()}
    return [e for e in people if len(e.text.split()) >= 2 or letters(e.text) not in in_full]


def _one_person_two_ways(a: Mention[Entity], b: Mention[Entity]) -> bool:
    lone = [len(m.key.split()) == 1 for m in (a, b)]
    if any(lone):
        return all(lone) and _slip(letters(a.key), letters(b.key)) and _lone_alike(a, b)
    if float(a.context @ b.context) < CONTEXT:
        return False
    return _spelled_alike(a, b) or _other_first_name(a, b)


def _lone_alike(a: Mention[Entity], b: Mention[Entity]) -> bool:
    return len(senses(a) & senses(b)) >= LONE_WORDS


def _other_first_name(a: Mention[Entity], b: Mention[Entity]) -> bool:
    """Same surname, another written-out first name with the same initial (see the module)."""
    words_a, words_b = letters(a.key).split(), letters(b.key).split()
    first_a, first_b = words_a[0], words_b[0]
    return (
        words_a[-1] == words_b[-1]
        and len(words_a[-1]) >= MIN_LETTERS - 1
        and first_a != first_b
        and first_a[0] == first_b[0]
        and min(len(first_a), len(first_b)) >= 3
        and first_a.isalpha()
        and first_b.isalpha()
        and frozenset((first_a, first_b)) not in SHORT_FORMS
        and not _romanised(first_a, first_b)
        and _alike(a, b)
    )


def _alike(a: Mention[Entity], b: Mention[Entity]) -> bool:
    """Sentences close, and a word around the names in common unless closer still."""
    similarity = float(a.context @ b.context)
    return similarity >= FIRST_NAME_CONTEXT and (shares_sense(a, b) or similarity >= CLOSE)


def _spelled_alike(a: Mention[Entity], b: Mention[Entity]) -> bool:
    words_a, words_b = letters(a.key).split(), letters(b.key).split()
    if len(words_a) != len(words_b):
        return False
    differ = [(x, y) for x, y in zip(words_a, words_b, strict=True) if x != y]
    return len(differ) == 1 and _slip(*differ[0])


def _slip(a: str, b: str) -> bool:
    """One letter replaced, added or dropped, or two neighbours swapped, in a long word, and
    not the way one name is written from another alphabet (``_romanised``)."""
    if min(len(a), len(b)) < MIN_LETTERS or a[:1] != b[:1] or _romanised(a, b):
        return False
    wrong = [i for i in range(min(len(a), len(b))) if a[i] != b[i]]
    swapped = (
        len(a) == len(b)
        and len(wrong) == 2
        and wrong[1] == wrong[0] + 1
        and (a[wrong[0]], a[wrong[1]]) == (b[wrong[1]], b[wrong[0]])
    )
    return swapped or one_edit_apart(a, b)


def _romanised(a: str, b: str) -> bool:
    """Whether the two spellings are two romanisations of one name, each an outlet's house
    style rather than a slip: a vowel for another ("Muammar" / "Moammar"), a letter doubled
    inside the word ("Qassem" / "Qasem"; "Kestrell" / "Kestrel" is a slip), an "i" beside a
    "y" or an "i" ("Zelensky" / "Zelenskiy"), an "h" after a consonant ("Gadafi" /
    "Gadhafi"). Labellers of real coverage agreed that these are no disagreement; "Stacy" /
    "Stacey" and "Preibus" / "Priebus" are."""
    if len(a) == len(b):
        changed = [(x, y) for x, y in zip(a, b, strict=True) if x != y]
        return len(changed) == 1 and set(changed[0]) <= _VOWELS
    short, long = sorted((a, b), key=len)
    if len(long) != len(short) + 1:
        return False
    for i, letter in enumerate(long):
        if long[:i] + long[i + 1 :] != short:
            continue
        before, after = long[i - 1 : i], long[i + 1 : i + 2]
        if (
            (letter in (before, after) and i not in (len(short) - 1, len(short)))
            or (letter == "i" and "y" in (before, after))
            or (letter == "h" and before not in _VOWELS and before != "")
        ):
            return True
    return False


def _about(group: Sequence[Mention[Entity]]) -> str:
    """Which name, by the words the spellings share ("spelling of the name (Reince)"), or for
    a name given alone, by the words around it ("spelling of a name (Cowan wife)")."""
    if len(group[0].key.split()) == 1:
        return labelled("spelling of a name", about_words(group))
    shared = [
        w for w in group[0].key.split() if all(letters(w) in letters(m.key).split() for m in group)
    ]
    if any(_other_first_name(a, b) and not _spelled_alike(a, b) for a in group for b in group):
        # "Loretta Sanchez" / "Linda T. Sánchez": the surname as the first value writes it.
        return f"first name of {group[0].key.split()[-1]}"
    return f"spelling of the name ({' '.join(shared)})"
