"""Renderings of a stored brief (its JSON dict): terminal text, Markdown and standalone HTML.

They read the JSON form, not the dataclasses, because that is what the store keeps and what a
user may hand back to us; citations are numbered by the article's place in ``story.articles``.

Every string in a brief came from a feed or a page someone else wrote, so each rendering treats
it as hostile: only web addresses become links, and no text can add markup of its own (the HTML
template escapes it, Markdown escapes the characters that make links, text drops the control
characters a terminal obeys).
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any
from urllib.parse import quote

from jinja2 import Environment, PackageLoader, select_autoescape

from storylens.model import shown_time

FORMATS = ("text", "json", "md", "html")

#: Schemes a brief links to. Anything else is not a page to read: javascript:, vbscript: and
#: data: run code or content in the reader's browser when clicked, file: reaches their disk, and
#: a relative address resolves against wherever the brief happens to be saved.
_WEB_SCHEMES = frozenset({"http", "https"})

#: What a browser drops before it reads a URL's scheme (WHATWG URL standard): tabs and newlines
#: anywhere, C0 controls and spaces at either end. "java\tscript:" and " javascript:" are
#: javascript: to a browser, so they must be to us.
_BROWSER_DROPS = re.compile(r"[\t\n\r]")
_BROWSER_TRIMS = "".join(map(chr, range(0x21)))

#: Characters a URL may keep when written into Markdown or a terminal: RFC 3986's reserved and
#: unreserved ones, and "%" so that an address already encoded is not encoded twice. Left out,
#: and so percent-encoded: "(" and ")" (a ")" ends a Markdown link destination), spaces and
#: controls (a space ends one, and a terminal's own link detection), "<", ">", '"', the
#: backtick (a code span outranks a link) and "\" (it escapes the ")" that closes the link).
_URL_KEEPS = "!#$%&'*+,/:;=?@[]~"

#: Markdown characters escaped in text: "[" and "]" make links, images and the reference
#: definitions ("[1]: javascript:...") that would turn our own citations into links; "<" opens
#: raw HTML and autolinks (which take any scheme); "\" could cancel an escape; "*" and "`" open
#: emphasis and code spans that would swallow our own markup. "_" stays: it only makes emphasis
#: at a word's edge, and escaping it would clutter every outlet id such as "000_8781c3ed".
_MARKDOWN_SPECIAL = re.compile(r"([\\`*\[\]<])")


def citation_numbers(brief: dict[str, Any]) -> dict[str, int]:
    return {article["id"]: i + 1 for i, article in enumerate(brief["story"]["articles"])}


def _cites(sources: list[str], numbers: dict[str, int]) -> str:
    return "".join(f"[{numbers[s]}]" for s in sources if s in numbers)


#: A figure as the conflicts' JSON gives it: the value alone, normalised so that "45 million",
#: "45m" and "45,000,000" compare equal.
_FIGURE = re.compile(r"-?\d+(\.\d+)?")


def shown_value(value: str, about: str = "") -> str:
    """A conflicting value as a reader writes it: "45 million", "1.2 billion", "11,330".

    The JSON keeps the normalised form for programs; eight digits in a row are hard to read and
    to compare at a glance. Dates and names are shown as they are: a year in dispute ("about"
    a date) is "2002", never "2,002".
    """
    if not _FIGURE.fullmatch(value) or about.startswith("date"):
        return value
    number = float(value)
    for scale, word in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million")):
        if abs(number) >= scale and (number / scale * 1000).is_integer():
            return f"{number / scale:g} {word}"
    return f"{number:,.0f}" if number.is_integer() else f"{number:,}"


def _counted(number: int, noun: str, plural: str | None = None) -> str:
    """A count whose noun agrees with it ("1 article", "3 articles"): "1 articles" reads as a
    mistake, and makes a reader doubt the figure itself."""
    return f"{number} {noun if number == 1 else plural or noun + 's'}"


def _web_url(url: str | None) -> str | None:
    """The URL as a browser reads it when it is a web address (http or https), else None.

    Returning the cleaned form, not the original, means what is linked is exactly what was
    checked, whatever a browser would have dropped from it.
    """
    if not url:
        return None
    cleaned = _BROWSER_DROPS.sub("", url).strip(_BROWSER_TRIMS)
    scheme, colon, _ = cleaned.partition(":")
    return cleaned if colon and scheme.lower() in _WEB_SCHEMES else None


def _written_url(url: str) -> str:
    """A web URL that cannot end early or break out where it is written out in running text."""
    return quote(url, safe=_URL_KEEPS)


def _words(text: str) -> str:
    """A brief's text on one line without control characters.

    A terminal obeys escape sequences (colours, cursor moves, OSC 8 hyperlinks that would make a
    hostile title a clickable link), and a line break inside a claim would start a line that
    Markdown reads as a heading, a list or a link definition. Whitespace means nothing more in a
    sentence than one space.
    """
    visible = "".join(c for c in text if c.isspace() or unicodedata.category(c) != "Cc")
    return " ".join(visible.split())


def _markdown_words(text: str) -> str:
    return _MARKDOWN_SPECIAL.sub(r"\\\1", _words(text))


def _markdown_source(number: int, outlet: str, title: str, url: str | None, tail: str) -> list[str]:
    linked = f"[{title}]({_written_url(url)})" if url else title
    return [f"{number}. {outlet}: {linked}{tail}"]


def _text_source(number: int, outlet: str, title: str, url: str | None, tail: str) -> list[str]:
    # The URL goes on a line of its own, under the title: nothing around it for a terminal's link
    # detection to take for part of the address, and easy to select and copy.
    indent = " " * len(f"{number}. ")
    return [f"{number}. {outlet}: {title}{tail}", *([indent + _written_url(url)] if url else [])]


@dataclass(frozen=True, slots=True)
class _Markup:
    """All that sets Markdown apart from terminal text.

    The layout itself is written once (``_lines``), so the two always carry the same content in
    the same order and a fix to one cannot miss the other.
    """

    heading: Callable[[int, str], str]
    strong: Callable[[str], str]
    emphasis: Callable[[str], str]
    words: Callable[[str], str]
    source: Callable[[int, str, str, str | None, str], list[str]]


_MARKDOWN = _Markup(
    heading=lambda level, text: f"{'#' * level} {text}",
    strong=lambda text: f"**{text}**",
    emphasis=lambda text: f"*{text}*",
    words=_markdown_words,
    source=_markdown_source,
)

_TEXT = _Markup(
    heading=lambda level, text: text,
    strong=lambda text: text,
    emphasis=lambda text: text,
    words=_words,
    source=_text_source,
)


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
    return "\n".join(_lines(brief, _MARKDOWN)) + "\n"


def to_text(brief: dict[str, Any]) -> str:
    """The Markdown's content without its syntax: ``#``, ``**`` and ``[title](url)`` are noise
    in a terminal, which shows them as they are."""
    return "\n".join(_lines(brief, _TEXT)) + "\n"


def _lines(brief: dict[str, Any], m: _Markup) -> list[str]:
    n = citation_numbers(brief)
    w = m.words
    story = brief["story"]
    topic = story.get("topic")
    lines = [
        m.heading(1, w(story["title"])),
        "",
        *([f"Topic: {w(topic['title'])}", ""] if topic else []),
        m.emphasis(
            f"{_counted(len(story['articles']), 'article')} from "
            f"{_counted(len(story['outlets']), 'outlet')}: "
            + ", ".join(w(outlet) for outlet in story["outlets"])
        ),
        "",
    ]
    lines += [m.heading(2, "Summary"), ""]
    headline = brief["summary"]["headline"]
    if headline:
        lines += [f"{m.strong(w(headline['text']))} {_cites(headline['sources'], n)}", ""]
    lines.append(
        " ".join(f"{w(i['text'])} {_cites(i['sources'], n)}" for i in brief["summary"]["sentences"])
    )
    if brief["consensus"]:
        lines += ["", m.heading(2, "What the outlets agree on"), ""]
        lines += [
            f"- {w(item['text'])} {_cites(item['sources'], n)} "
            f"({_counted(len(item['outlets']), 'outlet')})"
            for item in brief["consensus"]
        ]
    if brief["conflicts"]:
        lines += ["", m.heading(2, "Where they differ"), ""]
        for conflict in brief["conflicts"]:
            kind = conflict["kind"].replace("_", " ")
            lines.append(f"- {m.strong(w(conflict['about']))} ({w(kind)}):")
            lines += [
                f"  - {w(shown_value(v['value'], conflict['about']))} — {w(v['outlet'])}, "
                f"{w(shown_time(v['published']))} {_cites([v['source']], n)}: “{w(v['text'])}”"
                for v in conflict["values"]
            ]
    if brief["unique"]:
        lines += ["", m.heading(2, "Only in one outlet"), ""]
        for item in brief["unique"]:
            lines.append(f"- {m.strong(w(item['outlet']))} {_cites([item['source']], n)}")
            lines += [f"  - {w(claim)}" for claim in item["claims"]]
    if brief["quotes"]:
        lines += ["", m.heading(2, "Quotes"), ""]
        lines += [
            f"- {w(q['speaker'] or 'Unattributed')}: “{w(q['text'])}” {_cites(q['sources'], n)}"
            for q in brief["quotes"]
        ]
    if brief["timeline"]:
        lines += ["", m.heading(2, "Timeline"), ""]
        lines += [
            f"- {w(t['date'][:16].replace('T', ' '))}: {w(t['text'])} {_cites(t['sources'], n)}"
            for t in brief["timeline"]
        ]
    if brief["entities"]:
        lines += ["", m.heading(2, "Who and where"), ""]
        lines += [
            f"- {w(e['name'])} ({w(e['label'])}): "
            + ", ".join(f"{w(outlet)} {count}" for outlet, count in e["mentions"].items())
            for e in brief["entities"]
        ]
    lines += ["", m.heading(2, "Sources"), ""]
    for a in story["articles"]:
        tail = (
            f" ({w(shown_time(a['published']))})"
            + (f" — copy of [{n[a['copy_of']]}]" if a.get("copy_of") in n else "")
            + (f" — earlier version of [{n[a['revised_by']]}]" if a.get("revised_by") in n else "")
        )
        lines += m.source(n[a["id"]], w(a["outlet"]), w(a["title"]), _web_url(a["url"]), tail)
    return lines


@cache
def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("storylens.brief", "templates"),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["published"] = shown_time
    env.filters["counted"] = _counted
    env.filters["web_url"] = _web_url
    env.filters["figure"] = shown_value
    return env


def to_html(brief: dict[str, Any]) -> str:
    template = _environment().get_template("brief.html")
    return template.render(brief=brief, n=citation_numbers(brief))
