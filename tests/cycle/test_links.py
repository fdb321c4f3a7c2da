"""Knowledge-cycle links between records of different apps."""

import pytest
from django.core.exceptions import ValidationError

from bryggan.api.models import ApiToken
from bryggan.core.models import Visibility
from bryggan.cycle.models import Link
from bryggan.cycle.queries import linked, linked_of, reachable
from bryggan.cycle.services import link_add, link_remove
from bryggan.governance.models import Partnership
from bryggan.people.models import Organisation

pytestmark = pytest.mark.django_db


@pytest.fixture
def partnerships(cast):
    public = Partnership.objects.create(
        name_sv="Öppen", slug="oppen", kind="collaboration", visibility=Visibility.PUBLIC
    )
    internal = Partnership.objects.create(
        name_sv="Intern", slug="intern", kind="project", visibility=Visibility.INTERNAL
    )
    return public, internal


def test_a_link_is_stored_once_whichever_end_comes_first(cast, partnerships):
    public, internal = partnerships
    link_add(a=public, b=internal)
    link_add(a=internal, b=public)
    assert Link.objects.count() == 1
    assert list(linked_of(public, Partnership)) == [internal]
    assert list(linked_of(internal, Partnership)) == [public]


def test_a_record_cannot_be_linked_to_itself(cast, partnerships):
    with pytest.raises(ValidationError):
        link_add(a=partnerships[0], b=partnerships[0])


def test_links_show_only_what_the_user_may_see(cast, partnerships):
    public, internal = partnerships
    link_add(a=public, b=internal)
    link_add(a=public, b=cast.unit)
    anonymous_view = linked(public, cast.outsider)
    shown = [r for g in anonymous_view for r in g["records"]]
    assert internal not in shown and cast.unit in shown
    staff_view = [r for g in linked(public, cast.worker) for r in g["records"]]
    assert internal in staff_view


def test_reachable_walks_the_graph_in_steps(cast, partnerships):
    public, internal = partnerships
    link_add(a=public, b=internal)
    link_add(a=internal, b=cast.unit)
    assert reachable(public, cast.worker) == [(1, internal), (2, cast.unit)]


def test_removing_a_link(cast, partnerships):
    link_add(a=partnerships[0], b=partnerships[1])
    assert link_remove(a=partnerships[1], b=partnerships[0]) is True
    assert not Link.objects.exists()


def test_a_coordinator_links_records_on_the_page_without_javascript(
    cast, partnerships, as_coordinator
):
    public, internal = partnerships
    url = f"/kopplingar/governance.partnership/{public.pk}/"
    page = as_coordinator.get(url, {"kind": "governance.partnership", "q": "Int"}).content.decode()
    assert "Intern" in page
    as_coordinator.post(
        url + "andra/",
        {"other_key": "governance.partnership", "other_id": internal.pk, "action": "add"},
    )
    assert list(linked_of(public, Partnership)) == [internal]
    assert "Intern" in as_coordinator.get(f"/samverkan/{public.slug}/").content.decode()
    as_coordinator.post(
        url + "andra/",
        {"other_key": "governance.partnership", "other_id": internal.pk, "action": "remove"},
    )
    assert not Link.objects.exists()


def test_only_coordinators_manage_links(cast, partnerships, as_worker):
    url = f"/kopplingar/governance.partnership/{partnerships[0].pk}/"
    assert as_worker.get(url).status_code == 403
    response = as_worker.post(
        url + "andra/", {"other_key": "people.organisation", "other_id": cast.unit.pk}
    )
    assert response.status_code == 403
    assert not Link.objects.exists()


def test_unregistered_kinds_cannot_be_linked(cast, partnerships, as_coordinator):
    url = f"/kopplingar/people.user/{cast.worker.pk}/"
    assert as_coordinator.get(url).status_code == 404


def test_links_through_the_api(cast, partnerships, anonymous):
    public, internal = partnerships
    _token, secret = ApiToken.issue(user=cast.coordinator, name="t")
    response = anonymous.post(
        "/api/v1/links",
        {
            "a": {"kind": "governance.partnership", "id": public.pk},
            "b": {"kind": "people.organisation", "id": cast.unit.pk},
        },
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {secret}",
    )
    assert response.status_code == 201
    items = anonymous.get(f"/api/v1/links/governance.partnership/{public.pk}").json()
    assert [(i["kind"], i["id"]) for i in items] == [("people.organisation", cast.unit.pk)]
    assert anonymous.get(f"/api/v1/links/governance.partnership/{internal.pk}").status_code == 404
    assert Organisation.objects.filter(pk=cast.unit.pk).exists()
