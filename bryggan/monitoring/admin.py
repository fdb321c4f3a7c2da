from django.contrib import admin

from bryggan.monitoring.models import (
    HarvestRun,
    Match,
    Record,
    RecordSource,
    Source,
    Subscription,
    Watchlist,
)


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "active", "last_harvested_at"]
    list_filter = ["kind", "active"]


@admin.register(HarvestRun)
class HarvestRunAdmin(admin.ModelAdmin):
    list_display = ["source", "status", "created_at", "fetched", "new", "updated", "failed"]
    list_filter = ["status", "source"]


class RecordSourceInline(admin.TabularInline):
    model = RecordSource
    extra = 0


@admin.register(Record)
class RecordAdmin(admin.ModelAdmin):
    list_display = ["title", "year", "doi", "first_seen_at"]
    search_fields = ["title", "doi"]
    inlines = [RecordSourceInline]


@admin.register(Watchlist)
class WatchlistAdmin(admin.ModelAdmin):
    list_display = ["__str__", "updated_at"]


@admin.register(Match)
class MatchAdmin(admin.ModelAdmin):
    list_display = ["watchlist", "record", "created_at"]
    raw_id_fields = ["record"]


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    list_display = ["user", "area", "frequency", "last_sent_at"]
