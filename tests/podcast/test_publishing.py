"""Publishing: audio needs a transcript first (accessibility law), unless an administrator
overrides with a recorded reason; scheduled episodes wait for their time."""

from datetime import timedelta

import pytest
from django.utils import timezone

from bryggan.podcast import services
from bryggan.podcast.models import Episode
from tests.podcast.conftest import upload

pytestmark = pytest.mark.django_db


def _publish_url(episode: Episode) -> str:
    return f"/podd/{episode.show.slug}/{episode.slug}/publicera/"


def test_an_episode_without_a_transcript_cannot_be_published(
    as_coordinator, anonymous, make_episode
):
    episode = make_episode(transcript=None, published=False)
    response = as_coordinator.post(_publish_url(episode), {"publish_at": ""})
    assert response.status_code == 400
    assert "Ladda upp en utskrift innan du publicerar" in response.content.decode()
    episode.refresh_from_db()
    assert episode.status == "draft" and episode.publish_at is None
    assert anonymous.get(episode.get_absolute_url()).status_code == 404


def test_a_coordinator_cannot_override_the_transcript_rule(as_coordinator, make_episode):
    episode = make_episode(transcript=None, published=False)
    response = as_coordinator.post(_publish_url(episode), {"waiver_reason": "Brådskande"})
    assert response.status_code == 400
    assert (
        "Bara en administratör får publicera ett avsnitt utan utskrift" in response.content.decode()
    )
    assert Episode.objects.get(pk=episode.pk).status == "draft"


def test_an_administrator_needs_a_reason_to_publish_without_a_transcript(as_admin, make_episode):
    episode = make_episode(transcript=None, published=False)
    refused = as_admin.post(_publish_url(episode), {"waiver_reason": "  "})
    assert refused.status_code == 400
    assert "Ladda upp en utskrift innan du publicerar" in refused.content.decode()
    # The manage page offers the reason field to administrators only.
    assert (
        'name="waiver_reason"'
        in as_admin.get(f"/podd/{episode.show.slug}/{episode.slug}/hantera/").content.decode()
    )


def test_an_administrators_override_is_recorded(
    cast, as_admin, as_coordinator, anonymous, make_episode
):
    episode = make_episode(transcript=None, published=False)
    response = as_admin.post(
        _publish_url(episode),
        {"waiver_reason": "Utskriften kommer i morgon; inbjudan gick ut i dag."},
    )
    assert response.status_code == 302
    episode.refresh_from_db()
    assert episode.status == "published" and episode.is_released
    assert episode.transcript_waiver_reason.startswith("Utskriften kommer i morgon")
    assert episode.transcript_waived_by == cast.admin and episode.transcript_waived_at
    public = anonymous.get(episode.get_absolute_url()).content.decode()
    assert "Det finns ingen utskrift av avsnittet ännu." in public
    assert "Utskriften kommer i morgon" not in public  # the reason is for coordinators
    assert (
        "Utskriften kommer i morgon"
        in as_coordinator.get(episode.get_absolute_url()).content.decode()
    )


def test_publishing_needs_audio_and_show_artwork(cast, as_coordinator, make_episode, show):
    episode = make_episode(audio=None, published=False)
    show.artwork = ""
    show.save(update_fields=["artwork"])
    response = as_coordinator.post(_publish_url(episode), {})
    html = response.content.decode()
    assert response.status_code == 400
    assert "Ladda upp ljudet innan du publicerar." in html
    assert "Podden behöver en omslagsbild" in html


def test_a_coordinator_publishes_an_episode_with_a_transcript(
    as_coordinator, anonymous, make_episode
):
    episode = make_episode(published=False)
    assert anonymous.get(episode.get_absolute_url()).status_code == 404
    response = as_coordinator.post(_publish_url(episode), {"publish_at": ""})
    assert response.status_code == 302
    assert anonymous.get(episode.get_absolute_url()).status_code == 200


def test_a_scheduled_episode_stays_hidden_until_its_time(
    as_coordinator, anonymous, as_worker, make_episode
):
    episode = make_episode(published=False)
    later = timezone.localtime() + timedelta(days=3)
    response = as_coordinator.post(
        _publish_url(episode), {"publish_at": later.strftime("%Y-%m-%dT%H:%M")}
    )
    assert response.status_code == 302
    episode.refresh_from_db()
    assert episode.is_scheduled and not episode.is_released
    for client in (anonymous, as_worker):
        assert client.get(episode.get_absolute_url()).status_code == 404
        assert client.get(episode.audio_path).status_code == 404
        assert client.get(f"/api/v1/podcast/episodes/{episode.pk}").status_code == 404
        assert episode.title not in client.get(episode.show.get_absolute_url()).content.decode()
    # Coordinators see it, marked as scheduled.
    assert "Schemalagt" in as_coordinator.get(episode.get_absolute_url()).content.decode()
    Episode.objects.filter(pk=episode.pk).update(publish_at=timezone.now() - timedelta(minutes=1))
    assert anonymous.get(episode.get_absolute_url()).status_code == 200


def test_a_transcript_upload_is_shown_as_readable_html_with_time_stamps(
    as_coordinator, anonymous, make_episode
):
    episode = make_episode(transcript=None, published=False)
    vtt = (
        "WEBVTT\n\nNOTE made by hand\n\n"
        "00:00:00.000 --> 00:00:00.900\n<v Anna>Hej <b>och</b> välkommen.\n\n"
        "00:00:01.000 --> 00:00:01.500\n<v Anna>Vi börjar.\n\n"
        "00:01:05.000 --> 00:01:06.000\n<v Karin>Tack &amp; hej <script>alert(1)</script>\n"
    )
    as_coordinator.post(
        f"/podd/{episode.show.slug}/{episode.slug}/transkript/",
        {"transcript": upload("t.vtt", vtt.encode())},
    )
    as_coordinator.post(_publish_url(episode), {})
    html = anonymous.get(episode.get_absolute_url()).content.decode()
    assert 'id="transcript"' in html and 'href="#transcript"' in html
    assert "<strong>Anna:</strong> Hej och välkommen. Vi börjar." in html
    assert f'href="{episode.audio_path}#t=65" data-seconds="65"' in html
    assert "1:05</a> <strong>Karin:</strong> Tack &amp; hej alert(1)" in html
    assert "<script>alert" not in html


def test_the_player_is_an_accessible_html5_audio_element(anonymous, make_episode):
    episode = make_episode()
    html = anonymous.get(episode.get_absolute_url()).content.decode()
    assert f'<audio id="player" controls preload="none" src="{episode.audio_path}"' in html
    assert 'aria-label="Spela avsnittet Unga och tramadol"' in html
    assert f'<a href="{episode.audio_path}" download>' in html


def test_show_notes_are_markdown_without_scripts(anonymous, make_episode):
    episode = make_episode(
        show_notes="# Rubrik\n\n**Viktigt** [länk](https://example.org) <script>alert(1)</script>"
        "[farlig](javascript:alert(1)) <img src=x onerror=alert(1)>"
    )
    html = anonymous.get(episode.get_absolute_url()).content.decode()
    assert "<h3>Rubrik</h3>" in html
    assert "<strong>Viktigt</strong>" in html
    assert 'href="https://example.org" rel="noopener noreferrer"' in html
    assert "<script>alert" not in html and "javascript:" not in html and "onerror" not in html


def test_episode_numbers_are_unique_in_a_season(as_coordinator, make_episode, show):
    make_episode(season=1, number=1)
    response = as_coordinator.post(
        f"/podd/{show.slug}/nytt-avsnitt/",
        {
            "title": "Dubblett",
            "description": "Samma nummer",
            "season": 1,
            "number": 1,
            "episode_type": "full",
        },
    )
    assert response.status_code == 400
    assert "Ett annat avsnitt i säsongen har redan det numret." in response.content.decode()
    assert not Episode.objects.filter(title="Dubblett").exists()


def test_the_service_refuses_to_change_a_guid(make_episode):
    episode = make_episode()
    with pytest.raises(ValueError):
        services.episode_save(episode=episode, guid="ny-guid")
