"""Collaboration agreements: parties, scope, period, signed document, and the reminder before they run out."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from bryggan.governance import services
from bryggan.governance.models import Agreement, Party
from bryggan.governance.tasks import send_agreement_reminders
from tests.governance.conftest import person

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n% signed agreement\n%%EOF\n"


def _form(partnership, **fields):
    data = {
        "title": "Samverkansavtal 2026–2028",
        "parties": [p.pk for p in partnership.parties.all()],
        "scope": "Diskussionsgrupper och VFU",
        "start": "2026-01-01",
        "end": "2028-12-31",
        "notice_date": "2028-06-30",
        "reminder_days": "90",
        "coordinators": [],
        "signed_on": "2025-12-10",
        "visibility": "internal",
    }
    data.update(fields)
    return data


def _agreement(partnership, cast, **fields):
    defaults = {
        "title": "Avtalet",
        "start": date(2020, 1, 1),
        "end": None,
        "notice_date": timezone.localdate() + timedelta(days=30),
        "reminder_days": 60,
        "visibility": "internal",
    }
    defaults.update(fields)
    return services.agreement_save(
        partnership=partnership,
        parties=partnership.parties.all(),
        coordinators=[person(cast.coordinator), person(cast.manager)],
        **defaults,
    )


def test_a_coordinator_adds_an_agreement_with_its_signed_document(
    cast, as_coordinator, as_worker, anonymous, partnership
):
    document = SimpleUploadedFile("avtal.pdf", PDF, content_type="application/pdf")
    response = as_coordinator.post(
        "/samverkan/test/avtal/nytt/",
        _form(partnership, coordinators=[person(cast.coordinator).pk], document=document),
    )
    assert response.status_code == 302
    agreement = Agreement.objects.get()
    assert agreement.parties.count() == 2 and agreement.document_name.endswith(".pdf")
    page = as_worker.get(agreement.get_absolute_url()).content.decode()
    assert "Diskussionsgrupper och VFU" in page and "2028-06-30" in page
    download = as_worker.get(f"/styrning/avtal/{agreement.pk}/dokument/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    # internal: the public sees neither the agreement nor its document
    assert anonymous.get(agreement.get_absolute_url()).status_code == 404
    assert anonymous.get(f"/styrning/avtal/{agreement.pk}/dokument/").status_code == 404


def test_a_new_document_is_stored_beside_the_old_one(cast, as_coordinator, partnership):
    as_coordinator.post(
        "/samverkan/test/avtal/nytt/",
        _form(partnership, document=SimpleUploadedFile("avtal.pdf", PDF)),
    )
    agreement = Agreement.objects.get()
    first = agreement.document.name
    as_coordinator.post(
        f"/styrning/avtal/{agreement.pk}/andra/",
        _form(partnership, document=SimpleUploadedFile("avtal.pdf", PDF + b"v2")),
    )
    agreement.refresh_from_db()
    assert agreement.document.name != first
    assert agreement.document.storage.exists(first)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"end": "2025-12-31"}, "sluta innan det börjar"),
        ({"notice_date": "2029-01-31"}, "efter att avtalet upphör"),
        ({"notice_date": "2025-01-31"}, "innan avtalet börjar"),
    ],
)
def test_bad_periods_are_refused_and_the_form_keeps_the_input(
    cast, as_coordinator, partnership, fields, message
):
    response = as_coordinator.post("/samverkan/test/avtal/nytt/", _form(partnership, **fields))
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert "Diskussionsgrupper och VFU" in page
    assert not Agreement.objects.exists()


def test_an_agreement_needs_two_parties_of_the_partnership(cast, as_coordinator, partnership):
    one = Party.objects.get(organisation=cast.municipality)
    response = as_coordinator.post(
        "/samverkan/test/avtal/nytt/", _form(partnership, parties=[one.pk])
    )
    assert response.status_code == 400
    assert not Agreement.objects.exists()


def test_only_coordinators_add_agreements(cast, as_worker, partnership):
    assert as_worker.post("/samverkan/test/avtal/nytt/", _form(partnership)).status_code == 403
    assert not Agreement.objects.exists()


def test_the_reminder_goes_to_the_coordinators_once_before_the_deadline(cast, partnership):
    agreement = _agreement(partnership, cast)
    mail.outbox.clear()
    assert send_agreement_reminders.call() == 2
    assert send_agreement_reminders.call() == 0
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert sorted(message.to) == ["coordinator@test.example", "manager@test.example"]
    assert "Avtalet" in message.subject and agreement.get_absolute_url() in message.body
    agreement.refresh_from_db()
    assert agreement.reminded_for == agreement.notice_date


def test_a_renewed_agreement_is_reminded_again_for_its_new_deadline(cast, partnership):
    agreement = _agreement(partnership, cast)
    send_agreement_reminders.call()
    agreement.notice_date = timezone.localdate() + timedelta(days=20)
    agreement.save()
    mail.outbox.clear()
    assert send_agreement_reminders.call() == 2
    assert len(mail.outbox) == 1


def test_the_lead_time_is_configurable_per_agreement(cast, partnership):
    _agreement(partnership, cast, reminder_days=10)
    mail.outbox.clear()
    assert send_agreement_reminders.call() == 0
    assert mail.outbox == []


def test_an_agreement_without_a_notice_date_is_reminded_before_it_ends(cast, partnership):
    _agreement(partnership, cast, notice_date=None, end=timezone.localdate() + timedelta(days=5))
    mail.outbox.clear()
    assert send_agreement_reminders.call() == 2
    assert "löper ut" in mail.outbox[0].body


def test_a_failing_mail_server_leaves_the_reminder_to_the_next_run(cast, partnership, settings):
    agreement = _agreement(partnership, cast)
    settings.EMAIL_BACKEND = "tests.governance.test_agreements.BrokenBackend"
    assert send_agreement_reminders.call() == 0
    agreement.refresh_from_db()
    assert agreement.reminded_for is None
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert send_agreement_reminders.call() == 2


class BrokenBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("no mail server")


def test_the_default_lead_time_comes_from_the_settings(cast, as_coordinator, partnership, settings):
    settings.GOVERNANCE_AGREEMENT_REMINDER_DAYS = 30
    assert 'value="30"' in as_coordinator.get("/samverkan/test/avtal/nytt/").content.decode()
    response = as_coordinator.post(
        "/api/v1/partnerships/test/agreements",
        {"title": "API-avtal", "parties": ["testkoping", "testuni"], "start": "2026-01-01"},
        content_type="application/json",
    )
    assert response.status_code == 201 and response.json()["reminder_days"] == 30


def test_the_reminder_job_is_scheduled(cast):
    from bryggan.core import schedule

    assert "governance.send_agreement_reminders" in {job.name for job in schedule.jobs()}
