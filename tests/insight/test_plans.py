"""Activity plans: coordinators write them, anyone reads them once published."""

from __future__ import annotations

import pytest

from bryggan.insight.models import ActivityPlan, Goal, PlannedItem
from tests.conftest import client_for


@pytest.fixture
def plan(world, cast) -> ActivityPlan:
    coordinator = client_for(cast.coordinator)
    response = coordinator.post(
        "/verksamhetsplaner/ny/", {"partnership": "testsamverkan", "plan-year": world.year + 2}
    )
    assert response.status_code == 302
    return ActivityPlan.objects.get(partnership=world.partnership, year=world.year + 2)


def test_coordinator_builds_and_publishes_a_plan(world, cast, plan, anonymous):
    coordinator = client_for(cast.coordinator)
    url = f"/verksamhetsplaner/testsamverkan/{plan.year}/"
    assert anonymous.get(url).status_code == 404
    refused = coordinator.post(url + "andra/", {"action": "publish"}, follow=True)
    assert "Lägg till" in refused.content.decode() or "Add at least one" in refused.content.decode()
    coordinator.post(
        url + "andra/", {"action": "introduction", "introduction": "Nästa år <script>x</script>"}
    )
    coordinator.post(
        url + "andra/",
        {
            "action": "item",
            "kind": "arena",
            "title": "Seminarier varje kvartal",
            "when": "kvartalsvis",
            "area": world.area.pk,
        },
    )
    coordinator.post(
        url + "andra/",
        {
            "action": "goal",
            "text": "Tolv arenor",
            "indicator": "arenas.sessions_held",
            "target": "12",
        },
    )
    coordinator.post(url + "andra/", {"action": "publish"})
    plan.refresh_from_db()
    assert plan.is_published
    assert "script" not in plan.introduction
    page = anonymous.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Seminarier varje kvartal" in html
    assert "arenas.sessions_held" in html
    assert "<form" not in html.split("<main", 1)[1].split("</main>")[0].replace(
        'class="language"', ""
    )


def test_bad_plan_input_keeps_what_was_typed(world, cast, plan):
    coordinator = client_for(cast.coordinator)
    url = f"/verksamhetsplaner/testsamverkan/{plan.year}/andra/"
    response = coordinator.post(
        url, {"action": "goal", "text": "Ett mål", "indicator": "finns.inte", "target": "-3"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'value="Ett mål"' in html
    assert not Goal.objects.exists()
    response = coordinator.post(url, {"action": "item", "kind": "arena", "title": ""})
    assert response.status_code == 400
    assert coordinator.post(url, {"action": "nonsense"}).status_code == 404


def test_outcomes_are_followed_up_and_items_removed(world, cast, plan, as_worker):
    coordinator = client_for(cast.coordinator)
    item = PlannedItem.objects.create(plan=plan, kind="project", title="Ett projekt")
    base = f"/verksamhetsplaner/testsamverkan/{plan.year}/aktiviteter/{item.pk}/"
    assert as_worker.post(base, {"outcome": "done"}).status_code == 403
    coordinator.post(base, {"outcome": "partly", "note": "Halvvägs"})
    item.refresh_from_db()
    assert (item.outcome, item.outcome_note) == ("partly", "Halvvägs")
    coordinator.post(base, {"outcome": "maybe"})
    item.refresh_from_db()
    assert item.outcome == "partly"
    goal = Goal.objects.create(plan=plan, text="Mål")
    coordinator.post(
        f"/verksamhetsplaner/testsamverkan/{plan.year}/mal/{goal.pk}/", {"note": "Nått"}
    )
    goal.refresh_from_db()
    assert goal.outcome_note == "Nått"
    coordinator.post(base, {"action": "remove"})
    coordinator.post(
        f"/verksamhetsplaner/testsamverkan/{plan.year}/mal/{goal.pk}/", {"action": "remove"}
    )
    assert not PlannedItem.objects.exists()
    assert not Goal.objects.exists()


def test_next_years_plan_appears_in_the_report(world, cast):
    coordinator = client_for(cast.coordinator)
    y = world.year
    coordinator.post("/verksamhetsplaner/ny/", {"partnership": "testsamverkan", "plan-year": y + 1})
    url = f"/verksamhetsplaner/testsamverkan/{y + 1}/andra/"
    coordinator.post(url, {"action": "item", "kind": "project", "title": "Nytt forskningsprojekt"})
    coordinator.post(url, {"action": "publish"})
    coordinator.post("/verksamhetsberattelser/ny/", {"partnership": "testsamverkan", "year": y})
    html = coordinator.get(f"/verksamhetsberattelser/testsamverkan/{y}/").content.decode()
    assert "Nytt forskningsprojekt" in html
