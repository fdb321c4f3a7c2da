"""Narrow tables for matching, so that broad queries count their hits and facets fast.

A broad query ("barn") matches a quarter of the library; counting its hits and facets reads one
row per match. The document table's rows are wide (title, body, URL, …), so those reads touched
a page or more per match. This migration gives each database something narrow to read instead:

SQLite: a covering index of the columns access rules, filters and facets need (id, visibility,
kind, year, language, date); the search reads the index instead of the table rows.

PostgreSQL: the table `search_match`, one narrow row per document (id, visibility, kind, year,
language, date, topic and priority-area ids as arrays) with the Swedish tsvectors kept out of
line (TOAST), and GIN indexes on them. A match reads a few dozen bytes per hit; the topic and
area facets need no join. The generated tsvector columns of the document table move here (the
search backend fills the table when documents are stored).
"""

from django.db import migrations

SQLITE = [
    "CREATE INDEX search_doc_facets ON search_searchdocument "
    "(id, visibility, kind, year, language, date)",
]
SQLITE_DROP = ["DROP INDEX IF EXISTS search_doc_facets"]

VECTOR = (
    "setweight(to_tsvector('swedish'::regconfig, coalesce(d.title, '')), 'A') || "
    "setweight(to_tsvector('swedish'::regconfig, coalesce(d.body, '')), 'B') || "
    "setweight(to_tsvector('swedish'::regconfig, coalesce(d.keywords, '')), 'C')"
)
TITLE_VECTOR = "to_tsvector('swedish'::regconfig, coalesce(d.title, ''))"

POSTGRES = [
    "CREATE TABLE search_match ("
    "id integer PRIMARY KEY REFERENCES search_searchdocument (id) ON DELETE CASCADE, "
    "visibility varchar(12) NOT NULL, kind varchar(40) NOT NULL, year smallint, "
    "language varchar(8) NOT NULL, date timestamp with time zone, "
    "topics integer[] NOT NULL, areas integer[] NOT NULL, "
    "vector tsvector NOT NULL, title_vector tsvector NOT NULL"
    ") WITH (toast_tuple_target = 128)",
    # The vectors go out of line; the tag arrays stay in the row (MAIN: out of line only if a
    # row could not fit a page), so counting topics and areas never reads TOAST.
    "ALTER TABLE search_match ALTER COLUMN vector SET STORAGE EXTERNAL, "
    "ALTER COLUMN topics SET STORAGE MAIN, ALTER COLUMN areas SET STORAGE MAIN",
    # Filled from the existing documents (their generated vectors), then the columns go.
    "INSERT INTO search_match SELECT d.id, d.visibility, d.kind, d.year, d.language, d.date, "
    "ARRAY(SELECT t.topic_id FROM search_searchdocument_topics t "
    "WHERE t.searchdocument_id = d.id ORDER BY 1), "
    "ARRAY(SELECT a.priorityarea_id FROM search_searchdocument_priority_areas a "
    "WHERE a.searchdocument_id = d.id ORDER BY 1), "
    "d.vector, d.title_vector FROM search_searchdocument d",
    "CREATE INDEX search_match_vector ON search_match USING GIN (vector) WITH (fastupdate = off)",
    "CREATE INDEX search_match_title_vector ON search_match USING GIN (title_vector) "
    "WITH (fastupdate = off)",
    "DROP INDEX IF EXISTS search_doc_title_vector",
    "DROP INDEX IF EXISTS search_doc_vector",
    "ALTER TABLE search_searchdocument DROP COLUMN IF EXISTS title_vector",
    "ALTER TABLE search_searchdocument DROP COLUMN IF EXISTS vector",
    "ANALYZE search_match",
]
POSTGRES_DROP = [
    "ALTER TABLE search_searchdocument ADD COLUMN vector tsvector GENERATED ALWAYS AS ("
    "setweight(to_tsvector('swedish'::regconfig, coalesce(title, '')), 'A') || "
    "setweight(to_tsvector('swedish'::regconfig, coalesce(body, '')), 'B') || "
    "setweight(to_tsvector('swedish'::regconfig, coalesce(keywords, '')), 'C')) STORED",
    "ALTER TABLE search_searchdocument ADD COLUMN title_vector tsvector GENERATED ALWAYS AS ("
    "to_tsvector('swedish'::regconfig, coalesce(title, ''))) STORED",
    "CREATE INDEX search_doc_vector ON search_searchdocument USING GIN (vector)",
    "CREATE INDEX search_doc_title_vector ON search_searchdocument USING GIN (title_vector)",
    "DROP TABLE IF EXISTS search_match",
]


def _run(schema_editor, statements):
    for statement in statements.get(schema_editor.connection.vendor, []):
        schema_editor.execute(statement)


def create(apps, schema_editor):
    _run(schema_editor, {"sqlite": SQLITE, "postgresql": POSTGRES})


def drop(apps, schema_editor):
    _run(schema_editor, {"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP})


class Migration(migrations.Migration):
    dependencies = [("search", "0003_title_vector")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
