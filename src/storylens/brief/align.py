"""Claim groups: the same statement told by several outlets, found by sentence embeddings.

A sentence joins the group whose closest member it matches best, above a cosine threshold, and a
group takes at most one sentence per article (an article repeating itself is not a second
source). Greedy and in reading order, so the result is deterministic and linear in practice.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from storylens.embed import Vectors
from storylens.model import StoredArticle

#: Sentences shorter than this many words ("Read more.", datelines) are not claims.
MIN_WORDS = 6
_WORD = re.compile(r"\w+")


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

    Copies are left out: they add no independent source.
    """
    members: list[Member] = []
    rows: list[Vectors] = []
    for a_index, stored in enumerate(articles):
        article_vectors = vectors.get(stored.article.id)
        if stored.copy_of is not None or article_vectors is None:
            continue
        for sentence in stored.facts.sentences:
            if len(_WORD.findall(sentence.text)) < MIN_WORDS:
                continue
            members.append(Member(a_index, sentence.index, sentence.text))
            rows.append(article_vectors[sentence.index])
    if not members:
        return []
    matrix = np.vstack(rows)
    similarity = matrix @ matrix.T
    groups: list[list[int]] = []
    group_articles: list[set[int]] = []
    for i, member in enumerate(members):
        best, best_score = -1, threshold
        for g, group in enumerate(groups):
            if member.article in group_articles[g]:
                continue
            score = float(similarity[i, group].max())
            if score >= best_score:
                best, best_score = g, score
        if best < 0:
            groups.append([i])
            group_articles.append({member.article})
        else:
            groups[best].append(i)
            group_articles[best].add(member.article)
    result: list[ClaimGroup] = []
    for group in groups:
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
