"""Dates that outlets give differently for the same event.

A date has no counted noun to say what it is about, so its sentences must be closer than two
figures' (cosine at least ``CONTEXT``) and still share a word around the dates ("the Doha
agreement was *signed* on" / "*signed* in"). Only dates written with a month count: a
weekday ("on Tuesday") is resolved against the publication date, and a coming Tuesday read as
the past one would set two right reports against each other; a year alone rarely dates what
the sentence tells (a law's year, the last record's, an earlier visit's: on NeuS train all
three year-against-year pairs found were such). Datelines are when a report was filed, not
when anything happened.

One date inside the other ("2020-02" / "2020-02-29") is the same date at another precision.
Different dates are a contradiction, except for a date still ahead when it was first reported
(a vote set for a day): such a date can be moved, and later reports then supersede it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from storylens.brief.conflicts.common import (
    MONTHS,
    Mention,
    about_words,
    conflict,
    dispute_groups,
    labelled,
    mention,
    shares_sense,
    sources,
)
from storylens.brief.naming import words_of
from storylens.brief.schema import Conflict
from storylens.embed import Vectors
from storylens.model import DateMention, StoredArticle

#: Sentence cosine from which two dates' sentences tell of the same event.
CONTEXT = 0.6
_YEAR = re.compile(r"\b(?:1[6-9]|20)\d\d\b")


def date_conflicts(
    articles: Sequence[StoredArticle], vectors: dict[str, Vectors]
) -> list[Conflict]:
    dates = [
        mention(d, d.value, d.value, stored, rows, (d.sentence, d.start, d.end), version=version)
        for stored, rows, version in sources(articles, vectors)
        for d in stored.facts.dates
        if d.precision != "year" and _written_out(d.text)
    ]
    return [
        conflict(group, _about, refines=_contains, may_change=_planned)
        for group in dispute_groups(dates, CONTEXT, _same_event)
    ]


def _written_out(text: str) -> bool:
    """Whether the date names its year or month ("2021", "Feb. 29", "June 14")."""
    return _YEAR.search(text) is not None or any(
        len(word) >= 3 and month.startswith(word.casefold())
        for word in words_of(text)
        for month in MONTHS
    )


def _same_event(a: Mention[DateMention], b: Mention[DateMention]) -> bool:
    return not a.in_dateline() and not b.in_dateline() and shares_sense(a, b)


def _contains(coarse: Mention[DateMention], fine: Mention[DateMention]) -> bool:
    return fine.key.startswith(coarse.key + "-")


def _planned(group: Sequence[Mention[DateMention]]) -> bool:
    """Whether the earliest dated report (the group is oldest first) gave a date ahead of it."""
    for m in group:
        if m.published is not None:
            return m.key > m.published.date().isoformat()
    return False


def _about(group: Sequence[Mention[DateMention]]) -> str:
    return labelled("date", about_words(group))
