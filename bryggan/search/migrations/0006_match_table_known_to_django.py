"""Tell Django's state about `search_match` (made by 0004 in SQL) so that a flush truncates it."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("search", "0005_sqlite_tag_table")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="SearchMatch",
                    fields=[("id", models.IntegerField(primary_key=True, serialize=False))],
                    options={
                        "verbose_name": "search match row",
                        "verbose_name_plural": "search match rows",
                        "db_table": "search_match",
                        "required_db_vendor": "postgresql",
                    },
                )
            ],
            database_operations=[],
        )
    ]
