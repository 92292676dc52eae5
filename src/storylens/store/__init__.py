"""Persistence: SQLite by default, any SQLAlchemy URL (PostgreSQL with psycopg 3) by ``--db``."""

from storylens.store.repository import DEFAULT_DB, ArticleRecord, Store, database_url

__all__ = ["DEFAULT_DB", "ArticleRecord", "Store", "database_url"]
