from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from bryggan.core.apps import NavItem


class PortfolioConfig(AppConfig):
    name = "bryggan.portfolio"
    label = "portfolio"
    verbose_name = _("R&D portfolio")
    # One entry; the portfolio's own navigation leads on to PhD students, loans and education.
    nav_items = [NavItem(_("R&D projects"), "portfolio:projects")]

    def ready(self) -> None:
        from bryggan.cycle.registry import register
        from bryggan.governance.sections import register_section
        from bryggan.portfolio.models import Project
        from bryggan.portfolio.queries import partnership_section

        register(Project, stage="project", search_fields=["title", "short_title"])
        register_section("portfolio/_partnership_projects.html", partnership_section)
