"""The search page: one box, ranked hits with snippets, facets as filters, pages."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from bryggan.search import queries
from bryggan.search.forms import SearchForm

FACET_TITLES = {
    "kind": _("Type"),
    "area": _("Priority area"),
    "topic": _("Topic"),
    "year": _("Year"),
    "language": _("Language"),
}
FACETS_SHOWN = 8  # more values wait behind "show more"


def _url(params: QueryDict, **changes: Any) -> str:
    """Return `?…` for the current parameters with some changed (and the page reset)."""
    query = params.copy()
    query.pop("page", None)
    for name, value in changes.items():
        if value is None:
            query.pop(name, None)
        else:
            query.setlist(name, value if isinstance(value, list) else [value])
    return "?" + query.urlencode()


def _toggle(params: QueryDict, name: str, value: str) -> str:
    values = params.getlist(name)
    chosen = [v for v in values if v != value] if value in values else [*values, value]
    return _url(params, **{name: chosen or None})


@require_GET
def search_page(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET)
    q = form.query_text()
    result = queries.search(
        user=request.user,
        q=q,
        selection=form.selection(),
        page=form.page_number(),
        newest_first=form.newest_first(),
    )
    params = request.GET
    facets = []
    for name, title in FACET_TITLES.items():
        values = result.facets.get(name, [])
        if not values:
            continue
        facets.append(
            {
                "name": name,
                "title": title,
                "values": [{"value": v, "url": _toggle(params, name, v.value)} for v in values],
                "shown": FACETS_SHOWN,
            }
        )
    chosen = [
        {"title": FACET_TITLES[v_name], "label": v.label, "url": _toggle(params, v_name, v.value)}
        for v_name in FACET_TITLES
        for v in result.facets.get(v_name, [])
        if v.selected
    ]
    pages = {}
    if result.page > 1:
        pages["previous"] = _url(params, page=str(result.page - 1))
    if result.page < result.pages:
        pages["next"] = _url(params, page=str(result.page + 1))
    hidden = [
        (name, value)
        for name in ("kind", "year", "language", "topic", "area")
        for value in params.getlist(name)
    ]
    return render(
        request,
        "search/search.html",
        {
            "form": form,
            "q": q,
            "result": result,
            "facets": facets,
            "chosen": chosen,
            "pages": pages,
            "hidden": hidden,
            "sort": "newest" if form.newest_first() else "relevance",
            "clear_url": "?" + urlencode({"q": q}),
            "first_rank": (result.page - 1) * result.page_size + 1,
        },
    )
