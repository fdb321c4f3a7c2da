"""People, their affiliations and expertise; visibility and the ORCID check."""

from datetime import date

import pytest

from bryggan.core.models import Visibility
from bryggan.lib.orcid import normalise_orcid
from bryggan.people.models import Affiliation, Person
from bryggan.taxonomy.models import Topic

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("0000-0002-1825-0097", "0000-0002-1825-0097"),
        ("https://orcid.org/0000-0001-5109-3700", "0000-0001-5109-3700"),
        ("0000-0002-1694-233X", "0000-0002-1694-233X"),
        ("0000000218250097", "0000-0002-1825-0097"),
        ("0000-0002-1825-0098", None),
        ("0000-0002-1825-009", None),
        ("abcd-0002-1825-0097", None),
    ],
)
def test_orcid_check_digit(value, expected):
    assert normalise_orcid(value) == expected


def test_internal_profiles_are_hidden_from_the_public_and_from_outsiders(
    cast, anonymous, as_outsider, as_manager
):
    assert anonymous.get("/personer/worker/").status_code == 404
    assert as_outsider.get("/personer/worker/").status_code == 404
    assert as_manager.get("/personer/worker/").status_code == 200
    assert "Wilma" not in anonymous.get("/personer/").content.decode()


def test_public_profiles_are_open_to_everyone(cast, anonymous):
    Person.objects.filter(slug="researcher").update(visibility=Visibility.PUBLIC)
    page = anonymous.get("/personer/researcher/").content.decode()
    assert "Rut Forskare" in page
    assert "Forskare" in page and "Hälsohögskolan" in page


def test_a_person_page_lists_affiliations_with_role_organisation_and_period(cast, as_worker):
    page = as_worker.get("/personer/manager/").content.decode()
    assert "Chef" in page and "Barn och unga" in page and "2020-01-01" in page


def test_people_can_be_filtered_by_expertise(cast, as_worker):
    topic = Topic.objects.create(name_sv="Stödgrupper", slug="stodgrupper")
    Person.objects.get(slug="researcher").topics.add(topic)
    page = as_worker.get("/personer/", {"topic": topic.pk}).content.decode()
    assert "Rut Forskare" in page and "Max Chef" not in page


def test_a_coordinator_adds_a_person_with_a_valid_orcid(cast, as_coordinator):
    response = as_coordinator.post(
        "/personer/ny/",
        {
            "given_name": "Greta",
            "family_name": "Gren",
            "orcid": "https://orcid.org/0000-0002-1825-0097",
            "visibility": "public",
        },
    )
    assert response.status_code == 302
    assert Person.objects.get(given_name="Greta").orcid == "0000-0002-1825-0097"


def test_an_orcid_with_a_wrong_check_digit_is_refused_and_the_form_keeps_the_input(
    cast, as_coordinator
):
    response = as_coordinator.post(
        "/personer/ny/",
        {
            "given_name": "Greta",
            "family_name": "Gren",
            "orcid": "0000-0002-1825-0098",
            "visibility": "public",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "inte ett giltigt ORCID" in page
    assert 'value="Greta"' in page
    assert not Person.objects.filter(given_name="Greta").exists()


def test_people_edit_their_own_profile_but_not_others(cast, as_worker):
    form = {
        "given_name": "Wilma",
        "family_name": "Arbetare",
        "title": "Socionom",
        "visibility": "internal",
    }
    assert as_worker.post("/personer/worker/andra/", form).status_code == 302
    assert Person.objects.get(slug="worker").title == "Socionom"
    assert as_worker.post("/personer/manager/andra/", form).status_code == 403


def test_a_coordinator_adds_and_ends_an_affiliation_which_stays_as_history(cast, as_coordinator):
    response = as_coordinator.post(
        "/personer/worker/anknytning/",
        {"organisation": cast.other_unit.pk, "role": "social_worker", "start": "2024-01-01"},
    )
    assert response.status_code == 302
    affiliation = Affiliation.objects.get(person__slug="worker", organisation=cast.other_unit)
    as_coordinator.post(f"/personer/worker/anknytning/{affiliation.pk}/avsluta/")
    affiliation.refresh_from_db()
    assert affiliation.end is not None
    assert "Vuxenenheten" in as_coordinator.get("/personer/worker/").content.decode()


def test_an_affiliation_ending_before_it_starts_is_refused(cast, as_coordinator):
    response = as_coordinator.post(
        "/personer/worker/anknytning/",
        {
            "organisation": cast.other_unit.pk,
            "role": "manager",
            "start": "2024-05-01",
            "end": "2024-01-01",
        },
    )
    assert response.status_code == 400
    assert "kan inte sluta innan" in response.content.decode()
    assert not Affiliation.objects.filter(person__slug="worker", role="manager").exists()


def test_roles_come_from_current_affiliations_only(cast, as_worker):
    person = Person.objects.get(slug="outsider")
    Affiliation.objects.create(
        person=person,
        organisation=cast.unit,
        role="social_worker",
        start=date(2010, 1, 1),
        end=date(2011, 1, 1),
    )
    from tests.conftest import client_for

    assert client_for(cast.outsider).get("/personer/worker/").status_code == 404


def test_a_person_page_lists_publications_projects_studies_episodes_and_talks(
    cast, anonymous, as_outsider, as_worker
):
    import uuid
    from datetime import timedelta

    from django.utils import timezone

    from bryggan.arenas.models import Event
    from bryggan.library import services as library
    from bryggan.podcast.models import Episode, EpisodeCredit, Show
    from bryggan.portfolio.models import Participation, PhdStudent, Project

    rut = Person.objects.get(slug="researcher")
    Person.objects.filter(pk=rut.pk).update(visibility=Visibility.PUBLIC)
    author = [{"person": rut, "family_name": "Forskare", "given_name": "Rut"}]
    common = {"kind": "report", "year": 2025, "language": "sv", "authors": author}
    library.publication_save(title="Unga och tramadol", visibility="public", **common)
    library.publication_save(title="Intern arbetsrapport", visibility="internal", **common)
    project = Project.objects.create(
        slug="tramadol",
        title="Unga och tramadol i länet",
        kind=Project.Kind.RESEARCH,
        status=Project.Status.ONGOING,
        visibility="public",
    )
    Participation.objects.create(project=project, person=rut, role="project_leader")
    PhdStudent.objects.create(
        slug="rut",
        person=rut,
        programme="Forskarutbildning i socialt arbete",
        university=cast.university,
        topic="Ungas bruk av läkemedel",
        visibility="public",
    )
    show = Show.objects.create(
        slug="podden",
        title="Forskningspodden",
        description="Samtal.",
        visibility="public",
        podcast_guid=uuid.uuid4(),
    )
    episode = Episode.objects.create(
        show=show,
        slug="tramadol",
        title="Samtal om tramadol",
        description="Om unga.",
        status=Episode.Status.PUBLISHED,
        publish_at=timezone.now() - timedelta(days=1),
    )
    EpisodeCredit.objects.create(episode=episode, person=rut, role="guest")
    start = timezone.now() - timedelta(days=10)
    for title, visibility in (("Seminarium om tramadol", "public"), ("Chefsmöte", "internal")):
        Event.objects.create(
            kind=Event.Kind.RESEARCH_SEMINAR,
            title=title,
            start=start,
            end=start + timedelta(hours=2),
            visibility=visibility,
        ).speakers.add(rut)

    page = as_worker.get("/personer/researcher/").content.decode()
    for text in (
        "Publikationer",
        "Unga och tramadol",
        "Intern arbetsrapport",
        "Unga och tramadol i länet",
        "Ungas bruk av läkemedel",
        "Samtal om tramadol",
        "Seminarium om tramadol",
        "Chefsmöte",
    ):
        assert text in page, text
    for client in (anonymous, as_outsider):
        public = client.get("/personer/researcher/").content.decode()
        assert "Unga och tramadol i länet" in public and "Seminarium om tramadol" in public
        assert "Intern arbetsrapport" not in public and "Chefsmöte" not in public


def test_a_person_page_leaves_out_sections_with_nothing_to_show(cast, as_worker):
    page = as_worker.get("/personer/manager/").content.decode()
    assert "Publikationer" not in page and "Medverkar i podden" not in page
