"""Build the content of an annual activity report: one plain-data snapshot for HTML, PDF and API.

`build_snapshot` computes everything from the data (a draft shows it live); publishing stores the
result in ActivityReport.snapshot. Only what the public may see is named in a report: records are
listed when they are public, everything else is counted.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from bryggan.cycle.queries import _visible
from bryggan.governance.models import Partnership, Party
from bryggan.insight import cycle, registry
from bryggan.insight.figures import (
    both,
    figure_rows,
    format_value,
    funnel,
    gap_map,
    group_rows,
    is_empty,
    reach,
    suppress_value,
    suppression_minimum,
    trends,
)
from bryggan.insight.models import ActivityPlan, ActivityReport, PlannedItem, Status
from bryggan.insight.periods import Period
from bryggan.insight.scopes import OrgTree, Scope, partnership_scope

SNAPSHOT_VERSION = 1
RECORDS_PER_KIND = 5
# The party table splits these figures over the parties (when registered with a breakdown).
PARTY_FIGURES = (
    "arenas.sessions_held",
    "arenas.attendance",
    "arenas.people_reached",
    "arenas.units_reached",
    "arenas.actions_decided",
    "arenas.actions_done",
    "people.research_trained",
)
# The second table of the parties: questions, projects, follow-up and education at each party.
PARTY_FIGURES_MORE = (
    "questions.received",
    "portfolio.projects_running",
    "followup.units_reporting",
    "portfolio.field_placements",
    "portfolio.teaching",
    "portfolio.doctors_retained",
)


def _name(obj: Any) -> dict[str, str]:
    return {"sv": obj.name_sv, "en": obj.name_en or obj.name_sv}


def _public_titles(kind: registry.KnowledgeKind, records: Any) -> list[dict[str, str]]:
    """Up to a few records of a kind that anyone may see (with their links)."""
    visible = _visible(records, AnonymousUser())
    result = []
    for record in visible[:RECORDS_PER_KIND]:
        day = cycle.record_date(record)
        result.append(
            {
                "title": str(record),
                "url": cycle.record_url(record),
                "date": day.isoformat() if day else "",
            }
        )
    return result


def _areas(scope: Any, period: Period, gap: dict[str, Any], texts: dict[int, str]) -> list:
    from bryggan.taxonomy.models import PriorityArea

    areas = {a.slug: a for a in PriorityArea.objects.filter(pk__in=scope.area_ids)}
    kinds = {k.key: k for k in registry.knowledge_kinds()}
    result = []
    for row in gap["rows"]:
        area = areas[row["area"]]
        counts = []
        for cell, kind_info in zip(row["cells"], gap["kinds"], strict=True):
            kind = kinds[kind_info["key"]]
            records = kind.records(scope, period).filter(**{kind.area_path: area}).distinct()
            counts.append(
                {
                    "kind": kind.key,
                    "label": kind_info["label"],
                    "value": cell["value"],
                    "examples": _public_titles(kind, records) if cell["value"] else [],
                }
            )
        result.append(
            {
                "area": area.slug,
                "name": row["name"],
                "text": texts.get(area.pk, ""),
                "counts": counts,
                "total": sum(c["value"] for c in counts),
            }
        )
    return result


def _parties(
    scope: Scope, partnership: Partnership, period: Period, texts: dict[int, str]
) -> list[dict[str, Any]]:
    """Each party with the partnership's figures split over the parties (one pass per figure).

    A figure's breakdown gives (thing counted, organisation) pairs; each organisation belongs to the
    nearest party at or above it, and each thing is counted once per party.
    """
    tree = scope.tree
    parties = list(
        partnership.parties.select_related("organisation").order_by("organisation__name_sv")
    )
    party_orgs = {p.organisation_id for p in parties}
    owner: dict[int | None, int | None] = {None: None}

    def party_of(org_id: int | None) -> int | None:
        if org_id not in owner:
            owner[org_id] = next(
                (a for a in tree.ancestors(org_id) if a in party_orgs),  # type: ignore[arg-type]
                None,
            )
        return owner[org_id]

    def columns_of(keys: tuple[str, ...]) -> list[tuple[Any, dict[int, set[Any]]]]:
        columns = []
        for key in keys:
            figure = registry.figure(key)
            if figure is None or figure.breakdown is None or not figure.applies_to(scope):
                continue
            counted: dict[int, set[Any]] = defaultdict(set)
            for thing, org_id in figure.breakdown(scope, period):
                owner_id = party_of(org_id)
                if owner_id is not None:
                    counted[owner_id].add(thing)
            columns.append((figure, counted))
        return columns

    def cells(party: Party, columns: list[tuple[Any, dict[int, set[Any]]]]) -> list[dict]:
        figures = []
        for figure, counted in columns:
            shown = suppress_value(
                len(counted.get(party.organisation_id, ())),
                concerns_clients=figure.concerns_clients,
            )
            figures.append(
                {
                    "key": figure.key,
                    "label": both(figure.label),
                    "value": shown,
                    "text": format_value(shown, figure.unit),
                }
            )
        return figures

    main, more = columns_of(PARTY_FIGURES), columns_of(PARTY_FIGURES_MORE)
    result = []
    for party in parties:
        figures = cells(party, main)
        result.append(
            {
                "organisation": party.organisation.slug,
                "name": _name(party.organisation),
                "role": both(Party.Role(party.role).label),
                "mission": party.mission,
                "text": texts.get(party.organisation_id, ""),
                "figures": figures,
                "more": cells(party, more),
            }
        )
    return result


def _number(value: Any) -> float | None:
    if value is None or value == "..":
        return None
    return float(value)


def plan_comparison(plan: ActivityPlan | None, figures: list[dict[str, Any]]) -> dict | None:
    """The plan of the year against the outcome: goals measured by their figure, items by the coordinator."""
    if plan is None:
        return None
    by_key = {row["key"]: row for row in figures}
    goals = []
    for goal in plan.goals.select_related("area"):
        row = by_key.get(goal.indicator) if goal.indicator else None
        outcome = row["current"]["value"] if row else None
        target = float(goal.target) if goal.target is not None else None
        reached = None
        if target is not None and _number(outcome) is not None:
            reached = _number(outcome) >= target  # type: ignore[operator]
        goals.append(
            {
                "text": goal.text,
                "indicator": goal.indicator,
                "indicator_label": row["label"] if row else {},
                "target": target,
                "target_text": format_value(target, row["unit"] if row else "count")
                if target is not None
                else "–",
                "outcome": outcome,
                "outcome_text": row["current"]["text"] if row else "–",
                "reached": reached,
                "note": goal.outcome_note,
                "area": _name(goal.area) if goal.area else None,
            }
        )
    items = [
        {
            "kind": item.kind,
            "kind_label": both(PlannedItem.Kind(item.kind).label),
            "title": item.title,
            "when": item.when,
            "outcome": item.outcome,
            "outcome_label": both(PlannedItem.Outcome(item.outcome).label),
            "note": item.outcome_note,
            "area": _name(item.area) if item.area else None,
        }
        for item in plan.items.select_related("area")
    ]
    return {
        "year": plan.year,
        "goals": goals,
        "items": items,
        "goals_reached": sum(1 for g in goals if g["reached"]),
        "goals_measured": sum(1 for g in goals if g["reached"] is not None),
    }


def plan_summary(plan: ActivityPlan | None) -> dict[str, Any] | None:
    """The next year's plan as the report presents it."""
    if plan is None:
        return None
    kinds = []
    for kind in PlannedItem.Kind:
        items = [
            {
                "title": i.title,
                "description": i.description,
                "when": i.when,
                "area": _name(i.area) if i.area else None,
            }
            for i in plan.items.select_related("area")
            if i.kind == kind
        ]
        if items:
            kinds.append({"kind": kind.value, "label": both(kind.label), "items": items})
    goals = []
    for goal in plan.goals.all():
        figure = registry.figure(goal.indicator) if goal.indicator else None
        goals.append(
            {
                "text": goal.text,
                "indicator": goal.indicator,
                "indicator_label": both(figure.label) if figure else {},
                "target_text": format_value(
                    float(goal.target) if isinstance(goal.target, Decimal) else goal.target,
                    figure.unit if figure else "count",
                )
                if goal.target is not None
                else "–",
            }
        )
    return {
        "year": plan.year,
        "introduction": plan.introduction,
        "kinds": kinds,
        "goals": goals,
        "url": plan.get_absolute_url(),
    }


def _highlights(report: ActivityReport | None) -> list[dict[str, str]]:
    if report is None:
        return []
    result = []
    for highlight in report.highlights.all():
        record = highlight.record
        if (
            record is not None
            and not _visible(
                type(record)._default_manager.filter(pk=record.pk), AnonymousUser()
            ).exists()
        ):
            record = None  # only public records are named in a report
        result.append(
            {
                "title": highlight.title,
                "text": highlight.text,
                "record_title": str(record) if record else "",
                "record_url": cycle.record_url(record) if record else "",
            }
        )
    return result


def build_snapshot(
    partnership: Partnership, year: int, report: ActivityReport | None = None
) -> dict[str, Any]:
    """Compute the whole report for a partnership and year from the data as it is now."""
    period = Period.year(year)
    tree = OrgTree()
    scope = partnership_scope(partnership, tree)
    rows = figure_rows(scope, period)
    gap = gap_map(scope, period)
    sections = report.sections.all() if report else []
    area_texts = {s.area_id: s.text for s in sections if s.area_id}
    party_texts = {s.organisation_id: s.text for s in sections if s.organisation_id}
    plan = ActivityPlan.objects.filter(
        partnership=partnership, year=year, status=Status.PUBLISHED
    ).first()
    next_plan = ActivityPlan.objects.filter(
        partnership=partnership, year=year + 1, status=Status.PUBLISHED
    ).first()
    chains = cycle.chains(scope, AnonymousUser(), limit=0)
    return {
        "version": SNAPSHOT_VERSION,
        "generated_at": timezone.now().isoformat(),
        "partnership": {
            "slug": partnership.slug,
            "name": _name(partnership),
            "kind": both(Partnership.Kind(partnership.kind).label),
            "description": partnership.description,
        },
        "year": year,
        "period": {"start": period.start.isoformat(), "end": period.end.isoformat()},
        "suppression_minimum": suppression_minimum(),
        "introduction": report.introduction if report else "",
        "outlook": report.outlook if report else "",
        "narrative_language": report.narrative_language if report else "sv",
        "highlights": _highlights(report),
        "empty": is_empty(rows),
        "groups": group_rows(rows),
        "trends": trends(scope, period),
        "reach": reach(scope, period),
        "gap_map": gap,
        "funnel": funnel(scope, period),
        "cycle_funnel": cycle.cycle_funnel(scope, period),
        "chains": {k: chains[k] for k in ("total", "complete", "stalls", "started_late")},
        "areas": _areas(scope, period, gap, area_texts),
        "parties": _parties(scope, partnership, period, party_texts),
        "plan": plan_comparison(plan, rows),
        "next_plan": plan_summary(next_plan),
    }


def snapshot_of(report: ActivityReport) -> dict[str, Any]:
    """What a report shows: its frozen snapshot once published, else the live figures."""
    if report.is_published and report.snapshot.get("version") == SNAPSHOT_VERSION:
        return report.snapshot
    return build_snapshot(report.partnership, report.year, report)


def figure_table(snapshot: dict[str, Any]) -> list[dict[str, Any]]:
    """The figures of a snapshot as flat rows (the open data columns)."""
    rows = []
    for group in snapshot["groups"]:
        for row in group["rows"]:
            rows.append(
                {
                    "partnership": snapshot["partnership"]["slug"],
                    "partnership_name_sv": snapshot["partnership"]["name"]["sv"],
                    "partnership_name_en": snapshot["partnership"]["name"]["en"],
                    "year": snapshot["year"],
                    "period_start": snapshot["period"]["start"],
                    "period_end": snapshot["period"]["end"],
                    "figure": row["key"],
                    "label_sv": row["label"]["sv"],
                    "label_en": row["label"]["en"],
                    "group": row["group"],
                    "unit": row["unit"],
                    "value": None if row["current"]["suppressed"] else row["current"]["value"],
                    "suppressed": row["current"]["suppressed"],
                    "previous_year_value": None
                    if row["previous"]["suppressed"]
                    else row["previous"]["value"],
                    "previous_year_suppressed": row["previous"]["suppressed"],
                    "concerns_clients": row["concerns_clients"],
                }
            )
    return rows
