from datetime import time

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from bryggan.core.apps import NavItem


class GovernanceConfig(AppConfig):
    name = "bryggan.governance"
    label = "governance"
    verbose_name = _("Partnerships and governance")
    nav_items = [
        NavItem(_("Partnerships"), "governance:partnerships"),
        NavItem(_("Governance"), "governance:index"),
    ]

    def ready(self) -> None:
        from bryggan.core import schedule
        from bryggan.cycle.registry import register
        from bryggan.governance.models import ActionItem, Agreement, Body, Decision, Meeting
        from bryggan.governance.tasks import send_agreement_reminders

        schedule.register(
            "governance.send_agreement_reminders", send_agreement_reminders, at=time(7, 15)
        )
        register(Body, stage="governance", search_fields=["name_sv", "name_en"])
        register(Meeting, stage="governance", search_fields=["title", "body__name_sv"])
        register(Decision, stage="governance", search_fields=["reference", "title"])
        register(Agreement, stage="governance", search_fields=["title"])
        register(ActionItem, stage="action", search_fields=["title"])
