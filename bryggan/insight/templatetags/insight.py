from __future__ import annotations

from typing import Any

from django import template
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from bryggan.insight import charts
from bryggan.insight.figures import format_value, pick

register = template.Library()


@register.filter
def tr(label: Any) -> str:
    """Pick the active language from a label stored in both languages."""
    return pick(label)


@register.filter
def number(value: Any, unit: str = "count") -> str:
    return format_value(value, unit)


def _id(parts: tuple[Any, ...]) -> str:
    return "-".join(str(p) for p in parts)


@register.simple_tag
def trend_chart(trend: dict[str, Any], *parts: Any) -> SafeString | None:
    """The trend of one figure as columns; the id is made of `parts` (unique on the page)."""
    return charts.bar_chart(
        trend["points"], chart_id=_id(parts), title=pick(trend["label"]), unit=trend["unit"]
    )


@register.simple_tag
def reach_chart(reach: dict[str, Any], *parts: Any) -> SafeString | None:
    return charts.hbar_chart(
        reach["rows"], chart_id=_id(parts), title=pick(reach["label"]), unit="people"
    )


@register.simple_tag
def funnel_chart(steps: list[dict[str, Any]], title: str, *parts: Any) -> SafeString | None:
    return charts.funnel_chart(steps, chart_id=_id(parts), title=title)


@register.simple_tag
def gap_map_chart(gap: dict[str, Any], *parts: Any, links: bool = True) -> SafeString | None:
    return charts.gap_map_chart(
        gap,
        chart_id=_id(parts),
        title=_("Evidence-and-gap map: priority areas × kinds of knowledge"),
        links=links,
    )
