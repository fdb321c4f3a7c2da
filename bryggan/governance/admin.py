from django.contrib import admin

from bryggan.governance.models import (
    ActionItem,
    Agreement,
    BaseFunding,
    Body,
    BodyEvent,
    Decision,
    Meeting,
    Membership,
    Partnership,
    Party,
)


class PartyInline(admin.TabularInline):
    model = Party
    extra = 0
    autocomplete_fields = ["organisation"]


@admin.register(Partnership)
class PartnershipAdmin(admin.ModelAdmin):
    list_display = ["name_sv", "kind", "visibility", "start", "end", "archived"]
    list_filter = ["kind", "visibility", "archived"]
    search_fields = ["name_sv", "name_en"]
    prepopulated_fields = {"slug": ["name_sv"]}
    filter_horizontal = ["priority_areas"]
    inlines = [PartyInline]


@admin.register(BaseFunding)
class BaseFundingAdmin(admin.ModelAdmin):
    list_display = ["party", "year", "amount"]
    list_filter = ["year", "party__partnership"]


@admin.register(Agreement)
class AgreementAdmin(admin.ModelAdmin):
    list_display = ["title", "partnership", "start", "end", "notice_date", "reminded_for"]
    list_filter = ["partnership"]
    search_fields = ["title"]
    filter_horizontal = ["parties", "coordinators"]


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["person"]


class BodyEventInline(admin.TabularInline):
    model = BodyEvent
    fk_name = "body"
    extra = 0
    readonly_fields = ["on", "kind", "note", "other", "created_by"]
    can_delete = False


@admin.register(Body)
class BodyAdmin(admin.ModelAdmin):
    list_display = ["name_sv", "kind", "partnership", "established", "ended", "archived"]
    list_filter = ["kind", "archived", "partnership"]
    search_fields = ["name_sv", "name_en"]
    inlines = [MembershipInline, BodyEventInline]


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["__str__", "body", "start", "status", "visibility"]
    list_filter = ["status", "visibility", "body"]
    date_hierarchy = "start"


@admin.register(Decision)
class DecisionAdmin(admin.ModelAdmin):
    list_display = ["reference", "title", "body", "decided_on", "visibility"]
    list_filter = ["body", "year"]
    search_fields = ["reference", "title"]
    readonly_fields = ["body", "meeting", "year", "number", "reference", "decided_on"]


@admin.register(ActionItem)
class ActionItemAdmin(admin.ModelAdmin):
    list_display = ["title", "owner", "due", "status", "body"]
    list_filter = ["status", "body"]
    search_fields = ["title"]
