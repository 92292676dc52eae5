"""Shared fixtures: where the shared data lives, and databases to test the store against."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SEEDS = SHARED / "seeds"
DEMO = REPO / "examples" / "demo"


@pytest.fixture
def seeds() -> Path:
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds is not present")
    return SEEDS


def _postgres_database() -> Iterator[str]:
    """A fresh database on the server named by STORYLENS_TEST_PG_URL, dropped afterwards."""
    server = os.environ.get("STORYLENS_TEST_PG_URL")
    if not server:
        pytest.skip("set STORYLENS_TEST_PG_URL to run the store tests on PostgreSQL")
    name = f"storylens_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield server.rsplit("/", 1)[0] + "/" + name
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A database URL or path: an SQLite file, and a real PostgreSQL database when one is given."""
    if request.param == "sqlite":
        yield str(tmp_path / "test.db")
    else:
        yield from _postgres_database()
