"""Forms of systematic follow-up; every one refuses input holding an identity number."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bryggan.followup import dictionary
from bryggan.followup.answers import check_answers
from bryggan.followup.guard import GuardedForm
from bryggan.followup.models import (
    ExportJob,
    FollowupPlan,
    InstrumentVersion,
    Item,
    Licence,
    MissingCode,
    Occasion,
    PlanGrant,
    Subscale,
)
from bryggan.lib.suppression import FLOOR, default_minimum
from bryggan.people.models import Organisation
from bryggan.taxonomy.models import PriorityArea, Topic

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def choice_field(form: forms.Form, name: str) -> forms.ChoiceField:
    """Return a form's choice field, to set its choices at run time."""
    return cast(forms.ChoiceField, form.fields[name])


class InstrumentForm(GuardedForm):
    name = forms.CharField(label=_("Name"), max_length=200)
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    licence = forms.ChoiceField(label=_("Licence"), choices=Licence.choices)
    licence_note = forms.CharField(
        label=_("Licence note"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Who holds the rights, what may be done with the instrument, source."),
    )


class VersionForm(GuardedForm):
    label = forms.RegexField(
        label=_("Version"),
        max_length=20,
        regex=r"^[0-9A-Za-z._-]+$",
        error_messages={"invalid": _("Use letters, digits, dots and dashes, e.g. 2 or 2.1.")},
    )
    note = forms.CharField(
        label=_("What changed"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    copy_from = forms.ModelChoiceField(
        label=_("Start from a copy of"),
        queryset=InstrumentVersion.objects.none(),
        required=False,
        empty_label=_("(an empty version)"),
    )

    def __init__(self, *args: Any, instrument: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["copy_from"].queryset = instrument.versions.all()  # type: ignore[attr-defined]


class ItemForm(GuardedForm):
    code = forms.CharField(
        label=_("Variable name"),
        max_length=24,
        help_text=_("Lower-case letters, digits and underscores, e.g. q01 or sleep_hours."),
    )
    kind = forms.ChoiceField(label=_("Type"), choices=Item.Kind.choices)
    text = forms.CharField(label=_("Question"), max_length=500)
    choices = forms.CharField(
        label=_("Value labels"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For Likert and choice items: 1, Never | 2, Sometimes | 3, Often"),
    )
    min_value = forms.FloatField(label=_("Lowest value"), required=False)
    max_value = forms.FloatField(label=_("Highest value"), required=False)
    required = forms.BooleanField(label=_("An answer is required"), required=False)
    reverse_coded = forms.BooleanField(label=_("Reverse-coded in subscales"), required=False)

    def clean_code(self) -> str:
        return self.cleaned_data["code"].strip().lower()

    def clean_choices(self) -> list[list[Any]]:
        try:
            return dictionary.parse_choices(self.cleaned_data.get("choices", ""))
        except ValueError as error:
            raise forms.ValidationError(
                _("Write the value labels as “1, Never | 2, Sometimes”.")
            ) from error


class SubscaleForm(GuardedForm):
    code = forms.CharField(label=_("Variable name"), max_length=24)
    label = forms.CharField(label=_("Name"), max_length=200)
    method = forms.ChoiceField(label=_("Scoring"), choices=Subscale.Method.choices)
    items = forms.ModelMultipleChoiceField(
        label=_("Items"), queryset=Item.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    min_answered = forms.IntegerField(label=_("Minimum answered items"), min_value=1)
    higher_is_better = forms.BooleanField(
        label=_("A higher score is better"), required=False, initial=True
    )
    important_change = forms.FloatField(
        label=_("Smallest important change"),
        required=False,
        min_value=0,
        help_text=_("Leave empty to use half the standard deviation at baseline."),
    )

    def __init__(self, *args: Any, version: InstrumentVersion, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["items"].queryset = version.items.filter(kind__in=Item.SCALED)  # type: ignore[attr-defined]

    def clean_code(self) -> str:
        return self.cleaned_data["code"].strip().lower()


class DictionaryForm(forms.Form):
    file = forms.FileField(
        label=_("Data dictionary (CSV)"),
        help_text=_("It replaces the version's items and subscales."),
    )


class PlanForm(GuardedForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind of intervention"), choices=FollowupPlan.Kind.choices)
    intervention = forms.CharField(label=_("Intervention or service"), max_length=300)
    target_group = forms.CharField(label=_("Target group"), max_length=300)
    question = forms.CharField(
        label=_("What the follow-up should answer"), widget=forms.Textarea(attrs={"rows": 3})
    )
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    start = forms.DateField(label=_("From"), widget=DATE)
    end = forms.DateField(label=_("Until"), widget=DATE, required=False)
    owner = forms.ModelChoiceField(
        label=_("Responsible organisation"),
        queryset=Organisation.objects.filter(archived=False),
        required=False,
    )
    report_period = forms.ChoiceField(
        label=_("Reporting period"),
        choices=FollowupPlan.ReportPeriod.choices,
        initial=FollowupPlan.ReportPeriod.HALF_YEAR,
        help_text=_("Subjects are grouped by when they started; reports can be filtered by it."),
    )
    suppression_minimum = forms.IntegerField(
        label=_("Suppression minimum"),
        initial=default_minimum,
        min_value=FLOOR,
        max_value=50,
        help_text=_("Figures resting on fewer subjects are shown as “..”. Never below 3."),
        error_messages={"min_value": _("The suppression minimum cannot be below 3.")},
    )
    aggregated_exports_only = forms.BooleanField(
        label=_("Allow exports of aggregated tables only"), required=False
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=FollowupPlan.Status.choices, initial=FollowupPlan.Status.DRAFT
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

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("The plan cannot end before it starts."))
        return data


class UnitForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Unit or municipality"),
        queryset=Organisation.objects.filter(
            archived=False,
            kind__in=[
                Organisation.Kind.UNIT,
                Organisation.Kind.DEPARTMENT,
                Organisation.Kind.MUNICIPALITY,
            ],
        ),
    )
    code = forms.RegexField(
        label=_("Code"),
        regex=r"^[A-Za-z]{2,6}$",
        help_text=_("2–6 letters; the subject codes of the unit start with it."),
        error_messages={"invalid": _("Use 2–6 letters A–Z.")},
    )


class OccasionForm(GuardedForm):
    key = forms.SlugField(
        label=_("Short name"), max_length=20, help_text=_("E.g. baseline, 3m, 12m.")
    )
    label = forms.CharField(label=_("Name"), max_length=100)
    months = forms.IntegerField(
        label=_("Months after the start"),
        min_value=0,
        max_value=240,
        required=False,
        help_text=_("0 for baseline; empty for an occasion without a fixed time."),
    )
    versions = forms.ModelMultipleChoiceField(
        label=_("Instrument versions"),
        queryset=InstrumentVersion.objects.select_related("instrument"),
        widget=forms.CheckboxSelectMultiple,
    )


class GrantForm(GuardedForm):
    email = forms.EmailField(label=_("E-mail address of the person"))
    level = forms.ChoiceField(label=_("Access"), choices=PlanGrant.Level.choices)
    can_export = forms.BooleanField(label=_("May export"), required=False)
    note = forms.CharField(
        label=_("Note"),
        max_length=300,
        required=False,
        help_text=_("E.g. the ethics approval it rests on."),
    )


class SubjectsForm(forms.Form):
    count = forms.IntegerField(
        label=_("Number of new codes"), min_value=1, max_value=500, initial=1
    )
    enrolled_on = forms.DateField(
        label=_("Started the intervention on"), widget=DATE, initial=timezone.localdate
    )


MISSING_CHOICES = [("", _("(not missing)")), *[(str(c.value), c.label) for c in MissingCode]]


class MeasurementForm(GuardedForm):
    """A data entry form built from an instrument version's items."""

    measured_on = forms.DateField(label=_("Measured on"), widget=DATE)

    def __init__(self, *args: Any, items: list[Item], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.items = items
        for item in items:
            self.fields[f"item_{item.code}"] = self._field(item)
            self.fields[f"missing_{item.code}"] = forms.ChoiceField(
                label=_("%(code)s: why the answer is missing") % {"code": item.code},
                choices=MISSING_CHOICES,
                required=False,
            )

    @staticmethod
    def _field(item: Item) -> forms.Field:
        label = f"{item.code}. {item.text}"
        if item.kind in (Item.Kind.LIKERT, Item.Kind.SINGLE, Item.Kind.YESNO):
            return forms.ChoiceField(
                label=label,
                choices=[(str(v), f"{v} – {t}") for v, t in item.value_labels.items()],
                widget=forms.RadioSelect,
                required=False,
            )
        if item.kind == Item.Kind.MULTIPLE:
            return forms.MultipleChoiceField(
                label=label,
                choices=[(str(v), t) for v, t in item.value_labels.items()],
                widget=forms.CheckboxSelectMultiple,
                required=False,
            )
        if item.kind == Item.Kind.DATE:
            return forms.CharField(label=label, widget=DATE, required=False)
        if item.kind == Item.Kind.NUMERIC:
            attrs = {"inputmode": "decimal"}
            help_text = ""
            if item.min_value is not None or item.max_value is not None:
                help_text = _("From %(low)s to %(high)s.") % {
                    "low": "" if item.min_value is None else f"{item.min_value:g}",
                    "high": "" if item.max_value is None else f"{item.max_value:g}",
                }
            return forms.CharField(
                label=label,
                widget=forms.TextInput(attrs=attrs),
                required=False,
                help_text=help_text,
            )
        return forms.CharField(label=label, max_length=200, required=False)

    def fields_of(self, item: Item) -> tuple[Any, Any]:
        return self[f"item_{item.code}"], self[f"missing_{item.code}"]

    def raw_answers(self) -> dict[str, Any]:
        """What was given for each item: a missing-value code wins over an answer."""
        raw: dict[str, Any] = {}
        for item in self.items:
            code = self.cleaned_data.get(f"missing_{item.code}")
            value = self.cleaned_data.get(f"item_{item.code}")
            raw[item.code] = code if code else value
        return raw

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if getattr(self, "identity_number_found", False):
            return data
        answers = check_answers(self.items, self.raw_answers())
        for code, message in answers.errors.items():
            self.add_error(f"item_{code}", message)
        return data


class ImportForm(forms.Form):
    target = forms.ChoiceField(label=_("Occasion and instrument"))
    file = forms.FileField(
        label=_("File (CSV or XLSX)"),
        help_text=_(
            "Columns: subject, measured_on and the variable names of the items. "
            "Missing-value codes: -7, -8, -9."
        ),
    )

    def __init__(self, *args: Any, occasions: list[Occasion], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "target").choices = target_choices(occasions)


def target_choices(
    occasions: list[Occasion], *, any_label: str | None = None
) -> list[tuple[str, str]]:
    choices = [("", any_label)] if any_label else []
    for occasion in occasions:
        for version in occasion.versions.all():
            choices.append((f"{occasion.pk}:{version.pk}", f"{occasion.label} – {version}"))
    return choices


class ReportFilterForm(forms.Form):
    unit = forms.ChoiceField(label=_("Unit"), required=False)
    period = forms.ChoiceField(label=_("Started in period"), required=False)

    def __init__(
        self, *args: Any, units: list[Any], periods: list[str], all_units: bool, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "unit").choices = [("", _("All units in the plan"))] + [
            (unit.code, unit.organisation.name) for unit in units
        ]
        choice_field(self, "period").choices = [("", _("All periods"))] + [(p, p) for p in periods]


class ExportForm(GuardedForm):
    scope = forms.ChoiceField(
        label=_("What to export"), choices=ExportJob.Scope.choices, widget=forms.RadioSelect
    )
    format = forms.ChoiceField(
        label=_("Format"), choices=ExportJob.Format.choices, widget=forms.RadioSelect
    )
    target = forms.ChoiceField(
        label=_("Occasion and instrument (record-level data)"), required=False
    )
    purpose = forms.CharField(
        label=_("Purpose"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Required for record-level data: what the data will be used for and the ethics approval "
            "it rests on (Dnr)."
        ),
    )

    def __init__(
        self, *args: Any, occasions: list[Occasion], records_allowed: bool, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "target").choices = target_choices(
            occasions, any_label=str(_("All occasions and instruments"))
        )
        if not records_allowed:
            choice_field(self, "scope").choices = [
                (ExportJob.Scope.AGGREGATED, ExportJob.Scope.AGGREGATED.label)
            ]
            self.fields["scope"].initial = ExportJob.Scope.AGGREGATED
