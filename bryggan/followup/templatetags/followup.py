"""Show report figures: numbers in the reader's language, ".." for suppressed, "–" for none."""

from typing import Any

from django import template
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from bryggan.lib.suppression import SUPPRESSED

register = template.Library()


def _suppressed() -> SafeString:
    return format_html(
        '<abbr class="suppressed" title="{}">..</abbr>', _("Suppressed: too few subjects")
    )


@register.filter
def fig(value: Any, decimals: int = 1) -> Any:
    """Format a report figure."""
    if value == SUPPRESSED:
        return _suppressed()
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return number_format(value, force_grouping=True)
    if isinstance(value, float):
        return number_format(value, decimal_pos=decimals, force_grouping=True)
    return value


@register.filter
def pct(value: Any) -> Any:
    """Format a share in per cent."""
    if value == SUPPRESSED:
        return _suppressed()
    if value is None:
        return "–"
    return f"{number_format(value, decimal_pos=0)} %"


@register.filter
def answer(value: Any) -> str:
    """Show a stored answer: lists joined, nothing as a dash."""
    if value is None:
        return "–"
    if isinstance(value, list):
        return "; ".join(str(v) for v in value) or "–"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
