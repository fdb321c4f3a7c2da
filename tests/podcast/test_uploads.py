"""Uploads are checked by content: audio, artwork, transcripts and chapters. Bad input loses nothing."""

import json

import pytest
from django.core.files.storage import default_storage

from bryggan.podcast.models import Episode, Show
from bryggan.podcast.transcripts import parse_transcript
from tests.podcast.conftest import SRT, VTT, image_bytes, media, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(make_episode):
    return make_episode(audio=None, transcript=None, published=False)


def _manage(episode: Episode) -> str:
    return f"/podd/{episode.show.slug}/{episode.slug}/"


def _stored_files() -> list[str]:
    _dirs, files = (
        default_storage.listdir("podcast/audio")
        if default_storage.exists("podcast/audio")
        else ([], [])
    )
    return files


def test_an_mp3_upload_reads_length_and_duration_from_the_file(as_coordinator, draft):
    response = as_coordinator.post(
        _manage(draft) + "ljud/", {"audio": upload("avsnitt.mp3", media("tone.mp3"))}
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.audio_type == "audio/mpeg"
    assert draft.audio_size == len(media("tone.mp3"))
    assert draft.audio_duration == pytest.approx(2.09, abs=0.05)
    assert default_storage.open(draft.audio.name).read() == media("tone.mp3")


def test_an_m4a_upload_is_recognised_by_content_whatever_its_name(as_coordinator, draft):
    as_coordinator.post(
        _manage(draft) + "ljud/", {"audio": upload("fel-namn.mp3", media("tone.m4a"))}
    )
    draft.refresh_from_db()
    assert draft.audio_type == "audio/x-m4a"
    assert draft.audio_duration == pytest.approx(2.05, abs=0.05)


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("avsnitt.mp3", b"ID3 this is not audio at all" * 50, "inte MP3- eller M4A-ljud"),
        ("avsnitt.mp3", image_bytes(64), "inte MP3- eller M4A-ljud"),
        ("avsnitt.m4a", media("video.mp4"), "innehåller video"),
        ("avsnitt.wav", b"RIFF\x24\x00\x00\x00WAVEfmt " + bytes(2000), "inte MP3- eller M4A-ljud"),
    ],
)
def test_files_that_are_not_mp3_or_m4a_are_refused(as_coordinator, draft, name, data, message):
    response = as_coordinator.post(
        _manage(draft) + "ljud/", {"audio": upload(name, data, "audio/mpeg")}
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    draft.refresh_from_db()
    assert not draft.audio and draft.audio_size is None
    assert _stored_files() == []


def test_replacing_the_audio_removes_the_old_file(
    as_coordinator, draft, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        as_coordinator.post(_manage(draft) + "ljud/", {"audio": upload("a.mp3", media("tone.mp3"))})
    with django_capture_on_commit_callbacks(execute=True):
        as_coordinator.post(_manage(draft) + "ljud/", {"audio": upload("b.m4a", media("tone.m4a"))})
    draft.refresh_from_db()
    assert _stored_files() == [draft.audio.name.rsplit("/", 1)[1]]


def test_square_artwork_in_the_allowed_sizes_is_accepted(as_coordinator, show):
    for size, fmt in ((1400, "PNG"), (3000, "JPEG")):
        response = as_coordinator.post(
            f"/podd/{show.slug}/omslag/", {"artwork": upload("bild", image_bytes(size, fmt=fmt))}
        )
        assert response.status_code == 302
        show.refresh_from_db()
        assert show.artwork_type == ("image/png" if fmt == "PNG" else "image/jpeg")
    served = as_coordinator.get(show.artwork_path)
    assert served.status_code == 200 and served["Content-Type"] == "image/jpeg"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (image_bytes(1000), "mellan 1400 och 3000 pixlar"),
        (image_bytes(3001), "mellan 1400 och 3000 pixlar"),
        (image_bytes(1400, 1500), "kvadratisk"),
        (image_bytes(1400, fmt="GIF", mode="P"), "JPEG eller PNG"),
        (image_bytes(1400, fmt="JPEG", mode="CMYK"), "RGB"),
        (b"%PDF-1.4 not an image", "inte en JPEG- eller PNG-bild"),
    ],
)
def test_artwork_that_breaks_the_rules_is_refused(as_coordinator, show, data, message):
    before = show.artwork.name
    response = as_coordinator.post(
        f"/podd/{show.slug}/omslag/", {"artwork": upload("bild.png", data)}
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Show.objects.get(pk=show.pk).artwork.name == before


def test_a_vtt_transcript_keeps_cues_speakers_and_plain_text(as_coordinator, draft):
    response = as_coordinator.post(
        _manage(draft) + "transkript/", {"transcript": upload("t.vtt", VTT.encode())}
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.transcript_format == "vtt"
    assert draft.transcript_cues[1] == {
        "start": 1.0,
        "end": 2.0,
        "text": "Tack, det är roligt att vara här.",
        "speaker": "Karin Lundgren",
    }
    assert "Anna Forsberg: Välkommen till podden." in draft.transcript_text


def test_an_srt_transcript_is_recognised_by_content(as_coordinator, draft):
    as_coordinator.post(
        _manage(draft) + "transkript/", {"transcript": upload("t.vtt", SRT.encode())}
    )
    draft.refresh_from_db()
    assert draft.transcript_format == "srt"
    assert [c["speaker"] for c in draft.transcript_cues] == ["Anna", "Karin"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Hej, det här är inga undertexter.", "varken en WebVTT- eller en SRT-utskrift"),
        ("WEBVTT\n\n1\n00:00:01.000 -> 00:00:02.000\nHej\n", "Rad 4"),
        ("WEBVTT\n\n00:00:05.000 --> 00:00:02.000\nBaklänges\n", "sluta efter att den börjar"),
        (
            "WEBVTT\n\n00:00:05.000 --> 00:00:06.000\nB\n\n00:00:01.000 --> 00:00:02.000\nA\n",
            "i tidsordning",
        ),
        ("1\n00:00:01,000 --> 00:00:02,000\nHej\n\n2\n00:00:03 --> 00:00:04,000\nDå\n", "Rad 6"),
        ("WEBVTT\n\n", "ingen text"),
    ],
)
def test_a_transcript_that_does_not_parse_is_refused_with_the_line(
    as_coordinator, draft, text, message
):
    response = as_coordinator.post(
        _manage(draft) + "transkript/", {"transcript": upload("t.vtt", text.encode())}
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    draft.refresh_from_db()
    assert draft.transcript_format == "" and draft.transcript_text == ""


def test_transcripts_in_windows_1252_are_read():
    transcript = parse_transcript("1\n00:00:00,000 --> 00:00:01,000\nVälkommen\n".encode("cp1252"))
    assert transcript.cues[0].text == "Välkommen"


def test_chapters_from_lines_become_podcasting_2_json(as_coordinator, anonymous, make_episode):
    episode = make_episode()
    response = as_coordinator.post(
        _manage(episode) + "kapitel/", {"lines": "0:00 Inledning\n0:01.5 Samtalet"}
    )
    assert response.status_code == 302
    episode.refresh_from_db()
    served = anonymous.get(episode.chapters_path)
    assert served["Content-Type"].startswith("application/json+chapters")
    assert served.json() == {
        "version": "1.2.0",
        "chapters": [
            {"startTime": 0, "title": "Inledning"},
            {"startTime": 1.5, "title": "Samtalet"},
        ],
    }


def test_a_json_chapters_file_is_checked(as_coordinator, make_episode):
    episode = make_episode()
    good = {
        "version": "1.2.0",
        "chapters": [{"startTime": 0, "title": "A", "url": "https://example.org"}],
    }
    as_coordinator.post(
        _manage(episode) + "kapitel/", {"file": upload("c.json", json.dumps(good).encode())}
    )
    episode.refresh_from_db()
    assert episode.chapters["chapters"][0]["url"] == "https://example.org"
    for bad, message in (
        (b"{not json", "inte giltig JSON"),
        (
            json.dumps(
                {"chapters": [{"startTime": 0, "title": "A"}, {"startTime": 0, "title": "B"}]}
            ).encode(),
            "Kapitel 2",
        ),
        (
            json.dumps({"chapters": [{"startTime": 60, "title": "Efter slutet"}]}).encode(),
            "efter ljudets slut",
        ),
        (
            json.dumps(
                {"chapters": [{"startTime": 0, "title": "A", "url": "javascript:alert(1)"}]}
            ).encode(),
            "webbadress",
        ),
    ):
        response = as_coordinator.post(
            _manage(episode) + "kapitel/", {"file": upload("c.json", bad)}
        )
        assert response.status_code == 400 and message in response.content.decode(), message
    episode.refresh_from_db()
    assert episode.chapters["chapters"][0]["title"] == "A"


def test_bad_chapter_lines_keep_what_was_typed(as_coordinator, make_episode):
    episode = make_episode()
    response = as_coordinator.post(_manage(episode) + "kapitel/", {"lines": "0:00 Start\nfel rad"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Rad 2" in html and "fel rad" in html


def test_only_coordinators_upload(as_worker, anonymous, draft):
    data = {"audio": upload("a.mp3", media("tone.mp3"))}
    assert as_worker.post(_manage(draft) + "ljud/", data).status_code == 403
    assert anonymous.post(_manage(draft) + "ljud/", data).status_code == 302
    draft.refresh_from_db()
    assert not draft.audio
