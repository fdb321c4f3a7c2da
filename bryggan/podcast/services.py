"""Writes for the podcast: shows, episodes, uploads, publishing and listening figures.

Each function checks first and writes in one transaction, so refused input leaves nothing
half-saved. Files go through Django's storage API under names derived from their content, so an
upload of the same file twice stores it once and production can keep them in object storage.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import IO, Any

import markdown
import nh3
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from bryggan.core import access
from bryggan.people.models import Person, User
from bryggan.podcast import media
from bryggan.podcast.models import (
    RESERVED_SLUGS,
    DailySalt,
    DownloadDay,
    Episode,
    EpisodeCredit,
    ListenerHash,
    Show,
    ShowCredit,
)
from bryggan.podcast.transcripts import parse_transcript

# Podcasting 2.0: <podcast:guid> is a UUIDv5 of the feed URL (scheme and trailing slashes removed).
PODCAST_GUID_NAMESPACE = uuid.UUID("ead4c236-bf58-58c6-a2c6-a6b28d128cb6")
NOTES_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "ul",
    "ol",
    "li",
    "h3",
    "h4",
    "h5",
    "h6",
    "a",
    "blockquote",
    "code",
    "pre",
    "hr",
}


@dataclass(frozen=True)
class CreditSpec:
    """A person in Bryggan or an external name, with a role, to credit on a show or episode."""

    role: str
    person: Person | None = None
    name: str = ""
    affiliation: str = ""


# ---- helpers ---------------------------------------------------------------------------------


def render_show_notes(text: str) -> str:
    """Turn Markdown show notes into safe HTML; headings start at h3 under the page's own."""
    rendered = markdown.markdown(text or "", extensions=["sane_lists"])
    rendered = re.sub(
        r"<(/?)h([1-6])>", lambda m: f"<{m.group(1)}h{min(int(m.group(2)) + 2, 6)}>", rendered
    )
    return nh3.clean(
        rendered,
        tags=NOTES_TAGS,
        attributes={"a": {"href", "title"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )


def podcast_guid_for(feed_url: str) -> uuid.UUID:
    """Return the Podcasting 2.0 GUID of a feed URL."""
    bare = re.sub(r"^[a-zA-Z][a-zA-Z0-9+.-]*://", "", feed_url).rstrip("/")
    return uuid.uuid5(PODCAST_GUID_NAMESPACE, bare)


def _unique_slug(text: str, taken: Any, exclude_pk: int | None = None) -> str:
    base = slugify(text)[:100] or "avsnitt"
    slug, n = base, 2
    while slug in RESERVED_SLUGS or taken.filter(slug=slug).exclude(pk=exclude_pk).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _store(fileobj: IO[bytes], name: str) -> str:
    """Save a file under a content-derived name through the storage API (once per content)."""
    if default_storage.exists(name):
        return name
    fileobj.seek(0)
    return default_storage.save(name, fileobj if isinstance(fileobj, File) else File(fileobj))


def _in_use(name: str) -> bool:
    return (
        Show.objects.filter(artwork=name).exists()
        or Episode.objects.filter(artwork=name).exists()
        or Episode.objects.filter(audio=name).exists()
    )


def _forget_later(name: str | None) -> None:
    """Delete a replaced file once the change is committed, unless another record uses it."""

    def forget() -> None:
        if name and not _in_use(name):
            default_storage.delete(name)

    if name:
        transaction.on_commit(forget)


def _set_credits(model: Any, owner: dict[str, Any], credits: Sequence[CreditSpec]) -> None:
    model.objects.filter(**owner).delete()
    rows = []
    for position, spec in enumerate(credits):
        if spec.person is None and not spec.name.strip():
            continue
        rows.append(
            model(
                **owner,
                person=spec.person,
                name="" if spec.person else spec.name.strip()[:200],
                affiliation=spec.affiliation.strip()[:200],
                role=spec.role,
                position=position,
            )
        )
    model.objects.bulk_create(rows)


def _full_clean(obj: Any, exclude: Iterable[str] = ()) -> None:
    obj.full_clean(exclude=[*exclude, "priority_areas", "topics", "events"], validate_unique=False)


# ---- shows -----------------------------------------------------------------------------------


@transaction.atomic
def show_save(
    *,
    show: Show | None = None,
    credits: Sequence[CreditSpec] | None = None,
    priority_areas: Iterable[Any] = (),
    topics: Iterable[Any] = (),
    **fields: Any,
) -> Show:
    """Create or change a show; its slug and podcast GUID are fixed when it is created."""
    creating = show is None
    show = Show() if show is None else Show.objects.select_for_update().get(pk=show.pk)
    for name, value in fields.items():
        setattr(show, name, value)
    if creating:
        show.slug = _unique_slug(show.title, Show.objects.all())
        from django.urls import reverse

        show.podcast_guid = podcast_guid_for(
            f"{settings.SITE_URL}{reverse('podcast:feed', args=[show.slug])}"
        )
    _full_clean(show, exclude=["podcast_guid", "artwork"])
    show.save()
    show.priority_areas.set(priority_areas)
    show.topics.set(topics)
    if credits is not None:
        _set_credits(ShowCredit, {"show": show}, credits)
    return show


@transaction.atomic
def show_artwork_set(*, show: Show, file: IO[bytes]) -> Show:
    """Check and store a show's artwork (square JPEG or PNG, 1400–3000 px)."""
    info = media.check_artwork(file)
    show = Show.objects.select_for_update().get(pk=show.pk)
    old = show.artwork.name
    show.artwork.name = _store(file, f"podcast/artwork/{info.sha256[:40]}.{info.ext}")
    show.artwork_type, show.artwork_size, show.artwork_hash = info.mime, info.size, info.sha256
    show.save(
        update_fields=["artwork", "artwork_type", "artwork_size", "artwork_hash", "updated_at"]
    )
    if old != show.artwork.name:
        _forget_later(old)
    return show


# ---- episodes --------------------------------------------------------------------------------


def _check_numbering(episode: Episode) -> None:
    if episode.number is None:
        return
    clash = Episode.objects.filter(
        show=episode.show, season=episode.season, number=episode.number
    ).exclude(pk=episode.pk)
    if clash.exists():
        raise ValidationError(
            {"number": _("Another episode of this season already has this number.")}
        )


@transaction.atomic
def episode_save(
    *,
    episode: Episode | None = None,
    show: Show | None = None,
    created_by: User | None = None,
    guid: str = "",
    credits: Sequence[CreditSpec] | None = None,
    events: Iterable[Any] = (),
    priority_areas: Iterable[Any] = (),
    topics: Iterable[Any] = (),
    **fields: Any,
) -> Episode:
    """Create or change an episode; its GUID never changes, whatever is edited.

    A GUID may be given when the episode is created (an episode moved from another host keeps
    the GUID podcast apps know it by); otherwise a new one is made.
    """
    creating = episode is None
    if episode is None:
        if show is None:
            raise ValueError("a new episode needs a show")
        episode = Episode(show=show, created_by=created_by)
        if guid:
            if Episode.objects.filter(guid=guid).exists():
                raise ValidationError(_("Another episode already has this GUID."))
            episode.guid = guid[:200]
    elif guid and guid != episode.guid:
        raise ValueError("the GUID of an episode never changes")
    else:
        episode = Episode.objects.select_for_update().select_related("show").get(pk=episode.pk)
    for name, value in fields.items():
        if name in ("guid", "status", "publish_at", "slug"):
            raise ValueError(f"{name} is not edited through episode_save")
        setattr(episode, name, value)
    episode.show_notes_html = render_show_notes(episode.show_notes)
    if creating:
        episode.slug = _unique_slug(episode.title, Episode.objects.filter(show=episode.show))
    _full_clean(episode, exclude=["show", "guid", "audio", "artwork", "chapters"])
    _check_numbering(episode)
    episode.save()
    episode.events.set(events)
    episode.priority_areas.set(priority_areas)
    episode.topics.set(topics)
    if credits is not None:
        _set_credits(EpisodeCredit, {"episode": episode}, credits)
    return episode


@transaction.atomic
def episode_audio_set(*, episode: Episode, file: IO[bytes]) -> Episode:
    """Check an MP3 or M4A upload by its content and store it; size and duration come from it."""
    info = media.inspect_audio(file)
    episode = Episode.objects.select_for_update().get(pk=episode.pk)
    old = episode.audio.name
    episode.audio.name = _store(file, f"podcast/audio/{episode.guid}-{info.sha256[:16]}.{info.ext}")
    episode.audio_type, episode.audio_size = info.mime, info.size
    episode.audio_duration, episode.audio_hash = info.duration, info.sha256
    episode.save(
        update_fields=[
            "audio",
            "audio_type",
            "audio_size",
            "audio_duration",
            "audio_hash",
            "updated_at",
        ]
    )
    if old != episode.audio.name:
        _forget_later(old)
    return episode


@transaction.atomic
def episode_artwork_set(*, episode: Episode, file: IO[bytes]) -> Episode:
    """Check and store an episode's own artwork (same rules as the show's)."""
    info = media.check_artwork(file)
    episode = Episode.objects.select_for_update().get(pk=episode.pk)
    old = episode.artwork.name
    episode.artwork.name = _store(file, f"podcast/artwork/{info.sha256[:40]}.{info.ext}")
    episode.artwork_type, episode.artwork_size = info.mime, info.size
    episode.artwork_hash = info.sha256
    episode.save(
        update_fields=["artwork", "artwork_type", "artwork_size", "artwork_hash", "updated_at"]
    )
    if old != episode.artwork.name:
        _forget_later(old)
    return episode


@transaction.atomic
def episode_transcript_set(*, episode: Episode, data: bytes) -> Episode:
    """Parse a WebVTT or SRT transcript and keep it with its plain text (for search)."""
    transcript = parse_transcript(data)
    if episode.audio_duration and transcript.cues[0].start > episode.audio_duration:
        raise ValidationError(_("The transcript starts after the end of the audio."))
    episode = Episode.objects.select_for_update().get(pk=episode.pk)
    episode.transcript_format = transcript.format
    episode.transcript_source = transcript.source
    episode.transcript_cues = [cue.as_dict() for cue in transcript.cues]
    episode.transcript_text = transcript.plain_text
    episode.save(
        update_fields=[
            "transcript_format",
            "transcript_source",
            "transcript_cues",
            "transcript_text",
            "updated_at",
        ]
    )
    return episode


@transaction.atomic
def episode_chapters_set(*, episode: Episode, document: dict[str, Any] | None) -> Episode:
    """Keep a checked Podcasting 2.0 chapters document (None removes the chapters)."""
    episode = Episode.objects.select_for_update().get(pk=episode.pk)
    episode.chapters = document
    episode.save(update_fields=["chapters", "updated_at"])
    return episode


@transaction.atomic
def episode_publish(
    *,
    episode: Episode,
    user: Any,
    publish_at: datetime | None = None,
    waiver_reason: str = "",
) -> Episode:
    """Publish now or at `publish_at`; without a transcript only an administrator may, with a reason."""
    episode = Episode.objects.select_for_update().select_related("show").get(pk=episode.pk)
    problems: list[str] = []
    if not episode.audio:
        problems.append(_("Upload the audio before publishing."))
    if not episode.show.artwork:
        problems.append(
            _("The podcast needs artwork (square, 1400–3000 px) before its episodes are published.")
        )
    waiver_reason = waiver_reason.strip()
    waiving = False
    if not episode.has_transcript:
        if not waiver_reason:
            problems.append(
                _(
                    "Upload a transcript before publishing: the law on accessible digital public "
                    "services requires one for audio. Only an administrator may publish without "
                    "it, giving a reason."
                )
            )
        elif not access.is_admin(user):
            problems.append(_("Only an administrator may publish an episode without a transcript."))
        else:
            waiving = True
    if problems:
        raise ValidationError(problems)
    when = publish_at or timezone.now()
    if timezone.is_naive(when):
        when = timezone.make_aware(when)
    episode.status = Episode.Status.PUBLISHED
    episode.publish_at = when
    fields = ["status", "publish_at", "updated_at"]
    if waiving:
        episode.transcript_waiver_reason = waiver_reason
        episode.transcript_waived_by = user
        episode.transcript_waived_at = timezone.now()
        fields += ["transcript_waiver_reason", "transcript_waived_by", "transcript_waived_at"]
    episode.save(update_fields=fields)
    return episode


@transaction.atomic
def episode_unpublish(*, episode: Episode) -> Episode:
    """Take an episode back to draft: it leaves the feed and the public pages (its GUID stays)."""
    episode = Episode.objects.select_for_update().get(pk=episode.pk)
    episode.status = Episode.Status.DRAFT
    episode.save(update_fields=["status", "updated_at"])
    return episode


# ---- listening figures -----------------------------------------------------------------------


def _delete_before(model: Any, day: date) -> None:
    # Raw SQL: a queryset delete would send a signal per row (cache invalidation) for thousands
    # of hashes that no page shows.
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table} WHERE day < %s", [day])


def listening_prune(*, today: date | None = None) -> None:
    """Delete the salts and listener hashes of past days, so old hashes can never be traced."""
    today = today or timezone.localdate()
    with transaction.atomic():
        _delete_before(ListenerHash, today)
        _delete_before(DailySalt, today)


def _salt_for(day: date) -> str:
    row = DailySalt.objects.filter(day=day).first()
    if row is not None:
        return row.value
    listening_prune(today=day)
    # bulk_create sends no signals: counting a listener never invalidates the page cache.
    DailySalt.objects.bulk_create(
        [DailySalt(day=day, value=secrets.token_hex(32))], ignore_conflicts=True
    )
    return DailySalt.objects.get(day=day).value


def download_record(
    *, episode: Episode, ip: str, user_agent: str, now: datetime | None = None
) -> bool:
    """Count a listener's download of an episode once a day; return whether it was counted.

    Bots are left out. The IP address is never stored: only a hash of it with the user agent,
    the episode and today's secret salt, which is deleted with the hashes when the day is over.
    """
    from bryggan.podcast.bots import is_bot

    if is_bot(user_agent):
        return False
    day = timezone.localdate(now or timezone.now())
    with transaction.atomic():
        salt = _salt_for(day)
        digest = hashlib.sha256(f"{salt}\n{ip}\n{user_agent}\n{episode.pk}".encode()).hexdigest()
        try:
            with transaction.atomic():
                ListenerHash.objects.bulk_create([ListenerHash(day=day, digest=digest)])
        except IntegrityError:
            return False
        counted = DownloadDay.objects.filter(episode=episode, day=day).update(
            downloads=F("downloads") + 1
        )
        if not counted:
            try:
                with transaction.atomic():
                    DownloadDay.objects.bulk_create(
                        [DownloadDay(episode=episode, day=day, downloads=1)]
                    )
            except IntegrityError:
                DownloadDay.objects.filter(episode=episode, day=day).update(
                    downloads=F("downloads") + 1
                )
    return True
