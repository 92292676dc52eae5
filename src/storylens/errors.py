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


class StoreError(StorylensError):
    """The database could not be opened, read or written (bad URL, locked file, lost server)."""


class NotFoundError(StorylensError):
    """A story or article asked for by id does not exist in the store."""


class ModelError(StorylensError):
    """An offline model (spaCy pipeline, embedding encoder) is missing or failed to load."""


class WorkerError(StorylensError):
    """A fact-extraction worker process stopped before finishing its articles (killed, out of
    memory). The batches written before it stopped are kept; the same ingest run again goes on
    from there, since stored articles are skipped."""
