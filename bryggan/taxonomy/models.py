"""One shared taxonomy: research subjects (SSIF), priority areas and topics."""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from bryggan.core.models import BilingualName


class SubjectCode(BilingualName):
    """A code of the Swedish standard for fields of research (SSIF), e.g. 50402 Social work."""

    code = models.CharField(_("code"), max_length=5, unique=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("research subject (SSIF)")
        verbose_name_plural = _("research subjects (SSIF)")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class PriorityArea(BilingualName):
    """A priority area set by the owners of a partnership; records across Bryggan are tagged with it."""

    slug = models.SlugField(unique=True)
    description = models.TextField(_("description"), blank=True)
    archived = models.BooleanField(_("archived"), default=False)

    class Meta:
        ordering = ["name_sv"]
        verbose_name = _("priority area")
        verbose_name_plural = _("priority areas")

    def get_absolute_url(self) -> str:
        return reverse("taxonomy:area", args=[self.slug])


class Topic(BilingualName):
    """A topic, method or target group that people's expertise and records are tagged with."""

    class Kind(models.TextChoices):
        TOPIC = "topic", _("Topic")
        METHOD = "method", _("Method")
        TARGET_GROUP = "target_group", _("Target group")

    slug = models.SlugField(unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.TOPIC)
    subject_codes = models.ManyToManyField(
        SubjectCode, blank=True, related_name="topics", verbose_name=_("research subjects")
    )

    class Meta:
        ordering = ["name_sv"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")

    def get_absolute_url(self) -> str:
        return reverse("taxonomy:topic", args=[self.slug])


class Tagged(models.Model):
    """Records of every capability are tagged with priority areas and topics through this."""

    priority_areas = models.ManyToManyField(
        PriorityArea,
        blank=True,
        related_name="%(app_label)s_%(class)s_set",
        verbose_name=_("priority areas"),
    )
    topics = models.ManyToManyField(
        Topic, blank=True, related_name="%(app_label)s_%(class)s_set", verbose_name=_("topics")
    )

    class Meta:
        abstract = True
