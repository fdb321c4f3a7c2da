from django.contrib import admin

from bryggan.arenas.models import Action, Event, Membership, Registration, Series


class MembershipInline(admin.TabularInline):
    model = Membership
    autocomplete_fields = ["person"]
    extra = 0


@admin.register(Series)
class SeriesAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "visibility"]
    list_filter = ["kind", "visibility"]
    search_fields = ["title"]
    inlines = [MembershipInline]


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "start", "status", "visibility", "confirmed_count", "capacity"]
    list_filter = ["kind", "status", "visibility"]
    search_fields = ["title"]
    date_hierarchy = "start"
    raw_id_fields = ["series", "created_by"]
    readonly_fields = ["uid", "sequence", "confirmed_count"]


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = ["event", "user", "status", "queued_at"]
    list_filter = ["status"]
    raw_id_fields = ["event", "user"]


@admin.register(Action)
class ActionAdmin(admin.ModelAdmin):
    list_display = ["title", "owner", "unit", "due", "status"]
    list_filter = ["status"]
    raw_id_fields = ["event", "owner", "unit"]
