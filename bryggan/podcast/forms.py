"""Forms for shows, episodes, uploads and publishing."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from bryggan.arenas.models import Event
from bryggan.core.models import Visibility
from bryggan.governance.models import Partnership
from bryggan.people.models import Person
from bryggan.podcast.models import CATEGORIES, LANGUAGES, Credit, Episode, Show
from bryggan.podcast.services import CreditSpec
from bryggan.taxonomy.models import PriorityArea, Topic

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
AUDIENCES = [
    (Visibility.PUBLIC, _("Everyone (public feed)")),
    (Visibility.INTERNAL, _("Partnership staff only (logged in)")),
]
# Role words accepted in the "other people" lines, in Swedish and English.
ROLE_WORDS = {
    "host": Credit.Role.HOST,
    "värd": Credit.Role.HOST,
    "programledare": Credit.Role.HOST,
    "co-host": Credit.Role.COHOST,
    "cohost": Credit.Role.COHOST,
    "medvärd": Credit.Role.COHOST,
    "guest": Credit.Role.GUEST,
    "gäst": Credit.Role.GUEST,
    "producer": Credit.Role.PRODUCER,
    "producent": Credit.Role.PRODUCER,
    "editor": Credit.Role.EDITOR,
    "redaktör": Credit.Role.EDITOR,
}


def max_audio_bytes() -> int:
    return int(getattr(settings, "PODCAST_MAX_AUDIO_MB", 500)) * 1024 * 1024


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


class CreditFields(forms.Form):
    """People heard in a show or episode: people in Bryggan by role, others by name."""

    hosts = forms.ModelMultipleChoiceField(
        label=_("Hosts in Bryggan"), queryset=Person.objects.all(), required=False
    )
    other_people = forms.CharField(
        label=_("Other people"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_(
            "One per line: name; role; affiliation. Roles: host, co-host, guest, producer, "
            "editor (guest if left out). For example: Lena Ström; guest; Region Jönköpings län. "
            "Write @ and the person's web name (@anna-forsberg) for someone in Bryggan."
        ),
    )

    def clean_other_people(self) -> list[CreditSpec]:
        specs = []
        for number, line in enumerate(self.cleaned_data["other_people"].splitlines(), start=1):
            if not line.strip():
                continue
            parts = [part.strip() for part in line.split(";")]
            name = parts[0]
            role_word = parts[1].lower() if len(parts) > 1 and parts[1] else "guest"
            if not name or len(parts) > 3 or role_word not in ROLE_WORDS:
                raise forms.ValidationError(
                    _(
                        "Line %(line)d: write name; role; affiliation – the role is one of host, "
                        "co-host, guest, producer or editor."
                    )
                    % {"line": number}
                )
            affiliation = parts[2] if len(parts) > 2 else ""
            person = None
            if name.startswith("@"):
                person = Person.objects.filter(slug=name[1:]).first()
                if person is None:
                    raise forms.ValidationError(
                        _("Line %(line)d: nobody in Bryggan has the web name %(name)s.")
                        % {"line": number, "name": name[1:]}
                    )
            specs.append(
                CreditSpec(
                    role=ROLE_WORDS[role_word],
                    person=person,
                    name="" if person else name,
                    affiliation=affiliation,
                )
            )
        return specs

    def credit_specs(self) -> list[CreditSpec]:
        data = self.cleaned_data
        specs = [CreditSpec(role=Credit.Role.HOST, person=p) for p in data["hosts"]]
        specs += [CreditSpec(role=Credit.Role.GUEST, person=p) for p in data.get("guests", [])]
        return specs + data["other_people"]


def _by_role(credit: Any) -> bool:
    return bool(credit.person_id and credit.role in ("host", "guest") and not credit.affiliation)


def credits_initial(credits: list[Any]) -> dict[str, Any]:
    """Return the initial hosts, guests and "other people" lines for a list of credits."""
    lines = []
    for credit in credits:
        if _by_role(credit):
            continue
        name = f"@{credit.person.slug}" if credit.person_id else credit.name
        lines.append("; ".join(p for p in (name, credit.role, credit.affiliation) if p))
    return {
        "hosts": [c.person for c in credits if _by_role(c) and c.role == "host"],
        "guests": [c.person for c in credits if _by_role(c) and c.role == "guest"],
        "other_people": "\n".join(lines),
    }


class ShowForm(CreditFields, TaggingFields):
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Shown in podcast apps and on the podcast's page."),
    )
    language = forms.ChoiceField(label=_("Language"), choices=LANGUAGES, initial="sv")
    category = forms.ChoiceField(
        label=_("Category in podcast apps"), choices=CATEGORIES, initial="Science/Social Sciences"
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=Show.Kind.choices, initial="episodic")
    explicit = forms.BooleanField(label=_("Explicit content"), required=False)
    author = forms.CharField(
        label=_("Author or publisher"),
        max_length=200,
        required=False,
        help_text=_("For example the municipality and university behind the podcast."),
    )
    owner_name = forms.CharField(label=_("Owner's name"), max_length=200, required=False)
    owner_email = forms.EmailField(
        label=_("Owner's e-mail"),
        required=False,
        help_text=_("Podcast directories send ownership checks here; use a shared address."),
    )
    copyright = forms.CharField(label=_("Copyright"), max_length=200, required=False)
    visibility = forms.ChoiceField(label=_("Audience"), choices=AUDIENCES, initial="public")
    partnership = forms.ModelChoiceField(
        label=_("Partnership"), queryset=Partnership.objects.all(), required=False
    )

    field_order = [
        "title",
        "description",
        "language",
        "category",
        "kind",
        "explicit",
        "author",
        "owner_name",
        "owner_email",
        "copyright",
        "visibility",
        "partnership",
        "hosts",
        "other_people",
    ]


class EpisodeForm(CreditFields, TaggingFields):
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Summary"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One or two plain sentences for podcast apps."),
    )
    show_notes = forms.CharField(
        label=_("Show notes"),
        widget=forms.Textarea(attrs={"rows": 8}),
        required=False,
        help_text=_(
            "Markdown: **bold**, *italic*, lists, [links](https://…). Scripts are removed."
        ),
    )
    season = forms.IntegerField(label=_("Season"), min_value=1, max_value=999, required=False)
    number = forms.IntegerField(label=_("Episode number"), min_value=0, required=False)
    episode_type = forms.ChoiceField(
        label=_("Episode type"), choices=Episode.Kind.choices, initial="full"
    )
    explicit = forms.BooleanField(label=_("Explicit content"), required=False)
    guests = forms.ModelMultipleChoiceField(
        label=_("Guests in Bryggan"), queryset=Person.objects.all(), required=False
    )
    events = forms.ModelMultipleChoiceField(
        label=_("Linked events"),
        queryset=Event.objects.order_by("-start"),
        required=False,
        help_text=_("Seminars or group sessions this episode comes from or follows up."),
    )

    field_order = [
        "title",
        "description",
        "show_notes",
        "season",
        "number",
        "episode_type",
        "explicit",
        "hosts",
        "guests",
        "other_people",
        "events",
    ]


class AudioForm(forms.Form):
    audio = forms.FileField(
        label=_("Audio file"),
        help_text=_("MP3 or M4A. Length and duration are read from the file."),
        widget=forms.ClearableFileInput(attrs={"accept": "audio/mpeg,audio/mp4,.mp3,.m4a"}),
    )

    def clean_audio(self) -> Any:
        audio = self.cleaned_data["audio"]
        if audio.size > max_audio_bytes():
            raise forms.ValidationError(
                _("The file is larger than %(mb)d MB.") % {"mb": max_audio_bytes() // 1048576}
            )
        return audio


class TranscriptForm(forms.Form):
    transcript = forms.FileField(
        label=_("Transcript"),
        help_text=_("WebVTT (.vtt) or SubRip (.srt), in UTF-8."),
        widget=forms.ClearableFileInput(attrs={"accept": ".vtt,.srt,text/vtt"}),
    )


class ArtworkForm(forms.Form):
    artwork = forms.FileField(
        label=_("Artwork"),
        help_text=_("A square JPEG or PNG, 1400–3000 pixels wide, in RGB."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png"}),
    )


class ChaptersForm(forms.Form):
    lines = forms.CharField(
        label=_("Chapters"),
        widget=forms.Textarea(attrs={"rows": 8}),
        required=False,
        help_text=_("One chapter per line: a time and a title, for example “12:30 Discussion”."),
    )
    file = forms.FileField(
        label=_("Or upload a JSON chapters file"),
        required=False,
        help_text=_("Podcasting 2.0 JSON chapters format."),
        widget=forms.ClearableFileInput(attrs={"accept": ".json,application/json"}),
    )


class PublishForm(forms.Form):
    publish_at = forms.DateTimeField(
        label=_("Publish at"),
        widget=DATETIME,
        required=False,
        help_text=_("Swedish time. Leave empty to publish now; a later time schedules it."),
    )
    waiver_reason = forms.CharField(
        label=_("Reason for publishing without a transcript (administrators only)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )


class FiguresForm(forms.Form):
    days = forms.TypedChoiceField(
        label=_("Period"),
        coerce=int,
        choices=[
            (7, _("Last 7 days")),
            (30, _("Last 30 days")),
            (90, _("Last 90 days")),
            (365, _("Last 12 months")),
        ],
        initial=30,
        required=False,
    )
