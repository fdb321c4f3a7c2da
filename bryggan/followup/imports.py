"""Bulk import of measurements from CSV or XLSX: guard, preview, row-by-row check, all or nothing.

1. `import_upload` reads the file in memory and scans every cell for identity numbers. A file
   holding one is refused whole, naming rows and columns with the number masked, and nothing
   of it is kept. Otherwise the rows are stored as a normalised CSV for the preview.
2. The preview shows the columns and the first rows; small files are checked at once.
3. `import_start` runs the import now (small files) or as a background task (large files) that
   reports its progress. `import_run` checks every row first and saves only when all are right,
   in one transaction; the stored file is deleted whatever the outcome.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence
from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bryggan.followup import guard, services
from bryggan.followup.answers import check_answers
from bryggan.followup.models import AuditEntry, ImportJob, Item, Measurement, Subject

MAX_BYTES = 50 * 1024 * 1024
MAX_ROWS = 200_000
INLINE_ROWS = 2_000  # larger files are imported in the background
MAX_ERRORS = 500
PROGRESS_EVERY = 1_000
SUBJECT_COLUMNS = ("subject", "subject_code", "kod", "code")
DATE_COLUMNS = ("measured_on", "date", "datum")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read_table(name: str, content: bytes) -> tuple[list[str], list[list[str]]]:
    """Read a CSV or XLSX file into a header and rows of text."""
    if len(content) > MAX_BYTES:
        raise ValidationError(_("The file is larger than 50 MB."))
    lowered = name.lower()
    if lowered.endswith(".xlsx"):
        from openpyxl import load_workbook

        try:
            workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        except Exception as error:  # openpyxl raises many kinds for a broken file
            raise ValidationError(_("The file could not be read as an XLSX workbook.")) from error
        sheet = workbook.worksheets[0]
        rows = [[_cell(v) for v in row] for row in sheet.iter_rows(values_only=True)]
        workbook.close()
    elif lowered.endswith((".csv", ".txt")):
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = content.decode("cp1252", errors="replace")
        try:
            dialect: Any = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
        except csv.Error:
            dialect = csv.excel
        rows = [[cell.strip() for cell in row] for row in csv.reader(io.StringIO(text), dialect)]
    else:
        raise ValidationError(_("Upload a CSV or XLSX file."))
    rows = [row for row in rows if any(cell for cell in row)]
    if not rows:
        raise ValidationError(_("The file is empty."))
    header = [cell.strip() for cell in rows[0]]
    while header and not header[-1]:
        header.pop()
    body = [row[: len(header)] + [""] * (len(header) - len(row)) for row in rows[1:]]
    if len(body) > MAX_ROWS:
        raise ValidationError(_("The file has more than %(n)d rows.") % {"n": MAX_ROWS})
    return header, body


def column_plan(header: Sequence[str], items: Sequence[Item]) -> dict[str, Any]:
    """Map the file's columns onto the subject, the date and the items; raise on wrong columns."""
    names = [h.strip().lower() for h in header]
    by_code = {item.code: item for item in items}
    subject = next((i for i, n in enumerate(names) if n in SUBJECT_COLUMNS), None)
    measured = next((i for i, n in enumerate(names) if n in DATE_COLUMNS), None)
    item_columns: dict[str, int] = {}
    dummies: dict[str, dict[int, int]] = {}
    unknown = []
    for index, name in enumerate(names):
        if index in (subject, measured):
            continue
        if name in by_code:
            item_columns[name] = index
        elif "___" in name and name.split("___")[0] in by_code:
            code, value = name.split("___", 1)
            try:
                dummies.setdefault(code, {})[int(value)] = index
            except ValueError:
                unknown.append(header[index])
        else:
            unknown.append(header[index] or f"#{index + 1}")
    problems = []
    if subject is None:
        problems.append(_("The file needs a column “subject” with the subject codes."))
    if measured is None:
        problems.append(_("The file needs a column “measured_on” with the date of measurement."))
    if unknown:
        problems.append(
            _(
                "Unknown columns: %(columns)s. The columns must be subject, measured_on and item codes of this instrument version: %(codes)s."
            )
            % {"columns": ", ".join(unknown[:20]), "codes": ", ".join(by_code)}
        )
    if not item_columns and not dummies:
        problems.append(_("The file has no column for any item of this instrument version."))
    absent_required = [
        item.code
        for item in items
        if item.required and item.code not in item_columns and item.code not in dummies
    ]
    if absent_required:
        problems.append(
            _("Columns for required items are missing: %(codes)s.")
            % {"codes": ", ".join(absent_required)}
        )
    if problems:
        raise ValidationError(problems)
    return {"subject": subject, "measured_on": measured, "items": item_columns, "dummies": dummies}


@transaction.atomic
def import_upload(
    *, plan: Any, unit: Any, occasion: Any, version: Any, name: str, content: bytes, user: Any
) -> ImportJob:
    """Check an uploaded file (identity numbers, columns) and keep it for the preview."""
    header, rows = read_table(name, content)
    messages = guard.cell_messages(rows, header)
    if messages:
        raise guard.IdentityNumberFound(
            [
                _(
                    "The file was refused and nothing of it was saved: it holds what looks like "
                    "identity numbers. Bryggan never stores identity numbers; remove them and upload again."
                ),
                *messages[:50],
            ]
        )
    header_messages = guard.cell_messages([header], header, first_row=1)
    if header_messages:
        raise guard.IdentityNumberFound(header_messages)
    if not occasion.versions.filter(pk=version.pk).exists():
        raise ValidationError(_("This instrument version is not measured at this occasion."))
    items, _subs, _members = services.measures_of(version)
    column_plan(header, items)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    job = ImportJob(
        plan=plan,
        unit=unit,
        occasion=occasion,
        version=version,
        original_name=name[:200],
        total_rows=len(rows),
        created_by=user,
    )
    job.file.save("rows.csv", ContentFile(out.getvalue().encode()), save=False)
    job.save()
    return job


def stored_rows(job: ImportJob) -> tuple[list[str], Iterator[list[str]]]:
    job.file.open("rb")
    text = job.file.read().decode()
    job.file.close()
    reader = csv.reader(io.StringIO(text))
    header = next(reader)
    return header, reader


def preview(job: ImportJob, limit: int = 8) -> dict[str, Any]:
    """Return the columns as understood and the first rows of a stored import."""
    header, reader = stored_rows(job)
    items, _subs, _members = services.measures_of(job.version)
    plan_ = column_plan(header, items)
    first = []
    for n, row in enumerate(reader):
        if n >= limit:
            break
        first.append(row)
    matched = [header[i] for i in plan_["items"].values()]
    for _code, columns in plan_["dummies"].items():
        matched.extend(header[i] for i in columns.values())
    return {"header": header, "rows": first, "matched": matched}


def check_rows(
    job: ImportJob, *, progress: bool = False
) -> tuple[list[dict[str, Any]], list[Measurement]]:
    """Check every row of a stored import; return the errors and the measurements to save."""
    header, reader = stored_rows(job)
    items, _subs, _members = services.measures_of(job.version)
    columns = column_plan(header, items)
    subjects = {
        s.code: s
        for s in Subject.objects.filter(plan=job.plan).only(
            "pk", "code", "unit_id", "period", "plan_id"
        )
    }
    done = set(
        Measurement.objects.filter(occasion=job.occasion, version=job.version).values_list(
            "subject_id", flat=True
        )
    )
    seen: dict[str, int] = {}
    errors: list[dict[str, Any]] = []
    made: list[Measurement] = []
    today = timezone.localdate()
    for index, row in enumerate(reader):
        line = index + 2
        if progress and index % PROGRESS_EVERY == 0 and index:
            ImportJob.objects.filter(pk=job.pk).update(processed_rows=index)
        code = row[columns["subject"]].strip().upper()
        subject = subjects.get(code)

        def fail(column: str, message: str, line: int = line) -> None:
            if len(errors) < MAX_ERRORS:
                errors.append({"row": line, "column": column, "message": message})

        if subject is None:
            fail(
                header[columns["subject"]],
                _("There is no subject “%(code)s” in this plan.") % {"code": code[:30]},
            )
            continue
        if subject.unit_id != job.unit_id:
            fail(
                header[columns["subject"]],
                _("Subject %(code)s belongs to another unit; import it with that unit's data.")
                % {"code": code},
            )
            continue
        if code in seen:
            fail(
                header[columns["subject"]],
                _("Subject %(code)s appears twice in the file (also on row %(row)d).")
                % {"code": code, "row": seen[code]},
            )
            continue
        seen[code] = line
        if subject.pk in done:
            fail(
                header[columns["subject"]],
                _("Subject %(code)s already has a measurement at this occasion.") % {"code": code},
            )
            continue
        raw_date = row[columns["measured_on"]].strip()
        try:
            measured_on = date.fromisoformat(raw_date[:10])
        except ValueError:
            fail(header[columns["measured_on"]], _("Enter a date as YYYY-MM-DD."))
            continue
        if measured_on > today or measured_on < job.plan.start:
            fail(
                header[columns["measured_on"]],
                _("The date must fall between the plan's start and today."),
            )
            continue
        raw: dict[str, Any] = {code_: row[i] for code_, i in columns["items"].items()}
        for item_code, dummy_columns in columns["dummies"].items():
            chosen = [str(v) for v, i in dummy_columns.items() if row[i].strip() in ("1", "1.0")]
            raw[item_code] = chosen
        answers = check_answers(items, raw)
        if answers.errors:
            for item_code, message in answers.errors.items():
                index_ = columns["items"].get(item_code)
                fail(header[index_] if index_ is not None else item_code, message)
            continue
        made.append(
            Measurement(
                plan_id=job.plan_id,
                subject_id=subject.pk,
                unit_id=subject.unit_id,
                period=subject.period,
                occasion_id=job.occasion_id,
                version_id=job.version_id,
                measured_on=measured_on,
                values=answers.values,
                missing=answers.missing,
                entered_by_id=job.created_by_id,
            )
        )
    return errors, made


def import_run(*, job: ImportJob) -> ImportJob:
    """Check every row, then save all of them in one transaction, or none; delete the stored file."""
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.RUNNING, processed_rows=0)
    try:
        errors, made = check_rows(job, progress=True)
        if errors:
            _finish(job, ImportJob.Status.FAILED, errors=errors)
            return job
        try:
            with transaction.atomic():
                services.measurements_bulk_insert(made)
                services._freeze(job.version)
                cells = {(m.unit_id, m.period, m.occasion_id, m.version_id) for m in made}
                services.release(plan=job.plan, cells=cells)
                services.audit(
                    plan=job.plan,
                    user=job.created_by,
                    action=AuditEntry.Action.IMPORT,
                    summary=_("%(n)d measurements imported for %(unit)s, %(occasion)s")
                    % {
                        "n": len(made),
                        "unit": job.unit.organisation.name,
                        "occasion": job.occasion.label,
                    },
                    file=job.original_name,
                )
        except ValidationError as error:
            _finish(
                job,
                ImportJob.Status.FAILED,
                errors=[{"row": 0, "column": "", "message": m} for m in error.messages],
            )
            return job
        _finish(job, ImportJob.Status.SUCCEEDED, imported=len(made))
    except Exception:
        _finish(
            job,
            ImportJob.Status.FAILED,
            errors=[
                {
                    "row": 0,
                    "column": "",
                    "message": _("The import failed unexpectedly; nothing was imported."),
                }
            ],
        )
        raise
    return job


def _finish(job: ImportJob, status: str, *, errors: list | None = None, imported: int = 0) -> None:
    job.refresh_from_db()
    job.status = status
    job.errors = errors or []
    job.imported_rows = imported
    job.processed_rows = job.total_rows
    job.finished_at = timezone.now()
    if job.file:
        job.file.delete(save=False)
    job.save(
        update_fields=["status", "errors", "imported_rows", "processed_rows", "finished_at", "file"]
    )


def import_start(*, job: ImportJob) -> ImportJob:
    """Import now when the file is small, else queue it for the background worker."""
    if job.status != ImportJob.Status.UPLOADED:
        raise ValidationError(_("This import has already been started."))
    if job.total_rows <= INLINE_ROWS:
        return import_run(job=job)
    from bryggan.followup.tasks import run_import

    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.QUEUED)
    run_import.enqueue(job.pk)
    job.status = ImportJob.Status.QUEUED
    return job


def import_discard(*, job: ImportJob) -> None:
    if job.file:
        job.file.delete(save=False)
    job.delete()


def template_csv(version: Any) -> str:
    """An empty import file with the right columns for an instrument version."""
    items, _subs, _members = services.measures_of(version)
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerow(
        ["subject", "measured_on", *[i.code for i in items]]
    )
    return out.getvalue()
