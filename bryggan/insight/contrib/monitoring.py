"""What external monitoring contributes to Insight: new research matched to the scope's areas."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from bryggan.insight.counting import per_period
from bryggan.insight.periods import Period
from bryggan.insight.registry import register_figure, register_knowledge_kind
from bryggan.insight.scopes import Scope
from bryggan.monitoring.models import Record


def _matched(scope: Scope) -> QuerySet[Record]:
    return Record.objects.filter(matches__watchlist__area_id__in=scope.area_ids)


def _new_records(scope: Scope, periods: list[Period]) -> list[int]:
    """One query for all periods: a distinct count per period (conditional aggregation)."""
    return per_period(_matched(scope), "first_seen_at", periods, moment=True)


def _records(scope: Scope, period: Period, user: Any) -> QuerySet[Record]:
    return (
        _matched(scope)
        .filter(first_seen_at__gte=period.start_at, first_seen_at__lt=period.end_at)
        .distinct()
        .order_by("-first_seen_at", "-pk")
    )


def register() -> None:
    register_figure(
        "monitoring.new_records",
        label=_("New research matched to the priority areas"),
        group="monitoring",
        unit="count",
        compute=lambda scope, period: _new_records(scope, [period])[0],
        series=_new_records,
        records=_records,
        description=_(
            "Research records first harvested in the period that the watchlist of at least one "
            "of the scope's priority areas caught (each record once)."
        ),
        order=10,
        trend_chart=True,
    )
    register_knowledge_kind(
        "monitoring.record",
        label=_("New research"),
        model=Record,
        area_path="matches__watchlist__area",
        date_field="first_seen_at",
        order=10,
    )


register()
