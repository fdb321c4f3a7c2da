"""The demo: two plans with generated answers at three occasions, safe to seed twice."""

from django.core.management import call_command

from bryggan.followup.models import FollowupPlan, Measurement
from bryggan.people.models import User
from tests.conftest import client_for


def test_the_demo_seeds_twice_and_its_reports_render(db):
    call_command("seed_demo")
    counts = {p.slug: p.measurements.count() for p in FollowupPlan.objects.all()}
    call_command("seed_demo")
    assert {p.slug: p.measurements.count() for p in FollowupPlan.objects.all()} == counts
    children = FollowupPlan.objects.get(slug="stodgrupper-for-barn-jonkoping")
    parents = FollowupPlan.objects.get(slug="foraldraskapsstod-fourum")
    assert [u.organisation.slug for u in children.units.order_by("code")] == [
        "jonkoping-barn-och-unga",
        "jonkoping-familjestod",
    ]
    assert parents.units.count() == 5 and parents.aggregated_exports_only
    for plan in (children, parents):
        assert plan.occasions.count() == 3
        for occasion in plan.occasions.all():
            assert Measurement.objects.filter(occasion=occasion).exists()
    researcher = client_for(User.objects.get(email="researcher@example.org"))
    for plan in (children, parents):
        page = researcher.get(plan.get_absolute_url() + "rapport/").content.decode()
        assert "indikationer" in page
        assert researcher.get(plan.get_absolute_url() + "jamforelse/").status_code == 200
    worker = client_for(User.objects.get(email="worker@example.org"))
    assert worker.get(children.get_absolute_url() + "enhet/JBU/").status_code == 200
    assert worker.get(parents.get_absolute_url()).status_code == 404
