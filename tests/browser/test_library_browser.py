"""The library in a real browser: import a file through the preview, and axe-core on every page."""

import pytest

from bryggan.library import services
from bryggan.library.models import Publication
from bryggan.taxonomy.models import PriorityArea
from tests.browser.conftest import axe_violations, login
from tests.conftest import PASSWORD
from tests.library.conftest import DATA, make_publication

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def library(cast) -> dict[str, object]:
    area = PriorityArea.objects.create(slug="barn-och-unga", name_sv="Barn och unga")
    report = make_publication(
        title="Unga och tramadol",
        subtitle="En intervjustudie",
        abstract_sv="Unga beskriver tramadol som ofarligt.",
        abstract_en="Young people describe tramadol as harmless.",
        doi="10.5555/tramadol",
        priority_areas=[area],
        authors=[
            {"family_name": "Lundgren", "given_name": "Karin", "orcid": "0000-0002-1825-0097"},
            {"family_name": "Strand", "given_name": "Helena", "role": "editor"},
        ],
    )
    withdrawn = make_publication(title="Preliminära resultat")
    services.publication_withdraw(publication=withdrawn, reason="Ersatt av slutrapporten.")
    digest = services.digest_save(
        title="Vad socialsekreterare behöver veta",
        summary="Många unga ser tramadol som **ofarligt**.\n\n- Fråga om läkemedel.",
        practice="Fråga i bedömningssamtal.",
        publications=[report],
        visibility="public",
    )
    return {"report": report, "withdrawn": withdrawn, "digest": digest}


def test_public_library_pages_have_no_axe_violations(library, page) -> None:
    for url in [
        "/bibliotek/",
        "/bibliotek/?kind=report&area=barn-och-unga",
        library["report"].get_absolute_url(),
        "/forskning-i-korthet/",
        library["digest"].get_absolute_url(),
    ]:
        response = page.goto(url)
        assert response.status == 200, url
        assert axe_violations(page) == [], url
    page.goto(library["withdrawn"].get_absolute_url())
    assert "Ersatt av slutrapporten." in page.content()
    assert axe_violations(page) == []


def test_a_coordinator_imports_a_file_through_the_preview(library, page) -> None:
    login(page, "coordinator@test.example", PASSWORD)
    page.goto("/bibliotek/import/")
    assert axe_violations(page) == []
    page.set_input_files("input[name=file]", str(DATA / "social_work.ris"))
    page.click("main form button.primary")
    page.wait_for_url("**/bibliotek/import/*/")
    assert "Knowledge governance in Swedish social services" in page.content()
    assert axe_violations(page) == []
    page.click("button[value=commit]")
    page.wait_for_load_state()
    assert "3 publikationer lades till i biblioteket." in page.content()
    assert Publication.objects.filter(import_batch__isnull=False).count() == 3


def test_coordinator_forms_have_no_axe_violations(library, page) -> None:
    login(page, "coordinator@test.example", PASSWORD)
    page.goto("/bibliotek/ny/")
    page.fill("input[name=title]", "Ny rapport")
    page.click("button[name=more_authors]")
    page.wait_for_load_state()
    assert page.input_value("input[name=title]") == "Ny rapport"
    assert page.locator("fieldset.author-row").count() == 5
    assert axe_violations(page) == []
    for url in [
        f"/bibliotek/{library['report'].pk}/andra/",
        library["report"].get_absolute_url(),
        "/forskning-i-korthet/ny/",
    ]:
        page.goto(url)
        assert axe_violations(page) == [], url
