"""Writing the search index: documents in, documents out, rebuild and catch-up.

The index is a projection of the records: every function here derives documents from the
database as it is now, so running one twice, or late, is always safe.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db import connection, transaction
from django.utils import timezone, translation

from bryggan.core.models import SiteState, Visibility
from bryggan.search import registry
from bryggan.search.backends import get_backend
from bryggan.search.backends.base import AREAS, DOCS, GRANTS, TOPICS
from bryggan.search.models import SearchDocument, SearchGrant
from bryggan.search.registry import Document, Kind

logger = logging.getLogger(__name__)

CATCH_UP_KEY = "search.caught_up"
# Writes that commit shortly after the catch-up started must not fall between two runs.
CATCH_UP_OVERLAP = timedelta(minutes=2)
BATCH = 1000


@dataclass
class Entry:
    """A document ready for the index: its key ("<app>.<model>:<pk>") and kind."""

    key: str
    kind: str
    document: Document


def record_key(model_key: str, pk: Any) -> str:
    return f"{model_key}:{pk}"


def _valid_visibility(value: str) -> str:
    return value if value in Visibility.values else Visibility.RESTRICTED


def _chunks(items: Sequence[Any], size: int = 500) -> Iterable[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _delete_ids(ids: Sequence[int]) -> None:
    """Delete documents by id with plain SQL (no signals: the index is not content)."""
    if not ids:
        return
    get_backend().remove(ids)
    with connection.cursor() as cursor:
        for chunk in _chunks(ids):
            marks = ", ".join(["%s"] * len(chunk))
            cursor.execute(f"DELETE FROM {GRANTS} WHERE document_id IN ({marks})", list(chunk))
            cursor.execute(
                f"DELETE FROM {TOPICS} WHERE searchdocument_id IN ({marks})", list(chunk)
            )
            cursor.execute(f"DELETE FROM {AREAS} WHERE searchdocument_id IN ({marks})", list(chunk))
            cursor.execute(f"DELETE FROM {DOCS} WHERE id IN ({marks})", list(chunk))


def documents_delete(*, keys: Sequence[str]) -> None:
    """Remove the documents with these keys from the index."""
    ids: list[int] = []
    for chunk in _chunks(list(keys)):
        ids += SearchDocument.objects.filter(key__in=chunk).values_list("id", flat=True)
    _delete_ids(ids)


@transaction.atomic
def documents_store(*, entries: Sequence[Entry], replace: bool = True) -> int:
    """Put documents into the index, replacing any with the same keys; return how many."""
    if replace:
        documents_delete(keys=[e.key for e in entries])
    rows = []
    for entry in entries:
        doc = entry.document
        rows.append(
            SearchDocument(
                key=entry.key[:200],
                kind=(doc.kind or entry.kind)[:40],
                visibility=_valid_visibility(doc.visibility),
                year=doc.year,
                language=(doc.language or "")[:8],
                date=doc.date,
                title=doc.title or entry.key,
                url=doc.url[:500],
                body=doc.body or "",
                keywords=doc.keywords or "",
            )
        )
    SearchDocument.objects.bulk_create(rows, batch_size=500)
    topics, areas, grants = [], [], []
    TopicLink = SearchDocument.topics.through
    AreaLink = SearchDocument.priority_areas.through
    for row, entry in zip(rows, entries, strict=True):
        doc = entry.document
        topics += [TopicLink(searchdocument_id=row.pk, topic_id=t) for t in set(doc.topics)]
        areas += [
            AreaLink(searchdocument_id=row.pk, priorityarea_id=a) for a in set(doc.priority_areas)
        ]
        if row.visibility == Visibility.RESTRICTED:
            grants += [SearchGrant(document_id=row.pk, principal=p[:80]) for p in set(doc.allowed)]
    TopicLink.objects.bulk_create(topics, batch_size=1000)
    AreaLink.objects.bulk_create(areas, batch_size=1000)
    SearchGrant.objects.bulk_create(grants, batch_size=1000)
    get_backend().add([(row.pk, row.title, row.body, row.keywords) for row in rows])
    return len(rows)


def _entries(kind: Kind, objects: Iterable[Any]) -> tuple[list[Entry], list[Any]]:
    """Build the entries of `objects`; return them and the pks of all objects seen."""
    entries, seen = [], []
    # Documents are built in Swedish, the default language; labels add English where they matter.
    with translation.override("sv"):
        for obj in objects:
            seen.append(obj.pk)
            document = kind.document(obj)
            if document is not None:
                entries.append(Entry(record_key(kind.model_key, obj.pk), kind.kind, document))
    return entries, seen


@transaction.atomic
def records_refresh(*, model_key: str, pks: Iterable[Any]) -> int:
    """Bring the documents of these records up to date (removing those gone or not indexed)."""
    kind = registry.kind_for_model(model_key)
    if kind is None:
        return 0
    wanted = list(set(pks))
    stored = 0
    for chunk in _chunks(wanted):
        entries, _seen = _entries(kind, kind.queryset().filter(pk__in=chunk))
        documents_delete(keys=[record_key(model_key, pk) for pk in chunk])
        stored += documents_store(entries=entries, replace=False)
    return stored


def _index_queryset(kind: Kind, queryset: Any, replace: bool) -> int:
    stored = 0
    batch: list[Any] = []
    for obj in queryset.iterator(chunk_size=BATCH):
        batch.append(obj)
        if len(batch) >= BATCH:
            entries, seen = _entries(kind, batch)
            if replace:
                documents_delete(keys=[record_key(kind.model_key, pk) for pk in seen])
            stored += documents_store(entries=entries, replace=False)
            batch = []
    if batch:
        entries, seen = _entries(kind, batch)
        if replace:
            documents_delete(keys=[record_key(kind.model_key, pk) for pk in seen])
        stored += documents_store(entries=entries, replace=False)
    return stored


def index_rebuild(*, report: Callable[[str, int], None] | None = None) -> dict[str, int]:
    """Empty the index and index every registered kind again; return documents per kind."""
    from bryggan.search import signals

    started = timezone.now()
    counts: dict[str, int] = {}
    with transaction.atomic():
        backend = get_backend()
        backend.clear()
        with connection.cursor() as cursor:
            for table in (GRANTS, TOPICS, AREAS, DOCS):
                cursor.execute(f"DELETE FROM {table}")
        for kind in registry.kinds():
            counts[kind.kind] = _index_queryset(kind, kind.queryset().order_by("pk"), False)
            if report:
                report(kind.kind, counts[kind.kind])
        SiteState.put(CATCH_UP_KEY, {k.model_key: started.isoformat() for k in registry.kinds()})
        signals.discard_pending()  # everything pending was just indexed from the same state
    backend.optimise()
    return counts


def index_catch_up(*, now: datetime | None = None) -> dict[str, int]:
    """Index what changed through paths that send no signals (bulk inserts, updates).

    With no catch-up recorded yet (a fresh installation), rebuild the whole index.
    """
    now = now or timezone.now()
    state = SiteState.get(CATCH_UP_KEY)
    if state is None:
        return index_rebuild()
    counts: dict[str, int] = {}
    with transaction.atomic():
        for kind in registry.kinds():
            if kind.changed_since is None:
                continue
            since_text = state.get(kind.model_key)
            since = datetime.fromisoformat(since_text) - CATCH_UP_OVERLAP if since_text else None
            queryset = kind.queryset()
            if since is not None:
                queryset = queryset.filter(kind.changed_since(since))
            counts[kind.kind] = _index_queryset(kind, queryset.order_by("pk"), True)
            state[kind.model_key] = now.isoformat()
        SiteState.put(CATCH_UP_KEY, state)
    return counts
