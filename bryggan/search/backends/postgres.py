"""PostgreSQL: a generated tsvector in the `swedish` configuration with a GIN index.

The document table carries two generated columns (made by the migration, unknown to the ORM):
`vector`, the title (weight A), body (B) and keywords (C) in Swedish stems, and `title_words`, the title
in the `simple` configuration for prefix suggestions. Queries go through websearch_to_tsquery,
which accepts anything a user types; ranking is ts_rank and snippets come from ts_headline.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import Any

from django.db import connection

from bryggan.search.backends.base import DOCS, Backend, Scope, access_sql
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


class PostgresBackend(Backend):
    vendor = "postgresql"

    def match_sql(self, query: Query) -> tuple[str, str, list[Any]]:
        return (f"{DOCS} d, websearch_to_tsquery('{CONFIG}', %s) q", "d.vector @@ q", [query.text])

    def title_match_sql(self, query: Query) -> tuple[str, str, list[Any]]:
        # Any of the wanted words in the title (an OR of their Swedish forms), and the query.
        in_title = " || ".join([f"plainto_tsquery('{CONFIG}', %s)"] * len(query.words))
        return (
            f"{DOCS} d, websearch_to_tsquery('{CONFIG}', %s) q, "
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
