"""Links between records of different apps: the edges of the knowledge cycle.

A link joins two registered records (see registry.py) and has no direction: it is stored with
its ends in a canonical order so that each pair is stored once. Use services.link_add/link_remove
to change links and queries.linked()/linked_ids() to read them.
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class Link(models.Model):
    a_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    a_id = models.PositiveBigIntegerField()
    b_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    b_id = models.PositiveBigIntegerField()
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("link")
        verbose_name_plural = _("links")
        constraints = [
            models.UniqueConstraint(fields=["a_type", "a_id", "b_type", "b_id"], name="link_once"),
            models.CheckConstraint(
                condition=Q(a_type__lt=F("b_type"))
                | (Q(a_type=F("b_type")) & Q(a_id__lt=F("b_id"))),
                name="link_canonical_order",
            ),
        ]
        indexes = [models.Index(fields=["b_type", "b_id"])]

    def __str__(self) -> str:
        return f"{self.a_type_id}:{self.a_id} – {self.b_type_id}:{self.b_id}"
