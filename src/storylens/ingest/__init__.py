"""Readers: text files, crawler JSON(L), saved HTML pages and feeds become ``Article`` values.

``read_paths`` is the one entry point; bad input comes out as ``IngestError`` items in the
same stream instead of stopping the batch, and what an article that was read had to leave
out (a publication time that cannot be true) as ``IngestWarning``, a kind of ``IngestError``.
"""

from storylens.ingest.dispatch import read_paths

__all__ = ["read_paths"]
