"""Annual activity reports (verksamhetsberättelser) and activity plans (verksamhetsplaner).

A report is written by the partnership's coordinator for one year: narrative text, a section per
priority area and per party, and highlights. Its figures are computed from the data while it is a
draft; publishing freezes them in `snapshot`, so a published report (and the open data drawn from
it) never changes behind its readers' backs. A plan lists what the partnership intends to do in a
year — arenas, projects and goals — and the report for that year compares the outcome with it.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from bryggan.governance.models import Partnership
from bryggan.people.models import Organisation
from bryggan.taxonomy.models import PriorityArea

YEAR_VALIDATORS = [MinValueValidator(1990), MaxValueValidator(2200)]


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class Language(models.TextChoices):
    SWEDISH = "sv", _("Swedish")
    ENGLISH = "en", _("English")


class ActivityReportQuerySet(models.QuerySet):
    def published(self) -> ActivityReportQuerySet:
        return self.filter(status=Status.PUBLISHED)


class ActivityReport(models.Model):
    """The annual activity report of a partnership for one year."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="activity_reports"
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    introduction = models.TextField(_("introduction"), blank=True)
    outlook = models.TextField(_("looking ahead"), blank=True)
    narrative_language = models.CharField(
        _("language of the narrative"),
        max_length=2,
        choices=Language.choices,
        default=Language.SWEDISH,
    )
    snapshot = models.JSONField(default=dict, blank=True, editable=False)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ActivityReportQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "partnership__name_sv"]
        verbose_name = _("annual activity report")
        verbose_name_plural = _("annual activity reports")
        constraints = [
            models.UniqueConstraint(fields=["partnership", "year"], name="insight_report_once")
        ]

    def __str__(self) -> str:
        return f"{self.partnership} {self.year}"

    def get_absolute_url(self) -> str:
        return reverse("insight:report", args=[self.partnership.slug, self.year])

    @property
    def is_published(self) -> bool:
        return self.status == Status.PUBLISHED


class ReportSection(models.Model):
    """The coordinator's text about one priority area or one party in a report."""

    report = models.ForeignKey(ActivityReport, on_delete=models.CASCADE, related_name="sections")
    area = models.ForeignKey(
        PriorityArea, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    text = models.TextField(_("text"), blank=True)

    class Meta:
        verbose_name = _("report section")
        verbose_name_plural = _("report sections")
        constraints = [
            models.CheckConstraint(
                condition=(Q(area__isnull=False) & Q(organisation__isnull=True))
                | (Q(area__isnull=True) & Q(organisation__isnull=False)),
                name="insight_section_one_subject",
            ),
            models.UniqueConstraint(fields=["report", "area"], name="insight_section_area_once"),
            models.UniqueConstraint(
                fields=["report", "organisation"], name="insight_section_party_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.report}: {self.area or self.organisation}"


class Highlight(models.Model):
    """Something the coordinator wants readers to notice, optionally pointing at a record."""

    report = models.ForeignKey(ActivityReport, on_delete=models.CASCADE, related_name="highlights")
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("text"), blank=True)
    record_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    record_id = models.PositiveBigIntegerField(null=True, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("highlight")
        verbose_name_plural = _("highlights")

    def __str__(self) -> str:
        return self.title

    @property
    def record(self) -> models.Model | None:
        if self.record_type_id is None or self.record_id is None:
            return None
        model = self.record_type.model_class()  # type: ignore[union-attr]
        if model is None:
            return None
        return model._default_manager.filter(pk=self.record_id).first()


class ActivityPlanQuerySet(models.QuerySet):
    def published(self) -> ActivityPlanQuerySet:
        return self.filter(status=Status.PUBLISHED)


class ActivityPlan(models.Model):
    """What a partnership plans for one year: arenas, projects and goals."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="activity_plans"
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    introduction = models.TextField(_("introduction"), blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ActivityPlanQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "partnership__name_sv"]
        verbose_name = _("activity plan")
        verbose_name_plural = _("activity plans")
        constraints = [
            models.UniqueConstraint(fields=["partnership", "year"], name="insight_plan_once")
        ]

    def __str__(self) -> str:
        return f"{self.partnership} {self.year}"

    def get_absolute_url(self) -> str:
        return reverse("insight:plan", args=[self.partnership.slug, self.year])

    @property
    def is_published(self) -> bool:
        return self.status == Status.PUBLISHED


class PlannedItem(models.Model):
    """A planned arena, project or other activity, with its outcome once the year is over."""

    class Kind(models.TextChoices):
        ARENA = "arena", _("Arena")
        PROJECT = "project", _("Project")
        OTHER = "other", _("Other activity")

    class Outcome(models.TextChoices):
        UNKNOWN = "", _("Not followed up yet")
        DONE = "done", _("Carried out")
        PARTLY = "partly", _("Partly carried out")
        POSTPONED = "postponed", _("Postponed")
        NOT_DONE = "not_done", _("Not carried out")

    plan = models.ForeignKey(ActivityPlan, on_delete=models.CASCADE, related_name="items")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    when = models.CharField(_("when"), max_length=100, blank=True)
    area = models.ForeignKey(
        PriorityArea,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("priority area"),
    )
    outcome = models.CharField(
        _("outcome"), max_length=12, choices=Outcome.choices, default=Outcome.UNKNOWN, blank=True
    )
    outcome_note = models.TextField(_("note on the outcome"), blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["kind", "order", "pk"]
        verbose_name = _("planned activity")
        verbose_name_plural = _("planned activities")

    def __str__(self) -> str:
        return self.title


class Goal(models.Model):
    """A goal of the plan; with an indicator key and a target the report measures it."""

    plan = models.ForeignKey(ActivityPlan, on_delete=models.CASCADE, related_name="goals")
    text = models.CharField(_("goal"), max_length=300)
    indicator = models.CharField(_("figure that measures it"), max_length=100, blank=True)
    target = models.DecimalField(
        _("target"), max_digits=12, decimal_places=1, null=True, blank=True
    )
    area = models.ForeignKey(
        PriorityArea,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("priority area"),
    )
    outcome_note = models.TextField(_("note on the outcome"), blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("goal")
        verbose_name_plural = _("goals")

    def __str__(self) -> str:
        return self.text
