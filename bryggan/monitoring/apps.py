from datetime import time, timedelta

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from bryggan.core.apps import NavItem


class MonitoringConfig(AppConfig):
    name = "bryggan.monitoring"
    label = "monitoring"
    verbose_name = _("External monitoring")
    nav_items = [NavItem(_("New research"), "monitoring:index")]

    def ready(self) -> None:
        from bryggan.core import schedule
        from bryggan.cycle.registry import register
        from bryggan.monitoring import tasks
        from bryggan.monitoring.models import Record

        register(Record, stage="evidence", search_fields=["title"])

        schedule.register("monitoring.harvest_due", tasks.harvest_due, every=timedelta(hours=6))
        schedule.register("monitoring.digests", tasks.digests_send, at=time(6, 30))
