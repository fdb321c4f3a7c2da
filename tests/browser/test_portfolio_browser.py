"""The R&D portfolio in Chromium: filter the list, refuse a loan over full time, axe-core checks."""

from datetime import date

import pytest

from bryggan.people.models import Organisation, Person
from bryggan.portfolio import services
from bryggan.portfolio.models import EducationActivity, Participation, Project, StaffLoan
from tests.browser.conftest import axe_violations, login
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _portfolio(cast):
    forte = Organisation.objects.create(name_sv="Forte", slug="forte", kind="funder")
    lender = Organisation.objects.create(
        name_sv="Nässjö kommun", slug="nassjo", kind="municipality"
    )
    fys = Organisation.objects.create(
        name_sv="Forskarskolan FYS", slug="fys", kind="research_school", parent=cast.school
    )
    worker = Person.objects.get(user=cast.worker)
    project = services.project_save(
        user=cast.coordinator,
        title="Mot ett socialtjänstens universitet",
        kind=Project.Kind.RESEARCH,
        status=Project.Status.ONGOING,
        start=date(2024, 4, 1),
        end=date(2026, 12, 31),
        visibility="public",
        evaluation_plan="Två avstämningar per år.",
    )
    services.project_save(
        user=cast.coordinator,
        title="Ansökan som inte beviljades",
        kind=Project.Kind.JOINT_APPLICATION,
        status=Project.Status.NOT_FUNDED,
        visibility="internal",
    )
    services.participation_add(
        project=project,
        person=Person.objects.get(user=cast.researcher),
        role=Participation.Role.PROJECT_LEADER,
    )
    services.funding_add(project=project, funder=forte, year=2025, amount=1_600_000)
    services.loan_add(
        municipality=lender,
        person=worker,
        project=project,
        share=80,
        start=date(2025, 1, 1),
        end=date(2025, 12, 31),
    )
    services.evaluation_point_add(project=project, title="Halvtid", planned=date(2025, 6, 1))
    phd = services.phd_student_save(
        person=worker,
        programme="Forskarutbildning i socialt arbete",
        research_school=fys,
        university=cast.university,
        topic="Unga på HVB",
        visibility="public",
        start_planned=date(2024, 9, 1),
    )
    services.supervision_add(phd=phd, person=Person.objects.get(user=cast.researcher), role="main")
    services.education_activity_add(
        kind=EducationActivity.Kind.FIELD_PLACEMENT,
        year=2025,
        season=2,
        unit=cast.unit,
        student_name="Alva Nordin",
        supervisor=worker,
    )
    return project, lender, phd


def test_filter_the_list_and_refuse_a_loan_over_full_time(cast, page):
    project, lender, _phd = _portfolio(cast)
    login(page, "coordinator@test.example", PASSWORD)
    page.goto("/projekt/")
    page.select_option("#id_status", "not_funded")
    page.click("form.filters button[type=submit]")
    assert "Ansökan som inte beviljades" in page.locator("main").inner_text()
    assert "Mot ett socialtjänstens universitet" not in page.locator(".project-list").inner_text()

    page.goto(f"/projekt/{project.slug}/utlan/")
    page.select_option("#id_municipality", str(lender.pk))
    page.select_option("#id_person", str(Person.objects.get(user=cast.worker).pk))
    page.fill("#id_share", "30")
    page.fill("#id_start", "2025-06-01")
    page.fill("#id_end", "2025-08-31")
    page.click("main form button[type=submit]")
    assert "110 % av heltid" in page.locator("main").inner_text()
    assert page.input_value("#id_share") == "30"
    assert StaffLoan.objects.count() == 1
    assert axe_violations(page) == []


def test_portfolio_pages_have_no_axe_violations(cast, page):
    project, _lender, phd = _portfolio(cast)
    login(page, "coordinator@test.example", PASSWORD)
    for url in (
        "/projekt/",
        project.get_absolute_url(),
        "/projekt/ny/",
        f"/projekt/{project.slug}/status/",
        f"/projekt/{project.slug}/deltagare/",
        "/projekt/utlanad-personal/",
        "/doktorander/",
        phd.get_absolute_url(),
        f"/doktorander/{phd.slug}/milstolpar/",
        "/doktorander/forskarutbildade/",
        "/utbildningssamverkan/",
        "/utbildningssamverkan/ny/",
    ):
        page.goto(url)
        assert axe_violations(page) == [], url
    page.context.clear_cookies()
    page.goto(project.get_absolute_url())
    assert "Nässjö" not in page.locator("main").inner_text()
    assert axe_violations(page) == []
