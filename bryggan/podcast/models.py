"""The research podcast: shows, episodes, the people heard in them, and listening figures.

A Show is one podcast with one RSS feed. An Episode belongs to a show; it is heard by the public
only when it is published and its publication time has come (scheduled publishing). The GUID of
an episode is set once when it is created and never changes, whatever is edited later.

Listening figures are counted per episode and day (DownloadDay). To count a listener once a day
without storing an IP address, a salted hash of IP address, user agent and episode is kept for
the current day only (ListenerHash); the salt (DailySalt) is replaced every day and the old salt
and hashes are deleted together, so no hash can be traced back once its day is over.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bryggan.arenas.models import Event
from bryggan.core.models import VisibleContent
from bryggan.governance.models import Partnership
from bryggan.people.models import Person
from bryggan.taxonomy.models import Tagged

# Apple Podcasts categories that suit a research podcast (text and subcategory, in English as the
# feed requires them); the value is "Category" or "Category/Subcategory".
CATEGORIES = [
    ("Science/Social Sciences", _("Science: social sciences")),
    ("Science", _("Science")),
    ("Education", _("Education")),
    ("Education/How To", _("Education: how to")),
    ("Government", _("Government")),
    ("Health & Fitness/Mental Health", _("Health: mental health")),
    ("Society & Culture", _("Society and culture")),
    ("Society & Culture/Documentary", _("Society and culture: documentary")),
    ("Kids & Family/Parenting", _("Kids and family: parenting")),
    ("News", _("News")),
]


def new_guid() -> str:
    """Return a new, permanent episode GUID."""
    return str(uuid.uuid4())


LANGUAGES = [("sv", _("Swedish")), ("en", _("English"))]

# Slugs that name pages of a show or an episode and so cannot be used as slugs themselves.
RESERVED_SLUGS = {
    "ny",
    "andra",
    "omslag",
    "statistik",
    "nytt-avsnitt",
    "rss",
    "ljud",
    "transkript",
    "kapitel",
    "hantera",
    "publicera",
    "avpublicera",
}


class Show(Tagged, VisibleContent):
    """One podcast with its own feed, e.g. the research podcast of a partnership."""

    class Kind(models.TextChoices):
        EPISODIC = "episodic", _("Episodic (newest first)")
        SERIAL = "serial", _("Serial (listen in order)")

    slug = models.SlugField(unique=True, max_length=120)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"))
    language = models.CharField(_("language"), max_length=5, choices=LANGUAGES, default="sv")
    category = models.CharField(
        _("category"), max_length=60, choices=CATEGORIES, default="Science/Social Sciences"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.EPISODIC)
    explicit = models.BooleanField(_("explicit content"), default=False)
    author = models.CharField(_("author or publisher"), max_length=200, blank=True)
    owner_name = models.CharField(_("owner's name"), max_length=200, blank=True)
    owner_email = models.EmailField(_("owner's e-mail"), blank=True)
    copyright = models.CharField(_("copyright"), max_length=200, blank=True)
    partnership = models.ForeignKey(
        Partnership,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="podcast_shows",
        verbose_name=_("partnership"),
    )
    artwork = models.FileField(_("artwork"), max_length=200, blank=True)
    artwork_type = models.CharField(max_length=20, blank=True)
    artwork_size = models.PositiveIntegerField(null=True, blank=True)
    artwork_hash = models.CharField(max_length=64, blank=True)
    # Podcasting 2.0 <podcast:guid>: a UUIDv5 of the feed URL, fixed when the show is created.
    podcast_guid = models.UUIDField(unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["title"]
        verbose_name = _("podcast")
        verbose_name_plural = _("podcasts")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("podcast:show", args=[self.slug])

    @property
    def feed_path(self) -> str:
        return reverse("podcast:feed", args=[self.slug])

    @property
    def artwork_path(self) -> str:
        if not self.artwork:
            return ""
        ext = "png" if self.artwork_type == "image/png" else "jpg"
        path = reverse("podcast:show_artwork_file", args=[self.slug, ext])
        return f"{path}?v={self.artwork_hash[:12]}"

    @property
    def category_parts(self) -> list[str]:
        return self.category.split("/")


class EpisodeQuerySet(models.QuerySet):
    def newest_first(self) -> EpisodeQuerySet:
        """Drafts (no publication time) first, then the newest; the same on every database."""
        return self.order_by(models.F("publish_at").desc(nulls_first=True), "-pk")

    def released(self, now: datetime | None = None) -> EpisodeQuerySet:
        """Episodes that are published and whose publication time has come."""
        return self.filter(
            status=Episode.Status.PUBLISHED, publish_at__lte=now or timezone.now()
        ).order_by("-publish_at", "-pk")

    def visible_to(self, user: Any) -> EpisodeQuerySet:
        """Released episodes of shows the user may see; coordinators also see drafts."""
        from bryggan.core import access

        if access.is_coordinator(user):
            return self.all()
        return self.released().filter(show__in=Show.objects.visible_to(user))


class Episode(Tagged):
    """One episode of a show, with its audio, transcript, chapters and the people heard in it."""

    class Kind(models.TextChoices):
        FULL = "full", _("Full episode")
        TRAILER = "trailer", _("Trailer")
        BONUS = "bonus", _("Bonus")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    class TranscriptFormat(models.TextChoices):
        VTT = "vtt", "WebVTT"
        SRT = "srt", "SubRip (SRT)"

    show = models.ForeignKey(Show, on_delete=models.CASCADE, related_name="episodes")
    # The feed's <guid>: set once at creation, never edited, so apps never see a "new" episode.
    guid = models.CharField(max_length=200, unique=True, editable=False, default=new_guid)
    slug = models.SlugField(max_length=120)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(
        _("summary"), help_text=_("One or two plain sentences for podcast apps.")
    )
    show_notes = models.TextField(_("show notes"), blank=True)
    show_notes_html = models.TextField(blank=True, editable=False)
    season = models.PositiveSmallIntegerField(_("season"), null=True, blank=True)
    number = models.PositiveIntegerField(_("episode number"), null=True, blank=True)
    episode_type = models.CharField(
        _("episode type"), max_length=10, choices=Kind.choices, default=Kind.FULL
    )
    explicit = models.BooleanField(_("explicit content"), default=False)
    artwork = models.FileField(_("artwork"), max_length=200, blank=True)
    artwork_type = models.CharField(max_length=20, blank=True)
    artwork_size = models.PositiveIntegerField(null=True, blank=True)
    artwork_hash = models.CharField(max_length=64, blank=True)
    audio = models.FileField(_("audio"), max_length=200, blank=True)
    audio_type = models.CharField(max_length=30, blank=True)
    audio_size = models.PositiveBigIntegerField(_("size in bytes"), null=True, blank=True)
    audio_duration = models.FloatField(_("duration in seconds"), null=True, blank=True)
    audio_hash = models.CharField(max_length=64, blank=True)
    transcript_format = models.CharField(max_length=3, choices=TranscriptFormat.choices, blank=True)
    transcript_source = models.TextField(blank=True, editable=False)
    transcript_cues = models.JSONField(default=list, blank=True, editable=False)
    # Plain text of the transcript, kept for the site search to index.
    transcript_text = models.TextField(blank=True, editable=False)
    chapters = models.JSONField(null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    publish_at = models.DateTimeField(_("publish at"), null=True, blank=True, db_index=True)
    transcript_waiver_reason = models.TextField(
        _("reason for publishing without transcript"), blank=True
    )
    transcript_waived_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    transcript_waived_at = models.DateTimeField(null=True, blank=True)
    events = models.ManyToManyField(
        Event, blank=True, related_name="podcast_episodes", verbose_name=_("linked events")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = EpisodeQuerySet.as_manager()

    class Meta:
        ordering = ["-publish_at", "-pk"]
        verbose_name = _("episode")
        verbose_name_plural = _("episodes")
        constraints = [
            models.UniqueConstraint(fields=["show", "slug"], name="podcast_episode_slug_per_show")
        ]
        indexes = [
            models.Index(fields=["show", "status", "publish_at"], name="podcast_episode_feed")
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("podcast:episode", args=[self.show.slug, self.slug])

    @property
    def is_released(self) -> bool:
        return (
            self.status == self.Status.PUBLISHED
            and self.publish_at is not None
            and self.publish_at <= timezone.now()
        )

    @property
    def is_scheduled(self) -> bool:
        return (
            self.status == self.Status.PUBLISHED
            and self.publish_at is not None
            and self.publish_at > timezone.now()
        )

    @property
    def audio_ext(self) -> str:
        return "m4a" if self.audio_type == "audio/x-m4a" else "mp3"

    @property
    def audio_path(self) -> str:
        if not self.audio:
            return ""
        return reverse("podcast:audio", args=[self.show.slug, self.slug, self.audio_ext])

    @property
    def transcript_path(self) -> str:
        if not self.transcript_format:
            return ""
        return reverse(
            "podcast:transcript_file", args=[self.show.slug, self.slug, self.transcript_format]
        )

    @property
    def transcript_type(self) -> str:
        return "text/vtt" if self.transcript_format == "vtt" else "application/x-subrip"

    @property
    def chapters_path(self) -> str:
        if not self.chapters:
            return ""
        return reverse("podcast:chapters_file", args=[self.show.slug, self.slug])

    @property
    def artwork_path(self) -> str:
        if not self.artwork:
            return ""
        ext = "png" if self.artwork_type == "image/png" else "jpg"
        path = reverse("podcast:episode_artwork_file", args=[self.show.slug, self.slug, ext])
        return f"{path}?v={self.artwork_hash[:12]}"

    @property
    def has_transcript(self) -> bool:
        return bool(self.transcript_format)

    @property
    def transcript_waived(self) -> bool:
        return bool(self.transcript_waiver_reason)

    @property
    def duration_hms(self) -> str:
        """The duration as H:MM:SS or M:SS."""
        if self.audio_duration is None:
            return ""
        total = round(self.audio_duration)
        hours, rest = divmod(total, 3600)
        minutes, seconds = divmod(rest, 60)
        return f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes}:{seconds:02d}"

    @property
    def chapter_list(self) -> list[dict[str, Any]]:
        return list((self.chapters or {}).get("chapters", []))


class Credit(models.Model):
    """Someone heard in or behind a show or episode: a person in Bryggan or an external name."""

    class Role(models.TextChoices):
        HOST = "host", _("Host")
        COHOST = "co-host", _("Co-host")
        GUEST = "guest", _("Guest")
        PRODUCER = "producer", _("Producer")
        EDITOR = "editor", _("Editor")

    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    name = models.CharField(_("name"), max_length=200, blank=True)
    affiliation = models.CharField(_("affiliation"), max_length=200, blank=True)
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.GUEST)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        abstract = True
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return f"{self.display_name} ({self.get_role_display()})"

    @property
    def display_name(self) -> str:
        return self.person.full_name if self.person else self.name

    @property
    def is_host(self) -> bool:
        return self.role in (self.Role.HOST, self.Role.COHOST)


class ShowCredit(Credit):
    show = models.ForeignKey(Show, on_delete=models.CASCADE, related_name="credits")

    class Meta(Credit.Meta):
        verbose_name = _("show credit")
        verbose_name_plural = _("show credits")


class EpisodeCredit(Credit):
    episode = models.ForeignKey(Episode, on_delete=models.CASCADE, related_name="credits")

    class Meta(Credit.Meta):
        verbose_name = _("episode credit")
        verbose_name_plural = _("episode credits")


class DownloadDay(models.Model):
    """How many listeners fetched an episode's audio on one day (bots and repeats left out)."""

    episode = models.ForeignKey(Episode, on_delete=models.CASCADE, related_name="download_days")
    day = models.DateField()
    downloads = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("downloads per day")
        verbose_name_plural = _("downloads per day")
        constraints = [
            models.UniqueConstraint(fields=["episode", "day"], name="podcast_one_count_per_day")
        ]
        indexes = [models.Index(fields=["day", "episode"], name="podcast_downloads_by_day")]

    def __str__(self) -> str:
        return f"{self.episode_id} {self.day}: {self.downloads}"


class DailySalt(models.Model):
    """Today's secret salt for listener hashes; deleted with the hashes when the day is over."""

    day = models.DateField(unique=True)
    value = models.CharField(max_length=64)

    def __str__(self) -> str:
        return str(self.day)


class ListenerHash(models.Model):
    """A salted hash of (IP address, user agent, episode) seen today, used only to count once."""

    day = models.DateField(db_index=True)
    digest = models.CharField(max_length=64, unique=True)

    def __str__(self) -> str:
        return f"{self.day}"
