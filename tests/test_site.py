"""Site-wide promises: health, sitemap, robots, accessibility link, errors, production checks, demo, scheduler."""

from datetime import timedelta

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings
from django.utils import timezone

from bryggan.core.checks import production_settings, refuse_unsafe_production, shared_cache
from bryggan.core.models import Visibility
from bryggan.governance.models import Partnership
from bryggan.people.models import Organisation, Person, User

pytestmark = pytest.mark.django_db

PAGES = [
    "/",
    "/organisationer/",
    "/personer/",
    "/samverkan/",
    "/omraden/",
    "/tillganglighet/",
    "/accounts/login/",
    "/no-such-page/",
]


def test_healthz_checks_the_database(anonymous):
    response = anonymous.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


@pytest.mark.parametrize("url", PAGES)
def test_every_page_links_the_accessibility_statement_and_sets_the_language(cast, anonymous, url):
    page = anonymous.get(url).content.decode()
    assert 'href="/tillganglighet/"' in page
    assert '<html lang="sv">' in page
    assert 'href="#main"' in page and 'id="main"' in page


def _hrefs(html: str) -> list[str]:
    return [part.split('"')[0] for part in html.split('href="')[1:]]


def test_the_navigation_has_no_dead_links(cast, as_coordinator):
    page = as_coordinator.get("/").content.decode()
    nav = page.split('<nav class="wrap main-nav"')[1].split("</nav>")[0]
    parts = page.split('<ul class="cards parts">')[1].split("</ul>\n</li>\n")[0]
    hrefs = set(_hrefs(nav)) | set(_hrefs(page.split('<ul class="cards parts">')[1]))
    assert len(_hrefs(parts)) > len(_hrefs(nav)) / 2
    for href in sorted(h for h in hrefs if h.startswith("/") and not h.startswith("/accounts")):
        assert as_coordinator.get(href).status_code == 200, href


def test_the_menu_groups_the_parts_and_opens_the_section_of_the_page(cast, anonymous, as_worker):
    page = anonymous.get("/bibliotek/").content.decode()
    main = page.split('<nav class="wrap main-nav"')[1].split("</nav>")[0]
    section = page.split('<nav class="section-nav"')[1].split("</nav>")[0]
    assert 'aria-current="true">Kunskap<' in main
    assert 'href="/bibliotek/" aria-current="page">Bibliotek<' in section
    assert 'href="/podd/">' in section and 'href="/omvarldsbevakning/">' in section
    # Entries for staff only are not shown to anonymous visitors, and no empty section is shown.
    assert "Uppföljning" not in main
    assert "Uppföljning" in as_worker.get("/").content.decode().split("</nav>")[0]


def test_an_unknown_page_gets_a_friendly_404(anonymous):
    response = anonymous.get("/finns-inte/")
    assert response.status_code == 404
    assert "Sidan finns inte" in response.content.decode()


def test_the_sitemap_lists_public_pages_only(cast, anonymous):
    Person.objects.filter(slug="researcher").update(visibility=Visibility.PUBLIC)
    Partnership.objects.create(
        name_sv="Hemlig", slug="hemlig", kind="project", visibility=Visibility.INTERNAL
    )
    xml = anonymous.get("/sitemap.xml").content.decode()
    assert "/personer/researcher/" in xml
    assert "/personer/worker/" not in xml
    assert "/samverkan/hemlig/" not in xml
    assert "/organisationer/testkoping/" in xml


def test_robots_points_to_the_sitemap(anonymous):
    body = anonymous.get("/robots.txt").content.decode()
    assert "Sitemap: " in body and body.strip().splitlines()[-1].endswith("/sitemap.xml")


def test_internal_partnerships_are_hidden_from_outsiders(cast, as_outsider, as_worker):
    Partnership.objects.create(
        name_sv="Intern", slug="intern", kind="project", visibility=Visibility.INTERNAL
    )
    assert as_outsider.get("/samverkan/intern/").status_code == 404
    assert as_worker.get("/samverkan/intern/").status_code == 200


@override_settings(
    BRYGGAN_ENV="production",
    DEBUG=True,
    ALLOWED_HOSTS=[],
    SECRET_KEY="bryggan-development-only-not-secret",
)
def test_production_refuses_debug_default_secret_and_no_hosts():
    ids = {error.id for error in production_settings()}
    assert ids == {"bryggan.E001", "bryggan.E002", "bryggan.E003"}
    with pytest.raises(ImproperlyConfigured):
        refuse_unsafe_production()


@override_settings(
    BRYGGAN_ENV="production",
    DEBUG=False,
    ALLOWED_HOSTS=["bryggan.example.org"],
    SECRET_KEY="x" * 50,
)
def test_production_starts_when_configured():
    assert production_settings() == []


@override_settings(
    BRYGGAN_ENV="production",
    CACHES={"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}},
)
def test_production_warns_when_the_cache_is_not_shared_between_workers():
    assert [w.id for w in shared_cache()] == ["bryggan.W001"]
    with override_settings(
        CACHES={
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": "redis://127.0.0.1:6379/0",
            }
        }
    ):
        assert shared_cache() == []


def test_seed_demo_is_idempotent_and_builds_the_model_organisations():
    call_command("seed_demo")
    counts = (
        Organisation.objects.count(),
        Person.objects.count(),
        User.objects.count(),
        Partnership.objects.count(),
    )
    call_command("seed_demo")
    assert counts == (
        Organisation.objects.count(),
        Person.objects.count(),
        User.objects.count(),
        Partnership.objects.count(),
    )
    fourum = Partnership.objects.get(slug="fourum")
    assert fourum.parties.filter(organisation__kind="municipality").count() == 13
    for email in ["worker", "manager", "researcher", "coordinator", "admin"]:
        assert User.objects.get(email=f"{email}@example.org").check_password("bryggan-demo")


def test_seed_demo_refuses_a_database_with_real_data():
    User.objects.create_user("someone@kommun.se", "x")
    with pytest.raises(CommandError):
        call_command("seed_demo")
    assert not Organisation.objects.exists()


def test_the_scheduler_enqueues_due_jobs_once(monkeypatch):
    from bryggan.core import schedule
    from bryggan.core.management.commands.scheduler import enqueue_due_jobs

    calls = []

    class FakeTask:
        def enqueue(self):
            calls.append(1)

    monkeypatch.setattr(schedule, "_JOBS", {})
    schedule.register("test.job", FakeTask(), every=timedelta(hours=1))
    now = timezone.now()
    assert enqueue_due_jobs(now) == ["test.job"]
    assert enqueue_due_jobs(now + timedelta(minutes=30)) == []
    assert enqueue_due_jobs(now + timedelta(hours=1)) == ["test.job"]
    assert len(calls) == 2


def test_anonymous_pages_are_cached_until_any_content_changes(cast, anonymous):
    first = anonymous.get("/organisationer/")
    assert "X-Bryggan-Cache" not in first
    assert anonymous.get("/organisationer/")["X-Bryggan-Cache"] == "hit"
    Organisation.objects.create(name_sv="Nya fonden", slug="nya-fonden", kind="funder")
    fresh = anonymous.get("/organisationer/")
    assert "X-Bryggan-Cache" not in fresh
    assert "Nya fonden" in fresh.content.decode()


def test_the_page_cache_keeps_languages_apart_and_skips_logged_in_users(cast, anonymous, as_worker):
    anonymous.get("/organisationer/")
    anonymous.post("/i18n/setlang/", {"language": "en", "next": "/"})
    english = anonymous.get("/organisationer/")
    assert "X-Bryggan-Cache" not in english and "<h1>Organisations</h1>" in english.content.decode()
    as_worker.get("/organisationer/")
    assert "X-Bryggan-Cache" not in as_worker.get("/organisationer/")


def test_the_language_switch_refuses_foreign_redirects(anonymous):
    response = anonymous.post("/i18n/setlang/", {"language": "en", "next": "https://evil.example/"})
    assert response["Location"] == "/"
