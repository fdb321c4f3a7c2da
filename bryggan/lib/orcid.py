"""ORCID iDs: format and ISO 7064 MOD 11-2 check digit."""

import re

_ORCID = re.compile(
    r"^(?:https?://orcid\.org/)?(\d{4})-?(\d{4})-?(\d{4})-?(\d{3}[\dX])$", re.IGNORECASE
)


def check_digit(base_digits: str) -> str:
    """Return the ISO 7064 MOD 11-2 check character for 15 digits."""
    total = 0
    for digit in base_digits:
        total = (total + int(digit)) * 2
    result = (12 - total % 11) % 11
    return "X" if result == 10 else str(result)


def normalise_orcid(value: str) -> str | None:
    """Return the ORCID iD as 0000-0000-0000-0000 if it is well-formed and its check digit holds."""
    match = _ORCID.match(value.strip())
    if not match:
        return None
    digits = "".join(match.groups()).upper()
    if check_digit(digits[:15]) != digits[15]:
        return None
    return "-".join(digits[i : i + 4] for i in range(0, 16, 4))
