"""Keep the index in step with the records: note what changed, index it when the write commits.

Why signals and not a call in every service: the index is a projection of the records, like the
page cache, and every write path must reach it — services of every app (also those written
later), the admin, imports. A service that forgot the call would leave search silently stale.
The handlers hold no business logic: they only note "record X of a registered kind changed"
(plus records whose documents depend on it) and ask services.records_refresh to derive the
documents again from the database once the transaction commits. A rolled-back write leaves
nothing behind but a refresh that finds the old state, which is harmless.

Writes that send no signals (bulk_create, QuerySet.update, raw SQL) are caught by the periodic
catch-up job for kinds that declare `changed_since`, and `bryggan search_rebuild` rebuilds all.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from django.db import transaction
from django.db.models import Model

from bryggan.search import registry

logger = logging.getLogger(__name__)
_state = threading.local()

M2M_ACTIONS = {"post_add", "post_remove", "post_clear"}


def _pending() -> dict[str, set[Any]]:
    if not hasattr(_state, "pending"):
        _state.pending = {}
    return _state.pending


def discard_pending() -> None:
    _state.pending = {}


def _note(model: type[Model], instance: Any, pks: Any = None) -> None:
    model_key = model._meta.label_lower
    noted = False
    if registry.kind_for_model(model_key) is not None:
        ids = pks if pks is not None else [instance.pk]
        _pending().setdefault(model_key, set()).update(i for i in ids if i is not None)
        noted = True
    for kind, affected in registry.dependents(model_key):
        if instance is None:
            continue
        objects = list(affected(instance))
        if objects:
            _pending().setdefault(kind.model_key, set()).update(o.pk for o in objects)
            noted = True
    if noted:
        # Registered per change: a callback of a rolled-back savepoint is dropped by Django.
        transaction.on_commit(flush, robust=True)


def flush() -> None:
    """Refresh the documents of every record noted since the last flush."""
    from bryggan.search.services import records_refresh

    pending = _pending()
    if not pending:
        return
    discard_pending()
    with transaction.atomic():
        for model_key, pks in pending.items():
            records_refresh(model_key=model_key, pks=pks)


def flush_quietly() -> None:
    """Flush before a search, so a search sees the writes made earlier in the same transaction."""
    if not _pending():
        return
    try:
        flush()
    except Exception:  # the search must still answer; the catch-up or a rebuild repairs the index
        logger.exception("search index refresh failed")


def object_saved(sender: type[Model], instance: Any, raw: bool = False, **kwargs: Any) -> None:
    if not raw:
        _note(sender, instance)


def object_deleting(sender: type[Model], instance: Any, **kwargs: Any) -> None:
    # Before the delete, while related records (whose documents show this one) can still be found.
    for kind, affected in registry.dependents(sender._meta.label_lower):
        objects = list(affected(instance))
        if objects:
            _pending().setdefault(kind.model_key, set()).update(o.pk for o in objects)


def object_deleted(sender: type[Model], instance: Any, **kwargs: Any) -> None:
    model_key = sender._meta.label_lower
    if registry.kind_for_model(model_key) is not None:
        _pending().setdefault(model_key, set()).add(instance.pk)
    if _pending():
        transaction.on_commit(flush, robust=True)


def relation_changed(
    sender: type,
    instance: Any,
    action: str,
    reverse: bool,
    model: type[Model],
    pk_set: set[Any] | None,
    **kwargs: Any,
) -> None:
    if action not in M2M_ACTIONS:
        return
    _note(type(instance), instance)
    if pk_set and registry.kind_for_model(model._meta.label_lower) is not None:
        _note(model, None, pks=pk_set)
