"""Pick the search backend for the database in use."""

from __future__ import annotations

from django.db import connection

from bryggan.search.backends.base import Backend


def get_backend() -> Backend:
    """Return the backend for the default database: PostgreSQL or SQLite FTS5."""
    if connection.vendor == "postgresql":
        from bryggan.search.backends.postgres import PostgresBackend

        return PostgresBackend()
    if connection.vendor == "sqlite":
        from bryggan.search.backends.sqlite import SQLiteBackend

        return SQLiteBackend()
    raise NotImplementedError(
        f"Site search supports SQLite and PostgreSQL, not {connection.vendor}"
    )
