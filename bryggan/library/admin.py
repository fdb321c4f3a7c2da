from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from bryggan.library.models import Authorship, Digest, ImportBatch, Publication


class AuthorshipInline(admin.TabularInline):
    model = Authorship
    raw_id_fields = ["person"]
    extra = 0


@admin.register(Publication)
class PublicationAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "year", "visibility", "status", "harvestable"]
    list_filter = ["kind", "status", "visibility", "harvestable", "language"]
    search_fields = ["title", "doi", "isbn", "urn"]
    raw_id_fields = ["created_by"]
    filter_horizontal = ["subject_codes", "priority_areas", "topics"]
    readonly_fields = ["harvestable_since", "dedup_key", "created_at", "updated_at"]
    inlines = [AuthorshipInline]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Harvested publications are withdrawn, never deleted: OAI-PMH reports their tombstones.
        if obj is not None and obj.harvestable_since is not None:
            return False
        return super().has_delete_permission(request, obj)


@admin.register(Digest)
class DigestAdmin(admin.ModelAdmin):
    list_display = ["title", "published_on", "visibility"]
    search_fields = ["title"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["publications", "writers", "priority_areas", "topics"]


@admin.register(ImportBatch)
class ImportBatchAdmin(admin.ModelAdmin):
    list_display = ["filename", "format", "status", "created_by", "created_at"]
    list_filter = ["format", "status"]
    readonly_fields = ["rows", "options", "content"]
