"""The identity-number guard: input holding a personnummer or samordningsnummer is refused whole.

Forms, uploads and API requests of follow-up pass through here before anything is saved. A
refusal names where the number was (field, or row and column) and shows it masked; the number
itself is never stored, logged or echoed back.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from bryggan.lib import personnummer


class IdentityNumberFound(ValidationError):
    """Raised when input holds an identity number; the messages already say where."""


def _describe(kind: str) -> str:
    if kind == personnummer.SAMORDNINGSNUMMER:
        return _("a coordination number (samordningsnummer)")
    return _("a personal identity number (personnummer)")


def field_messages(fields: Mapping[str, Any], labels: Mapping[str, str] | None = None) -> dict:
    """Return {field: message} for every text field that holds an identity number."""
    found: dict[str, str] = {}
    for name, value in fields.items():
        texts = value if isinstance(value, list | tuple) else [value]
        for text in texts:
            if not isinstance(text, str):
                continue
            hits = personnummer.find(text)
            if hits:
                found[name] = _(
                    "“%(field)s” holds what looks like %(kind)s (%(masked)s). Nothing was saved: "
                    "remove it and send again. Bryggan never stores identity numbers."
                ) % {
                    "field": (labels or {}).get(name, name),
                    "kind": _describe(hits[0].kind),
                    "masked": hits[0].masked,
                }
                break
    return found


def check_fields(fields: Mapping[str, Any], labels: Mapping[str, str] | None = None) -> None:
    """Raise IdentityNumberFound naming each field that holds an identity number."""
    found = field_messages(fields, labels)
    if found:
        raise IdentityNumberFound(found)


def cell_messages(
    rows: Iterable[Sequence[object]], columns: Sequence[str], *, first_row: int = 2
) -> list[str]:
    """Return one message per table cell holding an identity number (row numbers as in the file)."""
    messages = []
    for hit in personnummer.scan_cells(rows, columns):
        messages.append(
            _("Row %(row)d, column “%(column)s”: what looks like %(kind)s (%(masked)s).")
            % {
                "row": hit.row + first_row - 1,
                "column": hit.column,
                "kind": _describe(hit.kind),
                "masked": hit.masked,
            }
        )
    return messages


class GuardedForm(forms.Form):
    """A form that refuses the whole input when any text in it holds an identity number.

    The offending fields are emptied before the form is shown again, so the page does not echo
    the number back; everything else the user typed is kept.
    """

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        raw = (
            {name: self.data.getlist(self.add_prefix(name)) for name in self.fields}
            if hasattr(self.data, "getlist")
            else {name: self.data.get(self.add_prefix(name)) for name in self.fields}
        )
        labels = {name: str(field.label or name) for name, field in self.fields.items()}
        found = field_messages(raw, labels)
        if found:
            self.identity_number_found = True
            mutable = self.data.copy()  # type: ignore[attr-defined]
            for name in found:
                key = self.add_prefix(name)
                if hasattr(mutable, "setlist"):
                    mutable.setlist(key, [])
                else:
                    mutable.pop(key, None)
                data.pop(name, None)
            self.data = mutable
            for name, message in found.items():
                self.add_error(name, message)
        return data
