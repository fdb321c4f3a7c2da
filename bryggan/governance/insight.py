"""What governance contributes to Insight (found by InsightConfig.ready()).

Meetings held and decisions taken by the partnership's bodies (steering and reference groups,
networks, political forums), and the base funding its parties pay. Bodies belong to a partnership,
so these figures are given for partnerships only.
"""

from __future__ import annotations

import calendar
from datetime import date
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bryggan.governance.models import BaseFunding, Decision, Meeting
from bryggan.insight.counting import per_period, window
from bryggan.insight.periods import Period
from bryggan.insight.registry import register_figure
from bryggan.insight.scopes import Scope


def meetings_in(scope: Scope) -> Any:
    """Meetings of the partnership's bodies that took place (not cancelled, already started)."""
    return Meeting.objects.filter(body__partnership=scope.obj, start__lt=timezone.now()).exclude(
        status=Meeting.Status.CANCELLED
    )


def decisions_in(scope: Scope) -> Any:
    return Decision.objects.filter(body__partnership=scope.obj)


def _meetings(scope: Scope, periods: list[Period]) -> list[int]:
    return per_period(meetings_in(scope), "start", periods, moment=True)


def _decisions(scope: Scope, periods: list[Period]) -> list[int]:
    return per_period(decisions_in(scope), "decided_on", periods)


def _share_of_year(year: int, period: Period) -> float:
    first, after = date(year, 1, 1), date(year + 1, 1, 1)
    overlap = (min(after, period.end) - max(first, period.start)).days
    return max(overlap, 0) / (366 if calendar.isleap(year) else 365)


def _base_funding(scope: Scope, periods: list[Period]) -> list[int]:
    span = window(periods)
    rows = BaseFunding.objects.filter(
        party__partnership=scope.obj, year__gte=span.start.year, year__lte=span.last_day.year
    ).values_list("year", "amount")
    return [round(sum(amount * _share_of_year(year, p) for year, amount in rows)) for p in periods]


def register() -> None:
    register_figure(
        "governance.meetings_held",
        label=_("Meetings of steering and reference groups"),
        group="governance",
        unit="count",
        compute=lambda scope, period: _meetings(scope, [period])[0],
        series=_meetings,
        records=lambda scope, period, user: (
            meetings_in(scope)
            .filter(start__gte=period.start_at, start__lt=period.end_at)
            .visible_to(user)
            .order_by("start", "pk")
        ),
        description=_("Meetings of the partnership's bodies held in the period (not cancelled)."),
        scopes={"partnership"},
        order=10,
    )
    register_figure(
        "governance.decisions",
        label=_("Decisions taken"),
        group="governance",
        unit="count",
        compute=lambda scope, period: _decisions(scope, [period])[0],
        series=_decisions,
        records=lambda scope, period, user: (
            decisions_in(scope)
            .filter(decided_on__gte=period.start, decided_on__lt=period.end)
            .visible_to(user)
            .order_by("decided_on", "pk")
        ),
        description=_("Decisions of the partnership's bodies taken in the period."),
        scopes={"partnership"},
        order=11,
    )
    register_figure(
        "governance.base_funding",
        label=_("Base funding from the parties"),
        group="governance",
        unit="sek",
        compute=lambda scope, period: _base_funding(scope, [period])[0],
        series=_base_funding,
        description=_(
            "What the parties pay in base funding for the years of the period; a year's amount "
            "is spread evenly over the year, so a calendar year shows it whole."
        ),
        scopes={"partnership"},
        order=20,
    )


register()
