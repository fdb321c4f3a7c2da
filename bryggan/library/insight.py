"""What the library contributes to Insight (found by InsightConfig.ready()).

Publications and plain-language digests published in the period. A publication belongs to an
organisation's scope when one of its authors is (or was) affiliated with it; to a partnership's
also when it is tagged with one of the partnership's priority areas. Digests likewise through their
writers and areas. A publication without a date of publication counts on 1 January of its year.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from bryggan.insight.counting import organisations_of, per_period, window
from bryggan.insight.periods import Period
from bryggan.insight.registry import register_figure, register_knowledge_kind
from bryggan.insight.scopes import Scope
from bryggan.library.models import Digest, Publication


def _publications_scoped(queryset: QuerySet, scope: Scope) -> QuerySet:
    condition = Q(authorships__person__affiliations__organisation_id__in=organisations_of(scope))
    if scope.kind == "partnership":
        condition |= Q(priority_areas__in=scope.area_ids)
    return queryset.filter(pk__in=Publication.objects.filter(condition).values("pk"))


def _digests_scoped(queryset: QuerySet, scope: Scope) -> QuerySet:
    condition = Q(writers__affiliations__organisation_id__in=organisations_of(scope))
    if scope.kind == "partnership":
        condition |= Q(priority_areas__in=scope.area_ids)
    return queryset.filter(pk__in=Digest.objects.filter(condition).values("pk"))


def published_in(period: Period) -> Q:
    """Published in the period: by the date of publication, else on 1 January of the year."""
    years = [
        y
        for y in range(period.start.year, period.last_day.year + 1)
        if date(y, 1, 1) >= period.start
    ]
    return Q(date__gte=period.start, date__lt=period.end) | Q(date__isnull=True, year__in=years)


def publications_in(scope: Scope) -> Any:
    return _publications_scoped(Publication.objects.published(), scope)


def _publications(scope: Scope, periods: list[Period]) -> list[int]:
    span = window(periods)
    rows = (
        publications_in(scope)
        .filter(published_in(span))
        .aggregate(
            **{
                f"p{n}": Count("pk", distinct=True, filter=published_in(p))
                for n, p in enumerate(periods)
            }
        )
    )
    return [rows[f"p{n}"] for n in range(len(periods))]


def _publication_records(scope: Scope, period: Period, user: Any) -> QuerySet:
    return publications_in(scope).filter(published_in(period)).visible_to(user)


def digests_in(scope: Scope) -> Any:
    return _digests_scoped(Digest.objects.all(), scope)


def _digests(scope: Scope, periods: list[Period]) -> list[int]:
    return per_period(digests_in(scope), "published_on", periods)


def _digest_records(scope: Scope, period: Period, user: Any) -> QuerySet:
    return (
        digests_in(scope)
        .filter(published_on__gte=period.start, published_on__lt=period.end)
        .visible_to(user)
    )


def register() -> None:
    register_figure(
        "library.publications",
        label=_("Publications"),
        group="dissemination",
        unit="count",
        compute=lambda scope, period: _publications(scope, [period])[0],
        series=_publications,
        records=_publication_records,
        description=_(
            "Reports, articles, theses and other publications in the library published in the "
            "period, by authors of the scope or in its priority areas (withdrawn ones left out)."
        ),
        order=10,
    )
    register_figure(
        "library.digests",
        label=_("Research digests"),
        group="dissemination",
        unit="count",
        compute=lambda scope, period: _digests(scope, [period])[0],
        series=_digests,
        records=_digest_records,
        description=_("Plain-language research digests published in the period."),
        order=11,
        trend_chart=True,
    )
    register_knowledge_kind(
        "library.publication",
        label=_("Publications"),
        model=Publication,
        queryset=lambda: Publication.objects.published(),
        date_field="date",  # for showing a record's date; the period follows published_in()
        in_scope=_publications_scoped,
        in_period=lambda queryset, period: queryset.filter(published_in(period)),
        order=20,
    )
    register_knowledge_kind(
        "library.digest",
        label=_("Research digests"),
        model=Digest,
        date_field="published_on",
        in_scope=_digests_scoped,
        order=21,
    )


register()
