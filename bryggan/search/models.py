"""The search index: one document per searchable record, with its facets and access grants.

The full-text part lives beside these tables and is made by the migrations for each database:
an FTS5 virtual table on SQLite, a generated tsvector column with a GIN index on PostgreSQL.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from bryggan.core.models import Visibility
from bryggan.taxonomy.models import PriorityArea, Topic


class SearchDocument(models.Model):
    """What the search index knows of one record; rebuilt from the record, never edited."""

    key = models.CharField(max_length=200, unique=True)  # "<app>.<model>:<pk>"
    kind = models.CharField(_("kind"), max_length=40)
    visibility = models.CharField(max_length=12, choices=Visibility.choices)
    year = models.SmallIntegerField(_("year"), null=True, blank=True)
    language = models.CharField(_("language"), max_length=8, blank=True)
    date = models.DateTimeField(null=True, blank=True)
    title = models.TextField(_("title"))
    url = models.CharField(max_length=500)
    body = models.TextField(blank=True)
    keywords = models.TextField(blank=True)
    topics = models.ManyToManyField(Topic, blank=True, related_name="+")
    priority_areas = models.ManyToManyField(PriorityArea, blank=True, related_name="+")
    indexed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("search document")
        verbose_name_plural = _("search documents")
        indexes = [models.Index(fields=["kind", "year"], name="search_doc_kind_year")]

    def __str__(self) -> str:
        return self.key


class SearchGrant(models.Model):
    """A principal (user, role or group key) that may see a restricted document."""

    document = models.ForeignKey(SearchDocument, on_delete=models.CASCADE, related_name="grants")
    principal = models.CharField(max_length=80)

    class Meta:
        verbose_name = _("search access grant")
        verbose_name_plural = _("search access grants")
        constraints = [
            models.UniqueConstraint(fields=["principal", "document"], name="search_grant_once")
        ]

    def __str__(self) -> str:
        return f"{self.principal} → {self.document_id}"


class SearchMatch(models.Model):
    """PostgreSQL's narrow match table (migration 0004), written by the backend with raw SQL.

    Django knows it only so that flushing the database (transactional tests) truncates it
    together with the documents it references; on SQLite the table does not exist, and
    `required_db_vendor` keeps flush and dumpdata from looking for it there.
    """

    id = models.IntegerField(primary_key=True)

    class Meta:
        db_table = "search_match"
        required_db_vendor = "postgresql"
        verbose_name = _("search match row")
        verbose_name_plural = _("search match rows")

    def __str__(self) -> str:
        return str(self.id)
