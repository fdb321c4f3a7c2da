"""Dashboard pages: who may see them, periods, empty states, charts and the records behind figures."""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from bryggan.arenas.models import Event
from tests.conftest import client_for


def test_dashboards_are_for_partnership_staff(world, cast, anonymous, as_outsider, as_worker):
    url = "/insikt/samverkan/testsamverkan/"
    response = anonymous.get(url)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert as_outsider.get(url).status_code == 403
    assert as_worker.get(url).status_code == 200
    assert as_worker.get("/insikt/organisationer/testkoping/").status_code == 200
    assert (
        as_outsider.get("/api/v1/insight/dashboards/partnerships/testsamverkan").status_code == 403
    )
    assert anonymous.get("/api/v1/insight/dashboards/organisations/testkoping").status_code == 403
    assert as_worker.get("/insikt/samverkan/finns-inte/").status_code == 404


def test_hidden_partnership_is_not_revealed(world, as_worker):
    world.partnership.visibility = "restricted"
    world.partnership.save(update_fields=["visibility"])
    assert as_worker.get("/insikt/samverkan/testsamverkan/").status_code == 404


def test_default_period_is_this_year_with_presets(world, as_worker):
    response = as_worker.get("/insikt/samverkan/testsamverkan/")
    year = timezone.localdate().year
    assert response.context["period"].start == date(year, 1, 1)
    html = response.content.decode()
    assert f"start={year - 1}-01-01&amp;end={year - 1}-12-31" in html  # last year
    assert 'aria-current="true"' in html


def test_a_period_that_ends_before_it_starts_is_refused_with_the_input_kept(world, as_worker):
    response = as_worker.get("/insikt/samverkan/testsamverkan/?start=2026-05-01&end=2026-01-31")
    assert response.status_code == 400
    html = response.content.decode()
    assert "slutar innan den börjar" in html or "ends before it starts" in html
    assert 'value="2026-05-01"' in html
    assert 'value="2026-01-31"' in html
    assert "<svg" not in html
    api = as_worker.get(
        "/api/v1/insight/dashboards/partnerships/testsamverkan?start=2026-05-01&end=2026-01-31"
    )
    assert api.status_code == 422
    assert (
        as_worker.get(
            "/insikt/samverkan/testsamverkan/?start=inte-ett-datum&end=2026-01-31"
        ).status_code
        == 400
    )
    assert (
        as_worker.get(
            "/insikt/samverkan/testsamverkan/?start=1700-01-01&end=1700-12-31"
        ).status_code
        == 400
    )


def test_a_year_with_no_data_gives_an_empty_state_not_a_broken_page(world, as_worker):
    response = as_worker.get("/insikt/samverkan/testsamverkan/?start=2001-01-01&end=2001-12-31")
    assert response.status_code == 200
    assert response.context["empty"] is True
    html = response.content.decode()
    assert 'class="notice"' in html
    assert 'class="chart"' not in html  # no empty axes are drawn
    assert "empty-chart" in html


def test_a_single_month_draws_one_column_and_a_table(world, as_worker):
    y = world.year
    response = as_worker.get(f"/insikt/samverkan/testsamverkan/?start={y}-03-01&end={y}-03-31")
    assert response.status_code == 200
    trend = next(t for t in response.context["trends"] if t["key"] == "arenas.sessions_held")
    assert [p["value"] for p in trend["points"]] == [1]
    html = response.content.decode()
    assert html.count("<rect") >= 1
    assert 'role="img"' in html


def test_each_figure_links_to_its_records_and_hidden_ones_are_not_listed(world, cast):
    y = world.year
    query = f"?start={y}-01-01&end={y}-12-31"
    coordinator = client_for(cast.coordinator)
    page = coordinator.get("/insikt/samverkan/testsamverkan/" + query)
    link = f"/insikt/samverkan/testsamverkan/underlag/arenas.sessions_held/{query}".replace(
        "&", "&amp;"
    )
    assert link in page.content.decode()
    titles = lambda response: [row["title"] for row in response.context["rows"]]  # noqa: E731
    member = client_for(cast.worker)  # a member of the restricted discussion group
    listed = member.get(f"/insikt/samverkan/testsamverkan/underlag/arenas.sessions_held/{query}")
    assert titles(listed) == [
        "Seminarium mars",
        "Chefsmöte april",
        "Grupp maj",
        "Grupp september",
        "Verkstad oktober",
    ]
    # The manager is not a member of the restricted group: its sessions are counted, not listed.
    manager = client_for(cast.manager)
    listed = manager.get(f"/insikt/samverkan/testsamverkan/underlag/arenas.sessions_held/{query}")
    assert "Grupp maj" not in titles(listed)
    assert listed.context["value"] == 5
    actions = coordinator.get(
        f"/insikt/samverkan/testsamverkan/underlag/arenas.actions_overdue/{query}"
    )
    assert titles(actions) == ["Mäta väntetider"]
    assert (
        coordinator.get(f"/insikt/samverkan/testsamverkan/underlag/finns.inte/{query}").status_code
        == 404
    )


def test_gap_map_cells_link_to_their_records(world, as_worker):
    y = world.year
    query = f"?start={y}-01-01&end={y}-12-31"
    page = as_worker.get("/insikt/samverkan/testsamverkan/" + query)
    html = page.content.decode()
    assert "/insikt/samverkan/testsamverkan/karta/arenas.event/barn/" in html
    assert 'aria-label="Barn och unga' in html
    cell = as_worker.get(f"/insikt/samverkan/testsamverkan/karta/arenas.event/barn/{query}")
    assert [r["title"] for r in cell.context["rows"]] == ["Seminarium mars", "Verkstad oktober"]
    # An area that is not the partnership's is not on its map.
    assert (
        as_worker.get(
            f"/insikt/samverkan/testsamverkan/karta/arenas.event/annat/{query}"
        ).status_code
        == 404
    )


def test_questions_funnel_says_when_there_are_no_questions(world, as_worker):
    html = as_worker.get("/insikt/samverkan/testsamverkan/").content.decode()
    assert "funnel-heading" in html
    assert "empty-chart" in html


def test_index_lists_partnerships_and_finds_an_organisation(world, as_worker):
    response = as_worker.get("/insikt/")
    assert "Testsamverkan" in response.content.decode()
    found = as_worker.get("/insikt/?organisation=testkoping-bu")
    assert found.status_code == 302
    assert found["Location"] == "/insikt/organisationer/testkoping-bu/"
    missing = as_worker.get("/insikt/?organisation=finns-inte", follow=True)
    assert missing.status_code == 200


def test_cancelled_sessions_never_count(world, as_worker):
    event = world.events["Seminarium mars"]
    event.status = Event.Status.CANCELLED
    event.save(update_fields=["status"])
    y = world.year
    data = as_worker.get(
        f"/api/v1/insight/dashboards/partnerships/testsamverkan?start={y}-01-01&end={y}-12-31"
    ).json()
    assert (
        next(r for r in data["figures"] if r["key"] == "arenas.sessions_held")["current"]["value"]
        == 4
    )
