"""Reading the search index: the search function behind the page and the API, and suggestions.

Access rules are applied inside the database query: results, totals, facet counts and
suggestions only ever count documents the user may see (bryggan.core.access semantics).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.conf.locale import LANG_INFO
from django.utils.html import escape
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from bryggan.core import access
from bryggan.search import registry, signals
from bryggan.search.backends import get_backend
from bryggan.search.backends.base import FACETS, Filters, Scope
from bryggan.search.models import SearchDocument
from bryggan.search.text import MAX_QUERY_CHARS, MAX_TERMS, parse, prefix_words
from bryggan.taxonomy.models import PriorityArea, Topic

PAGE_SIZE = 20
MAX_PAGE_SIZE = 50
MAX_PAGES = 50
SUGGESTIONS = 8
HIT_FIELDS = ("id", "kind", "title", "url", "year", "language", "date")
MIN_SUGGEST_CHARS = 2


def principals_for(user: Any) -> tuple[str, ...]:
    """Return the principal keys that open restricted documents to `user`."""
    if not user.is_authenticated:
        return ()
    cached = getattr(user, "_bryggan_search_principals", None)
    if cached is None:
        keys = [f"user:{user.pk}", *(f"role:{role}" for role in sorted(access.roles_of(user)))]
        for kind in registry.kinds():
            if kind.principals is not None:
                keys += kind.principals(user)
        cached = tuple(dict.fromkeys(keys))
        user._bryggan_search_principals = cached
    return cached


def scope_for(user: Any) -> Scope:
    """Return what `user` may see, as the backends read it."""
    if access.is_platform_staff(user):
        return Scope(everything=True)
    return Scope(internal=access.is_partnership_staff(user), principals=principals_for(user))


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class Hit:
    id: int
    kind: str
    kind_label: str
    title: str
    title_html: str
    snippet_html: str
    url: str
    year: int | None
    language: str
    date: datetime | None


@dataclass
class SearchResult:
    query: str
    total: int = 0
    page: int = 1
    pages: int = 0
    page_size: int = PAGE_SIZE
    hits: list[Hit] = field(default_factory=list)
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)
    messages: list[str] = field(default_factory=list)
    searched: bool = False  # False when there was nothing to search for


@dataclass
class Selection:
    """Filters as the user gave them (codes and slugs), before they become ids."""

    kind: list[str] = field(default_factory=list)
    year: list[int] = field(default_factory=list)
    language: list[str] = field(default_factory=list)
    topic: list[str] = field(default_factory=list)
    area: list[str] = field(default_factory=list)

    def is_empty(self) -> bool:
        return not any(getattr(self, f) for f in FACETS)


def language_label(code: str) -> str:
    info = LANG_INFO.get(code)
    # Django's own catalogues translate the names of languages.
    return _(info["name"]) if info and "name" in info else code.upper()


def _slugs_to_ids(selection: Selection) -> tuple[list[int], list[int]]:
    """Return the ids of the chosen topics and areas; an unknown slug filters to nothing."""
    topics: list[int] = []
    areas: list[int] = []
    if selection.topic:
        topics = list(Topic.objects.filter(slug__in=selection.topic).values_list("pk", flat=True))
        topics += [-1] * (not topics)
    if selection.area:
        areas = list(
            PriorityArea.objects.filter(slug__in=selection.area).values_list("pk", flat=True)
        )
        areas += [-1] * (not areas)
    return topics, areas


def _labels(model: Any, ids: Iterable[int]) -> dict[int, tuple[str, str]]:
    """Return {id: (slug, name in the active language)} for the facet values found."""
    ids = list(ids)
    if not ids:
        return {}
    rows = model.objects.filter(pk__in=ids).values_list("pk", "slug", "name_sv", "name_en")
    english = get_language() == "en"
    return {
        pk: (slug, name_en if english and name_en else name_sv)
        for pk, slug, name_sv, name_en in rows
    }


def _facet_values(
    counts: dict[str, dict[Any, int]], selection: Selection
) -> dict[str, list[FacetValue]]:
    topics = _labels(Topic, counts["topic"])
    areas = _labels(PriorityArea, counts["area"])
    facets: dict[str, list[FacetValue]] = {}
    facets["kind"] = [
        FacetValue(code, registry.kind_label(code), n, code in selection.kind)
        for code, n in sorted(counts["kind"].items(), key=lambda kv: (-kv[1], kv[0]))
    ]
    facets["year"] = [
        FacetValue(str(year), str(year), n, year in selection.year)
        for year, n in sorted(counts["year"].items(), reverse=True)
    ]
    facets["language"] = [
        FacetValue(code, language_label(code), n, code in selection.language)
        for code, n in sorted(counts["language"].items(), key=lambda kv: (-kv[1], kv[0]))
    ]
    for name, table, chosen in (
        ("topic", topics, selection.topic),
        ("area", areas, selection.area),
    ):
        values = [
            FacetValue(table[pk][0], table[pk][1], n, table[pk][0] in chosen)
            for pk, n in counts[name].items()
            if pk in table
        ]
        facets[name] = sorted(values, key=lambda v: (-v.count, v.label))
    return facets


def search(
    *,
    user: Any,
    q: str,
    selection: Selection | None = None,
    page: int = 1,
    page_size: int = PAGE_SIZE,
    newest_first: bool = False,
) -> SearchResult:
    """Search what `user` may see: ranked hits with snippets, facet counts and messages."""
    selection = selection or Selection()
    query = parse(q)
    result = SearchResult(query=query.text, page_size=page_size)
    if query.truncated:
        result.messages.append(
            _(
                "Your search was long, so only its first %(chars)d characters and %(terms)d words "
                "were used."
            )
            % {"chars": MAX_QUERY_CHARS, "terms": MAX_TERMS}
        )
    if query.is_empty:
        if query.text:
            result.messages.append(
                _("Type at least one word to search for: very common words alone are not searched.")
            )
        return result
    signals.flush_quietly()
    topic_ids, area_ids = _slugs_to_ids(selection)
    page = max(1, min(page, MAX_PAGES))
    backend = get_backend()
    filters = Filters(
        kind=selection.kind,
        year=selection.year,
        language=selection.language,
        topic=topic_ids,
        area=area_ids,
    )
    hits = backend.search(
        query,
        scope_for(user),
        filters,
        limit=page_size,
        offset=(page - 1) * page_size,
        newest_first=newest_first,
    )
    result.searched = True
    result.total = hits.total
    result.pages = min(MAX_PAGES, math.ceil(hits.total / page_size))
    if hits.total and page > result.pages:
        # Past the last page: show the last one instead of an empty page.
        return search(
            user=user,
            q=q,
            selection=selection,
            page=result.pages,
            page_size=page_size,
            newest_first=newest_first,
        )
    result.page = page
    result.facets = _facet_values(hits.facets, selection)
    documents = {
        row["id"]: row for row in SearchDocument.objects.filter(pk__in=hits.ids).values(*HIT_FIELDS)
    }
    marked = backend.highlights(query, hits.ids)
    for pk in hits.ids:
        doc = documents.get(pk)
        if doc is None:
            continue
        title_html, snippet_html = marked.get(pk, (escape(doc["title"]), ""))
        result.hits.append(
            Hit(
                title_html=title_html,
                snippet_html=snippet_html,
                kind_label=registry.kind_label(doc["kind"]),
                **doc,
            )
        )
    return result


@dataclass
class Suggestion:
    title: str
    url: str
    kind: str
    kind_label: str


def suggest(*, user: Any, q: str, limit: int = SUGGESTIONS) -> list[Suggestion]:
    """Return titles of documents `user` may see whose words start with what was typed."""
    typed = prefix_words(q)
    if not typed or sum(len(w) for w in typed) < MIN_SUGGEST_CHARS:
        return []
    signals.flush_quietly()
    ids = get_backend().suggest(typed, scope_for(user), max(1, min(limit, 20)))
    documents = {
        row["id"]: row
        for row in SearchDocument.objects.filter(pk__in=ids).values("id", "title", "url", "kind")
    }
    return [
        Suggestion(d["title"], d["url"], d["kind"], registry.kind_label(d["kind"]))
        for d in (documents.get(pk) for pk in ids)
        if d is not None
    ]


def parse_years(values: Iterable[str]) -> list[int]:
    years = []
    for value in values:
        try:
            year = int(value)
        except (TypeError, ValueError):
            continue
        if 0 < year < 10000:
            years.append(year)
    return years
