"""Materials of an event: files, links and publications from the library."""

import pytest

from bryggan.arenas.models import Material
from bryggan.cycle.models import Link

from .conftest import make_report

pytestmark = pytest.mark.django_db


def test_an_organiser_finds_a_publication_by_title_and_adds_it_as_material(
    cast, as_coordinator, anonymous, make_event, report
):
    make_report(title="Barn i familjer med missbruk", subtitle="")
    event = make_event(visibility="public")
    page = as_coordinator.get(f"/arenor/{event.pk}/material/", {"q": "kunskapsstyrning"})
    assert page.status_code == 200
    text = page.content.decode()
    assert (
        "Kunskapsstyrning i socialtjänsten" in text and "Barn i familjer med missbruk" not in text
    )
    response = as_coordinator.post(f"/arenor/{event.pk}/material/", {"publication": report.pk})
    assert response.status_code == 302
    material = Material.objects.get(event=event)
    assert material.publication == report and material.kind == "publication"
    detail = anonymous.get(f"/arenor/{event.pk}/").content.decode()
    assert f'href="/bibliotek/{report.pk}/"' in detail or report.get_absolute_url() in detail
    for shown in ("Kunskapsstyrning i socialtjänsten", "Ingrid Björk", "Marcus Ekholm", "2024"):
        assert shown in detail
    # The event and the publication are linked in the knowledge cycle: the publication page
    # shows the seminar.
    assert Link.objects.count() == 1
    assert event.title in anonymous.get(report.get_absolute_url()).content.decode()


def test_a_publication_material_is_shown_only_to_those_who_may_see_the_publication(
    cast, as_coordinator, anonymous, as_worker, make_event
):
    hidden = make_report(title="Intern rapport om placeringar", visibility="internal")
    event = make_event(visibility="public")
    as_coordinator.post(f"/arenor/{event.pk}/material/", {"publication": hidden.pk})
    assert Material.objects.filter(event=event, publication=hidden).exists()
    assert "Intern rapport om placeringar" in as_worker.get(f"/arenor/{event.pk}/").content.decode()
    assert (
        "Intern rapport om placeringar"
        not in anonymous.get(f"/arenor/{event.pk}/").content.decode()
    )
    assert anonymous.get(f"/api/v1/events/{event.pk}/materials").json() == []


def test_it_refuses_a_publication_the_organiser_may_not_see(cast, as_coordinator, make_event):
    secret = make_report(title="Hemlig rapport", visibility="restricted")
    event = make_event()
    search = as_coordinator.get(f"/arenor/{event.pk}/material/", {"q": "hemlig"})
    assert "Hemlig rapport" not in search.content.decode()
    response = as_coordinator.post(f"/arenor/{event.pk}/material/", {"publication": secret.pk})
    assert response.status_code == 400
    assert not Material.objects.exists() and not Link.objects.exists()


def test_it_refuses_the_same_publication_twice_and_a_link_without_title(
    cast, as_coordinator, make_event, report
):
    event = make_event()
    as_coordinator.post(f"/arenor/{event.pk}/material/", {"publication": report.pk})
    again = as_coordinator.post(f"/arenor/{event.pk}/material/", {"publication": report.pk})
    assert again.status_code == 400
    assert "redan bland materialet" in again.content.decode()
    untitled = as_coordinator.post(
        f"/arenor/{event.pk}/material/", {"url": "https://example.org/bilder.pdf"}
    )
    assert untitled.status_code == 400 and "Ge materialet en titel" in untitled.content.decode()
    assert Material.objects.count() == 1


def test_only_organisers_add_materials(cast, as_worker, make_event, report):
    event = make_event()
    assert as_worker.get(f"/arenor/{event.pk}/material/").status_code == 403
    assert (
        as_worker.post(f"/arenor/{event.pk}/material/", {"publication": report.pk}).status_code
        == 403
    )
    assert not Material.objects.exists()


def test_links_are_still_added_as_before(cast, as_coordinator, anonymous, make_event):
    event = make_event(visibility="public")
    response = as_coordinator.post(
        f"/arenor/{event.pk}/material/",
        {"title": "Bilderna", "url": "https://example.org/bilder.pdf"},
    )
    assert response.status_code == 302
    page = anonymous.get(f"/arenor/{event.pk}/").content.decode()
    assert 'href="https://example.org/bilder.pdf"' in page and "Bilderna" in page
