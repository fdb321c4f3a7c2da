from dataclasses import dataclass

from django.apps import AppConfig
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class NavItem:
    """One entry in the main navigation; `audience` is "public", "internal" or "staff"."""

    label: str | Promise
    url_name: str
    audience: str = "public"


class CoreConfig(AppConfig):
    name = "bryggan.core"
    label = "core"
    verbose_name = _("Core")
    nav_items = [NavItem(_("Home"), "home")]

    def ready(self) -> None:
        from bryggan.core import checks  # noqa: F401  (registers system checks)
