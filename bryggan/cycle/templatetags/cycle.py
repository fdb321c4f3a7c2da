from typing import Any

from django import template
from django.apps import apps
from django.db.models import Model
from django.urls import reverse

from bryggan.core import access
from bryggan.cycle.queries import linked
from bryggan.cycle.registry import node_for

register = template.Library()


@register.inclusion_tag("cycle/_links.html", takes_context=True)
def cycle_links(context: dict[str, Any], obj: Model, heading_level: int = 2) -> dict[str, Any]:
    """Render what `obj` is linked to in the knowledge cycle, with a manage link for coordinators."""
    user = context["request"].user
    key = obj._meta.label_lower
    return {
        "obj": obj,
        "key": key,
        "timeline_url": _timeline_url(obj),
        "groups": linked(obj, user),
        "can_manage": access.is_coordinator(user),
        "h": heading_level,
    }


def _timeline_url(obj: Model) -> str:
    """The record's knowledge cycle as a timeline, when Insight is installed (it draws it)."""
    if not apps.is_installed("bryggan.insight") or node_for(obj) is None:
        return ""
    return reverse("insight:timeline", args=[obj._meta.label_lower, obj.pk])


@register.filter
def model_key(obj: Model) -> str:
    """Return "app_label.model" for a record, as used in link URLs."""
    return obj._meta.label_lower
