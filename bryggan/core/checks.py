"""System checks that stop an unsafe production deployment from starting."""

from typing import Any

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured


@checks.register("bryggan")
def production_settings(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """In production, refuse DEBUG, the default secret key and an empty ALLOWED_HOSTS."""
    if settings.BRYGGAN_ENV != "production":
        return []
    errors: list[checks.CheckMessage] = []
    if settings.DEBUG:
        errors.append(
            checks.Error("DEBUG is on in production.", hint="Unset DEBUG.", id="bryggan.E001")
        )
    if settings.SECRET_KEY == settings.DEFAULT_SECRET_KEY or len(settings.SECRET_KEY) < 32:
        errors.append(
            checks.Error(
                "SECRET_KEY is the development default or too short.",
                hint="Set SECRET_KEY (or SECRET_KEY_FILE) to 50 random characters.",
                id="bryggan.E002",
            )
        )
    if not settings.ALLOWED_HOSTS:
        errors.append(
            checks.Error(
                "ALLOWED_HOSTS is empty.",
                hint="Set ALLOWED_HOSTS=bryggan.example.org",
                id="bryggan.E003",
            )
        )
    return errors


@checks.register("bryggan")
def shared_cache(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """In production, warn when the cache lives inside each process."""
    backend = settings.CACHES["default"]["BACKEND"]
    if settings.BRYGGAN_ENV != "production" or not backend.endswith("LocMemCache"):
        return []
    # Each worker would keep its own page cache and login counters: an edit made through one
    # worker would leave other workers serving the old page until it expires, and lockout
    # after failed logins would be counted per worker.
    return [
        checks.Warning(
            "The cache is local to each process.",
            hint="Set REDIS_URL so that all web workers and the task worker share one cache.",
            id="bryggan.W001",
        )
    ]


def refuse_unsafe_production() -> None:
    """Raise at start-up when a production check fails (WSGI servers skip system checks)."""
    errors = production_settings()
    if errors:
        raise ImproperlyConfigured("; ".join(f"{e.id}: {e.msg}" for e in errors))
