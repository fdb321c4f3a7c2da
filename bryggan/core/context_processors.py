from typing import Any

from django.apps import apps
from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse

from bryggan.core import access


def site(request: HttpRequest) -> dict[str, Any]:
    """Give every template the navigation the visitor may use."""
    nav = []
    for config in apps.get_app_configs():
        for item in getattr(config, "nav_items", []):
            if access.audience_allows(request.user, item.audience):
                url = reverse(item.url_name)
                current = request.path == url if url == "/" else request.path.startswith(url)
                nav.append({"label": item.label, "url": url, "current": current})
    return {
        "nav": nav,
        "site_url": settings.SITE_URL,
        "is_coordinator": access.is_coordinator(request.user),
        "is_partnership_staff": access.is_partnership_staff(request.user),
    }
