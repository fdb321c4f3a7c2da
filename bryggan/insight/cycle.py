"""The knowledge cycle seen from Insight: one record's timeline, and which chains stall where.

A chain is a group of records joined by knowledge-cycle links. Links to a partnership or an
organisation (stages "governance" and "other") say where a record belongs; they are hubs, not steps,
so chains are traced through the cycle's own stages only — otherwise every record linked to the
same partnership would fall into one chain.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Model, Q
from django.urls import reverse
from django.utils import timezone

from bryggan.cycle.models import Link
from bryggan.cycle.queries import _visible, reachable
from bryggan.cycle.registry import STAGES, node_for, nodes
from bryggan.insight import registry
from bryggan.insight.figures import both
from bryggan.insight.periods import Period
from bryggan.insight.scopes import Scope

CYCLE_STAGES = [s for s in STAGES if s not in ("governance", "other")]
HUB_STAGES = ("governance", "other")
DATE_ATTRIBUTES = ("start", "received_at", "published", "first_seen_at", "due", "created_at")

NodeKey = tuple[int, int]  # (content type id, object id)


def stage_label(stage: str) -> dict[str, str]:
    return both(STAGES[stage])


def _stage_of_ct(ct_id: int) -> str | None:
    model = ContentType.objects.get_for_id(ct_id).model_class()
    node = node_for(model) if model is not None else None
    return node.stage if node else None


def record_date(obj: Model) -> date | None:
    """The date that places a record in time: the registered date field, else a common one."""
    candidates = [k.date_field for k in registry.knowledge_kinds() if k.model is type(obj)]
    for name in [*[c for c in candidates if c], *DATE_ATTRIBUTES]:
        value = getattr(obj, name, None)
        if isinstance(value, datetime):
            return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
        if isinstance(value, date):
            return value
    return None


def record_url(obj: Model) -> str:
    if hasattr(obj, "get_absolute_url"):
        return obj.get_absolute_url()
    event = getattr(obj, "event", None)
    if event is not None and hasattr(event, "get_absolute_url"):
        return event.get_absolute_url()
    return ""


def _describe(obj: Model) -> dict[str, Any]:
    day = record_date(obj)
    return {
        "title": str(obj),
        "url": record_url(obj),
        "kind": both(obj._meta.verbose_name or obj._meta.model_name or ""),
        "date": day.isoformat() if day else "",
        "timeline_url": reverse("insight:timeline", args=[obj._meta.label_lower, obj.pk]),
    }


def _links_among(keys: set[NodeKey]) -> list[tuple[NodeKey, NodeKey]]:
    """The links whose both ends are among `keys` (one query)."""
    by_type: dict[int, set[int]] = defaultdict(set)
    for ct_id, pk in keys:
        by_type[ct_id].add(pk)
    condition = Q()
    for ct_id, ids in by_type.items():
        condition |= Q(a_type_id=ct_id, a_id__in=ids)
    if not by_type:
        return []
    pairs = []
    for a_type, a_id, b_type, b_id in Link.objects.filter(condition).values_list(
        "a_type_id", "a_id", "b_type_id", "b_id"
    ):
        if (b_type, b_id) in keys:
            pairs.append(((a_type, a_id), (b_type, b_id)))
    return pairs


def _component(start: NodeKey, edges: list[tuple[NodeKey, NodeKey]]) -> set[NodeKey]:
    neighbours: dict[NodeKey, set[NodeKey]] = defaultdict(set)
    for a, b in edges:
        neighbours[a].add(b)
        neighbours[b].add(a)
    seen = {start}
    stack = [start]
    while stack:
        for other in neighbours[stack.pop()]:
            if other not in seen:
                seen.add(other)
                stack.append(other)
    return seen


def timeline(obj: Model, user: Any) -> dict[str, Any]:
    """The records of `obj`'s chain that `user` may see, in the order of the cycle's stages."""
    own_node = node_for(obj)
    own_stage = own_node.stage if own_node else "other"
    found = reachable(obj, user, max_depth=len(CYCLE_STAGES) + 2)
    start: NodeKey = (ContentType.objects.get_for_model(obj).pk, obj.pk)
    records: dict[NodeKey, Model] = {start: obj}
    for _distance, record in found:
        node = node_for(record)
        if node and node.stage in CYCLE_STAGES:
            records[(ContentType.objects.get_for_model(record).pk, record.pk)] = record
    # reachable() walks through partnerships and organisations too; keep only what is joined to
    # the record through the cycle's own stages.
    chain = _component(start, _links_among(set(records)))
    by_stage: dict[str, list[Model]] = defaultdict(list)
    for key in chain:
        record = records[key]
        node = node_for(record)
        by_stage[node.stage if node else "other"].append(record)
    steps = []
    for stage in CYCLE_STAGES:
        items = sorted(by_stage.get(stage, []), key=lambda r: (record_date(r) or date.max, str(r)))
        steps.append(
            {
                "stage": stage,
                "label": stage_label(stage),
                "records": [_describe(r) for r in items],
                "current": stage == own_stage,
            }
        )
    present = [s["stage"] for s in steps if s["records"]]
    missing = [s for s in CYCLE_STAGES if s not in present]
    return {
        "record": _describe(obj),
        "stage": own_stage,
        "stage_label": stage_label(own_stage) if own_stage in STAGES else {},
        "steps": steps,
        "present": present,
        "missing": missing,
        "complete": not missing,
    }


# ---- chains of a partnership or organisation ----------------------------------------------------


def _cycle_graph() -> tuple[dict[NodeKey, str], list[tuple[NodeKey, NodeKey]], dict[NodeKey, set]]:
    """Every linked record with its stage, the links between cycle stages, and the hubs of each."""
    stage_by_ct: dict[int, str | None] = {}
    stages: dict[NodeKey, str] = {}
    edges: list[tuple[NodeKey, NodeKey]] = []
    hubs: dict[NodeKey, set[NodeKey]] = defaultdict(set)
    for a_type, a_id, b_type, b_id in Link.objects.values_list(
        "a_type_id", "a_id", "b_type_id", "b_id"
    ).iterator(chunk_size=5000):
        for ct in (a_type, b_type):
            if ct not in stage_by_ct:
                stage_by_ct[ct] = _stage_of_ct(ct)
        a, b = (a_type, a_id), (b_type, b_id)
        stage_a, stage_b = stage_by_ct[a_type], stage_by_ct[b_type]
        if stage_a in CYCLE_STAGES and stage_b in CYCLE_STAGES:
            stages[a], stages[b] = stage_a, stage_b
            edges.append((a, b))
        elif stage_a in CYCLE_STAGES and stage_b in HUB_STAGES:
            stages[a] = stage_a
            hubs[a].add(b)
        elif stage_b in CYCLE_STAGES and stage_a in HUB_STAGES:
            stages[b] = stage_b
            hubs[b].add(a)
    return stages, edges, hubs


def _components(keys: set[NodeKey], edges: list[tuple[NodeKey, NodeKey]]) -> list[set[NodeKey]]:
    parent: dict[NodeKey, NodeKey] = {k: k for k in keys}

    def find(k: NodeKey) -> NodeKey:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    for a, b in edges:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[ra] = rb
    groups: dict[NodeKey, set[NodeKey]] = defaultdict(set)
    for k in keys:
        groups[find(k)].add(k)
    return list(groups.values())


def _scope_hubs(scope: Scope) -> set[NodeKey]:
    """The partnership or organisations a record can be linked to so that it belongs to the scope."""
    from bryggan.governance.models import Partnership
    from bryggan.people.models import Organisation

    hubs: set[NodeKey] = set()
    org_ct = ContentType.objects.get_for_model(Organisation).pk
    if scope.kind == "partnership":
        hubs.add((ContentType.objects.get_for_model(Partnership).pk, scope.obj.pk))
    else:
        hubs |= {(org_ct, i) for i in scope.organisation_ids}
    return hubs


def _in_scope(scope: Scope, keys: set[NodeKey]) -> set[NodeKey]:
    """Which of these records belong to the scope through a registered kind of knowledge."""
    by_type: dict[int, set[int]] = defaultdict(set)
    for ct_id, pk in keys:
        by_type[ct_id].add(pk)
    inside: set[NodeKey] = set()
    for kind in registry.knowledge_kinds():
        ct_id = ContentType.objects.get_for_model(kind.model).pk
        ids = by_type.get(ct_id)
        if not ids or kind.in_scope is None:
            continue
        for pk in kind.records(scope, None).filter(pk__in=ids).values_list("pk", flat=True):
            inside.add((ct_id, pk))
    return inside


def _root_kinds() -> list[registry.KnowledgeKind]:
    """Kinds whose records start a chain of their own (questions and projects)."""
    result = []
    for kind in registry.knowledge_kinds():
        node = node_for(kind.model)
        if node and node.stage in ("question", "project") and kind.cycle_root:
            result.append(kind)
    return result


def _chain_sets(
    scope: Scope, period: Period | None = None
) -> tuple[list[set[NodeKey]], dict[NodeKey, str]]:
    stages, edges, hubs = _cycle_graph()
    components = _components(set(stages), edges)
    scope_hubs = _scope_hubs(scope)
    inside = _in_scope(scope, set(stages))
    chains = [
        c for c in components if any(k in inside or hubs.get(k, set()) & scope_hubs for k in c)
    ]
    # Questions and projects that are linked to nothing yet are chains that stall at once.
    linked = set(stages)
    for kind in _root_kinds():
        ct_id = ContentType.objects.get_for_model(kind.model).pk
        for pk in kind.records(scope, period).values_list("pk", flat=True):
            if (ct_id, pk) not in linked:
                chains.append({(ct_id, pk)})
                stages[(ct_id, pk)] = node_for(kind.model).stage  # type: ignore[union-attr]
    return chains, stages


def chains(scope: Scope, user: Any, limit: int = 200) -> dict[str, Any]:
    """Which chains of the scope are complete and where the others stall."""
    sets, stages = _chain_sets(scope)
    summary: dict[str, int] = defaultdict(int)
    described: list[dict[str, Any]] = []
    complete = 0
    for chain in sets:
        present = {stages[k] for k in chain}
        ordered = [s for s in CYCLE_STAGES if s in present]
        missing = [s for s in CYCLE_STAGES if s not in present]
        first = CYCLE_STAGES.index(ordered[0])
        stall = next((s for s in CYCLE_STAGES[first:] if s not in present), None)
        if not missing:
            complete += 1
        elif stall:
            summary[stall] += 1
        else:
            summary["before:" + ordered[0]] += 1
        root = min(chain, key=lambda k: (CYCLE_STAGES.index(stages[k]), k))
        described.append(
            {
                "root": root,
                "present": ordered,
                "missing": missing,
                "stall": stall,
                "size": len(chain),
            }
        )
    described.sort(key=lambda c: (-len(c["present"]), -c["size"], c["root"]))
    shown = described[:limit]
    _attach_roots(shown, user)
    stalls = []
    for stage in CYCLE_STAGES:
        if summary.get(stage):
            stalls.append({"stage": stage, "label": stage_label(stage), "count": summary[stage]})
    started_late = sum(v for k, v in summary.items() if k.startswith("before:"))
    return {
        "total": len(sets),
        "complete": complete,
        "stalls": stalls,
        "started_late": started_late,
        "chains": [
            {
                "root": c["root_record"],
                "present": [{"stage": s, "label": stage_label(s)} for s in c["present"]],
                "missing": [{"stage": s, "label": stage_label(s)} for s in c["missing"]],
                "stall": {"stage": c["stall"], "label": stage_label(c["stall"])}
                if c["stall"]
                else None,
                "size": c["size"],
                "complete": not c["missing"],
            }
            for c in shown
        ],
        "more": max(0, len(described) - limit),
        "stages": [{"stage": s, "label": stage_label(s)} for s in CYCLE_STAGES],
    }


def _attach_roots(chains: list[dict[str, Any]], user: Any) -> None:
    by_type: dict[int, set[int]] = defaultdict(set)
    for chain in chains:
        by_type[chain["root"][0]].add(chain["root"][1])
    found: dict[NodeKey, Model] = {}
    for ct_id, ids in by_type.items():
        model = ContentType.objects.get_for_id(ct_id).model_class()
        if model is None:
            continue
        for record in _visible(model._default_manager.filter(pk__in=ids), user):
            found[(ct_id, record.pk)] = record
    for chain in chains:
        record = found.get(chain["root"])
        chain["root_record"] = _describe(record) if record else None


def cycle_funnel(scope: Scope, period: Period) -> dict[str, Any]:
    """How far the questions of the period got through the cycle, by the stages of their chains."""
    question_kinds = [
        k
        for k in registry.knowledge_kinds()
        if (n := node_for(k.model)) and n.stage == "question" and k.cycle_root
    ]
    if not question_kinds:
        return {"available": False, "steps": []}
    stages, edges, _hubs = _cycle_graph()
    components = _components(set(stages), edges)
    component_of: dict[NodeKey, set[NodeKey]] = {}
    for component in components:
        for key in component:
            component_of[key] = component
    reached: dict[str, int] = defaultdict(int)
    total = 0
    for kind in question_kinds:
        ct_id = ContentType.objects.get_for_model(kind.model).pk
        for pk in kind.records(scope, period).values_list("pk", flat=True):
            total += 1
            chain = component_of.get((ct_id, pk), {(ct_id, pk)})
            for stage in {stages.get(k, "question") for k in chain}:
                reached[stage] += 1
    steps = [
        {"stage": s, "label": stage_label(s), "value": total if s == "question" else reached[s]}
        for s in CYCLE_STAGES
    ]
    return {"available": True, "total": total, "steps": steps}


def registered_stages() -> list[str]:
    """The cycle stages that some installed app registers records for."""
    present = {n.stage for n in nodes()}
    return [s for s in CYCLE_STAGES if s in present]


def _stages_by_record() -> dict[NodeKey, set[str]]:
    """For every linked record, the cycle stages present in its chain."""
    stages, edges, _hubs = _cycle_graph()
    result: dict[NodeKey, set[str]] = {}
    for component in _components(set(stages), edges):
        present = {stages[k] for k in component}
        for key in component:
            result[key] = present
    return result


def reaching_stage(
    model: type[Model], ids: set[int], stage: str, scope: Scope | None = None
) -> set[int]:
    """Which of these records of `model` have, in their chain, a record at `stage`.

    With a scope, the chains are traced once per scope (the funnel asks for several stages).
    """
    if not ids:
        return set()
    chains = (
        scope.memo("insight.cycle.stages_by_record", _stages_by_record)
        if scope is not None
        else _stages_by_record()
    )
    ct_id = ContentType.objects.get_for_model(model).pk
    return {pk for pk in ids if stage in chains.get((ct_id, pk), ())}
