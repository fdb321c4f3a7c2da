"""SQLite: an FTS5 index of Swedish stems, BM25 ranking, snippets cut in Python.

FTS5's own tokenizers stem English only, so Bryggan stems with Snowball's Swedish stemmer before
the text reaches the index (`text.index_text`) and does the same to every query word. The index
stores stems; the original text stays in the document table for titles and snippets.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import connection

from bryggan.search.backends.base import AREAS, DOCS, TOPICS, Backend, Scope, access_sql
from bryggan.search.text import Query, fts5_expression, highlight, index_text, snippet

FTS = "search_fts"  # stems of title, body and keywords; rowid = document id
TITLES = "search_title_fts"  # lower-case title words with prefix indexes, for suggestions
# BM25 weights of the columns: a word in the title counts most, one among the keywords least.
WEIGHTS = "4.0, 1.0, 0.5"
# Topics (id × 2) and priority areas (id × 2 + 1) of each document, one lookup per match
# for both facets (migration 0005).
TAGS = "search_tag"
# Matches read the document table through this narrow covering index (migration 0004), not
# its wide rows: a broad query reads one index entry per hit instead of a page.
MATCHED = f"{FTS} JOIN {DOCS} d INDEXED BY search_doc_facets ON d.id = {FTS}.rowid"


class SQLiteBackend(Backend):
    vendor = "sqlite"

    def add(self, rows: list[tuple[int, str, str, str]]) -> None:
        if not rows:
            return
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT OR REPLACE INTO {FTS} (rowid, title, body, keywords) VALUES (%s, %s, %s, %s)",
                [
                    (pk, index_text(title), index_text(body), index_text(keywords))
                    for pk, title, body, keywords in rows
                ],
            )
            cursor.executemany(
                f"INSERT OR REPLACE INTO {TITLES} (rowid, title) VALUES (%s, %s)",
                [(pk, title) for pk, title, _body, _keywords in rows],
            )
            ids = [row[0] for row in rows]
            for start in range(0, len(ids), 500):
                chunk = ids[start : start + 500]
                marks = ", ".join(["%s"] * len(chunk))
                cursor.execute(f"DELETE FROM {TAGS} WHERE document_id IN ({marks})", chunk)
                cursor.execute(
                    f"INSERT INTO {TAGS} SELECT searchdocument_id, topic_id * 2 FROM {TOPICS} "
                    f"WHERE searchdocument_id IN ({marks}) UNION SELECT searchdocument_id, "
                    f"priorityarea_id * 2 + 1 FROM {AREAS} WHERE searchdocument_id IN ({marks})",
                    [*chunk, *chunk],
                )

    def remove(self, ids: Sequence[int]) -> None:
        if not ids:
            return
        with connection.cursor() as cursor:
            for start in range(0, len(ids), 500):
                chunk = list(ids[start : start + 500])
                marks = ", ".join(["%s"] * len(chunk))
                cursor.execute(f"DELETE FROM {FTS} WHERE rowid IN ({marks})", chunk)
                cursor.execute(f"DELETE FROM {TITLES} WHERE rowid IN ({marks})", chunk)
                cursor.execute(f"DELETE FROM {TAGS} WHERE document_id IN ({marks})", chunk)

    def clear(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {FTS}")
            cursor.execute(f"DELETE FROM {TITLES}")
            cursor.execute(f"DELETE FROM {TAGS}")

    def optimise(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"INSERT INTO {FTS} ({FTS}) VALUES ('optimize')")
            cursor.execute(f"INSERT INTO {TITLES} ({TITLES}) VALUES ('optimize')")

    def match_sql(self, query: Query) -> tuple[str, str, list[Any]]:
        return (MATCHED, f"{FTS} MATCH %s", [fts5_expression(query)])

    def title_match_sql(self, query: Query) -> tuple[str, str, list[Any]]:
        return (MATCHED, f"{FTS} MATCH %s", [fts5_expression(query, title_only=True)])

    def tag_counts_sql(self) -> str:
        return f"""
            UNION ALL SELECT CASE WHEN (g.tag & 1) = 0 THEN 'topic' ELSE 'area' END,
                CAST(g.tag / 2 AS TEXT), COUNT(*)
                FROM m CROSS JOIN {TAGS} g WHERE g.document_id = m.id GROUP BY g.tag
        """

    def score_sql(self) -> str:
        return f"-bm25({FTS}, {WEIGHTS})"

    def highlights(self, query: Query, ids: Sequence[int]) -> dict[int, tuple[str, str]]:
        if not ids:
            return {}
        wanted = query.positive_stems
        marks = ", ".join(["%s"] * len(ids))
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT id, title, body FROM {DOCS} WHERE id IN ({marks})", list(ids))
            rows = cursor.fetchall()
        return {pk: (highlight(title, wanted), snippet(body, wanted)) for pk, title, body in rows}

    def suggest(self, words: list[str], scope: Scope, limit: int) -> list[int]:
        if not words:
            return []
        expression = " AND ".join(f'"{w}"*' for w in words)
        access, params = access_sql(scope)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT d.id FROM {TITLES} JOIN {DOCS} d ON d.id = {TITLES}.rowid "
                f"WHERE {TITLES} MATCH %s AND {access} ORDER BY bm25({TITLES}), d.id LIMIT %s",
                [expression, *params, limit],
            )
            return [row[0] for row in cursor.fetchall()]
