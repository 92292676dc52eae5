"""One writer per database at a time.

Story ids are handed out by the ingest process (the highest id plus one) from the stories it
loaded when it started, so two ingests (or an ingest and a recluster) writing to one database
at once would give the same new id to different stories and merge unrelated articles, silently.
A writer therefore holds a lock for as long as it writes, and a second one is refused at once
with a clear message: refusing is predictable, where waiting behind a stuck process is not, and
running the command again later is all it takes. Readers (``stories``, ``brief``, the web app)
never take it.

SQLite: an advisory ``flock`` on the database file itself. SQLite's own locks are POSIX record
locks, which ``flock`` neither sees nor disturbs, and the lock goes with the process, so a
killed ingest never leaves the database locked (a lock file beside it would have to be cleaned
up). PostgreSQL: a session advisory lock, which is per database and likewise ends with the
connection that holds it.
"""

from __future__ import annotations

import fcntl
from typing import IO

from sqlalchemy import Connection, Engine, text
from sqlalchemy.exc import SQLAlchemyError

from storylens.errors import BusyError, StoreError

#: The advisory lock's key on PostgreSQL: one fixed number for "storylens is writing".
ADVISORY_KEY = 0x5370_7279_4C65_6E73 & 0x7FFF_FFFF_FFFF_FFFF


class WriterLock:
    """Re-entrant within one store: every ingestor on the same ``Store`` shares it."""

    def __init__(self, engine: Engine, label: str) -> None:
        self._engine = engine
        self._label = label
        self._holders = 0
        self._file: IO[bytes] | None = None
        self._connection: Connection | None = None

    def acquire(self) -> None:
        if self._holders == 0:
            self._take()
        self._holders += 1

    def release(self) -> None:
        """Give the lock back; the last holder unlocks."""
        if self._holders == 0:
            return
        self._holders -= 1
        if self._holders == 0:
            self._drop()

    def release_all(self) -> None:
        if self._holders:
            self._holders = 0
            self._drop()

    def _busy(self) -> BusyError:
        return BusyError(
            f"{self._label} is being written by another storylens process (an ingest, run or "
            "recluster); run this again when it has finished"
        )

    def _take(self) -> None:
        dialect = self._engine.dialect.name
        if dialect == "sqlite":
            path = self._engine.url.database
            if not path or path == ":memory:":
                return  # nobody else can open it
            handle = open(path, "rb")  # noqa: SIM115 - held open for as long as the lock is
            try:
                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError as exc:
                handle.close()
                raise self._busy() from exc
            self._file = handle
        elif dialect == "postgresql":
            try:
                connection = self._engine.connect()
                taken = connection.scalar(
                    text("SELECT pg_try_advisory_lock(:key)"), {"key": ADVISORY_KEY}
                )
                connection.commit()
            except SQLAlchemyError as exc:
                raise StoreError(f"cannot lock {self._label} for writing: {exc}") from exc
            if not taken:
                connection.close()
                raise self._busy()
            self._connection = connection

    def _drop(self) -> None:
        if self._file is not None:
            fcntl.flock(self._file.fileno(), fcntl.LOCK_UN)
            self._file.close()
            self._file = None
        if self._connection is not None:
            # The pool keeps the connection, and the session with its lock, open after
            # close(): the lock is given back explicitly.
            try:
                self._connection.execute(
                    text("SELECT pg_advisory_unlock(:key)"), {"key": ADVISORY_KEY}
                )
                self._connection.commit()
            except SQLAlchemyError:
                self._connection.invalidate()  # the server ends the session, and the lock
            finally:
                self._connection.close()
                self._connection = None
