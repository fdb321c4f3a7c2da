"""Audio is served from the storage API with HTTP byte ranges, as podcast apps require."""

import io
from pathlib import Path

import pytest
from django.core.files import File
from django.core.files.storage import InMemoryStorage, default_storage

from bryggan.lib.ranges import RangeNotSatisfiable, parse_range
from tests.podcast.conftest import media

pytestmark = pytest.mark.django_db

UA = {"HTTP_USER_AGENT": "AppleCoreMedia/1.0.0.20G165 (iPhone; U; CPU OS 16_6 like Mac OS X)"}


def _body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_the_whole_file_comes_with_accept_ranges(anonymous, make_episode):
    episode = make_episode()
    response = anonymous.get(episode.audio_path, **UA)
    assert response.status_code == 200
    assert response["Accept-Ranges"] == "bytes"
    assert response["Content-Type"] == "audio/mpeg"
    assert int(response["Content-Length"]) == episode.audio_size
    assert _body(response) == media("tone.mp3")


def test_a_byte_range_gets_206_partial_content(anonymous, make_episode):
    episode = make_episode()
    data = media("tone.mp3")
    response = anonymous.get(episode.audio_path, HTTP_RANGE="bytes=100-199", **UA)
    assert response.status_code == 206
    assert response["Content-Range"] == f"bytes 100-199/{len(data)}"
    assert response["Content-Length"] == "100"
    assert _body(response) == data[100:200]


def test_open_ended_and_suffix_ranges(anonymous, make_episode):
    episode = make_episode()
    data = media("tone.mp3")
    tail = anonymous.get(episode.audio_path, HTTP_RANGE="bytes=4000-", **UA)
    assert tail.status_code == 206 and _body(tail) == data[4000:]
    assert tail["Content-Range"] == f"bytes 4000-{len(data) - 1}/{len(data)}"
    last = anonymous.get(episode.audio_path, HTTP_RANGE="bytes=-10", **UA)
    assert last.status_code == 206 and _body(last) == data[-10:]
    beyond_end = anonymous.get(episode.audio_path, HTTP_RANGE="bytes=4100-999999", **UA)
    assert _body(beyond_end) == data[4100:]


@pytest.mark.parametrize(
    "header", ["bytes=999999-", "bytes=50-10", "bytes=abc", "bytes=-0", "bytes="]
)
def test_a_range_that_cannot_be_served_gets_416(anonymous, make_episode, header):
    episode = make_episode()
    response = anonymous.get(episode.audio_path, HTTP_RANGE=header, **UA)
    assert response.status_code == 416
    assert response["Content-Range"] == f"bytes */{episode.audio_size}"


def test_other_units_and_stale_if_range_get_the_whole_file(anonymous, make_episode):
    episode = make_episode()
    other_unit = anonymous.get(episode.audio_path, HTTP_RANGE="items=0-5", **UA)
    assert other_unit.status_code == 200
    stale = anonymous.get(episode.audio_path, HTTP_RANGE="bytes=0-9", HTTP_IF_RANGE='"old"', **UA)
    assert stale.status_code == 200
    fresh = anonymous.get(
        episode.audio_path, HTTP_RANGE="bytes=0-9", HTTP_IF_RANGE=stale["ETag"], **UA
    )
    assert fresh.status_code == 206


def test_head_tells_the_length_without_a_body(anonymous, make_episode):
    episode = make_episode()
    response = anonymous.head(episode.audio_path, **UA)
    assert response.status_code == 200
    assert int(response["Content-Length"]) == episode.audio_size
    assert response.content == b""


def test_audio_is_read_through_the_storage_api(anonymous, make_episode):
    episode = make_episode()
    # The tests keep files in memory: there is no local path to read from, only the storage API.
    assert default_storage.exists(episode.audio.name)
    assert not Path(default_storage.path(episode.audio.name)).exists()
    response = anonymous.get(episode.audio_path, HTTP_RANGE="bytes=0-3", **UA)
    assert _body(response) == media("tone.mp3")[:4]


def test_m4a_is_served_as_m4a(anonymous, make_episode):
    episode = make_episode(audio="tone.m4a")
    assert episode.audio_path.endswith("/ljud.m4a")
    response = anonymous.get(episode.audio_path, HTTP_RANGE="bytes=4-11", **UA)
    assert response["Content-Type"] == "audio/x-m4a"
    assert _body(response) == b"ftypM4A "
    assert anonymous.get(episode.audio_path.replace(".m4a", ".mp3")).status_code == 404


def test_draft_audio_is_hidden_from_the_public(anonymous, as_coordinator, make_episode):
    episode = make_episode(published=False)
    assert anonymous.get(episode.audio_path).status_code == 404
    assert as_coordinator.get(episode.audio_path).status_code == 200


def test_the_range_parser():
    assert parse_range(None, 100) is None
    assert parse_range("bytes=0-0", 100) == (0, 0)
    assert parse_range("bytes=90-", 100) == (90, 99)
    assert parse_range("bytes=-200", 100) == (0, 99)
    assert parse_range("bytes=0-1,5-6", 100) is None
    for bad in ("bytes=100-", "bytes=5-4", "bytes=x-1", "bytes=-0", "bytes=-"):
        with pytest.raises(RangeNotSatisfiable):
            parse_range(bad, 100)
    with pytest.raises(RangeNotSatisfiable):
        parse_range("bytes=0-", 0)


class _RangedObject:
    """Stands in for a boto3 S3 Object: serves only the byte range asked for."""

    def __init__(self, data: bytes) -> None:
        self.data = data

    def get(self, Range: str) -> dict:  # boto3 names the argument Range
        RangedStorage.asked.append(Range)
        first, last = (int(n) for n in Range.removeprefix("bytes=").split("-"))
        return {"Body": io.BytesIO(self.data[first : last + 1])}


class RangedStorage(InMemoryStorage):
    """Object storage as django-storages opens it: a file with an S3 object and no local copy."""

    asked: list[str] = []

    def _open(self, name, mode="rb"):
        data = super()._open(name, mode).read()
        remote = File(io.BytesIO(b""), name)  # reading the local copy would give nothing
        remote.obj = _RangedObject(data)
        return remote


def test_object_storage_is_asked_for_the_range_only(settings, anonymous, make_episode):
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": f"{__name__}.RangedStorage"}}
    episode = make_episode()
    data = media("tone.mp3")
    RangedStorage.asked.clear()
    response = anonymous.get(episode.audio_path, HTTP_RANGE="bytes=100-4099", **UA)
    assert response.status_code == 206 and _body(response) == data[100:4100]
    assert RangedStorage.asked == ["bytes=100-4099"]
