from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from bryggan.insight import registry
from bryggan.insight.models import ActivityReport, Language, PlannedItem
from bryggan.insight.periods import Period, check_period
from bryggan.taxonomy.models import PriorityArea

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
NARRATIVE_HELP = _(
    "Plain text (a blank line starts a new paragraph) or simple HTML: p, strong, em, lists, "
    "h3, h4, links, blockquote. Anything else is removed."
)


class PeriodForm(forms.Form):
    start = forms.DateField(label=_("From"), widget=DATE)
    end = forms.DateField(label=_("To and including"), widget=DATE)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("start") and data.get("end"):
            try:
                data["period"] = check_period(data["start"], data["end"])
            except ValueError as error:
                self.add_error("end", str(error))
        return data

    @classmethod
    def for_period(cls, period: Period) -> PeriodForm:
        return cls({"start": period.start.isoformat(), "end": period.last_day.isoformat()})


class YearForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=1990, max_value=2199)


def _narrative(label: Any, required: bool = False) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=NARRATIVE_HELP,
    )


class ReportForm(forms.Form):
    """The narrative of a report: introduction, outlook, one text per priority area and party."""

    narrative_language = forms.ChoiceField(
        label=_("Language of the narrative"), choices=Language.choices
    )
    introduction = _narrative(_("Introduction"))
    outlook = _narrative(_("Looking ahead"))

    def __init__(self, *args: Any, report: ActivityReport, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.areas = list(report.partnership.priority_areas.order_by("name_sv"))
        self.parties = list(
            report.partnership.parties.select_related("organisation").order_by(
                "organisation__name_sv"
            )
        )
        for area in self.areas:
            self.fields[f"area_{area.pk}"] = _narrative(area.name)
        for party in self.parties:
            self.fields[f"party_{party.organisation_id}"] = _narrative(party.organisation.name)

    def area_fields(self) -> list[Any]:
        return [self[f"area_{a.pk}"] for a in self.areas]

    def party_fields(self) -> list[Any]:
        return [self[f"party_{p.organisation_id}"] for p in self.parties]

    def texts(self) -> tuple[dict[int, str], dict[int, str]]:
        data = self.cleaned_data
        return (
            {a.pk: data.get(f"area_{a.pk}", "") for a in self.areas},
            {p.organisation_id: data.get(f"party_{p.organisation_id}", "") for p in self.parties},
        )


class HighlightForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    text = forms.CharField(
        label=_("Text"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    record = forms.ChoiceField(label=_("Record to point to"), required=False)

    def __init__(
        self, *args: Any, candidates: Sequence[tuple[str, str]] = (), **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        choices: list[tuple[str, Any]] = [("", _("No record")), *candidates]
        cast(forms.ChoiceField, self.fields["record"]).choices = choices


class PlanIntroductionForm(forms.Form):
    introduction = _narrative(_("Introduction"))


def _areas() -> Any:
    return PriorityArea.objects.filter(archived=False)


class PlannedItemForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=PlannedItem.Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    when = forms.CharField(
        label=_("When"), required=False, max_length=100, help_text=_("For example: spring, Q3.")
    )
    area = forms.ModelChoiceField(label=_("Priority area"), queryset=_areas(), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = _areas()  # type: ignore[attr-defined]


def indicator_choices() -> list[tuple[str, Any]]:
    return [("", _("No figure (followed up in words)"))] + [
        (f.key, f"{f.group_label}: {f.label}") for f in registry.figures()
    ]


class GoalForm(forms.Form):
    text = forms.CharField(label=_("Goal"), max_length=300)
    indicator = forms.ChoiceField(label=_("Figure that measures it"), required=False)
    target = forms.DecimalField(
        label=_("Target"), required=False, min_value=0, max_digits=12, decimal_places=1
    )
    area = forms.ModelChoiceField(label=_("Priority area"), queryset=_areas(), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["indicator"].choices = indicator_choices()  # type: ignore[attr-defined]
        self.fields["area"].queryset = _areas()  # type: ignore[attr-defined]


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=PlannedItem.Outcome.choices, required=False
    )
    note = forms.CharField(label=_("Note on the outcome"), required=False, max_length=2000)


class GoalNoteForm(forms.Form):
    note = forms.CharField(label=_("Note on the outcome"), required=False, max_length=2000)
