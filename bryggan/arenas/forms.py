from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from bryggan.arenas.models import (
    MAX_SESSIONS,
    Action,
    Attendance,
    Audience,
    Case,
    Event,
    Membership,
    Series,
)
from bryggan.governance.models import Partnership
from bryggan.library.models import Publication
from bryggan.people.models import Organisation, Person
from bryggan.taxonomy.models import PriorityArea, Topic

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _people() -> Any:
    return Person.objects.all()


class TaggingFields(forms.Form):
    organisations = forms.ModelMultipleChoiceField(
        label=_("Organisers"), queryset=Organisation.objects.filter(archived=False), required=False
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


class EventForm(TaggingFields):
    kind = forms.ChoiceField(label=_("Kind"), choices=Event.Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 5}), required=False
    )
    start = forms.DateTimeField(
        label=_("Starts"), widget=DATETIME, help_text=_("Swedish time (Europe/Stockholm).")
    )
    end = forms.DateTimeField(label=_("Ends"), widget=DATETIME)
    place = forms.CharField(label=_("Place"), max_length=300, required=False)
    online_url = forms.URLField(label=_("Online link"), required=False, assume_scheme="https")
    visibility = forms.ChoiceField(
        label=_("Audience"), choices=Audience.choices, initial=Audience.INTERNAL
    )
    series = forms.ModelChoiceField(
        label=_("Series or group"), queryset=Series.objects.all(), required=False
    )
    capacity = forms.IntegerField(
        label=_("Capacity"), min_value=1, required=False, help_text=_("Leave empty for no limit.")
    )
    registration_deadline = forms.DateTimeField(
        label=_("Registration deadline"), widget=DATETIME, required=False
    )
    speakers = forms.ModelMultipleChoiceField(
        label=_("Speakers in Bryggan"), queryset=Person.objects.all(), required=False
    )
    external_speakers = forms.CharField(
        label=_("Other speakers"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("One name per line."),
    )
    partnership = forms.ModelChoiceField(
        label=_("Partnership"), queryset=Partnership.objects.all(), required=False
    )

    field_order = [
        "kind",
        "title",
        "description",
        "start",
        "end",
        "place",
        "online_url",
        "visibility",
        "series",
        "capacity",
        "registration_deadline",
        "speakers",
        "external_speakers",
        "partnership",
    ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end, deadline = data.get("start"), data.get("end"), data.get("registration_deadline")
        if start and end and end <= start:
            self.add_error("end", _("The event must end after it starts."))
        if start and deadline and deadline > start:
            self.add_error(
                "registration_deadline",
                _("The registration deadline must be before the event starts."),
            )
        if data.get("visibility") == Audience.RESTRICTED and not data.get("series"):
            self.add_error(
                "series", _("An event for members of a group must belong to a series or group.")
            )
        return data


class SeriesForm(TaggingFields):
    kind = forms.ChoiceField(label=_("Kind"), choices=Series.Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 5}), required=False
    )
    visibility = forms.ChoiceField(
        label=_("Audience"), choices=Audience.choices, initial=Audience.INTERNAL
    )
    partnership = forms.ModelChoiceField(
        label=_("Partnership"), queryset=Partnership.objects.all(), required=False
    )

    field_order = ["kind", "title", "description", "visibility", "partnership"]


class SessionsForm(forms.Form):
    """Generate sessions of a series from a recurrence rule."""

    FREQUENCIES = [
        ("weekly", _("Every week")),
        ("biweekly", _("Every other week")),
        ("monthly", _("Every month")),
    ]

    kind = forms.ChoiceField(label=_("Kind of session"), choices=Event.Kind.choices)
    title = forms.CharField(label=_("Title of each session"), max_length=200)
    first_start = forms.DateTimeField(
        label=_("First session starts"),
        widget=DATETIME,
        help_text=_("Swedish time (Europe/Stockholm)."),
    )
    duration = forms.IntegerField(
        label=_("Length in minutes"), min_value=5, max_value=24 * 60, initial=90
    )
    frequency = forms.ChoiceField(label=_("How often"), choices=FREQUENCIES)
    count = forms.IntegerField(
        label=_("Number of sessions"),
        min_value=1,
        required=False,
        help_text=_("At most %(max)d.") % {"max": MAX_SESSIONS},
    )
    until = forms.DateField(label=_("Last date"), widget=DATE, required=False)
    rule = forms.CharField(
        label=_("Or a recurrence rule (RRULE)"),
        max_length=300,
        required=False,
        help_text=_("For example FREQ=MONTHLY;BYDAY=2TU;COUNT=10. Overrides the choices above."),
    )
    place = forms.CharField(label=_("Place"), max_length=300, required=False)
    online_url = forms.URLField(label=_("Online link"), required=False, assume_scheme="https")
    capacity = forms.IntegerField(label=_("Capacity"), min_value=1, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("rule") and not data.get("count") and not data.get("until"):
            self.add_error("count", _("Give a number of sessions or a last date."))
        return data


class MembershipForm(forms.Form):
    person = forms.ModelChoiceField(label=_("Person"), queryset=Person.objects.all())
    role = forms.ChoiceField(label=_("Role"), choices=Membership.Role.choices)


class ReadingItemForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    url = forms.URLField(label=_("Link"), required=False, assume_scheme="https")
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class CaseForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    source = forms.ChoiceField(label=_("Source"), choices=Case.Source.choices)
    summary = forms.CharField(
        label=_("Summary"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Never write anything that could identify a client."),
    )


class MinutesForm(forms.Form):
    minutes = forms.CharField(
        label=_("Minutes"),
        widget=forms.Textarea(attrs={"rows": 10}),
        required=False,
        help_text=_("Simple HTML is kept: paragraphs, lists, headings, links, emphasis."),
    )
    decisions = forms.CharField(
        label=_("Decisions"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("One decision per line."),
    )


class TakeawayForm(forms.Form):
    text = forms.CharField(
        label=_("What I or we take away"), widget=forms.Textarea(attrs={"rows": 3})
    )


class ActionForm(forms.Form):
    title = forms.CharField(label=_("What we will try in practice"), max_length=300)
    owner = forms.ModelChoiceField(label=_("Owner"), queryset=Person.objects.all(), required=False)
    unit = forms.ModelChoiceField(
        label=_("Unit"), queryset=Organisation.objects.filter(archived=False), required=False
    )
    due = forms.DateField(label=_("Due date"), widget=DATE, required=False)


class ActionStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Action.Status.choices)
    note = forms.CharField(
        label=_("Follow-up note"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class MaterialForm(forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=300,
        required=False,
        help_text=_("A publication from the library keeps its own title if you leave this empty."),
    )
    file = forms.FileField(label=_("File"), required=False)
    url = forms.URLField(label=_("Link"), required=False, assume_scheme="https")
    publication = forms.ModelChoiceField(
        label=_("Publication in the library"),
        queryset=Publication.objects.none(),
        required=False,
        widget=forms.HiddenInput,
    )

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Only publications the organiser may see can be chosen.
        field = self.fields["publication"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = (
            Publication.objects.published().visible_to(user)
            if user is not None
            else Publication.objects.none()
        )


class EventFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", _("All kinds")), *Event.Kind.choices], required=False
    )
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        required=False,
        empty_label=_("All organisations"),
        queryset=Organisation.objects.filter(archived=False),
    )
    area = forms.ModelChoiceField(
        label=_("Priority area"),
        queryset=PriorityArea.objects.filter(archived=False),
        required=False,
        empty_label=_("All priority areas"),
    )
    topic = forms.ModelChoiceField(
        label=_("Topic"), queryset=Topic.objects.all(), required=False, empty_label=_("All topics")
    )


ATTENDANCE_CHOICES = [("", "—"), *Attendance.Status.choices]
