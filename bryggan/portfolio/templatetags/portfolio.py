from typing import Any

from django import template
from django.utils.dateformat import format as date_format
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


def _day(value: Any) -> SafeString:
    if value is None:
        return mark_safe("…")
    return format_html(
        '<time datetime="{}">{}</time>', value.isoformat(), date_format(value, "j M Y")
    )


@register.filter
def period(obj: Any) -> SafeString:
    """Render the start–end period of a record (either end may be open); empty when neither is set."""
    if obj.start is None and obj.end is None:
        return mark_safe("")
    return format_html("{} – {}", _day(obj.start), _day(obj.end))
