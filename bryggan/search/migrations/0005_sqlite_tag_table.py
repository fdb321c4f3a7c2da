"""SQLite: the topics and priority areas of every document in one narrow table, for facet counts.

The topic and area facets of a broad query read the tags of every match. From the two
many-to-many tables that is two lookups and two sorts per match; `search_tag` (without rowid,
keyed by document and tag, tag = topic id × 2 or area id × 2 + 1) answers both with one lookup.
The search backend fills it when documents are stored. (PostgreSQL keeps the tags as arrays in
`search_match`, migration 0004.)
"""

from django.db import migrations

SQLITE = [
    "CREATE TABLE search_tag (document_id integer NOT NULL, tag integer NOT NULL, "
    "PRIMARY KEY (document_id, tag)) WITHOUT ROWID",
    "INSERT INTO search_tag SELECT searchdocument_id, topic_id * 2 "
    "FROM search_searchdocument_topics "
    "UNION SELECT searchdocument_id, priorityarea_id * 2 + 1 "
    "FROM search_searchdocument_priority_areas",
]
SQLITE_DROP = ["DROP TABLE IF EXISTS search_tag"]


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in SQLITE:
            schema_editor.execute(statement)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in SQLITE_DROP:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("search", "0004_narrow_match_tables")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
