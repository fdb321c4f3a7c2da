"""Open data: the figures of every published annual report, as CSV and JSON with stable columns.

The columns are documented once (COLUMNS) and used for the CSV header, the JSON keys, the open
data page and the Frictionless Table Schema in datapackage.json.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext_lazy as _

from bryggan.insight.models import ActivityReport
from bryggan.insight.reports import figure_table

# (name, Table Schema type, description)
COLUMNS: list[tuple[str, str, Any]] = [
    ("partnership", "string", _("Stable identifier (slug) of the partnership.")),
    ("partnership_name_sv", "string", _("Name of the partnership in Swedish.")),
    ("partnership_name_en", "string", _("Name of the partnership in English.")),
    ("year", "integer", _("The year the report covers.")),
    ("period_start", "date", _("First day of the period (ISO 8601).")),
    ("period_end", "date", _("The day after the last day of the period (ISO 8601, exclusive).")),
    ("figure", "string", _("Stable key of the figure, e.g. arenas.sessions_held.")),
    ("label_sv", "string", _("What the figure counts, in Swedish.")),
    ("label_en", "string", _("What the figure counts, in English.")),
    ("group", "string", _("Group of the figure: arenas, questions, projects, people …")),
    ("unit", "string", _("Unit: count, people, organisations, percent, days, hours or sek.")),
    ("value", "number", _("The value; empty when it is suppressed.")),
    (
        "suppressed",
        "boolean",
        _(
            "true when the value concerns clients and rests on too few to be published (shown as ..)."
        ),
    ),
    ("previous_year_value", "number", _("The value of the year before; empty when suppressed.")),
    (
        "previous_year_suppressed",
        "boolean",
        _("true when the previous year's value is suppressed."),
    ),
    (
        "concerns_clients",
        "boolean",
        _("true when the figure is about clients (small-number rule)."),
    ),
    ("published_at", "datetime", _("When the report was published (ISO 8601, UTC offset).")),
]
FIELDS = [name for name, _type, _description in COLUMNS]


def published_rows(reports: Iterable[ActivityReport] | None = None) -> list[dict[str, Any]]:
    """The figure rows of published reports (all of them by default), in a stable order."""
    if reports is None:
        reports = (
            ActivityReport.objects.published()
            .select_related("partnership")
            .order_by("partnership__slug", "year")
        )
    rows = []
    for report in reports:
        if not report.is_published or not report.snapshot.get("groups"):
            continue
        published = report.published_at.isoformat() if report.published_at else ""
        for row in figure_table(report.snapshot):
            rows.append({**row, "published_at": published})
    return rows


def _csv_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def as_csv(rows: list[dict[str, Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(FIELDS)
    for row in rows:
        writer.writerow([_csv_value(row.get(name)) for name in FIELDS])
    return buffer.getvalue()


def table_schema() -> dict[str, Any]:
    """The columns as a Frictionless Table Schema."""
    return {
        "fields": [
            {"name": name, "type": kind, "description": str(description)}
            for name, kind, description in COLUMNS
        ],
        "missingValues": [""],
        "primaryKey": ["partnership", "year", "figure"],
    }
