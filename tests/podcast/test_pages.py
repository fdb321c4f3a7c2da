"""Podcast pages: who sees what, creating shows and episodes in the pages, JSON-LD, links."""

import json
import re

import pytest

from bryggan.arenas.models import Event
from bryggan.cycle.services import link_add
from bryggan.governance.models import Partnership
from bryggan.people.models import Person
from bryggan.podcast.models import Episode, Show
from bryggan.taxonomy.models import PriorityArea

pytestmark = pytest.mark.django_db


def _json_ld(html: str) -> dict:
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert match, "no JSON-LD on the page"
    return json.loads(match.group(1))


def test_the_podcast_index_lists_public_shows_and_latest_episodes(anonymous, show, make_episode):
    make_episode()
    hidden = Show.objects.create(
        slug="intern",
        title="Intern podd",
        description="x",
        visibility="internal",
        podcast_guid="00000000-0000-0000-0000-000000000001",
    )
    html = anonymous.get("/podd/").content.decode()
    assert "Forskningspodden" in html and "Unga och tramadol" in html
    assert hidden.title not in html
    assert 'type="application/rss+xml"' in html


def test_internal_shows_are_for_partnership_staff(
    anonymous, as_outsider, as_worker, show, make_episode
):
    episode = make_episode()
    show.visibility = "internal"
    show.save(update_fields=["visibility"])
    for client in (anonymous, as_outsider):
        assert client.get(show.get_absolute_url()).status_code == 404
        assert client.get(episode.get_absolute_url()).status_code == 404
        assert client.get(episode.audio_path).status_code == 404
    assert as_worker.get(episode.get_absolute_url()).status_code == 200
    audio = as_worker.get(episode.audio_path)
    assert audio["Cache-Control"] == "private, max-age=0"


def test_drafts_are_listed_for_coordinators_only(anonymous, as_coordinator, show, make_episode):
    make_episode(title="Utkastet", published=False)
    assert "Utkastet" not in anonymous.get(show.get_absolute_url()).content.decode()
    html = as_coordinator.get(show.get_absolute_url()).content.decode()
    assert "Utkastet" in html and "Ingen utskrift" not in html


def test_a_coordinator_creates_a_show_and_an_episode_in_the_pages(cast, as_coordinator, as_worker):
    area = PriorityArea.objects.create(slug="barn-och-unga", name_sv="Barn och unga")
    partnership = Partnership.objects.create(
        slug="ssu", name_sv="Mot ett socialtjänstuniversitet", kind="collaboration"
    )
    coordinator = Person.objects.get(user=cast.coordinator)
    researcher = Person.objects.get(user=cast.researcher)
    data = {
        "title": "Forskningspodden",
        "description": "Samtal om forskning.",
        "language": "sv",
        "category": "Science/Social Sciences",
        "kind": "episodic",
        "visibility": "public",
        "partnership": partnership.pk,
        "hosts": [coordinator.pk],
        "other_people": "Lena Ström; producent; Jönköpings kommun",
        "priority_areas": [area.pk],
    }
    assert as_worker.post("/podd/ny/", data).status_code == 403
    response = as_coordinator.post("/podd/ny/", data)
    assert response.status_code == 302
    show = Show.objects.get()
    assert response["Location"] == f"/podd/{show.slug}/andra/"
    assert [(c.display_name, c.role, c.affiliation) for c in show.credits.all()] == [
        ("Cecilia Samordnare", "host", ""),
        ("Lena Ström", "producer", "Jönköpings kommun"),
    ]
    assert list(show.priority_areas.all()) == [area]
    # The edit form shows the credits as they were typed.
    edit = as_coordinator.get(f"/podd/{show.slug}/andra/").content.decode()
    assert "Lena Ström; producer; Jönköpings kommun" in edit

    event = Event.objects.create(
        kind="research_seminar",
        title="Seminariet",
        start="2030-01-01T10:00:00+01:00",
        end="2030-01-01T12:00:00+01:00",
        visibility="public",
    )
    response = as_coordinator.post(
        f"/podd/{show.slug}/nytt-avsnitt/",
        {
            "title": "Första avsnittet",
            "description": "Vi börjar.",
            "show_notes": "Mer om **avsnittet**.",
            "season": 1,
            "number": 1,
            "episode_type": "full",
            "hosts": [coordinator.pk],
            "guests": [researcher.pk],
            "other_people": "Extern Gäst; gäst; Region Jönköpings län\n@worker; redaktör",
            "events": [event.pk],
        },
    )
    assert response.status_code == 302
    episode = Episode.objects.get()
    assert response["Location"] == f"/podd/{show.slug}/{episode.slug}/hantera/"
    assert episode.status == "draft" and len(episode.guid) == 36
    assert [(c.display_name, c.role) for c in episode.credits.all()] == [
        ("Cecilia Samordnare", "host"),
        ("Rut Forskare", "guest"),
        ("Extern Gäst", "guest"),
        ("Wilma Arbetare", "editor"),
    ]
    assert list(episode.events.all()) == [event]
    assert "<strong>avsnittet</strong>" in episode.show_notes_html


def test_bad_episode_input_keeps_what_was_typed(as_coordinator, show):
    response = as_coordinator.post(
        f"/podd/{show.slug}/nytt-avsnitt/",
        {
            "title": "Halvfärdigt",
            "description": "",
            "episode_type": "full",
            "other_people": "Namn; trollkarl",
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Halvfärdigt" in html and "Namn; trollkarl" in html
    assert "rollen är värd, medvärd, gäst, producent eller redaktör" in html
    assert not Episode.objects.exists()


def test_pages_carry_podcast_json_ld(anonymous, show, make_episode):
    episode = make_episode(season=2, number=5)
    series = _json_ld(anonymous.get(show.get_absolute_url()).content.decode())
    assert series["@type"] == "PodcastSeries" and series["name"] == "Forskningspodden"
    assert series["webFeed"].endswith(f"/podd/{show.slug}/rss.xml")
    data = _json_ld(anonymous.get(episode.get_absolute_url()).content.decode())
    assert data["@type"] == "PodcastEpisode"
    assert data["episodeNumber"] == 5 and data["partOfSeason"]["seasonNumber"] == 2
    assert data["partOfSeries"]["@type"] == "PodcastSeries"
    assert data["associatedMedia"]["encodingFormat"] == "audio/mpeg"
    assert data["associatedMedia"]["contentUrl"].endswith(episode.audio_path)
    assert "Välkommen till podden" in data["associatedMedia"]["transcript"]


def test_episodes_take_part_in_the_knowledge_cycle(cast, anonymous, as_coordinator, make_episode):
    episode = make_episode()
    partnership = Partnership.objects.create(
        slug="ssu",
        name_sv="Mot ett socialtjänstuniversitet",
        kind="collaboration",
        visibility="public",
    )
    link_add(a=episode, b=partnership)
    html = anonymous.get(episode.get_absolute_url()).content.decode()
    assert "Mot ett socialtjänstuniversitet" in html
    # Coordinators manage the episode's links (to publications, projects …) on the cycle page.
    manage = f"/kopplingar/podcast.episode/{episode.pk}/"
    assert manage in as_coordinator.get(episode.get_absolute_url()).content.decode()
    found = as_coordinator.get(
        f"/kopplingar/governance.partnership/{partnership.pk}/",
        {"kind": "podcast.episode", "q": "tramadol"},
    )
    assert episode in found.context["results"]


def test_linked_events_show_only_when_visible(anonymous, as_worker, make_episode):
    public = Event.objects.create(
        kind="research_seminar",
        title="Öppet seminarium",
        start="2030-01-01T10:00:00+01:00",
        end="2030-01-01T12:00:00+01:00",
        visibility="public",
    )
    internal = Event.objects.create(
        kind="research_seminar",
        title="Internt möte",
        start="2030-01-02T10:00:00+01:00",
        end="2030-01-02T12:00:00+01:00",
        visibility="internal",
    )
    episode = make_episode()
    episode.events.set([public, internal])
    anonymous_html = anonymous.get(episode.get_absolute_url()).content.decode()
    assert "Öppet seminarium" in anonymous_html and "Internt möte" not in anonymous_html
    assert "Internt möte" in as_worker.get(episode.get_absolute_url()).content.decode()


def test_the_podcast_is_in_the_navigation(anonymous):
    assert '<a href="/podd/"' in anonymous.get("/").content.decode()


def test_an_unknown_episode_is_a_friendly_404(anonymous, show):
    assert anonymous.get(f"/podd/{show.slug}/finns-inte/").status_code == 404
    assert anonymous.get(f"/podd/{show.slug}/finns-inte/ljud.mp3").status_code == 404
