"""Read knowledge-cycle links: what a record is linked to, filtered by what the user may see."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Model, Q, QuerySet

from bryggan.core.models import VisibleContent
from bryggan.cycle.models import Link
from bryggan.cycle.registry import STAGES, node_for


def linked_ids(obj: Model) -> dict[int, set[int]]:
    """Return {content type id: {object ids}} of everything linked to `obj` (one query)."""
    ct = ContentType.objects.get_for_model(obj)
    found: dict[int, set[int]] = defaultdict(set)
    rows = Link.objects.filter(Q(a_type=ct, a_id=obj.pk) | Q(b_type=ct, b_id=obj.pk)).values_list(
        "a_type_id", "a_id", "b_type_id", "b_id"
    )
    for a_type, a_id, b_type, b_id in rows:
        if a_type == ct.pk and a_id == obj.pk:
            found[b_type].add(b_id)
        else:
            found[a_type].add(a_id)
    return found


def _visible(queryset: QuerySet, user: Any) -> QuerySet:
    if issubclass(queryset.model, VisibleContent) or hasattr(queryset, "visible_to"):
        return queryset.visible_to(user)  # type: ignore[attr-defined]
    return queryset


def linked_of(obj: Model, model: type[Model], user: Any = None) -> QuerySet:
    """Return the records of `model` linked to `obj` (visible to `user` when given)."""
    ids = linked_ids(obj).get(ContentType.objects.get_for_model(model).pk, set())
    queryset = model._default_manager.filter(pk__in=ids)
    return _visible(queryset, user) if user is not None else queryset


def linked(obj: Model, user: Any) -> list[dict[str, Any]]:
    """Group everything linked to `obj` that `user` may see by stage of the cycle (one query per kind)."""
    groups: dict[str, list[Model]] = defaultdict(list)
    for ct_id, ids in linked_ids(obj).items():
        model = ContentType.objects.get_for_id(ct_id).model_class()
        node = node_for(model) if model is not None else None
        if model is None or node is None:
            continue
        for record in _visible(model._default_manager.filter(pk__in=ids), user):
            groups[node.stage].append(record)
    return [
        {"stage": stage, "label": STAGES[stage], "records": sorted(groups[stage], key=str)}
        for stage in STAGES
        if groups.get(stage)
    ]


def reachable(obj: Model, user: Any, max_depth: int = 4) -> list[tuple[int, Model]]:
    """Walk the link graph outwards from `obj`, returning (distance, record) for each visible record."""
    seen = {(ContentType.objects.get_for_model(obj).pk, obj.pk)}
    frontier = [obj]
    result: list[tuple[int, Model]] = []
    for depth in range(1, max_depth + 1):
        next_frontier = []
        for current in frontier:
            for ct_id, ids in linked_ids(current).items():
                model = ContentType.objects.get_for_id(ct_id).model_class()
                new_ids = {i for i in ids if (ct_id, i) not in seen}
                if model is None or not new_ids:
                    continue
                seen.update((ct_id, i) for i in new_ids)
                for record in _visible(model._default_manager.filter(pk__in=new_ids), user):
                    result.append((depth, record))
                    next_frontier.append(record)
        frontier = next_frontier
    return result
