"""Readers: text files, crawler JSON(L), saved HTML pages and feeds become ``Article`` values.

``read_paths`` is the one entry point; bad input comes out as ``IngestError`` items in the
same stream instead of stopping the batch.
"""

from storylens.ingest.dispatch import read_paths

__all__ = ["read_paths"]
