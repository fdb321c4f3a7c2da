"""PostgreSQL: tsvectors in the `swedish` configuration with GIN indexes.

Matching reads `search_match` (migration 0004), one narrow row per document: the columns access
rules, filters and facets need, topic and area ids as arrays, and, kept out of line, `vector`
(title weight A, body B, keywords C in Swedish stems) and `title_vector` (the title alone). The
backend fills it when documents are stored. The document table keeps the generated column
`title_words`, the title in the `simple` configuration for prefix suggestions. Queries go through
websearch_to_tsquery, which accepts anything a user types; ranking is ts_rank and snippets come
from ts_headline.
"""

from __future__ import annotations

import html
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from django.db import DatabaseError, connection

from bryggan.search.backends.base import AREAS, DOCS, TOPICS, Backend, Scope, access_sql
from bryggan.search.text import Query

CONFIG = "swedish"
START, STOP = "\x01", "\x02"  # highlight markers: never in stored text, replaced after escaping
HEADLINE = (
    f"StartSel={START}, StopSel={STOP}, MaxWords=30, MinWords=12, ShortWord=2, "
    'MaxFragments=2, FragmentDelimiter=" … "'
)
# ts_headline reads the whole text: long transcripts are cut so that a page of hits stays fast.
HEADLINE_CHARS = 20_000


def _marked(text: str) -> str:
    return html.escape(text).replace(START, "<mark>").replace(STOP, "</mark>")


MATCH = "search_match"
VECTOR = (
    f"setweight(to_tsvector('{CONFIG}', coalesce(d.title, '')), 'A') || "
    f"setweight(to_tsvector('{CONFIG}', coalesce(d.body, '')), 'B') || "
    f"setweight(to_tsvector('{CONFIG}', coalesce(d.keywords, '')), 'C')"
)


class PostgresBackend(Backend):
    vendor = "postgresql"

    def add(self, rows: list[tuple[int, str, str, str]]) -> None:
        if not rows:
            return
        ids = [row[0] for row in rows]
        with connection.cursor() as cursor:
            for start in range(0, len(ids), 500):
                cursor.execute(
                    f"INSERT INTO {MATCH} SELECT d.id, d.visibility, d.kind, d.year, d.language, "
                    f"d.date, ARRAY(SELECT t.topic_id FROM {TOPICS} t "
                    f"WHERE t.searchdocument_id = d.id ORDER BY 1), "
                    f"ARRAY(SELECT a.priorityarea_id FROM {AREAS} a "
                    f"WHERE a.searchdocument_id = d.id ORDER BY 1), "
                    f"{VECTOR}, to_tsvector('{CONFIG}', coalesce(d.title, '')) "
                    f"FROM {DOCS} d WHERE d.id = ANY(%s) "
                    f"ON CONFLICT (id) DO UPDATE SET visibility = EXCLUDED.visibility, "
                    f"kind = EXCLUDED.kind, year = EXCLUDED.year, language = EXCLUDED.language, "
                    f"date = EXCLUDED.date, topics = EXCLUDED.topics, areas = EXCLUDED.areas, "
                    f"vector = EXCLUDED.vector, title_vector = EXCLUDED.title_vector",
                    [ids[start : start + 500]],
                )

    def remove(self, ids: Sequence[int]) -> None:
        if ids:
            with connection.cursor() as cursor:
                cursor.execute(f"DELETE FROM {MATCH} WHERE id = ANY(%s)", [list(ids)])

    def clear(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {MATCH}")

    def optimise(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {MATCH}")

    @contextmanager
    def reading(self) -> Iterator[None]:
        # The planner prices `vector @@ q` as cheap and picks a sequential scan for broad queries,
        # which reads every vector out of line; the GIN index is always the faster way. JIT
        # compiling costs more than these queries take.
        with connection.cursor() as cursor:
            cursor.execute("SET enable_seqscan = off; SET jit = off")
        try:
            yield
        finally:
            try:
                with connection.cursor() as cursor:
                    cursor.execute("RESET enable_seqscan; RESET jit")
            except DatabaseError:
                pass  # an aborted transaction: rolling it back undoes the settings too

    tag_columns = ", d.topics AS topics, d.areas AS areas"

    def tag_counts_sql(self) -> str:
        # unnest in the select list (ProjectSet) costs a third of a lateral function scan.
        return """
            UNION ALL SELECT 'topic', CAST(t.id AS TEXT), COUNT(*)
                FROM (SELECT unnest(m.topics) AS id FROM m) t GROUP BY t.id
            UNION ALL SELECT 'area', CAST(a.id AS TEXT), COUNT(*)
                FROM (SELECT unnest(m.areas) AS id FROM m) a GROUP BY a.id
        """

    def match_sql(self, query: Query) -> tuple[str, str, list[Any]]:
        return (
            f"{MATCH} d, websearch_to_tsquery('{CONFIG}', %s) q",
            "d.vector @@ q",
            [query.text],
        )

    def title_match_sql(self, query: Query) -> tuple[str, str, list[Any]]:
        # Any of the wanted words in the title (an OR of their Swedish forms), and the query.
        in_title = " || ".join([f"plainto_tsquery('{CONFIG}', %s)"] * len(query.words))
        return (
            f"{MATCH} d, websearch_to_tsquery('{CONFIG}', %s) q, "
            f"(SELECT {in_title or 'NULL::tsquery'}) t(words)",
            "d.title_vector @@ t.words AND d.vector @@ q",
            [query.text, *query.words],
        )

    def score_sql(self) -> str:
        return "ts_rank(d.vector, q)"

    def highlights(self, query: Query, ids: Sequence[int]) -> dict[int, tuple[str, str]]:
        if not ids:
            return {}
        marks = ", ".join(["%s"] * len(ids))
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT d.id, "
                f"ts_headline('{CONFIG}', replace(replace(d.title, %s, ''), %s, ''), q, "
                f"'HighlightAll=true, StartSel={START}, StopSel={STOP}'), "
                f"ts_headline('{CONFIG}', replace(replace(left(d.body, {HEADLINE_CHARS}), %s, ''), "
                f"%s, ''), q, %s) "
                f"FROM {DOCS} d, websearch_to_tsquery('{CONFIG}', %s) q WHERE d.id IN ({marks})",
                [START, STOP, START, STOP, HEADLINE, query.text, *ids],
            )
            return {pk: (_marked(title), _marked(body)) for pk, title, body in cursor.fetchall()}

    def suggest(self, words: list[str], scope: Scope, limit: int) -> list[int]:
        if not words:
            return []
        prefix = " && ".join(["to_tsquery('simple', quote_literal(%s) || ':*')"] * len(words))
        access, params = access_sql(scope)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT d.id FROM {DOCS} d, (SELECT {prefix}) AS q(query) "
                f"WHERE d.title_words @@ q.query AND {access} "
                f"ORDER BY ts_rank(d.title_words, q.query) DESC, d.id LIMIT %s",
                [*words, *params, limit],
            )
            return [row[0] for row in cursor.fetchall()]
