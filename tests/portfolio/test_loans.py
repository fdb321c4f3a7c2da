"""Staff on loan: share of full time, period, project; never over 100% on any day; totals."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from bryggan.people.models import Organisation
from bryggan.portfolio import services
from bryggan.portfolio.models import StaffLoan

pytestmark = pytest.mark.django_db


@pytest.fixture
def lender(cast) -> Organisation:
    return Organisation.objects.create(
        name_sv="Värnamo kommun", slug="varnamo", kind=Organisation.Kind.MUNICIPALITY
    )


def _loan(project, person, municipality, share, start, end):
    return services.loan_add(
        municipality=municipality, person=person, project=project, share=share, start=start, end=end
    )


def _post(client, project, **fields):
    return client.post(f"/projekt/{project.slug}/utlan/", fields)


def test_a_coordinator_lends_a_person_to_a_project(
    cast, as_coordinator, make_project, lender, person_of
):
    project = make_project()
    response = _post(
        as_coordinator,
        project,
        municipality=lender.pk,
        person=person_of(cast.worker).pk,
        share=50,
        start="2024-01-01",
        end="2024-12-31",
    )
    assert response.status_code == 302
    loan = StaffLoan.objects.get()
    assert (loan.share, loan.municipality, loan.project) == (50, lender, project)
    page = as_coordinator.get(project.get_absolute_url()).content.decode()
    assert "Wilma Arbetare" in page and "50 %" in page


def test_loans_that_take_a_person_over_full_time_on_any_day_are_refused(
    cast, as_coordinator, make_project, lender, person_of
):
    first, second = make_project(title="Ett"), make_project(title="Två")
    worker = person_of(cast.worker)
    _loan(first, worker, lender, 60, date(2024, 1, 1), date(2024, 12, 31))
    _loan(second, worker, cast.municipality, 40, date(2024, 7, 1), date(2025, 6, 30))
    # A third loan only touches the overlap in December: 60 + 40 + 10 = 110 on 1 December.
    response = _post(
        as_coordinator,
        second,
        municipality=lender.pk,
        person=worker.pk,
        share=10,
        start="2024-12-01",
        end="2025-03-31",
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "Lånet skulle ge Wilma Arbetare 110 % av heltid den 2024-12-01" in page
    assert 'value="10"' in page
    assert StaffLoan.objects.count() == 2
    # From January the first loan has ended, so the same share fits.
    _loan(second, worker, lender, 10, date(2025, 1, 1), date(2025, 3, 31))
    assert StaffLoan.objects.count() == 3


def test_exactly_full_time_is_allowed_and_one_day_of_overlap_is_not(
    cast, make_project, lender, person_of
):
    project = make_project()
    worker = person_of(cast.worker)
    _loan(project, worker, lender, 50, date(2024, 1, 1), date(2024, 6, 30))
    _loan(project, worker, lender, 50, date(2024, 1, 1), date(2024, 6, 30))
    with pytest.raises(ValidationError, match="101 %"):
        _loan(project, worker, lender, 1, date(2024, 6, 30), date(2024, 7, 31))
    _loan(project, worker, lender, 100, date(2024, 7, 1), date(2024, 7, 31))


def test_a_share_over_100_or_a_backwards_period_is_refused(
    cast, as_coordinator, make_project, lender, person_of
):
    project = make_project()
    worker = person_of(cast.worker)
    over = _post(
        as_coordinator,
        project,
        municipality=lender.pk,
        person=worker.pk,
        share=120,
        start="2024-01-01",
        end="2024-12-31",
    )
    assert "Andelen av heltid måste vara mellan 1 och 100 %." in over.content.decode()
    backwards = _post(
        as_coordinator,
        project,
        municipality=lender.pk,
        person=worker.pk,
        share=20,
        start="2024-12-01",
        end="2024-01-01",
    )
    assert "Perioden slutar innan den börjar." in backwards.content.decode()
    with pytest.raises(ValidationError, match="100"):
        _loan(project, worker, lender, 150, date(2024, 1, 1), date(2024, 2, 1))
    assert not StaffLoan.objects.exists()


def test_only_municipalities_lend_staff(cast, make_project, person_of):
    with pytest.raises(ValidationError, match="kommun"):
        _loan(
            make_project(),
            person_of(cast.worker),
            cast.unit,
            20,
            date(2024, 1, 1),
            date(2024, 2, 1),
        )


def test_archived_loans_do_not_count(cast, make_project, lender, person_of):
    project = make_project()
    worker = person_of(cast.worker)
    wrong = _loan(project, worker, lender, 80, date(2024, 1, 1), date(2024, 12, 31))
    services.loan_archive(loan=wrong)
    _loan(project, worker, lender, 80, date(2024, 1, 1), date(2024, 12, 31))
    assert StaffLoan.objects.count() == 2


def test_totals_per_municipality_and_year_count_full_time_equivalents(
    cast, as_worker, make_project, lender, person_of
):
    project = make_project()
    _loan(project, person_of(cast.worker), lender, 50, date(2024, 1, 1), date(2025, 12, 31))
    # 40% for the second half of 2025 (184 of 365 days) is 0.20 of a full-time year.
    _loan(project, person_of(cast.manager), lender, 40, date(2025, 7, 1), date(2025, 12, 31))
    _loan(
        project,
        person_of(cast.researcher),
        cast.municipality,
        100,
        date(2025, 1, 1),
        date(2025, 12, 31),
    )
    page = as_worker.get("/projekt/utlanad-personal/").content.decode()
    assert "Värnamo kommun" in page and "Testköpings kommun" in page
    assert "0,50" in page and "0,70" in page and "1,00" in page and "1,70" in page
    only_2025 = as_worker.get("/projekt/utlanad-personal/?year=2025&municipality=varnamo")
    table = only_2025.content.decode().split("<table>")[1].split("</table>")[0]
    assert "Värnamo kommun" in table and "Testköpings kommun" not in table and "2024" not in table


def test_the_loans_page_and_loans_on_a_project_are_for_partnership_staff(
    cast, anonymous, as_outsider, make_project, lender, person_of
):
    project = make_project()
    _loan(project, person_of(cast.worker), lender, 50, date(2024, 1, 1), date(2024, 12, 31))
    assert anonymous.get("/projekt/utlanad-personal/").status_code == 302
    assert as_outsider.get("/projekt/utlanad-personal/").status_code == 403
    assert "Värnamo" not in anonymous.get(project.get_absolute_url()).content.decode()


def test_loans_to_projects_hidden_from_the_user_are_not_shown(
    cast, as_worker, make_project, lender, person_of
):
    hidden = make_project(title="Dold", visibility="restricted")
    _loan(hidden, person_of(cast.manager), lender, 50, date(2024, 1, 1), date(2024, 12, 31))
    page = as_worker.get("/projekt/utlanad-personal/").content.decode()
    assert "Max Chef" not in page and "Dold" not in page


def test_only_coordinators_add_loans(cast, as_worker, make_project, lender, person_of):
    project = make_project()
    response = _post(
        as_worker,
        project,
        municipality=lender.pk,
        person=person_of(cast.worker).pk,
        share=10,
        start="2024-01-01",
        end="2024-02-01",
    )
    assert response.status_code == 403 and not StaffLoan.objects.exists()
