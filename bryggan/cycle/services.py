"""Add and remove knowledge-cycle links."""

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils.translation import gettext as _

from bryggan.cycle.models import Link
from bryggan.cycle.registry import node_for


def _ends(a: Model, b: Model) -> tuple[tuple[ContentType, int], tuple[ContentType, int]]:
    for obj in (a, b):
        if node_for(obj) is None:
            raise ValidationError(_("Records of this kind cannot be linked."))
        if obj.pk is None:
            raise ValidationError(_("Save the record before linking it."))
    ends = sorted(
        [
            (ContentType.objects.get_for_model(a), a.pk),
            (ContentType.objects.get_for_model(b), b.pk),
        ],
        key=lambda end: (end[0].pk, end[1]),
    )
    if ends[0] == ends[1]:
        raise ValidationError(_("A record cannot be linked to itself."))
    return ends[0], ends[1]


@transaction.atomic
def link_add(*, a: Model, b: Model, user: Any = None, note: str = "") -> Link:
    """Link two records (once; linking again returns the existing link)."""
    (a_type, a_id), (b_type, b_id) = _ends(a, b)
    link, _created = Link.objects.get_or_create(
        a_type=a_type,
        a_id=a_id,
        b_type=b_type,
        b_id=b_id,
        defaults={"created_by": user if user and user.is_authenticated else None, "note": note},
    )
    return link


@transaction.atomic
def link_remove(*, a: Model, b: Model) -> bool:
    """Remove the link between two records; return whether there was one."""
    (a_type, a_id), (b_type, b_id) = _ends(a, b)
    deleted, _rows = Link.objects.filter(
        a_type=a_type, a_id=a_id, b_type=b_type, b_id=b_id
    ).delete()
    return deleted > 0
