"""LexRank (Erkan & Radev 2004), written here as the summary baseline that published NeuS figures
compare against: sentences ranked by their centrality in a graph of TF-IDF cosine similarities.

Kept minimal and faithful to the paper (threshold graph, damping 0.85, power iteration) so that
the comparison in ``storylens eval summary`` is with the method, not with a weakened copy.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence

import numpy as np

from storylens.model import StoredArticle

#: Edges below this TF-IDF cosine are dropped (the paper's best threshold).
EDGE = 0.1
DAMPING = 0.85
#: A sentence this similar to one already chosen would repeat it.
REDUNDANT = 0.5
_WORD = re.compile(r"\w+")


def _bags(texts: Sequence[str]) -> list[Counter[str]]:
    return [Counter(_WORD.findall(text.casefold())) for text in texts]


def _tfidf(bags: Sequence[Counter[str]]) -> np.ndarray:
    vocabulary = sorted({w for bag in bags for w in bag})
    column = {w: i for i, w in enumerate(vocabulary)}
    df = Counter(w for bag in bags for w in bag)
    matrix = np.zeros((len(bags), len(vocabulary)))
    for row, bag in enumerate(bags):
        for word, count in bag.items():
            matrix[row, column[word]] = count * math.log(len(bags) / df[word] + 1)
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return np.asarray(matrix / np.where(norms == 0, 1, norms))


def centrality(texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """LexRank score of each text and the cosine matrix it was computed from."""
    vectors = _tfidf(_bags(texts))
    similarity = vectors @ vectors.T
    graph = (similarity >= EDGE).astype(float)
    graph /= np.maximum(graph.sum(axis=1, keepdims=True), 1)
    count = len(texts)
    scores = np.full(count, 1 / count)
    for _ in range(100):
        updated = (1 - DAMPING) / count + DAMPING * graph.T @ scores
        if np.abs(updated - scores).sum() < 1e-8:
            break
        scores = updated
    return scores, similarity


def lexrank_summary(articles: Sequence[StoredArticle], budget: int) -> str:
    """The headline of the most central sentence's article, then central sentences to ``budget``
    words, skipping repeats."""
    sentences = [
        (index, s.text)
        for index, stored in enumerate(articles)
        if stored.copy_of is None
        for s in stored.facts.sentences
    ]
    if not sentences:
        return articles[0].article.title if articles else ""
    scores, similarity = centrality([text for _, text in sentences])
    ranked = sorted(range(len(sentences)), key=lambda i: (-scores[i], i))
    chosen: list[int] = []
    words = 0
    for i in ranked:
        if words >= budget:
            break
        if any(similarity[i, j] > REDUNDANT for j in chosen):
            continue
        chosen.append(i)
        words += len(sentences[i][1].split())
    headline = articles[sentences[ranked[0]][0]].article.title
    return "\n".join([headline, *(sentences[i][1] for i in chosen)])
