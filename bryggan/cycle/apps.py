from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CycleConfig(AppConfig):
    name = "bryggan.cycle"
    label = "cycle"
    verbose_name = _("Knowledge cycle")

    def ready(self) -> None:
        from bryggan.cycle.registry import register
        from bryggan.governance.models import Partnership
        from bryggan.people.models import Organisation

        register(Partnership, stage="governance", search_fields=["name_sv", "name_en"])
        register(Organisation, stage="other", search_fields=["name_sv", "name_en", "short_name"])
