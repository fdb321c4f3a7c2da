from django.contrib import admin

from bryggan.questions.models import EvidenceCheck, Interest, Question, Round, Submission


class SubmissionInline(admin.TabularInline):
    model = Submission
    fk_name = "question"
    extra = 0
    fields = ("title", "user", "anonymous", "created_at")
    readonly_fields = ("created_at",)


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ("pk", "title", "status", "visibility", "created_at")
    list_filter = ("status", "visibility", "priority_areas")
    search_fields = ("title", "researchable_question")
    raw_id_fields = ("merged_into", "unit")
    inlines = [SubmissionInline]


@admin.register(EvidenceCheck)
class EvidenceCheckAdmin(admin.ModelAdmin):
    list_display = ("question", "verdict", "checked_at")
    raw_id_fields = ("question",)


@admin.register(Interest)
class InterestAdmin(admin.ModelAdmin):
    list_display = ("question", "person", "state", "created_at")
    raw_id_fields = ("question", "person")


@admin.register(Round)
class RoundAdmin(admin.ModelAdmin):
    list_display = ("title", "opens_on", "closes_on", "published_at")
    prepopulated_fields = {"slug": ("title",)}
