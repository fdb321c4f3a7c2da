from typing import Any

from django.conf import settings
from django.http import HttpRequest

from bryggan.core import access
from bryggan.core.navigation import navigation


def site(request: HttpRequest) -> dict[str, Any]:
    """Give every template the navigation the visitor may use."""
    return {
        **navigation(request),
        "site_url": settings.SITE_URL,
        "is_coordinator": access.is_coordinator(request.user),
        "is_partnership_staff": access.is_partnership_staff(request.user),
    }
