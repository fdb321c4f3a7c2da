"""A page cache for anonymous visitors that any change to the content invalidates.

Public pages are the same for every anonymous visitor, so their rendered HTML is kept in the
cache under a key that includes a content version. Every save or delete of a model (except the
bookkeeping models listed in VOLATILE_APPS) bumps the version, so a cached page is never older
than the data it shows. Logged-in users, requests carrying messages and non-GET requests always
get a freshly rendered page.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils import translation

VERSION_KEY = "bryggan:content-version"
# Writes to these apps never change what a public page shows.
VOLATILE_APPS = {
    "sessions",
    "api",
    "django_tasks_db",
    "admin",
    "contenttypes",
    "account",
    "socialaccount",
}


def content_version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, 1, timeout=None)
        version = cache.get(VERSION_KEY, 1)
    return int(version)


def content_changed(sender: Any = None, **kwargs: Any) -> None:
    """Invalidate every cached public page (connected to post_save, post_delete and m2m_changed)."""
    if (
        sender is not None
        and getattr(sender, "_meta", None)
        and sender._meta.app_label in VOLATILE_APPS
    ):
        return
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 2, timeout=None)


def cached_fragment(name: str, build: Callable[[], Any]) -> Any:
    """Return `build()` cached until the content changes (for parts of pages that are the same for everyone)."""
    key = f"bryggan:fragment:{content_version()}:{translation.get_language()}:{name}"
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, settings.BRYGGAN_PAGE_CACHE_SECONDS)
    return value


def _cacheable(request: HttpRequest) -> bool:
    return (
        request.method == "GET"
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
        and not request.user.is_authenticated
    )


def public_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Serve anonymous GET requests of `view` from the cache while the content is unchanged."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not _cacheable(request):
            return view(request, *args, **kwargs)
        key = f"bryggan:page:{content_version()}:{translation.get_language()}:{request.get_full_path()}"
        hit = cache.get(key)
        if hit is not None:
            content, content_type = hit
            response = HttpResponse(content, content_type=content_type)
            response["X-Bryggan-Cache"] = "hit"
            return response
        response = view(request, *args, **kwargs)
        if hasattr(response, "render"):
            response = response.render()
        if response.status_code == 200 and not response.cookies and not response.streaming:
            cache.set(
                key,
                (response.content, response["Content-Type"]),
                settings.BRYGGAN_PAGE_CACHE_SECONDS,
            )
        return response

    return wrapped
