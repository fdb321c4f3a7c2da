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
        from bryggan.monitoring import tasks

        schedule.register("monitoring.harvest_due", tasks.harvest_due, every=timedelta(hours=6))
        schedule.register("monitoring.digests", tasks.digests_send, at=time(6, 30))
