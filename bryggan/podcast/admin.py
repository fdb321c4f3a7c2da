from django.contrib import admin

from bryggan.podcast.models import DownloadDay, Episode, EpisodeCredit, Show, ShowCredit


class ShowCreditInline(admin.TabularInline):
    model = ShowCredit
    raw_id_fields = ["person"]
    extra = 0


class EpisodeCreditInline(admin.TabularInline):
    model = EpisodeCredit
    raw_id_fields = ["person"]
    extra = 0


@admin.register(Show)
class ShowAdmin(admin.ModelAdmin):
    list_display = ["title", "language", "visibility"]
    search_fields = ["title"]
    readonly_fields = ["podcast_guid", "artwork", "artwork_type", "artwork_hash"]
    inlines = [ShowCreditInline]


@admin.register(Episode)
class EpisodeAdmin(admin.ModelAdmin):
    list_display = ["title", "show", "season", "number", "status", "publish_at"]
    list_filter = ["show", "status", "episode_type"]
    search_fields = ["title", "transcript_text"]
    date_hierarchy = "publish_at"
    raw_id_fields = ["events", "created_by", "transcript_waived_by"]
    readonly_fields = [
        "guid",
        "audio",
        "audio_type",
        "audio_size",
        "audio_duration",
        "audio_hash",
        "transcript_format",
        "transcript_waiver_reason",
        "transcript_waived_by",
        "transcript_waived_at",
    ]
    inlines = [EpisodeCreditInline]


@admin.register(DownloadDay)
class DownloadDayAdmin(admin.ModelAdmin):
    list_display = ["episode", "day", "downloads"]
    list_filter = ["day"]
    raw_id_fields = ["episode"]
