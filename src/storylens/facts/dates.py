"""Dates the text mentions, resolved to ISO values at the precision the text gives.

Only spaCy's DATE spans are resolved (dateparser's ``search_dates`` on raw text returns
junk), plus spans the model filed under another label although they are plainly a calendar
date ("the November 5" came out as an EVENT). Durations ("two decades", "20-year",
"the months and weeks") are not points in time and are skipped before dateparser can turn
them into one.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from datetime import date, datetime, timedelta

from dateparser.date import DateDataParser
from spacy.tokens import Span, Token

from storylens.facts.nlp import Paragraph, trim_mention
from storylens.facts.sentences import SentenceLocator
from storylens.model import DateMention, DatePrecision, FloatingDate

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WEEKDAY = "(?:" + "|".join(WEEKDAYS) + ")"
_YEAR = r"\b(?:1[6-9]|20)\d\d\b"
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"

HAS_YEAR = re.compile(_YEAR)
_HAS_MONTH = re.compile(rf"\b{_MONTH}\b", re.IGNORECASE)
_RELATIVE = re.compile(
    r"\b(?:last|next|this|previous|ago|today|yesterday|tomorrow|tonight)\b", re.IGNORECASE
)
#: A year alone, or a span of years ("from 1966 to 1978"), which dates from its first.
YEARS = re.compile(
    r"(?:from\s+)?(?P<first>(?:1[6-9]|20)\d\d)"
    r"(?:\s*(?:to|-|–|through|until)\s*(?P<last>(?:1[6-9]|20)\d\d))?",
    re.IGNORECASE,
)
_PART_OF = re.compile(r"^(?:earlier|later|early|late)\s+(?=(?:this|next|last)\b)", re.IGNORECASE)
_POINT_IN_TIME = re.compile(
    rf"\b{_MONTH}\b|\b{_WEEKDAY}\b|{_YEAR}|\b(?:today|yesterday|tomorrow|tonight|ago)\b"
    rf"|\b(?:last|next|this|previous)\s+(?:year|month|{_MONTH}|{_WEEKDAY})\b",
    re.IGNORECASE,
)
_CALENDAR_DATE = re.compile(
    rf"{_MONTH}\.?\s+{_DAY}(?:,?\s+{_YEAR})?|{_DAY}\s+{_MONTH}\.?(?:,?\s+{_YEAR})?",
    re.IGNORECASE,
)
_BARE_WEEKDAY = re.compile(
    rf"(?P<day>{_WEEKDAY})(?:\s+(?:morning|afternoon|evening|night))?", re.IGNORECASE
)

#: dateparser's periods, as the precision of the value we store; "week" and "time" have no
#: ISO form of ours and "time" is what dateparser returns for things it half understood.
_PRECISION: dict[str, DatePrecision] = {
    "day": "day",
    "part_of_day": "day",
    "month": "month",
    "year": "year",
}

#: When the tense does not tell, a month or day named without its year is the coming one only
#: this far ahead: news names coming dates months ahead at most ("the November elections" in
#: August), while a month further on ("in March" in November) is almost always the past one.
#: On BASIL's hand labels 74 months without a year lay before publication and 30 after.
_LOOKAHEAD = timedelta(days=92)
#: A past weekday six days back is left unresolved. News names a day of the week only within
#: the week around publication, and a report of Friday's events filed or dated on Thursday (a
#: print edition, a time zone) reads exactly like one of the Friday before: on BASIL's 180
#: articles, hand labels put 31 weekdays and "tomorrow"s one day after the given publication
#: date and none six days before it.
_DOUBTFUL_PAST = timedelta(days=6)

#: Auxiliaries that put the verb a date hangs from in the future ("will reprice ... by Monday").
_FUTURE_AUX = frozenset({"will", "wo", "'ll", "’ll", "shall"})
#: Words whose to-infinitive is a plan or a schedule ("is expected to vote on Tuesday"), and
#: which, given the date themselves, schedule it ("a decision is expected on Monday").
_SCHEDULING = frozenset(
    {"due", "expected", "scheduled", "set", "slated", "planned", "plans", "plan", "going", "poised"}
)
#: Auxiliaries that put a plan in the past: "was due to appear on Monday" tells what happened.
_PAST_AUX = frozenset({"was", "were", "had"})
_PRESENT_BE = frozenset({"is", "are", "'s", "’s", "'re", "’re"})
#: Verbs that report what someone said: their "would" is a reported "will" ("officials said
#: the bridge would reopen on Monday").
_REPORTING = frozenset(
    {"say", "tell", "announce", "add", "confirm", "report", "state", "warn", "insist",
     "predict", "promise", "expect", "write", "post", "tweet", "claim", "indicate", "signal"}
)  # fmt: skip
#: Prepositions that, under a verb in the present tense, point forward ("remains closed
#: until Monday", "must be filed by Friday").
_UNTIL = frozenset({"until", "till", "by"})
#: The words that end a span (not "by", a deadline: "was ordered to pay by Friday").
_SPAN_END = frozenset({"until", "till"})
#: Verbs that give someone a term that runs on after them: "appointed Cowan to serve until
#: June" (published in January) ends next June.
_APPOINTING = frozenset(
    {"appoint", "pick", "name", "choose", "select", "hire", "nominate", "tap", "designate"}
)
#: Prepositions that start a measure a decision sets: "announced a curfew starting Monday",
#: "declared three days of mourning from Sunday" (decided now, in force from then on).
_STARTING = frozenset({"from", "starting", "beginning", "effective"})
_DECIDING = frozenset(
    {"declare", "announce", "order", "impose", "introduce", "decide", "set", "schedule",
     "approve", "extend"}
)  # fmt: skip
_PRESENT = frozenset({"VBZ", "VBP"})
_PERFECT = frozenset({"has", "have", "'ve", "’ve"})
#: Modals that speak of what is still to come ("could" and "would" also tell the past).
_FORWARD_MODALS = frozenset({"must", "can", "ca", "may", "might", "should"})

#: Stands in for the publication date when there is none, so that results never depend on
#: today's date; only expressions naming their year get this far without a publication date.
_NO_BASE = datetime(2000, 1, 1)


def is_misfiled_date(span: Span) -> bool:
    """Whether a span the model did not label DATE is nonetheless a calendar date."""
    return span.label_ != "DATE" and _CALENDAR_DATE.fullmatch(trim_mention(span).text) is not None


def _date_spans(
    paragraphs: Sequence[Paragraph],
) -> Iterator[tuple[Paragraph, Span, bool | None]]:
    """Every date mention with what its tense says (``speaks_ahead``), but a bare weekday
    whose tense says nothing: "the move follows the testimony Tuesday" names no one Tuesday."""
    for paragraph in paragraphs:
        dates = [e for e in paragraph.doc.ents if e.label_ == "DATE" or is_misfiled_date(e)]
        for i, ent in enumerate(dates):
            mention = trim_mention(ent)
            if i + 1 < len(dates) and _written_with_its_weekday(ent, dates[i + 1]):
                continue  # "Friday, Dec. 6", split in two by the model: read as one
            if i and _written_with_its_weekday(dates[i - 1], ent):
                mention = ent.doc[dates[i - 1].start : ent.end]
            ahead = speaks_ahead(mention)
            if ahead is not None or not _BARE_WEEKDAY.fullmatch(mention.text):
                yield paragraph, mention, ahead


def _written_with_its_weekday(weekday: Span, date: Span) -> bool:
    """Whether a bare weekday, a comma and a day of a month follow each other ("Friday, Dec.
    6"), which names one day, and its year (see ``_year_of_weekday``)."""
    return (
        _BARE_WEEKDAY.fullmatch(trim_mention(weekday).text) is not None
        and date.start == weekday.end + 1
        and date.doc[weekday.end].text == ","
        and _HAS_MONTH.search(date.text) is not None
        and any(c.isdigit() for c in date.text)
    )


def find_dates(
    paragraphs: Sequence[Paragraph], locate: SentenceLocator, published: datetime | None
) -> tuple[DateMention, ...]:
    """Resolve every date mention of the article against its publication date."""
    found = []
    for paragraph, mention, ahead in _date_spans(paragraphs):
        resolved = resolve_date(mention.text, published, ahead=ahead)
        if resolved is None or _names_a_thing(mention, resolved[0], published, ahead):
            continue
        start, end = paragraph.offsets(mention)
        value, precision = resolved
        found.append(DateMention(mention.text, value, precision, start, end, locate.index(start)))
    return tuple(found)


def _names_a_thing(
    mention: Span, value: str, published: datetime | None, ahead: bool | None
) -> bool:
    """Whether a year after publication, in a clause told in the past, names something
    rather than a time: nothing a report tells in the past happened after it was published
    ("WeWork's 2025 bond has weakened", "earned a total score of 2072")."""
    return (
        published is not None
        and ahead is False
        and YEARS.fullmatch(mention.text.strip()) is not None
        and value > str(published.year)
    )


def find_floating_dates(
    paragraphs: Sequence[Paragraph], locate: SentenceLocator
) -> tuple[FloatingDate, ...]:
    """Dates of an undated article that only a publication time could place ("November 5",
    "on Wednesday"), kept so that the brief can place them by the story's other reports."""
    found = []
    for paragraph, mention, ahead in _date_spans(paragraphs):
        if _POINT_IN_TIME.search(mention.text) and not HAS_YEAR.search(mention.text):
            start, end = paragraph.offsets(mention)
            found.append(FloatingDate(mention.text, start, end, locate.index(start), bool(ahead)))
    return tuple(found)


def speaks_ahead(mention: Span) -> bool | None:
    """Whether the clause a date belongs to speaks of the future (True), of the past (False),
    or does not say (None), read from the parse.

    News tells what happened in the past tense, so a bare weekday or month is the latest one on
    or before publication ("talks ended on Monday", "whom he fired in February"), unless future
    wording points forward: "lenders will reprice their rates by Monday", "the Senate is
    expected to vote on Tuesday", "officials said the bridge would reopen on Monday", "remains
    closed until Monday", "the minister is visiting Kabul on Sunday", the headline "Senate to
    vote on Tuesday". The verb the date hangs from decides, through the prepositions between
    them; a to-infinitive takes its tense from the verb or plan above it ("will have to decide
    by Friday", "was due to appear on Monday"), and a measure decided with its start looks
    ahead ("declared three days of mourning from Sunday"). A weekday that qualifies a noun
    ("after Monday's talks") is read as the past one; a month ("the November elections") is
    not told. A plain present ("the move follows the testimony
    Tuesday", "polls open on Sunday") may be a schedule or the newsroom's present for the
    past: that is None, and the caller leaves a bare weekday unresolved rather than guess.
    """
    if mention.root.dep_ in ("poss", "compound") or any(
        child.tag_ == "POS" for child in mention.root.children
    ):
        # "after Monday's talks" are this week's; "the November elections" are as the verb
        # they stand under tells: "the cable summarized the August meeting" is last August.
        return False if _BARE_WEEKDAY.fullmatch(mention.text) else _tense_above(mention.root)
    infinitive = False
    prepositions: set[str] = set()
    for token in mention.root.ancestors:
        if token.dep_ == "prep":
            prepositions.add(token.lower_)
            continue
        if token.dep_ == "acomp" and not infinitive:
            if token.lower_ in _SCHEDULING and token.head.lower_ in _PRESENT_BE:
                return True  # "the report is due on Friday"
            continue  # "closed" in "remains closed until Monday": the verb is above it
        if infinitive and token.lower_ in _SCHEDULING and token.tag_[:2] in ("VB", "JJ"):
            return not _in_past(token)
        if not token.tag_.startswith("VB"):
            continue  # a noun between: "a ferry will run every 15 minutes from Monday"
        if token.dep_ == "acl" and token.lower_ in _SCHEDULING:
            # "should not run in the election slated for June 25": a plan for the noun, ahead
            # unless what the noun does is told in the past ("the vote scheduled for Tuesday
            # was postponed").
            return _tense_above(token.head) is not False
        token = _when_said(mention, token)
        helpers = [child for child in token.children if child.dep_ in ("aux", "auxpass")]
        auxiliaries = {child.lower_ for child in helpers}
        if auxiliaries & _FUTURE_AUX or _reported_will(token, auxiliaries):
            return True
        if _conditional(token, auxiliaries):
            # "The primary would be held on April 30", "the June 25 election would be his
            # third race": a plan, ahead; a bare weekday may be a habit's, and is not told.
            return None if _BARE_WEEKDAY.fullmatch(mention.text) else True
        if token.lower_ in _SCHEDULING and auxiliaries & _PRESENT_BE:
            return True
        if "to" in auxiliaries:
            infinitive = True
            continue
        if prepositions & _STARTING and token.lemma_ in _DECIDING:
            return True  # "announced a curfew starting Monday"
        if not _in_present(token, helpers):
            # The past, or a perfect ("has been closed since Monday"); but the end of a term
            # an appointment gives lies ahead ("picked to fill the seat until a special
            # election in June", "appointed to serve until voters chose ...").
            return bool(
                infinitive and prepositions & _SPAN_END and token.lemma_ in _APPOINTING
            ) or _ends_a_planned_span(token)
        if infinitive or prepositions & _UNTIL or auxiliaries & _FORWARD_MODALS:
            return True  # "does not begin until Monday", "must be filed by Friday"
        if token.tag_ == "VBG" and auxiliaries & _PRESENT_BE:
            return True  # an arrangement: "the minister is visiting Kabul on Sunday"
        if token.lemma_ in _REPORTING:
            return False  # the newsroom's present for what was said: "the ministry says Monday"
        return None
    return infinitive  # a headline's bare infinitive: "Senate to vote on Tuesday"


def _tense_above(word: Token) -> bool | None:
    """The tense of the first verb above a word (a date that qualifies a noun, a noun a plan
    qualifies): past (False), future (True), or None when it is a present or there is none."""
    verb = next((t for t in word.ancestors if t.tag_.startswith("VB")), None)
    if verb is None:
        return None
    if _ends_a_planned_span(verb):
        return True
    auxiliaries = {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}
    if auxiliaries & _FUTURE_AUX or _reported_will(verb, auxiliaries):
        return True  # "promised that he would not run in the June election"
    if verb.tag_ == "VBD" or auxiliaries & _PAST_AUX:
        return False
    return None


def _ends_a_planned_span(word: Token) -> bool:
    """Whether the word is in an "until" clause that ends the term of an appointment:
    "appointed Cowan to serve as senator until voters chose a successor in an election set
    for June 25" is in the past by the sequence of tenses, and looks ahead all the same. A
    past narrative's "waited until the police arrived on Monday", or a purpose's "colluded
    to influence the election until Trump fired him in May", stays past."""
    for verb in (word, *word.ancestors):
        if any(c.dep_ == "mark" and c.lower_ in _SPAN_END for c in verb.children):
            term = verb.head
            return (
                any(c.dep_ == "aux" and c.lower_ == "to" for c in term.children)
                and term.head.lemma_ in _APPOINTING
            )
    return False


def _when_said(mention: Span, verb: Token) -> Token:
    """The verb of saying, for a day the parse hangs on the clause said ("Hirono said Monday
    the bill represents a chance"): a day between "said" and the subject of what was said
    tells when it was said."""
    subjects = [child.i for child in verb.children if child.dep_ in ("nsubj", "nsubjpass")]
    if (
        verb.dep_ == "ccomp"
        and verb.head.lemma_ in _REPORTING
        and verb.head.i < mention.start
        and subjects
        and mention.end <= min(subjects)
    ):
        return verb.head
    return verb


def _in_present(verb: Token, helpers: Sequence[Token]) -> bool:
    """Whether the verb's tense, read from its first auxiliary (``helpers``) if any, is the
    present or a modal of what may come ("must be filed by Friday"); a perfect ("has opened")
    is not."""
    if any(child.lower_ in _PERFECT for child in helpers):
        return False
    first = min(helpers, key=lambda child: child.i, default=verb)
    return first.tag_ in _PRESENT or first.lower_ in _FORWARD_MODALS


def _in_past(plan: Token) -> bool:
    """Whether a word of planning is told in the past ("was due to", "had been expected to")."""
    auxiliaries = {child.lower_ for child in plan.children if child.dep_ in ("aux", "auxpass")}
    return plan.tag_ == "VBD" or bool(auxiliaries & _PAST_AUX) or plan.head.lower_ in _PAST_AUX


def _reported_will(verb: Token, auxiliaries: set[str]) -> bool:
    """A "would" that reports a "will": in a clause under a verb of saying, with no "have"."""
    return (
        "would" in auxiliaries
        and "have" not in auxiliaries
        and verb.dep_ == "ccomp"
        and verb.head.lemma_ in _REPORTING
    )


def _conditional(verb: Token, auxiliaries: set[str]) -> bool:
    """A sentence's own "would be", passive or a copula ("the primary would be held on April
    30", "the June 25 election would be his third race"), not under a verb of saying, with
    no "have" and not negated: news writes a plan so (and a past habit too, which names a
    weekday rather than a date). "The minister would not say on Tuesday" is a refusal, told
    in the past."""
    return (
        "would" in auxiliaries
        and ("be" in auxiliaries or verb.lemma_ == "be")
        and "have" not in auxiliaries
        and verb.dep_ == "ROOT"
        and not any(child.dep_ == "neg" for child in verb.children)
    )


def resolve_date(
    text: str, published: datetime | None, *, ahead: bool | None = None
) -> tuple[str, DatePrecision] | None:
    """ISO value and precision of a date expression, or None for durations and the unresolvable.

    Without a publication date only expressions that name their year can be resolved. A
    weekday, or a month or day named without its year, is the latest one on or before
    publication, or with ``ahead`` (the text speaks of the future, see ``speaks_ahead``) the
    first one on or after it. When the tense is not known (``ahead`` None), a weekday is the
    past one and a month or day the latest within ``_LOOKAHEAD``. Days are counted in the
    publication's own time zone: "yesterday" in a report of 21:00 in New York is the day
    before that evening, not before the next day in UTC.
    """
    # "earlier this month", "later this year": a part of the period is still the period.
    text = _PART_OF.sub("", text)
    # "1966 to 1978": a span of years dates from its first.
    if (span := YEARS.fullmatch(text.strip())) is not None and span["last"]:
        return span["first"], "year"
    if not _POINT_IN_TIME.search(text):
        return None
    explicit_year = HAS_YEAR.search(text) is not None
    if published is None and not explicit_year:
        return None
    base = published.replace(tzinfo=None) if published else _NO_BASE
    weekday = _BARE_WEEKDAY.fullmatch(text)
    if weekday:
        named = _weekday(base.date(), weekday["day"], ahead is True)
        if base.date() - named == _DOUBTFUL_PAST:
            return None
        return named.isoformat(), "day"
    parsed = _parser(base).get_date_data(text)
    precision = _PRECISION.get(parsed.period)
    if parsed.date_obj is None or precision is None:
        return None
    day: date = parsed.date_obj.date()
    if not explicit_year and _HAS_MONTH.search(text) and not _RELATIVE.search(text):
        day = _likely_year(day, base.date(), precision, ahead)
        if precision == "day":
            day = _year_of_weekday(day, text, base.date())
    return _iso(day, precision), precision


def _year_of_weekday(day: date, text: str, base: date) -> date:
    """A day written with its weekday and no year ("Friday, Dec. 6") is in the year, next to
    the one found, where that day is that weekday, the one nearest publication."""
    named = re.search(_WEEKDAY, text, re.IGNORECASE)
    if named is None:
        return day
    weekday = WEEKDAYS.index(named[0].lower())
    fitting = []
    for year in (day.year - 1, day.year, day.year + 1):
        try:
            candidate = day.replace(year=year)
        except ValueError:  # February 29
            continue
        if candidate.weekday() == weekday:
            fitting.append(candidate)
    return min(fitting, key=lambda d: abs((d - base).days), default=day)


def _parser(base: datetime) -> DateDataParser:
    settings = {
        "RELATIVE_BASE": base,
        "PREFER_DATES_FROM": "current_period",
        "RETURN_TIME_AS_PERIOD": True,
        "PREFER_DAY_OF_MONTH": "first",
    }
    return DateDataParser(languages=["en"], settings=settings)


def _weekday(base: date, name: str, ahead: bool) -> date:
    """The most recent such weekday on or before the base ("Wednesday" in a report of
    Thursday 2024-11-07 is 2024-11-06, which dateparser does not promise), or with ``ahead``
    the first on or after it."""
    shift = (WEEKDAYS.index(name.lower()) - base.weekday()) % 7
    return base + timedelta(days=shift) if ahead else base - timedelta(days=(7 - shift) % 7)


def _likely_year(day: date, base: date, precision: DatePrecision, ahead: bool | None) -> date:
    """Move a date named without its year to the year the tense gives: the latest on or before
    publication in the past, the first on or after it in the future. When the tense does not
    tell, the coming one if it lies within ``_LOOKAHEAD`` ("the November elections" in August,
    "January 10" in December), else the past one. A month compares as a whole ("in November"
    on November 20 is this one)."""
    if precision == "month":
        day, base = day.replace(day=1), base.replace(day=1)
    candidates = [c for c in (_with_year(day, base.year + s) for s in (-1, 0, 1)) if c is not None]
    past = max((c for c in candidates if c <= base), default=day)
    coming = min((c for c in candidates if c >= base), default=day)
    if ahead is None:
        return coming if coming - base <= _LOOKAHEAD else past
    return coming if ahead else past


def _with_year(day: date, year: int) -> date | None:
    try:
        return day.replace(year=year)
    except ValueError:  # February 29 in a common year
        return None


def _iso(day: date, precision: DatePrecision) -> str:
    if precision == "day":
        return day.isoformat()
    if precision == "month":
        return f"{day.year:04d}-{day.month:02d}"
    return f"{day.year:04d}"
