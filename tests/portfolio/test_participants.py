"""Participants: roles and periods, no double roles in overlapping periods, ending and archiving."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from bryggan.portfolio import services
from bryggan.portfolio.models import Participation

pytestmark = pytest.mark.django_db

LEADER = Participation.Role.PROJECT_LEADER


def _add(client, project, person, role="researcher", start="", end=""):
    return client.post(
        f"/projekt/{project.slug}/deltagare/",
        {"person": person.pk, "role": role, "start": start, "end": end},
    )


def test_coordinators_add_participants_with_roles_and_periods(
    cast, as_coordinator, make_project, person_of
):
    project = make_project()
    response = _add(
        as_coordinator, project, person_of(cast.worker), "practitioner_researcher", "2024-09-01"
    )
    assert response.status_code == 302
    participation = Participation.objects.get()
    assert participation.role == "practitioner_researcher"
    assert participation.start == date(2024, 9, 1) and participation.end is None


def test_the_same_role_twice_in_overlapping_periods_is_refused(
    cast, as_coordinator, make_project, person_of
):
    project = make_project()
    worker = person_of(cast.worker)
    _add(as_coordinator, project, worker, "researcher", "2024-01-01", "2024-12-31")
    response = _add(as_coordinator, project, worker, "researcher", "2024-06-01", "2025-06-30")
    page = response.content.decode()
    assert response.status_code == 400
    assert "Wilma Arbetare är redan forskare i projektet under en period som överlappar" in page
    assert 'value="2024-06-01"' in page  # what the user typed is kept
    assert Participation.objects.count() == 1


def test_an_open_period_overlaps_everything_after_it(cast, make_project, person_of):
    project = make_project()
    worker = person_of(cast.worker)
    services.participation_add(project=project, person=worker, role=LEADER, start=date(2024, 1, 1))
    with pytest.raises(ValidationError, match="överlappar"):
        services.participation_add(
            project=project, person=worker, role=LEADER, start=date(2030, 1, 1)
        )


def test_the_same_role_in_separate_periods_and_another_role_at_once_are_fine(
    cast, make_project, person_of
):
    project = make_project()
    worker = person_of(cast.worker)
    services.participation_add(
        project=project, person=worker, role=LEADER, start=date(2024, 1, 1), end=date(2024, 6, 30)
    )
    services.participation_add(project=project, person=worker, role=LEADER, start=date(2024, 7, 1))
    services.participation_add(
        project=project, person=worker, role=Participation.Role.RESEARCHER, start=date(2024, 3, 1)
    )
    assert Participation.objects.count() == 3


def test_a_participation_cannot_end_before_it_starts(cast, as_coordinator, make_project, person_of):
    project = make_project()
    response = _add(
        as_coordinator, project, person_of(cast.worker), "researcher", "2025-01-01", "2024-01-01"
    )
    assert "Perioden slutar innan den börjar." in response.content.decode()
    with pytest.raises(ValidationError, match="slutar"):
        services.participation_add(
            project=project,
            person=person_of(cast.worker),
            role=LEADER,
            start=date(2025, 1, 1),
            end=date(2024, 1, 1),
        )
    assert not Participation.objects.exists()


def test_ending_and_archiving_keep_the_row(
    cast, as_coordinator, anonymous, make_project, person_of
):
    project = make_project()
    p = services.participation_add(
        project=project, person=person_of(cast.researcher), role=LEADER, start=date(2024, 1, 1)
    )
    url = f"/projekt/{project.slug}/deltagare/{p.pk}/"
    too_early = as_coordinator.post(url, {"on": "2023-01-01"})
    assert "Perioden slutar" in too_early.content.decode()
    assert as_coordinator.post(url, {"on": "2025-06-30"}).status_code == 302
    p.refresh_from_db()
    assert p.end == date(2025, 6, 30)
    as_coordinator.post(url, {"action": "archive"})
    p.refresh_from_db()
    assert p.archived
    page = as_coordinator.get(project.get_absolute_url()).content.decode()
    participants = page.split('id="participants-heading"')[1].split("</section>")[0]
    assert "Rut Forskare" not in participants


def test_an_archived_participation_no_longer_blocks_the_role(cast, make_project, person_of):
    project = make_project()
    worker = person_of(cast.worker)
    mistake = services.participation_add(project=project, person=worker, role=LEADER)
    services.participation_archive(participation=mistake)
    services.participation_add(project=project, person=worker, role=LEADER, start=date(2024, 2, 1))
    assert Participation.objects.filter(archived=False).count() == 1


def test_people_who_are_not_leaders_cannot_add_participants(
    cast, as_worker, make_project, person_of
):
    project = make_project()
    assert _add(as_worker, project, person_of(cast.worker)).status_code == 403
    assert not Participation.objects.exists()
