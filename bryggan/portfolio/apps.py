from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from bryggan.core.apps import NavItem


class PortfolioConfig(AppConfig):
    name = "bryggan.portfolio"
    label = "portfolio"
    verbose_name = _("R&D portfolio")
    nav_items = [
        NavItem(_("Projects"), "portfolio:projects"),
        NavItem(_("PhD students"), "portfolio:research_schools"),
        NavItem(_("Education"), "portfolio:education", audience="internal"),
    ]

    def ready(self) -> None:
        from bryggan.cycle.registry import register
        from bryggan.portfolio.models import Project

        register(Project, stage="project", search_fields=["title", "short_title"])
