from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from bryggan.core.models import Visibility
from bryggan.lib.orcid import normalise_orcid
from bryggan.people.models import Organisation, Role
from bryggan.taxonomy.models import SubjectCode, Topic


class OrganisationForm(forms.Form):
    name_sv = forms.CharField(label=_("Name (Swedish)"), max_length=200)
    name_en = forms.CharField(label=_("Name (English)"), max_length=200, required=False)
    short_name = forms.CharField(label=_("Short name"), max_length=40, required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=Organisation.Kind.choices)
    parent = forms.ModelChoiceField(
        label=_("Part of"), queryset=Organisation.objects.filter(archived=False), required=False
    )
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )


class PersonForm(forms.Form):
    given_name = forms.CharField(label=_("Given name"), max_length=100)
    family_name = forms.CharField(label=_("Family name"), max_length=100)
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    email = forms.EmailField(label=_("Contact e-mail"), required=False)
    orcid = forms.CharField(
        label=_("ORCID iD"),
        max_length=40,
        required=False,
        help_text=_("For example 0000-0002-1825-0097."),
    )
    bio = forms.CharField(
        label=_("Presentation"), widget=forms.Textarea(attrs={"rows": 5}), required=False
    )
    topics = forms.ModelMultipleChoiceField(
        label=_("Expertise"),
        queryset=Topic.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    subject_codes = forms.ModelMultipleChoiceField(
        label=_("Research subjects (SSIF)"),
        queryset=SubjectCode.objects.filter(code__regex=r"^\d{5}$"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    visibility = forms.ChoiceField(label=_("Profile visible to"), choices=Visibility.choices)

    def clean_orcid(self) -> str:
        value = self.cleaned_data["orcid"].strip()
        if not value:
            return ""
        normalised = normalise_orcid(value)
        if normalised is None:
            raise forms.ValidationError(
                _(
                    "This is not a valid ORCID iD: it should be 16 digits (the last may be X) with a correct check digit."
                )
            )
        return normalised


class AffiliationForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.filter(archived=False)
    )
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    start = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("The affiliation cannot end before it starts."))
        return data


class PeopleFilterForm(forms.Form):
    q = forms.CharField(label=_("Name"), required=False)
    topic = forms.ModelChoiceField(
        label=_("Expertise"), queryset=Topic.objects.all(), required=False
    )
    subject = forms.ModelChoiceField(
        label=_("Research subject"),
        queryset=SubjectCode.objects.filter(code__regex=r"^\d{5}$"),
        required=False,
    )
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.filter(archived=False),
        required=False,
    )
    role = forms.ChoiceField(label=_("Role"), choices=[("", "—"), *Role.choices], required=False)
