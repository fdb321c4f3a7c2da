"""The demo podcast: real audio, real transcripts, a scheduled episode and a draft; safe twice."""

import io

import feedparser
import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from mutagen.mp3 import MP3

from bryggan.podcast.models import DownloadDay, Episode, Show

pytestmark = pytest.mark.django_db


def test_the_demo_podcast_is_real_and_idempotent(anonymous):
    call_command("seed_demo")
    show = Show.objects.get(slug="mot-ett-socialtjanstuniversitet")
    episodes = Episode.objects.filter(show=show)
    guids = sorted(episodes.values_list("guid", flat=True))
    assert len(guids) == 6
    released = list(episodes.released())
    assert [e.episode_type for e in released].count("trailer") == 1
    assert len(released) == 4
    assert episodes.filter(status="published").exclude(pk__in=[e.pk for e in released]).count() == 1
    assert episodes.filter(status="draft").get().has_transcript is False
    for episode in episodes:
        audio = MP3(io.BytesIO(default_storage.open(episode.audio.name).read()))
        assert audio.info.length > 10
        assert episode.audio_duration == pytest.approx(audio.info.length)
    for episode in released:
        assert episode.has_transcript and len(episode.transcript_cues) >= 5
        assert episode.transcript_cues[-1]["end"] <= episode.audio_duration
        assert episode.credits.filter(role="host").exists()
    assert {e.transcript_format for e in released} == {"vtt", "srt"}
    feed = feedparser.parse(anonymous.get(f"/podd/{show.slug}/rss.xml").content)
    assert len(feed.entries) == 4 and not feed.bozo
    assert DownloadDay.objects.filter(episode__show=show).exists()

    call_command("seed_demo")
    assert sorted(Episode.objects.filter(show=show).values_list("guid", flat=True)) == guids
    assert Show.objects.count() == 1
