"""Follow-up in Chromium: enter answers (the guard refuses an identity number), read the report,
export, and check every page with axe-core."""

import pytest

from bryggan.followup.models import Measurement, Subject
from tests.browser.conftest import axe_violations, login
from tests.conftest import PASSWORD
from tests.followup.conftest import _private_media, filled, world  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_social_worker_enters_answers_and_the_guard_refuses_a_personnummer(cast, world, page):  # noqa: F811
    login(page, "worker@test.example", PASSWORD)
    page.goto(world.plan.get_absolute_url() + "enhet/BU/")
    assert axe_violations(page) == []
    page.fill("#id_count", "2")
    page.click("form[action$='/koder/'] button[type=submit]")
    assert "BU-" in page.locator(".messages").inner_text()
    code = Subject.objects.filter(plan=world.plan).first().code
    page.goto(world.plan.get_absolute_url() + f"deltagare/{code}/baseline/{world.version.pk}/")
    page.check("input[name=item_mood1][value='4']")
    page.check("input[name=item_mood2][value='2']")
    page.fill("#id_item_sleep", "9")
    page.fill("#id_item_note", "Mamma ringde, pnr 640823-3234")
    page.click("form.stacked button[type=submit]")
    assert "******-**34" in page.content()
    assert "640823-3234" not in page.content()
    assert page.input_value("#id_item_note") == ""
    assert page.input_value("#id_item_sleep") == "9"  # the rest is kept
    assert not Measurement.objects.exists()
    assert axe_violations(page) == []
    page.fill("#id_item_note", "Bra dag")
    page.click("form.stacked button[type=submit]")
    assert "sparades" in page.locator(".messages").inner_text()
    assert Measurement.objects.count() == 1
    assert axe_violations(page) == []
    # A file with an error: the preview names the row, and nothing is imported.
    other = Subject.objects.filter(plan=world.plan).exclude(code=code).first().code
    day = world.plan.start.isoformat()
    page.goto(world.plan.get_absolute_url() + "enhet/BU/")
    page.set_input_files(
        "#id_file",
        files=[
            {
                "name": "svar.csv",
                "mimeType": "text/csv",
                "buffer": f"subject,measured_on,mood1,sleep\n{other},{day},9,8\n".encode(),
            }
        ],
    )
    page.click("form[action$='/import/'] button[type=submit]")
    assert "9 är inte en av koderna" in page.content()
    assert axe_violations(page) == []


def test_report_comparison_and_export_pages_pass_axe(cast, filled, page):  # noqa: F811
    login(page, "researcher@test.example", PASSWORD)
    base = filled.plan.get_absolute_url()
    for url in (base + "rapport/", base + "rapport/?unit=BU", base + "jamforelse/", base):
        page.goto(url)
        assert axe_violations(page) == [], url
    assert page.locator("svg.chart[role=img]").count() == 0  # the plan page has no chart
    page.goto(base + "rapport/")
    assert page.locator("svg.chart[role=img]").count() == 2  # one subscale and the change bars
    page.goto(base + "export/")
    assert axe_violations(page) == []
    page.check("input[name=scope][value=records]")
    page.check("input[name=format][value=sav]")
    page.fill("#id_purpose", "Utvärdering, Dnr 2025-00001-01")
    page.click("form.stacked button[type=submit]")
    assert page.locator("a.button", has_text="Hämta").count() == 1
    assert axe_violations(page) == []


def test_coordinator_pages_pass_axe(cast, filled, page):  # noqa: F811
    login(page, "coordinator@test.example", PASSWORD)
    version = filled.version
    for url in (
        "/uppfoljning/",
        "/uppfoljning/instrument/",
        version.instrument.get_absolute_url(),
        version.get_absolute_url(),
        filled.plan.get_absolute_url(),
        filled.plan.get_absolute_url() + "andra/",
        filled.plan.get_absolute_url() + "tillfallen/ny/",
        filled.plan.get_absolute_url() + "logg/",
        "/uppfoljning/planer/ny/",
        "/uppfoljning/instrument/nytt/",
    ):
        page.goto(url)
        assert axe_violations(page) == [], url
