"""One exception hierarchy for the whole package.

Errors raised by dependencies (SQLAlchemy, lxml, feedparser, onnxruntime, ...) are wrapped
into these where they enter, so a caller needs to know only this module.
"""

from __future__ import annotations


class StorylensError(Exception):
    """Base of every error storylens raises on purpose; catch this to catch them all."""


class IngestError(StorylensError):
    """An input file or item could not be turned into an article.

    Carries ``origin`` (file path, with ``:line`` or ``#item`` where it applies) and a
    human ``reason``; the ingest goes on with the rest of the batch.
    """

    def __init__(self, origin: str, reason: str) -> None:
        super().__init__(f"{origin}: {reason}")
        self.origin = origin
        self.reason = reason


class IngestWarning(IngestError):
    """Something an item stated was left out, but its article was read all the same (a
    publication date that is no date, or lies in the future). It travels with the errors, is
    printed with its origin and kept for ``storylens errors``, but does not count as one."""


class StoreError(StorylensError):
    """The database could not be opened, read or written (bad URL, locked file, lost server)."""


class BusyError(StoreError):
    """Another storylens process is writing to the same database (an ingest, run or recluster).

    Raised at once rather than waiting: story ids come from the stories a writer loaded when it
    started, so two writers at once would mix up stories. Nothing was written; run the command
    again when the other one has finished."""


class OutputError(StorylensError):
    """Briefs could not be written where asked (a file where a folder should be, no such
    folder, no permission). Raised before an ingest starts where it can be foreseen."""


class NotFoundError(StorylensError):
    """A story or article asked for by id does not exist in the store."""


class ModelError(StorylensError):
    """An offline model (spaCy pipeline, embedding encoder) is missing or failed to load."""


class WorkerError(StorylensError):
    """A fact-extraction worker process stopped before finishing its articles (killed, out of
    memory). The batches written before it stopped are kept; the same ingest run again goes on
    from there, since stored articles are skipped."""


def named(exc: BaseException) -> str:
    """An error storylens did not foresee, as a user can report it: its type and message.
    Such an error inside one item's processing is that item's, named with this."""
    return f"{type(exc).__name__}: {exc}"
