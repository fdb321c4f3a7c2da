"""What the R&D portfolio contributes to Insight (found by InsightConfig.ready()).

Projects by the status they reached in the period (from their status history), projects running,
funding secured, PhD students' milestones, doctors who stayed in social services, and the
collaboration with education (field placements, teaching). A project belongs to its partnership;
one without a partnership belongs to the scope of its organisations. A PhD student belongs to the
scope of their employer in social services (or of their project's partnership). Archived rows are
not counted.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable
from datetime import date
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from bryggan.insight.counting import organisations_of, per_period, window
from bryggan.insight.periods import Period
from bryggan.insight.registry import register_figure, register_knowledge_kind
from bryggan.insight.scopes import Scope
from bryggan.portfolio.models import (
    EducationActivity,
    Funding,
    Milestone,
    PhdStudent,
    Project,
    StatusChange,
)

S = Project.Status
E = EducationActivity.Kind


def _projects_scoped(queryset: QuerySet, scope: Scope) -> QuerySet:
    if scope.kind == "partnership":
        condition = Q(partnership=scope.obj) | Q(
            partnership__isnull=True, organisations__in=organisations_of(scope)
        )
    else:
        condition = Q(organisations__in=organisations_of(scope))
    return queryset.filter(pk__in=Project.objects.filter(condition).values("pk"))


def projects_in(scope: Scope) -> QuerySet:
    """The scope's projects and applications (not archived)."""
    return _projects_scoped(Project.objects.active(), scope)


def phd_students_in(scope: Scope) -> QuerySet:
    condition = Q(employer_id__in=organisations_of(scope))
    if scope.kind == "partnership":
        condition |= Q(project__partnership=scope.obj)
    return PhdStudent.objects.active().filter(condition)


def _single(series: Callable[[Scope, list[Period]], list[Any]]):
    return lambda scope, period: series(scope, [period])[0]


# ---- projects by status -----------------------------------------------------------------------


def _changes(scope: Scope, status: str) -> QuerySet:
    return StatusChange.objects.filter(project__in=projects_in(scope), status=status)


def _reached(status: str):
    def series(scope: Scope, periods: list[Period]) -> list[int]:
        # Count projects, not steps: a project that reached the status twice counts once.
        changes = _changes(scope, status)
        span = window(periods)
        rows = changes.filter(on__gte=span.start, on__lt=span.end).aggregate(
            **{
                f"p{n}": Count("project", distinct=True, filter=Q(on__gte=p.start, on__lt=p.end))
                for n, p in enumerate(periods)
            }
        )
        return [rows[f"p{n}"] for n in range(len(periods))]

    return series


def _reached_records(status: str):
    def records(scope: Scope, period: Period, user: Any) -> QuerySet:
        ids = _changes(scope, status).filter(on__gte=period.start, on__lt=period.end)
        return Project.objects.filter(pk__in=ids.values("project")).visible_to(user)

    return records


def _running_condition(period: Period) -> Q:
    return (Q(start__isnull=True) | Q(start__lt=period.end)) & (
        Q(end__isnull=True) | Q(end__gte=period.start)
    )


def _running_base(scope: Scope) -> QuerySet:
    """Projects that have been under way (ongoing now, or completed since)."""
    return projects_in(scope).filter(status__in=(S.ONGOING, S.COMPLETED))


def _running(scope: Scope, periods: list[Period]) -> list[int]:
    rows = _running_base(scope).aggregate(
        **{
            f"p{n}": Count("pk", distinct=True, filter=_running_condition(p))
            for n, p in enumerate(periods)
        }
    )
    return [rows[f"p{n}"] for n in range(len(periods))]


def _running_records(scope: Scope, period: Period, user: Any) -> QuerySet:
    ids = _running_base(scope).filter(_running_condition(period)).values("pk")
    return Project.objects.filter(pk__in=ids).visible_to(user)


def _running_by_organisation(scope: Scope, period: Period) -> list[tuple[Any, int | None]]:
    """(project, organisation) for every organisation of the projects running."""
    running = _running_base(scope).filter(_running_condition(period))
    return list(
        Project.organisations.through.objects.filter(project__in=running).values_list(
            "project_id", "organisation_id"
        )
    )


# ---- funding ----------------------------------------------------------------------------------


def _share_of_year(year: int, period: Period) -> float:
    """The share of a calendar year that lies in the period."""
    first, after = date(year, 1, 1), date(year + 1, 1, 1)
    overlap = (min(after, period.end) - max(first, period.start)).days
    return max(overlap, 0) / (366 if calendar.isleap(year) else 365)


def _grants(scope: Scope, periods: list[Period]) -> list[tuple[int, int, Any]]:
    span = window(periods)
    return list(
        Funding.objects.filter(
            project__in=projects_in(scope),
            status=Funding.Status.GRANTED,
            archived=False,
            year__gte=span.start.year,
            year__lte=span.last_day.year,
        ).values_list("pk", "year", "amount")
    )


def _funding(scope: Scope, periods: list[Period]) -> list[int]:
    rows = _grants(scope, periods)
    return [
        round(sum(float(amount) * _share_of_year(year, p) for _pk, year, amount in rows))
        for p in periods
    ]


def _funding_records(scope: Scope, period: Period, user: Any) -> QuerySet:
    ids = [pk for pk, year, _amount in _grants(scope, [period]) if _share_of_year(year, period)]
    return Project.objects.filter(fundings__in=ids).distinct().visible_to(user)


# ---- PhD students -----------------------------------------------------------------------------


def _milestones(scope: Scope, kind: str) -> QuerySet:
    return Milestone.objects.filter(phd_student__in=phd_students_in(scope), kind=kind)


def _milestone_series(kind: str):
    def series(scope: Scope, periods: list[Period]) -> list[int]:
        return per_period(_milestones(scope, kind), "actual", periods)

    return series


def _milestone_records(kind: str):
    def records(scope: Scope, period: Period, user: Any) -> QuerySet:
        held = _milestones(scope, kind).filter(actual__gte=period.start, actual__lt=period.end)
        return PhdStudent.objects.filter(pk__in=held.values("phd_student")).visible_to(user)

    return records


def _milestone_breakdown(kind: str):
    def pairs(scope: Scope, period: Period) -> list[tuple[Any, int | None]]:
        held = _milestones(scope, kind).filter(actual__gte=period.start, actual__lt=period.end)
        return list(held.values_list("phd_student_id", "phd_student__employer_id"))

    return pairs


def _doctors_retained(scope: Scope, period: Period) -> Any:
    """PhD students who had defended by the last day and stayed in (or combine) social services."""
    defended = Milestone.objects.filter(
        kind=Milestone.Kind.DEFENCE, actual__isnull=False, actual__lt=period.end
    )
    return phd_students_in(scope).filter(
        pk__in=defended.values("phd_student"), after_defence__in=PhdStudent.RETAINED
    )


# ---- collaboration with education -------------------------------------------------------------


def _term_start(year: int, season: int) -> date:
    return date(year, 1 if season == EducationActivity.Season.SPRING else 7, 1)


def _education_rows(scope: Scope) -> list[tuple[int, str, date, float, int]]:
    """(id, kind, first day of the term, hours, unit) of the scope's activities, once per scope."""

    def load() -> list[tuple[int, str, date, float, int]]:
        rows = EducationActivity.objects.active().filter(unit_id__in=organisations_of(scope))
        return [
            (pk, kind, _term_start(year, season), float(hours or 0), unit)
            for pk, kind, year, season, hours, unit in rows.values_list(
                "pk", "kind", "year", "season", "hours", "unit_id"
            )
        ]

    return scope.memo("portfolio.education", load)


def _education_in(
    scope: Scope, kind: str, period: Period
) -> list[tuple[int, str, date, float, int]]:
    return [
        row
        for row in _education_rows(scope)
        if row[1] == kind and period.start <= row[2] < period.end
    ]


def _education_count(kind: str):
    def series(scope: Scope, periods: list[Period]) -> list[int]:
        return [len(_education_in(scope, kind, p)) for p in periods]

    return series


def _teaching_hours(scope: Scope, periods: list[Period]) -> list[float]:
    return [sum(row[3] for row in _education_in(scope, E.TEACHING, p)) for p in periods]


def _education_records(kind: str):
    def records(scope: Scope, period: Period, user: Any) -> QuerySet:
        ids = [row[0] for row in _education_in(scope, kind, period)]
        return EducationActivity.objects.filter(pk__in=ids).select_related("unit")

    return records


def _education_breakdown(kind: str):
    def pairs(scope: Scope, period: Period) -> list[tuple[Any, int | None]]:
        return [(row[0], row[4]) for row in _education_in(scope, kind, period)]

    return pairs


def register() -> None:
    reached = [
        (
            S.APPLICATION,
            "applications",
            _("Applications submitted"),
            10,
            _("Projects and joint applications that became applications in the period."),
        ),
        (
            S.ONGOING,
            "projects_started",
            _("Projects started"),
            11,
            _("Projects whose status became ongoing in the period."),
        ),
        (
            S.COMPLETED,
            "projects_completed",
            _("Projects completed"),
            12,
            _("Projects whose status became completed in the period."),
        ),
        (
            S.NOT_FUNDED,
            "applications_not_funded",
            _("Applications not funded"),
            13,
            _("Applications that were marked as not funded in the period."),
        ),
    ]
    for status, name, label, order, description in reached:
        series = _reached(status)
        register_figure(
            f"portfolio.{name}",
            label=label,
            group="projects",
            unit="count",
            compute=_single(series),
            series=series,
            records=_reached_records(status),
            description=description,
            order=order,
        )
    register_figure(
        "portfolio.projects_running",
        label=_("Projects running"),
        group="projects",
        unit="count",
        compute=_single(_running),
        series=_running,
        records=_running_records,
        breakdown=_running_by_organisation,
        description=_(
            "Ongoing or completed projects whose period overlaps the period (a project without "
            "dates counts in every period)."
        ),
        order=5,
        trend_chart=False,
    )
    register_figure(
        "portfolio.funding_secured",
        label=_("External funding secured"),
        group="projects",
        unit="sek",
        compute=_single(_funding),
        series=_funding,
        records=_funding_records,
        description=_(
            "Granted funding of the projects for the years of the period; a year's amount is "
            "spread evenly over the year, so a calendar year shows it whole."
        ),
        order=20,
    )
    milestones = [
        (Milestone.Kind.START, "phd_started", _("PhD students who started"), 10),
        (Milestone.Kind.HALF_TIME, "phd_half_time", _("PhD half-time seminars held"), 11),
        (Milestone.Kind.FINAL_SEMINAR, "phd_final_seminars", _("PhD final seminars held"), 12),
        (Milestone.Kind.DEFENCE, "phd_defences", _("PhD defences"), 13),
    ]
    for kind, name, label, order in milestones:
        series = _milestone_series(kind)
        register_figure(
            f"portfolio.{name}",
            label=label,
            group="people",
            unit="people",
            compute=_single(series),
            series=series,
            records=_milestone_records(kind),
            breakdown=_milestone_breakdown(kind),
            description=_(
                "Practitioner PhD students of the scope who reached this milestone in the period "
                "(the date it was held)."
            ),
            order=20 + order,
        )
    register_figure(
        "portfolio.doctors_retained",
        label=_("PhD graduates who stayed in social services"),
        group="people",
        unit="people",
        compute=lambda scope, period: _doctors_retained(scope, period).count(),
        records=lambda scope, period, user: _doctors_retained(scope, period).visible_to(user),
        breakdown=lambda scope, period: list(
            _doctors_retained(scope, period).values_list("pk", "employer_id")
        ),
        description=_(
            "Practitioner PhD students who had defended their thesis by the last day of the "
            "period and stay in social services or combine it with academia."
        ),
        order=40,
    )
    education = [
        (E.FIELD_PLACEMENT, "field_placements", _("Field placements (VFU)"), 10),
        (E.TEACHING, "teaching", _("Staff teaching at university"), 20),
        (E.RESEARCHER_PLACEMENT, "researcher_placements", _("Researchers on placement"), 30),
        (E.MASTERS, "masters", _("Staff recruited to master's studies"), 40),
    ]
    for activity, name, label, order in education:
        series = _education_count(activity)
        register_figure(
            f"portfolio.{name}",
            label=label,
            group="education",
            unit="count",
            compute=_single(series),
            series=series,
            records=_education_records(activity),
            breakdown=_education_breakdown(activity),
            description=_(
                "Collaboration with education recorded for units of the scope, for the terms "
                "that start in the period (spring on 1 January, autumn on 1 July)."
            ),
            order=order,
        )
    register_figure(
        "portfolio.teaching_hours",
        label=_("Hours of teaching at university"),
        group="education",
        unit="hours",
        compute=_single(_teaching_hours),
        series=_teaching_hours,
        records=_education_records(E.TEACHING),
        description=_(
            "The hours recorded for staff teaching, for the terms that start in the period."
        ),
        order=21,
    )
    register_knowledge_kind(
        "portfolio.project",
        label=_("Projects"),
        model=Project,
        queryset=lambda: Project.objects.active().exclude(status__in=(S.IDEA, S.NOT_FUNDED)),
        in_scope=_projects_scoped,
        in_period=lambda queryset, period: queryset.filter(_running_condition(period)),
        order=30,
    )


register()
