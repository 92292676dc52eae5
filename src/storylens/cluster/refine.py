"""Refinement: fix what online assignment got wrong once more of the stream is known.

Online, an article that arrives before its companions opens a story of its own, and a story can
drift as it grows. Refinement revisits every article with all stories formed: it moves an article
to the story it now fits best (leave-one-out, so an article does not vote for itself), splits it
out alone when it fits nowhere, and a story that loses all its articles to one other story is
merged into it. Story ids stay stable: a merge keeps the older id and the other one redirects.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from storylens.cluster.candidates import CandidateIndex
from storylens.cluster.scorer import DecisionModel, eligible, join_threshold, pick, probabilities
from storylens.cluster.signals import ArticleSignal
from storylens.cluster.state import StoryState
from storylens.config import ClusterSettings
from storylens.embed import DIMENSION


@dataclass(slots=True)
class Refinement:
    """The outcome: each article's story after refinement, and which ids now redirect where."""

    story_of: dict[str, int]
    redirects: dict[int, int] = field(default_factory=dict)
    moved: int = 0

    def changed(self, before: Mapping[str, int]) -> set[int]:
        """Story ids whose membership changed (old and new), redirected ones included."""
        touched = {s for a, s in self.story_of.items() if before.get(a) != s}
        touched |= {before[a] for a, s in self.story_of.items() if a in before and before[a] != s}
        return touched | set(self.redirects)


#: The share of the join threshold below which refinement splits an article out of its story
#: (``ClusterSettings.split_probability``). At the join threshold itself, refinement undid
#: most online joins of short headlines (uci-head6k: pairwise recall 0.19 online, 0.08
#: refined); at half of it NeuS val's pairwise F1 rose from 0.740 to 0.744 and BCubed from
#: 0.859 to 0.864 (docs/decisions.md).
SPLIT_SHARE = 0.5


def state_of(story_id: int, members: Sequence[ArticleSignal]) -> StoryState:
    """A story's state rebuilt from its members' signals."""
    state = StoryState(story_id, np.zeros(DIMENSION, dtype=np.float32), 0)
    for signal in members:
        state.add(signal)
    return state


def refine(
    signals: Mapping[str, ArticleSignal],
    story_of: Mapping[str, int],
    order: Sequence[str],
    model: DecisionModel,
    settings: ClusterSettings,
    next_id: int,
) -> Refinement:
    """Passes over ``order`` (article ids, reading order) until nothing moves, at most
    ``settings.refine_passes``; deterministic."""
    threshold = join_threshold(settings, model)
    split = settings.split_probability
    if split is None:
        split = threshold * SPLIT_SHARE
    current = dict(story_of)
    # Ambiguous articles can swap back and forth between two groupings, pass after pass; a
    # pass that returns to a grouping already seen has entered such a cycle. Then the
    # grouping the cycle was entered at is kept (the stored one, if it is part of the cycle),
    # so that refinement, and `storylens recluster` run again, settles instead of moving the
    # same articles on every run.
    seen = [_grouping(current, order)]
    for _ in range(settings.refine_passes):
        after, moves, next_id = _one_pass(
            signals, current, order, model, settings, (threshold, split), next_id
        )
        if not moves:
            break
        grouping = _grouping(after, order)
        if grouping in seen:
            if seen.index(grouping) == 0:
                current = dict(story_of)
            break
        seen.append(grouping)
        current = after
    return _keep_older_ids(Refinement(current), story_of)


def _grouping(story_of: Mapping[str, int], order: Sequence[str]) -> tuple[int, ...]:
    """Which articles are together, whatever the story ids: for each article (in reading
    order), the position of the first article of its story."""
    first: dict[int, int] = {}
    return tuple(first.setdefault(story_of[a], k) for k, a in enumerate(order))


def _one_pass(
    signals: Mapping[str, ArticleSignal],
    story_of: Mapping[str, int],
    order: Sequence[str],
    model: DecisionModel,
    settings: ClusterSettings,
    thresholds: tuple[float, float],
    next_id: int,
) -> tuple[dict[str, int], int, int]:
    threshold, split = thresholds
    members: dict[int, list[str]] = {}
    for article_id in order:
        members.setdefault(story_of[article_id], []).append(article_id)
    states = {sid: state_of(sid, [signals[a] for a in ids]) for sid, ids in members.items()}
    index = CandidateIndex(DIMENSION, settings.neighbours, settings.per_entity)
    for state in states.values():
        index.upsert(state, state.entities)
    result = dict(story_of)
    moved = 0
    for article_id in order:
        current = result[article_id]
        signal = signals[article_id]
        rest = [signals[a] for a in members[current] if a != article_id]
        # Its own story (without it) competes with the others in one candidate set, so that
        # the margins compare the same alternatives either way.
        others = eligible(
            signal,
            index.candidates(signal),
            states,
            settings.window_days,
            skip=current,
            max_span_days=settings.max_span_days,
        )
        own = [state_of(current, rest)] if rest else []
        chances = probabilities(signal, own + others, model)
        stay = _support(signal, own, len(rest), chances, model)
        found = pick(others, chances[len(own) :])
        best_id, best_p = current, stay
        if found is not None and found[1] > stay:
            best_id, best_p = found
        # Refinement fixes what no longer fits, and only that: an article its story still
        # supports (``stay`` at the join threshold or above) is never moved, and one is split
        # out alone only when the story clearly rejects it (below ``split``), since a story
        # grown since the join speaks of more than the article did when it joined.
        if best_id != current and best_p >= threshold and stay < threshold:
            target = best_id
        elif rest and stay < split and best_p < threshold:
            target = next_id  # fits nowhere any more: split it out
            next_id += 1
        else:
            continue
        moved += 1
        members[current].remove(article_id)
        members.setdefault(target, []).append(article_id)
        result[article_id] = target
        for sid in (current, target):
            if members[sid]:
                states[sid] = state_of(sid, [signals[a] for a in members[sid]])
                index.upsert(states[sid], states[sid].entities)
            else:
                states.pop(sid, None)
                index.remove(sid)
    return result, moved, next_id


#: Other reports a story must hold for its support of an article to be judged on its own
#: rather than against rival stories (``_support``).
CONFIRMED_BY = 4


def _support(
    signal: ArticleSignal,
    own: Sequence[StoryState],
    others_in_story: int,
    chances: Sequence[float],
    model: DecisionModel,
) -> float:
    """How strongly the article's story, without it, still holds it.

    Among the candidates, as a new article sees them: a rival that fits better shows a young
    story's join was a mistake (NeuS val: pairwise F1 0.713 online, 0.744 refined). A story
    that `CONFIRMED_BY` other reports or more hold is judged on its own, as the article's join
    was: a rival story of the same event lowers the margin of both without saying the article
    is misplaced, and on headline streams that drained big stories into small ones
    (uci-head6k shuffled: pairwise F1 0.319 online, 0.190 refined; docs/decisions.md).
    """
    if not own:
        return 0.0
    if others_in_story < CONFIRMED_BY:
        return chances[0]
    return probabilities(signal, own, model)[0]


def _keep_older_ids(refinement: Refinement, before: Mapping[str, int]) -> Refinement:
    """A story emptied into one other story is a merge: the survivor takes the older id."""
    now_members: dict[int, set[str]] = {}
    for article_id, sid in refinement.story_of.items():
        now_members.setdefault(sid, set()).add(article_id)
    was_members: dict[int, set[str]] = {}
    for article_id, sid in before.items():
        was_members.setdefault(sid, set()).add(article_id)
    rename: dict[int, int] = {}
    for old_id in sorted(was_members):
        if old_id in now_members:
            continue
        destinations = {refinement.story_of[a] for a in was_members[old_id]}
        if len(destinations) != 1:
            continue
        survivor = destinations.pop()
        survivor = rename.get(survivor, survivor)
        if old_id < survivor and survivor not in rename.values():
            rename[survivor] = old_id
            # An id opened during this refinement was never shown to anyone: no redirect.
            if survivor in was_members:
                refinement.redirects[survivor] = old_id
        else:
            refinement.redirects[old_id] = survivor
    if rename:
        refinement.story_of = {a: rename.get(s, s) for a, s in refinement.story_of.items()}
    # What a user sees: the articles now in another story than before, not the moves on the
    # way (an article can leave and come back within the passes).
    refinement.moved = sum(1 for a, s in refinement.story_of.items() if before.get(a, s) != s)
    return refinement
