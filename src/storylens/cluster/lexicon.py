"""Lexical similarity: TF-IDF cosine between an article and a story's term profile.

IDF comes from a fixed table learned on the NeuS training split and shipped with the package
(``idf.bin``: hashed buckets, quantised to one byte), not from the stream itself, so that the
weight of a word does not depend on what happened to arrive first and results do not depend on
arrival order. A word the table has never seen gets the highest weight: unseen names (a new
place, a new company) are exactly what tells one story from another.
"""

from __future__ import annotations

import math
import operator
import zlib
from collections import Counter
from collections.abc import Iterable, Mapping
from functools import cache, lru_cache
from pathlib import Path

import numpy as np
import numpy.typing as npt

from storylens.errors import ModelError

BUCKETS = 1 << 18
#: Quantisation step: a stored byte b stands for IDF b / SCALE.
SCALE = 16.0
TABLE = Path(__file__).with_name("idf.bin")


def bucket(term: str) -> int:
    return zlib.crc32(term.encode("utf-8")) % BUCKETS


def encode_table(document_frequencies: npt.NDArray[np.float64], documents: int) -> bytes:
    """The shipped form of an IDF table: smoothed IDF per bucket, one byte each, compressed."""
    idf = np.log((documents + 1) / (document_frequencies + 1)) + 1
    return zlib.compress(np.round(idf * SCALE).clip(0, 255).astype(np.uint8).tobytes(), 9)


@cache
def idf_table() -> npt.NDArray[np.float32]:
    try:
        raw = zlib.decompress(TABLE.read_bytes())
    except (OSError, zlib.error) as exc:
        raise ModelError(f"the IDF table {TABLE} is missing or damaged: {exc}") from exc
    return (np.frombuffer(raw, dtype=np.uint8) / SCALE).astype(np.float32)


@lru_cache(maxsize=1 << 20)
def idf(term: str) -> float:
    """A term's IDF; cached, since the same words come back in every article."""
    return float(idf_table()[bucket(term)])


def weight(term: str, count: int) -> float:
    """Sublinear TF times IDF: a word said ten times is not ten times as telling."""
    return (1 + math.log(count)) * idf(term)


def weights(counts: Mapping[str, int]) -> dict[str, float]:
    return {t: weight(t, c) for t, c in counts.items()}


def norm(vector: Mapping[str, float]) -> float:
    return math.hypot(*vector.values())


def cosine(a: Mapping[str, float], a_norm: float, b: Mapping[str, float], b_norm: float) -> float:
    if not a_norm or not b_norm:
        return 0.0
    # This is the innermost loop of story assignment, and most candidates share few words:
    # intersecting the keys in C skips the rest. fsum makes the dot product independent of the
    # set's iteration order (string hashes differ between processes).
    shared = a.keys() & b.keys()
    dot = math.fsum(map(operator.mul, map(a.__getitem__, shared), map(b.__getitem__, shared)))
    return dot / (a_norm * b_norm)


def top_terms(counts: Counter[str], limit: int) -> Counter[str]:
    """A story's profile keeps its most frequent terms only, so its size stays bounded."""
    if len(counts) <= limit:
        return counts
    # The limit-th highest count decides: every term above it stays, and terms at it fill the
    # remaining places in alphabetical order (sorting plain ints first keeps this cheap).
    cut = sorted(counts.values(), reverse=True)[limit - 1]
    kept = Counter({t: c for t, c in counts.items() if c > cut})
    for term in sorted(t for t, c in counts.items() if c == cut)[: limit - len(kept)]:
        kept[term] = cut
    return kept


def document_frequencies(documents: Iterable[Iterable[str]]) -> tuple[npt.NDArray[np.float64], int]:
    """Bucketed document frequencies of a corpus, for ``encode_table``."""
    counts = np.zeros(BUCKETS, dtype=np.float64)
    total = 0
    for document in documents:
        total += 1
        for b in {bucket(t) for t in document}:
            counts[b] += 1
    return counts, total
