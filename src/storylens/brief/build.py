"""Assemble a story's brief from its stored articles, facts and sentence vectors.

Pure: the same stored material gives the same brief, and nothing here touches the database or
a model, so a brief is cheap to rebuild whenever a story gains an article.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from storylens.brief.align import ClaimGroup, claim_groups
from storylens.brief.conflicts import find_conflicts
from storylens.brief.entities import entity_table, story_names
from storylens.brief.naming import normalised
from storylens.brief.schema import (
    Brief,
    BriefArticle,
    Cited,
    StoryHeader,
    TopicRef,
    Unique,
)
from storylens.brief.sections import merge_quotes, timeline
from storylens.brief.speakers import shown_alone
from storylens.brief.summary import cite, reads_alone, summarise
from storylens.brief.versions import page_histories
from storylens.config import BriefSettings
from storylens.embed import Vectors
from storylens.facts.furniture import without_furniture
from storylens.model import StoredArticle

#: Most single-source claims listed per article under "unique".
UNIQUE_PER_ARTICLE = 5


def build_brief(
    story_id: int,
    title: str,
    articles: list[StoredArticle],
    vectors: dict[str, Vectors],
    settings: BriefSettings,
    topic: tuple[int, str] | None = None,
) -> Brief:
    # What stands in page furniture (embedded posts, credits, link lists) is nothing the
    # outlet reports: no section may show it.
    articles = [replace(a, facts=without_furniture(a.facts)) for a in articles]
    revised_by = revisions(articles)
    # Everything but the conflicts reads a page's latest version only; an earlier one counts
    # as a copy of it there, so it is neither a second source nor a second set of claims.
    everything = articles
    articles = [
        replace(a, copy_of=revised_by[a.article.id]) if a.article.id in revised_by else a
        for a in everything
    ]
    groups = claim_groups(articles, vectors, settings.claim_threshold)
    names = story_names(articles)
    shared = [(g, cite(g, articles)) for g in groups if len(g.outlets) >= 2]
    consensus = [cited for _, cited in sorted(shared, key=lambda pair: _rank(*pair))]
    header = StoryHeader(
        id=story_id,
        title=title,
        topic=None if topic is None else TopicRef(id=topic[0], title=topic[1]),
        outlets=sorted({s.article.outlet for s in articles}),
        articles=[
            BriefArticle(
                id=s.article.id,
                title=s.article.title,
                outlet=s.article.outlet,
                url=s.article.url,
                published=s.article.published.isoformat() if s.article.published else None,
                copy_of=None if s.article.id in revised_by else s.copy_of,
                revised_by=revised_by.get(s.article.id),
            )
            for s in articles
        ],
    )
    return Brief(
        story=header,
        summary=summarise(groups, articles, vectors, settings),
        consensus=consensus[: settings.max_consensus],
        unique=_unique(groups, articles),
        conflicts=find_conflicts(everything, vectors, show_precision=settings.show_precision),
        quotes=merge_quotes(articles, names),
        entities=entity_table(articles, names=names),
        timeline=timeline(articles),
    )


def revisions(articles: Sequence[StoredArticle]) -> dict[str, str]:
    """Each earlier version of a page to the id of its latest version in the story."""
    return {
        articles[earlier].article.id: articles[versions[-1]].article.id
        for versions in page_histories(articles)
        for earlier in versions[:-1]
    }


def _rank(group: ClaimGroup, cited: Cited) -> tuple[int, bool, int, int]:
    """Most widely carried first; among as widely carried, a claim shown in words that read
    on their own before one that does not (a piece of a longer quote); then what articles say
    early (news puts the key facts first)."""
    first = min(group.members, key=lambda m: (m.sentence, m.article))
    return (-len(group.outlets), not reads_alone(cited.text), first.sentence, first.article)


def _unique(groups: list[ClaimGroup], articles: list[StoredArticle]) -> list[Unique]:
    """Per article, what no other outlet says: first what reads on its own, then the rest;
    within each, most informative (names and numbers) first. A sentence whose words another
    of the article's claims holds whole is left out: an article that opens on a quote often
    repeats it further down, once with its speaker and once without."""
    by_article: dict[int, list[tuple[bool, int, int, str]]] = {}
    for group in groups:
        if len(group.outlets) != 1 or len(group.members) != 1:
            continue
        member = group.members[0]
        facts = articles[member.article].facts
        weight = sum(1 for e in facts.entities if e.sentence == member.sentence) + sum(
            2 for q in facts.quantities if q.sentence == member.sentence
        )
        claims = by_article.setdefault(member.article, [])
        text = shown_alone(member, articles)
        if all(text != other for *_, other in claims):
            claims.append((not reads_alone(text), -weight, member.sentence, text))
    return [
        Unique(
            source=articles[index].article.id,
            outlet=articles[index].article.outlet,
            claims=[
                text for *_, text in sorted(_not_repeated(by_article[index]))[:UNIQUE_PER_ARTICLE]
            ],
        )
        for index in sorted(by_article)
    ]


def _not_repeated(claims: list[tuple[bool, int, int, str]]) -> list[tuple[bool, int, int, str]]:
    """The claims whose words no other claim of the same article holds whole (of two with the
    same words, the first)."""
    padded = [f" {normalised(text)} " for *_, text in claims]
    return [
        claim
        for i, claim in enumerate(claims)
        if not any(
            padded[i] in other and (padded[i] != other or j < i)
            for j, other in enumerate(padded)
            if j != i
        )
    ]
