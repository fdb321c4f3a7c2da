from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from bryggan.arenas.models import Event
from bryggan.core.models import Visibility
from bryggan.library.models import Authorship, ImportBatch, Language, Publication
from bryggan.people.models import Person
from bryggan.taxonomy.models import PriorityArea, SubjectCode, Topic

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MAX_FULLTEXT_BYTES = 50 * 1024 * 1024
MAX_IMPORT_BYTES = 10 * 1024 * 1024


def _subject_codes() -> QuerySet[SubjectCode]:
    return SubjectCode.objects.filter(code__regex=r"^\d{5}$")


class TaggingFields(forms.Form):
    priority_areas = forms.ModelMultipleChoiceField(
        label=_("Priority areas"),
        queryset=PriorityArea.objects.filter(archived=False),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    topics = forms.ModelMultipleChoiceField(
        label=_("Topics"),
        queryset=Topic.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class PublicationForm(TaggingFields):
    kind = forms.ChoiceField(label=_("Kind"), choices=Publication.Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=500)
    subtitle = forms.CharField(label=_("Subtitle"), max_length=500, required=False)
    year = forms.IntegerField(label=_("Year"), min_value=1500, max_value=2100)
    date = forms.DateField(
        label=_("Date of publication"),
        required=False,
        widget=DATE,
        help_text=_("Optional; the exact day it was published."),
    )
    language = forms.ChoiceField(label=_("Language"), choices=Language.choices)
    abstract_sv = forms.CharField(
        label=_("Abstract in Swedish"), widget=forms.Textarea(attrs={"rows": 6}), required=False
    )
    abstract_en = forms.CharField(
        label=_("Abstract in English"), widget=forms.Textarea(attrs={"rows": 6}), required=False
    )
    doi = forms.CharField(
        label=_("DOI"), max_length=300, required=False, help_text=_("For example 10.1234/abc123.")
    )
    urn = forms.CharField(
        label=_("URN:NBN"),
        max_length=300,
        required=False,
        help_text=_("For example urn:nbn:se:lu:diva-12345."),
    )
    handle = forms.CharField(
        label=_("Handle"), max_length=300, required=False, help_text=_("For example 2043/22414.")
    )
    isbn = forms.CharField(label=_("ISBN"), max_length=20, required=False)
    publisher = forms.CharField(label=_("Publisher"), max_length=300, required=False)
    journal = forms.CharField(
        label=_("Published in"),
        max_length=500,
        required=False,
        help_text=_("The journal, book or proceedings the publication is part of."),
    )
    volume = forms.CharField(label=_("Volume"), max_length=40, required=False)
    issue = forms.CharField(label=_("Issue"), max_length=40, required=False)
    pages = forms.CharField(label=_("Pages"), max_length=40, required=False)
    series = forms.CharField(
        label=_("Series"),
        max_length=300,
        required=False,
        help_text=_("For example “FoU-rapport 2024:3”."),
    )
    subject_codes = forms.ModelMultipleChoiceField(
        label=_("Research subjects (SSIF)"),
        queryset=_subject_codes(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    file = forms.FileField(
        label=_("Full text (PDF)"),
        required=False,
        help_text=_("At most 50 MB. Leave empty to keep the current file."),
    )
    remove_file = forms.BooleanField(label=_("Remove the current full text"), required=False)
    open_access_url = forms.URLField(
        label=_("Open-access link"), max_length=1000, required=False, assume_scheme="https"
    )
    landing_url = forms.URLField(
        label=_("Publisher's page"), max_length=1000, required=False, assume_scheme="https"
    )
    events = forms.ModelMultipleChoiceField(
        label=_("Presented at (seminars and sessions)"),
        queryset=Event.objects.order_by("-start"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    visibility = forms.ChoiceField(
        label=_("Visible to"), choices=Visibility.choices, initial=Visibility.PUBLIC
    )
    harvestable = forms.BooleanField(
        label=_("Offer to harvesters (OAI-PMH)"),
        required=False,
        initial=True,
        help_text=_(
            "Publications of the partnership are offered to DiVA, SwePub and others when public."
        ),
    )

    field_order = [
        "kind",
        "title",
        "subtitle",
        "year",
        "date",
        "language",
        "abstract_sv",
        "abstract_en",
        "journal",
        "volume",
        "issue",
        "pages",
        "publisher",
        "series",
        "doi",
        "urn",
        "handle",
        "isbn",
        "file",
        "remove_file",
        "open_access_url",
        "landing_url",
        "subject_codes",
        "priority_areas",
        "topics",
        "events",
        "visibility",
        "harvestable",
    ]

    def clean_file(self) -> Any:
        upload = self.cleaned_data.get("file")
        if not upload:
            return None
        if upload.size > MAX_FULLTEXT_BYTES:
            raise forms.ValidationError(_("The file is larger than 50 MB."))
        head = upload.read(5)
        upload.seek(0)
        if head != b"%PDF-":
            raise forms.ValidationError(_("The full text must be a PDF file."))
        return upload


class AuthorForm(forms.Form):
    person = forms.ModelChoiceField(
        label=_("Person in Bryggan"),
        queryset=Person.objects.all(),
        required=False,
        help_text=_("Or write the name of someone outside Bryggan."),
    )
    family_name = forms.CharField(label=_("Family name"), max_length=200, required=False)
    given_name = forms.CharField(label=_("Given name"), max_length=200, required=False)
    orcid = forms.CharField(label=_("ORCID iD"), max_length=40, required=False)
    role = forms.ChoiceField(
        label=_("Role"), choices=Authorship.Role.choices, initial=Authorship.Role.AUTHOR
    )

    def is_blank(self) -> bool:
        data = self.cleaned_data
        return not (data.get("person") or data.get("family_name") or data.get("given_name"))


AuthorFormSet = forms.formset_factory(AuthorForm, extra=2, can_order=True, can_delete=True)


def authors_from(formset: Any) -> list[dict[str, Any]]:
    """Return the filled-in author rows of a valid formset in the order the user gave."""
    rows = []
    for form in formset.ordered_forms if formset.can_order else formset.forms:
        if formset.can_delete and form.cleaned_data.get("DELETE"):
            continue
        if not form.cleaned_data or form.is_blank():
            continue
        rows.append(
            {
                k: form.cleaned_data.get(k)
                for k in ("person", "family_name", "given_name", "orcid", "role")
            }
        )
    return rows


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for withdrawal"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown on the page that remains; harvesters are told the record is deleted."),
    )


class DigestForm(TaggingFields):
    title = forms.CharField(label=_("Title"), max_length=300)
    summary = forms.CharField(
        label=_("Summary in plain language"),
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("Markdown: paragraphs, lists and links."),
    )
    practice = forms.CharField(
        label=_("What this means for practice"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Markdown: paragraphs, lists and links."),
    )
    publications = forms.ModelMultipleChoiceField(
        label=_("Summarises"),
        queryset=Publication.objects.published().order_by("title"),
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    writers = forms.ModelMultipleChoiceField(
        label=_("Written by"), queryset=Person.objects.all(), required=False
    )
    language = forms.ChoiceField(label=_("Language"), choices=Language.choices)
    published_on = forms.DateField(label=_("Published"), widget=DATE)
    visibility = forms.ChoiceField(
        label=_("Visible to"), choices=Visibility.choices, initial=Visibility.PUBLIC
    )

    field_order = [
        "title",
        "summary",
        "practice",
        "publications",
        "writers",
        "language",
        "published_on",
        "visibility",
        "priority_areas",
        "topics",
    ]


class ImportForm(TaggingFields):
    file = forms.FileField(
        label=_("File"),
        help_text=_("BibTeX (.bib), RIS (.ris) or MODS XML from DiVA or SwePub; at most 10 MB."),
    )
    format = forms.ChoiceField(
        label=_("Format"),
        choices=[("", _("Recognise from the file")), *ImportBatch.Format.choices],
        required=False,
    )
    visibility = forms.ChoiceField(
        label=_("Imported publications are visible to"),
        choices=Visibility.choices,
        initial=Visibility.PUBLIC,
    )
    harvestable = forms.BooleanField(
        label=_("Offer to harvesters (OAI-PMH)"),
        required=False,
        initial=True,
        help_text=_("Untick for research by others that should not be harvested as ours."),
    )

    field_order = ["file", "format", "visibility", "harvestable", "priority_areas", "topics"]

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(_("The file is larger than 10 MB."))
        return upload


class LibraryFilterForm(forms.Form):
    q = forms.CharField(label=_("Words in the title"), required=False, max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)
    area = forms.ModelChoiceField(
        label=_("Priority area"),
        queryset=PriorityArea.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("All"),
    )
    topic = forms.ModelChoiceField(
        label=_("Topic"),
        queryset=Topic.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("All"),
    )
    language = forms.ChoiceField(label=_("Language"), required=False)

    def __init__(self, *args: Any, years: list[int] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("All")), *Publication.Kind.choices]  # type: ignore[attr-defined]
        self.fields["language"].choices = [("", _("All")), *Language.choices]  # type: ignore[attr-defined]
        self.fields["year"].choices = [("", _("All"))] + [(y, str(y)) for y in years or []]  # type: ignore[attr-defined]


class DigestFilterForm(forms.Form):
    area = forms.ModelChoiceField(
        label=_("Priority area"),
        queryset=PriorityArea.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("All"),
    )
    topic = forms.ModelChoiceField(
        label=_("Topic"),
        queryset=Topic.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("All"),
    )
