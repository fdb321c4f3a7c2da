"""Practitioner PhD students: milestones in order, research schools, staff who stay."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from bryggan.people.models import Organisation, Person
from bryggan.portfolio import services
from bryggan.portfolio.models import Milestone, PhdStudent

pytestmark = pytest.mark.django_db


@pytest.fixture
def fys(cast) -> Organisation:
    return Organisation.objects.create(
        name_sv="Forskarskolan FYS", slug="fys", kind="research_school", parent=cast.school
    )


@pytest.fixture
def make_phd(cast, fys, person_of):
    def make(user=None, **fields) -> PhdStudent:
        defaults = {
            "person": person_of(user or cast.worker),
            "programme": "Forskarutbildning i socialt arbete",
            "research_school": fys,
            "university": cast.university,
            "employer": cast.unit,
            "topic": "Existentiella utmaningar för unga på HVB",
            "visibility": "public",
        }
        return services.phd_student_save(**(defaults | fields))

    return make


def _defend(phd, day, after):
    services.milestones_save(
        phd=phd,
        dates={
            "start": {"actual": day.replace(year=day.year - 5)},
            "half_time": {"actual": day.replace(year=day.year - 3)},
            "final_seminar": {"actual": day.replace(year=day.year - 1)},
            "defence": {"actual": day},
        },
    )
    phd.after_defence = after
    phd.save()


def test_coordinators_add_a_phd_student_who_gets_four_milestones(
    cast, as_coordinator, fys, person_of
):
    response = as_coordinator.post(
        "/doktorander/ny/",
        {
            "person": person_of(cast.worker).pk,
            "topic": "Unga och tramadol",
            "programme": "Forskarutbildning i socialt arbete",
            "research_school": fys.pk,
            "university": cast.university.pk,
            "start_planned": "2024-09-01",
            "after_defence": "undecided",
            "visibility": "public",
        },
    )
    phd = PhdStudent.objects.get()
    assert response["Location"] == f"/doktorander/{phd.slug}/milstolpar/"
    assert [m.kind for m in sorted(phd.milestones.all(), key=lambda m: m.position)] == [
        "start",
        "half_time",
        "final_seminar",
        "defence",
    ]
    assert phd.milestones.get(kind="start").planned == date(2024, 9, 1)


def test_milestones_must_come_in_order_and_cannot_be_held_in_the_future(
    cast, as_coordinator, make_phd
):
    phd = make_phd()
    url = f"/doktorander/{phd.slug}/milstolpar/"
    backwards = as_coordinator.post(
        url, {"start_planned": "2024-09-01", "half_time_planned": "2024-01-01"}
    )
    page = backwards.content.decode()
    assert backwards.status_code == 400
    assert (
        "Datumet för halvtidsseminarium kan inte vara före datumet för start (2024-09-01)." in page
    )
    assert 'value="2024-01-01"' in page
    future = (timezone.localdate() + timedelta(days=30)).isoformat()
    ahead = as_coordinator.post(url, {"start_actual": future})
    assert "En milstolpe kan inte ha hållits i framtiden" in ahead.content.decode()
    assert not Milestone.objects.filter(phd_student=phd).exclude(planned=None).exists()
    ok = as_coordinator.post(
        url,
        {
            "start_planned": "2024-09-01",
            "start_actual": "2024-09-02",
            "half_time_planned": "2026-10-15",
            "defence_planned": "2028-05-30",
        },
    )
    assert ok.status_code == 302
    assert phd.milestones.get(kind="defence").planned == date(2028, 5, 30)


def test_the_student_and_supervisors_update_milestones_others_may_not(
    cast, as_worker, as_researcher, as_manager, make_phd, person_of
):
    phd = make_phd()
    url = f"/doktorander/{phd.slug}/milstolpar/"
    assert as_worker.get(url).status_code == 200  # the PhD student
    assert as_researcher.get(url).status_code == 403
    services.supervision_add(phd=phd, person=person_of(cast.researcher), role="main")
    assert as_researcher.get(url).status_code == 200
    assert as_manager.post(url, {"start_planned": "2024-01-01"}).status_code == 403


def test_a_phd_student_cannot_supervise_themselves(cast, make_phd, person_of):
    phd = make_phd()
    with pytest.raises(ValidationError, match="handleda"):
        services.supervision_add(phd=phd, person=person_of(cast.worker), role="co")


def test_the_research_school_overview_and_the_phd_page(
    cast, anonymous, as_coordinator, make_phd, person_of
):
    phd = make_phd()
    services.supervision_add(phd=phd, person=person_of(cast.researcher), role="main")
    overview = anonymous.get("/doktorander/").content.decode()
    assert "Forskarskolan FYS" in overview and "Wilma Arbetare" in overview
    page = anonymous.get(phd.get_absolute_url()).content.decode()
    assert "Rut Forskare" in page and "huvudhandledare" in page
    assert "Existentiella utmaningar för unga på HVB" in page


def test_research_trained_staff_retained(cast, anonymous, make_phd):
    stayed = make_phd(topic="Samverkan kring unga")
    _defend(stayed, date(2023, 5, 26), PhdStudent.AfterDefence.STAYS)
    left = make_phd(user=cast.manager, topic="Placeringar")
    _defend(left, date(2021, 6, 4), PhdStudent.AfterDefence.ACADEMIA)
    make_phd(user=cast.coordinator, topic="Pågående")
    page = anonymous.get("/doktorander/forskarutbildade/").content.decode()
    assert "50 %" in page
    assert "Samverkan kring unga" in page and "Placeringar" in page and "Pågående" not in page
    retention = anonymous.get("/api/v1/portfolio/phd-students/retention").json()
    assert retention["defended"] == 2 and retention["retained"] == 1 and retention["rate"] == 50
    assert retention["by_outcome"]["stays"] == 1 and retention["by_outcome"]["academia"] == 1


def test_restricted_phd_records_are_seen_by_the_student_and_supervisors_only(
    cast, anonymous, as_worker, as_manager, as_researcher, make_phd, person_of
):
    phd = make_phd(visibility="restricted")
    assert anonymous.get(phd.get_absolute_url()).status_code == 404
    assert as_manager.get(phd.get_absolute_url()).status_code == 404
    assert as_worker.get(phd.get_absolute_url()).status_code == 200
    services.supervision_add(phd=phd, person=person_of(cast.researcher), role="co")
    assert as_researcher.get(phd.get_absolute_url()).status_code == 200
    assert "Wilma" not in anonymous.get("/doktorander/").content.decode()


def test_a_research_school_must_be_a_research_school(cast, make_phd):
    with pytest.raises(ValidationError, match="forskarskola"):
        make_phd(research_school=cast.unit)
    assert not PhdStudent.objects.exists()
    assert Person.objects.filter(user=cast.worker).exists()
