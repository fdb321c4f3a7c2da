"""Bulk import: preview, row-by-row errors, all or nothing, XLSX, the guard, the background."""

import io
import logging
import os
from datetime import timedelta

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import override_settings
from openpyxl import Workbook

from bryggan.followup import imports
from bryggan.followup.models import ImportJob, Measurement
from tests.followup.conftest import enrol

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
HEADER = "subject,measured_on,mood1,mood2,mood3,sleep,school,living,support,started,note"


def _rows(world, subjects, override=None):
    override = override or {}
    day = (world.plan.start + timedelta(days=40)).isoformat()
    lines = [HEADER]
    for n, subject in enumerate(subjects):
        values = {
            "mood1": str(1 + n % 5),
            "mood2": "2",
            "mood3": "4",
            "sleep": "8.5",
            "school": "ja",
            "living": "1",
            "support": "1;3",
            "started": "2025-01-10",
            "note": "",
        }
        values.update(override.get(n, {}))
        lines.append(",".join([subject.code, day, *values.values()]))
    return "\n".join(lines) + "\n"


def _upload(client, world, text, name="svar.csv", unit="BU"):
    target = f"{world.baseline.pk}:{world.version.pk}"
    return client.post(
        world.plan.get_absolute_url() + f"enhet/{unit}/import/",
        {
            "target": target,
            "file": SimpleUploadedFile(name, text if isinstance(text, bytes) else text.encode()),
        },
    )


def test_a_correct_file_is_previewed_then_imported_whole(world, as_worker):
    subjects = enrol(world, world.unit, 6)
    response = _upload(as_worker, world, _rows(world, subjects))
    assert response.status_code == 302
    job = ImportJob.objects.get()
    preview = as_worker.get(response["Location"]).content.decode()
    assert "6 mätningar kommer att importeras" in preview
    assert subjects[0].code in preview
    response = as_worker.post(
        world.plan.get_absolute_url() + f"import/{job.pk}/starta/", follow=True
    )
    assert "6 mätningar importerades" in response.content.decode()
    assert Measurement.objects.filter(occasion=world.baseline).count() == 6
    job.refresh_from_db()
    assert job.status == ImportJob.Status.SUCCEEDED and not job.file
    # six at once make a batch: they are in reports at once
    assert not Measurement.objects.filter(batch__isnull=True).exists()


def test_every_bad_row_is_reported_and_nothing_is_imported(world, as_worker):
    subjects = enrol(world, world.unit, 4)
    (foreign,) = enrol(world, world.other, 1)
    text = _rows(
        world,
        [*subjects, foreign],
        {0: {"mood1": "7"}, 1: {"sleep": "noll"}, 2: {"living": "9"}, 3: {"support": "1;5"}},
    )
    text += f"{subjects[0].code},2025-13-01,1,1,1,1,1,1,1,,\n"  # twice, and a bad date
    text += "XX-NOSUCH,2025-01-01,1,1,1,1,1,1,1,,\n"
    response = _upload(as_worker, world, text)
    job = ImportJob.objects.get()
    page = as_worker.get(response["Location"]).content.decode()
    for expected in (
        "7 är inte en av koderna",
        "Ange ett tal",
        "9 är inte en av koderna",
        "5 är inte en av koderna",
        "tillhör en annan enhet",
        "förekommer två gånger",
        "Det finns ingen deltagare",
    ):
        assert expected in page, expected
    assert '<td class="num">2</td>' in page  # errors name their rows
    response = as_worker.post(world.plan.get_absolute_url() + f"import/{job.pk}/starta/")
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED
    assert not Measurement.objects.exists()


def test_a_subject_already_measured_is_refused(world, as_worker):
    subjects = enrol(world, world.unit, 2)
    _upload(as_worker, world, _rows(world, subjects))
    as_worker.post(world.plan.get_absolute_url() + f"import/{ImportJob.objects.get().pk}/starta/")
    response = _upload(as_worker, world, _rows(world, subjects))
    page = as_worker.get(response["Location"]).content.decode()
    assert "har redan en mätning vid det här tillfället" in page


def test_a_file_with_the_wrong_columns_is_refused_at_once(world, as_worker):
    enrol(world, world.unit, 1)
    response = _upload(as_worker, world, "kod;datum;fraga1\nBU-X;2025-01-01;3\n")
    assert response.status_code == 302
    page = as_worker.get(response["Location"]).content.decode()
    assert "Okända kolumner" in page
    assert not ImportJob.objects.exists()


def test_an_xlsx_file_imports_like_a_csv(world, as_worker):
    subjects = enrol(world, world.unit, 5)
    workbook = Workbook()
    sheet = workbook.active
    for row in _rows(world, subjects).strip().split("\n"):
        sheet.append(row.split(","))
    sheet["B2"].value = world.plan.start + timedelta(days=40)  # a real date cell
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = _upload(as_worker, world, buffer.getvalue(), name="svar.xlsx")
    job = ImportJob.objects.get()
    as_worker.get(response["Location"])
    as_worker.post(world.plan.get_absolute_url() + f"import/{job.pk}/starta/")
    assert Measurement.objects.count() == 5


def test_it_refuses_personnummer_in_upload_naming_row_and_column(
    world, as_worker, caplog, tmp_path
):
    caplog.set_level(logging.DEBUG)
    subjects = enrol(world, world.unit, 3)
    text = _rows(world, subjects, {1: {"note": "19121212-1212"}})
    before = _files()
    response = _upload(as_worker, world, text)
    page = as_worker.get(response["Location"]).content.decode()
    assert "Rad 3, kolumnen ”note”" in page or "Rad 3, kolumnen “note”" in page
    assert "********-**12" in page
    assert "19121212" not in page
    assert not ImportJob.objects.exists()
    assert not Measurement.objects.exists()
    assert _files() == before
    dump = io.StringIO()
    call_command("dumpdata", stdout=dump)
    assert "19121212" not in dump.getvalue()
    assert "19121212" not in "\n".join(r.getMessage() + str(r.args) for r in caplog.records)


def _files():
    root = settings.MEDIA_ROOT
    if not os.path.isdir(root):
        return set()
    return {os.path.join(d, f) for d, _dirs, files in os.walk(root) for f in files}


def test_a_large_file_runs_in_the_background_with_a_progress_bar(world, as_worker, monkeypatch):
    monkeypatch.setattr(imports, "INLINE_ROWS", 3)
    subjects = enrol(world, world.unit, 6)
    response = _upload(as_worker, world, _rows(world, subjects))
    job = ImportJob.objects.get()
    page = as_worker.get(response["Location"]).content.decode()
    assert "Kontrollera och importera" in page
    # With the database backend the job waits for the worker: the page refreshes itself.
    as_worker.post(world.plan.get_absolute_url() + f"import/{job.pk}/starta/")
    job.refresh_from_db()
    assert job.status == ImportJob.Status.QUEUED
    page = as_worker.get(response["Location"]).content.decode()
    assert "<progress" in page and 'http-equiv="refresh"' in page
    assert "Uppdatera förloppet" in page
    from bryggan.followup.tasks import run_import

    with override_settings(TASKS=IMMEDIATE):
        run_import.enqueue(job.pk)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.SUCCEEDED
    assert Measurement.objects.count() == 6


def test_another_units_staff_cannot_see_an_import(world, as_worker, cast):
    from tests.conftest import client_for

    subjects = enrol(world, world.unit, 1)
    response = _upload(as_worker, world, _rows(world, subjects))
    assert client_for(cast.researcher).get(response["Location"]).status_code == 404


def test_the_import_template_has_the_item_columns(world, as_worker):
    response = as_worker.get(
        world.plan.get_absolute_url() + f"mall/baseline/{world.version.pk}.csv"
    )
    assert response.content.decode().startswith("subject,measured_on,mood1,mood2")
