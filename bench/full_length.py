"""Full-length news articles for the speed benchmarks, made from the shared NeuS data.

NeuS reports are short (a title and a paragraph or two), so each benchmark article joins the
reports of ``PARTS`` consecutive NeuS stories into one text of news-article length (about 500
words), each by its own outlet, dated one day apart in groups so that stories form as in a feed.
"""

from __future__ import annotations

import json
from pathlib import Path

from storylens.evaluate.datasets import load_neus_stories

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT.parent / "shared" / "data" / "neus" / "train.source"
#: NeuS stories whose reports make one benchmark article.
PARTS = 3


def write_articles(count: int, path: Path) -> Path:
    """``count`` full-length articles as JSON Lines at ``path``."""
    stories = load_neus_stories(SOURCE)
    if count * PARTS > len(stories):
        raise SystemExit(f"{SOURCE} has material for {len(stories) // PARTS} articles at most")
    with path.open("w", encoding="utf-8") as out:
        for k in range(count):
            reports = [a for story in stories[k * PARTS : (k + 1) * PARTS] for a in story]
            item = {
                "title": reports[0].title,
                "text": "\n\n".join(r.text for r in reports if r.text),
                "outlet": f"outlet-{k:03d}",
                "date": f"2026-01-{1 + k % 28:02d}",
            }
            out.write(json.dumps(item) + "\n")
    return path
