"""The parts of the brief read straight from stored facts: quotes and the timeline."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from difflib import SequenceMatcher

from storylens.brief.entities import StoryNames, story_names
from storylens.brief.naming import normalised
from storylens.brief.schema import QuoteItem, TimelineItem
from storylens.facts.dates import resolve_date
from storylens.facts.sentences import dateline_length, without_dateline
from storylens.model import DateMention, DatePrecision, Quote, StoredArticle, is_date_only


def merge_quotes(articles: list[StoredArticle], names: StoryNames | None = None) -> list[QuoteItem]:
    """The same quote across outlets is one item; a partial quote joins the fuller one.

    Quotes are taken longest first, so every fragment meets the fullest version before it could
    start a group of its own; ties keep reading order, so the result is deterministic. The
    speaker is the one most versions name, under the fullest name the story gives them.
    """
    names = names or story_names(articles)
    found = [
        (stored.article.id, text, speaker, normalised(text))
        for stored in articles
        if stored.copy_of is None
        for text, speaker in _rejoined(stored.article.text, stored.facts.quotes)
    ]
    found = [item for item in found if len(item[3].split()) >= 3]
    found.sort(key=lambda item: -len(item[3]))
    groups: list[tuple[str, str, list[str], Counter[str]]] = []  # normal, text, sources, speakers
    for article_id, text, speaker, normal in found:
        group = next((g for g in groups if _same_quote(normal, g[0])), None)
        if group is None:
            group = (normal, text, [], Counter())
            groups.append(group)
        if article_id not in group[2]:
            group[2].append(article_id)
        if speaker:
            group[3][names.speaker(speaker)] += 1
    items = [
        QuoteItem(
            speaker=max(speakers, key=lambda s: (speakers[s], len(s))) if speakers else None,
            text=text,
            sources=sorted(sources, key=[s.article.id for s in articles].index),
        )
        for normal, text, sources, speakers in groups
        if not _is_title(text) and (speakers or len(normal.split()) >= _UNATTRIBUTED_WORDS)
    ]
    return sorted(items, key=lambda q: -len(q.sources))


#: An unattributed quote shorter than this is a term or a scare quote ("a Russian plant",
#: "vote-a-rama"), not a remark a reader can weigh: with no speaker it says nothing.
_UNATTRIBUTED_WORDS = 6
#: Small words a title leaves in lower case ("Axios on HBO", "State of the Union").
_TITLE_FILLERS = frozenset(
    {"a", "an", "and", "at", "by", "for", "in", "of", "on", "or", "the", "to", "with"}
)
_TITLE_WORD = re.compile(r"[^\s\-–—/]+")


def _is_title(text: str) -> bool:
    """Whether quote marks hold the name of a show, a slogan or a body rather than someone's
    words: every word capitalised but the small ones ("Fox News Sunday", "Make America Great
    Again", "Commander-in-Chief"). A shout ("LAW & ORDER!") is words, so ! and ? keep it."""
    if text.rstrip().endswith(("!", "?")):
        return False
    words = [w for w in _TITLE_WORD.findall(text) if any(c.isalpha() for c in w)]
    return len(words) >= 2 and all(
        w.lstrip("'‘\"“(")[:1].isupper() or w.casefold() in _TITLE_FILLERS for w in words
    )


#: A quote of this many words or more is the same as a fuller one when this share of its
#: words stand in it in the same order: outlets transcribe a speech differently ("for two
#: hours recently" / "two hours recently"), add brackets ("[Chinese] President Xi [Jinping]").
_LOOSE_WORDS = 6
_LOOSE_SHARE = 0.8


def _same_quote(quote: str, fuller: str) -> bool:
    """Whether a normalised quote is (part of) a fuller one: its words in it, or nearly all."""
    if f" {quote} " in f" {fuller} ":
        return True
    words, others = quote.split(), fuller.split()
    if len(words) < _LOOSE_WORDS or len(set(words) & set(others)) < _LOOSE_SHARE * len(set(words)):
        return False
    blocks = SequenceMatcher(None, words, others, autojunk=False).get_matching_blocks()
    return sum(block.size for block in blocks) >= _LOOSE_SHARE * len(words)


def _rejoined(text: str, quotes: Sequence[Quote]) -> list[tuple[str, str | None]]:
    """Quote texts with a quote split by its attribution put back together: “We will rebuild,”
    Holm said, “and we will do it quickly.” is one statement, and other outlets quote it whole."""
    joined: list[tuple[str, str | None]] = []
    previous: Quote | None = None
    for quote in quotes:
        if previous is not None and _continues(text, previous, quote):
            words, speaker = joined[-1]
            joined[-1] = (f"{words.rstrip(',')} {quote.text}", speaker)
        else:
            joined.append((quote.text, quote.speaker))
        previous = quote
    return joined


#: Most words between the two parts of a split quote: an attribution ("Holm said,"), no more.
_ATTRIBUTION_WORDS = 8


def _continues(text: str, previous: Quote, quote: Quote) -> bool:
    """Whether ``quote`` goes on from ``previous`` after a short attribution in one sentence."""
    gap = text[previous.end : quote.start].strip(' ”“"')
    return (
        previous.speaker is not None
        and quote.speaker == previous.speaker
        and quote.sentence == previous.sentence
        and quote.text[:1].islower()
        and gap.endswith(",")
        and len(gap.split()) <= _ATTRIBUTION_WORDS
    )


def _placed(stored: StoredArticle, articles: list[StoredArticle]) -> list[DateMention]:
    """The floating dates of an undated article, placed as if it had been published with the
    story's first dated report: it was grouped with those reports because it tells the same
    event, so "November 5" is the one of that year and "Wednesday" the one before that report."""
    published = [a.article.published for a in articles if a.article.published is not None]
    if not published or not stored.facts.floating_dates:
        return []
    base = min(published)
    placed = []
    for floating in stored.facts.floating_dates:
        resolved = resolve_date(floating.text, base, ahead=floating.ahead)
        if resolved is not None:
            value, precision = resolved
            placed.append(
                DateMention(
                    floating.text, value, precision, floating.start, floating.end, floating.sentence
                )
            )
    return placed


def timeline(articles: list[StoredArticle]) -> list[TimelineItem]:
    """Dates the articles mention, one item per date, plus when each article was published.

    A date in a dateline ("PORT VEYRA, March 13 (CPA) -") is when the report was filed, which
    its publication item already shows. One sentence often names two dates ("killed late on
    Thursday, officials said on Friday"), so each date shows the first sentence naming it that
    no earlier date shows, where there is one.
    """
    texts: dict[tuple[str, DatePrecision], list[str]] = {}
    sources: dict[tuple[str, DatePrecision], list[str]] = {}
    for stored in articles:
        if stored.copy_of is not None:
            continue
        for date in (*stored.facts.dates, *_placed(stored, articles)):
            sentence = stored.facts.sentences[date.sentence]
            if date.start - sentence.start < dateline_length(sentence.text):
                continue
            key = (date.value, date.precision)
            text = without_dateline(sentence.text, stored.facts, date.sentence)
            if text not in texts.setdefault(key, []):
                texts[key].append(text)
            if stored.article.id not in sources.setdefault(key, []):
                sources[key].append(stored.article.id)
    items = []
    shown: set[str] = set()
    for key in sorted(texts):
        text = next((t for t in texts[key] if t not in shown), texts[key][0])
        shown.add(text)
        value, precision = key
        items.append(
            TimelineItem(
                date=value,
                precision=precision,
                kind="mentioned",
                text=text,
                sources=sources[key],
            )
        )
    for stored in articles:
        published = stored.article.published
        if published is not None:
            dated_only = is_date_only(published)
            items.append(
                TimelineItem(
                    date=published.date().isoformat() if dated_only else published.isoformat(),
                    precision="day" if dated_only else "time",
                    kind="published",
                    text=f"{stored.article.outlet} publishes “{stored.article.title}”",
                    sources=[stored.article.id],
                )
            )
    return sorted(items, key=lambda t: (t.date, t.kind != "mentioned"))
