"""Near-duplicate detection: syndicated copies and the same report fetched twice.

MinHash over word shingles estimates the Jaccard overlap of two texts; an LSH index finds
candidates without comparing against every stored article. This finds copies, not stories:
three outlets writing about one event overlap by only a few percent (DEPENDENCIES.md), while a
wire story republished with a new first sentence keeps most of its shingles.
"""

from __future__ import annotations

import re

from datasketch import LeanMinHash, MinHash, MinHashLSH

from storylens.config import DedupSettings

_WORD = re.compile(r"\w+", re.UNICODE)
#: Fixed so that signatures stored in the database stay comparable across runs and machines.
SEED = 1


def shingles(text: str, size: int) -> set[bytes]:
    """Overlapping runs of ``size`` lower-cased words; short texts give one shingle of all words."""
    words = _WORD.findall(text.casefold())
    if len(words) <= size:
        return {" ".join(words).encode()}
    return {" ".join(words[i : i + size]).encode() for i in range(len(words) - size + 1)}


def signature(text: str, settings: DedupSettings) -> LeanMinHash:
    """The MinHash signature of a text, ready to store (``to_bytes``) and to index."""
    minhash = MinHash(num_perm=settings.num_perm, seed=SEED)
    minhash.update_batch(sorted(shingles(text, settings.shingle_words)))
    return LeanMinHash(minhash)


def signature_to_bytes(sig: LeanMinHash) -> bytes:
    """datasketch's own serialisation, which records seed and permutation scheme with the values."""
    buffer = bytearray(sig.bytesize())
    sig.serialize(buffer)
    return bytes(buffer)


def signature_from_bytes(data: bytes) -> LeanMinHash:
    sig: LeanMinHash = LeanMinHash.deserialize(data)
    return sig


class CopyIndex:
    """Remembers the signatures of original articles and tells whether a new one copies any.

    Only originals are indexed: a copy of a copy is then recognised as a copy of the first
    article, which is what the brief needs (one independent source, several carriers).
    """

    def __init__(self, settings: DedupSettings) -> None:
        self._settings = settings
        self._lsh = MinHashLSH(threshold=settings.threshold, num_perm=settings.num_perm)
        self._signatures: dict[str, LeanMinHash] = {}
        self._order: dict[str, int] = {}

    def __len__(self) -> int:
        return len(self._signatures)

    def add(self, article_id: str, sig: LeanMinHash) -> None:
        if article_id in self._signatures:
            return
        self._lsh.insert(article_id, sig)
        self._signatures[article_id] = sig
        self._order[article_id] = len(self._order)

    def find_original(self, sig: LeanMinHash) -> tuple[str, float] | None:
        """The earliest indexed article this signature copies, with the estimated overlap."""
        best: tuple[str, float] | None = None
        for candidate in self._lsh.query(sig):
            similarity = float(sig.jaccard(self._signatures[candidate]))
            if similarity < self._settings.threshold:
                continue
            if best is None or self._order[candidate] < self._order[best[0]]:
                best = (candidate, similarity)
        return best
