"""Data entry through the form: validation, missing-value codes, subjects, the identity guard."""

import io
import logging
from datetime import timedelta

from django.core.management import call_command
from django.utils import timezone

from bryggan.followup.models import AuditEntry, Measurement, Subject
from tests.followup.conftest import enrol

PERSONNUMMER = "811218-9876"


def _form(world, **answers):
    data = {"measured_on": (world.plan.start + timedelta(days=30)).isoformat()}
    defaults = {
        "mood1": "3",
        "mood2": "2",
        "mood3": "4",
        "sleep": "9",
        "school": "1",
        "living": "1",
        "started": "2025-02-01",
        "note": "",
    }
    defaults.update(answers)
    for code, value in defaults.items():
        data[f"item_{code}"] = value
    return data


def _entry_url(world, subject, occasion="baseline"):
    return (
        world.plan.get_absolute_url() + f"deltagare/{subject.code}/{occasion}/{world.version.pk}/"
    )


def test_unit_staff_create_pseudonymous_codes(world, as_worker):
    response = as_worker.post(
        world.plan.get_absolute_url() + "enhet/BU/koder/",
        {"count": 3, "enrolled_on": timezone.localdate().isoformat()},
        follow=True,
    )
    codes = list(Subject.objects.filter(plan=world.plan).values_list("code", flat=True))
    assert len(codes) == 3
    assert all(code.startswith("BU-") and len(code) == 9 for code in codes)
    assert all(not any(c.isdigit() and c not in "3479" for c in code[3:]) for code in codes)
    assert codes[0] in response.content.decode()


def test_a_valid_form_saves_the_answers_and_freezes_the_version(world, as_worker):
    (subject,) = enrol(world, world.unit, 1)
    response = as_worker.post(
        _entry_url(world, subject), {**_form(world, note="Bra dag"), "item_support": ["1", "3"]}
    )
    assert response.status_code == 302
    measurement = Measurement.objects.get(subject=subject)
    items = [i.code for i in world.version.items.all()]
    values = dict(zip(items, measurement.values, strict=True))
    assert values["sleep"] == 9 and values["support"] == [1, 3] and values["note"] == "Bra dag"
    assert measurement.batch_id is None  # one measurement waits for its batch
    world.version.refresh_from_db()
    assert world.version.is_frozen
    assert AuditEntry.objects.filter(action="entry", plan=world.plan).exists()


def test_a_missing_value_code_stands_in_for_an_answer(world, as_worker):
    (subject,) = enrol(world, world.unit, 1)
    data = _form(world, mood1="")
    data["missing_mood1"] = "-8"
    assert as_worker.post(_entry_url(world, subject), data).status_code == 302
    measurement = Measurement.objects.get(subject=subject)
    assert measurement.missing == {"mood1": -8}
    assert measurement.values[0] is None


def test_bad_answers_are_refused_and_the_form_keeps_what_was_typed(world, as_worker):
    (subject,) = enrol(world, world.unit, 1)
    response = as_worker.post(
        _entry_url(world, subject), _form(world, sleep="19", mood1="", note="Glad")
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "19 ligger utanför intervallet 0–14" in page
    assert "Ett svar krävs" in page  # mood1 is required
    assert 'value="Glad"' in page
    assert not Measurement.objects.exists()


def test_a_second_save_corrects_the_same_measurement(world, as_worker):
    (subject,) = enrol(world, world.unit, 1)
    as_worker.post(_entry_url(world, subject), _form(world, sleep="7"))
    as_worker.post(_entry_url(world, subject), _form(world, sleep="8"))
    assert Measurement.objects.filter(subject=subject).count() == 1
    assert AuditEntry.objects.filter(action="correction").count() == 1


def test_a_date_in_the_future_is_refused(world, as_worker):
    (subject,) = enrol(world, world.unit, 1)
    data = _form(world)
    data["measured_on"] = (timezone.localdate() + timedelta(days=3)).isoformat()
    response = as_worker.post(_entry_url(world, subject), data)
    assert "framtiden" in response.content.decode()
    assert not Measurement.objects.exists()


def test_it_refuses_personnummer_in_the_form_and_keeps_nothing_of_it(world, as_worker, caplog):
    (subject,) = enrol(world, world.unit, 1)
    caplog.set_level(logging.DEBUG)
    response = as_worker.post(_entry_url(world, subject), _form(world, note=f"Pnr {PERSONNUMMER}"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "personnummer" in page and "******-**76" in page
    assert PERSONNUMMER not in page  # the whole number is never echoed
    assert "811218" not in page
    assert not Measurement.objects.exists()
    dump = io.StringIO()
    call_command("dumpdata", stdout=dump)
    assert "811218" not in dump.getvalue()
    logged = "\n".join(record.getMessage() + str(record.args) for record in caplog.records)
    assert "811218" not in logged


def test_a_samordningsnummer_without_separator_is_refused_too(world, as_worker):
    (subject,) = enrol(world, world.unit, 1)
    response = as_worker.post(_entry_url(world, subject), _form(world, note="7010632391"))
    assert "samordningsnummer" in response.content.decode()
    assert not Measurement.objects.exists()


def test_the_plan_form_refuses_identity_numbers_too(as_coordinator):
    response = as_coordinator.post(
        "/uppfoljning/planer/ny/",
        {
            "title": "Plan",
            "kind": "other",
            "intervention": "Samtal",
            "target_group": "Vuxna",
            "question": "Hur går det för 19640823-3234?",
            "start": "2025-01-01",
            "report_period": "half",
            "suppression_minimum": 5,
            "status": "draft",
        },
    )
    assert response.status_code == 200
    assert "********-**34" in response.content.decode()
    assert "640823" not in response.content.decode()


def test_a_measurement_waiting_for_its_batch_can_be_deleted_by_unit_staff(world, as_worker):
    (subject,) = enrol(world, world.unit, 1)
    as_worker.post(_entry_url(world, subject), _form(world))
    response = as_worker.post(_entry_url(world, subject) + "ta-bort/")
    assert response.status_code == 302
    assert not Measurement.objects.exists()
    assert AuditEntry.objects.filter(action="deletion").exists()
