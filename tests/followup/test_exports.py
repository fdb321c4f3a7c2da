"""Exports: the export right, a stated purpose, tidy tables read back, a valid data package."""

import io
import zipfile

import pyreadstat
import pytest
from frictionless import Package, validate
from openpyxl import load_workbook

from bryggan.followup.models import AuditEntry, ExportJob, PlanGrant
from tests.conftest import client_for

PURPOSE = "Utvärdering av stödgrupper, Etikprövningsmyndigheten Dnr 2025-01234-01"


def _export(client, plan, **data):
    return client.post(plan.get_absolute_url() + "export/", data)


def _download(client, plan) -> bytes:
    job = ExportJob.objects.latest("pk")
    assert job.status == ExportJob.Status.SUCCEEDED, job.error
    response = client.get(plan.get_absolute_url() + f"export/{job.pk}/fil/")
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def test_record_level_exports_need_a_stated_purpose(filled, cast):
    client = client_for(cast.researcher)
    response = _export(client, filled.plan, scope="records", format="csv", purpose="")
    assert "Ange syftet" in response.content.decode()
    assert not ExportJob.objects.exists()


def test_the_csv_package_is_a_valid_frictionless_data_package(filled, cast, tmp_path):
    client = client_for(cast.researcher)
    _export(client, filled.plan, scope="records", format="csv", purpose=PURPOSE)
    archive = zipfile.ZipFile(io.BytesIO(_download(client, filled.plan)))
    names = set(archive.namelist())
    assert {"datapackage.json", "codebook.csv"} <= names
    assert {"baseline_barns_valmaende_demo_v1.csv", "3m_barns_valmaende_demo_v1.csv"} <= names
    archive.extractall(tmp_path)
    report = validate(str(tmp_path / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    package = Package(str(tmp_path / "datapackage.json"))
    rows = package.get_resource("baseline_barns_valmaende_demo_v1").read_rows()
    assert len(rows) == 20  # record-level data hold every measurement, waiting or not
    first = rows[0]
    assert str(first["subject"]).startswith(("BU-", "VUX-"))
    assert first["support___1"] == 1 and first["support___3"] == 0
    codebook = (tmp_path / "codebook.csv").read_text()
    assert "1 = Aldrig" in codebook and "-9 = Inte besvarad" in codebook


def test_spss_and_stata_files_carry_variable_and_value_labels(filled, cast, tmp_path):
    client = client_for(cast.researcher)
    for fmt in ("sav", "dta"):
        _export(
            client,
            filled.plan,
            scope="records",
            format=fmt,
            purpose=PURPOSE,
            target=f"{filled.baseline.pk}:{filled.version.pk}",
        )
        archive = zipfile.ZipFile(io.BytesIO(_download(client, filled.plan)))
        (name,) = [n for n in archive.namelist() if n.endswith(fmt)]
        path = tmp_path / name
        path.write_bytes(archive.read(name))
        if fmt == "sav":
            frame, meta = pyreadstat.read_sav(str(path), user_missing=True)
        else:
            frame, meta = pyreadstat.read_dta(str(path))
        assert len(frame) == 20
        labels = dict(zip(meta.column_names, meta.column_labels, strict=True))
        assert labels["mood1"].startswith("Jag känner mig glad")
        assert meta.variable_value_labels["mood1"][1.0] == "Aldrig"
        assert meta.variable_value_labels["mood1"][-9.0] == "Inte besvarad"
        assert "wellbeing" in frame.columns
        if fmt == "sav":
            assert {r["lo"] for r in meta.missing_ranges["mood1"]} == {-9.0, -8.0, -7.0}


def test_missing_value_codes_survive_the_export(filled, cast, tmp_path):
    from bryggan.followup import services

    subject = filled.plan.subjects.first()
    raw = {"mood1": "-8", "mood2": "1", "mood3": "1", "note": "-7"}
    services.measurement_save(
        subject=subject,
        occasion=filled.baseline,
        version=filled.version,
        measured_on=filled.plan.start,
        raw=raw,
    )
    client = client_for(cast.researcher)
    _export(
        client,
        filled.plan,
        scope="records",
        format="sav",
        purpose=PURPOSE,
        target=f"{filled.baseline.pk}:{filled.version.pk}",
    )
    archive = zipfile.ZipFile(io.BytesIO(_download(client, filled.plan)))
    (name,) = [n for n in archive.namelist() if n.endswith("sav")]
    path = tmp_path / name
    path.write_bytes(archive.read(name))
    frame, _meta = pyreadstat.read_sav(str(path), user_missing=True)
    row = frame[frame["subject"] == subject.code].iloc[0]
    assert row["mood1"] == -8
    assert row["note"] == "-7"


def test_aggregated_tables_come_as_csv_or_xlsx_with_suppression(filled, cast, tmp_path):
    client = client_for(cast.researcher)
    _export(client, filled.plan, scope="aggregated", format="xlsx")
    workbook = load_workbook(io.BytesIO(_download(client, filled.plan)))
    assert {"about", "statistics", "distribution", "change", "participation", "codebook"} <= set(
        workbook.sheetnames
    )
    cells = [c for row in workbook["distribution"].iter_rows(values_only=True) for c in row]
    assert ".." in cells
    _export(client, filled.plan, scope="aggregated", format="csv")
    archive = zipfile.ZipFile(io.BytesIO(_download(client, filled.plan)))
    archive.extractall(tmp_path)
    assert validate(str(tmp_path / "datapackage.json")).valid
    response = _export(client, filled.plan, scope="aggregated", format="sav")
    assert "SPSS- och Stata-filer" in response.content.decode()


def test_plans_can_allow_aggregated_exports_only(filled, cast):
    filled.plan.aggregated_exports_only = True
    filled.plan.save(update_fields=["aggregated_exports_only"])
    client = client_for(cast.researcher)
    page = client.get(filled.plan.get_absolute_url() + "export/").content.decode()
    assert "endast export av aggregerade tabeller" in page
    response = _export(client, filled.plan, scope="records", format="csv", purpose=PURPOSE)
    assert response.status_code == 200
    assert not ExportJob.objects.exists()


@pytest.mark.parametrize("who", ["worker", "manager", "coordinator"])
def test_the_export_right_is_needed(filled, cast, who):
    client = client_for(getattr(cast, who))
    assert client.get(filled.plan.get_absolute_url() + "export/").status_code == 403
    assert _export(client, filled.plan, scope="aggregated", format="csv").status_code == 403


def test_a_researcher_with_reports_only_exports_aggregated_tables(filled, cast):
    PlanGrant.objects.filter(user=cast.researcher).update(level=PlanGrant.Level.REPORTS)
    client = client_for(cast.researcher)
    _export(client, filled.plan, scope="records", format="csv", purpose=PURPOSE)
    assert not ExportJob.objects.exists()
    _export(client, filled.plan, scope="aggregated", format="csv")
    assert ExportJob.objects.get().scope == "aggregated"


def test_every_export_is_in_the_audit_log_for_administrators(filled, cast, as_admin):
    client = client_for(cast.researcher)
    _export(client, filled.plan, scope="records", format="csv", purpose=PURPOSE)
    entry = AuditEntry.objects.get(action="export")
    assert entry.user == cast.researcher and entry.detail["purpose"] == PURPOSE
    page = as_admin.get("/uppfoljning/logg/?action=export").content.decode()
    assert PURPOSE in page and cast.researcher.email in page
    data = as_admin.get("/api/v1/followup/audit?action=export").json()
    assert data[0]["detail"]["purpose"] == PURPOSE
    assert client.get("/api/v1/followup/audit").status_code == 403


def test_only_the_requester_downloads_an_export(filled, cast, as_admin):
    client = client_for(cast.researcher)
    _export(client, filled.plan, scope="aggregated", format="csv")
    job = ExportJob.objects.get()
    url = filled.plan.get_absolute_url() + f"export/{job.pk}/fil/"
    assert client_for(cast.coordinator).get(url).status_code == 404
    assert client.get(url).status_code == 200


def test_an_identity_number_in_the_purpose_is_refused(filled, cast):
    client = client_for(cast.researcher)
    response = _export(
        client, filled.plan, scope="records", format="csv", purpose="Klient 640823-3234 Dnr 1"
    )
    assert "******-**34" in response.content.decode()
    assert not ExportJob.objects.exists()
