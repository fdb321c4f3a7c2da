from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bryggan.arenas.models import Event
from bryggan.core.models import Visibility
from bryggan.governance.models import Partnership
from bryggan.people.models import Organisation, Person
from bryggan.portfolio.models import (
    EducationActivity,
    Funding,
    Milestone,
    Participation,
    PhdStudent,
    Project,
    Supervision,
)
from bryggan.taxonomy.models import PriorityArea, Topic

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
K = Organisation.Kind

PROJECT_AUDIENCE = [
    (Visibility.PUBLIC.value, _("Everyone (public)")),
    (Visibility.INTERNAL.value, _("All partnership staff")),
    (Visibility.RESTRICTED.value, _("Project participants only")),
]
PHD_AUDIENCE = [
    (Visibility.PUBLIC.value, _("Everyone (public)")),
    (Visibility.INTERNAL.value, _("All partnership staff")),
    (Visibility.RESTRICTED.value, _("The PhD student and supervisors only")),
]


def _orgs(*kinds: str) -> Any:
    return Organisation.objects.filter(archived=False, kind__in=kinds)


def _check_period(form: forms.Form, data: dict[str, Any], start: str = "start", end: str = "end"):
    if data.get(start) and data.get(end) and data[end] < data[start]:
        form.add_error(end, _("The period ends before it starts."))


class ProjectForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    short_title = forms.CharField(
        label=_("Short title"), max_length=80, required=False, help_text=_("Used in the address.")
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=Project.Kind.choices)
    status = forms.ChoiceField(label=_("Status"), choices=Project.Status.choices)
    summary = forms.CharField(
        label=_("Summary"), widget=forms.Textarea(attrs={"rows": 5}), required=False
    )
    start = forms.DateField(label=_("From"), widget=DATE, required=False)
    end = forms.DateField(label=_("Until"), widget=DATE, required=False)
    visibility = forms.ChoiceField(
        label=_("Who may see the project"),
        choices=PROJECT_AUDIENCE,
        initial=Visibility.INTERNAL,
        help_text=_("Applications and ideas are usually kept internal until they are funded."),
    )
    partnership = forms.ModelChoiceField(
        label=_("Partnership"),
        queryset=Partnership.objects.filter(archived=False),
        required=False,
    )
    organisations = forms.ModelMultipleChoiceField(
        label=_("Organisations"),
        queryset=Organisation.objects.filter(archived=False),
        required=False,
    )
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
    evaluation_plan = forms.CharField(
        label=_("Plan for continuous evaluation with researchers"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("How and when practice and researchers look at the work together."),
    )
    status_on = forms.DateField(
        label=_("Status since"),
        widget=DATE,
        required=False,
        help_text=_("When the project got this status; today if left empty."),
    )
    status_note = forms.CharField(label=_("Note on the status"), max_length=500, required=False)

    def __init__(self, *args: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if editing:
            # Status changes go through their own form so the history gets a date and a note.
            del self.fields["status"]
            del self.fields["status_on"]
            del self.fields["status_note"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        _check_period(self, data)
        return data


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=Project.Status.choices)
    on = forms.DateField(label=_("Date"), widget=DATE, initial=timezone.localdate)
    note = forms.CharField(
        label=_("Note"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("For example the funder's decision or why the project ended."),
    )


class ParticipantForm(forms.Form):
    person = forms.ModelChoiceField(label=_("Person"), queryset=Person.objects.all())
    role = forms.ChoiceField(label=_("Role"), choices=Participation.Role.choices)
    organisation = forms.ModelChoiceField(
        label=_("On behalf of"),
        queryset=Organisation.objects.filter(archived=False),
        required=False,
    )
    start = forms.DateField(label=_("From"), widget=DATE, required=False)
    end = forms.DateField(label=_("Until"), widget=DATE, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        _check_period(self, data)
        return data


class ParticipantEndForm(forms.Form):
    on = forms.DateField(label=_("Ends on"), widget=DATE, initial=timezone.localdate)


class FundingForm(forms.Form):
    funder = forms.ModelChoiceField(label=_("Funder"), queryset=_orgs(K.FUNDER))
    year = forms.IntegerField(label=_("Year"), min_value=1990, max_value=2100)
    amount = forms.DecimalField(label=_("Amount (SEK)"), max_digits=14, decimal_places=2)
    grant = forms.CharField(
        label=_("Grant"),
        max_length=120,
        required=False,
        help_text=_("The funder's reference number."),
    )
    status = forms.ChoiceField(label=_("Status"), choices=Funding.Status.choices)

    def clean_amount(self) -> Any:
        amount = self.cleaned_data["amount"]
        if amount is not None and amount < 0:
            raise forms.ValidationError(_("The amount cannot be below zero."))
        return amount


class EvaluationPointForm(forms.Form):
    title = forms.CharField(label=_("What is evaluated"), max_length=300)
    planned = forms.DateField(label=_("Planned for"), widget=DATE)
    researcher = forms.ModelChoiceField(
        label=_("Researcher"), queryset=Person.objects.all(), required=False
    )
    held = forms.DateField(label=_("Held on"), widget=DATE, required=False)
    outcome = forms.CharField(
        label=_("What we learned"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class EvaluationRecordForm(forms.Form):
    held = forms.DateField(label=_("Held on"), widget=DATE, initial=timezone.localdate)
    outcome = forms.CharField(
        label=_("What we learned"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )


class EventLinkForm(forms.Form):
    event = forms.ModelChoiceField(label=_("Event"), queryset=Event.objects.none())

    def __init__(self, *args: Any, project: Project, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        events = Event.objects.visible_to(user).exclude(projects=project).order_by("-start")
        if project.start:
            events = events.filter(start__date__gte=date(project.start.year - 1, 1, 1))
        self.fields["event"].queryset = events  # type: ignore[attr-defined]


class LoanForm(forms.Form):
    municipality = forms.ModelChoiceField(
        label=_("Lending municipality"), queryset=_orgs(K.MUNICIPALITY)
    )
    person = forms.ModelChoiceField(label=_("Person"), queryset=Person.objects.all())
    share = forms.IntegerField(label=_("Share of full time (%)"), help_text=_("Between 1 and 100."))
    start = forms.DateField(label=_("From"), widget=DATE)
    end = forms.DateField(label=_("Until"), widget=DATE)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def clean_share(self) -> Any:
        share = self.cleaned_data["share"]
        if share is not None and not 1 <= share <= 100:
            raise forms.ValidationError(_("The share of full time must be between 1 and 100%."))
        return share

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        _check_period(self, data)
        return data


class LoanFilterForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=1990, max_value=2100, required=False)
    municipality = forms.ModelChoiceField(
        label=_("Municipality"),
        queryset=_orgs(K.MUNICIPALITY),
        required=False,
        empty_label=_("All municipalities"),
        to_field_name="slug",
    )


class ProjectFilterForm(forms.Form):
    q = forms.CharField(label=_("Search in titles"), max_length=100, required=False)
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("All statuses")), *Project.Status.choices],
        required=False,
    )
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", _("All kinds")), *Project.Kind.choices], required=False
    )
    area = forms.ModelChoiceField(
        label=_("Priority area"),
        queryset=PriorityArea.objects.filter(archived=False),
        required=False,
        empty_label=_("All priority areas"),
        to_field_name="slug",
    )
    funder = forms.ModelChoiceField(
        label=_("Funder"),
        queryset=_orgs(K.FUNDER),
        required=False,
        empty_label=_("All funders"),
        to_field_name="slug",
    )
    partnership = forms.ModelChoiceField(
        label=_("Partnership"),
        queryset=Partnership.objects.filter(archived=False),
        required=False,
        empty_label=_("All partnerships"),
        to_field_name="slug",
    )


class PhdStudentForm(forms.Form):
    person = forms.ModelChoiceField(label=_("Person"), queryset=Person.objects.all())
    topic = forms.CharField(label=_("Topic or working title"), max_length=300)
    programme = forms.CharField(
        label=_("Programme"),
        max_length=200,
        initial=_("PhD programme in social work"),
    )
    research_school = forms.ModelChoiceField(
        label=_("Research school"), queryset=_orgs(K.RESEARCH_SCHOOL), required=False
    )
    university = forms.ModelChoiceField(label=_("University"), queryset=_orgs(K.UNIVERSITY))
    employer = forms.ModelChoiceField(
        label=_("Employed at (social services)"),
        queryset=_orgs(K.MUNICIPALITY, K.DEPARTMENT, K.UNIT, K.REGIONAL_RD),
        required=False,
    )
    project = forms.ModelChoiceField(
        label=_("Project"),
        queryset=Project.objects.active().filter(kind=Project.Kind.RESEARCH),
        required=False,
    )
    start_planned = forms.DateField(label=_("Start"), widget=DATE, required=False)
    after_defence = forms.ChoiceField(
        label=_("After the defence"),
        choices=PhdStudent.AfterDefence.choices,
        initial=PhdStudent.AfterDefence.UNDECIDED,
        help_text=_("The structure exists to keep research-trained staff in social services."),
    )
    role_after = forms.CharField(label=_("Role after the defence"), max_length=200, required=False)
    visibility = forms.ChoiceField(
        label=_("Who may see this page"), choices=PHD_AUDIENCE, initial=Visibility.PUBLIC
    )
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

    def __init__(self, *args: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["start_planned"]  # dates are kept on the milestones page


class SupervisorForm(forms.Form):
    person = forms.ModelChoiceField(label=_("Supervisor"), queryset=Person.objects.all())
    role = forms.ChoiceField(label=_("Role"), choices=Supervision.Role.choices)


class MilestonesForm(forms.Form):
    """Planned and actual dates of the four milestones, one fieldset each."""

    def __init__(self, *args: Any, milestones: list[Milestone], **kwargs: Any) -> None:
        initial: dict[str, Any] = kwargs.pop("initial", None) or {}
        for m in milestones:
            initial |= {
                f"{m.kind}_planned": m.planned,
                f"{m.kind}_actual": m.actual,
                f"{m.kind}_note": m.note,
            }
        kwargs["initial"] = initial
        super().__init__(*args, **kwargs)
        for kind in Milestone.ORDER:
            self.fields[f"{kind}_planned"] = forms.DateField(
                label=_("Planned"), widget=DATE, required=False
            )
            self.fields[f"{kind}_actual"] = forms.DateField(
                label=_("Held"), widget=DATE, required=False
            )
            self.fields[f"{kind}_note"] = forms.CharField(
                label=_("Note"), max_length=300, required=False
            )

    def groups(self) -> list[dict[str, Any]]:
        return [
            {
                "kind": kind,
                "label": Milestone.Kind(kind).label,
                "fields": [self[f"{kind}_{name}"] for name in ("planned", "actual", "note")],
            }
            for kind in Milestone.ORDER
        ]

    def dates(self) -> dict[str, dict[str, Any]]:
        data = self.cleaned_data
        return {
            kind: {name: data.get(f"{kind}_{name}") for name in ("planned", "actual", "note")}
            for kind in Milestone.ORDER
        }


def _terms() -> list[tuple[str, str]]:
    from bryggan.portfolio.models import term_label

    this_year = timezone.localdate().year
    return [
        (f"{year}-{season}", term_label(year, season))
        for year in range(this_year + 1, this_year - 6, -1)
        for season in (2, 1)
    ]


class EducationActivityForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=EducationActivity.Kind.choices)
    term = forms.ChoiceField(label=_("Term"), choices=_terms)
    unit = forms.ModelChoiceField(
        label=_("Unit"),
        queryset=_orgs(K.UNIT, K.DEPARTMENT),
        help_text=_("The social services unit that takes part."),
    )
    student_name = forms.CharField(
        label=_("Student"),
        max_length=200,
        required=False,
        help_text=_("Field placements: the student's name only."),
    )
    supervisor = forms.ModelChoiceField(
        label=_("Supervisor"),
        queryset=Person.objects.all(),
        required=False,
        help_text=_("Field placements: the supervisor in the unit."),
    )
    person = forms.ModelChoiceField(
        label=_("Staff member or researcher"),
        queryset=Person.objects.all(),
        required=False,
        help_text=_("Who teaches, who comes on placement, or who starts master's studies."),
    )
    university = forms.ModelChoiceField(
        label=_("University"), queryset=_orgs(K.UNIVERSITY, K.SCHOOL), required=False
    )
    course = forms.CharField(label=_("Course or programme"), max_length=200, required=False)
    hours = forms.DecimalField(
        label=_("Hours"),
        max_digits=6,
        decimal_places=1,
        required=False,
        help_text=_("Teaching: hours taught in the course."),
    )
    start = forms.DateField(label=_("From"), widget=DATE, required=False)
    end = forms.DateField(label=_("Until"), widget=DATE, required=False)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        _check_period(self, data)
        return data

    def activity_fields(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        year, season = data.pop("term").split("-")
        return {**data, "year": int(year), "season": int(season)}


class EducationFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[("", _("All kinds")), *EducationActivity.Kind.choices],
        required=False,
    )
    unit = forms.ModelChoiceField(
        label=_("Unit"),
        queryset=_orgs(K.UNIT, K.DEPARTMENT)
        .filter(Q(education_activities__isnull=False))
        .distinct(),
        required=False,
        empty_label=_("All units"),
        to_field_name="slug",
    )
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100, required=False)
