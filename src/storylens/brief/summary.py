"""The brief's summary: a headline and the few sentences that best cover the story.

Extractive on purpose: every sentence is one an outlet wrote, so each cites the articles that
say it and nothing is invented. Which sentences make a good summary is learned, not hand-set:
a linear model over cheap features of each sentence (where it stands in its article, how
central it is to everything the story's articles say, how much of it other outlets also say,
how much of it is quotation, ...) predicts how much of it a human summary would contain, and
another over the titles picks the headline. Both were fitted on NeuS ``train`` by
``python -m storylens.evaluate.fit_summary`` and ship as ``summary_model.json`` (a few dozen
numbers); NeuS ``val`` only measures them. Sentences are then taken one at a time until the
word budget is reached, each time the one with the best predicted score plus what it adds to
the summary's coverage of the content other outlets share, skipping any that would repeat one
already chosen or is too short to carry a fact, and shown in the order a reader meets them.
Every sentence must read on its own: none cut from the middle of a longer quote, and one that
opens on a pronoun or quotes a speaker named earlier only right after the sentence before it
in its article.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from itertools import pairwise
from pathlib import Path

import numpy as np

from storylens.brief.align import ClaimGroup
from storylens.brief.schema import Cited, Summary
from storylens.brief.speakers import WHOLE_QUOTE, shown_alone
from storylens.config import BriefSettings
from storylens.embed import Vectors
from storylens.errors import ModelError
from storylens.facts.furniture import is_furniture
from storylens.facts.sentences import without_dateline
from storylens.model import StoredArticle
from storylens.stopwords import STOP_WORDS

__all__ = [
    "SENTENCE_FEATURES",
    "TITLE_FEATURES",
    "Summary",
    "SummaryModel",
    "cite",
    "reads_alone",
    "sentence_features",
    "summarise",
    "summary_budget",
    "title_features",
]

SENTENCE_FEATURES = (
    "bias",
    "lead",
    "first",
    "centrality",
    "best_other",
    "mean_other",
    "length",
    "short",
    "quoted",
    "spread",
    "title_words",
    "dangling",
    "entities",
    "relative",
)
TITLE_FEATURES = (
    "bias",
    "spread",
    "title_spread",
    "own_text",
    "length",
    "colon",
    "question",
    "quoted",
    "content_words",
)
#: Claims shorter than this many words rarely carry a whole fact.
MIN_WORDS = 8
_WORD = re.compile(r"[^\W_]+")
_QUOTED = re.compile(r"[“\"][^”\"]*[”\"]")
#: Words that open a sentence leaning on the one before it: "They said ...", "His lawyer
#: ...", "This is ..." (but not "This week's storm ...", where "this" names what it means).
_PRONOUN_FIRST = re.compile(
    r"(he|she|it|they|his|her|its|their)\b|(this|that|these|those)\s+(is|was|are|were|has|have"
    r"|had|will|would|could|can|may|might|must|should|means|meant|comes|came|follows|followed)\b",
    re.IGNORECASE,
)
#: A quote whose speaker is named elsewhere: nothing outside the quotation marks
#: ("“Nobody should have to worry.”"), or only a pronoun ("“...,” he said").
_UNNAMED_SPEAKER = re.compile(rf"{WHOLE_QUOTE}|[”\"],?\s+(he|she|they)\b", re.IGNORECASE)
_DANGLING = re.compile(
    r"^(he|she|it|they|this|that|these|those|his|her|their|but|and|so|also|however|meanwhile)\b",
    re.IGNORECASE,
)


#: Bounds of the learned word budget: a summary is never a single clause nor a page.
BUDGET_BOUNDS = (25, 150)


@dataclass(frozen=True, slots=True)
class SummaryModel:
    """Weights of the two linear scorers, in the order of the feature names, and the budget."""

    sentence: Vectors
    title: Vectors
    #: Cosine above which a candidate repeats a chosen sentence.
    redundancy: float
    #: Word budget = intercept + slope x words of the story's original articles.
    budget_intercept: float
    budget_slope: float
    #: Weight of what a sentence adds to the summary's coverage of words and word pairs the
    #: other outlets also use, per word of the sentence, beside its predicted score.
    coverage: float


#: Where the fitted model ships (package data); written only by the fitting script.
MODEL_PATH = Path(str(resources.files("storylens.brief").joinpath("summary_model.json")))


@cache
def load_summary_model() -> SummaryModel:
    try:
        text = MODEL_PATH.read_text()
        data = json.loads(text)
        if (
            tuple(data["sentence_features"]) != SENTENCE_FEATURES
            or tuple(data["title_features"]) != TITLE_FEATURES
        ):
            raise ValueError("feature names differ from the code's")
        return SummaryModel(
            sentence=np.asarray(data["sentence_weights"], dtype=np.float32),
            title=np.asarray(data["title_weights"], dtype=np.float32),
            redundancy=float(data["redundancy"]),
            budget_intercept=float(data["budget_intercept"]),
            budget_slope=float(data["budget_slope"]),
            coverage=float(data["coverage"]),
        )
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise ModelError(
            f"summary model unusable: {error}; refit it (docs/decisions.md)"
        ) from error


def cite(group: ClaimGroup, articles: Sequence[StoredArticle]) -> Cited:
    """The group's best wording with every article that says it, in story order: the most
    central sentence, unless it does not read on its own and another outlet's wording does
    ("“We will not rest ...”" against "“We will not rest ...,” the mayor said."). A pronoun
    for the speaker is named first ("“...,” [Teodor Vask] said.")."""
    shown = [shown_alone(member, articles) for member in group.members]
    text = shown[group.representative]
    if not reads_alone(text):
        text = next((t for t in shown if reads_alone(t)), text)
    return Cited(text=text, sources=_sources(group, articles), outlets=list(group.outlets))


def _sources(group: ClaimGroup, articles: Sequence[StoredArticle]) -> list[str]:
    sources: list[str] = []
    for member in group.members:
        article_id = articles[member.article].article.id
        if article_id not in sources:
            sources.append(article_id)
    return sources


@dataclass(frozen=True, slots=True)
class Candidate:
    """A sentence of an original article, where it is, and its vector."""

    article: int
    sentence: int
    text: str
    vector: Vectors


def summarise(
    groups: Sequence[ClaimGroup],
    articles: Sequence[StoredArticle],
    vectors: dict[str, Vectors],
    settings: BriefSettings,
    model: SummaryModel | None = None,
) -> Summary:
    """The summary under ``model`` (default: the shipped one; the fitting script passes its
    candidates)."""
    model = model or load_summary_model()
    budget = summary_budget(articles, settings, model)
    candidates, features = sentence_features(articles, vectors)
    headline = _headline(articles, model)
    if not candidates:
        return Summary(headline=headline, sentences=[])
    predicted = features @ model.sentence
    group_of = {(m.article, m.sentence): g for g, group in enumerate(groups) for m in group.members}
    shared = _shared_concepts(articles)
    concepts = [_concepts(c.text) for c in candidates]
    covered = _concepts(headline.text) if headline else set()
    lengths = [len(c.text.split()) for c in candidates]
    usable = [
        i
        for i in range(len(candidates))
        if lengths[i] >= MIN_WORDS
        and not is_furniture(candidates[i].text)
        and _quotes_balance(candidates[i].text)
        and _is_complete(candidates[i].text)
    ]
    # A sentence that opens on a pronoun ("They said ...") only makes sense after the one
    # before it in its article, so it becomes a candidate once that one is chosen.
    leaning = {
        (candidates[i].article, candidates[i].sentence): i
        for i in usable
        if _leans_on_previous(candidates[i].text)
    }
    held = set(leaning.values())
    pool = [i for i in usable if i not in held]
    # Reading order: by position in the articles, a leaning sentence right after its anchor.
    order: dict[int, tuple[int, int, int]] = {}
    chosen: list[tuple[int, int | None]] = []
    words = 0

    def gain(i: int) -> float:
        # How summary-like the sentence is predicted to be, plus, per word, the story's widely
        # shared content it adds to what is already covered: the summary spans the most
        # important claims instead of restating the first. fsum: independent of set order.
        added = math.fsum(shared.get(k, 0.0) for k in concepts[i] - covered)
        return float(predicted[i]) + model.coverage * added / lengths[i]

    gains = [gain(i) for i in pool]
    while pool and words < budget and len(chosen) < settings.summary_sentences:
        best = max(range(len(pool)), key=lambda k: (gains[k], -pool[k]))
        i = pool.pop(best)
        gains.pop(best)
        candidate = candidates[i]
        group = group_of.get((candidate.article, candidate.sentence))
        if group is not None and any(group == g for _, g in chosen):
            continue
        if any(
            float(candidate.vector @ candidates[j].vector) > model.redundancy for j, _ in chosen
        ):
            continue
        chosen.append((i, group))
        newly = concepts[i] - covered
        covered |= newly
        words += lengths[i]
        # Only what is covered changed: a gain moves only where the sentence adds to it.
        gains = [gain(j) if concepts[j] & newly else g for j, g in zip(pool, gains, strict=True)]
        anchor = order.setdefault(i, (candidate.sentence, candidate.article, 0))
        follower = leaning.pop((candidate.article, candidate.sentence + 1), None)
        if follower is not None:
            pool.append(follower)
            gains.append(gain(follower))
            order[follower] = (anchor[0], anchor[1], anchor[2] + 1)
    chosen.sort(key=lambda pair: order[pair[0]])
    return Summary(
        headline=headline,
        sentences=[_cited(candidates[i], group, groups, articles) for i, group in chosen],
    )


def summary_budget(
    articles: Sequence[StoredArticle], settings: BriefSettings, model: SummaryModel | None = None
) -> int:
    """Words the summary's sentences may take: the setting, else the learned line over the
    length of the story's original articles."""
    if settings.summary_words is not None:
        return settings.summary_words
    model = model or load_summary_model()
    words = sum(len(a.article.text.split()) for a in articles if a.copy_of is None)
    low, high = BUDGET_BOUNDS
    return int(min(max(model.budget_intercept + model.budget_slope * words, low), high))


def _cited(
    candidate: Candidate,
    group: int | None,
    groups: Sequence[ClaimGroup],
    articles: Sequence[StoredArticle],
) -> Cited:
    """The candidate's own wording, citing every article of its claim group (a sentence too
    short to be grouped cites its own article)."""
    text = without_dateline(candidate.text, articles[candidate.article].facts, candidate.sentence)
    if group is None:
        stored = articles[candidate.article].article
        return Cited(text=text, sources=[stored.id], outlets=[stored.outlet])
    return Cited(
        text=text,
        sources=_sources(groups[group], articles),
        outlets=list(groups[group].outlets),
    )


def sentence_features(
    articles: Sequence[StoredArticle], vectors: dict[str, Vectors]
) -> tuple[list[Candidate], Vectors]:
    """One row of ``SENTENCE_FEATURES`` per sentence of the story's original articles."""
    originals = [
        (index, stored, vectors[stored.article.id])
        for index, stored in enumerate(articles)
        if stored.copy_of is None and stored.article.id in vectors
    ]
    candidates = [
        Candidate(index, s.index, s.text, rows[s.index])
        for index, stored, rows in originals
        for s in stored.facts.sentences
    ]
    if not candidates:
        return [], np.zeros((0, len(SENTENCE_FEATURES)), dtype=np.float32)
    matrix = np.vstack([c.vector for c in candidates])
    centroid = matrix.sum(axis=0)
    centroid /= max(float(np.linalg.norm(centroid)), 1e-9)
    other = _best_per_other_outlet(candidates, matrix, [articles[c.article] for c in candidates])
    words = [set(_content(f"{s.article.title} {s.article.text}")) for _, s, _ in originals]
    used_by = Counter(w for bag in words for w in bag)
    position = {index: k for k, (index, _, _) in enumerate(originals)}
    titles = {w for _, s, _ in originals for w in _content(s.article.title)}
    rows: list[list[float]] = []
    for c, candidate in enumerate(candidates):
        stored = articles[candidate.article]
        content = _content(candidate.text)
        own = words[position[candidate.article]]
        length = len(candidate.text.split())
        entities = sum(1 for e in stored.facts.entities if e.sentence == candidate.sentence)
        rows.append(
            [
                1.0,
                1 / (1 + candidate.sentence),
                float(candidate.sentence == 0),
                float(matrix[c] @ centroid),
                float(other[c].max()) if other.shape[1] else 0.0,
                float(other[c].mean()) if other.shape[1] else 0.0,
                min(length, 60) / 40,
                float(length < MIN_WORDS),
                _quoted_share(candidate.text),
                _spread(content, own, used_by, len(words) - 1),
                _share_in(content, titles),
                float(_is_dangling(candidate.text)),
                min(entities, 5) / 5,
                candidate.sentence / max(len(stored.facts.sentences), 1),
            ]
        )
    return candidates, np.asarray(rows, dtype=np.float32)


def _best_per_other_outlet(
    candidates: list[Candidate], matrix: Vectors, owners: list[StoredArticle]
) -> Vectors:
    """For each sentence, its best cosine with each other outlet's sentences (one column each)."""
    outlets = sorted({o.article.outlet for o in owners})
    if len(outlets) == 1:
        return np.zeros((len(candidates), 0), dtype=np.float32)
    similarity = matrix @ matrix.T
    columns = np.zeros((len(candidates), len(outlets)), dtype=np.float32)
    for k, outlet in enumerate(outlets):
        mask = np.array([o.article.outlet == outlet for o in owners])
        columns[:, k] = similarity[:, mask].max(axis=1)
    own = np.array([outlets.index(o.article.outlet) for o in owners])
    keep = np.ones_like(columns, dtype=bool)
    keep[np.arange(len(candidates)), own] = False
    return np.asarray(columns[keep].reshape(len(candidates), len(outlets) - 1), dtype=np.float32)


def title_features(articles: Sequence[StoredArticle]) -> Vectors:
    """One row of ``TITLE_FEATURES`` per article: does the title say what the others say?"""
    texts = [set(_content(f"{s.article.title} {s.article.text}")) for s in articles]
    titles = [set(_content(s.article.title)) for s in articles]
    in_texts = Counter(w for bag in texts for w in bag)
    in_titles = Counter(w for bag in titles for w in bag)
    others = len(articles) - 1
    rows: list[list[float]] = []
    for k, stored in enumerate(articles):
        title = stored.article.title
        content = _content(title)
        rows.append(
            [
                1.0,
                _spread(content, texts[k], in_texts, others),
                _spread(content, titles[k], in_titles, others),
                _share_in(content, set(_content(stored.article.text))),
                min(len(title.split()), 25) / 10,
                float(":" in title),
                float("?" in title),
                float(bool(re.search(r"[\"“‘']", title))),
                len(content) / 10,
            ]
        )
    return np.asarray(rows, dtype=np.float32)


def _headline(articles: Sequence[StoredArticle], model: SummaryModel) -> Cited | None:
    originals = [a for a in articles if a.copy_of is None] or list(articles)
    if not originals:
        return None
    scores = title_features(originals) @ model.title
    best = originals[int(np.argmax(scores))].article
    return Cited(text=best.title, sources=[best.id], outlets=[best.outlet])


def _concepts(text: str) -> set[tuple[str, ...]]:
    """The content words of a text and its pairs of adjacent content words."""
    words = _content(text)
    return {(w,) for w in words} | set(pairwise(words))


def _shared_concepts(articles: Sequence[StoredArticle]) -> dict[tuple[str, ...], float]:
    """Each concept that two or more original articles use, weighted by the share of the other
    articles that use it (so a story of twenty reports weighs like one of three)."""
    originals = [a for a in articles if a.copy_of is None]
    if len(originals) < 2:
        return {}
    counts = Counter(
        concept
        for stored in originals
        for concept in _concepts(f"{stored.article.title} {stored.article.text}")
    )
    others = len(originals) - 1
    return {k: (n - 1) / others for k, n in counts.items() if n > 1}


def _content(text: str) -> list[str]:
    return [w for w in _WORD.findall(text.casefold()) if w not in STOP_WORDS and len(w) > 2]


def _spread(words: list[str], own: set[str], used_by: Counter[str], others: int) -> float:
    """Mean share of the other articles that use each word (0 when there is no other), from
    how many articles use each word (``used_by``) less the text's own (``own``)."""
    if not words or not others:
        return 0.0
    return sum(used_by[w] - (w in own) for w in words) / (len(words) * others)


def _share_in(words: list[str], bag: set[str]) -> float:
    return sum(w in bag for w in words) / len(words) if words else 0.0


def _quoted_share(text: str) -> float:
    inside = sum(len(q) for q in _QUOTED.findall(text))
    return inside / max(len(text), 1)


def reads_alone(text: str) -> bool:
    """Whether a sentence makes sense out of its article: complete, no piece of a longer
    quote, no pronoun or unnamed speaker that the sentence before it names."""
    return _is_complete(text) and _quotes_balance(text) and not _leans_on_previous(text)


#: How a sentence ends: a full stop (not an ellipsis), a question or an exclamation mark,
#: then perhaps closing quotes or brackets.
_COMPLETE = re.compile(r"(?<!\.\.)[.!?][”\"’')\]]*\s*$")


def _is_complete(text: str) -> bool:
    """Whether the sentence ends as a sentence does. A text cut off by its feed or crawl ends
    mid-sentence ("He insists money is being “taken out” of the", "... and more…"), and a
    crosshead or a sentence leading into a list ends without a full stop: neither says a
    whole claim."""
    return _COMPLETE.search(text) is not None


def _leans_on_previous(text: str) -> bool:
    """Whether who the sentence is about or who speaks in it is named in the sentence before:
    it opens on a pronoun ("They said the vote was close"), or it is a quote with no speaker
    ("“Nobody should have to worry.”") or a pronoun for one ("“...,” he said")."""
    text = text.strip()
    return (
        _PRONOUN_FIRST.match(text.lstrip("\"'“‘ ")) is not None
        or _UNNAMED_SPEAKER.search(text) is not None
    )


def _quotes_balance(text: str) -> bool:
    """Whether every quote the sentence closes it also opens, and the reverse (straight
    quotes only by count).

    A sentence from the middle of a quote that runs over several ("We will not rest until
    every family has answers.”") names no speaker, so it is never a summary sentence; another
    outlet's wording of the same claim usually stands alone.
    """
    depth = 0
    for char in text:
        if char == "“":
            depth += 1
        elif char == "”":
            if depth == 0:
                return False
            depth -= 1
    return depth == 0 and text.count('"') % 2 == 0


def _is_dangling(text: str) -> bool:
    """Opens on a pronoun or connective, or mid-quote: it leans on a sentence not shown."""
    stripped = text.lstrip("\"'“‘ ")
    return bool(_DANGLING.match(stripped)) or not stripped[:1].isupper()
