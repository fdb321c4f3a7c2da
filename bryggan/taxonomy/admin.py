from django.contrib import admin

from bryggan.taxonomy.models import PriorityArea, SubjectCode, Topic


@admin.register(SubjectCode)
class SubjectCodeAdmin(admin.ModelAdmin):
    list_display = ["code", "name_sv", "name_en"]
    search_fields = ["code", "name_sv", "name_en"]


@admin.register(PriorityArea)
class PriorityAreaAdmin(admin.ModelAdmin):
    list_display = ["name_sv", "name_en", "archived"]
    prepopulated_fields = {"slug": ["name_sv"]}
    search_fields = ["name_sv", "name_en"]


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name_sv", "name_en", "kind"]
    list_filter = ["kind"]
    prepopulated_fields = {"slug": ["name_sv"]}
    search_fields = ["name_sv", "name_en"]
    filter_horizontal = ["subject_codes"]
