"""What systematic follow-up contributes to Insight (found by InsightConfig.ready()).

Follow-up plans running, the units that reported measurements, and — about clients, so under the
small-number rule (`concerns_clients=True`) — how many clients started an intervention that is
followed up and how many were measured. A plan belongs to the scope of its responsible
organisation and of its units. Only measurements released to reports count (see
bryggan/lib/suppression.py, `batch_decision`), so these figures move in the same batches as the
follow-up reports. No client is ever listed: the client figures have no records behind them.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from bryggan.followup.models import FollowupPlan, Measurement, Subject
from bryggan.insight.counting import organisations_of, per_period, window
from bryggan.insight.periods import Period
from bryggan.insight.registry import register_figure, register_knowledge_kind, register_reach
from bryggan.insight.scopes import Scope
from bryggan.people.models import Organisation

P = FollowupPlan.Status


def _scoped(queryset: QuerySet, scope: Scope) -> QuerySet:
    inside = organisations_of(scope)
    condition = Q(owner_id__in=inside) | Q(units__organisation_id__in=inside)
    return queryset.filter(pk__in=FollowupPlan.objects.filter(condition).values("pk"))


def plans_in(scope: Scope) -> Any:
    """The scope's plans that collect or have collected data (drafts left out)."""
    return _scoped(FollowupPlan.objects.exclude(status=P.DRAFT), scope)


def _running_condition(period: Period) -> Q:
    return Q(start__lt=period.end) & (Q(end__isnull=True) | Q(end__gte=period.start))


def _running(scope: Scope, periods: list[Period]) -> list[int]:
    rows = plans_in(scope).aggregate(
        **{
            f"p{n}": Count("pk", distinct=True, filter=_running_condition(p))
            for n, p in enumerate(periods)
        }
    )
    return [rows[f"p{n}"] for n in range(len(periods))]


def _running_records(scope: Scope, period: Period, user: Any) -> QuerySet:
    return plans_in(scope).filter(_running_condition(period)).visible_to(user)


def _released(scope: Scope) -> QuerySet:
    """Released measurements of the scope's units in the scope's plans."""
    return Measurement.objects.filter(
        plan__in=plans_in(scope),
        unit__organisation_id__in=organisations_of(scope),
        batch__isnull=False,
    )


def _units_reporting(scope: Scope, periods: list[Period]) -> list[int]:
    return per_period(_released(scope), "measured_on", periods, distinct="unit__organisation")


def _reporting_units(scope: Scope, period: Period) -> QuerySet:
    measured = _released(scope).filter(measured_on__gte=period.start, measured_on__lt=period.end)
    return Organisation.objects.filter(pk__in=measured.values("unit__organisation"))


def _clients_enrolled(scope: Scope, periods: list[Period]) -> list[int]:
    subjects = Subject.objects.filter(
        plan__in=plans_in(scope), unit__organisation_id__in=organisations_of(scope)
    )
    return per_period(subjects, "enrolled_on", periods)


def _clients_measured(scope: Scope, periods: list[Period]) -> list[int]:
    span = window(periods)
    rows = (
        _released(scope)
        .filter(measured_on__gte=span.start, measured_on__lt=span.end)
        .aggregate(
            **{
                f"p{n}": Count(
                    "subject",
                    distinct=True,
                    filter=Q(measured_on__gte=p.start, measured_on__lt=p.end),
                )
                for n, p in enumerate(periods)
            }
        )
    )
    return [rows[f"p{n}"] for n in range(len(periods))]


def _clients_reached(scope: Scope, period: Period) -> list[tuple[int, int | None]]:
    """(subject, unit) for the clients who started a followed-up intervention in the period."""
    subjects = Subject.objects.filter(
        plan__in=plans_in(scope),
        unit__organisation_id__in=organisations_of(scope),
        enrolled_on__gte=period.start,
        enrolled_on__lt=period.end,
    )
    return list(subjects.values_list("pk", "unit__organisation_id"))


def register() -> None:
    register_figure(
        "followup.plans_running",
        label=_("Follow-up plans running"),
        group="followup",
        unit="count",
        compute=lambda scope, period: _running(scope, [period])[0],
        series=_running,
        records=_running_records,
        description=_(
            "Plans for systematic follow-up that collected data during the period, of the "
            "scope's organisations or with units of it."
        ),
        order=10,
    )
    register_figure(
        "followup.units_reporting",
        label=_("Units reporting follow-up data"),
        group="followup",
        unit="organisations",
        compute=lambda scope, period: _units_reporting(scope, [period])[0],
        series=_units_reporting,
        records=lambda scope, period, user: _reporting_units(scope, period),
        breakdown=lambda scope, period: [
            (pk, pk) for pk in _reporting_units(scope, period).values_list("pk", flat=True)
        ],
        description=_(
            "Units of the scope with measurements made in the period and released to reports."
        ),
        order=11,
    )
    register_figure(
        "followup.clients_enrolled",
        label=_("Clients starting an intervention that is followed up"),
        group="followup",
        unit="people",
        compute=lambda scope, period: _clients_enrolled(scope, [period])[0],
        series=_clients_enrolled,
        concerns_clients=True,
        description=_(
            "Pseudonymous subjects who started the intervention in the period, at the scope's "
            "units. About clients: fewer than the suppression minimum is shown as “..”."
        ),
        order=20,
    )
    register_figure(
        "followup.clients_measured",
        label=_("Clients measured"),
        group="followup",
        unit="people",
        compute=lambda scope, period: _clients_measured(scope, [period])[0],
        series=_clients_measured,
        concerns_clients=True,
        description=_(
            "Different subjects with at least one measurement made in the period and released "
            "to reports. About clients: fewer than the suppression minimum is shown as “..”."
        ),
        order=21,
    )
    register_reach(
        "followup.clients",
        label=_("Clients in interventions that are followed up"),
        pairs=_clients_reached,
        concerns_clients=True,
        order=30,
    )
    register_knowledge_kind(
        "followup.plan",
        label=_("Follow-up plans"),
        model=FollowupPlan,
        queryset=lambda: FollowupPlan.objects.exclude(status=P.DRAFT),
        in_scope=_scoped,
        in_period=lambda queryset, period: queryset.filter(_running_condition(period)),
        order=35,
    )


register()
