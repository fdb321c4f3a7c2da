"""Refuse free text that holds client data: identity numbers, named clients, phone numbers, addresses.

Questions from practice are about knowledge, never about a client; even being a client is secret
(OSL 26:1). Every free-text field of this app passes through `check_text`, and a finding refuses
the whole input with a message that says where it was found; nothing is saved.

What is detected (see docs/questions.md):

- **Personal identity numbers** (personnummer) YYMMDD-NNNC or YYYYMMDDNNNC, separator "-",
  "+" (100 years or older), a space or none, whose date exists and whose last digit passes the
  Luhn (mod 10) check over the ten digits YYMMDDNNNC; **co-ordination numbers** (samordningsnummer)
  are the same with 60 added to the day. A number that fails the check (640823-3235) is not one.
- **A named client with an age**: a capitalised name next to an age ("klienten Anna, 14 år",
  "Anna (14 år)", "14-åriga Anna", "Anna som är 14"), unless the name opens a sentence and is
  not a known first name (so "Barn 7–12 år" and "Ungdomar 13–20 år" pass).
- **A named client by role**: a role word followed by a name ("klienten Anna", "pojken Ali",
  "mamman Sara", "the client John").
- **Phone numbers**: Swedish numbers beginning 0 or +46 with 7–10 more digits ("070-123 45 67",
  "036-10 50 00", "+46 70 123 45 67").
- **Street addresses and postal codes**: a street name with a number ("Storgatan 12",
  "Kungsvägen 3 B") and a postal code with a town ("553 21 Jönköping").

The identity-number rule itself is `bryggan.lib.personnummer`, shared with follow-up.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bryggan.lib import personnummer

KIND_LABELS = {
    "personnummer": gettext_lazy("a personal identity number"),
    "samordningsnummer": gettext_lazy("a co-ordination number"),
    "name_and_age": gettext_lazy("a name together with an age"),
    "named_client": gettext_lazy("a client's name"),
    "phone": gettext_lazy("a phone number"),
    "address": gettext_lazy("an address"),
}


@dataclass(frozen=True)
class Finding:
    """One piece of client data found in a text: what it is and where (character offsets)."""

    kind: str
    start: int
    end: int
    text: str

    @property
    def label(self) -> str:
        return str(KIND_LABELS[self.kind])

    @property
    def masked(self) -> str:
        """The finding with its digits and most letters hidden, safe to show back in a message."""
        if self.kind in ("personnummer", "samordningsnummer"):
            digits = re.sub(r"\D", "", self.text)
            return digits[:-4][-6:] + "-****"
        return re.sub(r"(?<=\w)\w", "•", self.text)


def find_identity_numbers(text: str) -> list[Finding]:
    """Return the personnummer and samordningsnummer in `text` (date and Luhn checked by lib)."""
    return [
        Finding(hit.kind, hit.start, hit.end, text[hit.start : hit.end])
        for hit in personnummer.find(text or "")
    ]


# Common Swedish first names: a capitalised word at the start of a sentence counts as a name only
# when it is one of these (otherwise "Barn 7–12 år" would be refused).
FIRST_NAMES = set(
    [
        "adam",
        "ahmed",
        "ali",
        "alice",
        "alva",
        "anna",
        "anders",
        "astrid",
        "axel",
        "carl",
        "david",
        "ebba",
        "elias",
        "elin",
        "ella",
        "elsa",
        "emil",
        "emma",
        "erik",
        "felicia",
        "filip",
        "fredrik",
        "gustav",
        "hanna",
        "hassan",
        "hugo",
        "ida",
        "isak",
        "johan",
        "johanna",
        "jonas",
        "julia",
        "karin",
        "kevin",
        "lars",
        "leo",
        "liam",
        "linnea",
        "lisa",
        "lucas",
        "lukas",
        "maja",
        "malin",
        "maria",
        "mark",
        "martin",
        "mohammed",
        "moa",
        "nils",
        "noah",
        "oliver",
        "olivia",
        "omar",
        "oscar",
        "oskar",
        "per",
        "sara",
        "saga",
        "sofia",
        "stella",
        "theo",
        "vera",
        "viktor",
        "wilma",
        "william",
        "yusuf",
        "zara",
    ]
)
ROLE_WORDS = (
    r"klient(?:en)?|brukare(?:n)?|pojken|flickan|barnet|ungdomen|tjejen|killen|mamman|pappan|"
    r"modern|fadern|kvinnan|mannen|patienten|eleven|sonen|dottern|"
    r"the client|client|the boy|the girl|patient"
)
NAME = r"[A-ZÅÄÖÉÜ][a-zåäöéü]{1,20}"
AGE = r"\d{1,3}\s*(?:år|års|åring|-åring)\b"
_NAMED_CLIENT = re.compile(rf"\b(?i:{ROLE_WORDS})\s+({NAME})\b")
_NAME_THEN_AGE = re.compile(
    rf"\b({NAME})(?:,\s*|\s+|\s*\(\s*|\s+som är\s+)(?:{AGE}|\d{{1,2}}\s*\))"
)
_AGE_THEN_NAME = re.compile(rf"\b\d{{1,2}}-årig[aet]?\s+({NAME})\b")
_PHONE = re.compile(r"(?<![\w+])(?:\+46\s?|0)(?:\d[\s-]?){6,9}\d(?!\d)")
_STREET = re.compile(
    r"\b[A-ZÅÄÖ][a-zåäö]+(?:gatan|vägen|gränd|stigen|allén|torget|backen|leden|gata|väg)\s+\d{1,4}\s?[A-Za-z]?\b"
)
_POSTCODE = re.compile(r"\b\d{3}\s\d{2}\s+[A-ZÅÄÖ][a-zåäö]+")
_SENTENCE_START = re.compile(r"(?:^|[.!?:;\n]\s*|\(\s*)$")


def _opens_sentence(text: str, start: int) -> bool:
    return bool(_SENTENCE_START.search(text[max(0, start - 3) : start]))


def find_client_details(text: str) -> list[Finding]:
    """Return what looks like a client's details: a named client, name and age, phone, address."""
    text = text or ""
    found: list[Finding] = []
    for match in _NAMED_CLIENT.finditer(text):
        found.append(Finding("named_client", match.start(), match.end(), match.group(0)))
    for pattern in (_NAME_THEN_AGE, _AGE_THEN_NAME):
        for match in pattern.finditer(text):
            name = match.group(1)
            if _opens_sentence(text, match.start(1)) and name.lower() not in FIRST_NAMES:
                continue
            found.append(Finding("name_and_age", match.start(), match.end(), match.group(0)))
    for match in _PHONE.finditer(text):
        digits = re.sub(r"\D", "", match.group(0))
        # 8 to 12 digits; a personnummer (already reported) or a year range is not a phone number.
        if 8 <= len(digits) <= 12 and not find_identity_numbers(match.group(0)):
            found.append(Finding("phone", match.start(), match.end(), match.group(0)))
    for pattern in (_STREET, _POSTCODE):
        for match in pattern.finditer(text):
            found.append(Finding("address", match.start(), match.end(), match.group(0)))
    return found


def check_text(text: str) -> list[Finding]:
    """Return every identity number and client detail in `text`, in order of position."""
    numbers = find_identity_numbers(text)
    spans = [(f.start, f.end) for f in numbers]
    others = [
        f
        for f in find_client_details(text)
        if not any(f.start < end and start < f.end for start, end in spans)
    ]
    return sorted([*numbers, *others], key=lambda f: f.start)


def guard_fields(fields: dict[str, tuple[str, str]]) -> None:
    """Raise ValidationError naming each field (name -> (label, text)) that holds client data."""
    errors: dict[str, list[str]] = {}
    for name, (label, text) in fields.items():
        findings = check_text(text)
        if not findings:
            continue
        where = "; ".join(
            _("%(what)s at character %(at)d (“%(masked)s”)")
            % {"what": f.label, "at": f.start + 1, "masked": f.masked}
            for f in findings[:3]
        )
        errors[name] = [
            _(
                "Questions must not contain client data. “%(field)s” holds %(where)s. "
                "Describe the situation in general terms without names, ages, identity numbers, "
                "phone numbers or addresses; nothing has been saved."
            )
            % {"field": label, "where": where}
        ]
    if errors:
        raise ValidationError(errors)
