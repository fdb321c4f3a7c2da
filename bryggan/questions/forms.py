from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from bryggan.core.models import Visibility
from bryggan.lib.orcid import normalise_orcid
from bryggan.people.models import Organisation
from bryggan.questions.models import MAX_RANKS, Group, Status, Verdict
from bryggan.questions.services import MANUAL_STATUSES
from bryggan.taxonomy.models import PriorityArea, SubjectCode, Topic

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _areas() -> Any:
    return PriorityArea.objects.filter(archived=False)


class TagFields(forms.Form):
    priority_areas = forms.ModelMultipleChoiceField(
        label=_("Priority areas"),
        queryset=_areas(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    topics = forms.ModelMultipleChoiceField(
        label=_("Topics"),
        queryset=Topic.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class QuestionForm(TagFields):
    title = forms.CharField(
        label=_("Your question"),
        help_text=_("One sentence, in your own words. At most 200 characters."),
        error_messages={"required": _("Write your question before sending it.")},
    )
    text = forms.CharField(
        label=_("In your own words"),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        help_text=_(
            "Describe the need in general terms. Never write about a client: no names, ages, "
            "identity numbers, phone numbers or addresses."
        ),
    )
    unit = forms.ModelChoiceField(
        label=_("Unit"),
        queryset=Organisation.objects.filter(archived=False, kind=Organisation.Kind.UNIT),
        required=False,
        help_text=_(
            "Shown to other staff even when you ask anonymously; leave it empty if it would reveal you."
        ),
    )
    target_group = forms.CharField(label=_("Target group"), required=False)
    why_it_matters = forms.CharField(
        label=_("Why it matters"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    anonymous = forms.BooleanField(
        label=_("Ask anonymously towards other staff (the R&D coordinator still sees who asked)"),
        required=False,
    )

    field_order = [
        "title",
        "text",
        "unit",
        "target_group",
        "why_it_matters",
        "priority_areas",
        "topics",
        "anonymous",
    ]


class JoinForm(forms.Form):
    note = forms.CharField(
        label=_("Your context (optional)"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    anonymous = forms.BooleanField(label=_("Anonymous towards other staff"), required=False)


class MergeForm(forms.Form):
    into = forms.IntegerField(
        label=_("Number of the question to merge into"),
        min_value=1,
        error_messages={"required": _("Give the number of the question to merge into.")},
    )
    note = forms.CharField(label=_("Note"), required=False)


class RefineForm(TagFields):
    title = forms.CharField(
        label=_("Question"), error_messages={"required": _("The question cannot be empty.")}
    )
    text = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    researchable_question = forms.CharField(
        label=_("Researchable question"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    population = forms.CharField(label=_("Population (P)"), required=False)
    intervention = forms.CharField(label=_("Intervention (I)"), required=False)
    comparison = forms.CharField(label=_("Comparison (C)"), required=False)
    outcome = forms.CharField(label=_("Outcome (O)"), required=False)

    field_order = [
        "title",
        "text",
        "researchable_question",
        "population",
        "intervention",
        "comparison",
        "outcome",
    ]


class EvidenceCheckForm(forms.Form):
    sources_searched = forms.CharField(
        label=_("Sources searched"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line, e.g. SBU, Socialstyrelsen, Cochrane, SwePub."),
        error_messages={"required": _("Say which sources were searched.")},
    )
    search_terms = forms.CharField(label=_("Search terms"), required=False)
    findings = forms.CharField(
        label=_("What was found"),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Say what was found (or that nothing was).")},
    )
    references = forms.CharField(
        label=_("References"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("One reference or link per line."),
    )
    verdict = forms.ChoiceField(
        label=_("Verdict"), choices=Verdict.choices, widget=forms.RadioSelect
    )
    answer = forms.CharField(
        label=_("Answer to the askers"),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        help_text=_(
            "Required when the question is answered or partly answered; it is e-mailed to everyone who asked or joined."
        ),
    )
    evidence = forms.MultipleChoiceField(
        label=_("Link as evidence"), required=False, widget=forms.CheckboxSelectMultiple
    )
    publish = forms.BooleanField(
        label=_("Publish the answered question on the public pages"), required=False, initial=True
    )


class StatusForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), choices=[(s.value, s.label) for s in Status if s in MANUAL_STATUSES]
    )
    note = forms.CharField(
        label=_("Note to the askers"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class InterestForm(forms.Form):
    note = forms.CharField(
        label=_("Why you are interested (optional)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )


class QuestionFilterForm(forms.Form):
    area = forms.ModelChoiceField(label=_("Priority area"), queryset=_areas(), required=False)
    topic = forms.ModelChoiceField(label=_("Topic"), queryset=Topic.objects.all(), required=False)
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", "—"), *Status.choices], required=False
    )
    q = forms.CharField(label=_("Words"), required=False)


class RoundForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    opens_on = forms.DateField(label=_("Voting opens"), widget=DATE)
    closes_on = forms.DateField(label=_("Voting closes"), widget=DATE)
    groups = forms.MultipleChoiceField(
        label=_("Participant groups"), choices=Group.choices, widget=forms.CheckboxSelectMultiple
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("opens_on") and data.get("closes_on") and data["closes_on"] < data["opens_on"]:
            self.add_error("closes_on", _("Voting must close on or after the day it opens."))
        return data


class ParticipantForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address of the participant's account"))
    group = forms.ChoiceField(label=_("Group"), choices=Group.choices)


class BallotForm(forms.Form):
    """Ten places; each holds one of the round's questions (rank 1 is the most important)."""

    def __init__(self, *args: Any, questions: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", "—"), *[(str(q.pk), q.title) for q in questions]]
        for rank in range(1, MAX_RANKS + 1):
            self.fields[f"rank_{rank}"] = forms.ChoiceField(
                label=_("Place %(n)d") % {"n": rank}, choices=choices, required=False
            )

    def ranked(self) -> list[int]:
        return [
            int(self.cleaned_data[f"rank_{n}"])
            for n in range(1, MAX_RANKS + 1)
            if self.cleaned_data.get(f"rank_{n}")
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        seen: dict[str, int] = {}
        last_filled = 0
        for rank in range(1, MAX_RANKS + 1):
            value = data.get(f"rank_{rank}")
            if not value:
                continue
            if value in seen:
                label = dict(self.fields[f"rank_{rank}"].choices).get(value, value)  # type: ignore[attr-defined]
                self.add_error(
                    f"rank_{rank}",
                    _(
                        "“%(title)s” is already in place %(n)d; each question can be ranked only once."
                    )
                    % {"title": label, "n": seen[value]},
                )
            seen[value] = rank
            if rank > last_filled + 1:
                self.add_error(
                    f"rank_{rank}",
                    _("Fill the places in order: place %(n)d is empty.") % {"n": last_filled + 1},
                )
            last_filled = rank
        if not seen and not self.errors:
            raise forms.ValidationError(_("Rank at least one question."))
        return data


class FinalRankingForm(forms.Form):
    def __init__(self, *args: Any, questions: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.questions = questions
        for q in questions:
            self.fields[f"position_{q.pk}"] = forms.IntegerField(
                label=q.title, min_value=1, max_value=len(questions), required=False
            )
        self.fields["workshop_note"] = forms.CharField(
            label=_("Notes from the final workshop"),
            widget=forms.Textarea(attrs={"rows": 3}),
            required=False,
        )

    def positions(self) -> dict[int, int | None]:
        return {q.pk: self.cleaned_data.get(f"position_{q.pk}") for q in self.questions}


class ExpertSearchForm(forms.Form):
    q = forms.CharField(label=_("Words or name"), required=False)
    topic = forms.ModelChoiceField(
        label=_("Topic"), queryset=Topic.objects.exclude(kind=Topic.Kind.METHOD), required=False
    )
    method = forms.ModelChoiceField(
        label=_("Method"), queryset=Topic.objects.filter(kind=Topic.Kind.METHOD), required=False
    )
    code = forms.ModelChoiceField(
        label=_("Research subject (SSIF)"),
        queryset=SubjectCode.objects.filter(code__regex=r"^\d{5}$"),
        required=False,
    )
    area = forms.ModelChoiceField(label=_("Priority area"), queryset=_areas(), required=False)
    researchers_only = forms.BooleanField(
        label=_("Researchers and practitioner-researchers only"), required=False
    )


class ProfileForm(forms.Form):
    given_name = forms.CharField(label=_("Given name"), max_length=100)
    family_name = forms.CharField(label=_("Family name"), max_length=100)
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    orcid = forms.CharField(
        label=_("ORCID iD"),
        max_length=40,
        required=False,
        help_text=_("For example 0000-0002-1825-0097."),
    )
    bio = forms.CharField(
        label=_("Presentation"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    topics = forms.ModelMultipleChoiceField(
        label=_("Expertise (topics and target groups)"),
        queryset=Topic.objects.exclude(kind=Topic.Kind.METHOD),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    methods = forms.ModelMultipleChoiceField(
        label=_("Methods"),
        queryset=Topic.objects.filter(kind=Topic.Kind.METHOD),
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
