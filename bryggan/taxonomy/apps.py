from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from bryggan.core.apps import NavItem


class TaxonomyConfig(AppConfig):
    name = "bryggan.taxonomy"
    label = "taxonomy"
    verbose_name = _("Priority areas and topics")
    nav_items = [NavItem(_("Areas and topics"), "taxonomy:index")]
