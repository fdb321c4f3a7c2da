"""What the research podcast contributes to Insight (found by InsightConfig.ready()).

Episodes released and listening (downloads counted per day, bots and repeats left out) for the
shows of a partnership. Listeners are anonymous, so the podcast has no figures per organisation.
"""

from __future__ import annotations

from bisect import bisect_left
from datetime import date
from itertools import accumulate
from typing import Any

from django.db.models import QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bryggan.insight.counting import per_period, window
from bryggan.insight.periods import Period
from bryggan.insight.registry import register_figure, register_knowledge_kind
from bryggan.insight.scopes import Scope
from bryggan.podcast.models import DownloadDay, Episode


def _in_scope(queryset: QuerySet, scope: Scope) -> QuerySet:
    if scope.kind != "partnership":
        return queryset.none()
    return queryset.filter(show__partnership=scope.obj)


def episodes_in(scope: Scope) -> Any:
    return _in_scope(Episode.objects.released(), scope)


def _episodes(scope: Scope, periods: list[Period]) -> list[int]:
    return per_period(episodes_in(scope), "publish_at", periods, moment=True)


def _episode_records(scope: Scope, period: Period, user: Any) -> QuerySet:
    return (
        episodes_in(scope)
        .filter(publish_at__gte=period.start_at, publish_at__lt=period.end_at)
        .visible_to(user)
        .select_related("show")
    )


def _downloads_in(scope: Scope) -> QuerySet:
    if scope.kind != "partnership":
        return DownloadDay.objects.none()
    # A day belongs to one episode of one show: the join adds no rows, so it can be summed as is.
    return DownloadDay.objects.filter(episode__show__partnership=scope.obj)


def _downloads(scope: Scope, periods: list[Period]) -> list[int]:
    """Downloads per period from one query that sums them per day over all the periods."""
    if not periods:
        return []
    span = window(periods)
    days = sorted(
        _downloads_in(scope)
        .filter(day__gte=span.start, day__lt=span.end)
        .values("day")
        .annotate(total=Sum("downloads"))
        .values_list("day", "total")
        .order_by()
    )
    running = list(accumulate(total for _day, total in days))
    dates = [day for day, _total in days]

    def upto(day: date) -> int:
        n = bisect_left(dates, day)
        return running[n - 1] if n else 0

    return [upto(p.end) - upto(p.start) for p in periods]


def _download_records(scope: Scope, period: Period, user: Any) -> QuerySet:
    days = _downloads_in(scope).filter(day__gte=period.start, day__lt=period.end, downloads__gt=0)
    return (
        Episode.objects.filter(pk__in=days.values("episode"))
        .visible_to(user)
        .select_related("show")
    )


def register() -> None:
    register_figure(
        "podcast.episodes",
        label=_("Podcast episodes released"),
        group="dissemination",
        unit="count",
        compute=lambda scope, period: _episodes(scope, [period])[0],
        series=_episodes,
        records=_episode_records,
        description=_("Episodes of the partnership's shows published in the period."),
        scopes={"partnership"},
        order=20,
    )
    register_figure(
        "podcast.downloads",
        label=_("Podcast downloads"),
        group="dissemination",
        unit="count",
        compute=lambda scope, period: _downloads(scope, [period])[0],
        series=_downloads,
        records=_download_records,
        description=_(
            "Listens to the partnership's episodes in the period: each listener counts at most "
            "once per episode and day, known bots are left out."
        ),
        scopes={"partnership"},
        order=21,
        trend_chart=True,
    )
    register_knowledge_kind(
        "podcast.episode",
        label=_("Podcast episodes"),
        model=Episode,
        queryset=lambda: Episode.objects.filter(
            status=Episode.Status.PUBLISHED, publish_at__lte=timezone.now()
        ),
        date_field="publish_at",
        in_scope=_in_scope,
        order=22,
    )


register()
