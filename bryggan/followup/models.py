"""Systematic follow-up: instruments, follow-up plans, pseudonymous subjects and measurements.

An Instrument has versions; a version has items and subscales and is frozen once data exist.
A FollowupPlan says which units follow which intervention with which instrument versions at
which occasions, and who may see what. Subjects are pseudonymous codes generated per plan and
unit: Bryggan never holds a name or an identity number, and the key between code and client
stays in the case record system.

Storage is designed for millions of answers: a Measurement is one subject's answers to one
instrument version at one occasion, kept as one row whose `values` list follows the order of
the (frozen) items. Reports read those rows with one raw query into numpy (bryggan.followup.
reports); nothing is aggregated row by row in Python.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from bryggan.lib.suppression import FLOOR, default_minimum
from bryggan.people.models import Organisation
from bryggan.taxonomy.models import Tagged

CODE_RE = re.compile(r"^[a-z][a-z0-9_]{0,23}$")
code_validator = RegexValidator(
    CODE_RE,
    _(
        "Use 1–24 lower-case letters a–z, digits and underscores, starting with a letter "
        "(the name must work in SPSS, Stata and R)."
    ),
)


class MissingCode(models.IntegerChoices):
    """Why an answer is missing; the codes are the same in every export."""

    NOT_APPLICABLE = -7, _("Not applicable")
    DECLINED = -8, _("Does not want to answer or does not know")
    NOT_ANSWERED = -9, _("Not answered")


MISSING_CODES = {code.value for code in MissingCode}


class Licence(models.TextChoices):
    OWN = "own", _("Written for this organisation: free to use and share here")
    OPEN = "open", _("Openly licensed: may be copied with attribution")
    PERMISSION = "permission", _("Used with permission: may not be copied or shared")


class Instrument(models.Model):
    """An assessment instrument (bedömningsinstrument) or questionnaire in the library."""

    slug = models.SlugField(unique=True, max_length=80)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    licence = models.CharField(_("licence"), max_length=20, choices=Licence.choices)
    licence_note = models.TextField(
        _("licence note"),
        blank=True,
        help_text=_("Who holds the rights, what may be done with the instrument, source."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("instrument")
        verbose_name_plural = _("instruments")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("followup:instrument", args=[self.slug])

    @property
    def may_be_copied(self) -> bool:
        return self.licence != Licence.PERMISSION


class InstrumentVersion(models.Model):
    """One version of an instrument; its items are frozen once any measurement uses it."""

    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="versions")
    label = models.CharField(_("version"), max_length=20)
    note = models.TextField(_("what changed"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    frozen_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["instrument__name", "created_at", "pk"]
        verbose_name = _("instrument version")
        verbose_name_plural = _("instrument versions")
        constraints = [
            models.UniqueConstraint(fields=["instrument", "label"], name="followup_version_label")
        ]

    def __str__(self) -> str:
        return f"{self.instrument.name} {self.label}"

    def get_absolute_url(self) -> str:
        return reverse("followup:version", args=[self.instrument.slug, self.label])

    @property
    def is_frozen(self) -> bool:
        return self.frozen_at is not None


class Item(models.Model):
    """One question of an instrument version, with its code, type, range and value labels."""

    class Kind(models.TextChoices):
        LIKERT = "likert", _("Likert scale")
        NUMERIC = "numeric", _("Number")
        YESNO = "yesno", _("Yes or no")
        SINGLE = "single", _("Single choice")
        MULTIPLE = "multiple", _("Multiple choice")
        DATE = "date", _("Date")
        TEXT = "text", _("Short text")

    # Kinds whose values are numbers that means and SDs are computed from.
    SCALED = {Kind.LIKERT, Kind.NUMERIC, Kind.YESNO}
    # Kinds whose answers are codes from the value labels.
    CODED = {Kind.LIKERT, Kind.YESNO, Kind.SINGLE, Kind.MULTIPLE}
    YESNO_CHOICES = [[1, "Ja"], [0, "Nej"]]

    version = models.ForeignKey(InstrumentVersion, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveIntegerField(_("position"))
    code = models.CharField(_("variable name"), max_length=24, validators=[code_validator])
    text = models.CharField(_("question"), max_length=500)
    kind = models.CharField(_("type"), max_length=12, choices=Kind.choices)
    min_value = models.FloatField(_("lowest value"), null=True, blank=True)
    max_value = models.FloatField(_("highest value"), null=True, blank=True)
    choices = models.JSONField(
        _("value labels"), default=list, blank=True, help_text=_("[[value, label], …]")
    )
    required = models.BooleanField(_("answer required"), default=False)
    reverse_coded = models.BooleanField(_("reverse-coded"), default=False)

    class Meta:
        ordering = ["version", "position", "pk"]
        verbose_name = _("item")
        verbose_name_plural = _("items")
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="followup_item_code"),
        ]

    def __str__(self) -> str:
        return f"{self.code}: {self.text}"

    @property
    def is_scaled(self) -> bool:
        return self.kind in self.SCALED

    @property
    def is_coded(self) -> bool:
        return self.kind in self.CODED

    @property
    def value_labels(self) -> dict[int, str]:
        if self.kind == self.Kind.YESNO and not self.choices:
            return {int(str(v)): str(label) for v, label in self.YESNO_CHOICES}
        return {int(v): str(label) for v, label in self.choices}  # type: ignore[call-overload]

    @property
    def low(self) -> float | None:
        """The lowest possible value (from the value labels for coded items)."""
        if self.kind in (self.Kind.LIKERT, self.Kind.YESNO) and self.value_labels:
            return float(min(self.value_labels))
        return self.min_value

    @property
    def high(self) -> float | None:
        if self.kind in (self.Kind.LIKERT, self.Kind.YESNO) and self.value_labels:
            return float(max(self.value_labels))
        return self.max_value


class Subscale(models.Model):
    """A score built from items: their sum or mean, some reverse-coded, with a minimum answered."""

    class Method(models.TextChoices):
        SUM = "sum", _("Sum")
        MEAN = "mean", _("Mean")

    version = models.ForeignKey(
        InstrumentVersion, on_delete=models.CASCADE, related_name="subscales"
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    code = models.CharField(_("variable name"), max_length=24, validators=[code_validator])
    label = models.CharField(_("name"), max_length=200)
    method = models.CharField(_("scoring"), max_length=8, choices=Method.choices)
    items = models.ManyToManyField(Item, related_name="subscales", verbose_name=_("items"))
    min_answered = models.PositiveIntegerField(
        _("minimum answered items"), validators=[MinValueValidator(1)]
    )
    higher_is_better = models.BooleanField(_("a higher score is better"), default=True)
    important_change = models.FloatField(
        _("smallest important change"),
        null=True,
        blank=True,
        help_text=_("Leave empty to use half the standard deviation at baseline."),
    )

    class Meta:
        ordering = ["version", "position", "pk"]
        verbose_name = _("subscale")
        verbose_name_plural = _("subscales")
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="followup_subscale_code"),
        ]

    def __str__(self) -> str:
        return self.label


class PlanQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> PlanQuerySet:
        """Plans the user takes part in (bryggan.followup.access decides)."""
        from bryggan.followup import access

        return self.filter(access.plans_q(user))


class FollowupPlan(Tagged):
    """Which units follow up which intervention, with what, when, and who may see what."""

    class Kind(models.TextChoices):
        SUPPORT_GROUP = "support_group", _("Support group")
        PARENTING = "parenting", _("Parenting programme")
        PLACEMENT = "placement", _("Placement")
        TREATMENT = "treatment", _("Treatment or counselling")
        OTHER = "other", _("Other intervention")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Being planned")
        ACTIVE = "active", _("Collecting data")
        CLOSED = "closed", _("Closed")

    class ReportPeriod(models.TextChoices):
        QUARTER = "quarter", _("Quarter")
        HALF_YEAR = "half", _("Half-year")
        YEAR = "year", _("Year")

    slug = models.SlugField(unique=True, max_length=120)
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind of intervention"), max_length=20, choices=Kind.choices)
    intervention = models.CharField(_("intervention or service"), max_length=300)
    target_group = models.CharField(_("target group"), max_length=300)
    question = models.TextField(_("what the follow-up should answer"))
    description = models.TextField(_("description"), blank=True)
    start = models.DateField(_("from"))
    end = models.DateField(_("until"), null=True, blank=True)
    owner = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="followup_plans",
        verbose_name=_("responsible organisation"),
    )
    report_period = models.CharField(
        _("reporting period"),
        max_length=8,
        choices=ReportPeriod.choices,
        default=ReportPeriod.HALF_YEAR,
        help_text=_("Subjects are grouped by when they started; reports can be filtered by it."),
    )
    suppression_minimum = models.PositiveSmallIntegerField(
        _("suppression minimum"),
        default=default_minimum,
        validators=[MinValueValidator(FLOOR)],
        help_text=_("Figures resting on fewer subjects are shown as “..”. Never below 3."),
    )
    aggregated_exports_only = models.BooleanField(
        _("exports of aggregated tables only"),
        default=False,
        help_text=_("When set, nobody can export record-level data from this plan."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PlanQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        verbose_name = _("follow-up plan")
        verbose_name_plural = _("follow-up plans")
        constraints = [
            models.CheckConstraint(
                condition=Q(suppression_minimum__gte=FLOOR), name="followup_minimum_at_least_3"
            ),
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=models.F("start")),
                name="followup_plan_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("followup:plan", args=[self.slug])

    def period_of(self, day: date) -> str:
        """Return the key of the reporting period a day falls in, e.g. 2025-Q1, 2025-H2, 2025."""
        if self.report_period == self.ReportPeriod.QUARTER:
            return f"{day.year}-Q{(day.month - 1) // 3 + 1}"
        if self.report_period == self.ReportPeriod.HALF_YEAR:
            return f"{day.year}-H{1 if day.month <= 6 else 2}"
        return f"{day.year}"

    def clean(self) -> None:
        if self.suppression_minimum is not None and self.suppression_minimum < FLOOR:
            raise ValidationError(
                {"suppression_minimum": _("The suppression minimum cannot be below 3.")}
            )
        if self.end and self.start and self.end < self.start:
            raise ValidationError({"end": _("The plan cannot end before it starts.")})


class PlanUnit(models.Model):
    """A unit taking part in a plan, with the short code that starts its subjects' codes."""

    plan = models.ForeignKey(FollowupPlan, on_delete=models.CASCADE, related_name="units")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="followup_units"
    )
    code = models.CharField(
        _("code"),
        max_length=6,
        validators=[RegexValidator(r"^[A-Z]{2,6}$", _("Use 2–6 capital letters A–Z."))],
    )

    class Meta:
        ordering = ["plan", "code"]
        verbose_name = _("unit in a plan")
        verbose_name_plural = _("units in plans")
        constraints = [
            models.UniqueConstraint(fields=["plan", "organisation"], name="followup_unit_once"),
            models.UniqueConstraint(fields=["plan", "code"], name="followup_unit_code"),
        ]

    def __str__(self) -> str:
        return self.organisation.name


class Occasion(models.Model):
    """A measurement occasion (mättillfälle): baseline, 3, 6, 12 months or custom."""

    plan = models.ForeignKey(FollowupPlan, on_delete=models.CASCADE, related_name="occasions")
    key = models.SlugField(_("short name"), max_length=20)
    label = models.CharField(_("name"), max_length=100)
    months = models.PositiveSmallIntegerField(
        _("months after the start"),
        null=True,
        blank=True,
        help_text=_("0 for baseline; empty for an occasion without a fixed time."),
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    versions = models.ManyToManyField(
        InstrumentVersion, related_name="occasions", verbose_name=_("instrument versions")
    )

    class Meta:
        ordering = ["plan", "position", "pk"]
        verbose_name = _("occasion")
        verbose_name_plural = _("occasions")
        constraints = [
            models.UniqueConstraint(fields=["plan", "key"], name="followup_occasion_key"),
        ]

    def __str__(self) -> str:
        return self.label


class PlanGrant(models.Model):
    """What one person may do in a plan beyond what their unit affiliation gives them."""

    class Level(models.TextChoices):
        MANAGE = "manage", _("Manage the plan and see all its reports")
        REPORTS = "reports", _("See the aggregated reports of all units")
        RECORDS = "records", _("See reports and record-level data")

    plan = models.ForeignKey(FollowupPlan, on_delete=models.CASCADE, related_name="grants")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="followup_grants"
    )
    level = models.CharField(_("access"), max_length=10, choices=Level.choices)
    can_export = models.BooleanField(_("may export"), default=False)
    note = models.CharField(
        _("note"), max_length=300, blank=True, help_text=_("E.g. the ethics approval it rests on.")
    )
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    granted_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["plan", "user__email"]
        verbose_name = _("access to a plan")
        verbose_name_plural = _("access to plans")
        constraints = [models.UniqueConstraint(fields=["plan", "user"], name="followup_grant_once")]

    def __str__(self) -> str:
        return f"{self.user} – {self.plan}: {self.level}"


class Subject(models.Model):
    """A pseudonymous subject: a code generated for a plan and unit, never a name or number."""

    plan = models.ForeignKey(FollowupPlan, on_delete=models.CASCADE, related_name="subjects")
    unit = models.ForeignKey(PlanUnit, on_delete=models.PROTECT, related_name="subjects")
    code = models.CharField(_("subject code"), max_length=20)
    enrolled_on = models.DateField(_("started the intervention"))
    period = models.CharField(_("reporting period"), max_length=8, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["plan", "code"]
        verbose_name = _("subject")
        verbose_name_plural = _("subjects")
        constraints = [
            models.UniqueConstraint(fields=["plan", "code"], name="followup_subject_code_once")
        ]
        indexes = [models.Index(fields=["plan", "unit", "period"], name="followup_subject_cell")]

    def __str__(self) -> str:
        return self.code


class ReleaseBatch(models.Model):
    """Measurements of one cell that entered reports together (see lib.suppression.batch_decision)."""

    plan = models.ForeignKey(FollowupPlan, on_delete=models.CASCADE, related_name="batches")
    unit = models.ForeignKey(PlanUnit, on_delete=models.CASCADE, related_name="+")
    period = models.CharField(max_length=8)
    occasion = models.ForeignKey(Occasion, on_delete=models.CASCADE, related_name="+")
    version = models.ForeignKey(InstrumentVersion, on_delete=models.PROTECT, related_name="+")
    size = models.PositiveIntegerField()
    withheld = models.JSONField(default=list, blank=True)
    released_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["released_at", "pk"]
        verbose_name = _("release batch")
        verbose_name_plural = _("release batches")

    def __str__(self) -> str:
        return f"{self.plan} {self.unit} {self.period} {self.occasion}: {self.size}"


class Measurement(models.Model):
    """One subject's answers to one instrument version at one occasion.

    `values` lists the answers in item order (numbers, a list of codes for multiple choice,
    ISO dates and short texts as strings, null when missing); `missing` maps an item code to
    the missing-value code given for it. `batch` is empty until the measurement is released
    to reports.
    """

    plan = models.ForeignKey(FollowupPlan, on_delete=models.CASCADE, related_name="measurements")
    subject = models.ForeignKey(Subject, on_delete=models.CASCADE, related_name="measurements")
    unit = models.ForeignKey(PlanUnit, on_delete=models.PROTECT, related_name="+")
    period = models.CharField(max_length=8)
    occasion = models.ForeignKey(Occasion, on_delete=models.PROTECT, related_name="measurements")
    version = models.ForeignKey(
        InstrumentVersion, on_delete=models.PROTECT, related_name="measurements"
    )
    measured_on = models.DateField(_("measured on"))
    values = models.JSONField(default=list)
    missing = models.JSONField(default=dict, blank=True)
    batch = models.ForeignKey(
        ReleaseBatch, null=True, blank=True, on_delete=models.SET_NULL, related_name="measurements"
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    entered_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["subject", "occasion__position"]
        verbose_name = _("measurement")
        verbose_name_plural = _("measurements")
        constraints = [
            models.UniqueConstraint(
                fields=["subject", "occasion", "version"], name="followup_one_measurement"
            )
        ]
        indexes = [
            models.Index(fields=["plan", "version", "occasion"], name="followup_measurement_read"),
            models.Index(
                fields=["plan", "unit", "period", "occasion", "version"],
                name="followup_measurement_cell",
                condition=Q(batch__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subject} {self.occasion}"


def private_upload(instance: Any, filename: str) -> str:
    """Keep imports and exports out of any public path; names are random."""
    import uuid

    return f"followup/private/{uuid.uuid4().hex}/{filename}"


class ImportJob(models.Model):
    """A bulk import of measurements from CSV or XLSX: previewed, then imported all-or-nothing."""

    class Status(models.TextChoices):
        UPLOADED = "uploaded", _("Waiting for you to check the preview")
        QUEUED = "queued", _("Waiting to run")
        RUNNING = "running", _("Running")
        SUCCEEDED = "succeeded", _("Imported")
        FAILED = "failed", _("Refused: nothing was imported")

    plan = models.ForeignKey(FollowupPlan, on_delete=models.CASCADE, related_name="imports")
    unit = models.ForeignKey(PlanUnit, on_delete=models.CASCADE, related_name="+")
    occasion = models.ForeignKey(Occasion, on_delete=models.CASCADE, related_name="+")
    version = models.ForeignKey(InstrumentVersion, on_delete=models.PROTECT, related_name="+")
    file = models.FileField(upload_to=private_upload, blank=True)
    original_name = models.CharField(max_length=200)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.UPLOADED)
    total_rows = models.PositiveIntegerField(default=0)
    processed_rows = models.PositiveIntegerField(default=0)
    imported_rows = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")

    def __str__(self) -> str:
        return self.original_name

    @property
    def percent(self) -> int:
        if not self.total_rows:
            return 0
        return min(100, round(100 * self.processed_rows / self.total_rows))

    @property
    def is_active(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)


class ExportJob(models.Model):
    """One export of a plan's data; every export is also written to the audit log."""

    class Scope(models.TextChoices):
        AGGREGATED = "aggregated", _("Aggregated tables (suppressed)")
        RECORDS = "records", _("Record-level data (pseudonymous)")

    class Format(models.TextChoices):
        CSV = "csv", _("CSV files with a codebook and datapackage.json (ZIP)")
        XLSX = "xlsx", _("Excel workbook (XLSX)")
        SAV = "sav", _("SPSS (.sav)")
        DTA = "dta", _("Stata (.dta)")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to run")
        RUNNING = "running", _("Running")
        SUCCEEDED = "succeeded", _("Ready to download")
        FAILED = "failed", _("Failed")

    plan = models.ForeignKey(FollowupPlan, on_delete=models.CASCADE, related_name="exports")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    scope = models.CharField(max_length=12, choices=Scope.choices)
    format = models.CharField(max_length=6, choices=Format.choices)
    occasion = models.ForeignKey(
        Occasion, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    version = models.ForeignKey(
        InstrumentVersion, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    purpose = models.CharField(_("purpose"), max_length=500, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    file = models.FileField(upload_to=private_upload, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    rows = models.PositiveIntegerField(default=0)
    error = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("export")
        verbose_name_plural = _("exports")

    def __str__(self) -> str:
        return f"{self.plan} {self.format} {self.created_at:%Y-%m-%d}"

    @property
    def is_active(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)

    @property
    def filename(self) -> str:
        return (self.file.name or "").rsplit("/", 1)[-1] if self.file else ""


class AuditEntry(models.Model):
    """Who did what to a plan's data, and when: exports, imports, corrections, access changes."""

    class Action(models.TextChoices):
        EXPORT = "export", _("Export")
        IMPORT = "import", _("Import")
        ENTRY = "entry", _("Data entry")
        CORRECTION = "correction", _("Correction")
        DELETION = "deletion", _("Deletion")
        SUBJECTS = "subjects", _("Subject codes created")
        ACCESS = "access", _("Access changed")
        PLAN = "plan", _("Plan changed")

    plan = models.ForeignKey(
        FollowupPlan, null=True, blank=True, on_delete=models.SET_NULL, related_name="audit"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(
        pgettext_lazy("audit log", "action"), max_length=12, choices=Action.choices
    )
    summary = models.CharField(_("what"), max_length=500)
    detail = models.JSONField(default=dict, blank=True)
    at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("audit log entry")
        verbose_name_plural = _("audit log")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action}: {self.summary}"
