"""Find Swedish personal identity numbers (personnummer) and coordination numbers in text.

Bryggan must never store a personnummer or samordningsnummer in follow-up data or free text
(BRIEF.md). This module finds them in any common written form so that the input holding one
can be refused, and renders what it found masked, so that the number is never echoed back.

Recognised forms, with or without the century and with or without a separator:

    YYMMDD-NNNC   YYMMDD+NNNC (100 years or older)   YYMMDDNNNC
    YYYYMMDD-NNNC   YYYYMMDDNNNC   (also a space or an en dash as separator)

A samordningsnummer has 60 added to the day of birth (day 61–91). The date must exist (in
some century from 1800 onwards) and the last digit must be the Luhn (mod 10) check digit over
the ten digits YYMMDDNNN. A number standing inside a longer run of digits is not a match: it
is some other number that happens to contain ten valid-looking digits.
"""

from __future__ import annotations

import re
from calendar import monthrange
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

PERSONNUMMER = "personnummer"
SAMORDNINGSNUMMER = "samordningsnummer"

# Separators people write between the date and the last four digits.
_SEPARATORS = "-+\u2013 "
_PATTERN = re.compile(
    r"(?<![0-9])"
    r"(?P<century>1[89]|20)?"
    r"(?P<date>[0-9]{6})"
    rf"(?P<separator>[{re.escape(_SEPARATORS)}])?"
    r"(?P<serial>[0-9]{3})(?P<check>[0-9])"
    r"(?![0-9])"
)


@dataclass(frozen=True)
class Finding:
    """One identity number found in a text: where it is, what kind, and a masked rendering."""

    start: int
    end: int
    kind: str
    masked: str


@dataclass(frozen=True)
class CellFinding:
    """An identity number found in a table: the 1-based row, the column name and the masked number."""

    row: int
    column: str
    kind: str
    masked: str


def luhn_digit(digits: str) -> int:
    """Return the Luhn (mod 10) check digit for `digits` (weights 2, 1, 2, … from the left)."""
    total = 0
    for position, char in enumerate(digits):
        product = int(char) * (2 if position % 2 == 0 else 1)
        total += product - 9 if product > 9 else product
    return (10 - total % 10) % 10


def _date_exists(century: str | None, yymmdd: str) -> bool:
    year, month, day = int(yymmdd[:2]), int(yymmdd[2:4]), int(yymmdd[4:6])
    if not 1 <= month <= 12 or day < 1:
        return False
    centuries = [int(century)] if century else [18, 19, 20]
    return any(day <= monthrange(c * 100 + year, month)[1] for c in centuries)


def classify(century: str | None, yymmdd: str, serial: str, check: str) -> str | None:
    """Return the kind of a candidate number, or None when its date or check digit is wrong."""
    if luhn_digit(yymmdd + serial) != int(check):
        return None
    day = int(yymmdd[4:6])
    if day > 60:
        real_date = f"{yymmdd[:4]}{day - 60:02d}"
        return SAMORDNINGSNUMMER if _date_exists(century, real_date) else None
    return PERSONNUMMER if _date_exists(century, yymmdd) else None


def mask(number: str) -> str:
    """Hide all but the last two digits, keeping the shape of what was written."""
    digits = sum(ch.isdigit() for ch in number)
    seen = 0
    out = []
    for ch in number:
        if ch.isdigit():
            seen += 1
            out.append(ch if seen > digits - 2 else "*")
        else:
            out.append(ch)
    return "".join(out)


def find(text: str) -> list[Finding]:
    """Return every valid personnummer or samordningsnummer in `text`, in order."""
    if not text:
        return []
    found = []
    for match in _PATTERN.finditer(text):
        kind = classify(
            match.group("century"), match.group("date"), match.group("serial"), match.group("check")
        )
        if kind is not None:
            found.append(Finding(match.start(), match.end(), kind, mask(match.group(0))))
    return found


def contains(text: str) -> bool:
    """True when `text` holds at least one valid identity number."""
    return bool(find(text))


def is_valid(text: str) -> bool:
    """True when `text` is exactly one identity number (surrounding spaces allowed)."""
    stripped = text.strip()
    hits = find(stripped)
    return len(hits) == 1 and hits[0].start == 0 and hits[0].end == len(stripped)


def scan_cells(rows: Iterable[Sequence[object]], columns: Sequence[str]) -> list[CellFinding]:
    """Scan table rows (1-based numbering, header not counted) and name each cell holding a number."""
    findings: list[CellFinding] = []
    for row_number, row in enumerate(rows, start=1):
        for index, value in enumerate(row):
            if value is None:
                continue
            text = value if isinstance(value, str) else str(value)
            if len(text) < 10:
                continue
            column = columns[index] if index < len(columns) else f"#{index + 1}"
            findings.extend(
                CellFinding(row_number, column, hit.kind, hit.masked) for hit in find(text)
            )
    return findings
