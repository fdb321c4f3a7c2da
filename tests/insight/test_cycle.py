"""The knowledge cycle: one record's timeline, the partnership's chains, the cycle funnel."""

from __future__ import annotations

import pytest

from bryggan.cycle import registry as cycle_registry
from bryggan.cycle.services import link_add
from bryggan.insight import registry
from bryggan.monitoring.models import Record
from tests.conftest import client_for


@pytest.fixture
def linked(world):
    """Research → March seminar → partnership; the workshop also belongs to the partnership."""
    record = Record.objects.get(title="Studie 0")
    seminar = world.events["Seminarium mars"]
    workshop = world.events["Verkstad oktober"]
    link_add(a=record, b=seminar)
    link_add(a=seminar, b=world.partnership)
    link_add(a=workshop, b=world.partnership)
    return record, seminar, workshop


def test_timeline_orders_a_chain_by_the_stages_of_the_cycle(world, linked, anonymous):
    record, _seminar, _workshop = linked
    response = anonymous.get(f"/insikt/kretslopp/monitoring.record/{record.pk}/")
    assert response.status_code == 200
    t = response.context["t"]
    assert [s["stage"] for s in t["steps"]][:3] == ["question", "evidence", "project"]
    reached = {s["stage"]: [r["title"] for r in s["records"]] for s in t["steps"] if s["records"]}
    assert reached == {"evidence": ["Studie 0"], "arena": ["Seminarium mars"]}
    # The workshop shares only the partnership with the seminar: it is another chain.
    assert "Verkstad oktober" not in response.content.decode()
    assert t["missing"][0] == "question"
    assert t["complete"] is False


def test_timeline_only_shows_what_the_reader_may_see(world, linked, anonymous, as_worker):
    group_session = world.events["Grupp maj"]
    link_add(a=linked[1], b=group_session)
    html = anonymous.get(f"/insikt/kretslopp/arenas.event/{linked[1].pk}/").content.decode()
    assert "Grupp maj" not in html
    assert anonymous.get(f"/insikt/kretslopp/arenas.event/{group_session.pk}/").status_code == 404
    member = as_worker.get(f"/insikt/kretslopp/arenas.event/{linked[1].pk}/").content.decode()
    assert "Grupp maj" in member
    api = anonymous.get(f"/api/v1/insight/cycle/monitoring.record/{linked[0].pk}")
    assert api.status_code == 200
    assert api.json()["present"] == ["evidence", "arena"]
    assert anonymous.get("/api/v1/insight/cycle/nope.nope/1").status_code == 404


def test_chains_of_a_partnership_show_where_they_stall(world, linked, as_worker):
    response = as_worker.get("/insikt/samverkan/testsamverkan/kretslopp/")
    assert response.status_code == 200
    c = response.context["c"]
    assert c["total"] == 2  # research → seminar, and the workshop alone
    assert c["complete"] == 0
    stalls = {s["stage"]: s["count"] for s in c["stalls"]}
    # The research chain lacks a project after its evidence; the workshop lacks an episode or digest.
    assert stalls == {"project": 1, "dissemination": 1}
    api = as_worker.get("/api/v1/insight/chains/partnerships/testsamverkan").json()
    assert api["total"] == 2


def test_chains_page_has_an_empty_state(world, as_worker):
    response = as_worker.get("/insikt/samverkan/testsamverkan/kretslopp/")
    assert response.context["c"]["total"] == 0
    assert 'class="notice"' in response.content.decode()


@pytest.fixture
def questions(world):
    """Stand in for the questions app: research records registered as questions from practice."""
    saved = cycle_registry._NODES.get("monitoring.record")
    cycle_registry.register(Record, stage="question", search_fields=["title"])
    registry.unregister("monitoring.record")
    registry.register_knowledge_kind(
        "test.question",
        label="Questions",
        model=Record,
        date_field="first_seen_at",
        area_path="matches__watchlist__area",
        in_scope=lambda qs, scope: qs.filter(
            matches__watchlist__area__in=scope.area_ids
        ).distinct(),
    )
    yield
    registry.unregister("test.question")
    cycle_registry._NODES["monitoring.record"] = saved  # type: ignore[assignment]
    from bryggan.insight.contrib.monitoring import register

    register()


def test_cycle_funnel_counts_how_far_questions_got(world, questions, cast):
    link_add(a=Record.objects.get(title="Studie 1"), b=world.events["Seminarium mars"])
    y = world.year
    data = (
        client_for(cast.coordinator)
        .get(f"/api/v1/insight/dashboards/partnerships/testsamverkan?start={y}-01-01&end={y}-12-31")
        .json()
    )
    funnel = {s["stage"]: s["value"] for s in data["cycle_funnel"]["steps"]}
    assert data["cycle_funnel"]["available"] is True
    assert funnel["question"] == 3  # three matched records in the year
    assert funnel["arena"] == 1
    assert funnel["project"] == 0
    chains = client_for(cast.coordinator).get("/insikt/samverkan/testsamverkan/kretslopp/")
    # All four questions of the partnership (any year) lack an evidence check: the one linked to
    # the seminar, and three linked to nothing, which are chains of their own.
    stalls = {s["stage"]: s["count"] for s in chains.context["c"]["stalls"]}
    assert stalls["evidence"] == 4
    assert chains.context["c"]["total"] == 4
