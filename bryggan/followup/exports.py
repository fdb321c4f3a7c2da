"""Exports for researchers: tidy tables per instrument and occasion, with labels and a codebook.

Record-level exports hold one table per instrument version and occasion (one row per subject,
one column per item, multiple choice as one 0/1 column per option, subscale scores at the
end), never REDCap's one sparse table. Formats: CSV files with a codebook and a Frictionless
data package (datapackage.json), an XLSX workbook, SPSS .sav and Stata .dta with variable and
value labels. Missing-value codes (-7, -8, -9) are kept as values with labels and declared
missing in SPSS. Aggregated exports hold the suppressed report tables.
"""

from __future__ import annotations

import io
import json
import re
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bryggan.followup import access, guard, reports, services
from bryggan.followup.answers import parse_rows, subscale_scores
from bryggan.followup.models import (
    AuditEntry,
    ExportJob,
    FollowupPlan,
    InstrumentVersion,
    Item,
    MissingCode,
    Occasion,
    PlanUnit,
)

INLINE_VALUES = 500_000  # larger exports are made in the background
MISSING_VALUES = ["", "-7", "-8", "-9"]
DISCLAIMER = (
    "Systematic follow-up gives indications, not proof of effect. "
    "Aggregated figures resting on fewer than {minimum} subjects are shown as '..'."
)


@dataclass
class Variable:
    name: str
    label: str
    kind: str  # string, integer, number, date
    value_labels: dict[int, str] = field(default_factory=dict)
    missing: bool = False
    note: str = ""


@dataclass
class Table:
    name: str
    title: str
    frame: pd.DataFrame
    variables: list[Variable]


def _safe(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60] or "x"


def table_name(plan: FollowupPlan, occasion: Occasion, version: InstrumentVersion) -> str:
    return (
        f"{_safe(occasion.key)}_{_safe(version.instrument.slug)}_v{_safe(version.label)}".replace(
            "-", "_"
        )
    )


def _missing_labels() -> dict[int, str]:
    return {int(code.value): str(code.label) for code in MissingCode}


def record_table(
    plan: FollowupPlan, occasion: Occasion, version: InstrumentVersion, units: list[PlanUnit]
) -> Table:
    """One row per subject measured with `version` at `occasion` in `units`, all answers as columns."""
    items, subscales, members = services.measures_of(version)
    cast = 'm."values"::text' if connection.vendor == "postgresql" else 'm."values"'
    missing_cast = "m.missing::text" if connection.vendor == "postgresql" else "m.missing"
    unit_ids = [u.pk for u in units]
    placeholders = ",".join(["%s"] * len(unit_ids)) or "NULL"
    sql = (
        f"SELECT s.code, u.code, m.period, m.measured_on, {cast}, {missing_cast} "
        "FROM followup_measurement m "
        "JOIN followup_subject s ON s.id = m.subject_id "
        "JOIN followup_planunit u ON u.id = m.unit_id "
        f"WHERE m.plan_id = %s AND m.occasion_id = %s AND m.version_id = %s AND m.unit_id IN ({placeholders}) "
        "ORDER BY s.code"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [plan.pk, occasion.pk, version.pk, *unit_ids])
        rows = cursor.fetchall()

    def text(value: Any) -> str:
        return value if isinstance(value, str) else json.dumps(value)

    scaled, _answered, values = parse_rows(items, [text(r[4]) for r in rows])
    coded_missing: list[tuple[int, str, int]] = []  # (row, code, missing code)
    for r, row in enumerate(rows):
        entry = text(row[5])
        if entry not in ("{}", ""):
            for code, value in json.loads(entry).items():
                coded_missing.append((r, code, int(value)))
    data: dict[str, Any] = {
        "subject": [r[0] for r in rows],
        "unit": [r[1] for r in rows],
        "period": [r[2] for r in rows],
        "measured_on": [r[3] if isinstance(r[3], str) else r[3].isoformat() for r in rows],
    }
    variables = [
        Variable("subject", _("Subject code (pseudonymous)"), "string"),
        Variable("unit", _("Unit code"), "string"),
        Variable("period", _("Reporting period the subject started in"), "string"),
        Variable("measured_on", _("Date of measurement"), "date"),
    ]
    # Lists and texts are only parsed when the version has such items (see parse_rows).
    columns = list(zip(*values, strict=True)) if values else [() for _ in items]
    missing_labels = _missing_labels()
    for j, item in enumerate(items):
        labels = {**item.value_labels, **missing_labels} if item.is_coded else dict(missing_labels)
        if item.kind == Item.Kind.MULTIPLE:
            for value, label in item.value_labels.items():
                name = f"{item.code}___{value}"
                column = np.array(
                    [
                        np.nan if cell is None else (1.0 if value in cell else 0.0)
                        for cell in columns[j]
                    ]
                    if rows
                    else [],
                    dtype=float,
                )
                for r, code, missing_code in coded_missing:
                    if code == item.code:
                        column[r] = missing_code
                data[name] = column
                variables.append(
                    Variable(
                        name,
                        f"{item.text} – {label}"[:250],
                        "integer",
                        {1: _("Chosen"), 0: _("Not chosen"), **missing_labels},
                        True,
                    )
                )
            continue
        if item.kind in (Item.Kind.TEXT, Item.Kind.DATE):
            column_text = ["" if cell is None else str(cell) for cell in columns[j]] if rows else []
            for r, code, missing_code in coded_missing:
                if code == item.code:
                    column_text[r] = str(missing_code)
            data[item.code] = column_text
            variables.append(
                Variable(
                    item.code,
                    item.text[:250],
                    "date" if item.kind == Item.Kind.DATE else "string",
                    {},
                    True,
                )
            )
            continue
        column = scaled[:, j].copy() if rows else np.array([], dtype=float)
        for r, code, missing_code in coded_missing:
            if code == item.code:
                column[r] = missing_code
        data[item.code] = column
        given = column[~np.isnan(column)]
        integral = item.kind != Item.Kind.NUMERIC or bool(np.all(np.mod(given, 1) == 0))
        note = ""
        if item.kind == Item.Kind.NUMERIC and (
            item.min_value is not None or item.max_value is not None
        ):
            note = _("range %(low)s–%(high)s") % {
                "low": "" if item.min_value is None else f"{item.min_value:g}",
                "high": "" if item.max_value is None else f"{item.max_value:g}",
            }
        if item.reverse_coded:
            note = (note + "; " if note else "") + _("reverse-coded in subscales")
        variables.append(
            Variable(
                item.code, item.text[:250], "integer" if integral else "number", labels, True, note
            )
        )
    if subscales and rows:
        scores = subscale_scores(subscales, items, scaled, members)
    else:
        scores = np.zeros((len(rows), len(subscales)))
    for k, subscale in enumerate(subscales):
        data[subscale.code] = scores[:, k] if rows else np.array([], dtype=float)
        member_codes = [i.code for i in items if i.pk in members.get(subscale.pk, [])]
        variables.append(
            Variable(
                subscale.code,
                subscale.label[:250],
                "number",
                {},
                False,
                _("%(method)s of %(items)s, at least %(min)d answered%(reverse)s")
                % {
                    "method": subscale.get_method_display().lower(),
                    "items": " ".join(member_codes),
                    "min": subscale.min_answered,
                    "reverse": "; "
                    + _("reverse-coded: %(items)s")
                    % {
                        "items": " ".join(
                            i.code for i in items if i.code in member_codes and i.reverse_coded
                        )
                    }
                    if any(i.reverse_coded for i in items if i.code in member_codes)
                    else "",
                },
            )
        )
    frame = pd.DataFrame(data)
    return Table(
        name=table_name(plan, occasion, version),
        title=f"{occasion.label}: {version}",
        frame=frame,
        variables=variables,
    )


def _fmt(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, float):
        return round(value, 3)
    return value


def aggregated_tables(plan: FollowupPlan, units: list[PlanUnit]) -> list[Table]:
    """The suppressed report tables for every visible unit and the plan, per period and overall."""
    canvas = reports.load(plan)
    slices: list[tuple[PlanUnit | None, str | None]] = [(unit, None) for unit in units]
    slices.append((None, None))
    slices.extend((None, period) for period in canvas.periods)
    stats: list[dict[str, Any]] = []
    shares: list[dict[str, Any]] = []
    changes: list[dict[str, Any]] = []
    participation: list[dict[str, Any]] = []
    for unit, period in slices:
        report = reports.build(plan, unit=unit, period=period, canvas=canvas)
        where = {"unit": unit.code if unit else "ALL", "period": period or "ALL"}
        for part in report.participation:
            participation.append(
                {
                    **where,
                    "occasion": part.occasion,
                    "due": part.due,
                    "measured": part.measured,
                    "missing": part.missing,
                }
            )
        for row in [*report.subscales, *report.items]:
            stats.append(
                {
                    **where,
                    "occasion": row.occasion,
                    "variable": row.code,
                    "label": row.label,
                    "n": row.n,
                    "mean": _fmt(row.mean),
                    "sd": _fmt(row.sd),
                    "median": _fmt(row.median),
                }
            )
        for row in report.items:
            for cell in row.distribution:
                shares.append(
                    {
                        **where,
                        "occasion": row.occasion,
                        "variable": row.code,
                        "value": cell["value"],
                        "label": cell["label"],
                        "n": cell["n"],
                        "share": _fmt(cell["share"]),
                    }
                )
        for change in report.changes:
            changes.append(
                {
                    **where,
                    "occasion": change.occasion,
                    "variable": change.code,
                    "label": change.label,
                    "n_pairs": change.n,
                    "baseline_mean": _fmt(change.baseline),
                    "followup_mean": _fmt(change.followup),
                    "mean_change": _fmt(change.change),
                    "cohens_d": _fmt(change.d),
                    "d_ci_low": _fmt(change.d_low),
                    "d_ci_high": _fmt(change.d_high),
                    "improved": _fmt(change.improved),
                    "unchanged": _fmt(change.unchanged),
                    "worse": _fmt(change.worse),
                }
            )

    def table(name: str, title: str, rows: list[dict[str, Any]], numeric: set[str]) -> Table:
        frame = pd.DataFrame(rows)
        variables = [
            Variable(
                column,
                column.replace("_", " "),
                "string",
                note=_("“..” = suppressed (fewer than %(n)d subjects)")
                % {"n": plan.suppression_minimum}
                if column in numeric
                else "",
            )
            for column in frame.columns
        ]
        return Table(name, title, frame, variables)

    return [
        table(
            "participation",
            _("Participation and missing per occasion"),
            participation,
            {"due", "measured", "missing"},
        ),
        table(
            "statistics",
            _("n, mean, SD and median per item and subscale"),
            stats,
            {"n", "mean", "sd", "median"},
        ),
        table(
            "distribution",
            _("Distribution of answers per item (counts and per cent)"),
            shares,
            {"n", "share"},
        ),
        table(
            "change",
            _("Change from baseline"),
            changes,
            {
                "n_pairs",
                "baseline_mean",
                "followup_mean",
                "mean_change",
                "cohens_d",
                "d_ci_low",
                "d_ci_high",
                "improved",
                "unchanged",
                "worse",
            },
        ),
    ]


# ---- writers --------------------------------------------------------------------------------------


def _csv_frame(table: Table) -> pd.DataFrame:
    frame = table.frame.copy()
    for variable in table.variables:
        if variable.kind == "integer" and variable.name in frame:
            frame[variable.name] = frame[variable.name].astype("Int64")
    return frame


def codebook(tables: list[Table]) -> pd.DataFrame:
    rows = []
    for table in tables:
        for variable in table.variables:
            rows.append(
                {
                    "table": table.name,
                    "variable": variable.name,
                    "label": variable.label,
                    "type": variable.kind,
                    "values": " | ".join(f"{k} = {v}" for k, v in variable.value_labels.items()),
                    "missing_values": "-7, -8, -9" if variable.missing else "",
                    "note": variable.note,
                }
            )
    return pd.DataFrame(
        rows, columns=["table", "variable", "label", "type", "values", "missing_values", "note"]
    )


def datapackage(plan: FollowupPlan, tables: list[Table], *, records: bool) -> dict[str, Any]:
    """Describe the CSV files as a Frictionless data package."""
    resources = []
    for table in tables:
        fields = []
        for variable in table.variables:
            kind = (
                variable.kind
                if records
                else ("string" if variable.kind == "string" else variable.kind)
            )
            spec: dict[str, Any] = {"name": variable.name, "type": kind, "title": variable.label}
            description = " | ".join(f"{k} = {v}" for k, v in variable.value_labels.items())
            if variable.note:
                description = f"{description}. {variable.note}" if description else variable.note
            if description:
                spec["description"] = description
            fields.append(spec)
        schema: dict[str, Any] = {
            "fields": fields,
            "missingValues": MISSING_VALUES if records else [""],
        }
        if records:
            schema["primaryKey"] = ["subject"]
        resources.append(
            {
                "name": table.name,
                "path": f"{table.name}.csv",
                "title": table.title,
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": schema,
            }
        )
    resources.append(
        {
            "name": "codebook",
            "path": "codebook.csv",
            "title": "Codebook",
            "profile": "tabular-data-resource",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "schema": {
                "fields": [
                    {"name": name, "type": "string"}
                    for name in [
                        "table",
                        "variable",
                        "label",
                        "type",
                        "values",
                        "missing_values",
                        "note",
                    ]
                ]
            },
        }
    )
    return {
        "profile": "tabular-data-package",
        "name": _safe(plan.slug).replace("-", "_") or "followup",
        "title": plan.title,
        "description": DISCLAIMER.format(minimum=plan.suppression_minimum),
        "created": timezone.now().isoformat(timespec="seconds"),
        "resources": resources,
    }


def write_csv_package(
    plan: FollowupPlan, tables: list[Table], directory: Path, *, records: bool
) -> list[Path]:
    paths = []
    for table in tables:
        path = directory / f"{table.name}.csv"
        _csv_frame(table).to_csv(path, index=False, lineterminator="\n")
        paths.append(path)
    path = directory / "codebook.csv"
    codebook(tables).to_csv(path, index=False, lineterminator="\n")
    paths.append(path)
    path = directory / "datapackage.json"
    path.write_text(
        json.dumps(datapackage(plan, tables, records=records), indent=2, ensure_ascii=False)
    )
    paths.append(path)
    return paths


def write_xlsx(plan: FollowupPlan, tables: list[Table], path: Path) -> None:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    about = workbook.create_sheet("about")
    about.append([plan.title])
    about.append([DISCLAIMER.format(minimum=plan.suppression_minimum)])
    about.append([_("Exported %(at)s") % {"at": timezone.localtime().strftime("%Y-%m-%d %H:%M")}])
    for table in tables:
        sheet = workbook.create_sheet(table.name[:31])
        frame = _csv_frame(table)
        sheet.append(list(frame.columns))
        for row in frame.itertuples(index=False):
            sheet.append(
                [None if (v is pd.NA or (isinstance(v, float) and np.isnan(v))) else v for v in row]
            )
    sheet = workbook.create_sheet("codebook")
    book = codebook(tables)
    sheet.append(list(book.columns))
    for row in book.itertuples(index=False):
        sheet.append(list(row))
    workbook.save(path)


def _labels_for(frame: pd.DataFrame, variables: list[Variable]) -> dict[str, dict[float, str]]:
    return {
        v.name: {float(k): label[:120] for k, label in v.value_labels.items()}
        for v in variables
        if v.value_labels and v.name in frame and frame[v.name].dtype.kind == "f"
    }


def _note_lines(text: str, width: int = 80) -> list[str]:
    """SPSS document lines hold at most 80 characters."""
    import textwrap

    return textwrap.wrap(text, width)


def write_sav(plan: FollowupPlan, table: Table, path: Path) -> None:
    import pyreadstat

    frame = table.frame
    numeric_missing = {
        v.name: [-9.0, -8.0, -7.0]
        for v in table.variables
        if v.missing and frame[v.name].dtype.kind == "f"
    }
    pyreadstat.write_sav(
        frame,
        str(path),
        file_label=plan.title[:64],
        column_labels={v.name: v.label[:250] for v in table.variables},
        variable_value_labels=_labels_for(frame, table.variables),
        missing_ranges=numeric_missing,  # type: ignore[arg-type]
        note=_note_lines(DISCLAIMER.format(minimum=plan.suppression_minimum)),
    )


def write_dta(plan: FollowupPlan, table: Table, path: Path) -> None:
    import pyreadstat

    frame = table.frame
    pyreadstat.write_dta(
        frame,
        str(path),
        file_label=plan.title[:80],
        column_labels={v.name: v.label[:80] for v in table.variables},
        variable_value_labels=_labels_for(frame, table.variables),
    )


def build_export(job: ExportJob) -> tuple[str, bytes, int]:
    """Make the file of an export job: return (file name, content, rows)."""
    plan = job.plan
    user: Any = job.user
    records = job.scope == ExportJob.Scope.RECORDS
    units = access.record_units(user, plan) if records else access.report_units(user, plan)
    if records:
        tables = []
        for occasion in plan.occasions.prefetch_related("versions").order_by("position"):
            if job.occasion_id and occasion.pk != job.occasion_id:
                continue
            for version in occasion.versions.all():
                if job.version_id and version.pk != job.version_id:
                    continue
                tables.append(record_table(plan, occasion, version, units))
    else:
        tables = aggregated_tables(plan, units)
    rows = sum(len(t.frame) for t in tables)
    stem = (
        f"{_safe(plan.slug)}_{'records' if records else 'aggregated'}_{timezone.localdate():%Y%m%d}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        directory = Path(tmp)
        if job.format == ExportJob.Format.XLSX:
            path = directory / f"{stem}.xlsx"
            write_xlsx(plan, tables, path)
            return path.name, path.read_bytes(), rows
        if job.format == ExportJob.Format.CSV:
            paths = write_csv_package(plan, tables, directory, records=records)
        else:
            writer = write_sav if job.format == ExportJob.Format.SAV else write_dta
            paths = []
            for table in tables:
                path = directory / f"{table.name}.{job.format}"
                writer(plan, table, path)
                paths.append(path)
            book = directory / "codebook.csv"
            codebook(tables).to_csv(book, index=False, lineterminator="\n")
            paths.append(book)
        archive = io.BytesIO()
        with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zipped:
            for path in paths:
                zipped.write(path, path.name)
        return f"{stem}_{job.format}.zip", archive.getvalue(), rows


def export_run(*, job: ExportJob) -> ExportJob:
    """Make an export's file and store it for its requester."""
    ExportJob.objects.filter(pk=job.pk).update(status=ExportJob.Status.RUNNING)
    try:
        name, content, rows = build_export(job)
    except Exception:
        job.status = ExportJob.Status.FAILED
        job.error = _("The export failed unexpectedly.")
        job.finished_at = timezone.now()
        job.save(update_fields=["status", "error", "finished_at"])
        raise
    job.file.save(name, File(io.BytesIO(content)), save=False)
    job.size = len(content)
    job.rows = rows
    job.status = ExportJob.Status.SUCCEEDED
    job.finished_at = timezone.now()
    job.save(update_fields=["file", "size", "rows", "status", "finished_at"])
    return job


def _size_of(plan: FollowupPlan) -> int:
    from bryggan.followup.models import Item as ItemModel
    from bryggan.followup.models import Measurement

    items = ItemModel.objects.filter(version__occasions__plan=plan).count() or 1
    return Measurement.objects.filter(plan=plan).count() * items


MIN_PURPOSE = 10


def export_create(
    *,
    plan: FollowupPlan,
    user: Any,
    scope: str,
    format: str,
    occasion: Occasion | None = None,
    version: InstrumentVersion | None = None,
    purpose: str = "",
) -> ExportJob:
    """Start an export for someone with the export right; record-level exports need a purpose.

    The export is written to the audit log before anything is made. Small exports are made at
    once; large ones by the background worker.
    """
    if not access.can_export(user, plan):
        raise PermissionDenied
    purpose = purpose.strip()
    guard.check_fields({"purpose": purpose}, {"purpose": _("Purpose")})
    if scope == ExportJob.Scope.RECORDS:
        if plan.aggregated_exports_only:
            raise ValidationError(
                {"scope": _("This plan allows exports of aggregated tables only.")}
            )
        if not access.can_export_records(user, plan):
            raise PermissionDenied
        if len(purpose) < MIN_PURPOSE:
            raise ValidationError(
                {
                    "purpose": _(
                        "State the purpose of a record-level export, e.g. the ethics approval it rests on (Dnr)."
                    )
                }
            )
    elif format in (ExportJob.Format.SAV, ExportJob.Format.DTA):
        raise ValidationError(
            {
                "format": _(
                    "SPSS and Stata files hold record-level data; choose CSV or XLSX for aggregated tables."
                )
            }
        )
    with transaction.atomic():
        job = ExportJob.objects.create(
            plan=plan,
            user=user,
            scope=scope,
            format=format,
            occasion=occasion,
            version=version,
            purpose=purpose,
        )
        services.audit(
            plan=plan,
            user=user,
            action=AuditEntry.Action.EXPORT,
            summary=_("%(scope)s as %(format)s")
            % {"scope": job.get_scope_display(), "format": job.format.upper()},
            scope=scope,
            format=format,
            occasion=occasion.key if occasion else "",
            version=str(version) if version else "",
            purpose=purpose,
            export=job.pk,
        )
    if _size_of(plan) <= INLINE_VALUES:
        return export_run(job=job)
    from bryggan.followup.tasks import run_export

    run_export.enqueue(job.pk)
    return job
