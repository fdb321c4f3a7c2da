"""What questions from practice contribute to Insight (found by InsightConfig.ready()).

A question belongs to an organisation's scope through the unit it came from; to a partnership's
through a unit of its parties, or — when no unit was given — through one of its priority areas.
Merged questions are counted once, in the question they were merged into. Each step of a question
is dated by its history: the first evidence check, the first status "answered" or "partly
answered", the first "prioritised" and the first "research under way" (a project).
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable
from datetime import date
from typing import Any

from django.db.models import Min, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bryggan.insight.counting import median, organisations_of
from bryggan.insight.periods import Period
from bryggan.insight.registry import (
    register_figure,
    register_funnel_step,
    register_knowledge_kind,
    register_reach,
)
from bryggan.insight.scopes import Scope
from bryggan.questions.models import EvidenceCheck, Question, Status, StatusChange, Submission

ANSWERED = (Status.ANSWERED, Status.PARTLY_ANSWERED)


def _scoped(queryset: QuerySet, scope: Scope) -> QuerySet:
    condition = Q(unit_id__in=organisations_of(scope))
    if scope.kind == "partnership":
        condition |= Q(unit__isnull=True, priority_areas__in=scope.area_ids)
    return queryset.filter(pk__in=Question.objects.filter(condition).values("pk"))


def _first_change(statuses: tuple[str, ...]) -> Subquery:
    return Subquery(
        StatusChange.objects.filter(question=OuterRef("pk"), status__in=statuses)
        .order_by("changed_at", "pk")
        .values("changed_at")[:1]
    )


def questions_in(scope: Scope) -> QuerySet:
    """The scope's questions (merged ones left out) with the date of each step they reached."""
    return _scoped(Question.objects.current(), scope).annotate(
        first_check=Subquery(
            EvidenceCheck.objects.filter(question=OuterRef("pk"))
            .order_by("checked_at", "pk")
            .values("checked_at")[:1]
        ),
        first_answer=_first_change(ANSWERED),
        first_prioritised=_first_change((Status.PRIORITISED,)),
        first_project=_first_change((Status.IN_RESEARCH,)),
    )


STEPS = {
    "received": "created_at",
    "evidence_checked": "first_check",
    "answered": "first_answer",
    "prioritised": "first_prioritised",
    "to_projects": "first_project",
}
COLUMNS = ("pk", "created_at", "unit_id", *list(STEPS.values())[1:])
AT = {name: COLUMNS.index(name) for name in COLUMNS}


def _load_rows(scope: Scope) -> list[tuple[Any, ...]]:
    """Three grouped queries: the questions, the first of each status step, the first check."""
    questions = _scoped(Question.objects.current(), scope)
    ids = questions.values("pk")
    steps = {
        "first_answer": ANSWERED,
        "first_prioritised": (Status.PRIORITISED,),
        "first_project": (Status.IN_RESEARCH,),
    }
    changes = {
        row[0]: row[1:]
        for row in StatusChange.objects.filter(
            question__in=ids, status__in=[s for statuses in steps.values() for s in statuses]
        )
        .values("question")
        .annotate(
            **{
                name: Min("changed_at", filter=Q(status__in=statuses))
                for name, statuses in steps.items()
            }
        )
        .values_list("question", *steps)
        .order_by()
    }
    checks = dict(
        EvidenceCheck.objects.filter(question__in=ids)
        .values("question")
        .annotate(first=Min("checked_at"))
        .values_list("question", "first")
        .order_by()
    )
    none = (None,) * len(steps)
    return [
        (pk, created, unit, checks.get(pk), *changes.get(pk, none))
        for pk, created, unit in questions.values_list("pk", "created_at", "unit_id").order_by()
    ]


def _rows(scope: Scope) -> list[tuple[Any, ...]]:
    """The scope's questions with the moment of each step (COLUMNS), loaded once per scope.

    Every figure, funnel step and breakdown of the questions is counted from these rows, so a
    dashboard or a report asks the database three times for all of them.
    """
    return scope.memo("questions.rows", lambda: _load_rows(scope))


def _moments(scope: Scope, field: str) -> list[Any]:
    """The moments one step was reached (sorted), for counting periods by bisection."""

    def load() -> list[Any]:
        at = AT[field]
        return sorted(row[at] for row in _rows(scope) if row[at] is not None)

    return scope.memo(f"questions.moments.{field}", load)


def _count_between(moments: list[Any], period: Period) -> int:
    return bisect_left(moments, period.end_at) - bisect_left(moments, period.start_at)


def _series(field: str):
    def series(scope: Scope, periods: list[Period]) -> list[int]:
        moments = _moments(scope, field)
        return [_count_between(moments, p) for p in periods]

    return series


def _records(field: str):
    def records(scope: Scope, period: Period, user: Any) -> QuerySet:
        lo, hi = period.start_at, period.end_at
        ids = questions_in(scope).filter(**{f"{field}__gte": lo, f"{field}__lt": hi}).values("pk")
        return Question.objects.filter(pk__in=ids).visible_to(user).order_by("created_at", "pk")

    return records


def _cohort(scope: Scope, period: Period) -> list[tuple[Any, ...]]:
    """The rows of the questions received in the period (once per scope and period)."""

    def load() -> list[tuple[Any, ...]]:
        lo, hi = period.start_at, period.end_at
        return [row for row in _rows(scope) if lo <= row[1] < hi]

    return scope.memo(f"questions.cohort.{period.start}.{period.end}", load)


def _received_by_unit(scope: Scope, period: Period) -> list[tuple[Any, int | None]]:
    """(question, unit it came from): how the questions received split over the parties."""
    return [(row[0], row[2]) for row in _cohort(scope, period)]


def _askers(scope: Scope, period: Period) -> list[tuple[int, int | None]]:
    """(person who asked, the unit they asked from) for the questions asked in the period."""
    asked = Submission.objects.filter(
        question__in=_scoped(Question.objects.all(), scope),
        created_at__gte=period.start_at,
        created_at__lt=period.end_at,
        user__isnull=False,
    )
    return list(asked.values_list("user_id", "unit_id").distinct())


def _answer_days(scope: Scope) -> tuple[list[date], list[int]]:
    """For every answered question, sorted by the day (local time) of its first answer: that day
    and the days it took from the question being received (once per scope)."""

    def load() -> tuple[list[date], list[int]]:
        tz = timezone.get_current_timezone()
        answered, asked = AT["first_answer"], AT["created_at"]
        pairs = sorted(
            (row[answered].astimezone(tz).date(), row[asked].astimezone(tz).date())
            for row in _rows(scope)
            if row[answered] is not None
        )
        return [day for day, _asked in pairs], [(day - start).days for day, start in pairs]

    return scope.memo("questions.answer_days", load)


def _days_to_answer(scope: Scope, periods: list[Period]) -> list[Any]:
    days, durations = _answer_days(scope)
    return [
        median(durations[bisect_left(days, p.start) : bisect_left(days, p.end)]) for p in periods
    ]


def _single(series):
    return lambda scope, period: series(scope, [period])[0]


# ---- the funnel: where the questions received in the period stand today ---------------------


def _cohort_ids(scope: Scope, period: Period, reached: tuple[str, ...]) -> set[int]:
    """The questions received in the period that reached any of the steps (all without steps)."""
    at = [AT[field] for field in reached]
    return {
        row[0] for row in _cohort(scope, period) if not at or any(row[i] is not None for i in at)
    }


def _reaching(stage: str):
    """Questions of the cohort whose knowledge-cycle chain reaches a record at `stage`."""

    def ids(scope: Scope, period: Period) -> set[int]:
        from bryggan.insight.cycle import reaching_stage

        return reaching_stage(Question, _cohort_ids(scope, period, ()), stage, scope)

    return ids


FUNNEL = [
    ("questions.received", _("Received"), 10, ()),
    ("questions.evidence_checked", _("Evidence checked"), 20, ("first_check",)),
    (
        "questions.answered_or_prioritised",
        _("Answered or prioritised"),
        30,
        ("first_answer", "first_prioritised"),
    ),
    ("questions.to_project", _("Became a project"), 40, ("first_project",)),
]


def _step(reached: tuple[str, ...]):
    def ids(scope: Scope, period: Period) -> set[int]:
        return _cohort_ids(scope, period, reached)

    return ids


def _counter(ids_of: Callable[[Scope, Period], set[int]]) -> Callable[[Scope, Period], int]:
    return lambda scope, period: len(ids_of(scope, period))


def _step_records(ids_of):
    def records(scope: Scope, period: Period, user: Any) -> QuerySet:
        return (
            Question.objects.filter(pk__in=ids_of(scope, period))
            .visible_to(user)
            .order_by("created_at", "pk")
        )

    return records


def register() -> None:
    figures = [
        (
            "received",
            _("Questions from practice received"),
            10,
            True,
            _("Questions registered in the period (a merged question counts once)."),
        ),
        (
            "evidence_checked",
            _("Questions whose evidence was checked"),
            11,
            False,
            _("Questions whose first evidence check was made in the period."),
        ),
        (
            "answered",
            _("Questions answered"),
            12,
            True,
            _(
                "Questions answered or partly answered by existing evidence for the first time in the period."
            ),
        ),
        (
            "prioritised",
            _("Questions prioritised"),
            13,
            False,
            _("Questions that were prioritised (in a Top 10) in the period."),
        ),
        (
            "to_projects",
            _("Questions that became projects"),
            14,
            False,
            _("Questions that became research or development under way in the period."),
        ),
    ]
    for name, label, order, chart, description in figures:
        series = _series(STEPS[name])
        register_figure(
            f"questions.{name}",
            label=label,
            group="questions",
            unit="count",
            compute=_single(series),
            series=series,
            records=_records(STEPS[name]),
            breakdown=_received_by_unit if name == "received" else None,
            description=description,
            order=order,
            trend_chart=chart,
        )
    register_figure(
        "questions.days_to_answer",
        label=_("Days from question to answer (median)"),
        group="questions",
        unit="days",
        compute=_single(_days_to_answer),
        series=_days_to_answer,
        records=_records("first_answer"),
        description=_(
            "For the questions answered in the period: the median number of days from the "
            "question being received to its first answer."
        ),
        order=15,
    )
    for key, label, order, reached in FUNNEL:
        ids_of = _step(reached)
        register_funnel_step(
            key,
            label=label,
            order=order,
            count=_counter(ids_of),
            records=_step_records(ids_of),
        )
    for key, label, order, stage in (
        ("questions.followed_up", _("Followed up"), 50, "followup"),
        ("questions.disseminated", _("Disseminated"), 60, "dissemination"),
    ):
        ids_of = _reaching(stage)
        register_funnel_step(
            key,
            label=label,
            order=order,
            count=_counter(ids_of),
            records=_step_records(ids_of),
        )
    register_reach(
        "questions.askers",
        label=_("Staff who asked questions from practice"),
        pairs=_askers,
        order=20,
    )
    # All questions start chains in the knowledge cycle; the map shows the open ones.
    register_knowledge_kind(
        "questions.question",
        label=_("Questions from practice"),
        model=Question,
        queryset=lambda: Question.objects.current(),
        date_field="created_at",
        in_scope=_scoped,
        order=5,
        on_map=False,
    )
    register_knowledge_kind(
        "questions.open",
        label=_("Open questions"),
        model=Question,
        queryset=lambda: Question.objects.open(),
        date_field="created_at",
        in_scope=_scoped,
        order=50,
        cycle_root=False,
    )


register()
