"""The two encoders: the CPU one every default uses, and the PyTorch one meant for a GPU.

The PyTorch encoder runs here on the CPU (its GPU speed is measured by bench/embed_speed.py);
what a user needs from it is that a store it fills holds the same stories as the default's.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from storylens.cli import app
from storylens.config import Settings
from storylens.embed import DIMENSION, MiniLMTorch, default_encoder, encoder_for
from storylens.engine import Ingestor
from storylens.errors import ModelError
from storylens.store import Store

from .conftest import DEMO

torch = pytest.importorskip("torch", reason="the GPU encoder needs storylens[gpu]")

SENTENCES = [
    "The Taliban said they would not allow foreign forces to stay beyond August 31.",
    "Foreign ministry spokesman Abdul Qahar Balkhi said the decision was final.",
    "Joe Biden won 306 electoral votes, according to the Associated Press.",
    "Heavy rain flooded the old town and swept away the footbridge on Tuesday.",
    "Shares of the carmaker fell 4% after it cut its forecast for the year.",
    "",
    "Yes.",
]


def _partition(db: Path) -> set[frozenset[str]]:
    with Store(str(db)) as store:
        return {
            frozenset(a.article.id for a in store.story_articles(s.id)[0]) for s in store.stories()
        }


def test_cpu_encoder_gives_unit_vectors_in_input_order() -> None:
    vectors = default_encoder().encode(SENTENCES)
    assert vectors.shape == (len(SENTENCES), DIMENSION)
    assert np.allclose(np.linalg.norm(vectors[:-2], axis=1), 1.0, atol=1e-5)
    # Both sentences on the Taliban's decision are closer to each other than to the flood.
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[3]
    assert default_encoder().encode([]).shape == (0, DIMENSION)


def test_torch_encoder_agrees_with_the_cpu_encoder() -> None:
    onnx = default_encoder().encode(SENTENCES)
    original = MiniLMTorch("cpu").encode(SENTENCES)
    cosines = (onnx * original).sum(axis=1)
    assert cosines.min() > 0.99, cosines


def test_a_store_filled_by_the_torch_encoder_has_the_same_stories(tmp_path: Path) -> None:
    partitions = []
    for name, encoder in (("onnx", default_encoder()), ("torch", MiniLMTorch("cpu"))):
        db = tmp_path / f"{name}.db"
        with Store(str(db)) as store:
            report = Ingestor(store, Settings(), encoder=encoder).ingest([DEMO])
        assert report.added > 10, report.errors
        partitions.append(_partition(db))
    assert partitions[0] == partitions[1]


def test_a_device_that_is_not_there_is_a_clear_error() -> None:
    with pytest.raises(ModelError, match="unknown device 'gpu0'"):
        encoder_for("gpu0")
    if not torch.cuda.is_available():
        with pytest.raises(ModelError, match="no CUDA GPU"):
            MiniLMTorch("cuda")


def test_cli_names_the_device_it_cannot_use_and_stores_nothing(tmp_path: Path) -> None:
    db = tmp_path / "d.db"
    result = CliRunner().invoke(
        app, ["ingest", str(DEMO), "--db", str(db), "-q", "--device", "gpu0"]
    )
    assert result.exit_code == 1, result.output
    assert "gpu0" in result.output
    with Store(str(db)) as store:
        assert store.counts()["articles"] == 0
