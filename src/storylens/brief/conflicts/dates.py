"""Dates that outlets give differently for the same event.

A date has no counted noun to say what it is about, so its sentences must be closer than two
figures' (cosine at least ``CONTEXT``) and still share a word around the dates ("the Doha
agreement was *signed* on" / "*signed* in"). Datelines are when a report was filed, not when
anything happened. Dates written with a month ("June 14", "Feb. 29") compare so; two other
forms only on stronger evidence, as each is mostly read right but often tells of different
things:

- two years alone ("since 2002" / "since 2003"), or where spans of years start ("from 1966
  to 1978" / "from 1967"), only one apart, the slip of one report, in sentences sharing
  ``YEAR_WORDS`` words around them (one, if closer than ``YEAR_CLOSE``): years further apart
  date different things (a law's year, the last record's, an earlier visit);
- a period named from publication ("quit earlier this month" / "left last year", "repaid in
  2017" / "repaid earlier this year") against another or a year, when neither contains the
  other, both are past, and the words around them share three words (two in sentences at
  least ``CONTEXT`` alike): reports retell an event in their own sentences, and the words
  around its date are what they keep;
- a past week named from publication ("issued last month" / "last week warned") is a span
  of days, a period like the others; against a weekday only when one word dates both, as
  events of one story follow each other week by week and day by day;
- two weekdays ("apologized on Friday" / "apologized Saturday"), or two months named without
  their year ("in July" / "in May"), only when both are past and the sentences share
  ``WEEKDAY_WORDS`` words around them: a candidate speaks on Saturday and again on Sunday, an
  agency awards contracts in May and more in July, in sentences alike; and a coming Tuesday
  read as the past one would set two right reports against each other. Two weekdays that the
  same word dates ("published Sunday" / "published Saturday") need no more alike sentences.

A report gives many days, one per event, so a day it gives elsewhere settles nothing: each
date is set against its closest match in the other report, agreeing or not.

One date inside the other ("2020-02" / "2020-02-29") is the same date at another precision.
Different dates are a contradiction, except for a date still ahead when it was first reported
(a vote set for a day): such a date can be moved, and later reports then supersede it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from datetime import date, timedelta

from storylens.brief.conflicts.common import (
    MONTHS,
    Mention,
    about_words,
    conflict,
    content_words,
    dispute_groups,
    labelled,
    mention,
    sense,
    senses,
    sources,
    text_around,
)
from storylens.brief.naming import words_of
from storylens.brief.schema import Conflict
from storylens.embed import Vectors
from storylens.facts.dates import HAS_YEAR, WEEKDAYS, YEARS
from storylens.model import DateMention, StoredArticle

#: Sentence cosine from which two dates' sentences tell of the same event.
CONTEXT = 0.6
#: Sentence cosine for two years one apart, which their shared words must make up for, and
#: from which one shared word is enough ("Edward Brooke, who served from 1967" / "Edward
#: Brooke, a Republican, held the seat from 1966 to 1978").
YEAR_CONTEXT = 0.55
YEAR_CLOSE = 0.75
#: Sentence cosine from which two periods named from publication ("earlier this month" /
#: "last year") may date one event, when the words around them say so.
PERIOD_CONTEXT = 0.35
#: Sentence cosine from which two weekdays that one word dates may be one day.
VERB_CONTEXT = 0.1
#: Words around two years, and around two weekdays, that must say the same.
YEAR_WORDS = 2
WEEKDAY_WORDS = 3
#: Verbs of saying whose day is when something was said.
SAYING = frozenset(
    {"said", "says", "told", "announced", "reported", "stated", "added", "confirmed", "wrote"}
)
#: A period named from publication ("last year", "earlier this month").
_PERIOD = re.compile(r"\b(?:last|this|previous)\s+(?:year|month)\b", re.IGNORECASE)
#: A past week named from publication: the last one, or this one before the day of writing.
#: "this week" alone may run past publication, and "the past week" ends at it, whatever the
#: day: neither dates an event.
_WEEK = re.compile(r"\b(?:(?P<earlier>earlier)\s+this|last|previous)\s+week\b", re.IGNORECASE)


def date_conflicts(
    articles: Sequence[StoredArticle], vectors: dict[str, Vectors]
) -> list[Conflict]:
    dates = [
        mention(d, d.value, _shown(d), stored, rows, (d.sentence, d.start, d.end), version=version)
        for stored, rows, version in sources(articles, vectors)
        for d in (*stored.facts.dates, *_weeks(stored))
        if _form(d) is not None
    ]
    return [
        conflict(group, _about, refines=_contains, may_change=_planned)
        for group in dispute_groups(dates, VERB_CONTEXT, _same_event, matched=True)
    ]


def _weeks(stored: StoredArticle) -> Iterator[DateMention]:
    """The past weeks the article names from its publication date ("earlier this week" in a
    report of Friday is Monday to Thursday), as spans of days; the date reader has no weeks,
    as a timeline has no place for them, but a report's "earlier this week" does disagree with
    another's "Friday"."""
    if stored.article.published is None:
        return
    published = stored.article.published.date()
    monday = published - timedelta(days=published.weekday())
    for sentence in stored.facts.sentences:
        for match in _WEEK.finditer(sentence.text):
            if match["earlier"]:
                first, last = monday, published - timedelta(days=1)
            else:
                first, last = monday - timedelta(days=7), monday - timedelta(days=1)
            if first <= last:
                start = sentence.start + match.start()
                yield DateMention(
                    text=match[0],
                    value=f"{first.isoformat()}/{last.isoformat()}",
                    precision="week",
                    start=start,
                    end=start + len(match[0]),
                    sentence=sentence.index,
                )


def _shown(d: DateMention) -> str:
    return d.value.replace("/", " to ")


def _days(key: str) -> tuple[date, date]:
    """The first and last day a value covers: "2016" all its days, "2016-03" its month,
    "2016-03-21/2016-03-24" the span."""
    if "/" in key:
        first, last = key.split("/")
        return date.fromisoformat(first), date.fromisoformat(last)
    parts = [int(p) for p in key.split("-")]
    if len(parts) == 3:
        day = date(*parts)
        return day, day
    if len(parts) == 2:
        year, month = parts
        following = date(year + month // 12, month % 12 + 1, 1)
        return date(year, month, 1), following - timedelta(days=1)
    return date(parts[0], 1, 1), date(parts[0], 12, 31)


def _apart(a: str, b: str) -> bool:
    """Whether no day is in both values."""
    (first_a, last_a), (first_b, last_b) = _days(a), _days(b)
    return last_a < first_b or last_b < first_a


def _form(d: DateMention) -> str | None:
    """How the date is written, of the forms compared (see the module)."""
    if d.precision == "week":
        return "period"
    if YEARS.fullmatch(d.text.strip()):
        return "year"
    if d.precision in ("month", "year") and _PERIOD.search(d.text):
        return "period"
    if d.precision == "month" and not HAS_YEAR.search(d.text):
        return "month"
    if d.precision != "year" and _written_out(d.text):
        return "written"
    if d.precision == "day" and d.text.strip().casefold() in WEEKDAYS:
        return "weekday"
    return None


def _written_out(text: str) -> bool:
    """Whether the date names its year or month ("2021", "Feb. 29", "June 14")."""
    return HAS_YEAR.search(text) is not None or any(
        len(word) >= 3 and month.startswith(word.casefold())
        for word in words_of(text)
        for month in MONTHS
    )


def _same_event(a: Mention[DateMention], b: Mention[DateMention]) -> bool:
    form, other = _form(a.fact), _form(b.fact)
    if a.in_dateline() or b.in_dateline():
        return False
    shared = len(senses(a) & senses(b))
    similarity = float(a.context @ b.context)
    weeks = "week" in (a.fact.precision, b.fact.precision)
    if {form, other} == {"period", "weekday"}:
        # Events of one story follow each other day by day and week by week, told in the
        # same words ("passed a bill last week" / "sent the bill to her desk Monday"):
        # only a week and a day that one word dates are one event.
        return (
            weeks and _past(a) and _past(b) and _apart(a.key, b.key)
            and _dated_alike(a, b) and shared >= WEEKDAY_WORDS
        )  # fmt: skip
    if "period" in (form, other) and {form, other} <= {"year", "period"}:
        return (
            _past(a) and _past(b) and _apart(a.key, b.key)
            and (
                (shared >= YEAR_WORDS and similarity >= CONTEXT)
                or (shared >= WEEKDAY_WORDS and similarity >= PERIOD_CONTEXT)
            )
        )  # fmt: skip
    if form != other:
        return False
    if form == "year":
        return abs(int(a.key) - int(b.key)) == 1 and (
            (shared >= YEAR_WORDS and similarity >= YEAR_CONTEXT)
            or (shared >= 1 and similarity >= YEAR_CLOSE)
        )
    if form == "weekday" and _dated_alike(a, b) and shared >= WEEKDAY_WORDS:
        return _past(a) and _past(b) and not _when_said(a) and not _when_said(b)
    if similarity < CONTEXT:
        return False
    if form in ("weekday", "month"):
        return (
            _past(a) and _past(b) and not _when_said(a) and not _when_said(b)
            and shared >= WEEKDAY_WORDS
        )  # fmt: skip
    return shared >= 1


def _dated_alike(a: Mention[DateMention], b: Mention[DateMention]) -> bool:
    """Whether one word dates both ("an article *published* Sunday" / "comments to the Times
    *published* Saturday"): the clause around a date says what happened then, however much
    else the two sentences say (a quote, in one of them). Any word further back is often the
    same thing at another step ("the Legislature *sent* a bill to her desk Monday" / "*passed*
    a bill last week"), and "the law *enacted* last week" / "the law *grew* Monday" are two
    events."""
    dated = []
    for m in (a, b):
        before, _ = text_around(m.stored, m.sentence, m.start, m.end)
        words = content_words(words_of(before))
        dated.append(sense(words[-1]) if words else None)
    return dated[0] is not None and dated[0] == dated[1]


def _when_said(m: Mention[DateMention]) -> bool:
    """Whether the day dates the saying ("officials said on Friday"), which a later report or
    revision says again on another day, not the event."""
    before, _ = text_around(m.stored, m.sentence, m.start, m.end)
    return not SAYING.isdisjoint(w.casefold() for w in words_of(before)[-2:])


def _past(m: Mention[DateMention]) -> bool:
    """Whether the date began by publication ("earlier this month" has)."""
    return m.published is not None and _days(m.key)[0] <= m.published.date()


def _contains(coarse: Mention[DateMention], fine: Mention[DateMention]) -> bool:
    (first, last), (fine_first, fine_last) = _days(coarse.key), _days(fine.key)
    return coarse.key != fine.key and first <= fine_first and fine_last <= last


def _planned(group: Sequence[Mention[DateMention]]) -> bool:
    """Whether the earliest dated report (the group is oldest first) gave a date ahead of it."""
    for m in group:
        if m.published is not None:
            return not _past(m)
    return False


def _about(group: Sequence[Mention[DateMention]]) -> str:
    return labelled("date", about_words(group))
