"""Write every stored brief as files: one HTML page and one JSON file per story, and an index.

Reads the store only; a brief is never recomputed here.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape

from storylens.brief.render import render
from storylens.errors import OutputError
from storylens.model import StorySummary, TopicSummary, shown_time
from storylens.store import Store


@dataclass(frozen=True, slots=True)
class _Group:
    """A topic and its stories, as the index shows them; ``topic`` None for the rest."""

    topic: TopicSummary | None
    stories: list[StorySummary]

    @property
    def outlets(self) -> int:
        return len({o for s in self.stories for o in s.outlets})


def _newest_first(moment: datetime | None) -> float:
    return -moment.timestamp() if moment else 0.0


def index_groups(stories: list[StorySummary], topics: list[TopicSummary]) -> list[_Group]:
    """Stories under their topics, so that a run over hundreds of pages is not a flat list:
    topics with the most articles first, then the newest; within a topic the same; stories
    without a topic last."""
    by_id = {s.id: s for s in stories}

    def order(story: StorySummary) -> tuple[int, float, int]:
        return (-story.articles, _newest_first(story.last_published), story.id)

    groups = []
    placed: set[int] = set()
    for topic in sorted(topics, key=lambda t: (-t.articles, _newest_first(t.last_published), t.id)):
        members = sorted((by_id[i] for i in topic.stories if i in by_id), key=order)
        if members:
            groups.append(_Group(topic, members))
            placed.update(s.id for s in members)
    rest = sorted((s for s in stories if s.id not in placed), key=order)
    if rest:
        groups.append(_Group(None, rest))
    return groups


def _index_html(stories: list[StorySummary], topics: list[TopicSummary]) -> str:
    env = Environment(
        loader=PackageLoader("storylens.brief", "templates"), autoescape=select_autoescape(["html"])
    )
    env.filters["published"] = shown_time
    return env.get_template("index.html").render(
        stories=stories, groups=index_groups(stories, topics)
    )


def prepare_output(out_dir: Path) -> None:
    """Make sure briefs can be written to ``out_dir`` (created if missing), or say why not."""
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except FileExistsError as exc:
        raise OutputError(f"cannot write briefs to {out_dir}: it is a file, not a folder") from exc
    except OSError as exc:
        raise OutputError(f"cannot write briefs to {out_dir}: {exc.strerror or exc}") from exc


#: The files this module writes per story; only these are ever removed from a folder.
_STORY_FILE = re.compile(r"story-(\d+)\.(html|json)")


def export_briefs(store: Store, out_dir: Path) -> list[Path]:
    """Write ``story-ID.html`` and ``story-ID.json`` for every story, and ``index.html``.

    Story files of ids the store no longer has (merged into another story by refinement or
    ``recluster``) are removed: left behind, they would show a story as it was, linked from
    nowhere, beside its successor. Nothing else in the folder is touched.
    """
    prepare_output(out_dir)
    try:
        written = _write_all(store, out_dir)
        current = set(written)
        for path in sorted(out_dir.iterdir()):
            if _STORY_FILE.fullmatch(path.name) and path not in current:
                path.unlink()
    except OSError as exc:
        raise OutputError(f"cannot write briefs to {out_dir}: {exc}") from exc
    return written


def _write_all(store: Store, out_dir: Path) -> list[Path]:
    written: list[Path] = []
    stories = store.stories()
    for story in stories:
        brief = store.brief(story.id)
        for suffix, fmt in (("html", "html"), ("json", "json")):
            path = out_dir / f"story-{story.id}.{suffix}"
            _replace(path, render(brief, fmt))
            written.append(path)
    index = out_dir / "index.html"
    _replace(index, _index_html(stories, store.topics()))
    written.append(index)
    summary = out_dir / "stories.json"
    _replace(
        summary, json.dumps([story_json(s) for s in stories], ensure_ascii=False, indent=2) + "\n"
    )
    written.append(summary)
    return written


def _replace(path: Path, text: str) -> None:
    """Write ``path`` whole, as a new file renamed over the old name: a link found there
    (planted, or left by a user) is replaced, never followed, so nothing outside the folder
    is ever overwritten; and a reader never sees half a file."""
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(text)
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def story_json(story: StorySummary) -> dict[str, object]:
    """One story row as JSON: what ``storylens stories --json`` prints."""
    return {
        "id": story.id,
        "title": story.title,
        "articles": story.articles,
        "outlets": list(story.outlets),
        "first_published": story.first_published.isoformat() if story.first_published else None,
        "last_published": story.last_published.isoformat() if story.last_published else None,
    }


def topic_json(topic: TopicSummary) -> dict[str, object]:
    """One topic row as JSON: what ``storylens topics --json`` prints."""
    return {
        "id": topic.id,
        "title": topic.title,
        "stories": list(topic.stories),
        "articles": topic.articles,
        "outlets": list(topic.outlets),
        "first_published": topic.first_published.isoformat() if topic.first_published else None,
        "last_published": topic.last_published.isoformat() if topic.last_published else None,
    }
