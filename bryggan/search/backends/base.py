"""The one small interface both search backends share, and the SQL they have in common.

A backend answers three questions: which documents match a query (ranked, with facet counts, in
one statement), what the snippets of a page of hits look like, and which titles complete a
half-typed query. Access rules and filters are plain SQL on the document table, the same for
both databases; only matching, ranking and highlighting differ.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.db import connection

from bryggan.core.models import Visibility
from bryggan.search.models import SearchDocument, SearchGrant
from bryggan.search.text import Query

DOCS = SearchDocument._meta.db_table
GRANTS = SearchGrant._meta.db_table
TOPICS = SearchDocument.topics.through._meta.db_table
AREAS = SearchDocument.priority_areas.through._meta.db_table
FACETS = ("kind", "year", "language", "topic", "area")


@dataclass(frozen=True)
class Scope:
    """What one user may see: everything, internal content, and restricted content by grant."""

    everything: bool = False
    internal: bool = False
    principals: tuple[str, ...] = ()


@dataclass
class Filters:
    kind: Sequence[str] = ()
    year: Sequence[int] = ()
    language: Sequence[str] = ()
    topic: Sequence[int] = ()  # ids
    area: Sequence[int] = ()  # ids


@dataclass
class Hits:
    total: int = 0
    ids: list[int] = field(default_factory=list)
    facets: dict[str, dict[Any, int]] = field(default_factory=lambda: {f: {} for f in FACETS})


def access_sql(scope: Scope) -> tuple[str, list[Any]]:
    """Return the condition on `d` (the document table) that keeps what `scope` may see."""
    if scope.everything:
        return "1=1", []
    visible = [Visibility.PUBLIC.value]
    if scope.internal:
        visible.append(Visibility.INTERNAL.value)
    condition = f"d.visibility IN ({', '.join(['%s'] * len(visible))})"
    params: list[Any] = list(visible)
    if scope.principals:
        marks = ", ".join(["%s"] * len(scope.principals))
        condition = (
            f"({condition} OR (d.visibility = %s AND d.id IN "
            f"(SELECT g.document_id FROM {GRANTS} g WHERE g.principal IN ({marks}))))"
        )
        params += [Visibility.RESTRICTED.value, *scope.principals]
    return condition, params


def filter_sql(filters: Filters) -> tuple[str, list[Any]]:
    parts: list[str] = []
    params: list[Any] = []
    for column in ("kind", "year", "language"):
        chosen = list(getattr(filters, column))
        if chosen:
            parts.append(f"d.{column} IN ({', '.join(['%s'] * len(chosen))})")
            params += chosen
    for table, column, values in (
        (TOPICS, "topic_id", filters.topic),
        (AREAS, "priorityarea_id", filters.area),
    ):
        if values:
            parts.append(
                f"d.id IN (SELECT searchdocument_id FROM {table} "
                f"WHERE {column} IN ({', '.join(['%s'] * len(values))}))"
            )
            params += list(values)
    return (" AND ".join(parts) or "1=1"), params


class Backend:
    """Full-text search in one database; subclasses say how to match, rank and highlight."""

    vendor = ""

    # -- writing ----------------------------------------------------------------------------
    def add(self, rows: list[tuple[int, str, str, str]]) -> None:
        """Add the full text of new documents, given as (id, title, body, keywords)."""

    def remove(self, ids: Sequence[int]) -> None:
        """Forget the full text of documents about to be deleted."""

    def clear(self) -> None:
        """Forget the full text of every document."""

    def optimise(self) -> None:
        """Tidy the full-text index after a rebuild."""

    # -- reading ----------------------------------------------------------------------------
    def match_sql(self, query: Query) -> tuple[str, str, list[Any]]:
        """Return (FROM clause with `d` as the document table, WHERE condition, params)."""
        raise NotImplementedError

    def title_match_sql(self, query: Query) -> tuple[str, str, list[Any]]:
        """As match_sql, for documents that match and hold the query's words in their title."""
        raise NotImplementedError

    def score_sql(self) -> str:
        """Return the relevance of a matched row (higher is better), for match_sql's FROM."""
        raise NotImplementedError

    # Extra columns of the matched rows (`m`) that tag_counts_sql reads.
    tag_columns = ""

    def tag_counts_sql(self) -> str:
        """Return the UNION ALL parts counting the topics and areas of the matched rows `m`."""
        # CROSS JOIN keeps SQLite walking the matches and looking up their tags, instead of
        # scanning every tag row and probing the (unknown-sized) match set.
        return f"""
            UNION ALL SELECT 'topic', CAST(t.topic_id AS TEXT), COUNT(*) FROM m
                CROSS JOIN {TOPICS} t WHERE t.searchdocument_id = m.id GROUP BY t.topic_id
            UNION ALL SELECT 'area', CAST(a.priorityarea_id AS TEXT), COUNT(*) FROM m
                CROSS JOIN {AREAS} a WHERE a.searchdocument_id = m.id GROUP BY a.priorityarea_id
        """

    @contextmanager
    def reading(self) -> Iterator[None]:
        """Wrap the statements of one search (a backend may tune its planner here)."""
        yield

    def search(
        self,
        query: Query,
        scope: Scope,
        filters: Filters,
        *,
        limit: int,
        offset: int,
        newest_first: bool = False,
    ) -> Hits:
        """Return the total, the facet counts and one page of hits.

        Ranking: documents whose title holds the query's words come first, then the others,
        each group by relevance. Besides being what readers expect of a library, it keeps broad
        queries fast: the title group is small, so the costly scoring of tens of thousands of
        matches is only needed when the titles cannot fill the page.
        """
        source, match, match_params = self.match_sql(query)
        access, access_params = access_sql(scope)
        where, filter_params = filter_sql(filters)
        sql = f"""
            WITH m AS MATERIALIZED (
                SELECT d.id AS id, d.kind AS kind, d.year AS year, d.language AS language,
                       d.date AS date{self.tag_columns}
                FROM {source}
                WHERE {match} AND {access} AND {where}
            )
            SELECT 'hit', CAST(h.id AS TEXT), NULL FROM (
                SELECT m.id FROM m ORDER BY (m.date IS NULL), m.date DESC, m.id DESC
                LIMIT %s OFFSET %s
            ) h
            UNION ALL SELECT 'total', NULL, COUNT(*) FROM m
            UNION ALL SELECT 'kind_year_language',
                m.kind || '|' || COALESCE(CAST(m.year AS TEXT), '') || '|' || m.language,
                COUNT(*) FROM m GROUP BY m.kind, m.year, m.language
            {self.tag_counts_sql()}
        """
        filter_where = [*access_params, *filter_params]
        params = [*match_params, *filter_where, limit if newest_first else 0, offset]
        with self.reading():
            hits = self._counted(sql, params)
            if newest_first or not hits.total:
                return hits
            hits.ids = self._ranked(
                query,
                source,
                match,
                match_params,
                access,
                where,
                filter_where,
                limit,
                offset,
                min(offset + limit, hits.total),
            )
        return hits

    def _counted(self, sql: str, params: list[Any]) -> Hits:
        hits = Hits()
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            for facet, value, count in cursor.fetchall():
                if facet == "hit":
                    hits.ids.append(int(value))
                elif facet == "total":
                    hits.total = int(count)
                elif facet == "kind_year_language":
                    kind, year, language = value.split("|", 2)
                    counts = hits.facets
                    counts["kind"][kind] = counts["kind"].get(kind, 0) + int(count)
                    if year:
                        counts["year"][int(year)] = counts["year"].get(int(year), 0) + int(count)
                    if language:
                        counts["language"][language] = counts["language"].get(language, 0) + int(
                            count
                        )
                else:
                    hits.facets[facet][int(value)] = int(count)
        return hits

    def _ranked(
        self,
        query: Query,
        source: str,
        match: str,
        match_params: list[Any],
        access: str,
        where: str,
        filter_where: list[Any],
        limit: int,
        offset: int,
        wanted: int,
    ) -> list[int]:
        score = self.score_sql()
        ranked: list[int] = []
        with connection.cursor() as cursor:
            title_source, title_match, title_params = self.title_match_sql(query)
            cursor.execute(
                f"SELECT d.id FROM {title_source} WHERE {title_match} AND {access} AND {where} "
                f"ORDER BY {score} DESC, d.id DESC LIMIT %s",
                [*title_params, *filter_where, wanted],
            )
            ranked = [row[0] for row in cursor.fetchall()]
            if len(ranked) < wanted:
                exclude, exclude_params = "1=1", []
                if ranked:
                    exclude = f"d.id NOT IN ({', '.join(['%s'] * len(ranked))})"
                    exclude_params = list(ranked)
                cursor.execute(
                    f"SELECT d.id FROM {source} WHERE {match} AND {access} AND {where} "
                    f"AND {exclude} ORDER BY {score} DESC, d.id DESC LIMIT %s",
                    [*match_params, *filter_where, *exclude_params, wanted - len(ranked)],
                )
                ranked += [row[0] for row in cursor.fetchall()]
        return ranked[offset : offset + limit]

    def highlights(self, query: Query, ids: Sequence[int]) -> dict[int, tuple[str, str]]:
        """Return {id: (title HTML, snippet HTML)} for a page of hits; all text is escaped."""
        raise NotImplementedError

    def suggest(self, words: list[str], scope: Scope, limit: int) -> list[int]:
        """Return ids of visible documents whose titles have words starting with each of `words`."""
        raise NotImplementedError
