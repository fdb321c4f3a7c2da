from datetime import time

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from bryggan.core.apps import NavItem


class PodcastConfig(AppConfig):
    name = "bryggan.podcast"
    label = "podcast"
    verbose_name = _("Research podcast")
    nav_items = [NavItem(_("Podcast"), "podcast:index")]

    def ready(self) -> None:
        from bryggan.core import schedule
        from bryggan.cycle.registry import register
        from bryggan.podcast import tasks
        from bryggan.podcast.models import Episode

        register(Episode, stage="dissemination", search_fields=["title", "description"])
        schedule.register("podcast.listening_prune", tasks.listening_prune, at=time(0, 5))
