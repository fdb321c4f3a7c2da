"""Data dictionaries: an instrument version as a CSV file, one row per item or subscale.

The columns follow REDCap's data dictionary where they mean the same thing, so a dictionary
is easy to write in a spreadsheet:

    variable, type, label, choices, min, max, required, reverse,
    items, method, min_answered, higher_is_better, important_change

`type` is one of likert, numeric, yesno, single, multiple, date, text, or subscale. Value
labels are written "1, Never | 2, Sometimes | 3, Often" ("1=Never" also works). A subscale row
lists its items (separated by spaces or commas), its method (sum or mean) and how many items
must be answered for a score.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from bryggan.followup.models import CODE_RE, Item, Subscale

COLUMNS = [
    "variable",
    "type",
    "label",
    "choices",
    "min",
    "max",
    "required",
    "reverse",
    "items",
    "method",
    "min_answered",
    "higher_is_better",
    "important_change",
]
REQUIRED_COLUMNS = {"variable", "type", "label"}
TRUE = {"1", "y", "yes", "ja", "j", "true", "x"}
FALSE = {"", "0", "n", "no", "nej", "false"}
SUBSCALE = "subscale"


@dataclass
class ItemSpec:
    code: str
    kind: str
    text: str
    choices: list[list[Any]] = field(default_factory=list)
    min_value: float | None = None
    max_value: float | None = None
    required: bool = False
    reverse_coded: bool = False


@dataclass
class SubscaleSpec:
    code: str
    label: str
    method: str
    items: list[str]
    min_answered: int
    higher_is_better: bool = True
    important_change: float | None = None


@dataclass
class Dictionary:
    items: list[ItemSpec] = field(default_factory=list)
    subscales: list[SubscaleSpec] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def format_choices(choices: list[list[Any]]) -> str:
    return " | ".join(f"{value}, {label}" for value, label in choices)


def parse_choices(text: str) -> list[list[Any]]:
    """Parse "1, Never | 2, Often" (or "1=Never|2=Often") into [[1, "Never"], [2, "Often"]]."""
    result: list[list[Any]] = []
    for part in text.split("|"):
        part = part.strip()
        if not part:
            continue
        separator = (
            "," if "," in part and ("=" not in part or part.index(",") < part.index("=")) else "="
        )
        if separator not in part:
            raise ValueError(part)
        value, label = part.split(separator, 1)
        result.append([int(value.strip()), label.strip()])
    return result


def _flag(text: str, row: int, column: str, errors: list[str]) -> bool:
    lowered = text.strip().lower()
    if lowered in TRUE:
        return True
    if lowered not in FALSE:
        errors.append(
            _("Row %(row)d, column “%(column)s”: write yes or no.") % {"row": row, "column": column}
        )
    return False


def _float(text: str, row: int, column: str, errors: list[str]) -> float | None:
    if not text.strip():
        return None
    try:
        return float(text.strip().replace(",", "."))
    except ValueError:
        errors.append(
            _("Row %(row)d, column “%(column)s”: “%(value)s” is not a number.")
            % {"row": row, "column": column, "value": text.strip()[:40]}
        )
        return None


def check_item(spec: ItemSpec) -> list[str]:
    """Return what is wrong with one item definition (also used when items are edited one by one)."""
    problems = []
    if not CODE_RE.match(spec.code):
        problems.append(
            _(
                "The variable name “%(code)s” must be 1–24 lower-case letters, digits or "
                "underscores, starting with a letter."
            )
            % {"code": spec.code[:40]}
        )
    if spec.kind not in Item.Kind.values:
        problems.append(
            _("Unknown type “%(kind)s”; use one of: %(kinds)s.")
            % {"kind": spec.kind[:20], "kinds": ", ".join([*Item.Kind.values, SUBSCALE])}
        )
        return problems
    if not spec.text.strip():
        problems.append(_("Every item needs a question text."))
    needs_choices = spec.kind in (Item.Kind.LIKERT, Item.Kind.SINGLE, Item.Kind.MULTIPLE)
    if needs_choices and len(spec.choices) < 2:
        problems.append(_("A %(kind)s item needs at least two value labels.") % {"kind": spec.kind})
    values = [value for value, _label in spec.choices]
    if len(values) != len(set(values)):
        problems.append(_("Each value label needs its own code."))
    if any(value in (-7, -8, -9) for value in values):
        problems.append(_("The codes -7, -8 and -9 are kept for missing values."))
    if spec.kind == Item.Kind.MULTIPLE and any(value < 0 for value in values):
        problems.append(_("Multiple-choice codes must be 0 or more."))
    if (
        spec.min_value is not None
        and spec.max_value is not None
        and spec.min_value >= spec.max_value
    ):
        problems.append(_("The lowest value must be below the highest."))
    if spec.reverse_coded:
        if spec.kind not in Item.SCALED:
            problems.append(_("Only Likert, number and yes/no items can be reverse-coded."))
        elif spec.kind == Item.Kind.NUMERIC and (spec.min_value is None or spec.max_value is None):
            problems.append(_("A reverse-coded number needs both a lowest and a highest value."))
    return problems


def parse(text: str) -> Dictionary:
    """Parse a data dictionary CSV; every problem is reported with its row number."""
    result = Dictionary()
    errors = result.errors
    sample = text[:4096]
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    header = [h.strip().lower() for h in (reader.fieldnames or [])]
    reader.fieldnames = header
    missing = REQUIRED_COLUMNS - set(header)
    if missing:
        errors.append(
            _(
                "The file lacks the columns: %(columns)s. The first row must name the columns: %(all)s."
            )
            % {"columns": ", ".join(sorted(missing)), "all": ", ".join(COLUMNS)}
        )
        return result
    codes: set[str] = set()
    for row_number, row in enumerate(reader, start=2):
        get = {key: (value or "").strip() for key, value in row.items() if key}
        if not any(get.values()):
            continue
        code, kind = get.get("variable", ""), get.get("type", "").lower()
        if code in codes:
            errors.append(
                _("Row %(row)d: the variable name “%(code)s” is used twice.")
                % {"row": row_number, "code": code[:40]}
            )
        codes.add(code)
        if kind == SUBSCALE:
            method = get.get("method", "").lower()
            if method not in Subscale.Method.values:
                errors.append(
                    _("Row %(row)d: a subscale's method is sum or mean.") % {"row": row_number}
                )
            members = [part for part in get.get("items", "").replace(",", " ").split() if part]
            try:
                min_answered = int(get.get("min_answered") or len(members))
            except ValueError:
                min_answered = 0
            if not 1 <= min_answered <= max(len(members), 1):
                errors.append(
                    _(
                        "Row %(row)d: the minimum number of answered items must be between 1 and "
                        "the number of items."
                    )
                    % {"row": row_number}
                )
            if not CODE_RE.match(code):
                errors.append(
                    _("Row %(row)d: the variable name “%(code)s” is not valid.")
                    % {"row": row_number, "code": code[:40]}
                )
            result.subscales.append(
                SubscaleSpec(
                    code=code,
                    label=get.get("label", "") or code,
                    method=method,
                    items=members,
                    min_answered=min_answered,
                    higher_is_better=_flag(
                        get.get("higher_is_better", "yes") or "yes",
                        row_number,
                        "higher_is_better",
                        errors,
                    ),
                    important_change=_float(
                        get.get("important_change", ""), row_number, "important_change", errors
                    ),
                )
            )
            continue
        try:
            choices = parse_choices(get.get("choices", ""))
        except ValueError:
            errors.append(
                _(
                    "Row %(row)d: write the value labels as “1, Never | 2, Sometimes” "
                    "(a whole number, a comma and the label)."
                )
                % {"row": row_number}
            )
            choices = []
        spec = ItemSpec(
            code=code,
            kind=kind,
            text=get.get("label", ""),
            choices=choices,
            min_value=_float(get.get("min", ""), row_number, "min", errors),
            max_value=_float(get.get("max", ""), row_number, "max", errors),
            required=_flag(get.get("required", ""), row_number, "required", errors),
            reverse_coded=_flag(get.get("reverse", ""), row_number, "reverse", errors),
        )
        errors.extend(
            _("Row %(row)d: %(problem)s") % {"row": row_number, "problem": problem}
            for problem in check_item(spec)
        )
        result.items.append(spec)
    item_codes = {spec.code for spec in result.items}
    for subscale in result.subscales:
        unknown = [code for code in subscale.items if code not in item_codes]
        if unknown:
            errors.append(
                _("Subscale “%(code)s” names items that are not in the file: %(items)s.")
                % {"code": subscale.code, "items": ", ".join(unknown)}
            )
        kinds = {spec.code: spec.kind for spec in result.items}
        if any(kinds.get(code) not in Item.SCALED for code in subscale.items if code in kinds):
            errors.append(
                _("Subscale “%(code)s” can only use Likert, number and yes/no items.")
                % {"code": subscale.code}
            )
    if not result.items and not errors:
        errors.append(_("The file holds no items."))
    return result


def export(version: Any) -> str:
    """Write an instrument version as a data dictionary CSV."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for item in version.items.all():
        writer.writerow(
            [
                item.code,
                item.kind,
                item.text,
                format_choices(item.choices),
                "" if item.min_value is None else f"{item.min_value:g}",
                "" if item.max_value is None else f"{item.max_value:g}",
                "yes" if item.required else "",
                "yes" if item.reverse_coded else "",
                "",
                "",
                "",
                "",
                "",
            ]
        )
    for subscale in version.subscales.prefetch_related("items"):
        writer.writerow(
            [
                subscale.code,
                SUBSCALE,
                subscale.label,
                "",
                "",
                "",
                "",
                "",
                " ".join(
                    item.code for item in sorted(subscale.items.all(), key=lambda i: i.position)
                ),
                subscale.method,
                subscale.min_answered,
                "yes" if subscale.higher_is_better else "no",
                "" if subscale.important_change is None else f"{subscale.important_change:g}",
            ]
        )
    return out.getvalue()
