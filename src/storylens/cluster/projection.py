"""A short form of the article vectors, for picking which story centroids to compare exactly.

Scanning every held centroid in full (384 numbers each) was a quarter of the cost of placing
an article, most of it reading memory. The first 96 principal axes of MiniLM title+lead
vectors keep most of what tells stories apart, so a scan over the projected centroids (a
quarter of the reading) picks a few times more candidates than needed, and the full vectors
rank those exactly. The axes are fitted once on the NeuS training split by
``storylens.evaluate.calibrate`` and shipped (``projection.npy``, 147 KB), so every run, on
every machine, projects the same way.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import numpy as np
import numpy.typing as npt

from storylens.embed import DIMENSION
from storylens.errors import ModelError

PROJECTION = Path(__file__).with_name("projection.npy")
#: Axes kept: 96 of 384 keeps stories as well as the full vectors on the NeuS and
#: synthetic streams (docs/decisions.md).
AXES = 96

Matrix = npt.NDArray[np.float32]


def fit_projection(vectors: npt.NDArray[np.floating], axes: int = AXES) -> Matrix:
    """The top principal axes of the vectors, as columns (DIMENSION x axes)."""
    centred = np.asarray(vectors, dtype=np.float64)
    centred = centred - centred.mean(axis=0)
    _, _, rows = np.linalg.svd(centred, full_matrices=False)
    # An axis's sign is arbitrary; fixing it makes a refit on the same data byte-identical.
    signs = np.sign(rows[:axes, np.abs(rows[:axes]).argmax(axis=1)].diagonal())
    return np.ascontiguousarray((rows[:axes] * signs[:, None]).T, dtype=np.float32)


@cache
def load_projection(path: Path = PROJECTION) -> Matrix:
    try:
        matrix = np.load(path, allow_pickle=False)
    except (OSError, ValueError) as exc:
        raise ModelError(f"the story projection {path} is missing or damaged: {exc}") from exc
    if matrix.ndim != 2 or matrix.shape[0] != DIMENSION:
        raise ModelError(f"the story projection {path} has shape {matrix.shape}")
    return np.ascontiguousarray(matrix, dtype=np.float32)
