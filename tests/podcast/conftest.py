"""Helpers for podcast tests: media files, artwork, a show ready to publish, episodes."""

from __future__ import annotations

import io
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from bryggan.podcast import services
from bryggan.podcast.models import Episode, Show

DATA = Path(__file__).resolve().parent.parent / "data" / "podcast"
VTT = (
    "WEBVTT\n\n"
    "1\n00:00:00.000 --> 00:00:01.000\n<v Anna Forsberg>Välkommen till podden.\n\n"
    "2\n00:00:01.000 --> 00:00:02.000\n<v Karin Lundgren>Tack, det är roligt att vara här.\n"
)
SRT = (
    "1\n00:00:00,000 --> 00:00:01,000\nAnna: Hej och välkommen.\n\n"
    "2\n00:00:01,000 --> 00:00:02,000\nKarin: Tack.\n"
)


@pytest.fixture(autouse=True)
def _memory_storage(settings) -> None:
    """Keep uploads in memory: the code must work through the storage API, not local paths."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }


def media(name: str) -> bytes:
    return (DATA / name).read_bytes()


def upload(name: str, data: bytes, content_type: str = "application/octet-stream"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def image_bytes(width: int = 1400, height: int | None = None, fmt: str = "PNG", mode="RGB"):
    buffer = io.BytesIO()
    Image.new(mode, (width, height or width), (11, 79, 108) if mode == "RGB" else 0).save(
        buffer, format=fmt
    )
    return buffer.getvalue()


@pytest.fixture
def show(cast) -> Show:
    """A public show with artwork, ready for its episodes to be published."""
    show = services.show_save(
        title="Forskningspodden",
        description="Forskare och socialsekreterare samtalar.",
        visibility="public",
        author="Testköpings kommun",
        owner_email="podd@example.org",
    )
    return services.show_artwork_set(show=show, file=upload("art.png", image_bytes()))


@pytest.fixture
def make_episode(cast, show):
    """Make an episode; by default with audio and transcript, published an hour ago."""

    def make(
        *,
        title="Unga och tramadol",
        audio: str | None = "tone.mp3",
        transcript: str | None = VTT,
        published: bool = True,
        publish_at=None,
        target: Show | None = None,
        **fields,
    ) -> Episode:
        fields.setdefault("description", "Om unga och tramadol.")
        episode = services.episode_save(show=target or show, title=title, **fields)
        if audio:
            episode = services.episode_audio_set(episode=episode, file=upload(audio, media(audio)))
        if transcript:
            episode = services.episode_transcript_set(episode=episode, data=transcript.encode())
        if published:
            episode = services.episode_publish(
                episode=episode,
                user=cast.admin,
                publish_at=publish_at or timezone.now() - timedelta(hours=1),
            )
        return episode

    return make
