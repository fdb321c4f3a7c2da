from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from bryggan.people.models import Affiliation, Organisation, Person, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "is_active", "is_staff", "is_superuser", "last_login"]
    search_fields = ["email"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Permissions"), {"fields": ("is_active", "is_staff", "is_superuser", "groups")}),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name_sv", "kind", "parent", "archived"]
    list_filter = ["kind", "archived"]
    search_fields = ["name_sv", "name_en", "short_name"]
    prepopulated_fields = {"slug": ["name_sv"]}
    autocomplete_fields = ["parent"]


class AffiliationInline(admin.TabularInline):
    model = Affiliation
    extra = 0
    autocomplete_fields = ["organisation"]


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["family_name", "given_name", "title", "orcid", "visibility"]
    search_fields = ["given_name", "family_name", "orcid"]
    list_filter = ["visibility", "affiliations__role"]
    prepopulated_fields = {"slug": ["given_name", "family_name"]}
    filter_horizontal = ["topics", "subject_codes"]
    raw_id_fields = ["user"]
    inlines = [AffiliationInline]
