"""The podcast in real Chromium: the audio plays from the byte-range view, time stamps seek the
player, and the podcast pages have no axe-core violations."""

from datetime import timedelta

import pytest
from django.utils import timezone

from bryggan.podcast import chapters, services
from bryggan.podcast.models import DownloadDay
from tests.browser.conftest import axe_violations, login
from tests.conftest import PASSWORD
from tests.podcast.conftest import VTT, image_bytes, media, upload

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def episode(cast, settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }
    show = services.show_save(
        title="Forskningspodden", description="Samtal om forskning.", visibility="public"
    )
    services.show_artwork_set(show=show, file=upload("a.png", image_bytes()))
    episode = services.episode_save(
        show=show,
        title="Unga och tramadol",
        description="Om unga och tramadol.",
        show_notes="## Länkar\n\n- [Rapporten](https://example.org)",
        season=1,
        number=1,
        credits=[services.CreditSpec(role="guest", name="Lena Ström", affiliation="Familjestödet")],
    )
    services.episode_audio_set(episode=episode, file=upload("a.mp3", media("tone.mp3")))
    services.episode_transcript_set(episode=episode, data=VTT.encode())
    services.episode_chapters_set(
        episode=episode, document=chapters.parse_lines("0:00 Start\n0:01 Mitten")
    )
    episode = services.episode_publish(
        episode=episode, user=cast.admin, publish_at=timezone.now() - timedelta(days=1)
    )
    DownloadDay.objects.create(episode=episode, day=timezone.localdate(), downloads=4)
    return episode


def test_the_player_plays_the_audio_and_time_stamps_seek_it(episode, page):
    page.goto(episode.get_absolute_url())
    duration = page.evaluate(
        """async () => {
            const audio = document.getElementById('player');
            audio.preload = 'metadata';
            audio.load();
            await new Promise((ok, fail) => {
                audio.addEventListener('loadedmetadata', ok);
                audio.addEventListener('error', () => fail(audio.error && audio.error.message));
            });
            return audio.duration;
        }"""
    )
    assert 1.9 < duration < 2.3
    page.click("#transcript a.stamp >> nth=1")
    assert page.evaluate("document.getElementById('player').currentTime") == pytest.approx(
        1, abs=0.1
    )
    assert page.url.endswith(episode.get_absolute_url())  # stayed on the page
    assert axe_violations(page) == []


def test_the_podcast_pages_have_no_axe_violations(episode, page):
    show = episode.show
    for url in ("/podd/", show.get_absolute_url(), episode.get_absolute_url()):
        page.goto(url)
        assert axe_violations(page) == [], url
    login(page, "coordinator@test.example", PASSWORD)
    base = f"/podd/{show.slug}/"
    for url in (
        "/podd/ny/",
        base,
        f"{base}andra/",
        f"{base}statistik/",
        f"{base}nytt-avsnitt/",
        f"{base}{episode.slug}/",
        f"{base}{episode.slug}/hantera/",
        f"{base}{episode.slug}/andra/",
        f"{base}{episode.slug}/kapitel/",
    ):
        page.goto(url)
        assert axe_violations(page) == [], url


def test_a_refused_upload_is_explained_next_to_the_field(episode, page):
    login(page, "coordinator@test.example", PASSWORD)
    page.goto(f"/podd/{episode.show.slug}/{episode.slug}/hantera/")
    page.set_input_files(
        "#id_audio", files=[{"name": "fel.mp3", "mimeType": "audio/mpeg", "buffer": b"nope" * 100}]
    )
    page.click("#audio-heading ~ form button[type=submit]")
    assert "inte MP3- eller M4A-ljud" in page.locator("#id_audio_error").inner_text()
    assert axe_violations(page) == []
