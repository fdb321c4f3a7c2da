"""Governance bodies: members with role and term, history, transformation, archive instead of delete."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from bryggan.governance import services
from bryggan.governance.models import Body, BodyEvent, Membership
from tests.governance.conftest import person

pytestmark = pytest.mark.django_db


def _seat(as_coordinator, body, who, **fields):
    data = {
        "person": who.pk,
        "role": "member",
        "represents": "",
        "start": "2024-01-01",
        "end": "",
        "note": "",
    }
    data.update(fields)
    return as_coordinator.post(f"/styrning/organ/{body.slug}/medlemmar/", data)


def test_a_coordinator_creates_a_body_and_its_history_starts(cast, as_coordinator, partnership):
    response = as_coordinator.post(
        "/samverkan/test/organ/nytt/",
        {
            "kind": "reference_group",
            "name_sv": "Referensgruppen",
            "name_en": "",
            "decision_prefix": "",
            "mandate": "Ger råd",
            "established": "2024-04-15",
            "visibility": "public",
        },
    )
    body = Body.objects.get(name_sv="Referensgruppen")
    assert response.status_code == 302 and body.prefix == "RG"
    assert list(body.history.values_list("kind", flat=True)) == [BodyEvent.Kind.ESTABLISHED]
    page = as_coordinator.get(body.get_absolute_url()).content.decode()
    assert "2024-04-15" in page and "Ger råd" in page


def test_members_with_role_and_term(cast, as_coordinator, body):
    researcher = person(cast.researcher)
    assert (
        _seat(as_coordinator, body, researcher, role="chair", end="2027-12-31").status_code == 302
    )
    page = as_coordinator.get(body.get_absolute_url()).content.decode()
    assert "Rut Forskare" in page and "2027-12-31" in page


def test_overlapping_terms_with_the_same_role_are_refused(cast, as_coordinator, body):
    worker = person(cast.worker)  # a member since 2020, open-ended
    response = _seat(as_coordinator, body, worker, start="2024-01-01")
    assert response.status_code == 400
    page = response.content.decode()
    assert "Wilma Arbetare" in page and "får inte överlappa" in page
    assert Membership.objects.filter(body=body, person=worker).count() == 1
    # another role at the same time is fine
    assert _seat(as_coordinator, body, worker, role="deputy").status_code == 302


def test_a_term_may_follow_the_previous_one(cast, body):
    researcher = person(cast.researcher)
    services.membership_add(
        body=body, person=researcher, role="member", start=date(2021, 1, 1), end=date(2022, 12, 31)
    )
    services.membership_add(body=body, person=researcher, role="member", start=date(2023, 1, 1))
    with pytest.raises(Exception, match="2021-01-01"):
        services.membership_add(
            body=body,
            person=researcher,
            role="member",
            start=date(2022, 6, 1),
            end=date(2023, 2, 1),
        )


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        (
            {"start": "2025-01-01", "end": "2024-12-31"},
            "sluta innan den börjar",
        ),
        ({"start": "2019-01-01"}, "innan organet inrättades"),
    ],
)
def test_terms_that_end_before_they_start_or_begin_too_early(
    cast, as_coordinator, body, fields, expected
):
    response = _seat(as_coordinator, body, person(cast.researcher), **fields)
    assert response.status_code == 400
    assert expected in response.content.decode()
    assert not Membership.objects.filter(person__user=cast.researcher).exists()


def test_ending_a_term(cast, as_coordinator, body):
    seat = Membership.objects.get(body=body, person__user=cast.worker)
    response = as_coordinator.post(
        f"/styrning/organ/{body.slug}/medlemmar/{seat.pk}/",
        {
            "role": "member",
            "represents": "",
            "start": "2020-01-01",
            "end": "2024-06-30",
            "note": "",
        },
    )
    assert response.status_code == 302
    seat.refresh_from_db()
    assert seat.end == date(2024, 6, 30) and not seat.is_current


def test_a_reference_group_becomes_a_steering_group_and_both_keep_their_history(
    cast, as_coordinator, as_worker, partnership, make_meeting
):
    reference = services.body_save(
        partnership=partnership,
        kind=Body.Kind.REFERENCE_GROUP,
        name_sv="Referensgruppen",
        established=date(2024, 4, 15),
        visibility="internal",
    )
    services.membership_add(
        body=reference, person=person(cast.worker), role="chair", start=date(2024, 4, 15)
    )
    meeting = make_meeting(reference, start=timezone.now() - timedelta(days=60))
    services.decision_add(meeting=meeting, title="Vi föreslår att bli styrgrupp")
    services.action_add(
        meeting=meeting, title="Skriv ett förslag till arbetsordning", owner=person(cast.worker)
    )
    on = timezone.localdate() - timedelta(days=30)
    response = as_coordinator.post(
        f"/styrning/organ/{reference.slug}/ombilda/",
        {
            "kind": "steering_group",
            "name_sv": "Styrgruppen",
            "name_en": "Steering group",
            "decision_prefix": "",
            "on": on.isoformat(),
            "mandate": "",
            "note": "Gruppen fick beslutsmandat",
            "carry_members": "on",
        },
    )
    steering = Body.objects.get(name_sv="Styrgruppen")
    assert response.status_code == 302 and response["Location"] == steering.get_absolute_url()
    reference.refresh_from_db()
    assert reference.succeeded_by == steering and reference.ended == on - timedelta(days=1)
    assert steering.prefix == "SG" and steering.established == on
    # the chair continues in the new body; the old seat ends, it is not deleted
    assert Membership.objects.get(body=steering).role == "chair"
    assert Membership.objects.get(body=reference).end == on - timedelta(days=1)
    # the timeline on both pages tells the story
    for page in (
        as_worker.get(steering.get_absolute_url()).content.decode(),
        as_worker.get(reference.get_absolute_url()).content.decode(),
    ):
        assert "Gruppen fick beslutsmandat" in page
    assert "Referensgruppen" in as_worker.get(steering.get_absolute_url()).content.decode()
    # the open action of the reference group is on the steering group's next agenda
    upcoming = make_meeting(steering, days=7)
    agenda = as_worker.get(upcoming.get_absolute_url()).content.decode()
    assert "Skriv ett förslag till arbetsordning" in agenda
    # and the reference group's decision log is intact
    assert "RG " in as_worker.get(f"/styrning/organ/{reference.slug}/beslut/").content.decode()


def test_a_transformation_cannot_start_before_the_body_was_established(cast, as_coordinator, body):
    response = as_coordinator.post(
        f"/styrning/organ/{body.slug}/ombilda/",
        {"kind": "steering_group", "name_sv": "Ny", "on": "2019-01-01", "carry_members": "on"},
    )
    assert response.status_code == 400
    assert Body.objects.count() == 1
    body.refresh_from_db()
    assert body.succeeded_by is None and body.ended is None


def test_a_body_with_history_is_archived_never_deleted(cast, as_coordinator, anonymous, body):
    response = as_coordinator.post(f"/styrning/organ/{body.slug}/ta-bort/", follow=True)
    page = response.content.decode()
    assert "har en historik" in page and "Arkivera det i stället" in page
    assert Body.objects.filter(pk=body.pk).exists() and body.memberships.count() == 2
    assert as_coordinator.get(f"/styrning/organ/{body.slug}/ta-bort/").status_code == 200
    as_coordinator.post(f"/styrning/organ/{body.slug}/arkiv/", {"note": "Uppdraget slutfört"})
    body.refresh_from_db()
    assert body.archived and body.ended is not None
    assert (
        "Styrgruppen"
        not in anonymous.get("/samverkan/test/")
        .content.decode()
        .split("bodies-heading")[1]
        .split("</section>")[0]
    )
    assert anonymous.get(body.get_absolute_url()).status_code == 200  # the history stays readable
    assert "Uppdraget slutfört" in anonymous.get(body.get_absolute_url()).content.decode()
    as_coordinator.post(f"/styrning/organ/{body.slug}/arkiv/", {"action": "reopen"})
    body.refresh_from_db()
    assert not body.archived


def test_a_body_made_by_mistake_can_be_deleted(cast, as_coordinator, partnership):
    body = services.body_save(
        partnership=partnership, kind="political_forum", name_sv="Fel", established=date(2026, 1, 1)
    )
    assert as_coordinator.post(f"/styrning/organ/{body.slug}/ta-bort/").status_code == 302
    assert not Body.objects.filter(pk=body.pk).exists()


def test_only_coordinators_change_bodies(cast, as_manager, as_worker, body):
    assert as_worker.get(f"/styrning/organ/{body.slug}/andra/").status_code == 403
    assert as_manager.post(f"/styrning/organ/{body.slug}/ta-bort/").status_code == 403
    assert as_worker.post(f"/styrning/organ/{body.slug}/arkiv/").status_code == 403
    assert _seat(as_worker, body, person(cast.researcher)).status_code == 403


def test_a_members_only_body_is_hidden_from_everyone_else(
    cast, anonymous, as_worker, as_researcher, as_coordinator, body
):
    body.visibility = "restricted"
    body.save()
    assert as_worker.get(body.get_absolute_url()).status_code == 200  # a member
    assert as_coordinator.get(body.get_absolute_url()).status_code == 200
    assert as_researcher.get(body.get_absolute_url()).status_code == 404
    assert anonymous.get(body.get_absolute_url()).status_code == 404
    assert "Styrgruppen" not in anonymous.get("/styrning/").content.decode()


def test_a_former_member_no_longer_sees_members_only_content(cast, as_worker, body):
    body.visibility = "restricted"
    body.save()
    Membership.objects.filter(body=body, person__user=cast.worker).update(end=date(2023, 1, 1))
    assert as_worker.get(body.get_absolute_url()).status_code == 404


def test_a_hidden_predecessor_or_successor_stays_unnamed(cast, anonymous, as_worker, partnership):
    reference = services.body_save(
        partnership=partnership,
        kind=Body.Kind.REFERENCE_GROUP,
        name_sv="Hemliga referensgruppen",
        established=date(2024, 1, 1),
        visibility="restricted",
    )
    services.membership_add(
        body=reference, person=person(cast.worker), role="member", start=date(2024, 1, 1)
    )
    steering = services.body_transform(
        body=reference,
        kind=Body.Kind.STEERING_GROUP,
        name_sv="Öppna styrgruppen",
        on=date(2025, 1, 1),
    )
    steering.visibility = "public"
    steering.save()
    public_page = anonymous.get(steering.get_absolute_url()).content.decode()
    assert "Öppna styrgruppen" in public_page and "Hemliga referensgruppen" not in public_page
    assert "Hemliga referensgruppen" in as_worker.get(steering.get_absolute_url()).content.decode()
    history = anonymous.get(f"/api/v1/bodies/{steering.slug}/history").json()
    assert not any("Hemliga" in entry["text"] for entry in history)
    # and the other way round: a public body's hidden successor is not named either
    reference.visibility, steering.visibility = "public", "restricted"
    reference.save()
    steering.save()
    assert anonymous.get(f"/api/v1/bodies/{reference.slug}").json()["succeeded_by"] is None
    assert "Öppna styrgruppen" not in anonymous.get(reference.get_absolute_url()).content.decode()
    assert "Öppna styrgruppen" not in anonymous.get("/styrning/").content.decode()
