"""Building blocks shared by every app: visibility, bilingual names, site state."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import models
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from bryggan.people.models import User


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Public")
    INTERNAL = "internal", _("Partnership staff")
    RESTRICTED = "restricted", _("Members only")


class VisibleQuerySet(models.QuerySet):
    """Filter content by who may see it; the rules live in bryggan.core.access."""

    def visible_to(self, user: User | AnonymousUser) -> VisibleQuerySet:
        from bryggan.core import access

        return self.filter(access.visibility_q(user, self.model))


class VisibleContent(models.Model):
    """Content that is public, internal to partnership staff, or restricted to members."""

    visibility = models.CharField(
        _("visibility"), max_length=12, choices=Visibility.choices, default=Visibility.INTERNAL
    )

    objects = VisibleQuerySet.as_manager()

    class Meta:
        abstract = True

    @classmethod
    def restricted_q(cls, user: User) -> Q:
        """Return the condition under which `user` is a member of restricted content."""
        return Q(pk__in=[])


class BilingualName(models.Model):
    """A name in Swedish and English; `name` follows the active language."""

    name_sv = models.CharField(_("name (Swedish)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        if translation.get_language() == "en" and self.name_en:
            return self.name_en
        return self.name_sv


class SiteState(models.Model):
    """Key/value facts about this installation (e.g. that it holds demo data)."""

    key = models.CharField(max_length=100, unique=True)
    value = models.JSONField(default=dict)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return self.key

    @classmethod
    def get(cls, key: str, default: Any = None) -> Any:
        row = cls.objects.filter(key=key).first()
        return row.value if row else default

    @classmethod
    def put(cls, key: str, value: Any) -> None:
        cls.objects.update_or_create(key=key, defaults={"value": value})


class ScheduledRun(models.Model):
    """When a periodic job was last enqueued, so a restarted scheduler never runs it twice."""

    job = models.CharField(max_length=200, unique=True)
    last_enqueued_at = models.DateTimeField()

    def __str__(self) -> str:
        return self.job
