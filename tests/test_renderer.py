"""The fast select renderer writes exactly what Django's templates write."""

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates

from bryggan.core.renderers import FormRenderer

CHOICES = [("", "Alla"), ("a&b", "Barn & unga <HVB>"), (3, "Tre"), ("x", 'Citat "x"')]
GROUPED = [("Kommuner", [("aneby", "Aneby"), ("eksjo", "Eksjö")]), ("fou", "FoUrum")]


class Sample(forms.Form):
    plain = forms.ChoiceField(choices=CHOICES, required=False)
    required = forms.ChoiceField(choices=CHOICES)
    grouped = forms.ChoiceField(choices=GROUPED, required=False)
    many = forms.MultipleChoiceField(choices=CHOICES[1:], required=False)
    described = forms.ChoiceField(
        choices=CHOICES, widget=forms.Select(attrs={"aria-describedby": "hjälp", "disabled": True})
    )


@pytest.mark.parametrize(
    "data",
    [
        None,
        {"plain": "a&b", "required": "3", "grouped": "eksjo", "many": ["a&b", "x"]},
        {"plain": "finns-inte"},
    ],
)
def test_select_boxes_match_django_templates(data):
    fast, slow = Sample(data, renderer=FormRenderer()), Sample(data, renderer=DjangoTemplates())
    for name in Sample.base_fields:
        assert str(fast[name]) == str(slow[name]), name


def test_the_site_uses_it(settings):
    assert settings.FORM_RENDERER == "bryggan.core.renderers.FormRenderer"
