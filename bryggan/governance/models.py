"""Partnerships: the collaborations that Bryggan serves, their parties and priority areas."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from bryggan.core.models import BilingualName, VisibleContent
from bryggan.people.models import Organisation
from bryggan.taxonomy.models import PriorityArea


class Partnership(BilingualName, VisibleContent):
    """A collaboration between social services and academia, or a regional support structure."""

    class Kind(models.TextChoices):
        REGIONAL = "regional", _("Regional support structure")
        COLLABORATION = "collaboration", _("Collaboration between practice and academia")
        PROJECT = "project", _("Funded development project")

    slug = models.SlugField(unique=True)
    short_name = models.CharField(_("short name"), max_length=40, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    description = models.TextField(_("description"), blank=True)
    start = models.DateField(_("from"), null=True, blank=True)
    end = models.DateField(_("until"), null=True, blank=True)
    priority_areas = models.ManyToManyField(
        PriorityArea, blank=True, related_name="partnerships", verbose_name=_("priority areas")
    )
    archived = models.BooleanField(_("archived"), default=False)

    class Meta:
        ordering = ["name_sv"]
        verbose_name = _("partnership")
        verbose_name_plural = _("partnerships")

    def get_absolute_url(self) -> str:
        return reverse("governance:partnership", args=[self.slug])

    def clean(self) -> None:
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": _("The partnership cannot end before it starts.")})


class Party(models.Model):
    """An organisation taking part in a partnership, with the mission it defined."""

    class Role(models.TextChoices):
        OWNER = "owner", _("Owner")
        PRACTICE = "practice", _("Practice partner")
        ACADEMIC = "academic", _("Academic partner")
        FUNDER = "funder", _("Funder")
        SUPPORT = "support", _("Regional support")

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="parties")
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="parties",
        verbose_name=_("organisation"),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    mission = models.TextField(_("mission defined by the party"), blank=True)
    joined = models.DateField(_("joined"), null=True, blank=True)
    left = models.DateField(_("left"), null=True, blank=True)

    class Meta:
        ordering = ["organisation__name_sv"]
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "organisation"], name="one_party_per_organisation"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.get_role_display()})"
