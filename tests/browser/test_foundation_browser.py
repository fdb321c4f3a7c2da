"""Log in, switch language and check accessibility in a real browser."""

import pytest

from bryggan.core.models import Visibility
from bryggan.people.models import Person
from tests.browser.conftest import axe_violations, login
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_log_in_switch_language_and_log_out(cast, page):
    login(page, "worker@test.example", PASSWORD)
    assert page.locator("header").inner_text().count("worker@test.example") == 1
    assert page.get_attribute("html", "lang") == "sv"
    page.click("button[name=language][value=en]")
    assert page.get_attribute("html", "lang") == "en"
    assert page.locator("nav.main-nav").inner_text().find("Organisations") >= 0
    page.click("text=Log out")
    assert "Log in" in page.locator("header").inner_text()


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/organisationer/",
        "/organisationer/testkoping-sf/",
        "/personer/",
        "/personer/researcher/",
        "/samverkan/",
        "/omraden/",
        "/tillganglighet/",
        "/accounts/login/",
    ],
)
def test_pages_have_no_axe_violations(cast, page, url):
    Person.objects.filter(slug="researcher").update(visibility=Visibility.PUBLIC)
    page.goto(url)
    assert axe_violations(page) == []


def test_forms_with_errors_have_no_axe_violations(cast, page):
    login(page, "coordinator@test.example", PASSWORD)
    page.goto("/personer/ny/")
    assert axe_violations(page) == []
    page.fill("input[name=given_name]", "Greta")
    page.fill("input[name=orcid]", "0000-0002-1825-0098")
    page.click("main button[type=submit]")
    assert page.locator(".errorlist").count() >= 1
    assert page.input_value("input[name=given_name]") == "Greta"
    assert axe_violations(page) == []


def test_the_skip_link_moves_focus_to_the_content(cast, page):
    page.goto("/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('href')") == "#main"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
