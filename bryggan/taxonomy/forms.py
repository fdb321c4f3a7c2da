from django import forms
from django.utils.translation import gettext_lazy as _

from bryggan.taxonomy.models import SubjectCode, Topic


class PriorityAreaForm(forms.Form):
    name_sv = forms.CharField(label=_("Name (Swedish)"), max_length=200)
    name_en = forms.CharField(label=_("Name (English)"), max_length=200, required=False)
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    archived = forms.BooleanField(label=_("Archived"), required=False)


class TopicForm(forms.Form):
    name_sv = forms.CharField(label=_("Name (Swedish)"), max_length=200)
    name_en = forms.CharField(label=_("Name (English)"), max_length=200, required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=Topic.Kind.choices)
    subject_codes = forms.ModelMultipleChoiceField(
        label=_("Research subjects (SSIF)"),
        queryset=SubjectCode.objects.filter(code__regex=r"^\d{5}$"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
