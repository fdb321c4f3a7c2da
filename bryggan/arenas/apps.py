from datetime import time

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from bryggan.core.apps import NavItem


class ArenasConfig(AppConfig):
    name = "bryggan.arenas"
    label = "arenas"
    verbose_name = _("Learning arenas")
    nav_items = [
        NavItem(_("Seminars and groups"), "arenas:upcoming"),
        NavItem(_("My events"), "arenas:mine", audience="internal"),
    ]

    def ready(self) -> None:
        from bryggan.arenas.tasks import send_reminders
        from bryggan.core import schedule

        schedule.register("arenas.send_reminders", send_reminders, at=time(7, 0))
