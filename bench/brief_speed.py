"""How long a brief takes to build for a story of 20 articles, from stored facts, on one core.

    .venv/bin/python bench/brief_speed.py [--articles 20] [--repeats 7]

The articles are real news text from NeuS ``train.source``, joined to full length (see
``full_length.py``), each by its own outlet, briefed as one story. Their facts and sentence vectors
are computed first and written to a fresh SQLite store, exactly as ingest stores them; the
timed part is what ``storylens brief`` does for a stale brief: read the story's articles, facts
and vectors from the store and build the brief. The process is pinned to one CPU and the
numeric libraries to one thread. The peer, in the same run, is LexRank over the same sentences
(the summariser published NeuS figures compare against), which does far less: a summary only.
Writes ``bench/results/brief_speed.json``.
"""

from __future__ import annotations

import os

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import argparse
import json
import platform
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from full_length import ROOT, SOURCE, write_articles

from storylens.brief.build import build_brief
from storylens.brief.summary import summary_budget
from storylens.config import BriefSettings
from storylens.engine import ingest
from storylens.evaluate.lexrank import lexrank_summary
from storylens.store import Store


def _timed(function: object, repeats: int) -> list[float]:
    runs = []
    for _ in range(repeats):
        started = time.perf_counter()
        function()  # type: ignore[operator]
        runs.append(time.perf_counter() - started)
    return runs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--articles", type=int, default=20)
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "brief_speed.json")
    args = parser.parse_args()
    if not SOURCE.is_file():
        sys.exit(f"{SOURCE} is missing: this benchmark reads the shared NeuS data")
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.db"
        ingest([write_articles(args.articles, Path(tmp) / "story.jsonl")], db=db)
        with Store(db) as store:
            stories = [s.id for s in store.stories()]
            articles = []
            for story_id in stories:
                part, _ = store.story_articles(story_id)
                articles.extend(part)
        if hasattr(os, "sched_setaffinity"):
            os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
        settings = BriefSettings()
        with Store(db) as store:

            def brief() -> None:
                # The reports may have been stored as several stories; read them all and brief
                # them as one story of that many articles.
                loaded, vectors = [], {}
                for story_id in stories:
                    part, part_vectors = store.story_articles(story_id)
                    loaded.extend(replace(a, story_id=1) for a in part)
                    vectors.update(part_vectors)
                build_brief(1, loaded[0].article.title, loaded, vectors, settings)

            storylens_runs = _timed(brief, args.repeats)
        lexrank_runs = _timed(
            lambda: lexrank_summary(articles, summary_budget(articles, settings)), args.repeats
        )
    sentences = sum(len(a.facts.sentences) for a in articles)
    words = sum(len(a.article.text.split()) for a in articles)
    result = {
        "articles": len(articles),
        "sentences": sentences,
        "words": words,
        "storylens_brief_seconds": {
            "median": round(statistics.median(storylens_runs), 4),
            "min": round(min(storylens_runs), 4),
            "runs": [round(r, 4) for r in storylens_runs],
        },
        "lexrank_summary_seconds": {
            "median": round(statistics.median(lexrank_runs), 4),
            "min": round(min(lexrank_runs), 4),
        },
        "ratio_storylens_to_lexrank": round(
            statistics.median(storylens_runs) / statistics.median(lexrank_runs), 2
        ),
        "target_seconds": 0.5,
        "machine": {"python": platform.python_version(), "cpus_used": 1},
    }
    print(json.dumps(result, indent=2))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
