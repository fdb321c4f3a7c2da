"""Background work for search: catch up on writes that sent no signals."""

from __future__ import annotations

from django_tasks import task


@task()
def catch_up() -> int:
    """Index records written in bulk since the last run (a full rebuild on a fresh install)."""
    from bryggan.search.services import index_catch_up

    return sum(index_catch_up().values())
