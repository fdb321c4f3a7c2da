from dataclasses import dataclass

from django.apps import AppConfig
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class NavItem:
    """One entry in the main navigation; `audience` is "public", "internal" or "staff".

    `section` names the menu section (bryggan/core/navigation.py); by default the app's own.
    """

    label: str | Promise
    url_name: str
    audience: str = "public"
    section: str | None = None


class CoreConfig(AppConfig):
    name = "bryggan.core"
    label = "core"
    verbose_name = _("Core")
    nav_items = [NavItem(_("Home"), "home")]

    def ready(self) -> None:
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from bryggan.core import checks  # noqa: F401  (registers system checks)
        from bryggan.core.cache import content_changed

        # Cache invalidation only: any write makes cached public pages stale (no business logic here).
        for signal in (post_save, post_delete, m2m_changed):
            signal.connect(content_changed, dispatch_uid=f"bryggan-cache-{id(signal)}")
