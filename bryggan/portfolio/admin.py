from django.contrib import admin

from bryggan.portfolio.models import (
    EducationActivity,
    Funding,
    Milestone,
    Participation,
    PhdStudent,
    Project,
    StaffLoan,
    StatusChange,
    Supervision,
)


class ArchiveNotDelete(admin.ModelAdmin):
    """Rows are archived (the archived flag), never deleted, so history and figures stay."""

    def has_delete_permission(self, request, obj=None) -> bool:  # type: ignore[no-untyped-def]
        return False


class ParticipationInline(admin.TabularInline):
    model = Participation
    raw_id_fields = ["person", "organisation"]
    extra = 0


class FundingInline(admin.TabularInline):
    model = Funding
    extra = 0


class StatusChangeInline(admin.TabularInline):
    model = StatusChange
    extra = 0
    readonly_fields = ["previous", "status", "on", "note", "changed_by"]


@admin.register(Project)
class ProjectAdmin(ArchiveNotDelete):
    list_display = ["title", "kind", "status", "start", "end", "visibility", "archived"]
    list_filter = ["kind", "status", "visibility", "archived"]
    search_fields = ["title", "short_title"]
    raw_id_fields = ["partnership", "created_by"]
    filter_horizontal = ["organisations", "priority_areas", "topics"]
    exclude = ["events"]
    inlines = [ParticipationInline, FundingInline, StatusChangeInline]


@admin.register(StaffLoan)
class StaffLoanAdmin(ArchiveNotDelete):
    list_display = ["person", "municipality", "project", "share", "start", "end", "archived"]
    list_filter = ["archived"]
    raw_id_fields = ["person", "municipality", "project"]


class SupervisionInline(admin.TabularInline):
    model = Supervision
    raw_id_fields = ["person"]
    extra = 0


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 0


@admin.register(PhdStudent)
class PhdStudentAdmin(ArchiveNotDelete):
    list_display = ["person", "topic", "research_school", "after_defence", "archived"]
    list_filter = ["after_defence", "archived"]
    raw_id_fields = ["person", "project"]
    inlines = [SupervisionInline, MilestoneInline]


@admin.register(EducationActivity)
class EducationActivityAdmin(ArchiveNotDelete):
    list_display = ["kind", "year", "season", "unit", "person", "student_name", "hours", "archived"]
    list_filter = ["kind", "year", "season", "archived"]
    raw_id_fields = ["unit", "person", "supervisor", "university"]
