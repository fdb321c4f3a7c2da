"""The navigation: apps declare entries (`nav_items`), core groups them into sections.

The main menu holds one entry per section, in the order of the knowledge cycle; the section of
the page being shown opens a second row with its entries. Sections and entries the visitor may
not use are left out, so there are never dead links.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from bryggan.core import access


@dataclass(frozen=True)
class Section:
    key: str
    label: str | Promise
    description: str | Promise


SECTIONS = [
    Section(
        "arenas",
        _("Arenas"),
        _(
            "Research seminars, managers' meetings and discussion groups: registration, "
            "attendance, minutes and what each arena decided to try in practice."
        ),
    ),
    Section(
        "knowledge",
        _("Knowledge"),
        _(
            "The research podcast, reports and publications, research in brief and new research "
            "from open sources."
        ),
    ),
    Section(
        "questions",
        _("Questions"),
        _(
            "Questions from practice, checked against what is known, prioritised and matched "
            "with researchers."
        ),
    ),
    Section(
        "followup",
        _("Follow-up"),
        _(
            "Systematic follow-up of interventions with pseudonymous measurements and reports "
            "that never reveal a client."
        ),
    ),
    Section(
        "rd",
        _("R&D and governance"),
        _(
            "Partnerships, steering groups and their decisions, R&D projects, PhD students and "
            "collaboration with education."
        ),
    ),
    Section(
        "insight",
        _("Insight"),
        _(
            "Honest figures on what the collaboration achieves, the knowledge cycle and the "
            "annual activity report."
        ),
    ),
    Section(
        "directory",
        _("Organisations and people"),
        _(
            "Organisations, people with their expertise, and the priority areas and topics "
            "everything is tagged with."
        ),
    ),
]

# Where each app's entries belong unless a NavItem names its section itself.
# Within a section, entries follow this order of apps.
APP_SECTIONS = {
    "arenas": "arenas",
    "library": "knowledge",
    "podcast": "knowledge",
    "monitoring": "knowledge",
    "questions": "questions",
    "followup": "followup",
    "portfolio": "rd",
    "governance": "rd",
    "insight": "insight",
    "people": "directory",
    "taxonomy": "directory",
}
APP_ORDER = {label: i for i, label in enumerate(APP_SECTIONS)}


@dataclass
class Entry:
    label: str | Promise
    url: str
    current: bool = False


@dataclass
class Group:
    section: Section
    entries: list[Entry] = field(default_factory=list)
    current: bool = False

    @property
    def url(self) -> str:
        return self.entries[0].url


def _section_of(config: Any, item: Any) -> str:
    return getattr(item, "section", None) or APP_SECTIONS.get(config.label, "directory")


def navigation(request: Any) -> dict[str, Any]:
    """Return the visitor's menu: sections with their entries, and which one is current."""
    groups = {s.key: Group(s) for s in SECTIONS}
    home = None
    configs = sorted(apps.get_app_configs(), key=lambda c: APP_ORDER.get(c.label, len(APP_ORDER)))
    for config in configs:
        for item in getattr(config, "nav_items", []):
            if not access.audience_allows(request.user, item.audience):
                continue
            entry = Entry(item.label, reverse(item.url_name))
            if entry.url == "/":
                home = entry
                continue
            groups[_section_of(config, item)].entries.append(entry)
    # The entry whose address is the longest start of the page's path is the current one.
    candidates = [
        (len(e.url), g, e)
        for g in groups.values()
        for e in g.entries
        if request.path.startswith(e.url)
    ]
    if candidates:
        _, group, entry = max(candidates, key=lambda c: c[0])
        group.current = entry.current = True
    elif home is not None and request.path == "/":
        home.current = True
    visible = [g for g in groups.values() if g.entries]
    current = next((g for g in visible if g.current), None)
    return {
        "nav_home": home,
        "nav_groups": visible,
        "nav_current": current,
        "nav": [e for g in visible for e in g.entries],
    }
