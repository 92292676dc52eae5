"""The whole ingest of full-length articles: articles per second and each stage's share.

    .venv/bin/python bench/ingest_speed.py [--articles 200] [--workers 1,2] [--device cpu]

Every run ingests the same JSON Lines file (real news text from NeuS ``train``, joined to full
length by ``full_length.py``) into a fresh SQLite store with ``storylens.engine.ingest``, as
``storylens ingest`` does: reading, near-duplicates, facts (spaCy), embeddings (MiniLM, one
vector per story text and per sentence), story assignment, store, refinement, topics and
briefs. ``IngestReport.seconds`` gives each stage's time. The peer, in the same run, is the
models alone on the same articles (spaCy's full pipeline and the same MiniLM encodings, no
storylens around them): the floor any tool that parses and embeds each sentence pays, so the
ratio shows what storylens adds. ``--device cuda`` embeds on a GPU (``storylens[gpu]``), in both.
Writes ``bench/results/ingest_speed.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from full_length import ROOT, SOURCE, write_articles

from storylens.config import EmbedSettings, Settings
from storylens.embed import encoder_for
from storylens.engine import ingest
from storylens.facts import extract_facts_many
from storylens.ingest import read_paths
from storylens.model import Article


def _models_alone(path: Path, device: str) -> float:
    articles = [a for a in read_paths([path]) if isinstance(a, Article)]
    encoder = encoder_for(device)
    encoder.encode(["warm up"])
    started = time.perf_counter()
    facts = extract_facts_many(articles)
    encoder.encode([f"{a.title}\n{a.text[:600]}" for a in articles])
    encoder.encode([s.text for f in facts for s in f.sentences])
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--workers", default="1,2", help="worker counts to run, comma-separated")
    parser.add_argument("--device", default="cpu", help="where to embed: cpu, cuda, ...")
    parser.add_argument(
        "--input", type=Path, help="articles written by full_length.py (where ../shared is absent)"
    )
    parser.add_argument(
        "--out", type=Path, default=ROOT / "bench" / "results" / "ingest_speed.json"
    )
    args = parser.parse_args()
    if args.input is None and not SOURCE.is_file():
        sys.exit(f"{SOURCE} is missing: this benchmark reads the shared NeuS data")
    runs = []
    with tempfile.TemporaryDirectory() as tmp:
        data = args.input or write_articles(args.articles, Path(tmp) / "articles.jsonl")
        count = len(data.read_text(encoding="utf-8").splitlines())
        words = sum(len(json.loads(line)["text"].split()) for line in data.open(encoding="utf-8"))
        for workers in (int(w) for w in args.workers.split(",")):
            base = Settings(embed=EmbedSettings(device=args.device))
            settings = replace(base, ingest=replace(base.ingest, workers=workers))
            started = time.perf_counter()
            report = ingest([data], db=Path(tmp) / f"w{workers}.db", settings=settings)
            seconds = time.perf_counter() - started
            stages = sum(report.seconds.values())
            runs.append(
                {
                    "workers": workers,
                    "articles": report.added,
                    "seconds": round(seconds, 2),
                    "articles_per_second": round(report.added / seconds, 2),
                    "stage_seconds": {k: round(v, 2) for k, v in report.seconds.items()},
                    "stage_share": {k: round(v / stages, 3) for k, v in report.seconds.items()},
                }
            )
            print(json.dumps(runs[-1]))
        peer = _models_alone(data, args.device)
    best = max(runs, key=lambda r: r["articles_per_second"])
    result = {
        "articles": count,
        "device": args.device,
        "words_per_article": round(words / count),
        "runs": runs,
        "models_alone": {
            "seconds": round(peer, 2),
            "articles_per_second": round(count / peer, 2),
        },
        "ratio_storylens_to_models_alone": round(best["articles_per_second"] / (count / peer), 3),
        "target_articles_per_second": 50,
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count()},
    }
    print(json.dumps(result, indent=2))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
