"""Create the full-text index the database in use supports.

SQLite: two FTS5 tables beside the document table (rowid = document id): `search_fts` holds the
Swedish stems of title, body and keywords, `search_title_fts` the lower-case title words with prefix
indexes for suggestions. PostgreSQL: generated tsvector columns on the document table in the
`swedish` (title weight A, body B, keywords C) and `simple` configurations, each with a GIN index.
"""

from django.db import migrations

SQLITE = [
    "CREATE VIRTUAL TABLE search_fts USING fts5("
    "title, body, keywords, tokenize = 'unicode61 remove_diacritics 0')",
    "CREATE VIRTUAL TABLE search_title_fts USING fts5("
    "title, tokenize = 'unicode61 remove_diacritics 0', prefix = '2 3 4')",
]
SQLITE_DROP = ["DROP TABLE IF EXISTS search_title_fts", "DROP TABLE IF EXISTS search_fts"]

POSTGRES = [
    "ALTER TABLE search_searchdocument ADD COLUMN vector tsvector GENERATED ALWAYS AS ("
    "setweight(to_tsvector('swedish'::regconfig, coalesce(title, '')), 'A') || "
    "setweight(to_tsvector('swedish'::regconfig, coalesce(body, '')), 'B') || "
    "setweight(to_tsvector('swedish'::regconfig, coalesce(keywords, '')), 'C')) STORED",
    "ALTER TABLE search_searchdocument ADD COLUMN title_words tsvector GENERATED ALWAYS AS ("
    "to_tsvector('simple'::regconfig, coalesce(title, ''))) STORED",
    "CREATE INDEX search_doc_vector ON search_searchdocument USING GIN (vector)",
    "CREATE INDEX search_doc_title_words ON search_searchdocument USING GIN (title_words)",
]
POSTGRES_DROP = [
    "DROP INDEX IF EXISTS search_doc_title_words",
    "DROP INDEX IF EXISTS search_doc_vector",
    "ALTER TABLE search_searchdocument DROP COLUMN IF EXISTS title_words",
    "ALTER TABLE search_searchdocument DROP COLUMN IF EXISTS vector",
]


def _run(schema_editor, statements):
    for statement in statements.get(schema_editor.connection.vendor, []):
        schema_editor.execute(statement)


def create_index(apps, schema_editor):
    _run(schema_editor, {"sqlite": SQLITE, "postgresql": POSTGRES})


def drop_index(apps, schema_editor):
    _run(schema_editor, {"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP})


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [migrations.RunPython(create_index, drop_index, elidable=False)]
