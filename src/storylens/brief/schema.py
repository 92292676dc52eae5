"""The brief's JSON shape, schema ``storylens.brief/1`` (documented in docs/brief-schema.md).

Typed dataclasses so the builder cannot forget a field; ``to_json`` gives the plain dict that
is stored, served and rendered. Items cite articles by id under ``sources``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

SCHEMA = "storylens.brief/1"

ConflictKind = Literal["changed_over_time", "different_precision", "contradiction"]


@dataclass(frozen=True, slots=True)
class BriefArticle:
    id: str
    title: str
    outlet: str
    url: str | None
    published: str | None
    #: Set when this article is a syndicated copy or refetch of another article in the story.
    copy_of: str | None = None
    #: Set when a later version of this page (same URL) is in the story: the brief reads that
    #: one, and this one only where a figure or date changed between them (``conflicts``).
    revised_by: str | None = None


@dataclass(frozen=True, slots=True)
class TopicRef:
    """The longer-running subject the story belongs to."""

    id: int
    title: str


@dataclass(frozen=True, slots=True)
class StoryHeader:
    id: int
    title: str
    topic: TopicRef | None
    outlets: list[str]
    articles: list[BriefArticle]


@dataclass(frozen=True, slots=True)
class Cited:
    """A sentence and the articles that say it (``outlets`` counts independent sources)."""

    text: str
    sources: list[str]
    outlets: list[str]


@dataclass(frozen=True, slots=True)
class Summary:
    """A headline and a few sentences covering the story's main claims without repeating itself.

    The headline is one outlet's own title (the one the others' reports share most words with);
    each sentence is the most central wording of a claim group and cites every article saying it.
    """

    headline: Cited | None
    sentences: list[Cited]


@dataclass(frozen=True, slots=True)
class Unique:
    source: str
    outlet: str
    claims: list[str]


@dataclass(frozen=True, slots=True)
class ConflictValue:
    value: str
    text: str
    source: str
    outlet: str
    published: str | None


@dataclass(frozen=True, slots=True)
class Conflict:
    about: str
    kind: ConflictKind
    values: list[ConflictValue]


@dataclass(frozen=True, slots=True)
class QuoteItem:
    speaker: str | None
    text: str
    sources: list[str]


@dataclass(frozen=True, slots=True)
class EntityItem:
    name: str
    label: str
    mentions: dict[str, int]


@dataclass(frozen=True, slots=True)
class TimelineItem:
    date: str
    precision: str
    #: "mentioned": a date the articles speak of; "published": an article's publication time.
    kind: Literal["mentioned", "published"]
    text: str
    sources: list[str]


@dataclass(frozen=True, slots=True)
class Brief:
    story: StoryHeader
    summary: Summary
    consensus: list[Cited]
    unique: list[Unique]
    conflicts: list[Conflict]
    quotes: list[QuoteItem]
    entities: list[EntityItem]
    timeline: list[TimelineItem]
    schema: str = field(default=SCHEMA)

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        return {"schema": data.pop("schema"), **data}
