"""The registration API refuses what would break dashboards or the open data."""

import pytest

from bryggan.insight import registry
from bryggan.insight.registry import (
    register_figure,
    register_funnel_step,
    register_group,
    unregister,
)


def _zero(scope, period):
    return 0


@pytest.mark.parametrize("key", ["nodot", "has space.x", "a/b.c", ""])
def test_keys_must_be_stable_dotted_names(key):
    with pytest.raises(ValueError):
        register_figure(key, label="x", group="arenas", compute=_zero)


def test_group_and_unit_must_be_known():
    with pytest.raises(ValueError, match="group"):
        register_figure("x.y", label="x", group="nowhere", compute=_zero)
    with pytest.raises(ValueError, match="unit"):
        register_figure("x.y", label="x", group="arenas", unit="litres", compute=_zero)
    with pytest.raises(ValueError, match="Scopes"):
        register_figure("x.y", label="x", group="arenas", compute=_zero, scopes=["galaxy"])


def test_an_app_can_add_a_group_and_figures_sort_by_group_then_order():
    register_group("test_group", label="Test", order=1)
    register_figure("test.b", label="B", group="test_group", compute=_zero, order=2)
    register_figure("test.a", label="A", group="test_group", compute=_zero, order=1)
    try:
        keys = [f.key for f in registry.figures()]
        assert keys[:2] == ["test.a", "test.b"]
    finally:
        unregister("test.a")
        unregister("test.b")
        registry.GROUPS.pop("test_group")
    assert registry.figure("test.a") is None


def test_funnel_steps_are_ordered():
    register_funnel_step("test.second", label="2", count=lambda s, p: 1, order=20)
    register_funnel_step("test.first", label="1", count=lambda s, p: 2, order=10)
    try:
        keys = [s.key for s in registry.funnel_steps() if s.key.startswith("test.")]
        assert keys == ["test.first", "test.second"]
        assert [s.order for s in registry.funnel_steps()] == sorted(
            s.order for s in registry.funnel_steps()
        )
    finally:
        unregister("test.first")
        unregister("test.second")


def test_the_installed_apps_contribute_their_figures():
    keys = {f.key for f in registry.figures()}
    assert {
        "arenas.sessions_held",
        "arenas.attendance",
        "arenas.people_reached",
        "arenas.units_reached",
        "arenas.actions_decided",
        "arenas.actions_done",
        "monitoring.new_records",
        "people.research_trained",
        "questions.received",
        "questions.days_to_answer",
        "portfolio.funding_secured",
        "portfolio.field_placements",
        "library.publications",
        "podcast.downloads",
        "followup.clients_measured",
        "governance.decisions",
    } <= keys
    assert registry.figure("followup.clients_measured").concerns_clients  # type: ignore[union-attr]
    assert {k.key for k in registry.knowledge_kinds()} >= {
        "arenas.event",
        "arenas.series",
        "monitoring.record",
        "questions.open",
        "library.publication",
        "library.digest",
        "portfolio.project",
        "followup.plan",
        "podcast.episode",
    }
