"""The publication library: reports, articles, theses and books, and plain-language digests.

A publication is never deleted once it has been offered to harvesters: it is withdrawn and
keeps a tombstone, so that the OAI-PMH provider can report it as deleted (bryggan/library/oai.py).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bryggan.core.models import Visibility, VisibleContent, VisibleQuerySet
from bryggan.lib.identifiers import doi_url, handle_url, urn_url
from bryggan.people.models import Person
from bryggan.taxonomy.models import SubjectCode, Tagged


class Language(models.TextChoices):
    """Languages of publications as ISO 639-1 codes; MODS and Dublin Core get ISO 639-2 (LANGUAGE_639_2)."""

    SWEDISH = "sv", _("Swedish")
    ENGLISH = "en", _("English")
    NORWEGIAN = "no", _("Norwegian")
    DANISH = "da", _("Danish")
    FINNISH = "fi", _("Finnish")
    GERMAN = "de", _("German")
    FRENCH = "fr", _("French")
    SPANISH = "es", _("Spanish")


LANGUAGE_639_2 = {
    "sv": "swe",
    "en": "eng",
    "no": "nor",
    "da": "dan",
    "fi": "fin",
    "de": "ger",
    "fr": "fre",
    "es": "spa",
}
LANGUAGE_FROM_639_2 = {v: k for k, v in LANGUAGE_639_2.items()} | {
    "deu": "de",
    "fra": "fr",
    "nob": "no",
    "nno": "no",
}


def fold_title(title: str) -> str:
    """Lower-case, drop accents other than å, ä and ö, and keep only letters and digits."""
    text = unicodedata.normalize("NFKC", title).casefold()
    text = "".join(
        c
        for c in unicodedata.normalize("NFD", text)
        if not unicodedata.combining(c) or c in "\u030a\u0308"
    )
    text = unicodedata.normalize("NFC", text)
    return re.sub(r"[\W_]+", " ", text).strip()


def dedup_key(title: str, year: int | None) -> str:
    """Normalised title + year: the duplicate test for publications without a DOI."""
    return f"{fold_title(title)[:250]}|{year or ''}"


class PublicationQuerySet(VisibleQuerySet):
    def published(self) -> PublicationQuerySet:
        return self.filter(status=Publication.Status.PUBLISHED)

    def in_oai(self) -> PublicationQuerySet:
        """Everything ever offered to harvesters: live records and tombstones."""
        return self.filter(harvestable_since__isnull=False)


class Publication(Tagged, VisibleContent):
    """A report, article, thesis, book, chapter, conference paper or plain-language digest."""

    class Kind(models.TextChoices):
        REPORT = "report", _("Report")
        ARTICLE = "article", _("Journal article")
        DISSERTATION = "dissertation", _("Doctoral or licentiate thesis")
        BOOK = "book", _("Book")
        CHAPTER = "chapter", _("Book chapter")
        CONFERENCE_PAPER = "conference_paper", _("Conference paper")
        DIGEST = "digest", _("Plain-language digest")

    class Status(models.TextChoices):
        PUBLISHED = "published", _("Published")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=500)
    subtitle = models.CharField(_("subtitle"), max_length=500, blank=True)
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(1500), MaxValueValidator(2100)], db_index=True
    )
    date = models.DateField(_("date of publication"), null=True, blank=True)
    abstract_sv = models.TextField(_("abstract in Swedish"), blank=True)
    abstract_en = models.TextField(_("abstract in English"), blank=True)
    language = models.CharField(
        _("language"), max_length=2, choices=Language.choices, default=Language.SWEDISH
    )
    doi = models.CharField(_("DOI"), max_length=255, null=True, blank=True, unique=True)
    urn = models.CharField(_("URN:NBN"), max_length=255, blank=True)
    handle = models.CharField(_("Handle"), max_length=255, blank=True)
    isbn = models.CharField(_("ISBN"), max_length=13, blank=True)
    publisher = models.CharField(_("publisher"), max_length=300, blank=True)
    journal = models.CharField(
        _("published in"),
        max_length=500,
        blank=True,
        help_text=_("The journal, book or proceedings the publication is part of."),
    )
    volume = models.CharField(_("volume"), max_length=40, blank=True)
    issue = models.CharField(_("issue"), max_length=40, blank=True)
    pages = models.CharField(_("pages"), max_length=40, blank=True)
    series = models.CharField(
        _("series"), max_length=300, blank=True, help_text=_("For example “FoU-rapport 2024:3”.")
    )
    subject_codes = models.ManyToManyField(
        SubjectCode, blank=True, related_name="publications", verbose_name=_("research subjects")
    )
    file = models.FileField(_("full text"), upload_to="library/fulltext/%Y/", blank=True)
    open_access_url = models.URLField(_("open-access link"), max_length=1000, blank=True)
    landing_url = models.URLField(_("publisher's page"), max_length=1000, blank=True)
    events = models.ManyToManyField(
        "arenas.Event",
        blank=True,
        related_name="publications",
        verbose_name=_("seminars and sessions"),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PUBLISHED
    )
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    withdrawal_reason = models.TextField(_("reason for withdrawal"), blank=True)
    harvestable = models.BooleanField(
        _("offer to harvesters (OAI-PMH)"),
        default=True,
        help_text=_(
            "Publications of the partnership are offered to DiVA, SwePub and others when public."
        ),
    )
    # Set the first time the record is offered through OAI-PMH; from then on it is never deleted.
    harvestable_since = models.DateTimeField(null=True, blank=True, editable=False)
    provenance = models.CharField(_("added from"), max_length=300, blank=True)
    import_batch = models.ForeignKey(
        "ImportBatch",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="publications",
        editable=False,
    )
    dedup_key = models.CharField(max_length=300, db_index=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    # The OAI-PMH datestamp: every change through the services saves the row.
    updated_at = models.DateTimeField(default=timezone.now)

    objects = PublicationQuerySet.as_manager()  # type: ignore[assignment,misc]

    class Meta:
        ordering = ["-year", "-created_at", "-pk"]
        verbose_name = _("publication")
        verbose_name_plural = _("publications")
        indexes = [
            models.Index(
                fields=["updated_at", "id"],
                condition=Q(harvestable_since__isnull=False),
                name="library_pub_oai",
            ),
            models.Index(fields=["visibility", "status", "year"], name="library_pub_listing"),
        ]

    def __str__(self) -> str:
        return self.full_title

    def get_absolute_url(self) -> str:
        return reverse("library:publication", args=[self.pk])

    @classmethod
    def restricted_q(cls, user: Any) -> Q:
        """Restricted publications are for their authors (and staff, see core.access)."""
        return Q(pk__in=Authorship.objects.filter(person__user=user).values("publication"))

    @property
    def full_title(self) -> str:
        if not self.subtitle:
            return self.title
        return f"{self.title.rstrip(' :')}: {self.subtitle}"

    @property
    def is_withdrawn(self) -> bool:
        return self.status == self.Status.WITHDRAWN

    @property
    def is_exposed(self) -> bool:
        """Whether harvesters get the full record now (otherwise a harvested record is deleted)."""
        return (
            self.status == self.Status.PUBLISHED
            and self.visibility == Visibility.PUBLIC
            and self.harvestable
        )

    @property
    def doi_url(self) -> str:
        return doi_url(self.doi) if self.doi else ""

    @property
    def urn_url(self) -> str:
        return urn_url(self.urn) if self.urn else ""

    @property
    def handle_url(self) -> str:
        return handle_url(self.handle) if self.handle else ""

    @property
    def abstract(self) -> str:
        """The abstract in the publication's own language first."""
        if self.language == Language.ENGLISH:
            return self.abstract_en or self.abstract_sv
        return self.abstract_sv or self.abstract_en

    @property
    def full_text_url(self) -> str:
        if self.file:
            return reverse("library:fulltext", args=[self.pk])
        return self.open_access_url

    @property
    def published_on(self) -> dt.date:
        return self.date or dt.date(self.year, 1, 1)


class Authorship(models.Model):
    """One author or editor of a publication, in order: a person in Bryggan or an external name."""

    class Role(models.TextChoices):
        AUTHOR = "author", _("Author")
        EDITOR = "editor", _("Editor")

    publication = models.ForeignKey(
        Publication, on_delete=models.CASCADE, related_name="authorships"
    )
    position = models.PositiveSmallIntegerField(_("position"))
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.AUTHOR)
    person = models.ForeignKey(
        Person,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="authorships",
        verbose_name=_("person in Bryggan"),
    )
    family_name = models.CharField(_("family name"), max_length=200)
    given_name = models.CharField(_("given name"), max_length=200, blank=True)
    orcid = models.CharField(_("ORCID iD"), max_length=19, blank=True)

    class Meta:
        ordering = ["publication", "position"]
        verbose_name = _("author")
        verbose_name_plural = _("authors")
        constraints = [
            models.UniqueConstraint(
                fields=["publication", "position"], name="library_author_position_once"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return f"{self.given_name} {self.family_name}".strip()

    @property
    def inverted_name(self) -> str:
        return f"{self.family_name}, {self.given_name}" if self.given_name else self.family_name


class DigestQuerySet(VisibleQuerySet):
    pass


class Digest(Tagged, VisibleContent):
    """Research in brief: a plain-language summary for practice of one or more publications."""

    title = models.CharField(_("title"), max_length=300)
    slug = models.SlugField(unique=True, max_length=120)
    summary = models.TextField(
        _("summary in plain language"), help_text=_("Markdown: paragraphs, lists and links.")
    )
    practice = models.TextField(
        _("what this means for practice"), help_text=_("Markdown: paragraphs, lists and links.")
    )
    language = models.CharField(
        _("language"), max_length=2, choices=Language.choices, default=Language.SWEDISH
    )
    publications = models.ManyToManyField(
        Publication, blank=True, related_name="digests", verbose_name=_("summarises")
    )
    writers = models.ManyToManyField(
        Person, blank=True, related_name="digests", verbose_name=_("written by")
    )
    published_on = models.DateField(_("published"), default=timezone.localdate, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = DigestQuerySet.as_manager()  # type: ignore[assignment,misc]

    class Meta:
        ordering = ["-published_on", "-pk"]
        verbose_name = _("research digest")
        verbose_name_plural = _("research digests")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("library:digest", args=[self.slug])

    @classmethod
    def restricted_q(cls, user: Any) -> Q:
        """Restricted digests are for their writers (and staff, see core.access)."""
        return Q(pk__in=Digest.writers.through.objects.filter(person__user=user).values("digest"))


class ImportBatch(models.Model):
    """An uploaded BibTeX, RIS or MODS file: parsed into a preview, then committed all at once."""

    class Format(models.TextChoices):
        BIBTEX = "bibtex", _("BibTeX")
        RIS = "ris", _("RIS")
        MODS = "mods", _("MODS (DiVA, SwePub)")

    class Status(models.TextChoices):
        PREVIEW = "preview", _("Waiting for review")
        COMMITTED = "committed", _("Imported")
        DISCARDED = "discarded", _("Discarded")

    format = models.CharField(_("format"), max_length=10, choices=Format.choices)
    filename = models.CharField(_("file"), max_length=255)
    content = models.TextField()
    rows = models.JSONField(default=list)
    options = models.JSONField(default=dict)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PREVIEW
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    committed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")

    def __str__(self) -> str:
        return self.filename

    def get_absolute_url(self) -> str:
        return reverse("library:import", args=[self.pk])

    @property
    def errors(self) -> int:
        return sum(1 for row in self.rows if row.get("errors"))

    @property
    def duplicates(self) -> int:
        return sum(1 for row in self.rows if row.get("duplicate") and not row.get("errors"))

    @property
    def importable(self) -> int:
        return sum(1 for row in self.rows if not row.get("errors") and not row.get("duplicate"))

    @property
    def can_commit(self) -> bool:
        return self.status == self.Status.PREVIEW and self.errors == 0 and self.importable > 0
