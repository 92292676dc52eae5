"""What a reader sees of a brief in each format: links, terminal text and counts.

Briefs are built from the schema's own dataclasses (the JSON the store keeps), so that every
section cites every article; one test reads a hostile feed item through the real pipeline.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from markdown_it import MarkdownIt

from storylens.brief.render import render
from storylens.brief.schema import (
    Brief,
    BriefArticle,
    Cited,
    Conflict,
    ConflictValue,
    EntityItem,
    QuoteItem,
    StoryHeader,
    Summary,
    TimelineItem,
    TopicRef,
    Unique,
)
from storylens.engine import ingest
from storylens.export import export_briefs
from storylens.store import Store

WEB = "https://www.veyrapost.example/news/2026/03/14/ossel-bridge-death-toll-17"

HOSTILE = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(document.domain)",
    " \tjava\nscript:alert(1)",  # a browser drops the tab and newline and reads javascript:
    "\x01\x1fjavascript:alert(1)",  # and the leading control characters
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "file:///etc/passwd",
    "//evil.example/steal",  # resolves against wherever the page is saved
    "news/relative.html",
]


def article(number: int, url: str | None, outlet: str = "") -> BriefArticle:
    return BriefArticle(
        id=f"a{number}",
        title=f"Ossel Bridge report {number}",
        outlet=outlet or f"outlet{number}.example",
        url=url,
        published="2026-03-13T06:40:00+00:00",
    )


def brief_of(articles: list[BriefArticle], said: str = "The Ossel Bridge fell.") -> dict[str, Any]:
    """A brief in which every section cites every article, so every place a link can be is used."""
    ids = [a.id for a in articles]
    outlets = sorted({a.outlet for a in articles})
    claim = Cited(said, ids, outlets)
    return Brief(
        story=StoryHeader(1, articles[0].title, TopicRef(2, "Ossel Bridge"), outlets, articles),
        summary=Summary(headline=Cited(articles[0].title, ids[:1], outlets[:1]), sentences=[claim]),
        consensus=[claim],
        unique=[Unique(a.id, a.outlet, [f"Only {a.outlet} says this."]) for a in articles],
        conflicts=[
            Conflict(
                "people (killed)",
                "changed_over_time",
                [
                    ConflictValue(str(12 + i), said, a.id, a.outlet, a.published)
                    for i, a in enumerate(articles)
                ],
            )
        ],
        quotes=[QuoteItem("Teodor Vask", "We will rebuild the bridge.", ids)],
        entities=[EntityItem("Port Veyra", "GPE", dict.fromkeys(outlets, 1))],
        timeline=[TimelineItem("2026-03-12", "day", "mentioned", said, ids)],
    ).to_json()


class LinkTargets(HTMLParser):
    """Every address an HTML page would follow or load, as a browser's parser reads it."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.targets: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.targets += [v for k, v in attrs if k in {"href", "src", "action"} and v is not None]


def markdown_targets(markdown: str) -> list[str]:
    """Every link or image target in Markdown, and any raw HTML, as a lax viewer shows it.

    markdown-it refuses javascript: on its own; many viewers do not, so the check is switched
    off here: the brief must be safe without it.
    """
    parser = MarkdownIt("commonmark")
    parser.validateLink = lambda url: True  # type: ignore[method-assign]
    targets = []
    for block in parser.parse(markdown):
        for token in [block, *(block.children or [])]:
            if token.type in {"html_block", "html_inline"}:
                targets.append(token.content)
            targets += [str(token.attrGet(a)) for a in ("href", "src") if token.attrGet(a)]
    return targets


@pytest.mark.parametrize("hostile", HOSTILE)
def test_html_links_only_web_addresses(hostile: str) -> None:
    html = render(brief_of([article(1, WEB), article(2, hostile)]), "html")
    targets = LinkTargets(html).targets
    assert WEB in targets, "a web address is still a link"
    # The hostile article's citations point to its entry under Sources, as for no URL at all.
    assert set(targets) == {WEB, "#src-2"}
    assert "javascript" not in html.casefold() and "file:" not in html
    # Its citations and its entry still show the number, outlet and title.
    assert 'href="#src-2" title="outlet2.example: Ossel Bridge report 2">[2]</a>' in html
    assert '<li id="src-2">outlet2.example: Ossel Bridge report 2 <span' in html


def test_html_links_a_web_address_whatever_its_case_and_stray_whitespace() -> None:
    html = render(brief_of([article(1, " \tHTTPS://www.veyrapost.example/a\n ")]), "html")
    assert set(LinkTargets(html).targets) == {"HTTPS://www.veyrapost.example/a"}


@pytest.mark.parametrize("hostile", HOSTILE)
def test_markdown_links_only_web_addresses(hostile: str) -> None:
    markdown = render(brief_of([article(1, WEB), article(2, hostile)]), "md")
    assert markdown_targets(markdown) == [WEB]
    assert "2. outlet2.example: Ossel Bridge report 2 (2026-03-13 06:40)" in markdown


def test_a_url_cannot_break_out_of_its_markdown_link() -> None:
    url = "https://a.example/x y) [more](javascript:alert(1)) <b>\\"
    markdown = render(brief_of([article(1, url)]), "md")
    [target] = markdown_targets(markdown)
    assert target.startswith("https://a.example/x%20y%29%20")
    assert "[Ossel Bridge report 1](https://a.example/x%20y%29" in markdown


def test_text_cannot_add_links_or_html_to_markdown() -> None:
    hostile_text = (
        "[click](javascript:alert(1)) ![x](javascript:alert(2)) <javascript:alert(3)> "
        '<a href="javascript:alert(4)">here</a>\n[1]: javascript:alert(5)'
    )
    hostile = BriefArticle("a2", hostile_text, hostile_text, None, None)
    markdown = render(brief_of([article(1, WEB), hostile], said=hostile_text), "md")
    # [1]: would have defined a target for the brief's own citation [1], had it stayed a line.
    assert markdown_targets(markdown) == [WEB]


def test_text_has_the_markdowns_content_without_its_syntax() -> None:
    brief = brief_of([article(1, WEB), article(2, None), article(3, "javascript:alert(1)")])
    markdown, text = render(brief, "md"), render(brief, "text")
    for syntax in ("#", "*", "](", "<"):
        assert syntax not in text
    parsed = [t.type for t in MarkdownIt("commonmark").parse(text)]
    assert not {"heading_open", "strong_open", "em_open", "link_open"} & set(parsed)

    headings = [line.lstrip("# ") for line in markdown.splitlines() if line.startswith("#")]
    assert headings[1:] == [
        "Summary",
        "What the outlets agree on",
        "Where they differ",
        "Only in one outlet",
        "Quotes",
        "Timeline",
        "Who and where",
        "Sources",
    ]
    lines = text.splitlines()
    assert [line for line in lines if line in headings] == headings, "every section, in order"
    citations = re.compile(r"(?:\[\d+\])+")
    assert citations.findall(text) == citations.findall(markdown), "every citation, in order"
    assert "[1][2][3]" in text
    # The article list writes each web address out, on its own line under its entry.
    sources = lines[lines.index("Sources") :]
    assert sources[1:] == [
        "",
        "1. outlet1.example: Ossel Bridge report 1 (2026-03-13 06:40)",
        f"   {WEB}",
        "2. outlet2.example: Ossel Bridge report 2 (2026-03-13 06:40)",
        "3. outlet3.example: Ossel Bridge report 3 (2026-03-13 06:40)",
    ]


def test_text_and_markdown_drop_what_a_terminal_would_obey() -> None:
    # An OSC 8 hyperlink would make the title a clickable javascript: link in a terminal.
    title = "\x1b]8;;javascript:alert(1)\x1b\\Bridge\x1b]8;;\x1b\\ falls\x1b[2J\rFake"
    hostile = BriefArticle("a1", title, "outlet1.example", f"{WEB}\x1b[31m", None)
    for fmt in ("text", "md"):
        shown = render(brief_of([hostile]), fmt)
        assert "\x1b" not in shown and "\r" not in shown
        assert "Bridge" in shown and "Fake" in shown, "the words themselves are still shown"
        assert f"{WEB}%1B" in shown, "and the address, its control character made harmless"


@pytest.mark.parametrize("fmt", ["text", "md", "html"])
def test_counts_agree_with_their_nouns(fmt: str) -> None:
    one = render(brief_of([article(1, WEB)]), fmt)
    assert "1 article from 1 outlet" in one and "1 articles" not in one
    assert "(1 outlet)" in one or "1 outlet</span>" in one
    three = [
        article(1, WEB),
        article(2, WEB, "outlet2.example"),
        article(3, WEB, "outlet2.example"),
    ]
    many = render(brief_of(three), fmt)
    assert "3 articles from 2 outlets" in many
    assert "(2 outlets)" in many or "2 outlets</span>" in many


def test_a_hostile_feed_item_is_shown_unlinked_in_the_exported_pages(tmp_path: Path) -> None:
    item = {
        "title": "Ossel Bridge collapses in Port Veyra",
        "text": "A road bridge over the swollen River Ossel collapsed in Port Veyra on Thursday "
        "night, sending a bus and several cars into the water, officials said on Friday.",
        "url": "javascript:alert(document.cookie)",
        "source_domain": "veyrapost.example",
        "date_publish": "2026-03-13 06:40:00",
    }
    feed = tmp_path / "crawl.jsonl"
    feed.write_text(json.dumps(item) + "\n", encoding="utf-8")
    ingest([feed], db=tmp_path / "s.db")
    with Store(tmp_path / "s.db") as store:
        export_briefs(store, tmp_path / "out")
    page = (tmp_path / "out" / "story-1.html").read_text(encoding="utf-8")
    assert "javascript" not in page
    assert set(LinkTargets(page).targets) == {"#src-1"}
    assert "1 article from 1 outlet: veyrapost.example" in page
    index = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert "1 story," in index


@pytest.mark.parametrize("fmt", ["text", "md", "html"])
def test_large_figures_are_shown_as_a_reader_writes_them(fmt: str) -> None:
    brief = brief_of([article(1, None), article(2, None)])
    values = brief["conflicts"][0]["values"]
    values[0]["value"], values[1]["value"] = "45000000", "52500000"
    shown = render(brief, fmt)
    assert "45 million" in shown and "52.5 million" in shown
    assert "45000000" not in shown
    assert json.loads(render(brief, "json"))["conflicts"][0]["values"][0]["value"] == "45000000"


@pytest.mark.parametrize("fmt", ["text", "md", "html"])
def test_a_year_in_dispute_is_shown_as_a_year(fmt: str) -> None:
    brief = brief_of([article(1, None), article(2, None)])
    brief["conflicts"][0]["about"] = "date (led the party)"
    values = brief["conflicts"][0]["values"]
    values[0]["value"], values[1]["value"] = "2002", "2003"
    shown = render(brief, fmt)
    assert "2002" in shown and "2003" in shown
    assert "2,002" not in shown
