"""Validation errors from the API schemas, in the user's language."""

from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext as _
from ninja.errors import ValidationError as SchemaError


def _message(error: dict[str, Any]) -> str:
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    if kind == "missing":
        return _("This field is required.")
    if kind == "string_too_long":
        return _("At most %(n)s characters.") % {"n": ctx.get("max_length")}
    if kind == "string_too_short":
        return _("At least %(n)s characters.") % {"n": ctx.get("min_length")}
    if kind in {"int_parsing", "int_type"}:
        return _("Enter a whole number.")
    if kind in {"date_parsing", "date_from_datetime_parsing", "date_type"}:
        return _("Enter a date as YYYY-MM-DD.")
    if kind in {"datetime_parsing", "datetime_type", "datetime_from_date_parsing"}:
        return _("Enter a date and time in ISO 8601.")
    if kind == "enum" or kind == "literal_error":
        return _("Choose one of: %(choices)s.") % {"choices": ctx.get("expected", "")}
    if kind == "value_error":
        return str(ctx.get("error", error.get("msg", "")))
    return _("This value is not valid.")


def translate_errors(errors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Keep the location of each error and replace its message with a translated one."""
    return [
        {"loc": list(e.get("loc", [])), "type": e.get("type", ""), "msg": _message(e)}
        for e in errors
    ]


def service_errors(error: ValidationError) -> SchemaError:
    """Turn a service's ValidationError into a 422 shaped like the schema errors (one per field)."""
    if hasattr(error, "error_dict"):
        pairs = [
            (["body"] if name == NON_FIELD_ERRORS else ["body", name], message)
            for name, messages in error.message_dict.items()
            for message in messages
        ]
    else:
        pairs = [(["body"], message) for message in error.messages]
    return SchemaError(
        [{"loc": loc, "type": "value_error", "msg": m, "ctx": {"error": m}} for loc, m in pairs]
    )
