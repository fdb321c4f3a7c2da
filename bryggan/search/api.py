"""JSON API for site search, with the same access rules as the search page."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from bryggan.search import queries
from bryggan.search.forms import MAX_FILTER_VALUES, MAX_INPUT_CHARS
from bryggan.search.queries import MAX_PAGE_SIZE, PAGE_SIZE, Selection

router = Router(tags=["search"])


class SearchParams(Schema):
    q: str = Field("", description='What to search for: words, "a phrase", OR, -excluded.')
    kind: list[str] = Field([], max_length=MAX_FILTER_VALUES)
    year: list[int] = Field([], max_length=MAX_FILTER_VALUES)
    language: list[str] = Field([], max_length=MAX_FILTER_VALUES)
    topic: list[str] = Field([], max_length=MAX_FILTER_VALUES, description="Topic slugs.")
    area: list[str] = Field([], max_length=MAX_FILTER_VALUES, description="Priority area slugs.")
    page: int = Field(1, ge=1, le=10_000)
    page_size: int = Field(PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE)
    sort: Literal["relevance", "newest"] = "relevance"


class HitOut(Schema):
    kind: str
    kind_label: str
    title: str
    title_html: str = Field(..., description="The title with matched words in <mark>; escaped.")
    snippet_html: str = Field(..., description="Passages with matched words in <mark>; escaped.")
    url: str
    year: int | None
    language: str
    date: datetime | None


class FacetValueOut(Schema):
    value: str
    label: str
    count: int
    selected: bool


class SearchOut(Schema):
    query: str
    total: int
    page: int
    pages: int
    page_size: int
    messages: list[str]
    results: list[HitOut]
    facets: dict[str, list[FacetValueOut]]


class SuggestionOut(Schema):
    title: str
    url: str
    kind: str
    kind_label: str


class SuggestOut(Schema):
    query: str
    suggestions: list[SuggestionOut]


@router.get("/search", response=SearchOut, url_name="search")
def search(request: HttpRequest, params: Query[SearchParams]) -> dict:
    """Search everything the caller may see: ranked results with snippets and facet counts."""
    result = queries.search(
        user=request.user,
        q=params.q[:MAX_INPUT_CHARS],
        selection=Selection(
            kind=params.kind,
            year=params.year,
            language=params.language,
            topic=params.topic,
            area=params.area,
        ),
        page=params.page,
        page_size=params.page_size,
        newest_first=params.sort == "newest",
    )
    return {
        "query": result.query,
        "total": result.total,
        "page": result.page,
        "pages": result.pages,
        "page_size": result.page_size,
        "messages": result.messages,
        "results": result.hits,
        "facets": result.facets,
    }


@router.get("/search/suggest", response=SuggestOut, url_name="search_suggest")
def suggest(request: HttpRequest, q: str = "") -> dict:
    """Titles the caller may see whose words start with what was typed (search as you type)."""
    q = q[:MAX_INPUT_CHARS]
    return {"query": q, "suggestions": queries.suggest(user=request.user, q=q)}
