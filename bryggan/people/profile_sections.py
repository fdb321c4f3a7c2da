"""Sections of a person's page that other apps fill: publications, projects, talks, episodes …

People does not import the other apps. An app (or a module that wires apps together, such as
bryggan/questions/sources.py) registers a section from its AppConfig.ready():

    from bryggan.people import profile_sections
    profile_sections.register("publications", _("Publications"), publications_of, order=10)

A source is called with the person and the viewer and returns the items the viewer may see; a
section without items is left out of the page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise

from bryggan.people.models import Person


@dataclass(frozen=True)
class Item:
    title: str
    url: str = ""
    detail: str = ""


@dataclass
class Section:
    key: str
    heading: str | Promise
    items: list[Item] = field(default_factory=list)


SectionSource = Callable[[Person, Any], list[Item]]


@dataclass(frozen=True)
class _Registered:
    heading: str | Promise
    source: SectionSource
    order: int


_SECTIONS: dict[str, _Registered] = {}


def register(key: str, heading: str | Promise, source: SectionSource, *, order: int = 50) -> None:
    """Add (or replace) a section of the person page."""
    _SECTIONS[key] = _Registered(heading, source, order)


def registered() -> list[str]:
    return [key for key, _r in sorted(_SECTIONS.items(), key=lambda kv: (kv[1].order, kv[0]))]


def sections_for(person: Person, user: Any) -> list[Section]:
    """The sections that have something the viewer may see, in their order."""
    found = []
    for key in registered():
        entry = _SECTIONS[key]
        items = entry.source(person, user)
        if items:
            found.append(Section(key, entry.heading, items))
    return found
