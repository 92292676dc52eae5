"""What story assignment reads from an article: its vector, named entities, terms, figures
and time.

Computed once per article from what ingest already has (facts, the title+lead embedding), so
assignment itself never runs a model.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from datetime import datetime

from storylens.embed import Vectors
from storylens.model import Article, ArticleFacts, is_english
from storylens.stopwords import STOP_WORDS

#: Entity labels that identify what a story is about; dates and numbers are too generic.
IDENTIFYING_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT"})
_WORD = re.compile(r"[^\W\d_][\w'’-]*[^\W_]|[^\W\d_]")
#: Characters of text after the title that the lexical profile reads; the lead is where the
#: event is, the rest adds background shared by many stories.
LEXICAL_CHARS = 1500
#: Characters of text after the title whose figures name the event. A recurring subject (weekly
#: jobless claims, a monthly jobs report) is told with the same words every time and differs in
#: its headline figures ("6.6 million" one week, "4.4 million" the next). The headline and the
#: opening words are where those are; how far past the headline to read hardly matters on NeuS
#: train (see docs/decisions.md).
FIGURE_CHARS = 150
#: A number standing alone: not the tail of a name ("COVID-19", "G20", "F-35"), which would
#: make every report on the subject share a "figure".
_FIGURE = re.compile(
    r"(?<![\w.,-])(\d[\d,]*(?:\.\d+)?)\s*(thousand|million|billion|trillion|k|m|bn|b)?\b",
    re.IGNORECASE,
)
#: Values too common to tell one report from another: counts under ten ("3 takeaways") and
#: years, which a whole season of coverage shares.
_SMALL = 10.0
_YEARS = (1900.0, 2100.0)
_SCALE = {
    **dict.fromkeys(("thousand", "k"), 1e3),
    **dict.fromkeys(("million", "m"), 1e6),
    **dict.fromkeys(("billion", "bn", "b"), 1e9),
    "trillion": 1e12,
}
_TO_SPACE = re.compile(r"\S*")


def entity_keys(facts: ArticleFacts) -> frozenset[str]:
    """Comparable keys of the article's named entities.

    People are keyed by their last name, so "Donald Trump", "Trump" and "Trump's" meet.
    """
    keys: set[str] = set()
    for entity in facts.entities:
        if entity.label not in IDENTIFYING_LABELS:
            continue
        words = entity.text.casefold().replace("’s", "").replace("'s", "").split()
        if not words:
            continue
        keys.add(words[-1] if entity.label == "PERSON" else " ".join(words))
    return frozenset(keys)


def terms(title: str, text: str) -> Counter[str]:
    """Content words of the title (counted twice: it names the event) and the lead."""
    words = _WORD.findall(f"{title} {title} {text[:LEXICAL_CHARS]}".casefold())
    return Counter(w for w in words if len(w) > 2 and w not in STOP_WORDS)


def figures(title: str, text: str) -> frozenset[str]:
    """Values of the distinctive numbers in the headline and the opening of the lead, so
    "1.3 million", "1.3M" and "1,300,000" meet (as "1300000")."""
    values: set[str] = set()
    # The cut ends at a space, so a figure on the edge ("4.25%") is read whole, not as "4.2".
    rest = _TO_SPACE.match(text, FIGURE_CHARS)
    lead = text[:FIGURE_CHARS] + (rest.group() if rest else "")
    for digits, scale in _FIGURE.findall(f"{title} {lead}"):
        value = float(digits.replace(",", "")) * _SCALE.get(scale.casefold(), 1.0)
        if value < _SMALL or (value.is_integer() and _YEARS[0] <= value <= _YEARS[1]):
            continue
        values.add(f"{value:.10g}")
    return frozenset(values)


@dataclass(frozen=True, slots=True)
class ArticleSignal:
    """What the assigner needs to know about one article."""

    vector: Vectors
    entities: frozenset[str]
    terms: Counter[str]
    figures: frozenset[str]
    published: datetime | None
    #: Stories are one language each: the embedding and the facts are English-only, so a
    #: similarity across languages would rest on shared names alone.
    language: str = "en"


def story_text(article: Article, lead_chars: int) -> str:
    """What the story embedding reads: the headline and the lead, where news puts the event."""
    return f"{article.title}\n{article.text[:lead_chars]}"


#: A word written with a capital inside a sentence: a name, in the languages that write
#: names so (a capital after ". " or at a line's start opens a sentence and says nothing).
_NAME = re.compile(r"(?<![.!?:\n]\s)(?<!^)\b[^\W\d_][^\W_]{2,}", re.MULTILINE)


def written_names(title: str, text: str) -> frozenset[str]:
    """The names an article in a language the entity model does not read gives in its title
    and lead: words capitalised inside a sentence ("Kathmandu", "Nepal", "Assemblée"). They
    stand in for entities as evidence of the event; a script without capitals gives none."""
    found = set()
    for part in (title, text[:LEXICAL_CHARS]):
        for match in _NAME.finditer(part):
            word = _cased_run(match.group())
            if len(word) > 2 and word[0].isupper() and word.casefold() not in STOP_WORDS:
                found.add(word.casefold())
    return frozenset(found)


def _cased_run(word: str) -> str:
    """The word up to its first letter of a script without capitals: Japanese written on
    after a Latin name ("Storeにない非公式アプリ...") is not part of the name."""
    for position, char in enumerate(word):
        if char.isalpha() and not (char.isupper() or char.islower()):
            return word[:position]
    return word


#: Names an article or story in another language than English must share with a story or
#: topic to join it (``scorer``, ``topics``): the sentence embedding, trained on English,
#: finds any two texts of one other language alike.
OTHER_LANGUAGE_NAMES = 2


def names_allow(language: str, names: AbstractSet[str], others: AbstractSet[str]) -> bool:
    """Whether what an article or story in ``language`` names lets it join one that names
    ``others``: always in English, where the model weighs the evidence; in another language
    only when they share ``OTHER_LANGUAGE_NAMES`` names."""
    return is_english(language) or len(names & others) >= OTHER_LANGUAGE_NAMES


def article_signal(article: Article, facts: ArticleFacts, vector: Vectors) -> ArticleSignal:
    english = is_english(article.language)
    return ArticleSignal(
        vector=vector,
        entities=entity_keys(facts) if english else written_names(article.title, article.text),
        terms=terms(article.title, article.text),
        figures=figures(article.title, article.text),
        published=article.published,
        language=article.language,
    )
