"""A system check: the suppression minimum may never be set below 3."""

from typing import Any

from django.conf import settings
from django.core.checks import Error, register

from bryggan.lib.suppression import FLOOR


@register()
def suppression_minimum(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    value = getattr(settings, "BRYGGAN_SUPPRESSION_MINIMUM", 5)
    if value < FLOOR:
        return [
            Error(
                f"BRYGGAN_SUPPRESSION_MINIMUM is {value}; it can never be below {FLOOR}.",
                hint="Set BRYGGAN_SUPPRESSION_MINIMUM to 3 or more (the default is 5).",
                id="followup.E001",
            )
        ]
    return []
