from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from bryggan.governance.models import (
    LAST_YEAR,
    ActionItem,
    AgendaItem,
    Body,
    Decision,
    Meeting,
    Membership,
    Partnership,
    Party,
    default_reminder_days,
)
from bryggan.people.models import Organisation, Person
from bryggan.taxonomy.models import PriorityArea

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
AUDIENCE = [
    ("public", _("Everyone (public)")),
    ("internal", _("All partnership staff")),
    ("restricted", _("Members of the body")),
]
PARTNERSHIP_AUDIENCE = [
    ("public", _("Everyone (public)")),
    ("internal", _("All partnership staff")),
    ("restricted", _("Members of the partnership's bodies")),
]
NO_PARTY = _(
    "Choose the party that pays: a funding year always belongs to a party of the partnership."
)


class PartyForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.filter(archived=False)
    )
    role = forms.ChoiceField(label=_("Role"), choices=Party.Role.choices)
    mission = forms.CharField(
        label=_("Mission defined by the party"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("What the party asks of the partnership, in its own words."),
    )
    joined = forms.DateField(label=_("Joined"), widget=DATE, required=False)
    left = forms.DateField(label=_("Left"), widget=DATE, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("joined") and data.get("left") and data["left"] < data["joined"]:
            self.add_error("left", _("A party cannot leave before it joined."))
        return data


class AreasForm(forms.Form):
    priority_areas = forms.ModelMultipleChoiceField(
        label=_("Priority areas set by the owners"),
        queryset=PriorityArea.objects.filter(archived=False),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class FundingForm(forms.Form):
    party = forms.ModelChoiceField(
        label=_("Party"), queryset=Party.objects.none(), error_messages={"required": NO_PARTY}
    )
    year = forms.IntegerField(label=_("Year"), min_value=1990, max_value=LAST_YEAR)
    amount = forms.IntegerField(label=_("Amount (SEK)"), min_value=0)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["party"].queryset = partnership.parties.select_related(  # type: ignore[attr-defined]
            "organisation"
        ).order_by("organisation__name_sv")
        self.fields["party"].label_from_instance = lambda p: p.organisation.name  # type: ignore[attr-defined]


class AgreementForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    parties = forms.ModelMultipleChoiceField(
        label=_("Parties"), queryset=Party.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    scope = forms.CharField(
        label=_("Scope"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    start = forms.DateField(label=_("In force from"), widget=DATE)
    end = forms.DateField(
        label=_("In force until"),
        widget=DATE,
        required=False,
        help_text=_("Empty: until further notice."),
    )
    notice_date = forms.DateField(
        label=_("Renewal or notice date"),
        widget=DATE,
        required=False,
        help_text=_("The last day to renew the agreement or give notice."),
    )
    reminder_days = forms.IntegerField(
        label=_("Remind the coordinators this many days before"),
        min_value=1,
        max_value=730,
        initial=default_reminder_days,
    )
    coordinators = forms.ModelMultipleChoiceField(
        label=_("Coordinators to remind"), queryset=Person.objects.all(), required=False
    )
    signed_on = forms.DateField(label=_("Signed on"), widget=DATE, required=False)
    document = forms.FileField(
        label=_("Signed document"),
        required=False,
        help_text=_("A new file is kept beside the earlier one."),
    )
    visibility = forms.ChoiceField(
        label=_("Who may read it"), choices=PARTNERSHIP_AUDIENCE, initial="internal"
    )

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["parties"].queryset = partnership.parties.select_related(  # type: ignore[attr-defined]
            "organisation"
        ).order_by("organisation__name_sv")
        self.fields["parties"].label_from_instance = lambda p: p.organisation.name  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end, notice = data.get("start"), data.get("end"), data.get("notice_date")
        if start and end and end < start:
            self.add_error("end", _("The agreement cannot end before it starts."))
        if notice and start and notice < start:
            self.add_error(
                "notice_date",
                _("The renewal or notice date cannot be before the agreement starts."),
            )
        return data


class BodyForm(forms.Form):
    """A body; `decision_prefix` is the model's `prefix` (a form already has a `prefix`)."""

    kind = forms.ChoiceField(label=_("Kind"), choices=Body.Kind.choices)
    name_sv = forms.CharField(label=_("Name (Swedish)"), max_length=200)
    name_en = forms.CharField(label=_("Name (English)"), max_length=200, required=False)
    decision_prefix = forms.CharField(
        label=_("Decision number prefix"),
        max_length=12,
        required=False,
        help_text=_('E.g. "SG" gives decision numbers like "SG 2026:3". Empty: from the kind.'),
    )
    mandate = forms.CharField(
        label=_("Mandate"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    established = forms.DateField(label=_("Established"), widget=DATE)
    visibility = forms.ChoiceField(label=_("Who sees the body"), choices=AUDIENCE, initial="public")


class TransformForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("The new body is a"), choices=Body.Kind.choices, initial=Body.Kind.STEERING_GROUP
    )
    name_sv = forms.CharField(label=_("Name of the new body (Swedish)"), max_length=200)
    name_en = forms.CharField(label=_("Name (English)"), max_length=200, required=False)
    decision_prefix = forms.CharField(
        label=_("Decision number prefix"), max_length=12, required=False
    )
    on = forms.DateField(label=_("The new body starts on"), widget=DATE)
    mandate = forms.CharField(
        label=_("Mandate of the new body"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("Empty: the same mandate as before."),
    )
    note = forms.CharField(
        label=_("Why (kept in the history)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    carry_members = forms.BooleanField(
        label=_("Current members continue in the new body"), required=False, initial=True
    )


class ArchiveForm(forms.Form):
    note = forms.CharField(label=_("Why (kept in the history)"), max_length=500, required=False)


class MembershipForm(forms.Form):
    person = forms.ModelChoiceField(label=_("Person"), queryset=Person.objects.all())
    role = forms.ChoiceField(label=_("Role"), choices=Membership.Role.choices)
    represents = forms.ModelChoiceField(
        label=_("Represents"), queryset=Organisation.objects.filter(archived=False), required=False
    )
    start = forms.DateField(label=_("Term starts"), widget=DATE)
    end = forms.DateField(label=_("Term ends"), widget=DATE, required=False)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("The term cannot end before it starts."))
        return data


class MembershipEditForm(MembershipForm):
    person = None  # type: ignore[assignment]


class MeetingForm(forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        required=False,
        help_text=_("Empty: the body's name and the date."),
    )
    start = forms.DateTimeField(
        label=_("Starts"), widget=DATETIME, help_text=_("Swedish time (Europe/Stockholm).")
    )
    end = forms.DateTimeField(label=_("Ends"), widget=DATETIME)
    place = forms.CharField(label=_("Place"), max_length=300, required=False)
    online_url = forms.URLField(label=_("Online link"), required=False, assume_scheme="https")
    visibility = forms.ChoiceField(
        label=_("Who sees the meeting and its agenda"), choices=AUDIENCE, initial="restricted"
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("start") and data.get("end") and data["end"] <= data["start"]:
            self.add_error("end", _("The meeting must end after it starts."))
        return data


class AgendaItemForm(forms.Form):
    title = forms.CharField(label=_("Item"), max_length=300)
    kind = forms.ChoiceField(label=_("Kind"), choices=AgendaItem.Kind.choices)
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    presenter = forms.ModelChoiceField(
        label=_("Presented by"), queryset=Person.objects.all(), required=False
    )


class MinutesForm(forms.Form):
    text = forms.CharField(
        label=pgettext_lazy("governance", "Minutes"),
        widget=forms.Textarea(attrs={"rows": 12}),
        required=False,
        help_text=_("Simple HTML is kept: paragraphs, lists, headings, links, emphasis."),
    )
    visibility = forms.ChoiceField(
        label=_("Who may read the minutes"), choices=AUDIENCE, initial="restricted"
    )
    approved_on = forms.DateField(label=_("Approved on"), widget=DATE, required=False)


class DecisionForm(forms.Form):
    title = forms.CharField(label=_("Decision"), max_length=300)
    text = forms.CharField(
        label=_("Wording and grounds"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    agenda_item = forms.ModelChoiceField(
        label=_("Agenda item"), queryset=AgendaItem.objects.none(), required=False
    )
    visibility = forms.ChoiceField(label=_("Who may read it"), choices=AUDIENCE)

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("visibility", meeting.visibility)
        super().__init__(*args, **kwargs)
        self.fields["agenda_item"].queryset = meeting.agenda.all()  # type: ignore[attr-defined]


class DecisionEditForm(forms.Form):
    title = forms.CharField(label=_("Decision"), max_length=300)
    text = forms.CharField(
        label=_("Wording and grounds"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    visibility = forms.ChoiceField(label=_("Who may read it"), choices=AUDIENCE)


class ActionForm(forms.Form):
    title = forms.CharField(label=_("Action"), max_length=300)
    owner = forms.ModelChoiceField(
        label=pgettext_lazy("action", "Owner"),
        queryset=Person.objects.all(),
        error_messages={"required": _("Every action needs an owner.")},
    )
    due = forms.DateField(label=_("Due date"), widget=DATE, required=False)
    decision = forms.ModelChoiceField(
        label=_("Follows from decision"), queryset=Decision.objects.none(), required=False
    )
    visibility = forms.ChoiceField(label=_("Who may see it"), choices=AUDIENCE)

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("visibility", meeting.visibility)
        super().__init__(*args, **kwargs)
        self.fields["decision"].queryset = meeting.decisions.all()  # type: ignore[attr-defined]


class ActionStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ActionItem.Status.choices)
    note = forms.CharField(
        label=_("Follow-up note"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    file = forms.FileField(label=_("File"), required=False)
    url = forms.URLField(label=_("Or a link"), required=False, assume_scheme="https")
    visibility = forms.ChoiceField(
        label=_("Who may read it"), choices=AUDIENCE, initial="restricted"
    )


class DecisionSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=200,
        help_text=_('Words, or a decision number such as "SG 2026:3".'),
    )
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1990, max_value=LAST_YEAR)
    partnership = forms.ModelChoiceField(
        label=_("Partnership"),
        queryset=Partnership.objects.none(),
        required=False,
        empty_label=_("All partnerships"),
        to_field_name="slug",
    )

    def __init__(self, *args: Any, partnerships: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if partnerships is None:
            del self.fields["partnership"]
        else:
            self.fields["partnership"].queryset = partnerships  # type: ignore[attr-defined]
