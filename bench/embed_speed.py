"""Embedding speed on a CPU or a GPU: storylens' encoders beside sentence-transformers.

    .venv/bin/python bench/embed_speed.py [--articles 200] [--devices cpu]
    python bench/embed_speed.py --texts DIR --devices cuda --model-dir DIR   # on a GPU machine

The texts are what a whole ingest embeds for ``--articles`` full-length articles
(``full_length.py``): each article's story text (title and lead) and every sentence the facts
stage finds. ``--write-texts DIR`` saves them with the CPU encoder's vectors as the reference,
for a machine without ``../shared`` or spaCy (such as a GPU machine), which reads them with
``--texts DIR``.

For each device, storylens' encoder (``MiniLMOnnx`` on ``cpu``, ``MiniLMTorch`` on any other)
runs beside the peer a user would otherwise pick, sentence-transformers' ``encode`` on the same
device, weights and precision (where it is installed), each timed on the whole set, best of
``--repeats`` after a warm-up. Reported: texts per second, the articles per second that the
embedding stage alone allows, storylens' time over the peer's, and the cosine of every vector
to the CPU encoder's (on the first 5,000 texts). Writes ``bench/results/embed_speed-DEVICE.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import time
from pathlib import Path
from typing import Any

import numpy as np

from storylens.embed import CPU, Encoder, MiniLMOnnx, MiniLMTorch, Vectors, original_model_dir

ROOT = Path(__file__).resolve().parents[1]
#: Texts whose CPU-encoder vectors are kept as the reference for the cosines.
REFERENCE = 5000


def write_texts(articles: int, folder: Path) -> None:
    """The texts a whole ingest of ``articles`` full-length articles embeds, and their vectors."""
    import tempfile

    from full_length import write_articles

    from storylens.cluster import story_text
    from storylens.config import ClusterSettings
    from storylens.facts import extract_facts_many
    from storylens.ingest import read_paths
    from storylens.model import Article

    with tempfile.TemporaryDirectory() as tmp:
        path = write_articles(articles, Path(tmp) / "articles.jsonl")
        read = [a for a in read_paths([path]) if isinstance(a, Article)]
    lead = ClusterSettings().lead_chars
    texts = [story_text(a, lead) for a in read]
    texts += [s.text for f in extract_facts_many(read) for s in f.sentences]
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "texts.json").write_text(
        json.dumps({"articles": len(read), "texts": texts}), encoding="utf-8"
    )
    # The reference covers the first texts only: enough to compare encoders, small enough to
    # travel to another machine with the texts.
    np.save(folder / "reference.npy", MiniLMOnnx().encode(texts[:REFERENCE]).astype(np.float16))
    print(f"wrote {len(texts)} texts of {len(read)} articles to {folder}")


def _timed(encode: Any, texts: list[str], repeats: int) -> tuple[Vectors, list[float]]:
    encode(texts[:64])  # warm-up: first-call allocation, kernel selection
    runs = []
    for _ in range(repeats):
        started = time.perf_counter()
        vectors = np.asarray(encode(texts), dtype=np.float32)
        runs.append(time.perf_counter() - started)
    return vectors, runs


def _peer(device: str, model_dir: Path | None, batch: int) -> Any:
    """sentence-transformers on the same weights, or None where it is not installed."""
    try:
        from sentence_transformers import SentenceTransformer
    except ImportError:
        return None
    model = SentenceTransformer(str(model_dir or original_model_dir()), device=device)
    if device != CPU:
        model.half()
    return lambda texts: model.encode(
        texts, batch_size=batch, convert_to_numpy=True, normalize_embeddings=True
    )


def _row(
    name: str, vectors: Vectors, runs: list[float], n: int, reference: Vectors
) -> dict[str, Any]:
    best = min(runs)
    cosines = (vectors[: len(reference)] * reference).sum(axis=1)
    return {
        "name": name,
        "seconds": round(best, 3),
        "runs": [round(r, 3) for r in runs],
        "texts_per_second": round(n / best, 1),
        "cosine_to_cpu_encoder": {
            "min": round(float(cosines.min()), 5),
            "mean": round(float(cosines.mean()), 5),
        },
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--devices", default=CPU, help="comma-separated: cpu, cuda, cuda:1 ...")
    parser.add_argument("--texts", type=Path, help="read texts and reference from this folder")
    parser.add_argument("--write-texts", type=Path, help="write texts and reference, then stop")
    parser.add_argument("--model-dir", type=Path, help="the original model (default: its package)")
    parser.add_argument("--batch", type=int, default=1024, help="batch size on a PyTorch device")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results")
    args = parser.parse_args()
    if args.write_texts:
        write_texts(args.articles, args.write_texts)
        return
    folder = args.texts
    if folder is None:
        folder = Path(os.environ.get("TMPDIR", "/tmp")) / f"storylens-embed-{args.articles}"
        if not (folder / "texts.json").is_file():
            write_texts(args.articles, folder)
    data = json.loads((folder / "texts.json").read_text(encoding="utf-8"))
    texts: list[str] = data["texts"]
    reference = np.load(folder / "reference.npy").astype(np.float32)
    per_article = len(texts) / data["articles"]
    for device in args.devices.split(","):
        encoder: Encoder = (
            MiniLMOnnx()
            if device == CPU
            else MiniLMTorch(device, batch_size=args.batch, model_dir=args.model_dir)
        )
        batch = 32 if device == CPU else args.batch
        encoders = [(f"storylens {type(encoder).__name__}", encoder.encode)]
        peer = _peer(device, args.model_dir, batch)
        if peer is not None:
            encoders.append(("sentence-transformers", peer))
        rows = [
            _row(name, *_timed(encode, texts, args.repeats), len(texts), reference)
            for name, encode in encoders
        ]
        for row in rows:
            row["articles_per_second"] = round(row["texts_per_second"] / per_article, 1)
        result: dict[str, Any] = {
            "device": device,
            "device_name": _device_name(device),
            "articles": data["articles"],
            "texts": len(texts),
            "texts_per_article": round(per_article, 1),
            "batch": batch,
            "rows": rows,
            "machine": {"python": platform.python_version(), "cpus": os.cpu_count()},
        }
        if len(rows) == 2:
            result["ratio_storylens_to_peer_seconds"] = round(
                rows[0]["seconds"] / rows[1]["seconds"], 3
            )
        print(json.dumps(result, indent=2))
        args.out.mkdir(parents=True, exist_ok=True)
        out = args.out / f"embed_speed-{device.replace(':', '')}.json"
        out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


def _device_name(device: str) -> str:
    if device == CPU:
        return platform.processor() or platform.machine()
    import torch

    return (
        str(torch.cuda.get_device_name(torch.device(device)))
        if device.startswith("cuda")
        else device
    )


if __name__ == "__main__":
    main()
