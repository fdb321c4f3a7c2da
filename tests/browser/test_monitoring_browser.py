"""External monitoring pages in a real browser: axe-core finds no WCAG 2.1 AA violations."""

import pytest

from bryggan.monitoring import services
from bryggan.monitoring.models import HarvestRun, Source
from bryggan.monitoring.normalise import Item, author
from bryggan.taxonomy.models import PriorityArea
from tests.browser.conftest import axe_violations, login
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def monitored(cast) -> dict[str, int]:
    area = PriorityArea.objects.create(slug="barn-och-unga", name_sv="Barn och unga")
    services.watchlist_save(area=area, terms_sv="placerade barn", subject_codes="50402")
    source = Source.objects.create(
        name="DiVA", kind="oai", url="https://diva.example.org/oai", metadata_prefix="swepub_mods"
    )
    services.records_import(
        source=source,
        items=[
            Item(
                external_id="oai:1", title="Placerade barn och skolgång", year=2026, doi="10.5555/x",
                authors=[author(name="Lena Exempelsson", orcid="0000-0002-1825-0097")],
                abstract="Barn i samhällsvård.", subject_codes=["50402"], oa_url="https://oa.example.org/1.pdf",
            )
        ],
    )  # fmt: skip
    services.records_match()
    run = HarvestRun.objects.create(
        source=source, status=HarvestRun.Status.FAILED, total=20, fetched=10, cursor="t"
    )
    run.note("The repository answered with broken XML.", "error")
    run.save()
    return {"source": source.pk, "run": run.pk, "record": source.provenance.get().record_id}


def test_public_monitoring_pages_have_no_axe_violations(monitored, page) -> None:
    for url in [
        "/omvarldsbevakning/",
        "/omvarldsbevakning/omraden/barn-och-unga/",
        f"/omvarldsbevakning/poster/{monitored['record']}/",
    ]:
        page.goto(url)
        assert axe_violations(page) == [], url


def test_coordinator_monitoring_pages_have_no_axe_violations(monitored, page) -> None:
    login(page, "coordinator@test.example", PASSWORD)
    for url in [
        "/omvarldsbevakning/kallor/",
        f"/omvarldsbevakning/kallor/{monitored['source']}/",
        f"/omvarldsbevakning/korningar/{monitored['run']}/",
        "/omvarldsbevakning/kallor/ny/",
        "/omvarldsbevakning/omraden/barn-och-unga/bevakning/",
        "/omvarldsbevakning/min-bevakning/",
        "/omvarldsbevakning/prenumerationer/",
        "/omvarldsbevakning/poster/",
        f"/omvarldsbevakning/poster/{monitored['record']}/",
    ]:
        page.goto(url)
        assert axe_violations(page) == [], url


def test_a_source_form_with_errors_keeps_the_input_and_stays_accessible(monitored, page) -> None:
    login(page, "coordinator@test.example", PASSWORD)
    page.goto("/omvarldsbevakning/kallor/ny/")
    page.fill("input[name=name]", "Min DiVA")
    page.select_option("select[name=kind]", "oai")
    page.click("main button[type=submit]")
    assert page.locator(".errorlist").count() >= 1
    assert page.input_value("input[name=name]") == "Min DiVA"
    assert axe_violations(page) == []
