from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from bryggan.followup.models import (
    AuditEntry,
    ExportJob,
    FollowupPlan,
    Instrument,
    InstrumentVersion,
    PlanGrant,
    PlanUnit,
)


class PlanUnitInline(admin.TabularInline):
    model = PlanUnit
    extra = 0
    raw_id_fields = ["organisation"]


class PlanGrantInline(admin.TabularInline):
    model = PlanGrant
    extra = 0
    raw_id_fields = ["user", "granted_by"]


@admin.register(FollowupPlan)
class FollowupPlanAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "status", "suppression_minimum", "aggregated_exports_only"]
    list_filter = ["kind", "status"]
    search_fields = ["title", "intervention"]
    inlines = [PlanUnitInline, PlanGrantInline]
    raw_id_fields = ["owner", "created_by"]


class VersionInline(admin.TabularInline):
    model = InstrumentVersion
    extra = 0
    readonly_fields = ["frozen_at"]


@admin.register(Instrument)
class InstrumentAdmin(admin.ModelAdmin):
    list_display = ["name", "licence"]
    search_fields = ["name"]
    inlines = [VersionInline]


class ReadOnly(admin.ModelAdmin):
    """The audit trail is read, never written, in the admin."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnly):
    list_display = ["at", "action", "plan", "user", "summary"]
    list_filter = ["action"]
    search_fields = ["summary"]
    date_hierarchy = "at"


@admin.register(ExportJob)
class ExportJobAdmin(ReadOnly):
    list_display = ["created_at", "plan", "user", "scope", "format", "status", "rows"]
    list_filter = ["scope", "format", "status"]
