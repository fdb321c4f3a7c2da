from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from bryggan.core.apps import NavItem


class PeopleConfig(AppConfig):
    name = "bryggan.people"
    label = "people"
    verbose_name = _("People and organisations")
    nav_items = [
        NavItem(_("Organisations"), "people:organisations"),
        NavItem(_("People"), "people:people"),
    ]
