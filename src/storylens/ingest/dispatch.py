"""From paths to articles: walk folders, guard against hostile files, pick each file's reader.

Everything that can be wrong with an input comes out as an ``IngestError`` in the stream, in
input order, next to the articles; nothing a user can feed in stops the batch.
"""

from __future__ import annotations

import re
import stat
import sys
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO

from storylens.config import IngestSettings
from storylens.errors import IngestError, IngestWarning, named
from storylens.ingest.common import (
    Draft,
    Source,
    check_bytes,
    finish,
    time_warning,
)
from storylens.ingest.feed import read_feed
from storylens.ingest.html import read_html
from storylens.ingest.jsonl import read_json_document, read_json_lines
from storylens.ingest.text import read_text
from storylens.model import Article

Reader = Callable[[bytes, Source], Iterator[Draft | IngestError]]

STDIN_PATH = "-"
STDIN_SOURCE = Source(origin="<stdin>", stem="stdin")

READERS_BY_SUFFIX: dict[str, Reader] = {
    ".txt": read_text,
    ".text": read_text,
    ".json": read_json_document,
    ".jsonl": read_json_lines,
    ".ndjson": read_json_lines,
    ".html": read_html,
    ".htm": read_html,
    ".xhtml": read_html,
    ".xml": read_feed,
    ".rss": read_feed,
    ".atom": read_feed,
    ".rdf": read_feed,
}

_FEED_ROOT = re.compile(rb"<(?:rss|feed|rdf:rdf)[\s>]")
_HTML_MARKERS = (b"<!doctype html", b"<html", b"<head", b"<body")
_SNIFF_BYTES = 4096


def read_paths(
    paths: Sequence[str | Path],
    settings: IngestSettings | None = None,
    stdin: BinaryIO | None = None,
) -> Iterator[Article | IngestError]:
    """Every article and every problem in the given paths, in a deterministic order.

    Paths are read in the order given; folders recursively in name order, skipping hidden
    entries and files no reader claims by extension (notes such as ``GOLD.md`` beside the
    articles; see ``_read_folder``). A file named explicitly is always read, its format
    sniffed if need be. ``"-"`` reads ``stdin`` (default: the process's standard input).
    """
    settings = settings or IngestSettings()
    now = datetime.now(UTC)
    for path in paths:
        if str(path) == STDIN_PATH:
            source = stdin if stdin is not None else sys.stdin.buffer
            yield from _read_stream(source, settings, now)
        else:
            yield from _read_path(Path(path), settings, now)


def _read_path(
    path: Path, settings: IngestSettings, now: datetime
) -> Iterator[Article | IngestError]:
    if path.is_dir():
        yield from _read_folder(path, settings, now)
    elif path.exists():
        yield from _read_file(path, settings, now)
    else:
        yield IngestError(str(path), "no such file or directory")


def _read_folder(
    folder: Path, settings: IngestSettings, now: datetime
) -> Iterator[Article | IngestError]:
    """The files under ``folder`` that a reader claims by extension; the others are ignored.

    Decision: in a folder, a file is read only when its extension names a format, unlike a
    file named explicitly, which is sniffed. Folders of articles carry notes, licences and
    attachments (``GOLD.md``, ``LICENSE``, a ``.pdf``), which sniffing would take for plain
    text and store as articles. Ignoring them is reported only when it leaves the folder with
    nothing to read: the only channel to the user counts as an error, and a note beside
    good articles is not one.
    """
    ignored: list[Path] = []
    claimed = unlisted = False
    for found in _walk(folder, set()):
        if isinstance(found, IngestError):
            unlisted = True
            yield found
        elif found.suffix.lower() in READERS_BY_SUFFIX:
            claimed = True
            yield from _read_file(found, settings, now)
        else:
            ignored.append(found)
    # A folder that could not be listed has said why already.
    if not claimed and (ignored or not unlisted):
        yield IngestError(str(folder), _nothing_to_read(ignored))


def _nothing_to_read(ignored: Sequence[Path]) -> str:
    """Why a folder gave nothing, with the way to read such files anyway."""
    if not ignored:
        return "no files to read in this folder (hidden files and folders are skipped)"
    kinds = sorted({path.suffix.lower() for path in ignored}, key=lambda kind: (not kind, kind))
    named = ", ".join(kind or "no extension" for kind in kinds)
    files = "1 file" if len(ignored) == 1 else f"{len(ignored)} files"
    return (
        f"no news input in this folder: {files} ignored ({named}), as only "
        f"{', '.join(READERS_BY_SUFFIX)} files are read from folders; name a file to have "
        "its format sniffed"
    )


def _walk(folder: Path, seen: set[Path]) -> Iterator[Path | IngestError]:
    """Files under ``folder`` in name order; ``seen`` stops symlink loops from recursing forever."""
    real = folder.resolve()
    if real in seen:
        return
    seen.add(real)
    try:
        entries = sorted(folder.iterdir())
    except OSError as exc:
        yield IngestError(str(folder), f"cannot list folder: {exc.strerror or exc}")
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if entry.is_dir():
            yield from _walk(entry, seen)
        else:
            yield entry


def _read_file(
    path: Path, settings: IngestSettings, now: datetime
) -> Iterator[Article | IngestError]:
    origin = str(path)
    try:
        # Size first, so a huge file is refused without being read into memory.
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            # A named pipe would make the ingest wait for a writer for ever, a device never
            # ends: only regular files are read (standard input is "-").
            yield IngestError(origin, f"not a regular file ({_kind(info.st_mode)}); skipped")
            return
        size = info.st_size
        if size > settings.max_file_bytes:
            yield _too_large(origin, settings, f"{size} bytes")
            return
        with path.open("rb") as handle:
            data = handle.read(settings.max_file_bytes + 1)
    except OSError as exc:
        yield IngestError(origin, f"cannot read file: {exc.strerror or exc}")
        return
    if len(data) > settings.max_file_bytes:  # it grew after stat
        yield _too_large(origin, settings, f"{len(data)}+ bytes")
        return
    reader = READERS_BY_SUFFIX.get(path.suffix.lower())
    yield from _read_bytes(data, Source(origin, path.stem), reader, settings, now)


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device; use - to read standard input"
    return "a special file"


def _read_stream(
    stream: BinaryIO, settings: IngestSettings, now: datetime
) -> Iterator[Article | IngestError]:
    origin = STDIN_SOURCE.origin
    try:
        data = stream.read(settings.max_file_bytes + 1)
    except OSError as exc:
        yield IngestError(origin, f"cannot read standard input: {exc.strerror or exc}")
        return
    if len(data) > settings.max_file_bytes:
        yield _too_large(origin, settings, f"more than {settings.max_file_bytes} bytes")
        return
    yield from _read_bytes(data, STDIN_SOURCE, None, settings, now)


def _too_large(origin: str, settings: IngestSettings, size: str) -> IngestError:
    return IngestError(
        origin, f"too large ({size}; the limit is max_file_bytes={settings.max_file_bytes})"
    )


def _read_bytes(
    data: bytes,
    source: Source,
    reader: Reader | None,
    settings: IngestSettings,
    now: datetime,
) -> Iterator[Article | IngestError]:
    """Run the reader and finish its drafts; an error raised mid-file ends only that file."""
    try:
        check_bytes(data, source.origin)
        for item in (reader or sniff(data))(data, source):
            yield from _finish(item, settings, now)
    except IngestError as error:
        yield error
    except Exception as exc:  # a reader's or a parser's failure on this file: its error
        yield IngestError(source.origin, f"could not be read ({named(exc)})")


def _finish(
    item: Draft | IngestError, settings: IngestSettings, now: datetime
) -> Iterator[Article | IngestError]:
    """The article, then what of its source it left out; an unfit item (too short) is reported
    on its own, and the file's other items go on."""
    if isinstance(item, IngestError):
        yield item
        return
    try:
        article = finish(item, settings, now)
    except IngestError as error:
        yield error
        return
    except Exception as exc:  # this item's failure, not its file's
        yield IngestError(item.origin, f"could not be read ({named(exc)})")
        return
    yield article
    # After the article, not before: the warning is about an article that was stored, and
    # an item refused (too short) needs no second message about its date.
    warning = time_warning(item, now)
    if warning:
        yield IngestWarning(item.origin, warning)


def sniff(data: bytes) -> Reader:
    """The reader for content whose name says nothing (stdin, unknown extensions)."""
    head = data[:_SNIFF_BYTES].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"{", b"[")):
        return read_json_document
    if head.startswith(b"<"):
        if _FEED_ROOT.search(head):
            return read_feed
        if any(marker in head for marker in _HTML_MARKERS):
            return read_html
        if head.startswith(b"<?xml"):
            return read_feed
    return read_text
