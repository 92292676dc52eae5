"""What story assignment reads from an article: its vector, named entities, terms and time.

Computed once per article from what ingest already has (facts, the title+lead embedding), so
assignment itself never runs a model.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from spacy.lang.en.stop_words import STOP_WORDS

from storylens.embed import Vectors
from storylens.model import Article, ArticleFacts

#: Entity labels that identify what a story is about; dates and numbers are too generic.
IDENTIFYING_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT"})
_WORD = re.compile(r"[^\W\d_][\w'’-]*[^\W_]|[^\W\d_]")
#: Characters of text after the title that the lexical profile reads; the lead is where the
#: event is, the rest adds background shared by many stories.
LEXICAL_CHARS = 1500


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


@dataclass(frozen=True, slots=True)
class ArticleSignal:
    """What the assigner needs to know about one article."""

    vector: Vectors
    entities: frozenset[str]
    terms: Counter[str]
    published: datetime | None


def story_text(article: Article, lead_chars: int) -> str:
    """What the story embedding reads: the headline and the lead, where news puts the event."""
    return f"{article.title}\n{article.text[:lead_chars]}"


def article_signal(article: Article, facts: ArticleFacts, vector: Vectors) -> ArticleSignal:
    return ArticleSignal(
        vector=vector,
        entities=entity_keys(facts),
        terms=terms(article.title, article.text),
        published=article.published,
    )
