"""Collaboration with education: field placements, teaching, researchers on placement, master's."""

import pytest
from django.core.exceptions import ValidationError

from bryggan.people.models import Person
from bryggan.portfolio import services
from bryggan.portfolio.models import EducationActivity

pytestmark = pytest.mark.django_db

K = EducationActivity.Kind


def _add(**fields):
    return services.education_activity_add(**fields)


def test_a_field_placement_needs_the_student_and_a_supervisor(cast, as_coordinator, person_of):
    response = as_coordinator.post(
        "/utbildningssamverkan/ny/",
        {"kind": "field_placement", "term": "2025-2", "unit": cast.unit.pk},
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert page.count("Det här behövs för: Verksamhetsförlagd utbildning (VFU).") == 2
    ok = as_coordinator.post(
        "/utbildningssamverkan/ny/",
        {
            "kind": "field_placement",
            "term": "2025-2",
            "unit": cast.unit.pk,
            "student_name": "Alva Nordin",
            "supervisor": person_of(cast.worker).pk,
            "university": cast.school.pk,
            "course": "Socionomprogrammet",
        },
    )
    assert ok.status_code == 302
    activity = EducationActivity.objects.get()
    assert (activity.year, activity.season, activity.student_name) == (2025, 2, "Alva Nordin")


def test_the_student_field_takes_a_name_only(cast, person_of):
    with pytest.raises(ValidationError, match="siffror"):
        _add(
            kind=K.FIELD_PLACEMENT,
            year=2025,
            season=1,
            unit=cast.unit,
            student_name="Alva 640823-3234",
            supervisor=person_of(cast.worker),
        )
    assert not EducationActivity.objects.exists()


def test_teaching_needs_hours_above_zero(cast, person_of):
    with pytest.raises(ValidationError, match="noll"):
        _add(
            kind=K.TEACHING,
            year=2025,
            season=1,
            unit=cast.unit,
            person=person_of(cast.worker),
            course="Socialt arbete med barn",
            hours=-2,
        )


def test_counts_per_unit_and_term(cast, as_worker, person_of):
    worker, manager = person_of(cast.worker), person_of(cast.manager)
    for name in ("Alva", "Hugo"):
        _add(
            kind=K.FIELD_PLACEMENT,
            year=2025,
            season=1,
            unit=cast.unit,
            student_name=name,
            supervisor=worker,
        )
    _add(
        kind=K.FIELD_PLACEMENT,
        year=2025,
        season=2,
        unit=cast.other_unit,
        student_name="Ella",
        supervisor=manager,
    )
    _add(
        kind=K.TEACHING, year=2025, season=1, unit=cast.unit, person=worker, course="Barn", hours=12
    )
    _add(
        kind=K.TEACHING,
        year=2025,
        season=1,
        unit=cast.unit,
        person=manager,
        course="Chefskap",
        hours=6,
    )
    _add(
        kind=K.RESEARCHER_PLACEMENT,
        year=2025,
        season=2,
        unit=cast.unit,
        person=person_of(cast.researcher),
    )
    _add(
        kind=K.MASTERS,
        year=2025,
        season=2,
        unit=cast.other_unit,
        person=manager,
        course="Masterprogram i socialt arbete",
    )
    page = as_worker.get("/utbildningssamverkan/").content.decode()
    assert "VT 2025" in page and "HT 2025" in page
    counts = as_worker.get("/api/v1/portfolio/education/counts").json()
    by_key = {(c["unit"], c["year"], c["season"]): c for c in counts}
    spring = by_key[(cast.unit.slug, 2025, 1)]
    assert (spring["field_placement"], spring["teaching"], spring["hours"]) == (2, 2, 18.0)
    autumn = by_key[(cast.other_unit.slug, 2025, 2)]
    assert (autumn["field_placement"], autumn["masters"]) == (1, 1)
    assert by_key[(cast.unit.slug, 2025, 2)]["researcher_placement"] == 1


def test_archived_rows_stop_counting_but_are_kept(cast, as_coordinator, person_of):
    row = _add(
        kind=K.FIELD_PLACEMENT,
        year=2025,
        season=1,
        unit=cast.unit,
        student_name="Alva",
        supervisor=person_of(cast.worker),
    )
    as_coordinator.post(f"/utbildningssamverkan/{row.pk}/arkivera/")
    row.refresh_from_db()
    assert row.archived
    assert as_coordinator.get("/api/v1/portfolio/education/counts").json() == []


def test_education_collaboration_is_for_partnership_staff(cast, anonymous, as_outsider, as_worker):
    assert anonymous.get("/utbildningssamverkan/").status_code == 302
    assert as_outsider.get("/utbildningssamverkan/").status_code == 403
    assert as_worker.get("/utbildningssamverkan/ny/").status_code == 403
    assert anonymous.get("/api/v1/portfolio/education").status_code == 401
    assert as_outsider.get("/api/v1/portfolio/education").status_code == 403
    assert Person.objects.count() == 5
