"""PostgreSQL: the title alone in Swedish stems, so that title matches can be ranked first fast.

(SQLite needs nothing: FTS5 filters on the title column of the existing index.)
"""

from django.db import migrations

POSTGRES = [
    "ALTER TABLE search_searchdocument ADD COLUMN title_vector tsvector GENERATED ALWAYS AS ("
    "to_tsvector('swedish'::regconfig, coalesce(title, ''))) STORED",
    "CREATE INDEX search_doc_title_vector ON search_searchdocument USING GIN (title_vector)",
]
POSTGRES_DROP = [
    "DROP INDEX IF EXISTS search_doc_title_vector",
    "ALTER TABLE search_searchdocument DROP COLUMN IF EXISTS title_vector",
]


def add(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in POSTGRES:
            schema_editor.execute(statement)


def remove(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in POSTGRES_DROP:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("search", "0002_full_text_index")]

    operations = [migrations.RunPython(add, remove, elidable=False)]
