from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from bryggan.core.apps import NavItem


class LibraryConfig(AppConfig):
    name = "bryggan.library"
    label = "library"
    verbose_name = _("Library")
    nav_items = [
        NavItem(_("Library"), "library:index"),
        NavItem(_("Research in brief"), "library:digests"),
    ]

    def ready(self) -> None:
        from bryggan.cycle.registry import register
        from bryggan.library.models import Digest, Publication

        register(Publication, stage="dissemination", search_fields=["title", "subtitle", "doi"])
        register(Digest, stage="dissemination", search_fields=["title"])
