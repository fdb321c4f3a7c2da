from fractions import Fraction
from typing import Any

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def as_decimal(value: Fraction | float) -> str:
    """Show an exact score with two decimals in the active language's format."""
    return number_format(round(float(value), 2), 2)


@register.filter
def get_item(mapping: dict[str, Any], key: str) -> Any:
    return mapping.get(key, 0)
