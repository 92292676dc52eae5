"""One person's name spelled two ways by different outlets ("Reince Preibus" / "Reince
Priebus", "Vicente Fox" / "Vincente Fox").

A reader checking a name wants to know that the outlets do not agree on it. Two different
people with alike names are common too ("John Smith" / "Joan Smith"), so a pair counts only
when everything else says it is one person:

- both names have two words or more, all but one identical (accents and apostrophes aside),
  and that one word differs by a single edit or two letters swapped, and is long enough (five
  letters) that such an edit is a slip rather than another name;
- the sentences naming them say the same (cosine at least ``CONTEXT``);
- neither outlet ever writes the other spelling (an article that names both is naming two
  people).
"""

from __future__ import annotations

from collections.abc import Sequence

from storylens.brief.conflicts.common import Mention, conflict, dispute_groups, mention, sources
from storylens.brief.naming import letters, one_edit_apart
from storylens.brief.schema import Conflict
from storylens.embed import Vectors
from storylens.facts.speakers import is_name
from storylens.model import Entity, StoredArticle

#: Sentence cosine from which two sentences speak of the same person.
CONTEXT = 0.5
#: Shortest word whose misspelling is taken for a slip.
MIN_LETTERS = 5


def spelling_conflicts(
    articles: Sequence[StoredArticle], vectors: dict[str, Vectors]
) -> list[Conflict]:
    names = [
        mention(e, e.text, e.text, stored, rows, (e.sentence, e.start, e.end), version=version)
        for stored, rows, version in sources(articles, vectors)
        for e in stored.facts.entities
        if e.label == "PERSON" and len(e.text.split()) >= 2 and is_name(e.text)
    ]
    return [
        conflict(group, _about, may_change=lambda _: False)
        for group in dispute_groups(names, CONTEXT, _spelled_alike)
    ]


def _spelled_alike(a: Mention[Entity], b: Mention[Entity]) -> bool:
    words_a, words_b = letters(a.key).split(), letters(b.key).split()
    if len(words_a) != len(words_b):
        return False
    differ = [(x, y) for x, y in zip(words_a, words_b, strict=True) if x != y]
    return len(differ) == 1 and _slip(*differ[0])


def _slip(a: str, b: str) -> bool:
    """One letter replaced, added or dropped, or two neighbours swapped, in a long word."""
    if min(len(a), len(b)) < MIN_LETTERS or a[:1] != b[:1]:
        return False
    wrong = [i for i in range(min(len(a), len(b))) if a[i] != b[i]]
    swapped = (
        len(a) == len(b)
        and len(wrong) == 2
        and wrong[1] == wrong[0] + 1
        and (a[wrong[0]], a[wrong[1]]) == (b[wrong[1]], b[wrong[0]])
    )
    return swapped or one_edit_apart(a, b)


def _about(group: Sequence[Mention[Entity]]) -> str:
    """Which name, by the words the spellings share ("spelling of the name (Reince)")."""
    shared = [w for w in group[0].key.split() if all(w in m.key.split() for m in group)]
    return f"spelling of the name ({' '.join(shared)})"
