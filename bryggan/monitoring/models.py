"""External monitoring: sources of new research, harvest runs, normalised records and watchlists.

A record is one piece of research as Bryggan knows it, merged from every source that delivered it
(one `RecordSource` row per source keeps the provenance). Watchlists of priority areas and of
single users turn new records into `Match` rows that carry the reason they matched.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bryggan.taxonomy.models import PriorityArea


class Source(models.Model):
    """Somewhere new research is harvested from."""

    class Kind(models.TextChoices):
        OAI = "oai", _("OAI-PMH repository")
        OPENALEX = "openalex", _("OpenAlex (API)")
        OPENALEX_SNAPSHOT = "openalex_snapshot", _("OpenAlex snapshot file (JSON Lines)")
        CROSSREF = "crossref", _("Crossref")
        FEED = "feed", _("Journal feed (RSS/Atom)")

    class Prefix(models.TextChoices):
        SWEPUB_MODS = "swepub_mods", "swepub_mods"
        MODS = "mods", "mods"
        OAI_DC = "oai_dc", "oai_dc"

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    url = models.URLField(
        _("address"),
        max_length=500,
        blank=True,
        help_text=_("OAI-PMH base URL, API address or feed URL."),
    )
    metadata_prefix = models.CharField(
        _("metadata format"), max_length=20, choices=Prefix.choices, blank=True
    )
    set_spec = models.CharField(_("set"), max_length=200, blank=True)
    query = models.CharField(
        _("query"),
        max_length=500,
        blank=True,
        help_text=_(
            "Search words (Crossref, OpenAlex) or an OpenAlex filter such as "
            "'concepts.id:C2779729727'."
        ),
    )
    api_key = models.CharField(_("API key"), max_length=200, blank=True)
    email = models.EmailField(_("contact e-mail (polite pool)"), blank=True)
    snapshot_path = models.CharField(
        _("snapshot file"),
        max_length=500,
        blank=True,
        help_text=_(
            "Path of an OpenAlex works JSON Lines file (.jsonl or .jsonl.gz) on the server."
        ),
    )
    delay_seconds = models.FloatField(_("delay between requests (seconds)"), default=1.0)
    max_retries = models.PositiveSmallIntegerField(_("retries on errors"), default=4)
    timeout_seconds = models.FloatField(_("timeout (seconds)"), default=30.0)
    active = models.BooleanField(_("harvest on schedule"), default=True)
    last_harvested_at = models.DateTimeField(_("last successful harvest"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("source")
        verbose_name_plural = _("sources")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("monitoring:source", args=[self.pk])


class HarvestRun(models.Model):
    """One harvest of a source; the cursor is kept after every page so a failed run can resume."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        SUCCEEDED = "succeeded", _("Succeeded")
        FAILED = "failed", _("Failed")

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="runs")
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.QUEUED
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    harvest_from = models.DateTimeField(_("harvest records changed since"), null=True, blank=True)
    cursor = models.TextField(
        _("resume point"),
        blank=True,
        help_text=_("Resumption token, cursor or line number of the next page not yet saved."),
    )
    pages = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(null=True, blank=True)
    fetched = models.PositiveIntegerField(_("fetched"), default=0)
    new = models.PositiveIntegerField(_("new"), default=0)
    updated = models.PositiveIntegerField(_("updated"), default=0)
    failed = models.PositiveIntegerField(_("failed or skipped"), default=0)
    log = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("harvest run")
        verbose_name_plural = _("harvest runs")

    def __str__(self) -> str:
        return f"{self.source} {self.created_at:%Y-%m-%d %H:%M}"

    def get_absolute_url(self) -> str:
        return reverse("monitoring:run", args=[self.pk])

    @property
    def is_active(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)

    @property
    def can_resume(self) -> bool:
        return self.status == self.Status.FAILED

    @property
    def percent(self) -> int | None:
        if not self.total:
            return None
        return min(100, round(100 * self.fetched / self.total))

    def note(self, message: str, level: str = "info") -> None:
        """Add a line to the run log (saved with the next save of the run)."""
        self.log = [*self.log, {"at": timezone.now().isoformat(), "level": level, "text": message}]


class RecordQuerySet(models.QuerySet):
    def unmatched(self) -> RecordQuerySet:
        return self.filter(matched_at__isnull=True)


class Record(models.Model):
    """One piece of research in a normalised form, merged across sources."""

    title = models.TextField(_("title"))
    authors = models.JSONField(
        _("authors"), default=list, help_text=_("[{name, family, given, orcid}] in order.")
    )
    first_author_family = models.CharField(max_length=200, blank=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    abstract = models.TextField(_("abstract"), blank=True)
    doi = models.CharField(_("DOI"), max_length=255, null=True, blank=True, unique=True)
    venue = models.CharField(_("published in"), max_length=500, blank=True)
    language = models.CharField(_("language"), max_length=10, blank=True)
    subject_codes = models.JSONField(_("research subjects (SSIF)"), default=list, blank=True)
    keywords = models.JSONField(_("keywords"), default=list, blank=True)
    oa_url = models.URLField(_("open-access link"), max_length=1000, blank=True)
    url = models.URLField(_("landing page"), max_length=1000, blank=True)
    dedup_key = models.CharField(max_length=255, db_index=True)
    first_seen_at = models.DateTimeField(default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(default=timezone.now)
    matched_at = models.DateTimeField(null=True, blank=True, db_index=True)

    objects = RecordQuerySet.as_manager()

    class Meta:
        ordering = ["-first_seen_at", "-pk"]
        verbose_name = _("research record")
        verbose_name_plural = _("research records")

    def __str__(self) -> str:
        return self.title[:100]

    def get_absolute_url(self) -> str:
        return reverse("monitoring:record", args=[self.pk])

    @property
    def author_names(self) -> str:
        names = [a.get("name", "") for a in self.authors[:6]]
        if len(self.authors) > 6:
            names.append("…")
        return "; ".join(names)

    @property
    def doi_url(self) -> str:
        return f"https://doi.org/{self.doi}" if self.doi else ""


class RecordSource(models.Model):
    """The provenance of a record: which source delivered it, under which identifier, when."""

    record = models.ForeignKey(Record, on_delete=models.CASCADE, related_name="provenance")
    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="provenance")
    external_id = models.CharField(_("identifier at the source"), max_length=500)
    url = models.URLField(max_length=1000, blank=True)
    first_seen_at = models.DateTimeField(default=timezone.now)
    last_seen_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["source", "external_id"], name="monitoring_provenance_once"
            )
        ]
        verbose_name = _("provenance")
        verbose_name_plural = _("provenance")

    def __str__(self) -> str:
        return f"{self.source}: {self.external_id}"


class Watchlist(models.Model):
    """Search terms, research subjects and authors that a priority area or a person follows."""

    area = models.OneToOneField(
        PriorityArea, null=True, blank=True, on_delete=models.CASCADE, related_name="watchlist"
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="watchlist",
    )
    terms_sv = models.TextField(
        _("search terms in Swedish"),
        blank=True,
        help_text=_("One term or phrase per line; end a word with * to match all endings."),
    )
    terms_en = models.TextField(
        _("search terms in English"),
        blank=True,
        help_text=_("One term or phrase per line; end a word with * to match all endings."),
    )
    subject_codes = models.TextField(
        _("research subjects (SSIF codes)"),
        blank=True,
        help_text=_("One code per line, e.g. 50402; a shorter code covers all codes below it."),
    )
    authors = models.TextField(
        _("authors"),
        blank=True,
        help_text=_("One per line: an ORCID iD or a name as 'Given Family'."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(Q(area__isnull=False) & Q(user__isnull=True))
                | (Q(area__isnull=True) & Q(user__isnull=False)),
                name="monitoring_watchlist_one_owner",
            )
        ]
        verbose_name = _("watchlist")
        verbose_name_plural = _("watchlists")

    def __str__(self) -> str:
        return str(self.area or self.user)

    @staticmethod
    def lines(text: str) -> list[str]:
        return [line.strip() for line in text.splitlines() if line.strip()]

    def as_dict(self) -> dict[str, Any]:
        return {
            "terms_sv": self.lines(self.terms_sv),
            "terms_en": self.lines(self.terms_en),
            "subject_codes": self.lines(self.subject_codes),
            "authors": self.lines(self.authors),
        }


class Match(models.Model):
    """A record that a watchlist caught, with the reasons (which term, code or author)."""

    watchlist = models.ForeignKey(Watchlist, on_delete=models.CASCADE, related_name="matches")
    record = models.ForeignKey(Record, on_delete=models.CASCADE, related_name="matches")
    reasons = models.JSONField(default=list)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["watchlist", "record"], name="monitoring_match_once")
        ]
        verbose_name = _("match")
        verbose_name_plural = _("matches")

    def __str__(self) -> str:
        return f"{self.watchlist}: {self.record}"


class Subscription(models.Model):
    """A person gets the new research of a priority area by e-mail, weekly or monthly."""

    class Frequency(models.TextChoices):
        WEEKLY = "weekly", _("Weekly")
        MONTHLY = "monthly", _("Monthly")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="monitoring_subscriptions"
    )
    area = models.ForeignKey(PriorityArea, on_delete=models.CASCADE, related_name="subscriptions")
    frequency = models.CharField(
        _("how often"), max_length=10, choices=Frequency.choices, default=Frequency.WEEKLY
    )
    created_at = models.DateTimeField(auto_now_add=True)
    last_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["area__name_sv"]
        constraints = [
            models.UniqueConstraint(fields=["user", "area"], name="monitoring_subscription_once")
        ]
        verbose_name = _("digest subscription")
        verbose_name_plural = _("digest subscriptions")

    def __str__(self) -> str:
        return f"{self.user} → {self.area}"
