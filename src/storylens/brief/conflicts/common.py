"""What the three kinds of conflict share: mentions, the words around them, grouping, kinds.

A conflict starts from two mentions by different voices (outlets, or one outlet at two times:
a page revised in place, a later report) whose values differ while their sentences talk about
the same thing. Sentences are compared first, as one matrix product over
the sentences that hold a mention, so only mentions in similar sentences are ever paired; each
kind then says what else must hold for the two to be about the same thing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Generic, NamedTuple, TypeVar

import numpy as np

from storylens.brief.disjoint import DisjointSets
from storylens.brief.naming import words_of
from storylens.brief.schema import Conflict, ConflictKind, ConflictValue
from storylens.brief.versions import page_histories
from storylens.embed import Vectors
from storylens.facts.dates import WEEKDAYS
from storylens.facts.sentences import dateline_length
from storylens.model import StoredArticle
from storylens.stopwords import STOP_WORDS

T = TypeVar("T")
#: When a value is given: the report's publication time, then its page's version (0 unless the
#: page was revised in place, whose later version may keep the first one's publication time).
Moment = tuple[datetime | None, int]
#: Who gives a value when: an outlet at a moment.
Voice = tuple[str, Moment]

#: Content words either side of a mention that say what it is about.
WINDOW = 4
#: Most words of the first value's context that ``about`` repeats.
ABOUT_WORDS = 3

MONTHS = (
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december",
)  # fmt: skip
#: Words found around figures and dates of any subject: sharing one says nothing.
_WEAK = frozenset(
    {"said", "says", "say", "told", "according", "reported", "far", "news", "including",
     "includes", "included", *MONTHS, *WEEKDAYS}
)  # fmt: skip
#: News counts its dead as killed, dead, deaths, fatalities or a toll, its injured as
#: injured, wounded or hurt, the missing as missing or unaccounted for, and the rescued as
#: rescued, pulled out or saved; a suffix stemmer cannot see that these are one thing.
_SENSES = {
    **dict.fromkeys(
        ("kill", "killed", "killing", "dead", "died", "die", "dies", "death", "deaths", "toll",
         "fatalities", "fatality", "lives", "bodies"),
        "death",
    ),
    **dict.fromkeys(("injured", "injuring", "injuries", "wounded", "hurt"), "injury"),
    **dict.fromkeys(("missing", "unaccounted"), "missing"),
    **dict.fromkeys(("rescued", "rescuing", "rescue", "pulled", "saved", "evacuated"), "rescue"),
}  # fmt: skip
_SUFFIXES = ("ing", "ed", "es", "s", "e")


def sense(word: str) -> str:
    """One form for the inflections and synonyms that should count as the same word."""
    word = word.casefold()
    if word in _SENSES:
        return _SENSES[word]
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3 and not word.endswith("ss"):
            return word[: -len(suffix)]
    return word


def content_words(words: Sequence[str]) -> list[str]:
    """The words that can tell one subject from another."""
    return [w for w in words if w.casefold() not in STOP_WORDS and w.casefold() not in _WEAK]


@dataclass(frozen=True, slots=True)
class Mention(Generic[T]):
    """One value an article gives (a figure, a date, a name) and the sentence around it.

    ``key`` is the value as compared (equal keys are the same value), ``value`` as shown, and
    ``near`` the content words around it (see ``words_near``).
    """

    fact: T
    key: str
    value: str
    stored: StoredArticle
    sentence: int
    start: int
    end: int
    context: Vectors
    near: tuple[str, ...]
    version: int = 0

    @property
    def outlet(self) -> str:
        return self.stored.article.outlet

    @property
    def published(self) -> datetime | None:
        return self.stored.article.published

    @property
    def moment(self) -> Moment:
        return self.published, self.version

    @property
    def voice(self) -> Voice:
        return self.outlet, self.moment

    @property
    def text(self) -> str:
        return self.stored.facts.sentences[self.sentence].text

    def in_dateline(self) -> bool:
        start = self.start - self.stored.facts.sentences[self.sentence].start
        return start < dateline_length(self.text)


def mention(
    fact: T,
    key: str,
    value: str,
    stored: StoredArticle,
    vectors: Vectors,
    span: tuple[int, int, int],
    also: tuple[str, ...] = (),
    version: int = 0,
) -> Mention[T]:
    """A mention at ``span`` (sentence index, start, end offsets into the article text);
    ``also``: words from elsewhere that speak of the same value; ``version``: the page's
    (``Source.version``)."""
    sentence, start, end = span
    near = (*words_near(stored, sentence, start, end), *also)
    return Mention(fact, key, value, stored, sentence, start, end, vectors[sentence], near, version)


def words_near(stored: StoredArticle, sentence: int, start: int, end: int) -> tuple[str, ...]:
    """The ``WINDOW`` content words before and after a span, as written, in text order;
    counting content words, not words, lets "to the tune of $3.5 billion" reach back to the
    "construction budget" it is. The window stops at the sentence, whose neighbours speak of
    other things."""
    before, after = text_around(stored, sentence, start, end)
    return (*content_words(words_of(before))[-WINDOW:], *content_words(words_of(after))[:WINDOW])


def text_around(stored: StoredArticle, sentence: int, start: int, end: int) -> tuple[str, str]:
    """The text of the span's sentence before it and after it."""
    whole = stored.facts.sentences[sentence]
    return whole.text[: start - whole.start], whole.text[end - whole.start :]


class Source(NamedTuple):
    """An article that can be a source: its sentence vectors, and its page's version."""

    stored: StoredArticle
    vectors: Vectors
    version: int

    @property
    def voice(self) -> Voice:
        """Who says a value when: an outlet may update its own figure in a later report or a
        revision of the page, but one report's values never dispute each other."""
        return self.stored.article.outlet, (self.stored.article.published, self.version)


def sources(articles: Sequence[StoredArticle], vectors: dict[str, Vectors]) -> Iterator[Source]:
    """The articles that can be a source, with their sentence vectors; copies never are."""
    version = {
        articles[index].article.id: rank
        for history in page_histories(articles)
        for rank, index in enumerate(history)
    }
    for stored in articles:
        article_vectors = vectors.get(stored.article.id)
        if stored.copy_of is None and article_vectors is not None:
            yield Source(stored, article_vectors, version.get(stored.article.id, 0))


def dispute_groups(
    mentions: Sequence[Mention[T]],
    threshold: float,
    related: Callable[[Mention[T], Mention[T]], bool],
    given: dict[Voice, set[str]] | None = None,
    *,
    matched: bool = False,
) -> list[list[Mention[T]]]:
    """Mentions joined, through any chain of disputed pairs, into groups, in reading order.

    A pair is disputed when the mentions come from different outlets (or versions of one
    page, ``_may_dispute``), give different values, stand in sentences at least ``threshold``
    alike, ``related`` holds, and each is the other's closest match in the other article
    (``_mutual_best``). A value that both voices give somewhere (an old rate next to the new
    one) is not in dispute, and neither is a group that a chain made of what one voice tells
    apart (``_consistent``). ``given`` adds values a voice states without a mention that could
    be compared (a bare "338" beside "156 seats").

    With ``matched``, a value the other voice gives elsewhere settles nothing by itself: that
    mention competes as the closest match, as an agreement, and a pair is disputed only when
    it wins. Dates need this, as a report gives one day for one event and another day for the
    next ("wrote the post Friday", "apologized Saturday"), and the day that another report
    gives for the apology is disputed by the second, not agreed with by the first. Only a
    value given in the same sentence still settles it.
    """
    rows: dict[tuple[str, int], int] = {}
    for m in mentions:
        rows.setdefault((m.stored.article.id, m.sentence), len(rows))
    if not rows:
        return []
    by_row: list[list[int]] = [[] for _ in rows]
    matrix = np.zeros((len(rows), mentions[0].context.shape[0]), dtype=np.float32)
    keys_by_voice: dict[Voice, set[str]] = {v: set(keys) for v, keys in (given or {}).items()}
    keys_by_row: list[set[str]] = [set() for _ in rows]
    for i, m in enumerate(mentions):
        row = rows[(m.stored.article.id, m.sentence)]
        by_row[row].append(i)
        matrix[row] = m.context
        keys_by_voice.setdefault(m.voice, set()).add(m.key)
        keys_by_row[row].add(m.key)
    similarity = matrix @ matrix.T
    candidates: list[tuple[int, int]] = []
    for r, s in zip(*np.nonzero(np.triu(similarity >= threshold)), strict=True):
        for i in by_row[r]:
            for j in by_row[s]:
                a, b = mentions[i], mentions[j]
                settled = keys_by_row[s] if matched else keys_by_voice[b.voice]
                settles = keys_by_row[r] if matched else keys_by_voice[a.voice]
                if (
                    _may_dispute(a, b)
                    and (a.key != b.key or matched)
                    and (a.key == b.key or (a.key not in settled and b.key not in settles))
                    and related(a, b)
                ):
                    candidates.append((i, j))
    sets = DisjointSets(len(mentions))
    disputed: set[int] = set()
    for i, j in _mutual_best(candidates, mentions, similarity, rows):
        if mentions[i].key != mentions[j].key:
            sets.join(i, j)
            disputed.update((i, j))
    groups: dict[int, list[Mention[T]]] = {}
    for i in sorted(disputed):
        groups.setdefault(sets.root(i), []).append(mentions[i])
    return [
        group for group in groups.values() if _consistent(group, None if matched else keys_by_voice)
    ]


def _mutual_best(
    pairs: Sequence[tuple[int, int]],
    mentions: Sequence[Mention[T]],
    similarity: np.ndarray,
    rows: dict[tuple[str, int], int],
) -> list[tuple[int, int]]:
    """The pairs in which each mention is the other's closest match in the other article:
    a figure is set against the one the other report gives for the same thing, not against
    every figure of that report that could be ("$3.5 billion" from the construction budget
    against "$3.6 billion" from it, not against "$2.5 billion" from the drug programmes).
    Closest is most words around in common, then the most alike sentences."""

    def affinity(i: int, j: int) -> tuple[int, float]:
        a, b = mentions[i], mentions[j]
        row_a = rows[(a.stored.article.id, a.sentence)]
        row_b = rows[(b.stored.article.id, b.sentence)]
        return len(senses(a) & senses(b)), float(similarity[row_a, row_b])

    best: dict[tuple[int, str], tuple[tuple[int, float], int]] = {}
    for i, j in pairs:
        score = affinity(i, j)
        for one, other in ((i, j), (j, i)):
            key = (one, mentions[other].stored.article.id)
            if key not in best or score > best[key][0]:
                best[key] = (score, other)
    return [
        (i, j)
        for i, j in pairs
        if best[(i, mentions[j].stored.article.id)][1] == j
        and best[(j, mentions[i].stored.article.id)][1] == i
    ]


def _may_dispute(a: Mention[T], b: Mention[T]) -> bool:
    """Different outlets, or one page at two versions. Two articles of one outlet usually
    tell of different things with the same words (two cars' horsepower in two reviews, two
    awards in two reports), and a toll the outlet updates in a new article is set against the
    other outlets' figures anyway."""
    if a.outlet != b.outlet:
        return True
    url = a.stored.article.url
    return url is not None and url == b.stored.article.url and a.version != b.version


def _consistent(group: Sequence[Mention[T]], keys_by_voice: dict[Voice, set[str]] | None) -> bool:
    """Whether the chain of pairs kept one thing: an article that gives two of the values
    tells them apart itself ("tariffs on $34 billion in July, now on $200 billion"), and a
    voice that gives another member's value elsewhere does not dispute it ("$2.5 billion for
    drug programmes" chained through a third report to the "$3.6 billion" its own article
    also gives). Without ``keys_by_voice`` (``matched`` groups), only the first holds."""
    keys: dict[str, str] = {}
    if not all(keys.setdefault(m.stored.article.id, m.key) == m.key for m in group):
        return False
    if keys_by_voice is None:
        return True
    values = {m.key for m in group}
    return all(len(keys_by_voice[m.voice] & values) == 1 for m in group)


def senses(m: Mention[T]) -> set[str]:
    return {sense(w) for w in m.near}


def shares_sense(a: Mention[T], b: Mention[T]) -> bool:
    """Whether the words around two mentions say what they are about the same way."""
    return bool(senses(a) & senses(b))


def conflict(
    group: Sequence[Mention[T]],
    about: Callable[[Sequence[Mention[T]]], str],
    refines: Callable[[Mention[T], Mention[T]], bool] | None = None,
    may_change: Callable[[Sequence[Mention[T]]], bool] = lambda _: True,
) -> Conflict:
    """The brief's item for one group; values oldest first, unknown times first, so the last
    value is the latest report (the one to believe when a figure changed).

    ``refines(coarse, fine)`` says a value is the other at a coarser precision; a group of such
    values only is ``different_precision``. ``may_change`` says whether a value of this kind
    can be superseded by a later report, as a tally can; then values that differ only between
    publication times are ``changed_over_time``.
    """
    ordered = _ordered(group)
    kind: ConflictKind
    if refines is not None and _all_refine(ordered, refines):
        kind = "different_precision"
    elif may_change(ordered) and _differ_only_over_time(ordered):
        kind = "changed_over_time"
    else:
        kind = "contradiction"
    values = [
        ConflictValue(
            value=m.value,
            text=m.text,
            source=m.stored.article.id,
            outlet=m.outlet,
            published=m.published.isoformat() if m.published else None,
        )
        for m in ordered
    ]
    return Conflict(about=about(ordered), kind=kind, values=values)


def about_words(group: Sequence[Mention[T]]) -> list[str]:
    """Words around the first value that every sentence of the group uses too: the subject
    the values share ("Trump" for electoral votes, "Doha Agreement" for a date)."""
    everywhere = set.intersection(*({sense(w) for w in words_of(m.text)} for m in group))
    found: list[str] = []
    for word in group[0].near:
        if sense(word) in everywhere and word not in found:
            found.append(word)
    return found[:ABOUT_WORDS]


def labelled(head: str, words: Sequence[str]) -> str:
    return f"{head} ({' '.join(words)})" if words else head


def _ordered(group: Sequence[Mention[T]]) -> list[Mention[T]]:
    """One mention per article and value, by publication time, then source and position."""
    seen: set[tuple[str, str]] = set()
    ordered: list[Mention[T]] = []
    for m in sorted(
        group,
        key=lambda m: (
            m.published is not None,
            m.published.isoformat() if m.published else "",
            m.version,
            m.stored.article.id,
            m.start,
        ),
    ):
        if (m.stored.article.id, m.key) not in seen:
            seen.add((m.stored.article.id, m.key))
            ordered.append(m)
    return ordered


def _all_refine(
    group: Sequence[Mention[T]], refines: Callable[[Mention[T], Mention[T]], bool]
) -> bool:
    distinct = list({m.key: m for m in group}.values())
    return all(
        refines(a, b) or refines(b, a) for i, a in enumerate(distinct) for b in distinct[i + 1 :]
    )


def _differ_only_over_time(group: Sequence[Mention[T]]) -> bool:
    """Values differ between moments (publication times, versions of a page), and never
    between reports of the same moment."""
    keys_at: dict[Moment, set[str]] = {}
    for m in group:
        if m.published is not None or m.version:
            keys_at.setdefault(m.moment, set()).add(m.key)
    timed_keys = set().union(*keys_at.values()) if keys_at else set()
    return len(timed_keys) > 1 and all(len(keys) == 1 for keys in keys_at.values())
