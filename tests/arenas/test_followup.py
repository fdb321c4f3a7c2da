"""Attendance, minutes, the learning log, open actions back on the agenda; the group page."""

from datetime import timedelta

import pytest
from django.utils import timezone

from bryggan.arenas.models import Action, Attendance, Event, Membership, Takeaway
from bryggan.people.models import Affiliation, Person, Role

pytestmark = pytest.mark.django_db


def test_the_organiser_marks_attendance_and_people_see_their_own_history(
    cast, as_coordinator, as_worker, make_event, group
):
    event = make_event(series=group, visibility="restricted", title="Första träffen")
    worker = Person.objects.get(user=cast.worker)
    researcher = Person.objects.get(user=cast.researcher)
    page = as_coordinator.get(f"/arenor/{event.pk}/narvaro/").content.decode()
    assert "Wilma Arbetare" in page and "Rut Forskare" in page
    as_coordinator.post(
        f"/arenor/{event.pk}/narvaro/",
        {f"person-{worker.pk}": "present", f"person-{researcher.pk}": "excused"},
    )
    assert dict(Attendance.objects.values_list("person__slug", "status")) == {
        "worker": "present",
        "researcher": "excused",
    }
    history = as_worker.get("/arenor/mina/").content.decode()
    assert "Första träffen" in history and ("Present" in history or "Närvarande" in history)


def test_it_refuses_an_unknown_attendance_status(cast, as_coordinator, make_event, group):
    event = make_event(series=group, visibility="restricted")
    worker = Person.objects.get(user=cast.worker)
    as_coordinator.post(f"/arenor/{event.pk}/narvaro/", {f"person-{worker.pk}": "asleep"})
    assert not Attendance.objects.exists()


def test_only_organisers_mark_attendance(cast, as_worker, make_event, group):
    event = make_event(series=group, visibility="restricted")
    assert as_worker.get(f"/arenor/{event.pk}/narvaro/").status_code == 403


def test_minutes_are_sanitised(cast, as_coordinator, as_worker, make_event, group):
    event = make_event(series=group, visibility="restricted")
    as_coordinator.post(
        f"/arenor/{event.pk}/protokoll/",
        {
            "minutes": '<p onclick="x()">Vi läste <strong>rapporten</strong></p>'
            "<script>alert(1)</script>"
            '<a href="javascript:evil()">länk</a>',
            "decisions": "Pröva samtalsmallen\nBjud in Ungdomsenheten",
        },
    )
    event.refresh_from_db()
    assert (
        "<script" not in event.minutes
        and "onclick" not in event.minutes
        and "javascript:" not in event.minutes
    )
    assert "<strong>rapporten</strong>" in event.minutes
    page = as_worker.get(f"/arenor/{event.pk}/").content.decode()
    assert "<strong>rapporten</strong>" in page and "Bjud in Ungdomsenheten" in page


def test_open_actions_come_back_on_the_next_sessions_until_done(cast, as_worker, make_event, group):
    now = timezone.now()
    first = make_event(series=group, visibility="restricted", start=now - timedelta(days=30))
    second = make_event(series=group, visibility="restricted", start=now + timedelta(days=1))
    third = make_event(series=group, visibility="restricted", start=now + timedelta(days=31))
    other = make_event(visibility="internal", start=now + timedelta(days=2))
    worker = Person.objects.get(user=cast.worker)
    as_worker.post(
        f"/arenor/{first.pk}/atgarder/",
        {
            "title": "Pröva nätverksmöten med skolan",
            "owner": worker.pk,
            "unit": cast.unit.pk,
            "due": "2030-06-01",
        },
    )
    action = Action.objects.get()
    assert action.owner == worker and action.unit == cast.unit and action.status == "planned"
    for event in (second, third):
        assert (
            "Pröva nätverksmöten med skolan"
            in as_worker.get(f"/arenor/{event.pk}/").content.decode()
        )
    assert "Pröva nätverksmöten" not in as_worker.get(f"/arenor/{other.pk}/").content.decode()
    as_worker.post(f"/arenor/atgarder/{action.pk}/", {"status": "done", "note": "Klart"})
    assert (
        "Pröva nätverksmöten med skolan"
        not in as_worker.get(f"/arenor/{third.pk}/").content.decode()
    )


def test_members_write_takeaways_but_others_cannot(cast, as_worker, as_manager, make_event, group):
    event = make_event(series=group, visibility="restricted")
    as_worker.post(f"/arenor/{event.pk}/lardomar/", {"text": "Vi ska fråga ungdomarna oftare"})
    assert Takeaway.objects.get().author.slug == "worker"
    assert as_manager.post(f"/arenor/{event.pk}/lardomar/", {"text": "x"}).status_code == 404


def test_registered_people_may_add_actions_to_an_open_seminar(cast, as_manager, make_event):
    event = make_event()
    assert as_manager.post(f"/arenor/{event.pk}/atgarder/", {"title": "Testa"}).status_code == 403
    as_manager.post(f"/arenor/{event.pk}/anmalan/")
    assert as_manager.post(f"/arenor/{event.pk}/atgarder/", {"title": "Testa"}).status_code == 302
    assert as_manager.post(f"/arenor/{event.pk}/atgarder/", {"title": ""}).status_code == 400


def test_the_group_page_shows_which_units_and_organisations_it_brings_together(
    cast, as_worker, group
):
    other = Person.objects.create(given_name="Vera", family_name="Vuxen", slug="vera")
    Affiliation.objects.create(person=other, organisation=cast.other_unit, role=Role.SOCIAL_WORKER)
    Membership.objects.create(series=group, person=other)
    page = as_worker.get(f"/arenor/grupper/{group.slug}/").content.decode()
    assert "Barn och unga" in page and "Vuxenenheten" in page and "Hälsohögskolan" in page
    assert "2 different units" in page or "2 olika enheter" in page


def test_coordinators_manage_members_reading_list_and_cases(cast, as_coordinator, as_worker, group):
    manager = Person.objects.get(user=cast.manager)
    as_coordinator.post(
        f"/arenor/grupper/{group.slug}/medlemmar/", {"person": manager.pk, "role": "facilitator"}
    )
    assert group.memberships.filter(person=manager, role="facilitator").exists()
    as_coordinator.post(
        f"/arenor/grupper/{group.slug}/lasning/",
        {"title": "Unga och tramadol: en rapport", "url": "https://example.org/rapport"},
    )
    as_worker.post(
        f"/arenor/grupper/{group.slug}/fall/",
        {"title": "Samverkan med skolan", "source": "practice"},
    )
    page = as_worker.get(f"/arenor/grupper/{group.slug}/").content.decode()
    assert "Unga och tramadol: en rapport" in page and "Samverkan med skolan" in page
    assert (
        as_worker.post(f"/arenor/grupper/{group.slug}/lasning/", {"title": "x"}).status_code == 403
    )
    as_coordinator.post(f"/arenor/grupper/{group.slug}/medlemmar/{manager.slug}/ta-bort/")
    assert not group.memberships.filter(person=manager).exists()


def test_facilitators_organise_their_group_sessions(cast, as_manager, make_event, group):
    Membership.objects.create(
        series=group, person=Person.objects.get(user=cast.manager), role="facilitator"
    )
    event = make_event(series=group, visibility="restricted")
    assert as_manager.get(f"/arenor/{event.pk}/narvaro/").status_code == 200
    as_manager.post(f"/arenor/{event.pk}/stall-in/")
    assert Event.objects.get(pk=event.pk).status == "cancelled"


def test_my_groups_lists_the_groups_i_belong_to(cast, as_worker, as_manager, group):
    assert group.title in as_worker.get("/arenor/mina-grupper/").content.decode()
    assert group.title not in as_manager.get("/arenor/mina-grupper/").content.decode()


def test_materials_can_be_files_or_links(
    cast, as_coordinator, as_worker, make_event, settings, tmp_path
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    event = make_event()
    as_coordinator.post(
        f"/arenor/{event.pk}/material/",
        {"title": "Bilder", "file": SimpleUploadedFile("bilder.pdf", b"%PDF-1.4 demo")},
    )
    as_coordinator.post(
        f"/arenor/{event.pk}/material/", {"title": "Rapport", "url": "https://example.org/r"}
    )
    assert as_coordinator.post(f"/arenor/{event.pk}/material/", {"title": "Tom"}).status_code == 400
    page = as_worker.get(f"/arenor/{event.pk}/").content.decode()
    assert (
        "Bilder" in page and "/media/arenas/materials/" in page and "https://example.org/r" in page
    )
    assert event.materials.count() == 2


def test_an_action_tried_in_practice_joins_the_knowledge_cycle_only_for_those_who_see_its_session(
    cast, group
):
    from bryggan.cycle.queries import linked
    from bryggan.cycle.services import link_add
    from bryggan.governance.models import Partnership

    start = timezone.now() - timedelta(days=3)
    session = Event.objects.create(
        kind=Event.Kind.GROUP_SESSION,
        title="Gruppträff",
        series=group,
        start=start,
        end=start + timedelta(hours=2),
        visibility="restricted",
    )
    action = Action.objects.create(event=session, title="Prova samtalsstöd i mottagningen")
    partnership = Partnership.objects.create(
        name_sv="Öppen samverkan", slug="oppen-samverkan", kind="collaboration", visibility="public"
    )
    link_add(a=partnership, b=action)
    member_sees = [r for g in linked(partnership, cast.worker) for r in g["records"]]
    outsider_sees = [r for g in linked(partnership, cast.outsider) for r in g["records"]]
    assert member_sees == [action]
    assert outsider_sees == []
