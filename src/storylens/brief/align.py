"""Claim groups: the same statement told by several outlets, found by sentence embeddings.

Sentences of different articles are linked by embedding cosine plus what they share beyond
their wording (a figure, named entities, quoted words), strongest links first, and a group takes
at most one sentence per article (an article repeating itself is not a second source).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Collection, Hashable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from storylens.brief.disjoint import DisjointSets
from storylens.brief.entities import entity_key
from storylens.cluster import IDENTIFYING_LABELS
from storylens.embed import Vectors
from storylens.facts.furniture import is_furniture
from storylens.model import StoredArticle
from storylens.stopwords import STOP_WORDS

#: Sentences shorter than this many words ("Read more.", datelines) are not claims.
MIN_WORDS = 6
_WORD = re.compile(r"\w+")
#: Added to the cosine of two sentences stating the same figure: a shared number counting the
#: same thing is strong evidence of one claim even when the wording differs.
FIGURE_BONUS = 0.08
#: Added times the Jaccard overlap of the two sentences' named entities, and when both quote the
#: same words. Set by hand (no labelled alignments here) and kept small: they tip a borderline
#: pair of paraphrases over the threshold, they never make unrelated sentences one claim.
ENTITY_BONUS = 0.05
QUOTE_BONUS = 0.05
#: From this size a figure is often written rounded ("$1.4 trillion" for $1.37 trillion).
ROUNDED_FROM = 1000
#: Words that open a figure the writer did not give exactly ("some 180,000", "at least 150",
#: "more than 600"), and how far from it another figure may be and still agree.
HEDGES = frozenset(
    {"about", "almost", "approximately", "around", "as", "at", "estimated", "fewer", "less",
     "more", "nearly", "over", "roughly", "some", "under", "up"}
)  # fmt: skip
HEDGE_RANGE = 0.15


@dataclass(frozen=True, slots=True)
class Member:
    """One sentence of one article inside a claim group."""

    article: int
    sentence: int
    text: str


@dataclass(frozen=True, slots=True)
class ClaimGroup:
    members: tuple[Member, ...]
    #: Index (into members) of the sentence that states the group best: the most central one.
    representative: int
    #: Distinct outlets among the members' articles.
    outlets: tuple[str, ...]

    @property
    def text(self) -> str:
        return self.members[self.representative].text


def claim_groups(
    articles: list[StoredArticle], vectors: dict[str, Vectors], threshold: float
) -> list[ClaimGroup]:
    """Group the sentences of the story's original articles.

    Two sentences of different articles are linked when their cosine, plus a bonus for what they
    share beyond their wording (a figure counting the same thing, "13 US service members";
    named entities; quoted words), reaches the threshold. Links are taken strongest first and
    join two groups only when the groups share no article (Kruskal-style), so the result does
    not depend on reading order and no group holds two sentences of one article. Copies are
    left out: they add no independent source.
    """
    members: list[Member] = []
    rows: list[Vectors] = []
    anchors: list[_Anchors] = []
    for a_index, stored in enumerate(articles):
        article_vectors = vectors.get(stored.article.id)
        if stored.copy_of is not None or article_vectors is None:
            continue
        by_sentence = _anchors(stored)
        for sentence in stored.facts.sentences:
            if len(_WORD.findall(sentence.text)) < MIN_WORDS or is_furniture(sentence.text):
                continue
            members.append(Member(a_index, sentence.index, sentence.text))
            rows.append(article_vectors[sentence.index])
            anchors.append(by_sentence.get(sentence.index, _Anchors()))
    if not members:
        return []
    matrix = np.vstack(rows)
    similarity = matrix @ matrix.T
    owner = np.array([m.article for m in members])
    score = similarity + _bonus(anchors)
    score[owner[:, None] == owner[None, :]] = -1.0
    score[_disagreeing(anchors)] = -1.0
    first, second = np.nonzero(np.triu(score >= threshold, k=1))
    links = sorted(zip(first.tolist(), second.tolist(), strict=True), key=lambda p: (-score[p], p))
    sets = DisjointSets(len(members))
    articles_in = [{m.article} for m in members]
    for i, j in links:
        ri, rj = sets.root(i), sets.root(j)
        if ri == rj or articles_in[ri] & articles_in[rj]:
            continue
        sets.join(ri, rj)
        articles_in[ri] |= articles_in[rj]
    grouped: dict[int, list[int]] = {}
    for i in range(len(members)):
        grouped.setdefault(sets.root(i), []).append(i)
    result: list[ClaimGroup] = []
    for group in grouped.values():
        inner = similarity[np.ix_(group, group)].sum(axis=1)
        outlets = sorted({articles[members[i].article].article.outlet for i in group})
        result.append(
            ClaimGroup(
                members=tuple(members[i] for i in group),
                representative=int(np.argmax(inner)),
                outlets=tuple(outlets),
            )
        )
    return result


@dataclass(frozen=True, slots=True)
class _Anchors:
    """What a sentence pins down beyond its wording."""

    #: (value, head word of the unit): "13 US service members" -> (13.0, "members").
    figures: frozenset[tuple[float, str]] = frozenset()
    #: Named people, organisations and places, keyed as the entity table keys them.
    entities: frozenset[str] = frozenset()
    #: Pairs of consecutive quoted words, not both stop words: the same words in quotation
    #: marks are the same statement, however the sentence around them is worded.
    quoted: frozenset[str] = frozenset()
    #: Most of the sentence is a quote: what it states is the quoted words.
    mostly_quoted: bool = False
    #: The figures written as estimates or bounds ("about 180,000", "more than 600").
    hedged: frozenset[tuple[float, str]] = frozenset()


def _anchors(stored: StoredArticle) -> dict[int, _Anchors]:
    figures: dict[int, set[tuple[float, str]]] = {}
    hedged: dict[int, set[tuple[float, str]]] = {}
    entities: dict[int, set[str]] = {}
    quoted: dict[int, set[str]] = {}
    quoted_chars: dict[int, int] = {}
    facts = stored.facts
    for q in facts.quantities:
        if q.unit:
            figure = (q.value, q.unit.split()[-1].casefold())
            figures.setdefault(q.sentence, set()).add(figure)
            if q.text.casefold().split()[0] in HEDGES:
                hedged.setdefault(q.sentence, set()).add(figure)
    for e in facts.entities:
        if e.label in IDENTIFYING_LABELS and (key := entity_key(e.text, e.label)):
            entities.setdefault(e.sentence, set()).add(key)
    for quote in facts.quotes:
        words = _WORD.findall(quote.text.casefold())
        quoted_chars[quote.sentence] = quoted_chars.get(quote.sentence, 0) + len(quote.text)
        quoted.setdefault(quote.sentence, set()).update(
            f"{a} {b}"
            for a, b in itertools.pairwise(words)
            if a not in STOP_WORDS or b not in STOP_WORDS
        )
    return {
        i: _Anchors(
            frozenset(figures.get(i, ())),
            frozenset(entities.get(i, ())),
            frozenset(quoted.get(i, ())),
            2 * quoted_chars.get(i, 0) > len(facts.sentences[i].text),
            frozenset(hedged.get(i, ())),
        )
        for i in figures.keys() | entities.keys() | quoted.keys()
    }


def _bonus(anchors: list[_Anchors]) -> Vectors:
    """What two sentences' shared anchors add to their cosine: a shared figure, the Jaccard
    overlap of their named entities, a shared quoted phrase."""
    figures = _incidence([a.figures for a in anchors])
    entities = _incidence([a.entities for a in anchors])
    quoted = _incidence([a.quoted for a in anchors])
    shared_entities = entities @ entities.T
    sizes = np.diag(shared_entities)
    union = sizes[:, None] + sizes[None, :] - shared_entities
    jaccard = np.divide(shared_entities, union, out=np.zeros_like(union), where=union > 0)
    return np.asarray(
        FIGURE_BONUS * (figures @ figures.T > 0)
        + ENTITY_BONUS * jaccard
        + QUOTE_BONUS * (quoted @ quoted.T > 0),
        dtype=np.float32,
    )


def _disagreeing(anchors: list[_Anchors]) -> npt.NDArray[np.bool_]:
    """Pairs of sentences that do not say the same however alike they read, so the brief
    never shows one as agreeing with the other: they count the same thing with different
    figures ("expecting 845,000 jobs" / "870,000 jobs"; a figure that only rounds the other,
    "$1.4 trillion" / "$1.37 trillion", agrees with it), or they are quotes with no quoted
    words in common."""
    counted = [i for i, a in enumerate(anchors) if a.figures]
    blocked = np.zeros((len(anchors), len(anchors)), dtype=bool)
    for i, j in itertools.combinations(counted, 2):
        if _figures_differ(anchors[i], anchors[j]):
            blocked[i, j] = blocked[j, i] = True
    # Two quotes that share no quoted words are two remarks, however alike in subject: one
    # statement's sentences ("... honour all those Armenians who perished ..." / "... we
    # remember the lives of all those who died ...") are not one claim of two outlets.
    quotes = [i for i, a in enumerate(anchors) if a.mostly_quoted]
    for i, j in itertools.combinations(quotes, 2):
        if not anchors[i].quoted & anchors[j].quoted:
            blocked[i, j] = blocked[j, i] = True
    return blocked


def _figures_differ(a: _Anchors, b: _Anchors) -> bool:
    """Whether some thing both count has no value in one that agrees with one in the other:
    equal, rounded, or within ``HEDGE_RANGE`` of an estimate or a bound ("more than 600
    points" / "640 points")."""
    for head in {h for _, h in a.figures} & {h for _, h in b.figures}:
        if not any(
            _same_figure(x, y)
            or (
                ((x, head) in a.hedged or (y, head) in b.hedged)
                and abs(x - y) <= HEDGE_RANGE * max(abs(x), abs(y))
            )
            for x, h in a.figures
            if h == head
            for y, k in b.figures
            if k == head
        ):
            return True
    return False


def _same_figure(x: float, y: float) -> bool:
    """Equal, or a large figure ("$1.4 trillion", "845,000") that the other rounds to. Small
    counts are exact: 49 dead is not 50 dead, nor 12 people 10."""
    if x == y:
        return True
    coarse, fine = sorted((x, y), key=_significant_digits)
    if abs(coarse) < ROUNDED_FROM:
        return False
    return float(f"{fine:.{_significant_digits(coarse)}g}") == coarse


def _significant_digits(value: float) -> int:
    return len(f"{abs(value):.15g}".replace(".", "").strip("0")) or 1


def _incidence(keys: Sequence[Collection[Hashable]]) -> Vectors:
    """Rows x distinct keys, 1 where the row holds the key."""
    column: dict[Hashable, int] = {}
    for row in keys:
        for key in row:
            column.setdefault(key, len(column))
    matrix = np.zeros((len(keys), len(column)), dtype=np.float32)
    for i, row in enumerate(keys):
        for key in row:
            matrix[i, column[key]] = 1.0
    return matrix
