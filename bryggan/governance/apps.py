from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from bryggan.core.apps import NavItem


class GovernanceConfig(AppConfig):
    name = "bryggan.governance"
    label = "governance"
    verbose_name = _("Partnerships and governance")
    nav_items = [NavItem(_("Partnerships"), "governance:partnerships")]
