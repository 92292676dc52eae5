"""The facts stage: what one article states, with its place in the text.

Sentences, named entities, quantities, dates and quotes are computed once per article at
ingest and stored; nothing here does I/O beyond loading the spaCy model once per process.
"""

from __future__ import annotations

from collections.abc import Sequence

from storylens.errors import named
from storylens.facts.dates import find_dates, find_floating_dates
from storylens.facts.entities import find_entities
from storylens.facts.nlp import Paragraph, load_pipeline, parse_texts
from storylens.facts.quantities import find_quantities
from storylens.facts.quotes import find_quotes
from storylens.facts.sentences import SentenceLocator, split_sentences
from storylens.model import Article, ArticleFacts, is_english

__all__ = ["extract_facts", "extract_facts_each", "extract_facts_many", "load_pipeline"]


def extract_facts(article: Article) -> ArticleFacts:
    """Facts of one article; ``extract_facts_many`` is faster for many."""
    return extract_facts_many([article])[0]


def extract_facts_many(articles: Sequence[Article]) -> list[ArticleFacts]:
    """Facts of each article, in order; spaCy parses the paragraphs of all of them in batches.

    The result for an article does not depend on the other articles in the call.
    """
    parsed = parse_texts([article.text for article in articles if _is_english(article)])
    return [
        _facts(article, next(parsed))
        if _is_english(article)
        else ArticleFacts(sentences=split_sentences(article.text))
        for article in articles
    ]


def extract_facts_each(articles: Sequence[Article]) -> list[ArticleFacts | str]:
    """Facts of each article, or why they could not be found (the error, as text, which
    crosses a process boundary where an exception might not): a model's or a rule's failure on
    one article is that article's, and the others keep theirs. The batch is tried whole first,
    as it nearly always succeeds; only then each article alone, which gives the same facts."""
    try:
        return list(extract_facts_many(articles))
    except Exception:  # any failure here is some article's, found below
        pass
    found: list[ArticleFacts | str] = []
    for article in articles:
        try:
            found.append(extract_facts_many([article])[0])
        except Exception as exc:  # this article's error, not the batch's
            found.append(named(exc))
    return found


def _is_english(article: Article) -> bool:
    """Whether the English model applies. Entities, numbers, dates and quotes of other
    languages are left out rather than guessed by a model that only knows English; their
    sentences are still split (punkt's rules hold well beyond English)."""
    return is_english(article.language)


def _facts(article: Article, paragraphs: Sequence[Paragraph]) -> ArticleFacts:
    sentences = split_sentences(article.text)
    locate = SentenceLocator.of(sentences)
    entities = find_entities(paragraphs, locate)
    return ArticleFacts(
        sentences=sentences,
        entities=entities,
        quantities=find_quantities(paragraphs, locate),
        dates=find_dates(paragraphs, locate, article.published),
        quotes=find_quotes(paragraphs, sentences, entities, locate),
        floating_dates=()
        if article.published is not None
        else find_floating_dates(paragraphs, locate),
    )
