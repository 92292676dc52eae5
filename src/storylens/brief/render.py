"""Renderings of a stored brief (its JSON dict): terminal text, Markdown and standalone HTML.

They read the JSON form, not the dataclasses, because that is what the store keeps and what a
user may hand back to us; citations are numbered by the article's place in ``story.articles``.
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape

FORMATS = ("text", "json", "md", "html")


def citation_numbers(brief: dict[str, Any]) -> dict[str, int]:
    return {article["id"]: i + 1 for i, article in enumerate(brief["story"]["articles"])}


def _cites(sources: list[str], numbers: dict[str, int]) -> str:
    return "".join(f"[{numbers[s]}]" for s in sources if s in numbers)


def _published(value: str | None) -> str:
    return value[:16].replace("T", " ") if value else "undated"


def render(brief: dict[str, Any], fmt: str) -> str:
    if fmt == "json":
        return json.dumps(brief, ensure_ascii=False, indent=2) + "\n"
    if fmt == "md":
        return to_markdown(brief)
    if fmt == "html":
        return to_html(brief)
    if fmt == "text":
        return to_text(brief)
    raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")


def to_markdown(brief: dict[str, Any]) -> str:
    n = citation_numbers(brief)
    story = brief["story"]
    topic = story.get("topic")
    lines = [
        f"# {story['title']}",
        "",
        *([f"Topic: {topic['title']}", ""] if topic else []),
        f"*{len(story['articles'])} articles from "
        f"{len(story['outlets'])} outlets: {', '.join(story['outlets'])}*",
        "",
    ]
    lines += ["## Summary", ""]
    headline = brief["summary"]["headline"]
    if headline:
        lines += [f"**{headline['text']}** {_cites(headline['sources'], n)}", ""]
    lines.append(
        " ".join(f"{i['text']} {_cites(i['sources'], n)}" for i in brief["summary"]["sentences"])
    )
    if brief["consensus"]:
        lines += ["", "## What the outlets agree on", ""]
        lines += [
            f"- {item['text']} {_cites(item['sources'], n)} ({len(item['outlets'])} outlets)"
            for item in brief["consensus"]
        ]
    if brief["conflicts"]:
        lines += ["", "## Where they differ", ""]
        for conflict in brief["conflicts"]:
            lines.append(f"- **{conflict['about']}** ({conflict['kind'].replace('_', ' ')}):")
            lines += [
                f"  - {v['value']} — {v['outlet']}, {_published(v['published'])} "
                f"{_cites([v['source']], n)}: “{v['text']}”"
                for v in conflict["values"]
            ]
    if brief["unique"]:
        lines += ["", "## Only in one outlet", ""]
        for item in brief["unique"]:
            lines.append(f"- **{item['outlet']}** {_cites([item['source']], n)}")
            lines += [f"  - {claim}" for claim in item["claims"]]
    if brief["quotes"]:
        lines += ["", "## Quotes", ""]
        lines += [
            f"- {q['speaker'] or 'Unattributed'}: “{q['text']}” {_cites(q['sources'], n)}"
            for q in brief["quotes"]
        ]
    if brief["timeline"]:
        lines += ["", "## Timeline", ""]
        lines += [
            f"- {t['date'][:16].replace('T', ' ')}: {t['text']} {_cites(t['sources'], n)}"
            for t in brief["timeline"]
        ]
    if brief["entities"]:
        lines += ["", "## Who and where", ""]
        lines += [
            f"- {e['name']} ({e['label']}): "
            + ", ".join(f"{outlet} {count}" for outlet, count in e["mentions"].items())
            for e in brief["entities"]
        ]
    lines += ["", "## Sources", ""]
    lines += [
        f"{n[a['id']]}. {a['outlet']}: {_link(a['title'], a['url'])} ({_published(a['published'])})"
        + (f" — copy of [{n[a['copy_of']]}]" if a.get("copy_of") in n else "")
        + (f" — earlier version of [{n[a['revised_by']]}]" if a.get("revised_by") in n else "")
        for a in story["articles"]
    ]
    return "\n".join(lines) + "\n"


def _link(title: str, url: str | None) -> str:
    return f"[{title}]({url})" if url else title


def to_text(brief: dict[str, Any]) -> str:
    """Markdown reads well in a terminal as it is; only the link syntax is unwrapped."""
    text = to_markdown(brief)
    for a in brief["story"]["articles"]:
        if a["url"]:
            text = text.replace(_link(a["title"], a["url"]), f"{a['title']} <{a['url']}>")
    return text


@cache
def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("storylens.brief", "templates"),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["published"] = _published
    return env


def to_html(brief: dict[str, Any]) -> str:
    template = _environment().get_template("brief.html")
    return template.render(brief=brief, n=citation_numbers(brief))
