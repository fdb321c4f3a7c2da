"""Which kinds of record the site search finds, and how each becomes a search document.

Every app declares its searchable models in its own `search_kinds.py`, whose `register()` the
search app calls when Django is ready (`discover`); the apps that came before search have theirs
in bryggan/search/kinds.py:

    from bryggan.search.registry import Document, register

    def episode_document(episode: Episode) -> Document | None:
        if not episode.is_published:
            return None  # not in the index (yet)
        return Document(title=episode.title, body=..., url=episode.get_absolute_url(), ...)

    register(
        Episode,
        kind="episode",
        label=_("Podcast episode"),
        document=episode_document,
        queryset=lambda: Episode.objects.select_related("show").prefetch_related("topics"),
    )

The index follows every save and delete of a registered model (see signals.py); `depends_on`
names other models whose changes alter these documents, and `changed_since` lets writes that
bypass signals (bulk_create, raw SQL, QuerySet.update) be caught up by the periodic job.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from importlib import import_module
from typing import Any

from django.apps import apps
from django.db.models import Model, Q, QuerySet
from django.utils.functional import Promise

from bryggan.core.models import Visibility


@dataclass
class Document:
    """What the search index keeps of one record: text, facets and who may see it."""

    title: str
    url: str
    body: str = ""  # the text snippets are cut from: a description, abstract or transcript
    # Further words that should find the record but make poor snippets: names of topics,
    # organisations and speakers, kind labels in both languages.
    keywords: str = ""
    language: str = "sv"  # ISO 639-1 code of the text
    year: int | None = None
    date: datetime | None = None
    topics: Sequence[int] = ()  # taxonomy.Topic ids
    priority_areas: Sequence[int] = ()  # taxonomy.PriorityArea ids
    visibility: str = Visibility.PUBLIC
    # Who may see a restricted document: principal keys such as "user:12", "role:coordinator"
    # or a kind's own key ("arenas.series:5", handed out by that kind's `principals`).
    allowed: Iterable[str] = ()
    kind: str = ""  # defaults to the registered kind; may be another kind registered with it


@dataclass(frozen=True)
class Kind:
    model: type[Model]
    kind: str
    label: str | Promise
    document: Callable[[Any], Document | None]
    queryset: Callable[[], QuerySet]
    depends_on: dict[type[Model], Callable[[Any], Iterable[Any]]] = field(default_factory=dict)
    changed_since: Callable[[datetime], Q] | None = None
    principals: Callable[[Any], Iterable[str]] | None = None
    subkinds: dict[str, str | Promise] = field(default_factory=dict)

    @property
    def model_key(self) -> str:
        return self.model._meta.label_lower


_KINDS: dict[str, Kind] = {}  # by model label ("arenas.event")
_LABELS: dict[str, str | Promise] = {}  # kind code -> label, including subkinds
_DEPENDENTS: dict[str, list[tuple[Kind, Callable[[Any], Iterable[Any]]]]] = {}


def register(
    model: type[Model],
    *,
    kind: str,
    label: str | Promise,
    document: Callable[[Any], Document | None],
    queryset: Callable[[], QuerySet] | None = None,
    depends_on: dict[type[Model], Callable[[Any], Iterable[Any]]] | None = None,
    changed_since: Callable[[datetime], Q] | None = None,
    principals: Callable[[Any], Iterable[str]] | None = None,
    subkinds: dict[str, str | Promise] | None = None,
) -> None:
    """Make records of `model` searchable as `kind`.

    `document(obj)` returns the Document (or None to keep the object out of the index);
    `queryset()` lists the objects to index, with the joins `document` needs; `depends_on` maps
    another model to a function that returns the objects of `model` whose documents its change
    alters; `changed_since(moment)` returns the filter for objects written since then (by paths that
    send no signals, such as bulk_create); `principals(user)` returns the principal keys a user holds for this kind's
    restricted documents; `subkinds` are further kind codes `document` may set on a Document.
    """
    entry = Kind(
        model=model,
        kind=kind,
        label=label,
        document=document,
        queryset=queryset or (lambda: model._default_manager.all()),
        depends_on=dict(depends_on or {}),
        changed_since=changed_since,
        principals=principals,
        subkinds=dict(subkinds or {}),
    )
    _KINDS[entry.model_key] = entry
    _LABELS[kind] = label
    _LABELS.update(entry.subkinds)
    for other, affected in entry.depends_on.items():
        _DEPENDENTS.setdefault(other._meta.label_lower, []).append((entry, affected))


MODULE = "search_kinds"


def discover() -> list[str]:
    """Call `register()` of every installed app's search_kinds.py; return the apps that have one."""
    from django.utils.module_loading import module_has_submodule

    found = []
    for config in apps.get_app_configs():
        if module_has_submodule(config.module, MODULE):
            import_module(f"{config.name}.{MODULE}").register()
            found.append(config.label)
    return found


def kinds() -> list[Kind]:
    return list(_KINDS.values())


def kind_for_model(model_key: str) -> Kind | None:
    return _KINDS.get(model_key)


def dependents(model_key: str) -> list[tuple[Kind, Callable[[Any], Iterable[Any]]]]:
    return _DEPENDENTS.get(model_key, [])


def kind_label(code: str) -> str:
    return str(_LABELS.get(code, code))


def kind_codes() -> list[str]:
    return list(_LABELS)
