"""Compute what the dashboards and reports show, in a form that is the same for pages, PDF and API.

Everything returned here is plain data (numbers, strings, lists, dicts) so that a published report
can freeze it as JSON. Labels are given in both languages ({"sv": …, "en": …}) and picked at render
time, so one snapshot serves the Swedish and the English report.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.db.models import Count
from django.urls import reverse
from django.utils import formats, translation
from django.utils.functional import Promise

from bryggan.insight import registry
from bryggan.insight.periods import Period
from bryggan.insight.registry import Figure, FigureValue, Measure
from bryggan.insight.scopes import Scope
from bryggan.lib import suppression

log = logging.getLogger(__name__)

SUPPRESSED = suppression.SUPPRESSED
LANGUAGES = ("sv", "en")


# ---- suppression ------------------------------------------------------------------------------


def suppression_minimum() -> int:
    """The configured minimum (BRYGGAN_SUPPRESSION_MINIMUM), never below the floor of 3."""
    return suppression.default_minimum()


def suppress_value(
    value: FigureValue, *, concerns_clients: bool, minimum: int | None = None
) -> int | float | str | None:
    """Return the value to publish: ".." when a figure about clients rests on too few subjects.

    The one place Insight applies the small-number rule (OSL 26:1), through the table protection
    of bryggan/lib/suppression.py (the one follow-up uses): a count, or the base of a derived value
    (a share, a mean), from 1 up to the minimum minus one is hidden. Zero rests on no one and is
    shown. Figures that do not concern clients are never suppressed. A figure is published alone,
    so its table is one cell with its total and only the primary rule can apply.
    """
    number: int | float | None
    if isinstance(value, Measure):
        base, number = value.base, value.value
    elif isinstance(value, bool):
        raise TypeError("A figure value cannot be a boolean.")
    elif isinstance(value, int) or value is None:
        base, number = (value or 0), value
    else:
        # A derived value without its base cannot be checked, so a client figure hides it.
        if concerns_clients:
            log.warning("client figure gave a float without a base; suppressed")
            return SUPPRESSED
        return value
    if not concerns_clients:
        return number
    limit = suppression_minimum() if minimum is None else suppression.check_minimum(minimum)
    if suppression.protect([base], limit).hidden[0]:
        return SUPPRESSED
    return number


def plain(value: FigureValue) -> int | float | None:
    """The number behind a figure value (the value of a Measure)."""
    if isinstance(value, Measure):
        return value.value
    return value


# ---- formatting -------------------------------------------------------------------------------


def format_value(shown: Any, unit: str) -> str:
    """Format a published value for people: grouped digits, one decimal for shares and means."""
    if shown is None:
        return "–"
    if shown == SUPPRESSED:
        return SUPPRESSED
    number = float(shown)
    decimals = 0 if number == int(number) and unit != "percent" else 1
    text = formats.number_format(number, decimals, use_l10n=True, force_grouping=True)
    if unit == "percent":
        return f"{text} %"
    return text


def format_delta(current: Any, earlier: Any, unit: str) -> str:
    """The change from an earlier value: "+3", "−2", "±0"; ".." or "–" when it cannot be given."""
    if SUPPRESSED in (current, earlier):
        return SUPPRESSED
    if current is None or earlier is None:
        return "–"
    difference = float(current) - float(earlier)
    if difference == 0:
        return "±0"
    text = format_value(abs(difference), unit)
    return f"+{text}" if difference > 0 else f"−{text}"


def both(text: str | Promise) -> dict[str, str]:
    """A label in Swedish and English."""
    result = {}
    for code in LANGUAGES:
        with translation.override(code):
            result[code] = str(text)
    return result


def pick(label: Any) -> str:
    """The label in the active language (for labels stored by both())."""
    if isinstance(label, dict):
        code = translation.get_language() or "sv"
        return label.get(code[:2]) or label.get("sv") or ""
    return "" if label is None else str(label)


# ---- figures ----------------------------------------------------------------------------------


def drilldown_url(scope: Scope, figure: Figure, period: Period) -> str | None:
    """Where the records behind a figure are listed (the owning app's list, or Insight's)."""
    if figure.records_url is not None:
        url = figure.records_url(scope, period)
        if url:
            return url
    if figure.records is None:
        return None
    part, slug = scope.url_part()
    return reverse("insight:records", args=[part, slug, figure.key]) + "?" + period.as_query()


def _cell(value: FigureValue, figure: Figure) -> dict[str, Any]:
    shown = suppress_value(value, concerns_clients=figure.concerns_clients)
    return {
        "value": shown,
        "suppressed": shown == SUPPRESSED,
        "text": format_value(shown, figure.unit),
    }


def figure_row(scope: Scope, figure: Figure, period: Period) -> dict[str, Any]:
    """One figure for a period with the previous period and the same period a year earlier."""
    previous, year_earlier = period.previous(), period.year_earlier()
    current_value, previous_value, earlier_value = figure.values(
        scope, [period, previous, year_earlier]
    )
    current = _cell(current_value, figure)
    before = _cell(previous_value, figure)
    last_year = _cell(earlier_value, figure)
    return {
        "key": figure.key,
        "group": figure.group,
        "group_label": both(figure.group_label),
        "label": both(figure.label),
        "description": both(figure.description) if figure.description else {},
        "unit": figure.unit,
        "unit_label": both(figure.unit_label),
        "concerns_clients": figure.concerns_clients,
        "current": current,
        "previous": before,
        "year_earlier": last_year,
        "delta_previous": format_delta(current["value"], before["value"], figure.unit),
        "delta_year": format_delta(current["value"], last_year["value"], figure.unit),
        "records_url": drilldown_url(scope, figure, period),
    }


def figure_rows(scope: Scope, period: Period) -> list[dict[str, Any]]:
    return [figure_row(scope, figure, period) for figure in registry.figures(scope)]


def group_rows(rows: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Group figure rows for display, keeping the registry's order."""
    groups: dict[str, dict[str, Any]] = {}
    for row in rows:
        group = groups.setdefault(
            row["group"], {"key": row["group"], "label": row["group_label"], "rows": []}
        )
        group["rows"].append(row)
    return list(groups.values())


def is_empty(rows: Iterable[dict[str, Any]]) -> bool:
    """True when no figure has anything to show for the period (every value 0 or missing)."""
    return all(row["current"]["value"] in (0, None) for row in rows)


def bucket_label(bucket: Period) -> dict[str, str]:
    result = {}
    for code in LANGUAGES:
        with translation.override(code):
            result[code] = bucket.short_label()
    return result


def bucket_tick(bucket: Period, one_year: bool) -> dict[str, str]:
    """The short label under a column: "Jan" within one year, "Jan 26" across years."""
    result = {}
    for code in LANGUAGES:
        with translation.override(code):
            result[code] = bucket.tick(one_year)
    return result


def trend(scope: Scope, figure: Figure, period: Period) -> dict[str, Any]:
    """The figure per month (or quarter, or year) of the period."""
    buckets = period.buckets()
    values = figure.values(scope, buckets)
    one_year = buckets[0].start.year == buckets[-1].last_day.year
    points = []
    for bucket, value in zip(buckets, values, strict=True):
        cell = _cell(value, figure)
        points.append(
            {
                "start": bucket.start.isoformat(),
                "end": bucket.end.isoformat(),
                "label": bucket_label(bucket),
                "tick": bucket_tick(bucket, one_year),
                **cell,
            }
        )
    return {
        "key": figure.key,
        "label": both(figure.label),
        "unit": figure.unit,
        "bucket_kind": period.bucket_kind,
        "points": points,
    }


def trends(scope: Scope, period: Period) -> list[dict[str, Any]]:
    return [trend(scope, f, period) for f in registry.figures(scope) if f.trend_chart]


# ---- reach ------------------------------------------------------------------------------------

NO_ORGANISATION = 0


def reach(scope: Scope, period: Period) -> list[dict[str, Any]]:
    """People reached, grouped by municipality (partnership) or by the part of the organisation."""
    tree = scope.tree
    result = []
    for contributor in registry.reaches():
        subjects: dict[int, set[int]] = defaultdict(set)
        everyone: set[int] = set()
        buckets: dict[int | None, int | None] = {}
        for subject, org_id in contributor.pairs(scope, period):
            everyone.add(subject)
            if org_id not in buckets:
                if org_id is None or org_id not in tree.nodes:
                    buckets[org_id] = NO_ORGANISATION
                elif scope.kind == "partnership":
                    buckets[org_id] = tree.group_of(org_id)
                else:
                    buckets[org_id] = tree.child_towards(scope.obj.pk, org_id)
            bucket = buckets[org_id]
            if bucket is not None:
                subjects[bucket].add(subject)
        rows: list[dict[str, Any]] = []
        for bucket, members in subjects.items():
            node = tree.nodes.get(bucket)
            if node is None:
                name = both(_no_org_label())
                slug = ""
            else:
                name = {"sv": node.name_sv, "en": node.name_en or node.name_sv}
                slug = node.slug
            shown = suppress_value(len(members), concerns_clients=contributor.concerns_clients)
            rows.append(
                {
                    "organisation": slug,
                    "name": name,
                    "value": shown,
                    "text": format_value(shown, "people"),
                    "sort": len(members),
                }
            )
        rows.sort(key=lambda r: (-r["sort"], r["name"]["sv"]))
        for row in rows:
            del row["sort"]
        total = suppress_value(len(everyone), concerns_clients=contributor.concerns_clients)
        result.append(
            {
                "key": contributor.key,
                "label": both(contributor.label),
                "by": "municipality" if scope.kind == "partnership" else "part",
                "rows": rows,
                "total": total,
                "total_text": format_value(total, "people"),
            }
        )
    return result


def _no_org_label() -> Any:
    from django.utils.translation import gettext_lazy as _

    return _("No organisation registered")


# ---- evidence-and-gap map ---------------------------------------------------------------------


def gap_map(scope: Scope, period: Period | None) -> dict[str, Any]:
    """Priority areas × kinds of knowledge, with the number of records in each cell."""
    from bryggan.taxonomy.models import PriorityArea

    areas = list(PriorityArea.objects.filter(pk__in=scope.area_ids).order_by("name_sv"))
    kinds = registry.knowledge_kinds(on_map=True)
    counts: dict[tuple[int, str], int] = {}
    for kind in kinds:
        records = kind.records(scope, period)
        path = kind.area_path
        for row in (
            records.filter(**{f"{path}__in": [a.pk for a in areas]})
            .values(path)
            .annotate(n=Count("pk", distinct=True))
            .order_by()
        ):
            counts[(row[path], kind.key)] = row["n"]
    part, slug = scope.url_part()
    query = f"?{period.as_query()}" if period else ""
    rows: list[dict[str, Any]] = []
    for area in areas:
        cells = []
        for kind in kinds:
            cells.append(
                {
                    "kind": kind.key,
                    "value": counts.get((area.pk, kind.key), 0),
                    "url": reverse("insight:gap_cell", args=[part, slug, kind.key, area.slug])
                    + query,
                }
            )
        rows.append(
            {
                "area": area.slug,
                "name": {"sv": area.name_sv, "en": area.name_en or area.name_sv},
                "cells": cells,
            }
        )
    return {
        "kinds": [{"key": k.key, "label": both(k.label)} for k in kinds],
        "rows": rows,
        "max": max((c["value"] for r in rows for c in r["cells"]), default=0),
    }


# ---- funnels ----------------------------------------------------------------------------------


def funnel(scope: Scope, period: Period) -> dict[str, Any]:
    """The registered steps of the questions funnel (received → … → answered), empty without any."""
    steps = []
    for step in registry.funnel_steps():
        value = step.count(scope, period)
        steps.append(
            {
                "key": step.key,
                "label": both(step.label),
                "value": value,
                "text": format_value(value, "count"),
            }
        )
    return {"steps": steps}


# ---- a whole dashboard ------------------------------------------------------------------------


def dashboard(scope: Scope, period: Period) -> dict[str, Any]:
    """Everything a dashboard shows, the same for every reader (records are filtered on drill-down).

    Kept in the fragment cache until any content changes, so a second look costs nothing.
    """
    from bryggan.core.cache import cached_fragment
    from bryggan.insight import cycle

    def build() -> dict[str, Any]:
        rows = figure_rows(scope, period)
        return {
            "rows": rows,
            "groups": group_rows(rows),
            "empty": is_empty(rows),
            "trends": trends(scope, period),
            "reach": reach(scope, period),
            "gap": gap_map(scope, period),
            "funnel": funnel(scope, period),
            "cycle_funnel": cycle.cycle_funnel(scope, period),
        }

    key = f"insight:dashboard:{scope.key}:{period.start.isoformat()}:{period.end.isoformat()}"
    return cached_fragment(key, build)
