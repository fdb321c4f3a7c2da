from django.contrib import admin

from bryggan.governance.models import Partnership, Party


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
