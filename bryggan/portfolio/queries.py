"""Reads that combine portfolio records: figures, totals, the cycle path and the governance overview.

Every function takes the user whose view it serves and returns only what that user may see.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.utils import timezone

from bryggan.arenas.models import Event
from bryggan.core import access
from bryggan.cycle.queries import reachable
from bryggan.cycle.registry import STAGES, node_for
from bryggan.lib.periods import days_in_year, year_length
from bryggan.people.models import Organisation
from bryggan.portfolio.models import (
    EducationActivity,
    Funding,
    Milestone,
    Participation,
    PhdStudent,
    Project,
    ProjectQuerySet,
    StaffLoan,
    term_label,
)

CYCLE_STAGES = ["question", "evidence", "project", "followup", "arena", "dissemination", "action"]
CYCLE_STAGES += ["result"]


def audience_key(user: Any) -> str:
    """Name the set of projects a user may see, so users who see the same list share its HTML.

    Platform staff see everything; partnership staff see public and internal projects; everyone
    else sees public ones. Anyone also sees the restricted projects they take part in, so those
    ids are part of the key (one small query).
    """
    if access.is_platform_staff(user):
        return "all"
    tier = "staff" if access.is_partnership_staff(user) else "public"
    if not user.is_authenticated:
        return tier
    own = sorted(
        Participation.objects.filter(
            person__user=user, archived=False, project__visibility="restricted"
        ).values_list("project_id", flat=True)
    )
    if not own:
        return tier
    return f"{tier}-" + hashlib.sha256(",".join(map(str, own)).encode()).hexdigest()[:16]


def visible_projects(user: Any) -> ProjectQuerySet:
    return Project.objects.visible_to(user)  # type: ignore[return-value]


def _leaders() -> Prefetch:
    return Prefetch(
        "participations",
        queryset=Participation.objects.filter(
            archived=False, role=Participation.Role.PROJECT_LEADER
        ).select_related("person"),
        to_attr="leaders",
    )


def _granted() -> Prefetch:
    return Prefetch(
        "fundings",
        queryset=Funding.objects.filter(archived=False).select_related("funder"),
        to_attr="active_fundings",
    )


def with_list_data(projects: QuerySet[Project]) -> QuerySet[Project]:
    """Load what a row of a project list shows, in a fixed number of queries."""
    return projects.select_related("partnership").prefetch_related(
        "priority_areas", _granted(), _leaders()
    )


def annotate_rows(projects: Iterable[Project], user: Any) -> list[Project]:
    """Give each project its funders' names and the leaders the user may see (no queries)."""
    rows = list(projects)
    for project in rows:
        fundings = getattr(project, "active_fundings", [])
        project.funder_names = sorted({f.funder.name for f in fundings})  # type: ignore[attr-defined]
        project.visible_leaders = access.filter_visible(  # type: ignore[attr-defined]
            [p.person for p in getattr(project, "leaders", [])], user
        )
    return rows


def current_projects(partnership: Any, user: Any, on: date | None = None) -> list[Project]:
    """Ongoing projects of a partnership that the user may see, with leaders and funders loaded.

    This is what the partnership overview in governance shows under "current projects".
    """
    projects = with_list_data(
        Project.objects.current(on).filter(partnership=partnership).visible_to(user)
    ).order_by("end", "title")
    return annotate_rows(projects, user)


def _overview_day(year: int | None) -> date:
    """The day an overview of a year looks at: today in the current year, else the year's end."""
    today = timezone.localdate()
    return today if year is None else min(today, date(year, 12, 31))


def partnership_figures(partnership: Any, user: Any, year: int | None = None) -> dict[str, Any]:
    """Key portfolio figures of a partnership for one year (for the governance overview).

    "Ongoing" counts the projects the overview lists: ongoing, with a period that holds the day
    the overview looks at, so that the figure and the list never disagree.
    """
    year = year or timezone.localdate().year
    projects = Project.objects.active().filter(partnership=partnership).visible_to(user)
    ongoing = Project.objects.current(_overview_day(year)).filter(partnership=partnership)
    by_status = dict(
        projects.order_by().values_list("status").annotate(n=Count("pk")).values_list("status", "n")
    )
    granted = Funding.objects.filter(
        project__in=projects, archived=False, status=Funding.Status.GRANTED, year=year
    ).aggregate(total=Sum("amount"))["total"] or Decimal(0)
    loans = loan_totals(user, years=[year], projects=projects)
    phd = PhdStudent.objects.active().filter(project__in=projects).visible_to(user)
    return {
        "year": year,
        "ongoing": ongoing.visible_to(user).count(),
        "applications": by_status.get(Project.Status.APPLICATION, 0),
        "completed": by_status.get(Project.Status.COMPLETED, 0),
        "granted_funding": granted,
        "staff_on_loan_fte": loans["year_totals"].get(year, {}).get("fte", Decimal(0)),
        "phd_students": phd.count(),
    }


def partnership_section(partnership: Any, user: Any, year: int) -> dict[str, Any]:
    """The "current projects" section of the partnership overview in governance."""
    projects = current_projects(partnership, user, on=_overview_day(year))
    return {
        "partnership": partnership,
        "projects": projects,
        "figures": partnership_figures(partnership, user, year),
    }


# ---- a project's page -----------------------------------------------------------------------


def funding_summary(fundings: list[Funding]) -> dict[str, Any]:
    """Totals of a project's funding: per year (granted) and per status."""
    per_year: dict[int, Decimal] = defaultdict(Decimal)
    per_status: dict[str, Decimal] = defaultdict(Decimal)
    for funding in fundings:
        per_status[funding.status] += funding.amount
        if funding.status == Funding.Status.GRANTED:
            per_year[funding.year] += funding.amount
    return {
        "per_year": sorted(per_year.items()),
        "granted": per_status.get(Funding.Status.GRANTED, Decimal(0)),
        "applied": per_status.get(Funding.Status.APPLIED, Decimal(0)),
        "declined": per_status.get(Funding.Status.DECLINED, Decimal(0)),
    }


def cycle_path(project: Project, user: Any, events: list[Event]) -> dict[str, Any]:
    """The project's place in the knowledge cycle, walked once for the whole page.

    `links` are the records linked directly (grouped by stage, as the cycle's own links box shows
    them); `path` is every stage of the cycle with what is reachable within three steps. Events
    of the learning arenas that are outputs of the project count as direct links.
    """
    by_stage: dict[str, list[tuple[int, Any]]] = defaultdict(list)
    for distance, record in reachable(project, user, max_depth=3):
        node = node_for(record)
        if node is not None:
            by_stage[node.stage].append((distance, record))
    links = [
        {"label": STAGES[stage], "records": sorted((r for d, r in found if d == 1), key=str)}
        for stage, found in sorted(by_stage.items(), key=lambda item: list(STAGES).index(item[0]))
        if any(d == 1 for d, _r in found)
    ]
    for event in events:
        by_stage["arena"].append((1, event))
    path = [
        {
            "stage": stage,
            "label": STAGES[stage],
            "records": sorted(by_stage.get(stage, []), key=lambda pair: (pair[0], str(pair[1]))),
            "here": stage == "project",
        }
        for stage in CYCLE_STAGES
    ]
    return {"links": links, "path": path}


# ---- staff on loan --------------------------------------------------------------------------


def loan_totals(
    user: Any,
    *,
    years: list[int] | None = None,
    projects: QuerySet[Project] | None = None,
    municipality: Organisation | None = None,
) -> dict[str, Any]:
    """Full-time equivalents lent per municipality and year (share × part of the year covered)."""
    loans = StaffLoan.objects.filter(
        archived=False, project__in=projects if projects is not None else visible_projects(user)
    )
    if municipality is not None:
        loans = loans.filter(municipality=municipality)
    if years:
        loans = loans.filter(start__year__lte=max(years), end__year__gte=min(years))
    rows = loans.values_list("municipality_id", "person_id", "start", "end", "share")
    cells: dict[int, dict[int, dict[str, Any]]] = defaultdict(dict)
    found_years: set[int] = set()
    for municipality_id, person_id, start, end, share in rows:
        for year in range(start.year, end.year + 1):
            if years and year not in years:
                continue
            days = days_in_year(start, end, year)
            cell = cells[municipality_id].setdefault(year, {"fte": Decimal(0), "people": set()})
            cell["fte"] += Decimal(share * days) / Decimal(100 * year_length(year))
            cell["people"].add(person_id)
            found_years.add(year)
    shown_years = sorted(set(years) if years else found_years)
    municipalities = Organisation.objects.in_bulk(list(cells))
    table: list[dict[str, Any]] = []
    year_totals: dict[int, dict[str, Any]] = {
        y: {"fte": Decimal(0), "people": set()} for y in shown_years
    }
    for municipality_id, by_year in cells.items():
        row_cells = []
        for year in shown_years:
            found = by_year.get(year)
            if found:
                year_totals[year]["fte"] += found["fte"]
                year_totals[year]["people"] |= found["people"]
            row_cells.append(
                {
                    "year": year,
                    "fte": round(found["fte"], 2) if found else None,
                    "people": len(found["people"]) if found else 0,
                }
            )
        table.append({"municipality": municipalities[municipality_id], "cells": row_cells})
    table.sort(key=lambda row: row["municipality"].name)
    return {
        "years": shown_years,
        "rows": table,
        "year_totals": {
            y: {"fte": round(t["fte"], 2), "people": len(t["people"])}
            for y, t in year_totals.items()
        },
    }


# ---- PhD students ---------------------------------------------------------------------------


def milestone_table(students: list[PhdStudent]) -> None:
    """Give each student `steps` (milestones in order) and `next_step` (no queries; prefetch first)."""
    for student in students:
        by_kind = {m.kind: m for m in student.milestones.all()}
        steps = [by_kind.get(kind) for kind in Milestone.ORDER]
        student.steps = steps  # type: ignore[attr-defined]
        student.next_step = next(  # type: ignore[attr-defined]
            (m for m in steps if m is not None and m.actual is None), None
        )
        defence = by_kind.get(Milestone.Kind.DEFENCE)
        student.defended = bool(defence and defence.actual)  # type: ignore[attr-defined]


def phd_students(user: Any) -> list[PhdStudent]:
    students = list(
        PhdStudent.objects.active()
        .visible_to(user)
        .select_related("person", "research_school", "university", "employer")
        .prefetch_related("milestones", "supervisions__person")
    )
    milestone_table(students)
    return students


def research_schools(user: Any) -> list[dict[str, Any]]:
    """PhD students grouped by research school (or by university when there is none)."""
    groups: dict[int, dict[str, Any]] = {}
    for student in phd_students(user):
        school = student.research_school or student.university
        group = groups.setdefault(
            school.pk, {"school": school, "students": [], "defended": 0, "retained": 0}
        )
        group["students"].append(student)
        if student.defended:  # type: ignore[attr-defined]
            group["defended"] += 1
            group["retained"] += int(student.is_retained)
    return sorted(groups.values(), key=lambda g: g["school"].name)


def retention(user: Any) -> dict[str, Any]:
    """Research-trained staff: of the practitioner PhD students who defended, how many stayed."""
    defended = [s for s in phd_students(user) if s.defended]  # type: ignore[attr-defined]
    retained = [s for s in defended if s.is_retained]
    by_outcome: dict[str, int] = defaultdict(int)
    for student in defended:
        by_outcome[student.after_defence] += 1
    return {
        "defended": defended,
        "retained": retained,
        "rate": round(100 * len(retained) / len(defended)) if defended else None,
        "by_outcome": [
            {"label": label, "count": by_outcome.get(value, 0)}
            for value, label in PhdStudent.AfterDefence.choices
        ],
    }


# ---- collaboration with education -----------------------------------------------------------


EDU_KINDS = list(EducationActivity.Kind)


def education_counts(activities: QuerySet[EducationActivity]) -> dict[str, Any]:
    """Counts per unit and term for each kind of collaboration, with teaching hours and totals."""
    grouped = (
        activities.order_by()
        .values("unit_id", "year", "season", "kind")
        .annotate(n=Count("pk"), hours=Sum("hours"))
    )
    terms: set[tuple[int, int]] = set()
    cells: dict[int, dict[tuple[int, int], dict[str, Any]]] = defaultdict(dict)
    totals: dict[tuple[int, int], dict[str, Any]] = {}
    for row in grouped:
        term = (row["year"], row["season"])
        terms.add(term)
        for target in (
            cells[row["unit_id"]].setdefault(term, _empty_cell()),
            totals.setdefault(term, _empty_cell()),
        ):
            target[row["kind"]] += row["n"]
            if row["kind"] == EducationActivity.Kind.TEACHING:
                target["hours"] += row["hours"] or Decimal(0)
    ordered_terms = sorted(terms)
    units = Organisation.objects.in_bulk(list(cells))
    rows: list[dict[str, Any]] = [
        {
            "unit": units[unit_id],
            "cells": [by_term.get(term, _empty_cell()) for term in ordered_terms],
        }
        for unit_id, by_term in cells.items()
    ]
    rows.sort(key=lambda r: r["unit"].name)
    return {
        "terms": [{"year": y, "season": s, "label": term_label(y, s)} for y, s in ordered_terms],
        "rows": rows,
        "totals": [totals.get(term, _empty_cell()) for term in ordered_terms],
        "kinds": EducationActivity.Kind.choices,
    }


def _empty_cell() -> dict[str, Any]:
    cell: dict[str, Any] = {kind.value: 0 for kind in EDU_KINDS}
    cell["hours"] = Decimal(0)
    return cell


def project_filter(
    projects: QuerySet[Project],
    *,
    status: str = "",
    kind: str = "",
    area: Any = None,
    funder: Any = None,
    partnership: Any = None,
    q: str = "",
) -> QuerySet[Project]:
    """Filter a project list; the funder filter uses a subquery so no project is listed twice."""
    if status:
        projects = projects.filter(status=status)
    if kind:
        projects = projects.filter(kind=kind)
    if area is not None:
        projects = projects.filter(
            pk__in=Project.priority_areas.through.objects.filter(priorityarea=area).values(
                "project"
            )
        )
    if funder is not None:
        projects = projects.filter(
            pk__in=Funding.objects.filter(funder=funder, archived=False).values("project")
        )
    if partnership is not None:
        projects = projects.filter(partnership=partnership)
    if q:
        projects = projects.filter(Q(title__icontains=q) | Q(short_title__icontains=q))
    return projects
