"""Registration, cancellation, the waiting list and the deadline, through the pages."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from icalendar import Calendar

from bryggan.arenas.models import Event, Registration
from tests.conftest import client_for

pytestmark = pytest.mark.django_db(transaction=False)


def _status(event, user):
    return Registration.objects.get(event=event, user=user).status


def test_staff_register_and_get_a_confirmation_with_an_ics_attachment(
    cast, as_worker, make_event, django_capture_on_commit_callbacks
):
    event = make_event()
    with django_capture_on_commit_callbacks(execute=True):
        response = as_worker.post(f"/arenor/{event.pk}/anmalan/", follow=True)
    assert (
        "You are registered" in response.content.decode()
        or "Du är anmäld" in response.content.decode()
    )
    assert _status(event, cast.worker) == "confirmed"
    assert len(mail.outbox) == 1
    name, content, mimetype = mail.outbox[0].attachments[0]
    assert name.endswith(".ics") and mimetype.startswith("text/calendar")
    parsed = Calendar.from_ical(content)
    assert str(parsed.walk("VEVENT")[0]["UID"]) == event.ical_uid


def test_it_refuses_to_register_twice(cast, as_worker, make_event):
    event = make_event()
    as_worker.post(f"/arenor/{event.pk}/anmalan/")
    page = as_worker.post(f"/arenor/{event.pk}/anmalan/", follow=True).content.decode()
    assert "already registered" in page or "redan anmäld" in page
    assert Registration.objects.filter(event=event).count() == 1
    assert Event.objects.get(pk=event.pk).confirmed_count == 1


def test_a_full_event_puts_people_on_the_waiting_list_and_moves_the_first_up(
    cast, make_event, django_capture_on_commit_callbacks
):
    event = make_event(capacity=1)
    client_for(cast.worker).post(f"/arenor/{event.pk}/anmalan/")
    client_for(cast.manager).post(f"/arenor/{event.pk}/anmalan/")
    client_for(cast.researcher).post(f"/arenor/{event.pk}/anmalan/")
    assert _status(event, cast.manager) == "waitlisted"
    assert _status(event, cast.researcher) == "waitlisted"
    with django_capture_on_commit_callbacks(execute=True):
        client_for(cast.worker).post(f"/arenor/{event.pk}/avanmalan/")
    assert _status(event, cast.worker) == "cancelled"
    assert _status(event, cast.manager) == "confirmed"
    assert _status(event, cast.researcher) == "waitlisted"
    assert [m.to for m in mail.outbox] == [[cast.manager.email]]
    assert mail.outbox[0].attachments


def test_raising_the_capacity_moves_waiting_people_up(cast, as_coordinator, make_event):
    event = make_event(capacity=1)
    client_for(cast.worker).post(f"/arenor/{event.pk}/anmalan/")
    client_for(cast.manager).post(f"/arenor/{event.pk}/anmalan/")
    Event.objects.filter(pk=event.pk).update(capacity=2)
    from bryggan.arenas import services

    services.event_save(event=Event.objects.get(pk=event.pk), capacity=2)
    assert _status(event, cast.manager) == "confirmed"


def test_it_refuses_registration_after_the_deadline(cast, as_worker, make_event):
    event = make_event(registration_deadline=timezone.now() - timedelta(hours=1))
    page = as_worker.post(f"/arenor/{event.pk}/anmalan/", follow=True).content.decode()
    assert "deadline has passed" in page or "Sista anmälningsdag har passerat" in page
    assert not Registration.objects.filter(event=event).exists()


def test_it_refuses_registration_for_a_cancelled_event(cast, as_worker, make_event):
    event = make_event(status=Event.Status.CANCELLED)
    as_worker.post(f"/arenor/{event.pk}/anmalan/")
    assert not Registration.objects.filter(event=event).exists()


def test_it_refuses_registration_for_a_past_event(cast, as_worker, make_event):
    event = make_event(start=timezone.now() - timedelta(days=2))
    as_worker.post(f"/arenor/{event.pk}/anmalan/")
    assert not Registration.objects.filter(event=event).exists()


def test_anonymous_visitors_are_sent_to_log_in(cast, anonymous, make_event):
    event = make_event(visibility="public")
    response = anonymous.post(f"/arenor/{event.pk}/anmalan/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_people_cannot_register_for_events_they_cannot_see(cast, as_outsider, make_event):
    event = make_event(visibility="internal")
    assert as_outsider.post(f"/arenor/{event.pk}/anmalan/").status_code == 404


def test_cancelling_a_registration_that_does_not_exist_says_so(cast, as_worker, make_event):
    event = make_event()
    page = as_worker.post(f"/arenor/{event.pk}/avanmalan/", follow=True).content.decode()
    assert "not registered" in page or "inte anmäld" in page


def test_people_can_register_again_after_cancelling(cast, as_worker, make_event):
    event = make_event(capacity=5)
    as_worker.post(f"/arenor/{event.pk}/anmalan/")
    as_worker.post(f"/arenor/{event.pk}/avanmalan/")
    as_worker.post(f"/arenor/{event.pk}/anmalan/")
    assert _status(event, cast.worker) == "confirmed"
    assert Event.objects.get(pk=event.pk).confirmed_count == 1
