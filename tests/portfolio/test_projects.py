"""Projects through the pages: the list and its filters, the project page, forms, status history."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from bryggan.people.models import Organisation
from bryggan.portfolio import services
from bryggan.portfolio.models import Participation, Project, StatusChange

pytestmark = pytest.mark.django_db


def test_the_list_shows_public_projects_to_everyone_and_internal_ones_to_staff(
    cast, anonymous, as_worker, as_outsider, make_project
):
    make_project(title="Öppet projekt")
    make_project(
        title="Hemlig ansökan",
        kind=Project.Kind.JOINT_APPLICATION,
        status=Project.Status.APPLICATION,
        visibility="internal",
    )
    public = anonymous.get("/projekt/").content.decode()
    assert "Öppet projekt" in public and "Hemlig ansökan" not in public
    assert "Hemlig ansökan" not in as_outsider.get("/projekt/").content.decode()
    assert "Hemlig ansökan" in as_worker.get("/projekt/").content.decode()


def test_an_internal_application_does_not_leak_to_the_public(
    cast, anonymous, as_worker, make_project, area, forte
):
    secret = make_project(
        title="Hemlig ansökan",
        kind=Project.Kind.JOINT_APPLICATION,
        status=Project.Status.APPLICATION,
        visibility="internal",
        priority_areas=[area],
    )
    services.funding_add(project=secret, funder=forte, year=2025, amount=100, status="applied")
    assert anonymous.get(secret.get_absolute_url()).status_code == 404
    assert anonymous.get(f"/api/v1/portfolio/projects/{secret.slug}").status_code == 404
    assert anonymous.get("/api/v1/portfolio/projects").json()["count"] == 0
    assert "Hemlig ansökan" not in anonymous.get(area.get_absolute_url()).content.decode()
    assert "Hemlig ansökan" not in anonymous.get("/sitemap.xml").content.decode()
    assert "Hemlig ansökan" not in anonymous.get("/projekt/?funder=forte").content.decode()
    assert as_worker.get(secret.get_absolute_url()).status_code == 200
    assert "Hemlig ansökan" in as_worker.get(area.get_absolute_url()).content.decode()


def test_a_restricted_project_is_seen_only_by_its_participants(
    cast, as_worker, as_manager, as_coordinator, make_project, person_of
):
    project = make_project(title="Bara för deltagare", visibility="restricted")
    services.participation_add(
        project=project, person=person_of(cast.worker), role=Participation.Role.RESEARCHER
    )
    assert as_worker.get(project.get_absolute_url()).status_code == 200
    assert as_manager.get(project.get_absolute_url()).status_code == 404
    assert as_coordinator.get(project.get_absolute_url()).status_code == 404
    # The list's HTML is shared by users who see the same projects, never across that line.
    assert "Bara för deltagare" in as_worker.get("/projekt/").content.decode()
    assert "Bara för deltagare" not in as_manager.get("/projekt/").content.decode()
    assert "Bara för deltagare" in as_worker.get("/projekt/").content.decode()


def test_the_list_filters_by_status_kind_area_funder_and_partnership(
    cast, anonymous, make_project, area, forte, partnership
):
    funded = make_project(title="Forte-projektet", partnership=partnership, priority_areas=[area])
    for year in (2024, 2025):
        services.funding_add(project=funded, funder=forte, year=year, amount=500_000)
    make_project(title="Idén", status=Project.Status.IDEA, kind=Project.Kind.DEVELOPMENT)

    def titles(query: str) -> list[str]:
        page = anonymous.get(f"/projekt/?{query}").content.decode()
        return [t for t in ("Forte-projektet", "Idén") if t in page]

    assert titles("") == ["Forte-projektet", "Idén"]
    assert titles("status=idea") == ["Idén"]
    assert titles("kind=evaluation") == ["Forte-projektet"]
    assert titles("area=barn-och-unga") == ["Forte-projektet"]
    assert titles("funder=forte") == ["Forte-projektet"]
    assert titles("partnership=testsamverkan") == ["Forte-projektet"]
    assert titles("q=id") == ["Idén"]
    # Two funding rows from one funder do not list the project twice.
    assert (
        anonymous.get("/projekt/?funder=forte").content.decode().count("Forte-projektet</a>") == 1
    )


def test_the_project_page_shows_participants_funding_history_and_path(
    cast, anonymous, as_worker, make_project, forte, person_of
):
    project = make_project(title="Mot ett socialtjänstens universitet", short_title="SSU")
    services.participation_add(
        project=project,
        person=person_of(cast.researcher),
        role=Participation.Role.PROJECT_LEADER,
        start=date(2024, 4, 1),
    )
    services.funding_add(project=project, funder=forte, year=2024, amount=1_150_000)
    services.funding_add(project=project, funder=forte, year=2025, amount=1_600_000)
    services.project_status_change(project=project, status=Project.Status.COMPLETED, note="Klart.")
    page = as_worker.get(project.get_absolute_url()).content.decode()
    assert "Rut Forskare" in page and "Projektledare" in page
    assert "2\xa0750\xa0000" in page  # granted in total, grouped the Swedish way
    assert "Klart." in page and "Avslutat" in page
    assert "Kunskapscykeln" in page or "kunskapscykeln" in page
    # The researcher's profile is internal: the public sees that there is a participant, not who.
    public = anonymous.get(project.get_absolute_url()).content.decode()
    assert "Rut Forskare" not in public
    assert "1 deltagare vars profil inte är offentlig" in public


def test_coordinators_create_a_project_and_its_first_status_is_kept(cast, as_coordinator, area):
    response = as_coordinator.post(
        "/projekt/ny/",
        {
            "title": "Unga och tramadol",
            "kind": "research",
            "status": "application",
            "visibility": "internal",
            "start": "2025-01-01",
            "end": "2027-12-31",
            "priority_areas": [area.pk],
            "status_note": "Ansökan till Forte",
        },
    )
    project = Project.objects.get()
    assert response.status_code == 302 and response["Location"] == project.get_absolute_url()
    assert project.slug == "unga-och-tramadol" and project.created_by == cast.coordinator
    assert list(project.status_changes.values_list("status", "note")) == [
        ("application", "Ansökan till Forte")
    ]


def test_only_coordinators_create_projects(cast, as_worker, anonymous):
    assert as_worker.get("/projekt/ny/").status_code == 403
    assert anonymous.get("/projekt/ny/").status_code == 302
    assert as_worker.post("/projekt/ny/", {"title": "X", "kind": "research"}).status_code == 403
    assert not Project.objects.exists()


def test_a_period_that_ends_before_it_starts_is_refused_and_the_input_kept(cast, as_coordinator):
    response = as_coordinator.post(
        "/projekt/ny/",
        {
            "title": "Baklänges",
            "kind": "development",
            "status": "idea",
            "visibility": "internal",
            "start": "2026-05-01",
            "end": "2026-01-01",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Perioden slutar innan den börjar." in page
    assert 'value="Baklänges"' in page and 'value="2026-05-01"' in page
    assert not Project.objects.exists()


def test_the_service_refuses_a_backwards_period_too(cast, make_project):
    with pytest.raises(ValidationError, match="slutar"):
        make_project(start=date(2026, 5, 1), end=date(2026, 1, 1))
    assert not Project.objects.exists()


def test_project_leaders_edit_their_project_but_others_may_not(
    cast, as_worker, as_manager, make_project, person_of
):
    project = make_project()
    services.participation_add(
        project=project, person=person_of(cast.worker), role=Participation.Role.PROJECT_LEADER
    )
    form = {
        "title": "Stödgrupper för barn – ny titel",
        "kind": "evaluation",
        "visibility": "public",
        "start": "2024-01-01",
        "end": "2026-12-31",
    }
    assert as_manager.post(f"/projekt/{project.slug}/andra/", form).status_code == 403
    assert as_worker.post(f"/projekt/{project.slug}/andra/", form).status_code == 302
    project.refresh_from_db()
    assert project.title == "Stödgrupper för barn – ny titel"
    assert project.status == Project.Status.ONGOING  # the edit form does not touch the status


def test_status_changes_are_kept_in_order_with_clear_errors(cast, as_coordinator, make_project):
    project = make_project(status=Project.Status.APPLICATION, status_on=date(2025, 1, 1))
    url = f"/projekt/{project.slug}/status/"
    same = as_coordinator.post(url, {"status": "application", "on": "2025-01-01"})
    assert "Projektet har redan statusen ”Ansökan”." in same.content.decode()
    assert (
        as_coordinator.post(
            url, {"status": "not_funded", "on": "2025-06-19", "note": "Avslag"}
        ).status_code
        == 302
    )
    earlier = as_coordinator.post(url, {"status": "idea", "on": "2020-01-01"})
    assert "Datumet kan inte vara före den senaste statusändringen" in earlier.content.decode()
    history = list(StatusChange.objects.filter(project=project).order_by("on", "pk"))
    assert [(h.previous, h.status) for h in history][-1] == ("application", "not_funded")
    project.refresh_from_db()
    assert project.status == "not_funded"


def test_archiving_keeps_the_project_and_hides_it_from_the_list(
    cast, as_coordinator, anonymous, make_project
):
    project = make_project(title="Arkiveras")
    as_coordinator.post(f"/projekt/{project.slug}/arkivera/")
    project.refresh_from_db()
    assert project.archived and Project.objects.filter(pk=project.pk).exists()
    assert "Arkiveras" not in anonymous.get("/projekt/").content.decode()
    assert anonymous.get(project.get_absolute_url()).status_code == 200
    as_coordinator.post(f"/projekt/{project.slug}/arkivera/", {"action": "restore"})
    project.refresh_from_db()
    assert not project.archived


def test_slugs_never_take_the_address_of_a_page(cast, make_project):
    assert make_project(title="Ny").slug != "ny"


def test_events_are_outputs_linked_both_ways(cast, as_coordinator, make_project):
    from datetime import timedelta

    from django.utils import timezone

    from bryggan.arenas.models import Event

    start = timezone.now() + timedelta(days=3)
    event = Event.objects.create(
        kind="research_seminar",
        title="Resultatseminarium",
        start=start,
        end=start + timedelta(hours=2),
        visibility="public",
    )
    project = make_project()
    response = as_coordinator.post(f"/projekt/{project.slug}/evenemang/", {"event": event.pk})
    assert response.status_code == 302
    assert list(event.projects.all()) == [project]
    assert "Resultatseminarium" in as_coordinator.get(project.get_absolute_url()).content.decode()
    as_coordinator.post(
        f"/projekt/{project.slug}/evenemang/", {"action": "remove", "event": event.pk}
    )
    assert not event.projects.exists() and Event.objects.filter(pk=event.pk).exists()


def test_projects_take_part_in_the_knowledge_cycle(cast, as_coordinator, make_project, partnership):
    from bryggan.cycle.services import link_add

    project = make_project(title="Projektet")
    other = make_project(title="Delstudien")
    link_add(a=project, b=other)
    link_add(a=other, b=partnership)
    page = as_coordinator.get(project.get_absolute_url()).content.decode()
    assert "Delstudien" in page
    assert f"/kopplingar/portfolio.project/{project.pk}/" in page
    other_page = as_coordinator.get(other.get_absolute_url()).content.decode()
    assert "Projektet" in other_page


def test_funders_must_be_funders(cast, make_project):
    project = make_project()
    with pytest.raises(ValidationError, match="finansiär"):
        services.funding_add(project=project, funder=cast.municipality, year=2025, amount=1)
    assert not project.fundings.exists()
    assert Organisation.objects.filter(kind="funder").count() == 0


def test_the_partnership_overview_shows_its_current_projects_to_those_who_may_see_them(
    cast, anonymous, as_worker
):
    from bryggan.governance.models import Partnership
    from bryggan.portfolio.models import Project

    partnership = Partnership.objects.create(
        name_sv="Mot ett socialtjänstuniversitet",
        slug="mot-stu",
        kind="collaboration",
        visibility="public",
    )
    common = {
        "partnership": partnership,
        "kind": Project.Kind.RESEARCH,
        "status": Project.Status.ONGOING,
    }
    Project.objects.create(
        slug="unga-tramadol", title="Unga och tramadol", visibility="public", **common
    )
    Project.objects.create(
        slug="intern-ansokan", title="Intern utvärdering", visibility="internal", **common
    )
    public_page = anonymous.get("/samverkan/mot-stu/").content.decode()
    staff_page = as_worker.get("/samverkan/mot-stu/").content.decode()
    assert "Pågående projekt" in public_page
    assert "Unga och tramadol" in public_page and "Intern utvärdering" not in public_page
    assert "Unga och tramadol" in staff_page and "Intern utvärdering" in staff_page
