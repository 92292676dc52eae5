"""Names that outlets put in the same place of the same statement differently.

"Mara Quill won the election" against "Tomas Brenn won the election", "the crash happened in
Leeds" against "... in York". Names are easily different without any dispute, so every test
here leans towards silence:

- the sentences are aligned (cosine at least ``ALIGNED``) and say the rest in largely the same
  words (``FRAME`` of their content words outside the names are shared);
- each sentence has exactly one name of the label that the other lacks, and it stands in the
  same slot (the same word right before or right after it). A name one sentence adds and the
  other leaves out is detail, not a dispute;
- neither outlet names the other's value anywhere (the winner's report names the loser too);
- a name in a dateline, in parentheses, next to "said" / "according to" / "reported", or that
  is the outlet itself ("told the Herald") says who reported, not what happened.

Short and full names are one value ("Trump" / "Donald Trump", "US" / "United States").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial

from storylens.brief.conflicts.common import (
    Mention,
    conflict,
    content_words,
    dispute_groups,
    mention,
    sense,
    sources,
)
from storylens.brief.naming import name_tokens, related_names, same_name, words_of
from storylens.brief.schema import Conflict
from storylens.embed import Vectors
from storylens.model import Entity, StoredArticle

LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC"})
#: Sentence cosine from which two sentences make the same statement.
ALIGNED = 0.5
#: Share of content words outside the names two statements must have in common (Jaccard).
FRAME = 0.6
#: Words either side of a name that ``about`` shows.
FRAME_WORDS = 8
_REPORTING = frozenset(
    {"said", "says", "told", "according", "reported", "reports", "reporting", "quoted",
     "cited", "wrote", "tweeted", "posted", "via"}
)  # fmt: skip
#: Words either side of a name within which a reporting word makes it an attribution.
_REPORTING_REACH = 3

_Name = Mention[Entity]


@dataclass(frozen=True, slots=True)
class _Statement:
    """A sentence as names fill it: its content words outside every name, and the keys of
    the names it gives under each label."""

    frame: frozenset[str]
    names: dict[str, frozenset[str]]


_Statements = dict[tuple[str, int], _Statement]


def name_conflicts(
    articles: Sequence[StoredArticle], vectors: dict[str, Vectors]
) -> list[Conflict]:
    sourced = list(sources(articles, vectors))
    entities = [
        (source, e) for source in sourced for e in source.stored.facts.entities if e.label in LABELS
    ]
    keys = _canonical({(e.label, e.text) for _, e in entities})
    names = [
        mention(
            e,
            keys[(e.label, e.text)],
            e.text,
            stored,
            rows,
            (e.sentence, e.start, e.end),
            version=version,
        )
        for (stored, rows, version), e in entities
    ]
    statements = {
        (stored.article.id, index): statement
        for stored, _, _ in sourced
        for index, statement in _statements(stored, keys).items()
    }
    return [
        conflict(group, _about)
        for group in dispute_groups(names, ALIGNED, partial(_substituted, statements))
    ]


def _statements(stored: StoredArticle, keys: dict[tuple[str, str], str]) -> dict[int, _Statement]:
    """The statement of every sentence of the article that names something."""
    by_sentence: dict[int, list[Entity]] = {}
    for e in stored.facts.entities:
        by_sentence.setdefault(e.sentence, []).append(e)
    statements = {}
    for index, entities in by_sentence.items():
        sentence = stored.facts.sentences[index]
        text = sentence.text
        names: dict[str, set[str]] = {}
        for e in entities:
            start, end = e.start - sentence.start, e.end - sentence.start
            text = text[:start] + " " * (end - start) + text[end:]
            if e.label in LABELS:
                names.setdefault(e.label, set()).add(keys[(e.label, e.text)])
        statements[index] = _Statement(
            frame=frozenset(sense(w) for w in content_words(words_of(text))),
            names={label: frozenset(found) for label, found in names.items()},
        )
    return statements


def _substituted(statements: _Statements, a: _Name, b: _Name) -> bool:
    """Whether ``b``'s sentence says ``a``'s statement with ``b`` in the place of ``a``."""
    if a.fact.label != b.fact.label:
        return False
    statement_a = statements[(a.stored.article.id, a.sentence)]
    statement_b = statements[(b.stored.article.id, b.sentence)]
    keys_a, keys_b = statement_a.names[a.fact.label], statement_b.names[b.fact.label]
    if keys_a - keys_b != {a.key} or keys_b - keys_a != {b.key} or _reports(a) or _reports(b):
        return False
    frame_a, frame_b = statement_a.frame, statement_b.frame
    if not frame_a or len(frame_a & frame_b) < FRAME * len(frame_a | frame_b):
        return False
    (before_a, after_a), (before_b, after_b) = _neighbours(a), _neighbours(b)
    return bool(before_a and before_a == before_b) or bool(after_a and after_a == after_b)


def _split(name: _Name) -> tuple[str, str]:
    """The sentence before and after the name."""
    offset = name.stored.facts.sentences[name.sentence].start
    return name.text[: name.start - offset], name.text[name.end - offset :]


def _neighbours(name: _Name) -> tuple[str | None, str | None]:
    before, after = (words_of(part.casefold()) for part in _split(name))
    return (sense(before[-1]) if before else None, sense(after[0]) if after else None)


def _reports(name: _Name) -> bool:
    """Whether the name says who reported rather than what happened."""
    before, after = _split(name)
    around = {
        *words_of(before.casefold())[-_REPORTING_REACH:],
        *words_of(after.casefold())[:_REPORTING_REACH],
    }
    outlet = re.sub(r"\W", "", name.outlet.casefold())
    tokens = name_tokens(name.value)
    return (
        name.in_dateline()
        or before.rstrip().endswith("(")
        or bool(_REPORTING.intersection(around))
        or (bool(tokens) and all(t in outlet for t in tokens))
    )


def _canonical(names: set[tuple[str, str]]) -> dict[tuple[str, str], str]:
    """Each name's key: the fullest name of the same label in the story that it is a short
    form of, so that short and full names compare equal."""
    tokens = {text: name_tokens(text) for _, text in names}
    related = related_names(tokens)
    keys: dict[tuple[str, str], str] = {}
    for label, text in names:
        forms = [
            other
            for other in related[text]
            if (label, other) in names and same_name(tokens[text], tokens[other])
        ]
        keys[(label, text)] = min([text, *forms], key=lambda n: (-len(tokens[n]), -len(n), n))
    return keys


def _about(group: Sequence[_Name]) -> str:
    """The statement of the first value, with its name left out."""
    before, after = _split(group[0])
    head = " ".join(before.split()[-FRAME_WORDS:])
    tail = " ".join(after.split()[:FRAME_WORDS])
    gap = " " if after[:1].isspace() else ""
    return f"{head} …{gap}{tail}".strip()
