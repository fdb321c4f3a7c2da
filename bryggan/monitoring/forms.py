from django import forms
from django.utils.translation import gettext_lazy as _

from bryggan.core.models import Visibility
from bryggan.monitoring.models import Source, Subscription
from bryggan.taxonomy.models import PriorityArea, Topic


class SourceForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=Source.Kind.choices)
    url = forms.URLField(
        label=_("Address"),
        max_length=500,
        required=False,
        assume_scheme="https",
        help_text=_(
            "OAI-PMH base URL or feed URL; empty for the public OpenAlex and Crossref APIs."
        ),
    )
    metadata_prefix = forms.ChoiceField(
        label=_("Metadata format (OAI-PMH)"),
        choices=[("", "—"), *Source.Prefix.choices],
        required=False,
    )
    set_spec = forms.CharField(label=_("Set (OAI-PMH)"), max_length=200, required=False)
    query = forms.CharField(
        label=_("Query (OpenAlex, Crossref)"),
        max_length=500,
        required=False,
        help_text=_("Search words, or an OpenAlex filter such as 'topics.id:T10456'."),
    )
    api_key = forms.CharField(label=_("API key (OpenAlex)"), max_length=200, required=False)
    email = forms.EmailField(label=_("Contact e-mail for the polite pool"), required=False)
    snapshot_path = forms.CharField(
        label=_("Snapshot file on the server (OpenAlex JSON Lines)"), max_length=500, required=False
    )
    delay_seconds = forms.FloatField(
        label=_("Delay between requests (seconds)"), min_value=0, max_value=600, initial=1.0
    )
    max_retries = forms.IntegerField(
        label=_("Retries on errors"), min_value=0, max_value=10, initial=4
    )
    timeout_seconds = forms.FloatField(
        label=_("Timeout (seconds)"), min_value=1, max_value=600, initial=30.0
    )
    active = forms.BooleanField(label=_("Harvest on schedule"), required=False, initial=True)


class WatchlistForm(forms.Form):
    terms_sv = forms.CharField(
        label=_("Search terms in Swedish"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("One term or phrase per line; end a word with * to match all endings."),
    )
    terms_en = forms.CharField(
        label=_("Search terms in English"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("One term or phrase per line; end a word with * to match all endings."),
    )
    subject_codes = forms.CharField(
        label=_("Research subjects (SSIF codes)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One code per line, e.g. 50402; a shorter code covers all codes below it."),
    )
    authors = forms.CharField(
        label=_("Authors"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line: an ORCID iD or a name as 'Given Family'."),
    )


class SubscriptionForm(forms.Form):
    area = forms.ModelChoiceField(
        label=_("Priority area"), queryset=PriorityArea.objects.filter(archived=False)
    )
    frequency = forms.ChoiceField(
        label=_("How often"), choices=Subscription.Frequency.choices, initial="weekly"
    )


class RecordSearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)


class RecordDigestForm(forms.Form):
    """A library digest written from a harvested record (the library's digest fields)."""

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
    language = forms.ChoiceField(
        label=_("Language"), choices=[("sv", _("Swedish")), ("en", _("English"))], initial="sv"
    )
    visibility = forms.ChoiceField(
        label=_("Visible to"), choices=Visibility.choices, initial=Visibility.PUBLIC
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
