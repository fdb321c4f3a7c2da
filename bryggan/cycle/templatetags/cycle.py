from typing import Any

from django import template
from django.db.models import Model

from bryggan.core import access
from bryggan.cycle.queries import linked

register = template.Library()


@register.inclusion_tag("cycle/_links.html", takes_context=True)
def cycle_links(context: dict[str, Any], obj: Model, heading_level: int = 2) -> dict[str, Any]:
    """Render what `obj` is linked to in the knowledge cycle, with a manage link for coordinators."""
    user = context["request"].user
    return {
        "obj": obj,
        "key": obj._meta.label_lower,
        "groups": linked(obj, user),
        "can_manage": access.is_coordinator(user),
        "h": heading_level,
    }


@register.filter
def model_key(obj: Model) -> str:
    """Return "app_label.model" for a record, as used in link URLs."""
    return obj._meta.label_lower
