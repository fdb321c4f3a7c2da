from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from bryggan.core.apps import NavItem

# Apps whose contributions Insight carries itself (their figures, kinds of knowledge and reach).
CONTRIB = ("people", "arenas", "monitoring")


class InsightConfig(AppConfig):
    name = "bryggan.insight"
    label = "insight"
    verbose_name = _("Insight")
    nav_items = [
        NavItem(_("Insight"), "insight:index", audience="internal"),
        NavItem(_("Annual reports"), "insight:reports"),
    ]

    def ready(self) -> None:
        from importlib import import_module

        from django.apps import apps
        from django.utils.module_loading import autodiscover_modules

        # Figures of the apps that were there before Insight live in insight/contrib/.
        for label in CONTRIB:
            if apps.is_installed(f"bryggan.{label}"):
                import_module(f"bryggan.insight.contrib.{label}")
        # Every other app contributes in its own insight.py, found like admin.py.
        autodiscover_modules("insight")
