"""Meetings: agenda, documents, minutes, numbered decisions, actions that return to the agenda."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from bryggan.governance import services
from bryggan.governance.models import ActionItem, Body, Decision, Meeting, MeetingDocument, Minutes
from tests.governance.conftest import local, person

pytestmark = pytest.mark.django_db


def test_the_secretary_plans_a_meeting_and_its_agenda(cast, as_manager, as_worker, body):
    start = (timezone.localtime() + timedelta(days=14)).replace(hour=9, minute=0)
    response = as_manager.post(
        f"/styrning/organ/{body.slug}/moten/nytt/",
        {
            "title": "",
            "start": start.strftime("%Y-%m-%dT%H:%M"),
            "end": (start + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
            "place": "Stadshuset",
            "online_url": "",
            "visibility": "public",
        },
    )
    meeting = Meeting.objects.get()
    assert response.status_code == 302 and response["Location"] == meeting.get_absolute_url()
    as_manager.post(
        f"/styrning/moten/{meeting.pk}/dagordning/",
        {"title": "Verksamhetsplan", "kind": "decision", "description": "", "presenter": ""},
    )
    as_manager.post(
        f"/styrning/moten/{meeting.pk}/dagordning/",
        {"title": "Budget", "kind": "decision", "description": "", "presenter": ""},
    )
    assert list(meeting.agenda.values_list("position", "title")) == [
        (1, "Verksamhetsplan"),
        (2, "Budget"),
    ]
    page = as_worker.get(meeting.get_absolute_url()).content.decode()
    assert page.index("Verksamhetsplan") < page.index("Budget")
    # an ordinary member does not run the meeting
    assert (
        as_worker.post(
            f"/styrning/moten/{meeting.pk}/dagordning/", {"title": "X", "kind": "information"}
        ).status_code
        == 403
    )


def test_a_meeting_must_end_after_it_starts(cast, as_manager, body):
    response = as_manager.post(
        f"/styrning/organ/{body.slug}/moten/nytt/",
        {
            "start": "2030-01-10T10:00",
            "end": "2030-01-10T09:00",
            "place": "Rum 1",
            "visibility": "public",
        },
    )
    assert response.status_code == 400 and "Rum 1" in response.content.decode()
    assert not Meeting.objects.exists()


def test_minutes_are_sanitised_and_members_only(
    cast, as_manager, as_worker, as_researcher, anonymous, body, make_meeting
):
    meeting = make_meeting(body)
    response = as_manager.post(
        f"/styrning/moten/{meeting.pk}/protokoll/",
        {
            "text": '<p onclick="x()">Vi beslutade <strong>budget</strong>.</p><script>alert(1)</script>',
            "visibility": "restricted",
            "approved_on": "",
        },
    )
    assert response.status_code == 302
    minutes = Minutes.objects.get()
    assert "<script>" not in minutes.text and "onclick" not in minutes.text
    assert "<strong>budget</strong>" in minutes.text
    assert "<strong>budget</strong>" in as_worker.get(meeting.get_absolute_url()).content.decode()
    for client in (as_researcher, anonymous):
        page = client.get(meeting.get_absolute_url()).content.decode()
        assert "budget" not in page and "organets medlemmar" in page


def test_public_minutes_are_read_by_everyone(cast, anonymous, body, make_meeting):
    meeting = make_meeting(body)
    services.minutes_save(meeting=meeting, text="<p>Öppet protokoll</p>", visibility="public")
    assert "Öppet protokoll" in anonymous.get(meeting.get_absolute_url()).content.decode()


def test_minutes_cannot_be_approved_before_the_meeting(cast, as_manager, body, make_meeting):
    meeting = make_meeting(body)
    day = (timezone.localdate() - timedelta(days=30)).isoformat()
    response = as_manager.post(
        f"/styrning/moten/{meeting.pk}/protokoll/",
        {"text": "<p>Text</p>", "visibility": "restricted", "approved_on": day},
    )
    assert response.status_code == 400 and not Minutes.objects.exists()


def test_decisions_are_numbered_per_body_and_year(
    cast, as_manager, partnership, body, make_meeting
):
    first = make_meeting(body, start=local(2025, 11, 4, 9, 0))
    second = make_meeting(body, start=local(2025, 12, 9, 9, 0))
    new_year = make_meeting(body, start=local(2026, 1, 13, 9, 0))
    for meeting, title in [
        (first, "Budget"),
        (first, "Plan"),
        (second, "Rapport"),
        (new_year, "Mål"),
    ]:
        response = as_manager.post(
            f"/styrning/moten/{meeting.pk}/beslut/",
            {"title": title, "text": "", "agenda_item": "", "visibility": "public"},
        )
        assert response.status_code == 302
    assert list(Decision.objects.order_by("pk").values_list("reference", flat=True)) == [
        "SG 2025:1",
        "SG 2025:2",
        "SG 2025:3",
        "SG 2026:1",
    ]
    other = services.body_save(
        partnership=partnership,
        kind=Body.Kind.MANAGERS_NETWORK,
        name_sv="Nätverket",
        established=first.start.date(),
    )
    meeting = make_meeting(other, start=local(2025, 11, 5, 9, 0))
    assert (
        services.decision_add(meeting=meeting, title="Träffas varje månad").reference == "CN 2025:1"
    )


def test_decisions_wait_for_the_meeting_and_never_come_from_a_cancelled_one(
    cast, as_manager, body, make_meeting
):
    coming = make_meeting(body, days=3)
    response = as_manager.post(
        f"/styrning/moten/{coming.pk}/beslut/", {"title": "För tidigt", "visibility": "public"}
    )
    assert response.status_code == 400 and "För tidigt" in response.content.decode()
    past = make_meeting(body, days=-3)
    as_manager.post(f"/styrning/moten/{past.pk}/stall-in/")
    past.refresh_from_db()
    assert past.is_cancelled
    assert (
        as_manager.post(
            f"/styrning/moten/{past.pk}/beslut/", {"title": "Ändå", "visibility": "public"}
        ).status_code
        == 400
    )
    assert not Decision.objects.exists()


def test_a_meeting_that_made_decisions_cannot_be_cancelled(cast, as_manager, body, make_meeting):
    meeting = make_meeting(body)
    services.decision_add(meeting=meeting, title="Beslut")
    as_manager.post(f"/styrning/moten/{meeting.pk}/stall-in/")
    meeting.refresh_from_db()
    assert not meeting.is_cancelled


def test_the_decision_log_is_searchable_per_body_and_across_bodies(
    cast, anonymous, as_worker, partnership, body, make_meeting
):
    meeting = make_meeting(body, start=local(2026, 2, 3, 9, 0))
    services.decision_add(meeting=meeting, title="Budget för forskningspodden", visibility="public")
    services.decision_add(meeting=meeting, title="Verksamhetsplan antas", visibility="public")
    services.decision_add(meeting=meeting, title="Personalfråga", visibility="restricted")
    log = f"/styrning/organ/{body.slug}/beslut/"

    def refs(client, url, **query):
        page = client.get(url, query).content.decode()
        return [r for r in ("SG 2026:1", "SG 2026:2", "SG 2026:3") if f">{r}</a>" in page]

    assert refs(anonymous, log) == ["SG 2026:1", "SG 2026:2"]
    assert refs(as_worker, log) == ["SG 2026:1", "SG 2026:2", "SG 2026:3"]
    assert refs(anonymous, log, q="forskningspodden") == ["SG 2026:1"]
    assert refs(anonymous, log, q="SG 2026:2") == ["SG 2026:2"]
    assert refs(anonymous, log, q="2026:2") == ["SG 2026:2"]
    assert refs(anonymous, "/styrning/beslut/", q="verksamhetsplan", partnership="test") == [
        "SG 2026:2"
    ]
    assert refs(anonymous, "/styrning/beslut/", year="2025") == []


def test_a_restricted_decision_page_is_hidden_but_a_public_decision_of_a_closed_meeting_is_not(
    cast, anonymous, body, make_meeting
):
    meeting = make_meeting(body, visibility="restricted")
    public = services.decision_add(meeting=meeting, title="Offentligt beslut", visibility="public")
    hidden = services.decision_add(meeting=meeting, title="Internt beslut")
    assert anonymous.get(hidden.get_absolute_url()).status_code == 404
    page = anonymous.get(public.get_absolute_url()).content.decode()
    assert "Offentligt beslut" in page and meeting.get_absolute_url() not in page


def test_actions_stay_on_every_later_agenda_until_they_are_closed(
    cast, as_manager, as_worker, body, make_meeting
):
    first = make_meeting(body, days=-30)
    second = make_meeting(body, days=-10)
    coming = make_meeting(body, days=10)
    response = as_manager.post(
        f"/styrning/moten/{first.pk}/atgarder/",
        {
            "title": "Ta fram en rutin",
            "owner": person(cast.worker).pk,
            "due": (timezone.localdate() + timedelta(days=5)).isoformat(),
            "decision": "",
            "visibility": "public",
        },
    )
    assert response.status_code == 302
    action = ActionItem.objects.get()
    assert "Ta fram en rutin" in as_worker.get(second.get_absolute_url()).content.decode()
    assert "Ta fram en rutin" in as_worker.get(coming.get_absolute_url()).content.decode()
    # the owner closes it
    as_worker.post(f"/styrning/atgarder/{action.pk}/", {"status": "done", "note": "Klar"})
    action.refresh_from_db()
    assert action.status == "done" and action.closed_at is not None
    assert "Ta fram en rutin" not in as_worker.get(coming.get_absolute_url()).content.decode()
    # the agenda of the meeting it was open at still shows it, as on the day
    assert "Ta fram en rutin" in as_worker.get(second.get_absolute_url()).content.decode()


def test_only_the_owner_or_the_bodys_managers_update_an_action(
    cast, as_researcher, as_worker, body, make_meeting
):
    meeting = make_meeting(body)
    action = services.action_add(
        meeting=meeting, title="Ring kommunen", owner=person(cast.manager), visibility="public"
    )
    assert as_worker.post(f"/styrning/atgarder/{action.pk}/", {"status": "done"}).status_code == 403
    assert (
        as_researcher.post(f"/styrning/atgarder/{action.pk}/", {"status": "done"}).status_code
        == 403
    )
    action.refresh_from_db()
    assert action.is_open


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"owner": ""}, "Varje åtgärd behöver en ansvarig"),
        ({"due": "2001-01-01"}, "före mötet"),
    ],
)
def test_actions_need_an_owner_and_a_due_date_after_the_meeting(
    cast, as_manager, body, make_meeting, fields, expected
):
    meeting = make_meeting(body)
    data = {
        "title": "Ny rutin",
        "owner": person(cast.worker).pk,
        "due": "",
        "decision": "",
        "visibility": "public",
    }
    response = as_manager.post(f"/styrning/moten/{meeting.pk}/atgarder/", {**data, **fields})
    assert response.status_code == 400
    assert expected in response.content.decode()
    assert not ActionItem.objects.exists()


def test_members_only_documents(
    cast, as_manager, as_worker, as_researcher, anonymous, body, make_meeting
):
    meeting = make_meeting(body)
    response = as_manager.post(
        f"/styrning/moten/{meeting.pk}/dokument/",
        {
            "title": "Budgetunderlag",
            "file": SimpleUploadedFile("budget.pdf", b"%PDF-1.4 x"),
            "url": "",
            "visibility": "restricted",
        },
    )
    assert response.status_code == 302
    document = MeetingDocument.objects.get()
    assert as_worker.get(document.get_absolute_url()).status_code == 200
    assert as_researcher.get(document.get_absolute_url()).status_code == 404
    assert anonymous.get(document.get_absolute_url()).status_code == 404
    assert "Budgetunderlag" not in anonymous.get(meeting.get_absolute_url()).content.decode()
    assert "Budgetunderlag" in as_worker.get(meeting.get_absolute_url()).content.decode()


def test_a_document_needs_a_file_or_a_link(cast, as_manager, body, make_meeting):
    meeting = make_meeting(body)
    response = as_manager.post(
        f"/styrning/moten/{meeting.pk}/dokument/",
        {"title": "Tomt", "url": "", "visibility": "public"},
    )
    assert response.status_code == 400 and not MeetingDocument.objects.exists()


def test_a_members_only_meeting_is_hidden_from_non_members(
    cast, anonymous, as_researcher, as_worker, body, make_meeting
):
    meeting = make_meeting(body, visibility="restricted", title="Slutet möte")
    assert as_worker.get(meeting.get_absolute_url()).status_code == 200
    assert as_researcher.get(meeting.get_absolute_url()).status_code == 404
    assert anonymous.get(meeting.get_absolute_url()).status_code == 404
    assert "Slutet möte" not in anonymous.get(body.get_absolute_url()).content.decode()


def test_knowledge_cycle_links_follow_the_governance_rules(
    cast, anonymous, as_worker, partnership, body, make_meeting
):
    from bryggan.cycle.services import link_add

    body.visibility = "restricted"
    body.save()
    meeting = make_meeting(body, title="Styrgruppens möte om podden", visibility="public")
    link_add(a=partnership, b=meeting)
    assert "Styrgruppens möte om podden" not in anonymous.get("/samverkan/test/").content.decode()
    assert "Styrgruppens möte om podden" in as_worker.get("/samverkan/test/").content.decode()
