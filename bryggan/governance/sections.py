"""Sections that other apps add to the partnership overview (governance depends on none of them).

An app registers from its AppConfig.ready():

    from bryggan.governance.sections import register_section
    register_section("portfolio/_partnership_projects.html", projects_context)

`context(partnership, user, year)` returns the template's context, or None to leave it out.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Context = Callable[[Any, Any, int], dict[str, Any] | None]

_SECTIONS: dict[str, Context] = {}


def register_section(template: str, context: Context) -> None:
    """Show `template` on every partnership overview, with the context `context` gives."""
    _SECTIONS[template] = context


def overview_sections(partnership: Any, user: Any, year: int) -> list[dict[str, Any]]:
    """Return the registered sections for one overview, each as {"template", "context"}."""
    found = []
    for template, context in _SECTIONS.items():
        values = context(partnership, user, year)
        if values is not None:
            found.append({"template": template, "context": values})
    return found
