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
        from bryggan.arenas.models import Action, Event, Series
        from bryggan.arenas.tasks import send_reminders
        from bryggan.core import schedule
        from bryggan.cycle.registry import register

        register(Series, stage="arena", search_fields=["title"])
        register(Event, stage="arena", search_fields=["title"])
        register(Action, stage="action", search_fields=["title"])

        schedule.register("arenas.send_reminders", send_reminders, at=time(7, 0))
