from datetime import time

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from bryggan.core.apps import NavItem


class FollowupConfig(AppConfig):
    name = "bryggan.followup"
    label = "followup"
    verbose_name = _("Systematic follow-up")
    nav_items = [NavItem(_("Follow-up"), "followup:index", audience="internal")]

    def ready(self) -> None:
        from bryggan.core import schedule
        from bryggan.cycle.registry import register
        from bryggan.followup import checks  # noqa: F401  (registers the system check)
        from bryggan.followup.models import FollowupPlan, Instrument
        from bryggan.followup.tasks import clear_old_files

        register(FollowupPlan, stage="followup", search_fields=["title", "intervention"])
        register(Instrument, stage="followup", search_fields=["name"])
        schedule.register("followup.clear_old_files", clear_old_files, at=time(3, 30))
