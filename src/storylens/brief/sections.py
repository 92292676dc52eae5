"""The parts of the brief read straight from stored facts: quotes, entities, timeline."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from storylens.brief.naming import is_acronym, name_tokens
from storylens.brief.schema import EntityItem, QuoteItem, TimelineItem
from storylens.cluster import IDENTIFYING_LABELS
from storylens.facts.dates import resolve_date
from storylens.model import DateMention, Entity, Quote, StoredArticle

_NON_WORD = re.compile(r"[^\w]+")


def _normal(text: str) -> str:
    return _NON_WORD.sub(" ", text.casefold()).strip()


def merge_quotes(articles: list[StoredArticle]) -> list[QuoteItem]:
    """The same quote across outlets is one item; a partial quote joins the fuller one.

    Quotes are taken longest first, so every fragment meets the fullest version before it could
    start a group of its own; ties keep reading order, so the result is deterministic.
    """
    found = [
        (stored.article.id, text, speaker, _normal(text))
        for stored in articles
        if stored.copy_of is None
        for text, speaker in _rejoined(stored.article.text, stored.facts.quotes)
    ]
    found = [item for item in found if len(item[3].split()) >= 3]
    found.sort(key=lambda item: -len(item[3]))
    groups: list[tuple[str, str, list[str], Counter[str]]] = []  # normal, text, sources, speakers
    for article_id, text, speaker, normal in found:
        group = next((g for g in groups if normal in g[0]), None)
        if group is None:
            group = (normal, text, [], Counter())
            groups.append(group)
        if article_id not in group[2]:
            group[2].append(article_id)
        if speaker:
            group[3][speaker] += 1
    items = [
        QuoteItem(
            speaker=max(speakers, key=lambda s: (speakers[s], len(s))) if speakers else None,
            text=text,
            sources=sorted(sources, key=[s.article.id for s in articles].index),
        )
        for _, text, sources, speakers in groups
    ]
    return sorted(items, key=lambda q: -len(q.sources))


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


def entity_key(text: str, label: str) -> str:
    words = _normal(text.replace("’s", "").replace("'s", "")).split()
    return words[-1] if label == "PERSON" and words else " ".join(words)


def entity_table(articles: list[StoredArticle], limit: int = 30) -> list[EntityItem]:
    """Names merged ("Trump", "Donald Trump", "Trump's" -> one; "US", "U.S.", "United States"
    -> one), counted per outlet.

    Most mentioned first; the longest form seen is the name shown, in the case most mentions
    use ("Seoul", not the dateline's "SEOUL").
    """
    found = [
        (entity, stored.article.outlet)
        for stored in articles
        if stored.copy_of is None
        for entity in stored.facts.entities
        if entity.label in IDENTIFYING_LABELS and name_tokens(entity.text)
    ]
    key_of = _entity_keys([entity for entity, _ in found])
    names: dict[tuple[str, ...], Counter[str]] = {}
    labels: dict[tuple[str, ...], Counter[str]] = {}
    mentions: dict[tuple[str, ...], Counter[str]] = {}
    for entity, outlet in found:
        key = key_of[entity.text]
        names.setdefault(key, Counter())[entity.text] += 1
        labels.setdefault(key, Counter())[entity.label] += 1
        mentions.setdefault(key, Counter())[outlet] += 1
    items = [
        EntityItem(
            name=_shown_name(names[key]),
            label=labels[key].most_common(1)[0][0],
            mentions=dict(sorted(mentions[key].items())),
        )
        for key in names
    ]
    items.sort(key=lambda e: (-sum(e.mentions.values()), e.name))
    return items[:limit]


def _entity_keys(entities: Sequence[Entity]) -> dict[str, tuple[str, ...]]:
    """Each mention's text -> the name it is counted under.

    The same words are one name whatever label the model gave each mention ("COVID-19" as a
    person in one sentence, an organisation in the next). Initials join the one name they
    stand for; a person's short form ("Trump", "Kim") joins the longest name of a person that
    contains it ("Donald Trump", "Kim Jong Un"), the most mentioned one when there are several
    ("Biden" with "Joe Biden" and "Hunter Biden"), but never two full names into one.
    """
    own = {entity.text: name_tokens(entity.text) for entity in entities}
    spelled = _spelled_out({e.text for e in entities if e.label != "PERSON"})
    labels: dict[tuple[str, ...], Counter[str]] = {}
    for entity in entities:
        labels.setdefault(own[entity.text], Counter())[entity.label] += 1
    people = {
        words: sum(count.values())
        for words, count in labels.items()
        if count.most_common(1)[0][0] == "PERSON"
    }
    longer: dict[tuple[str, ...], tuple[str, ...]] = {}
    for words in people:
        containing = [
            other for other in people if len(other) > len(words) and set(words) <= set(other)
        ]
        widest = [a for a in containing if not any(set(a) < set(b) for b in containing)]
        if widest:
            longer[words] = max(widest, key=lambda other: (people[other], other))
    return {
        text: tuple(spelled[text].split()) if text in spelled else longer.get(words, words)
        for text, words in own.items()
    }


def _shown_name(forms: Counter[str]) -> str:
    """The longest form, written as most mentions write it (case aside, forms are one)."""
    longest = max(len(name_tokens(form)) for form in forms)
    full = [form for form in forms if len(name_tokens(form)) == longest]
    cased: Counter[str] = Counter()
    for form in full:
        cased[form.casefold()] += forms[form]
    spelling = max(cased, key=lambda k: (cased[k], k))
    written = [form for form in full if form.casefold() == spelling]
    return max(written, key=lambda form: (not form.isupper(), forms[form], form))


def _spelled_out(names: set[str]) -> dict[str, str]:
    """For each name that is initials ("US", "U.S.", "the UN"), the key of the one name in the
    story it stands for ("United States"); names with no such match, or two, are left out."""
    tokens = {name: name_tokens(name) for name in names}
    full = {words for words in tokens.values() if len(words) > 1}
    keys: dict[str, str] = {}
    for name, words in tokens.items():
        meanings = sorted(long for long in full if is_acronym(words, long))
        if len(meanings) == 1:
            keys[name] = " ".join(meanings[0])
        elif len(words) == 1 and "." in name:
            keys[name] = words[0]  # "U.S." with no "United States" is still "US"
    # The full names themselves ("United States", "the United States") join them.
    targets = set(keys.values())
    for name, words in tokens.items():
        if (joined := " ".join(words)) in targets:
            keys.setdefault(name, joined)
    return keys


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
    """Dates the articles mention, one item per date, plus when each article was published."""
    mentioned: dict[tuple[str, str], tuple[str, list[str]]] = {}
    for stored in articles:
        if stored.copy_of is not None:
            continue
        for date in (*stored.facts.dates, *_placed(stored, articles)):
            key = (date.value, date.precision)
            sentence = stored.facts.sentences[date.sentence].text
            _, sources = mentioned.setdefault(key, (sentence, []))
            if stored.article.id not in sources:
                sources.append(stored.article.id)
    items = [
        TimelineItem(date=value, precision=precision, kind="mentioned", text=text, sources=sources)
        for (value, precision), (text, sources) in mentioned.items()
    ]
    for stored in articles:
        published = stored.article.published
        if published is not None:
            items.append(
                TimelineItem(
                    date=published.isoformat(),
                    precision="time",
                    kind="published",
                    text=f"{stored.article.outlet} publishes “{stored.article.title}”",
                    sources=[stored.article.id],
                )
            )
    return sorted(items, key=lambda t: (t.date, t.kind != "mentioned"))
