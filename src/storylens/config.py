"""Defaults of every stage in one place, overridable per run.

Like spaCy's config: each stage reads its own small frozen section, so a caller can change
one knob (``Settings(cluster=ClusterSettings(join_threshold=0.5))``) without passing option
bags through the pipeline.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class IngestSettings:
    """Limits that protect the run from hostile or broken input."""

    #: Files larger than this are reported and skipped rather than read into memory.
    max_file_bytes: int = 50 * 1024 * 1024
    #: Articles whose text is shorter than this many characters are not worth a story.
    min_text_chars: int = 40
    #: Articles whose text is longer than this are reported and skipped: 200,000 characters
    #: is about 30,000 words, several times the longest news features, while a book or a whole
    #: site dump pasted into one file would hold the parse and the encoder for hours.
    max_text_chars: int = 200_000
    #: Articles per transaction: the models see a batch at once, and an interrupted ingest
    #: loses at most one batch of work.
    batch_size: int = 32
    #: Processes that extract facts in parallel (the costliest CPU stage). Story decisions stay
    #: in one process, in reading order, so the stories are the same for any number.
    workers: int = 1
    #: With several workers, batches sorted ahead of the one being placed, so that the pool
    #: parses them while this process embeds, places and stores. ``None``: 2 when the encoder
    #: runs on a GPU, 0 on the CPU, where the encoder's threads would contend with the
    #: workers for the same cores (on two cores reading ahead made ingest 4% slower; on a GPU
    #: machine with 4 workers 1.34 times faster, bench/README.md).
    prefetch_batches: int | None = None
    #: The outlet of input that names none (a bare ``.txt``): ``storylens ingest --outlet``.
    #: ``None``: each such file is a source of its own, of unknown outlet (``outlets``).
    outlet: str | None = None


@dataclass(frozen=True, slots=True)
class EmbedSettings:
    """Where sentences and stories are embedded (storylens.embed)."""

    #: ``cpu``: the int8 ONNX model, no PyTorch needed. A PyTorch device (``cuda``, ``cuda:1``):
    #: the original weights on it, with ``storylens[gpu]`` installed. Named, never detected, so
    #: a run does not change its stories with the machine it lands on.
    device: str = "cpu"


@dataclass(frozen=True, slots=True)
class DedupSettings:
    """MinHash LSH over word shingles: finds copies and light rewrites, not stories."""

    num_perm: int = 128
    shingle_words: int = 3
    #: Estimated Jaccard similarity of shingle sets above which an article is a copy.
    threshold: float = 0.6


@dataclass(frozen=True, slots=True)
class ClusterSettings:
    """Online story assignment: join the most likely story, else open one."""

    #: Probability at or above which an article joins its best story. None: the threshold
    #: calibrated with the shipped decision model (storylens/cluster/model.json).
    join_probability: float | None = None
    #: Articles further apart in time than this (days) from a story are not put in it.
    window_days: float = 7.0
    #: A story takes no article published more than this many days after its first one, so a
    #: subject that keeps coming back cannot chain events into one endless story; its later
    #: developments become new stories in the same topic.
    max_span_days: float = 14.0
    #: Characters of the text (after the title) that the story embedding reads.
    lead_chars: int = 600
    #: Nearest story centroids scored per article.
    neighbours: int = 10
    #: Most recent stories remembered per named entity, also scored. Two place articles as well
    #: as five on NeuS and the synthetic stream, with 17 candidates to score instead of 28
    #: (docs/decisions.md).
    per_entity: int = 2
    #: Articles between two sweeps that drop stories idle for more than twice the window.
    evict_every: int = 1000
    #: Stories kept in memory at most when an ingest starts; beyond it, only those active within
    #: twice the window of the newest article are loaded (the rest stay in the store).
    max_loaded_stories: int = 200_000
    #: Probability below which refinement splits an article out of its story. None: half the
    #: join threshold (``refine.SPLIT_SHARE``): a join is undone only on clear evidence.
    split_probability: float | None = None
    #: Most refinement passes (each revisits every article once); stops early when stable.
    refine_passes: int = 3
    #: Probability at or above which a new story continues an earlier one's topic. None: the
    #: threshold chosen with the shipped topic model (storylens/cluster/topic_model.json).
    topic_probability: float | None = None
    #: A new story follows only stories that ended at most this many days before it began (a
    #: development goes on through its latest stories, so a year-long one stays one topic).
    topic_link_days: float = 120.0


@dataclass(frozen=True, slots=True)
class BriefSettings:
    """How the brief groups sentences across outlets and how much it shows."""

    #: Cosine above which two sentences from different outlets state the same claim.
    claim_threshold: float = 0.72
    #: Words in the summary's sentences (the headline aside). ``None``: grow with the story's
    #: coverage, as human summaries do (NeuS: longer reports, longer summaries), by a line
    #: fitted with the summary model, kept between 25 and 150 words.
    summary_words: int | None = None
    #: Most sentences in the summary, whatever their length.
    summary_sentences: int = 5
    #: Most claim groups listed under consensus.
    max_consensus: int = 20
    #: Also list values that differ only in precision ("February 2020" / "February 29, 2020")
    #: as conflicts of kind ``different_precision``; off because a reader would not call them
    #: a disagreement.
    show_precision: bool = False


@dataclass(frozen=True, slots=True)
class Settings:
    """All stage settings; ``Settings()`` is the default configuration."""

    ingest: IngestSettings = field(default_factory=IngestSettings)
    embed: EmbedSettings = field(default_factory=EmbedSettings)
    dedup: DedupSettings = field(default_factory=DedupSettings)
    cluster: ClusterSettings = field(default_factory=ClusterSettings)
    brief: BriefSettings = field(default_factory=BriefSettings)
