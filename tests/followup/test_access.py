"""Who sees what: unit staff their unit, managers reports, researchers what the plan grants."""

import pytest

from bryggan.followup import access
from bryggan.followup.models import FollowupPlan, PlanGrant
from bryggan.people.models import Affiliation, Organisation, Person, Role, User
from tests.conftest import PASSWORD, client_for
from tests.followup.conftest import enrol


@pytest.fixture
def pages(world):
    (own,) = enrol(world, world.unit, 1)
    (foreign,) = enrol(world, world.other, 1)
    base = world.plan.get_absolute_url()
    return {
        "plan": base,
        "report": base + "rapport/",
        "comparison": base + "jamforelse/",
        "own_unit": base + "enhet/BU/",
        "other_unit": base + "enhet/VUX/",
        "own_subject": base + f"deltagare/{own.code}/",
        "foreign_subject": base + f"deltagare/{foreign.code}/",
        "own_entry": base + f"deltagare/{own.code}/baseline/{world.version.pk}/",
        "foreign_entry": base + f"deltagare/{foreign.code}/baseline/{world.version.pk}/",
        "export": base + "export/",
        "edit": base + "andra/",
        "log": base + "logg/",
    }


EXPECTED = {
    # page: worker, manager, researcher (records + export), coordinator (created it), outsider
    "plan": (200, 200, 200, 200, 404),
    "report": (200, 200, 200, 200, 404),
    "comparison": (200, 200, 200, 200, 404),
    "own_unit": (200, 200, 404, 404, 404),
    "other_unit": (404, 404, 404, 404, 404),
    "own_subject": (200, 200, 200, 404, 404),
    "foreign_subject": (404, 404, 200, 404, 404),
    "own_entry": (200, 200, 404, 404, 404),
    "foreign_entry": (404, 404, 404, 404, 404),
    "export": (403, 403, 200, 403, 404),
    "edit": (403, 403, 403, 200, 404),
    "log": (403, 403, 403, 200, 404),
}


@pytest.mark.parametrize("page", list(EXPECTED))
def test_each_role_sees_what_the_rules_say(cast, pages, page):
    users = [cast.worker, cast.manager, cast.researcher, cast.coordinator, cast.outsider]
    got = tuple(client_for(user).get(pages[page]).status_code for user in users)
    assert got == EXPECTED[page]


def test_anonymous_visitors_are_sent_to_log_in(pages, anonymous):
    response = anonymous.get(pages["report"])
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_plans_are_listed_only_for_those_taking_part(cast, world):
    for user, sees in [(cast.worker, True), (cast.researcher, True), (cast.outsider, False)]:
        assert FollowupPlan.objects.visible_to(user).filter(pk=world.plan.pk).exists() is sees
    page = client_for(cast.worker).get("/uppfoljning/").content.decode()
    assert world.plan.title in page


def test_a_researcher_without_a_grant_sees_nothing(cast, world):
    PlanGrant.objects.filter(user=cast.researcher).delete()
    client = client_for(cast.researcher)
    assert client.get(world.plan.get_absolute_url()).status_code == 404
    assert client.get(f"/api/v1/followup/plans/{world.plan.slug}").status_code == 404


def test_a_researcher_with_report_access_sees_no_records(cast, world, pages):
    PlanGrant.objects.filter(user=cast.researcher).update(level=PlanGrant.Level.REPORTS)
    client = client_for(cast.researcher)
    assert client.get(pages["report"]).status_code == 200
    assert client.get(pages["own_subject"]).status_code == 404


def test_a_head_of_department_sees_reports_of_every_unit_below_but_enters_nothing(
    cast, world, pages
):
    head = User.objects.create_user("head@test.example", PASSWORD)
    person = Person.objects.create(given_name="Hedda", family_name="Chef", slug="hedda", user=head)
    Affiliation.objects.create(person=person, organisation=cast.department, role=Role.MANAGER)
    client = client_for(head)
    assert client.get(pages["report"] + "?unit=VUX").status_code == 200
    assert "Vuxenenheten" in client.get(pages["report"]).content.decode()
    assert client.get(pages["own_unit"]).status_code == 404
    assert {u.code for u in access.report_units(head, world.plan)} == {"BU", "VUX"}


def test_a_manager_of_one_unit_cannot_pick_another_units_report(cast, world, pages):
    client = client_for(cast.manager)
    page = client.get(pages["report"] + "?unit=VUX").content.decode()
    assert "Vuxenenheten" not in page.split("<main")[1].split("</form>")[1]


def test_a_social_worker_in_a_team_belongs_to_the_unit_above(cast, world, pages):
    team = Organisation.objects.create(
        name_sv="Team 1", slug="team-1", kind=Organisation.Kind.UNIT, parent=cast.unit
    )
    user = User.objects.create_user("team@test.example", PASSWORD)
    person = Person.objects.create(given_name="Tea", family_name="M", slug="tea", user=user)
    Affiliation.objects.create(person=person, organisation=team, role=Role.SOCIAL_WORKER)
    assert client_for(user).get(pages["own_unit"]).status_code == 200


def test_administrators_manage_plans_and_read_the_audit_log(cast, world, as_admin, as_coordinator):
    assert as_admin.get(world.plan.get_absolute_url() + "andra/").status_code == 200
    assert as_admin.get("/uppfoljning/logg/").status_code == 200
    assert as_coordinator.get("/uppfoljning/logg/").status_code == 403


def test_only_coordinators_create_plans(as_worker, as_coordinator):
    assert as_worker.get("/uppfoljning/planer/ny/").status_code == 403
    assert as_coordinator.get("/uppfoljning/planer/ny/").status_code == 200
