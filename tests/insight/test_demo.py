"""The demo: 2026 annual reports of the Jönköping collaboration and FoUrum, and 2027 plans."""

import io

import pypdf
import pytest
from django.core.management import call_command

from bryggan.insight.models import ActivityPlan, ActivityReport


@pytest.mark.django_db
def test_demo_reports_and_plans_are_seeded_idempotently(client):
    call_command("seed_demo")
    call_command("seed_demo")
    reports = ActivityReport.objects.published().filter(year=2026)
    assert {r.partnership.slug for r in reports} == {"fourum", "socialtjanstens-universitet"}
    assert ActivityPlan.objects.published().filter(year=2027).count() == 2
    fourum = reports.get(partnership__slug="fourum")
    assert fourum.highlights.count() == 2
    assert fourum.snapshot["plan"]["year"] == 2026
    assert fourum.snapshot["next_plan"]["year"] == 2027
    figures = {
        r["key"]: r["current"]["value"] for g in fourum.snapshot["groups"] for r in g["rows"]
    }
    assert figures["arenas.sessions_held"] > 0
    assert figures["arenas.units_reached"] >= 8
    page = client.get("/verksamhetsberattelser/fourum/2026/")
    assert page.status_code == 200
    assert "Fler kommuner i chefsnätverket" in page.content.decode()
    pdf = client.get("/verksamhetsberattelser/socialtjanstens-universitet/2026/en.pdf")
    text = "\n".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Towards a Social Services University" in text
