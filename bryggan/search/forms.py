"""The search form: one text box, filters from the facets, sort order and page."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from bryggan.search.queries import Selection, parse_years

MAX_FILTER_VALUES = 20
# Longer input is cut (with a message) by the query parser; this only bounds the work.
MAX_INPUT_CHARS = 2000


class ValuesField(forms.Field):
    """Every value a GET parameter was given (filters may repeat); odd values filter to nothing."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value: Any) -> list[str]:
        if not value:
            return []
        values = value if isinstance(value, list | tuple) else [value]
        return [str(v).strip()[:100] for v in values if str(v).strip()][:MAX_FILTER_VALUES]


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search for"), required=False, strip=True)
    kind = ValuesField(required=False)
    year = ValuesField(required=False)
    language = ValuesField(required=False)
    topic = ValuesField(required=False)
    area = ValuesField(required=False)
    sort = forms.ChoiceField(
        label=_("Order"),
        required=False,
        choices=[("relevance", _("Best match")), ("newest", _("Newest first"))],
    )

    def clean_q(self) -> str:
        return self.cleaned_data["q"][:MAX_INPUT_CHARS]

    def selection(self) -> Selection:
        self.is_valid()
        data = self.cleaned_data
        return Selection(
            kind=data.get("kind", []),
            year=parse_years(data.get("year", [])),
            language=data.get("language", []),
            topic=data.get("topic", []),
            area=data.get("area", []),
        )

    def clean_sort(self) -> str:
        return self.cleaned_data.get("sort") or "relevance"

    def page_number(self) -> int:
        """Return the page asked for; anything that is not a page number means the first."""
        try:
            return max(1, min(int(str(self.data.get("page", "1"))), 10_000))
        except ValueError:
            return 1

    def newest_first(self) -> bool:
        return self.data.get("sort") == "newest"

    def query_text(self) -> str:
        self.is_valid()
        return self.cleaned_data.get("q", "")
