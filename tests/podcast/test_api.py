"""The podcast's JSON API follows the same rules as the pages."""

from datetime import timedelta

import pytest
from django.utils import timezone

from bryggan.podcast.models import Episode, Show
from tests.podcast.conftest import VTT, image_bytes, media, upload

pytestmark = pytest.mark.django_db

JSON = "application/json"


def test_anyone_lists_public_shows_and_released_episodes(anonymous, show, make_episode):
    released = make_episode(title="Ute")
    make_episode(title="Utkast", published=False)
    make_episode(title="Senare", publish_at=timezone.now() + timedelta(days=1))
    shows = anonymous.get("/api/v1/podcast/shows").json()["items"]
    assert [s["slug"] for s in shows] == [show.slug]
    assert shows[0]["feed_url"].endswith(f"/podd/{show.slug}/rss.xml")
    items = anonymous.get(f"/api/v1/podcast/shows/{show.slug}/episodes").json()["items"]
    assert [e["title"] for e in items] == ["Ute"]
    data = anonymous.get(f"/api/v1/podcast/episodes/{released.pk}").json()
    assert data["guid"] == released.guid and data["has_transcript"] is True
    assert data["transcript_type"] == "text/vtt" and data["audio_type"] == "audio/mpeg"
    assert data["duration"] == pytest.approx(2.09, abs=0.05)


def test_drafts_and_internal_shows_are_hidden_from_those_who_may_not_see_them(
    anonymous, as_worker, as_coordinator, show, make_episode
):
    draft = make_episode(published=False)
    assert anonymous.get(f"/api/v1/podcast/episodes/{draft.pk}").status_code == 404
    assert as_coordinator.get(f"/api/v1/podcast/episodes/{draft.pk}").json()["status"] == "draft"
    show.visibility = "internal"
    show.save(update_fields=["visibility"])
    assert anonymous.get(f"/api/v1/podcast/shows/{show.slug}").status_code == 404
    assert anonymous.get("/api/v1/podcast/shows").json()["items"] == []
    assert as_worker.get(f"/api/v1/podcast/shows/{show.slug}").status_code == 200


def test_a_coordinator_makes_and_publishes_an_episode_through_the_api(
    cast, as_coordinator, anonymous
):
    created = as_coordinator.post(
        "/api/v1/podcast/shows",
        {
            "title": "API-podden",
            "description": "Skapad via API.",
            "credits": [
                {"role": "host", "person": "coordinator"},
                {"role": "producer", "name": "Lena Ström"},
            ],
        },
        content_type=JSON,
    )
    assert created.status_code == 201, created.content
    slug = created.json()["slug"]
    assert created.json()["credits"][1] == {
        "role": "producer",
        "person": None,
        "name": "Lena Ström",
        "affiliation": "",
    }
    artwork = as_coordinator.post(
        f"/api/v1/podcast/shows/{slug}/artwork", {"file": upload("a.png", image_bytes())}
    )
    assert artwork.status_code == 200 and artwork.json()["artwork_url"]

    episode = as_coordinator.post(
        f"/api/v1/podcast/shows/{slug}/episodes",
        {"title": "Avsnitt 1", "description": "Första.", "season": 1, "number": 1},
        content_type=JSON,
    )
    assert episode.status_code == 201
    pk, guid = episode.json()["id"], episode.json()["guid"]
    base = f"/api/v1/podcast/episodes/{pk}"
    audio = as_coordinator.post(f"{base}/audio", {"file": upload("x.bin", media("tone.m4a"))})
    assert audio.json()["audio_type"] == "audio/x-m4a" and audio.json()["audio_size"] == len(
        media("tone.m4a")
    )
    # Without a transcript, publishing is refused.
    refused = as_coordinator.post(f"{base}/publish", {}, content_type=JSON)
    assert refused.status_code == 422 and "utskrift" in refused.json()["detail"]
    transcript = as_coordinator.post(f"{base}/transcript", {"file": upload("t.vtt", VTT.encode())})
    assert transcript.json()["has_transcript"] is True
    chapters = as_coordinator.put(
        f"{base}/chapters", {"chapters": [{"startTime": 0, "title": "Start"}]}, content_type=JSON
    )
    assert chapters.json()["chapters_url"].endswith("/kapitel.json")
    patched = as_coordinator.patch(base, {"title": "Avsnitt ett"}, content_type=JSON)
    assert patched.json()["title"] == "Avsnitt ett" and patched.json()["guid"] == guid
    assert patched.json()["number"] == 1
    published = as_coordinator.post(f"{base}/publish", {}, content_type=JSON)
    assert published.status_code == 200 and published.json()["released"] is True
    assert anonymous.get(f"/api/v1/podcast/episodes/{pk}").json()["guid"] == guid
    assert as_coordinator.post(f"{base}/unpublish").json()["status"] == "draft"


def test_an_administrator_overrides_the_transcript_rule_through_the_api(as_admin, make_episode):
    episode = make_episode(transcript=None, published=False)
    response = as_admin.post(
        f"/api/v1/podcast/episodes/{episode.pk}/publish",
        {"waiver_reason": "Tolk saknas i dag."},
        content_type=JSON,
    )
    assert response.status_code == 200 and response.json()["transcript_waived"] is True
    episode.refresh_from_db()
    assert episode.transcript_waiver_reason == "Tolk saknas i dag."


def test_only_coordinators_write(cast, as_worker, anonymous, show, make_episode):
    episode = make_episode(published=False)
    payload = {"title": "Nej", "description": "Nej"}
    assert anonymous.post("/api/v1/podcast/shows", payload, content_type=JSON).status_code == 401
    assert as_worker.post("/api/v1/podcast/shows", payload, content_type=JSON).status_code == 403
    assert (
        as_worker.post(
            f"/api/v1/podcast/shows/{show.slug}/episodes", payload, content_type=JSON
        ).status_code
        == 403
    )
    assert (
        as_worker.post(
            f"/api/v1/podcast/episodes/{episode.pk}/publish", {}, content_type=JSON
        ).status_code
        == 403
    )
    assert as_worker.get(f"/api/v1/podcast/shows/{show.slug}/figures").status_code == 403
    assert Show.objects.count() == 1 and Episode.objects.get().status == "draft"


def test_bad_uploads_through_the_api_are_refused_and_save_nothing(as_coordinator, make_episode):
    episode = make_episode(audio=None, transcript=None, published=False)
    base = f"/api/v1/podcast/episodes/{episode.pk}"
    audio = as_coordinator.post(f"{base}/audio", {"file": upload("x.mp3", b"not audio" * 100)})
    assert audio.status_code == 422 and "MP3" in audio.json()["detail"]
    transcript = as_coordinator.post(
        f"{base}/transcript", {"file": upload("t.vtt", b"WEBVTT\n\nfel\nrad\n")}
    )
    assert transcript.status_code == 422 and "Rad" in transcript.json()["detail"]
    chapters = as_coordinator.put(f"{base}/chapters", {"chapters": []}, content_type=JSON)
    assert chapters.status_code == 422
    bad_show = as_coordinator.post(
        "/api/v1/podcast/shows", {"title": "", "description": "x"}, content_type=JSON
    )
    assert bad_show.status_code == 422
    episode.refresh_from_db()
    assert not episode.audio and not episode.transcript_format and episode.chapters is None


def test_figures_through_the_api(as_coordinator, show, make_episode):
    episode = make_episode()
    as_coordinator.get(episode.audio_path, HTTP_USER_AGENT="AntennaPod/3.2.0")
    data = as_coordinator.get(f"/api/v1/podcast/shows/{show.slug}/figures", {"days": 7}).json()
    assert data["total_period"] == 1 and len(data["daily"]) == 7
    assert data["episodes"][0]["downloads"] == 1
