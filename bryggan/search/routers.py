"""Keep PostgreSQL's match table out of SQLite, where it does not exist (dumpdata, flush)."""

from __future__ import annotations

from typing import Any

from django.db import connections


class MatchTableRouter:
    """Allow `search.SearchMatch` only on PostgreSQL; say nothing about any other model."""

    def allow_migrate(
        self, db: str, app_label: str, model_name: str | None = None, **hints: Any
    ) -> bool | None:
        if app_label == "search" and model_name == "searchmatch":
            return connections[db].vendor == "postgresql"
        return None
