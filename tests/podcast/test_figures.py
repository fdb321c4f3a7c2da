"""Listening figures count people once a day per episode, leave bots out and store no IP address."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.utils import timezone

from bryggan.podcast import services
from bryggan.podcast.bots import is_bot
from bryggan.podcast.models import DailySalt, DownloadDay, ListenerHash

pytestmark = pytest.mark.django_db

IPHONE = "AppleCoreMedia/1.0.0.20G165 (iPhone; U; CPU OS 16_6 like Mac OS X; sv_se)"
BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36"
IP = "203.0.113.77"


def _listen(client, episode, ua=IPHONE, ip=IP, **headers):
    response = client.get(episode.audio_path, HTTP_USER_AGENT=ua, REMOTE_ADDR=ip, **headers)
    if response.streaming:
        b"".join(response.streaming_content)
    return response


def _count(episode) -> int:
    return sum(DownloadDay.objects.filter(episode=episode).values_list("downloads", flat=True))


def test_a_listener_is_counted_once_a_day_per_episode(anonymous, make_episode):
    episode = make_episode()
    other = make_episode(title="Ett annat avsnitt")
    for _ in range(3):
        _listen(anonymous, episode)
    _listen(anonymous, episode, HTTP_RANGE="bytes=0-")
    assert _count(episode) == 1
    _listen(anonymous, episode, ua=BROWSER)  # another device behind the same address
    _listen(anonymous, episode, ip="198.51.100.4")
    _listen(anonymous, other)
    assert _count(episode) == 3 and _count(other) == 1
    assert DownloadDay.objects.get(episode=episode).day == timezone.localdate()


@pytest.mark.parametrize(
    "agent",
    [
        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        "python-requests/2.31.0",
        "curl/8.5.0",
        "iTMS",
        "PodcastIndex.org/1.0",
        "",
    ],
)
def test_bots_and_requests_without_a_user_agent_are_not_counted(anonymous, make_episode, agent):
    episode = make_episode()
    assert _listen(anonymous, episode, ua=agent).status_code == 200
    assert _count(episode) == 0
    assert is_bot(agent)


@pytest.mark.parametrize(
    "agent",
    [
        IPHONE,
        BROWSER,
        "Overcast/1.0 Podcast Sync",
        "AntennaPod/3.2.0",
        "Spotify/8.8.0 Android/33",
        "gPodder/3.11.1",
    ],
)
def test_podcast_apps_and_browsers_are_listeners(agent):
    assert not is_bot(agent)


def test_probes_and_later_parts_of_the_file_are_not_counted(anonymous, make_episode):
    episode = make_episode()
    _listen(anonymous, episode, HTTP_RANGE="bytes=0-1")  # apps probing for range support
    _listen(anonymous, episode, HTTP_RANGE="bytes=2000-")  # seeking within a download
    anonymous.head(episode.audio_path, HTTP_USER_AGENT=IPHONE)
    assert _count(episode) == 0


def test_coordinators_previewing_a_draft_are_not_counted(as_coordinator, make_episode):
    episode = make_episode(published=False)
    assert _listen(as_coordinator, episode).status_code == 200
    assert _count(episode) == 0


def test_no_ip_address_or_user_agent_is_stored_anywhere(anonymous, make_episode):
    episode = make_episode()
    _listen(anonymous, episode)
    assert _count(episode) == 1
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            if not table.startswith("podcast_"):
                continue
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            text = repr(cursor.fetchall())
            assert IP not in text and "AppleCoreMedia" not in text, table
    [row] = ListenerHash.objects.all()
    assert len(row.digest) == 64


def test_yesterdays_salt_and_hashes_are_deleted_when_a_new_day_begins(make_episode):
    episode = make_episode()
    yesterday = timezone.now() - timedelta(days=1)
    assert services.download_record(episode=episode, ip=IP, user_agent=IPHONE, now=yesterday)
    old_salt = DailySalt.objects.get().value
    assert ListenerHash.objects.count() == 1
    # Today the same listener counts again, under a new salt; yesterday's salt and hashes are gone.
    assert services.download_record(episode=episode, ip=IP, user_agent=IPHONE)
    assert list(DailySalt.objects.values_list("day", flat=True)) == [timezone.localdate()]
    assert DailySalt.objects.get().value != old_salt
    assert set(ListenerHash.objects.values_list("day", flat=True)) == {timezone.localdate()}
    # The figures themselves are kept.
    assert _count(episode) == 2


def test_the_nightly_job_forgets_past_days(make_episode):
    episode = make_episode()
    services.download_record(
        episode=episode, ip=IP, user_agent=IPHONE, now=timezone.now() - timedelta(days=1)
    )
    services.listening_prune()
    assert not DailySalt.objects.exists() and not ListenerHash.objects.exists()
    assert _count(episode) == 1


def test_the_figures_page_is_for_coordinators(
    anonymous, as_worker, as_coordinator, show, make_episode
):
    episode = make_episode()
    today = timezone.localdate()
    DownloadDay.objects.create(episode=episode, day=today, downloads=7)
    DownloadDay.objects.create(episode=episode, day=today - timedelta(days=3), downloads=5)
    DownloadDay.objects.create(episode=episode, day=date(2020, 1, 1), downloads=100)
    url = f"/podd/{show.slug}/statistik/"
    assert anonymous.get(url).status_code == 302
    assert as_worker.get(url).status_code == 403
    response = as_coordinator.get(url)
    assert response.status_code == 200
    rows = {row["episode"].pk: row for row in response.context["episodes"]}
    assert rows[episode.pk]["period"] == 12 and rows[episode.pk]["all_time"] == 112
    assert response.context["daily"][0] == {"day": today, "downloads": 7, "share": 100}
    assert len(response.context["daily"]) == 30
    week = as_coordinator.get(url, {"days": 7})
    assert len(week.context["daily"]) == 7
    assert '<td class="num">12</td>' in response.content.decode()


def test_counting_never_invalidates_cached_public_pages(anonymous, make_episode):
    from bryggan.core.cache import content_version

    episode = make_episode()
    before = content_version()
    _listen(anonymous, episode)
    _listen(anonymous, episode, ua=BROWSER)
    assert _count(episode) == 2
    assert content_version() == before
