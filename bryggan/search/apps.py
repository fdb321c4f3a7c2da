from datetime import timedelta

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "bryggan.search"
    label = "search"
    verbose_name = _("Search")

    def ready(self) -> None:
        from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete

        from bryggan.core import schedule
        from bryggan.search import signals, tasks
        from bryggan.search.kinds import register_installed
        from bryggan.search.registry import discover

        register_installed()
        # Every other app declares its kinds in its own search_kinds.py (docs/search.md).
        discover()
        # Index refresh only: note what changed; services derive the documents (signals.py says why).
        post_save.connect(signals.object_saved, dispatch_uid="bryggan-search-saved")
        pre_delete.connect(signals.object_deleting, dispatch_uid="bryggan-search-deleting")
        post_delete.connect(signals.object_deleted, dispatch_uid="bryggan-search-deleted")
        m2m_changed.connect(signals.relation_changed, dispatch_uid="bryggan-search-m2m")
        schedule.register("search.catch_up", tasks.catch_up, every=timedelta(minutes=10))
