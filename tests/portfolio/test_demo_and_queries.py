"""The demo, the periods helper, and the portfolio figures the governance overview uses."""

from datetime import date

import pytest
from django.core.management import call_command
from django.test import Client

from bryggan.governance.models import Partnership
from bryggan.lib.periods import overlaps, peak_load
from bryggan.people.models import User
from bryggan.portfolio import queries
from bryggan.portfolio.models import (
    EducationActivity,
    Funding,
    PhdStudent,
    Project,
    StaffLoan,
)


def test_overlap_and_peak_load_of_whole_day_periods():
    jan, feb = (date(2024, 1, 1), date(2024, 1, 31)), (date(2024, 2, 1), None)
    assert not overlaps(jan, feb) and overlaps(feb, (date(2030, 1, 1), date(2030, 1, 2)))
    assert overlaps((None, None), jan)
    loads = [(date(2024, 1, 1), date(2024, 1, 31), 60), (date(2024, 1, 31), None, 50)]
    assert peak_load(loads, (None, None)) == (110, date(2024, 1, 31))
    assert peak_load(loads, (date(2024, 2, 1), date(2024, 3, 1))) == (50, date(2024, 2, 1))


@pytest.mark.django_db
def test_the_demo_is_idempotent_and_holds_the_model_portfolio():
    call_command("seed_demo")
    counts = [
        m.objects.count() for m in (Project, Funding, StaffLoan, PhdStudent, EducationActivity)
    ]
    call_command("seed_demo")
    assert [
        m.objects.count() for m in (Project, Funding, StaffLoan, PhdStudent, EducationActivity)
    ] == counts

    ssu = Project.objects.get(slug="mot-ett-socialtjanstens-universitet")
    assert (ssu.start, ssu.end) == (date(2024, 4, 1), date(2026, 12, 31))
    assert set(ssu.fundings.values_list("funder__slug", flat=True)) == {"forte"}
    not_funded = Project.objects.get(status=Project.Status.NOT_FUNDED)
    assert not_funded.kind == Project.Kind.JOINT_APPLICATION and not_funded.visibility == "internal"
    assert set(StaffLoan.objects.values_list("municipality__slug", flat=True)) == {
        "varnamo",
        "nassjo",
    }
    assert PhdStudent.objects.filter(
        research_school__slug="forskarskolan-fys",
        after_defence=PhdStudent.AfterDefence.STAYS,
        milestones__kind="defence",
        milestones__actual__isnull=False,
    ).exists()
    assert EducationActivity.objects.values("year", "season").distinct().count() == 2
    assert EducationActivity.objects.filter(kind="teaching").exists()

    anonymous = Client()
    assert (
        "Samverkan mellan forskning och praktik i små kommuner"
        not in anonymous.get("/projekt/").content.decode()
    )
    coordinator = Client()
    coordinator.force_login(User.objects.get(email="coordinator@example.org"))
    for url in (
        "/projekt/",
        ssu.get_absolute_url(),
        "/projekt/utlanad-personal/",
        "/doktorander/",
        "/doktorander/forskarutbildade/",
        "/utbildningssamverkan/",
    ):
        assert coordinator.get(url).status_code == 200, url


@pytest.mark.django_db
def test_what_the_governance_overview_shows_from_the_portfolio():
    call_command("seed_demo")
    fourum = Partnership.objects.get(slug="fourum")
    coordinator = User.objects.get(email="coordinator@example.org")
    current = queries.current_projects(fourum, coordinator, on=date(2025, 6, 1))
    assert [p.slug for p in current] == [
        "uppfoljning-ekonomiskt-bistand",
        "kunskapsstyrning-i-lanet",
    ] or [p.slug for p in current] == ["kunskapsstyrning-i-lanet"]
    public = queries.current_projects(fourum, _anonymous(), on=date(2025, 6, 1))
    assert [p.slug for p in public] == ["kunskapsstyrning-i-lanet"]
    assert [person.slug for person in public[0].visible_leaders] == ["lena-hakansson"]
    figures = queries.partnership_figures(fourum, coordinator, year=2025)
    assert float(figures["staff_on_loan_fte"]) == pytest.approx(1.2, abs=0.01)
    assert figures["applications"] == 0 and figures["ongoing"] >= 1
    # The overview's "N ongoing projects" is the number of projects it lists.
    for user in (coordinator, _anonymous()):
        for partnership in Partnership.objects.all():
            for year in (2024, 2025, 2026):
                section = queries.partnership_section(partnership, user, year)
                assert section["figures"]["ongoing"] == len(section["projects"])


def _anonymous():
    from django.contrib.auth.models import AnonymousUser

    return AnonymousUser()
