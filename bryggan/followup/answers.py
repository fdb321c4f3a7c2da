"""Turn what a user typed (a form, a spreadsheet row, an API payload) into stored answers.

One function checks every answer of one measurement against its items: value labels, ranges,
dates, missing-value codes and required answers. The form, the bulk import and the API all use
it, so they accept and refuse exactly the same input.
"""

from __future__ import annotations

import io
import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import numpy as np
import pandas as pd
from django.utils.translation import gettext as _

from bryggan.followup.models import MISSING_CODES, Item, MissingCode, Subscale

MAX_TEXT = 200
YES = {"1", "ja", "j", "yes", "y", "true"}
NO = {"0", "nej", "n", "no", "false"}


@dataclass
class Answers:
    """Checked answers of one measurement, in item order, with errors by item code."""

    values: list[Any] = field(default_factory=list)
    missing: dict[str, int] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)


def _number(raw: Any) -> float:
    if isinstance(raw, bool):
        raise ValueError
    if isinstance(raw, int | float):
        value = float(raw)
    else:
        value = float(str(raw).strip().replace(",", ".").replace("\u2212", "-"))
    if math.isnan(value) or math.isinf(value):
        raise ValueError
    return value


def _as_int(value: float) -> int | float:
    return int(value) if value.is_integer() else value


def _missing_code(raw: Any) -> int | None:
    try:
        value = _number(raw)
    except (TypeError, ValueError):
        return None
    return int(value) if value in MISSING_CODES else None


def check_answer(item: Item, raw: Any) -> tuple[Any, int | None, str | None]:
    """Return (value, missing code, error) for one raw answer to `item`."""
    if raw is None or (isinstance(raw, str) and not raw.strip()) or raw == []:
        if item.required:
            return None, None, _("An answer is required (or give a missing-value code).")
        return None, None, None
    if not isinstance(raw, list):
        code = _missing_code(raw)
        if code is not None:
            return None, code, None
    kind = item.kind
    if kind == Item.Kind.TEXT:
        text = str(raw).strip()
        if len(text) > MAX_TEXT:
            return None, None, _("At most %(n)d characters.") % {"n": MAX_TEXT}
        return text, None, None
    if kind == Item.Kind.DATE:
        if isinstance(raw, datetime):
            return raw.date().isoformat(), None, None
        if isinstance(raw, date):
            return raw.isoformat(), None, None
        try:
            return date.fromisoformat(str(raw).strip()[:10]).isoformat(), None, None
        except ValueError:
            return None, None, _("Enter a date as YYYY-MM-DD.")
    if kind == Item.Kind.YESNO and isinstance(raw, str) and raw.strip().lower() in YES | NO:
        return (1 if raw.strip().lower() in YES else 0), None, None
    if kind == Item.Kind.MULTIPLE:
        parts = raw if isinstance(raw, list) else str(raw).replace(",", ";").split(";")
        chosen: list[int] = []
        for part in parts:
            if isinstance(part, str) and not part.strip():
                continue
            try:
                value = _number(part)
            except (TypeError, ValueError):
                return None, None, _("Give the codes of the chosen options, separated by “;”.")
            if not value.is_integer() or int(value) not in item.value_labels:
                return (
                    None,
                    None,
                    _("%(value)s is not one of the codes: %(codes)s.")
                    % {
                        "value": _as_int(value),
                        "codes": ", ".join(str(v) for v in item.value_labels),
                    },
                )
            if int(value) not in chosen:
                chosen.append(int(value))
        return sorted(chosen), None, None
    try:
        value = _number(raw)
    except (TypeError, ValueError):
        return None, None, _("Enter a number.")
    if item.is_coded:
        if not value.is_integer() or int(value) not in item.value_labels:
            return (
                None,
                None,
                _("%(value)s is not one of the codes: %(codes)s.")
                % {
                    "value": _as_int(value),
                    "codes": ", ".join(str(v) for v in item.value_labels),
                },
            )
        return int(value), None, None
    low, high = item.min_value, item.max_value
    if (low is not None and value < low) or (high is not None and value > high):
        return (
            None,
            None,
            _("%(value)s is outside the range %(low)s–%(high)s.")
            % {
                "value": _as_int(value),
                "low": "" if low is None else _as_int(low),
                "high": "" if high is None else _as_int(high),
            },
        )
    return _as_int(value), None, None


def check_answers(items: Sequence[Item], raw: Mapping[str, Any]) -> Answers:
    """Check every answer of one measurement (`raw` maps item codes to what was given)."""
    result = Answers()
    for item in items:
        value, code, error = check_answer(item, raw.get(item.code))
        if error:
            result.errors[item.code] = error
        if code is not None:
            result.missing[item.code] = code
        result.values.append(value)
    return result


def missing_label(code: int) -> str:
    return str(MissingCode(code).label)


# ---- scoring ----------------------------------------------------------------------------------


def scaled_matrix(items: Sequence[Item], rows: Sequence[Sequence[Any]]) -> np.ndarray:
    """Return the values of scaled items (Likert, number, yes/no) as a float matrix, NaN when missing."""
    if not rows:
        return np.zeros((0, len(items)))
    columns = list(zip(*rows, strict=True))
    out = np.full((len(rows), len(items)), np.nan)
    for j, item in enumerate(items):
        if item.kind in Item.SCALED or item.kind == Item.Kind.SINGLE:
            out[:, j] = np.array(columns[j], dtype=float)
    return out


NUMBER_KINDS = {*Item.SCALED, Item.Kind.SINGLE}


def parse_rows(
    items: Sequence[Item], texts: Sequence[str]
) -> tuple[np.ndarray, np.ndarray, list[list[Any]]]:
    """Parse stored answers (JSON lists, one per measurement) into arrays.

    Returns the matrix of number-valued items (NaN when missing), which answers are given, and
    the parsed rows (only when some item holds lists or text; else an empty list). When every
    item holds a number, the rows are read by pandas' C parser as one CSV, about twice as fast
    as parsing JSON and building the matrix in Python.
    """
    rows, width = len(texts), len(items)
    if not rows:
        return np.zeros((0, width)), np.zeros((0, width), dtype=bool), []
    if all(item.kind in NUMBER_KINDS for item in items):
        text = "\n".join(texts).replace("[", "").replace("]", "")
        try:
            frame = pd.read_csv(
                io.StringIO(text),
                header=None,
                names=list(range(width)),
                na_values=["null"],
                keep_default_na=False,
                skipinitialspace=True,  # PostgreSQL writes jsonb as "[1, 2, null]"
                dtype=float,
                engine="c",
            )
        except (ValueError, pd.errors.ParserError):
            frame = None  # not plain numbers after all: parse the JSON below
        if frame is not None and frame.shape == (rows, width):
            matrix = frame.to_numpy()
            return matrix, ~np.isnan(matrix), []
    raw = json.loads("[" + ",".join(texts) + "]")
    matrix = scaled_matrix(items, raw)
    answered = ~np.isnan(matrix)
    for j, item in enumerate(items):
        if item.kind not in NUMBER_KINDS:
            answered[:, j] = [row[j] is not None and row[j] != [] for row in raw]
    return matrix, answered, raw


def subscale_scores(
    subscales: Sequence[Subscale],
    items: Sequence[Item],
    matrix: np.ndarray,
    members: Mapping[int, Sequence[int]],
) -> np.ndarray:
    """Score every row of `matrix` (items in `items` order) on each subscale; NaN when too few answers.

    Reverse-coded items count as (lowest + highest − value). A sum with some items unanswered
    (but at least the minimum answered) is prorated: the mean of the answered items times the
    number of items, so that scores with and without gaps are on the same scale.
    """
    position = {item.pk: j for j, item in enumerate(items)}
    scores = np.full((matrix.shape[0], len(subscales)), np.nan)
    for k, subscale in enumerate(subscales):
        columns = [position[pk] for pk in members.get(subscale.pk, []) if pk in position]
        if not columns:
            continue
        block = matrix[:, columns].copy()
        for c, j in enumerate(columns):
            item = items[j]
            if item.reverse_coded and item.low is not None and item.high is not None:
                block[:, c] = item.low + item.high - block[:, c]
        answered = (~np.isnan(block)).sum(axis=1)
        with np.errstate(invalid="ignore", divide="ignore"):
            mean = np.nansum(block, axis=1) / answered
        score = mean * len(columns) if subscale.method == Subscale.Method.SUM else mean
        score[answered < subscale.min_answered] = np.nan
        scores[:, k] = score
    return scores
