"""The vocabulary every stage shares.

Plain frozen dataclasses, so that stages stay pure functions of their inputs and
results can be compared, hashed and cached. Offsets are character offsets into
``Article.text``; times are timezone-aware UTC ``datetime`` values or ``None``
when the source gave none (we never invent a publication time).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

#: "week" is a span of days ("2016-03-21/2016-03-24"), which only the conflicts name ("earlier
#: this week"); the facts store days, months and years.
DatePrecision = Literal["day", "week", "month", "year"]


@dataclass(frozen=True, slots=True)
class Article:
    """One report by one outlet, as a reader produced it.

    ``id`` is derived from the content (see ``storylens.ingest.common.article_id``) so that
    reading the same input twice yields the same id and re-ingesting adds nothing.
    ``origin`` says where it came from ("path/to/file.jsonl:12") for error messages and audits.
    """

    id: str
    title: str
    text: str
    outlet: str
    origin: str
    url: str | None = None
    published: datetime | None = None
    language: str = "en"
    author: str | None = None


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of the article text with its offsets; ``index`` counts from 0 in text order."""

    index: int
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Entity:
    """A named entity mention; ``label`` is spaCy's (PERSON, ORG, GPE, LOC, NORP, ...)."""

    text: str
    label: str
    start: int
    end: int
    sentence: int


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number with what it counts, e.g. value 277.0, unit "electoral votes"."""

    text: str
    value: float
    unit: str
    start: int
    end: int
    sentence: int


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date the text mentions, resolved against the publication date.

    ``value`` is ISO and matches ``precision``:
    "2020-02-29" (day), "2020-02" (month), "2020" (year).
    """

    text: str
    value: str
    precision: DatePrecision
    start: int
    end: int
    sentence: int


@dataclass(frozen=True, slots=True)
class FloatingDate:
    """A date in an article without a publication time that needs one to be placed
    ("November 5", "on Wednesday"); the brief places it by the story's dated reports."""

    text: str
    start: int
    end: int
    sentence: int
    #: The text speaks of the future, so a weekday is the coming one (``looks_ahead``).
    ahead: bool = False


@dataclass(frozen=True, slots=True)
class Quote:
    """A direct quote and, when it can be told, who said it."""

    text: str
    speaker: str | None
    start: int
    end: int
    sentence: int


@dataclass(frozen=True, slots=True)
class ArticleFacts:
    """Everything the facts stage found in one article; computed once at ingest and stored."""

    sentences: tuple[Sentence, ...] = ()
    entities: tuple[Entity, ...] = ()
    quantities: tuple[Quantity, ...] = ()
    dates: tuple[DateMention, ...] = ()
    quotes: tuple[Quote, ...] = ()
    #: Only for an article without a publication time.
    floating_dates: tuple[FloatingDate, ...] = ()


@dataclass(frozen=True, slots=True)
class StorySummary:
    """One row of the story list: what ``storylens stories`` prints."""

    id: int
    title: str
    articles: int
    outlets: tuple[str, ...]
    first_published: datetime | None
    last_published: datetime | None


@dataclass(frozen=True, slots=True)
class TopicSummary:
    """One row of ``storylens topics``: a longer-running subject and its stories."""

    id: int
    title: str
    stories: tuple[int, ...]
    articles: int
    outlets: tuple[str, ...]
    first_published: datetime | None
    last_published: datetime | None


@dataclass(frozen=True, slots=True)
class IngestProblem:
    """A file or item that could not be read, and why; stored in the ingest-errors table.
    A ``warning`` is about an item that was read all the same, less something it stated (a
    date that is no date): it is listed with the errors but does not count as one."""

    origin: str
    reason: str
    warning: bool = False


@dataclass(slots=True)
class IngestReport:
    """What one ingest run did; printed by the CLI and returned by the API."""

    added: int = 0
    copies: int = 0
    unchanged: int = 0
    stories_touched: set[int] = field(default_factory=set)
    new_stories: set[int] = field(default_factory=set)
    errors: list[IngestProblem] = field(default_factory=list)
    warnings: list[IngestProblem] = field(default_factory=list)
    #: Seconds spent per stage (read, dedup, facts, embed, assign, store, refine, brief).
    seconds: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class StoredArticle:
    """An article as the store hands it to the brief: its facts and, for a copy, its original."""

    article: Article
    facts: ArticleFacts
    story_id: int
    copy_of: str | None = None


def is_english(language: str) -> bool:
    """Whether an article's language is English, the one language its facts and the story
    embedding are made for ("" counts as English: stories stored before languages were)."""
    return (language or "en").lower().split("-")[0] == "en"


def is_date_only(moment: datetime) -> bool:
    """Whether a publication time is midnight to the second, which is what a source that gives
    only the date ("date_publish": "2019-11-20") is stored as. A real midnight publication is
    taken for one too, a smaller harm than showing "00:00" as if a time had been given."""
    return (moment.hour, moment.minute, moment.second, moment.microsecond) == (0, 0, 0, 0)


def shown_time(moment: datetime | str | None) -> str:
    """A publication time as a reader is shown it: "2019-11-20 14:05", or "2019-11-20" for a
    date given without its time (``is_date_only``). ISO strings (as a brief stores them) are
    read as well."""
    if moment is None:
        return "undated"
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    return moment.strftime("%Y-%m-%d" if is_date_only(moment) else "%Y-%m-%d %H:%M")
