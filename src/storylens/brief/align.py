"""Claim groups: the same statement told by several outlets, found by sentence embeddings.

Sentences of different articles are linked by embedding cosine plus shared figures, strongest
links first, and a group takes at most one sentence per article (an article repeating itself is
not a second source).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from storylens.brief.disjoint import DisjointSets
from storylens.embed import Vectors
from storylens.model import StoredArticle

#: Sentences shorter than this many words ("Read more.", datelines) are not claims.
MIN_WORDS = 6
_WORD = re.compile(r"\w+")
#: Added to the cosine of two sentences stating the same figure: a shared number counting the
#: same thing is strong evidence of one claim even when the wording differs.
FIGURE_BONUS = 0.08


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

    Two sentences of different articles are linked when their cosine, plus a bonus for sharing
    a figure (same number counting the same thing: "13 US service members"), reaches the
    threshold. Links are taken strongest first and join two groups only when the groups share no
    article (Kruskal-style), so the result does not depend on reading order and no group holds
    two sentences of one article. Copies are left out: they add no independent source.
    """
    members: list[Member] = []
    rows: list[Vectors] = []
    figures: list[frozenset[tuple[float, str]]] = []
    for a_index, stored in enumerate(articles):
        article_vectors = vectors.get(stored.article.id)
        if stored.copy_of is not None or article_vectors is None:
            continue
        by_sentence: dict[int, set[tuple[float, str]]] = {}
        for q in stored.facts.quantities:
            if q.unit:
                by_sentence.setdefault(q.sentence, set()).add(
                    (q.value, q.unit.split()[-1].casefold())
                )
        for sentence in stored.facts.sentences:
            if len(_WORD.findall(sentence.text)) < MIN_WORDS:
                continue
            members.append(Member(a_index, sentence.index, sentence.text))
            rows.append(article_vectors[sentence.index])
            figures.append(frozenset(by_sentence.get(sentence.index, ())))
    if not members:
        return []
    matrix = np.vstack(rows)
    similarity = matrix @ matrix.T
    owner = np.array([m.article for m in members])
    score = similarity + FIGURE_BONUS * _shared_figures(figures)
    score[owner[:, None] == owner[None, :]] = -1.0
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


def _shared_figures(figures: list[frozenset[tuple[float, str]]]) -> Vectors:
    """1 where two sentences state the same figure of the same thing, else 0."""
    shared = np.zeros((len(figures), len(figures)), dtype=np.float32)
    holders: dict[tuple[float, str], list[int]] = {}
    for i, found in enumerate(figures):
        for figure in found:
            holders.setdefault(figure, []).append(i)
    for rows in holders.values():
        shared[np.ix_(rows, rows)] = 1.0
    return shared
