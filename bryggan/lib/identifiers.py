"""Persistent identifiers of publications: DOI, ISBN (check digit), URN:NBN and Handle.

Each `normalise_*` returns the identifier in one canonical form, or None when the value is not
a well-formed identifier of that kind. They know nothing of Django, so importers, forms and the
API share them.
"""

from __future__ import annotations

import re

# A DOI is "10." + a registrant code of 4–9 digits (optionally with sub-parts) + "/" + a suffix.
_DOI = re.compile(r"^10\.\d{4,9}(?:\.\d+)*/\S+$")
_DOI_PREFIXES = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)
# RFC 8458: urn:nbn:<ISO 3166 alpha-2>[-<sub-namespace>]:<NBN string>.
_URN_NBN = re.compile(r"^urn:nbn:([a-z]{2}(?:-[a-z0-9]+)?):([a-z0-9][a-z0-9\-._:/]*)$", re.I)
_URN_RESOLVER = re.compile(r"^https?://[^?]+\?urn=", re.IGNORECASE)
_HANDLE = re.compile(r"^\d+(?:\.\d+)*/\S+$")
_HANDLE_RESOLVER = re.compile(r"^https?://hdl\.handle\.net/", re.IGNORECASE)


def normalise_doi(value: str | None) -> str | None:
    """Return a DOI as lower-case "10.xxxx/suffix" (DOIs are case-insensitive), or None."""
    text = _DOI_PREFIXES.sub("", (value or "").strip()).strip()
    if not _DOI.match(text) or len(text) > 255:
        return None
    return text.lower()


def doi_url(doi: str) -> str:
    return f"https://doi.org/{doi}"


def _isbn10_ok(digits: str) -> bool:
    total = sum((10 - i) * (10 if c == "X" else int(c)) for i, c in enumerate(digits))
    return total % 11 == 0


def _isbn13_check(first12: str) -> str:
    total = sum(int(c) * (3 if i % 2 else 1) for i, c in enumerate(first12))
    return str((10 - total % 10) % 10)


def normalise_isbn(value: str | None) -> str | None:
    """Return the ISBN as 13 digits (an ISBN-10 is converted) if its check digit holds, or None."""
    text = re.sub(r"^isbn(?:-1[03])?:?\s*", "", (value or "").strip(), flags=re.IGNORECASE)
    compact = re.sub(r"[\s\-]", "", text).upper()
    if re.fullmatch(r"\d{9}[\dX]", compact):
        if not _isbn10_ok(compact):
            return None
        first12 = "978" + compact[:9]
        return first12 + _isbn13_check(first12)
    if re.fullmatch(r"97[89]\d{10}", compact):
        return compact if _isbn13_check(compact[:12]) == compact[12] else None
    return None


def normalise_urn(value: str | None) -> str | None:
    """Return a URN:NBN with its scheme in lower case (resolver links are unwrapped), or None."""
    text = _URN_RESOLVER.sub("", (value or "").strip())
    match = _URN_NBN.match(text)
    if not match or len(text) > 255:
        return None
    return f"urn:nbn:{match.group(1).lower()}:{match.group(2)}"


def urn_url(urn: str) -> str:
    """The national resolver for Swedish URN:NBNs; others go through the N2T resolver."""
    if urn.startswith("urn:nbn:se:"):
        return f"https://urn.kb.se/resolve?urn={urn}"
    return f"https://n2t.net/{urn}"


def normalise_handle(value: str | None) -> str | None:
    """Return a Handle as "prefix/suffix" (hdl.handle.net links are unwrapped), or None."""
    text = _HANDLE_RESOLVER.sub("", (value or "").strip())
    text = re.sub(r"^hdl:\s*", "", text, flags=re.IGNORECASE)
    if not _HANDLE.match(text) or len(text) > 255 or text.startswith("10."):
        return None
    return text


def handle_url(handle: str) -> str:
    return f"https://hdl.handle.net/{handle}"
