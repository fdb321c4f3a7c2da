"""The RSS feed: RSS 2.0 with the itunes and podcast namespaces, parsed as podcast apps do."""

import io
import time
import uuid
from datetime import timedelta

import feedparser
import podcastparser
import pytest
from django.conf import settings
from django.utils import timezone
from lxml import etree

from bryggan.podcast import services
from bryggan.podcast.models import Episode
from tests.podcast.conftest import SRT

pytestmark = pytest.mark.django_db

NS = {
    "itunes": "http://www.itunes.com/dtds/podcast-1.0.dtd",
    "podcast": "https://podcastindex.org/namespace/1.0",
}


def _feed(client, show):
    response = client.get(f"/podd/{show.slug}/rss.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    return response.content


def test_the_feed_has_every_channel_element_podcast_apps_need(anonymous, show, make_episode):
    make_episode()
    body = _feed(anonymous, show)
    root = etree.fromstring(body)
    assert root.tag == "rss" and root.get("version") == "2.0"
    assert root.nsmap["itunes"] == NS["itunes"] and root.nsmap["podcast"] == NS["podcast"]
    channel = root.find("channel")
    assert channel.findtext("title") == "Forskningspodden"
    assert channel.findtext("description") == "Forskare och socialsekreterare samtalar."
    assert channel.findtext("language") == "sv"
    image = channel.find("itunes:image", NS).get("href")
    assert image.startswith(settings.SITE_URL) and "/omslag.png" in image
    category = channel.find("itunes:category", NS)
    assert category.get("text") == "Science"
    assert category.find("itunes:category", NS).get("text") == "Social Sciences"
    assert channel.findtext("itunes:explicit", namespaces=NS) == "false"
    feed_url = f"{settings.SITE_URL}/podd/{show.slug}/rss.xml"
    expected = uuid.uuid5(
        uuid.UUID("ead4c236-bf58-58c6-a2c6-a6b28d128cb6"), feed_url.split("://", 1)[1]
    )
    assert channel.findtext("podcast:guid", namespaces=NS) == str(expected)


def test_feedparser_reads_the_items_with_enclosure_guid_and_duration(anonymous, show, make_episode):
    episode = make_episode(season=1, number=3)
    parsed = feedparser.parse(_feed(anonymous, show))
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.feed.title == "Forskningspodden"
    [entry] = parsed.entries
    assert entry.title == "Unga och tramadol"
    assert entry.id == episode.guid
    assert entry.guidislink is False
    assert entry.published_parsed is not None
    [enclosure] = entry.enclosures
    assert enclosure.type == "audio/mpeg"
    assert int(enclosure.length) == len(
        (settings.BASE_DIR / "tests/data/podcast/tone.mp3").read_bytes()
    )
    assert enclosure.href == f"{settings.SITE_URL}{episode.audio_path}"
    assert entry.itunes_duration == "2"
    assert entry.itunes_season == "1" and entry.itunes_episode == "3"
    assert entry.itunes_episodetype == "full"


def test_podcastparser_reads_the_feed_like_gpodder_does(anonymous, show, make_episode):
    episode = make_episode(episode_type="bonus")
    parsed = podcastparser.parse(
        f"{settings.SITE_URL}/podd/{show.slug}/rss.xml", io.BytesIO(_feed(anonymous, show))
    )
    assert parsed["title"] == "Forskningspodden"
    assert parsed["cover_url"].startswith(settings.SITE_URL)
    [item] = parsed["episodes"]
    assert item["guid"] == episode.guid
    assert item["total_time"] == 2
    assert item["enclosures"][0]["mime_type"] == "audio/mpeg"
    assert item["enclosures"][0]["file_size"] == episode.audio_size
    assert item["published"] > 0


def test_items_link_transcript_and_chapters_with_their_types(anonymous, show, make_episode):
    vtt = make_episode(title="Med WebVTT")
    srt = make_episode(title="Med SRT", transcript=SRT)
    services.episode_chapters_set(
        episode=vtt, document={"version": "1.2.0", "chapters": [{"startTime": 0, "title": "Start"}]}
    )
    channel = etree.fromstring(_feed(anonymous, show)).find("channel")
    items = {i.findtext("title"): i for i in channel.findall("item")}
    transcript = items["Med WebVTT"].find("podcast:transcript", NS)
    assert transcript.get("type") == "text/vtt"
    assert transcript.get("url") == f"{settings.SITE_URL}{vtt.transcript_path}"
    assert items["Med SRT"].find("podcast:transcript", NS).get("type") == "application/x-subrip"
    chapters = items["Med WebVTT"].find("podcast:chapters", NS)
    assert chapters.get("type") == "application/json+chapters"
    assert items["Med SRT"].find("podcast:chapters", NS) is None
    # The URLs in the feed answer.
    path = chapters.get("url").removeprefix(settings.SITE_URL)
    assert anonymous.get(path).json()["chapters"][0]["title"] == "Start"
    srt_path = (
        items["Med SRT"].find("podcast:transcript", NS).get("url").removeprefix(settings.SITE_URL)
    )
    response = anonymous.get(srt_path)
    assert response["Content-Type"].startswith("application/x-subrip")
    assert srt.transcript_source in response.content.decode()


def test_only_published_episodes_whose_time_has_come_are_in_the_feed(anonymous, show, make_episode):
    make_episode(title="Ute")
    make_episode(title="Utkast", published=False)
    make_episode(title="Schemalagd", publish_at=timezone.now() + timedelta(days=2))
    titles = [e.title for e in feedparser.parse(_feed(anonymous, show)).entries]
    assert titles == ["Ute"]


def test_a_scheduled_episode_enters_the_feed_when_its_time_comes(anonymous, show, make_episode):
    make_episode(title="Snart", publish_at=timezone.now() + timedelta(seconds=1.5))
    assert feedparser.parse(_feed(anonymous, show)).entries == []
    time.sleep(1.6)
    # The cached feed lives no longer than until the next scheduled release.
    assert [e.title for e in feedparser.parse(_feed(anonymous, show)).entries] == ["Snart"]


def test_the_guid_never_changes_when_an_episode_is_edited(
    as_coordinator, anonymous, show, make_episode
):
    episode = make_episode()
    guid = episode.guid
    response = as_coordinator.post(
        f"/podd/{show.slug}/{episode.slug}/andra/",
        {"title": "Nytt namn", "description": "Ny sammanfattning", "episode_type": "full"},
    )
    assert response.status_code == 302
    episode.refresh_from_db()
    assert episode.title == "Nytt namn" and episode.guid == guid
    [entry] = feedparser.parse(_feed(anonymous, show)).entries
    assert entry.title == "Nytt namn" and entry.id == guid


def test_an_unpublished_episode_leaves_the_feed_and_keeps_its_guid(
    as_coordinator, anonymous, show, make_episode
):
    episode = make_episode()
    as_coordinator.post(f"/podd/{show.slug}/{episode.slug}/avpublicera/")
    assert feedparser.parse(_feed(anonymous, show)).entries == []
    assert Episode.objects.get(pk=episode.pk).guid == episode.guid


def test_the_feed_answers_not_modified_to_a_known_etag(anonymous, show, make_episode):
    make_episode()
    first = anonymous.get(f"/podd/{show.slug}/rss.xml")
    again = anonymous.get(f"/podd/{show.slug}/rss.xml", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304


def test_the_feed_of_an_internal_show_is_hidden_from_outsiders(
    anonymous, as_outsider, as_worker, show
):
    show.visibility = "internal"
    show.save(update_fields=["visibility"])
    assert anonymous.get(f"/podd/{show.slug}/rss.xml").status_code == 404
    assert as_outsider.get(f"/podd/{show.slug}/rss.xml").status_code == 404
    assert as_worker.get(f"/podd/{show.slug}/rss.xml").status_code == 200


def test_show_and_episode_pages_link_the_feed_as_an_alternate(anonymous, show, make_episode):
    episode = make_episode()
    link = '<link rel="alternate" type="application/rss+xml"'
    for url in (show.get_absolute_url(), episode.get_absolute_url()):
        html = anonymous.get(url).content.decode()
        assert link in html and f'href="/podd/{show.slug}/rss.xml"' in html, url


def test_hosts_and_guests_are_podcast_persons(anonymous, cast, show, make_episode):
    from bryggan.people.models import Person

    make_episode(
        credits=[
            services.CreditSpec(role="host", person=Person.objects.get(user=cast.coordinator)),
            services.CreditSpec(role="guest", name="Lena Ström", affiliation="Familjestödet"),
        ]
    )
    item = etree.fromstring(_feed(anonymous, show)).find("channel/item")
    people = [(p.text, p.get("role")) for p in item.findall("podcast:person", NS)]
    assert people == [("Cecilia Samordnare", "host"), ("Lena Ström", "guest")]


def test_control_characters_in_a_title_do_not_break_the_feed(anonymous, show, make_episode):
    make_episode(title="Klistrat\x0bfrån\x1fWord")
    parsed = feedparser.parse(_feed(anonymous, show))
    assert not parsed.bozo and parsed.entries[0].title == "KlistratfrånWord"


def test_markup_characters_are_escaped(anonymous, show, make_episode):
    show.title = 'Barn & unga <"podden">'
    show.save(update_fields=["title"])
    make_episode(title="Frågor & svar <3", show_notes="Läs [här](https://example.org/?a=1&b=2)")
    body = _feed(anonymous, show)
    channel = etree.fromstring(body).find("channel")
    assert channel.findtext("title") == 'Barn & unga <"podden">'
    item = channel.find("item")
    assert item.findtext("title") == "Frågor & svar <3"
    assert 'href="https://example.org/?a=1&amp;b=2"' in item.findtext("description")
