"""Read BibTeX, RIS and MODS (DiVA, SwePub) files into entries of one form, without touching the database.

Each parser returns one `Entry` per record in the file, in file order, with the problems found
while reading it. Checking identifiers, research subjects and duplicates against the library is
the job of `services.import_preview`, which turns entries into preview rows.
"""

from __future__ import annotations

import html
import re
import warnings
from dataclasses import dataclass, field
from typing import Any

import bibtexparser
import rispy
from bibtexparser.bparser import BibTexParser
from bibtexparser.latexenc import latex_to_unicode
from django.utils.translation import gettext as _
from lxml import etree

from bryggan.library.models import LANGUAGE_FROM_639_2, Language, Publication

K = Publication.Kind
MODS_NS = "http://www.loc.gov/mods/v3"
OAI_NS = "http://www.openarchives.org/OAI/2.0/"
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
MAX_ENTRIES = 5000


class ImportFileError(Exception):
    """The file as a whole cannot be read (not text, broken XML, no records)."""


@dataclass
class Entry:
    """One record read from a file: the fields of a publication, and what was wrong with it."""

    ref: str
    line: int | None = None
    fields: dict[str, Any] = field(default_factory=dict)
    errors: list[dict[str, str]] = field(default_factory=list)
    warnings: list[dict[str, str]] = field(default_factory=list)

    def error(self, field_name: str, message: str) -> None:
        self.errors.append({"field": field_name, "message": message})

    def warn(self, field_name: str, message: str) -> None:
        self.warnings.append({"field": field_name, "message": message})


def empty_fields() -> dict[str, Any]:
    return {
        "kind": "",
        "title": "",
        "subtitle": "",
        "year": None,
        "date": "",
        "abstract_sv": "",
        "abstract_en": "",
        "language": "",
        "doi": "",
        "urn": "",
        "handle": "",
        "isbn": "",
        "publisher": "",
        "journal": "",
        "volume": "",
        "issue": "",
        "pages": "",
        "series": "",
        "subject_codes": [],
        "keywords": [],
        "open_access_url": "",
        "landing_url": "",
        "authors": [],
    }


# --- shared helpers ------------------------------------------------------------------------

_SPACE = re.compile(r"\s+")
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")  # zero-width marks pasted into records
_ISSN = re.compile(r"^\d{4}-?\d{3}[\dXx]$")
_ISBN_TOKEN = re.compile(r"(?:97[89][\d\- ]{10,14}\d|\d[\d\- ]{8,11}[\dXx])(?![\d\-])")
_TAGS = re.compile(r"<[^>]+>")
_LANGUAGE_WORDS = {
    "swedish": "sv",
    "svenska": "sv",
    "english": "en",
    "engelska": "en",
    "norwegian": "no",
    "danish": "da",
    "finnish": "fi",
    "german": "de",
    "french": "fr",
    "spanish": "es",
}


def squash(value: Any) -> str:
    return _SPACE.sub(" ", _INVISIBLE.sub("", str(value or ""))).strip()


def isbn_from(entry: Entry, value: str) -> str:
    """Pick the ISBN out of texts like "91-7656-524-6 (print)"; an ISSN given as ISBN is left out."""
    value = squash(value)
    first = value.split(" ")[0] if value else ""
    if first and _ISSN.match(first):
        entry.warn(
            "isbn",
            _("“%(value)s” is an ISSN, not an ISBN, and is left out.") % {"value": value[:60]},
        )
        return ""
    found = _ISBN_TOKEN.search(value)
    return squash(found.group(0)) if found else value


def strip_markup(value: str | None) -> str:
    """Abstracts arrive with escaped HTML (DiVA) or JATS; keep the text and its paragraphs."""
    if not value:
        return ""
    text = html.unescape(value)
    text = re.sub(r"</p>\s*<p[^>]*>", "\n\n", text)
    text = _TAGS.sub("", text)
    paragraphs = [squash(p) for p in re.split(r"\n\s*\n", text)]
    return "\n\n".join(p for p in paragraphs if p)


def language_of(value: str | None) -> str:
    """Return an ISO 639-1 code that the library knows for a language code or name, or ''."""
    text = (value or "").strip().lower()
    if not text:
        return ""
    if text in Language.values:
        return text
    if text in LANGUAGE_FROM_639_2:
        return LANGUAGE_FROM_639_2[text]
    if text[:2] in Language.values and len(text) in (5,) and text[2] in "-_":
        return text[:2]  # sv-SE, en_GB
    return _LANGUAGE_WORDS.get(text, "")


def year_and_date(value: str | None) -> tuple[int | None, str]:
    """Read a year and, when given, an ISO date (YYYY-MM-DD) from a date text."""
    text = (value or "").strip()
    full = re.match(r"^(\d{4})[-/](\d{2})[-/](\d{2})", text)
    if full:
        return int(full.group(1)), f"{full.group(1)}-{full.group(2)}-{full.group(3)}"
    found = re.match(r"^(\d{4})", text)
    return (int(found.group(1)), "") if found else (None, "")


_SWEDISH_WORDS = re.compile(
    r"\b(och|för|att|med|som|av|på|om|hur|vad|en|ett|inom|unga|barn)\b", re.I
)


def guess_language(*texts: str) -> str:
    """Swedish when the text has å, ä, ö or common Swedish words; English otherwise."""
    text = " ".join(texts)
    if re.search("[åäöÅÄÖ]", text) or len(_SWEDISH_WORDS.findall(text)) >= 2:
        return "sv"
    return "en"


def split_name(name: str) -> tuple[str, str]:
    """Return (family, given) from "Family, Given" or "Given Family"."""
    name = squash(name.replace("{", "").replace("}", ""))
    if "," in name:
        family, _sep, given = name.partition(",")
        return family.strip(), given.strip()
    given, _sep, family = name.rpartition(" ")
    return (family or given).strip(), given.strip() if family else ""


def author(
    name: str = "", *, family: str = "", given: str = "", orcid: str = "", role: str = "author"
) -> dict[str, str]:
    if not family and name:
        family, given = split_name(name)
    return {
        "family_name": squash(family),
        "given_name": squash(given),
        "orcid": squash(orcid),
        "role": role,
    }


def _put_abstract(fields: dict[str, Any], text: str, language: str) -> None:
    key = "abstract_en" if language == "en" else "abstract_sv"
    if text and not fields[key]:
        fields[key] = text


def _finish(entry: Entry) -> Entry:
    fields = entry.fields
    if not fields["title"]:
        entry.error("title", _("The record has no title."))
    if fields["year"] is None:
        entry.error("year", _("The record has no year of publication."))
    return entry


# --- BibTeX --------------------------------------------------------------------------------

BIBTEX_KINDS = {
    "article": K.ARTICLE,
    "book": K.BOOK,
    "mvbook": K.BOOK,
    "collection": K.BOOK,
    "inbook": K.CHAPTER,
    "incollection": K.CHAPTER,
    "bookinbook": K.CHAPTER,
    "inproceedings": K.CONFERENCE_PAPER,
    "conference": K.CONFERENCE_PAPER,
    "phdthesis": K.DISSERTATION,
    "mastersthesis": K.DISSERTATION,
    "thesis": K.DISSERTATION,
    "techreport": K.REPORT,
    "report": K.REPORT,
}
BIBTEX_FALLBACK = {"misc", "unpublished", "manual", "booklet", "online", "electronic"}
_BIBTEX_START = re.compile(r"@\s*(\w+)\s*[{(]\s*([^,\s]*)", re.MULTILINE)


def _bib(value: str | None) -> str:
    """Turn BibTeX text (LaTeX accents, braces, --) into plain text."""
    if not value:
        return ""
    text = latex_to_unicode(value)
    text = text.replace("{", "").replace("}", "").replace("---", "—").replace("--", "–")
    return squash(text)


def _bib_names(value: str, role: str) -> list[dict[str, str]]:
    names = []
    for part in re.split(r"\s+and\s+", value, flags=re.IGNORECASE):
        part = part.strip()
        if re.fullmatch(r"\{[^{}]+\}", part):
            # {Corporate Name}: braces keep an organisation's name whole.
            names.append(author(family=_bib(part), role=role))
        elif part:
            names.append(author(latex_to_unicode(part), role=role))
    return names


def parse_bibtex(text: str) -> list[Entry]:
    """Read a BibTeX (or BibLaTeX) file; an entry the parser cannot read becomes a row with an error."""
    starts: dict[str, int] = {}
    for match in _BIBTEX_START.finditer(text):
        if match.group(1).lower() not in ("string", "preamble", "comment"):
            starts.setdefault(match.group(2), text.count("\n", 0, match.start()) + 1)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        parser = BibTexParser(common_strings=True)
    parser.ignore_nonstandard_types = False
    parser.homogenize_fields = True
    try:
        with warnings.catch_warnings():
            # bibtexparser 1.x calls pyparsing names that newer pyparsing marks as deprecated.
            warnings.simplefilter("ignore", DeprecationWarning)
            database = bibtexparser.loads(text, parser=parser)
    except Exception as error:  # pyparsing raises its own errors for hopeless input
        raise ImportFileError(
            _("The file could not be read as BibTeX: %(error)s") % {"error": error}
        ) from error
    entries: list[Entry] = []
    for raw in database.entries:
        entries.append(_bibtex_entry(raw, starts.get(raw.get("ID", ""))))
    for comment in database.comments:
        broken = _BIBTEX_START.match(comment.strip())
        if not broken or broken.group(1).lower() == "comment":
            continue
        entry = Entry(
            ref=f"@{broken.group(1)}{{{broken.group(2)}}}", line=starts.get(broken.group(2))
        )
        entry.fields = empty_fields()
        entry.error(
            "",
            _("This entry could not be read: check its braces, quotes and commas."),
        )
        entries.append(entry)
    if not entries:
        raise ImportFileError(_("No BibTeX entries were found in the file."))
    entries.sort(key=lambda e: e.line or 0)
    return entries


def _bibtex_entry(raw: dict[str, str], line: int | None) -> Entry:
    kind_name = raw.get("ENTRYTYPE", "").lower()
    entry = Entry(ref=f"@{kind_name}{{{raw.get('ID', '')}}}", line=line, fields=empty_fields())
    fields = entry.fields
    if kind_name in BIBTEX_KINDS:
        fields["kind"] = BIBTEX_KINDS[kind_name]
    else:
        fields["kind"] = K.REPORT
        entry.warn(
            "kind",
            _("The entry type @%(type)s has no match in the library; it is imported as a report.")
            % {"type": kind_name},
        )
    fields["title"] = _bib(raw.get("title"))
    fields["subtitle"] = _bib(raw.get("subtitle"))
    fields["authors"] = _bib_names(raw.get("author", ""), "author") + _bib_names(
        raw.get("editor", ""), "editor"
    )
    year, day = year_and_date(raw.get("date") or "")
    fields["year"] = year or year_and_date(_bib(raw.get("year")))[0]
    fields["date"] = day
    if raw.get("year") and fields["year"] is None:
        entry.error("year", _("“%(value)s” is not a year.") % {"value": _bib(raw.get("year"))})
    fields["language"] = language_of(_bib(raw.get("langid") or raw.get("language")))
    _put_abstract(fields, _bib(raw.get("abstract")), fields["language"])
    fields["doi"] = _bib(raw.get("doi"))
    fields["isbn"] = isbn_from(entry, _bib(raw.get("isbn"))) if raw.get("isbn") else ""
    fields["urn"] = _bib(raw.get("urn"))
    fields["handle"] = _bib(raw.get("hdl") or raw.get("handle"))
    fields["publisher"] = _bib(raw.get("publisher") or raw.get("institution") or raw.get("school"))
    fields["journal"] = _bib(raw.get("journal") or raw.get("journaltitle") or raw.get("booktitle"))
    fields["volume"] = _bib(raw.get("volume"))
    fields["issue"] = _bib(raw.get("number") or raw.get("issue"))
    fields["pages"] = _bib(raw.get("pages"))
    fields["series"] = _bib(raw.get("series"))
    if not fields["series"] and kind_name in ("techreport", "report") and raw.get("number"):
        fields["series"] = squash(f"{_bib(raw.get('type'))} {_bib(raw.get('number'))}")
        fields["issue"] = ""
    fields["landing_url"] = _bib(raw.get("url") or raw.get("link"))
    fields["keywords"] = [
        k for k in (squash(p) for p in re.split(r"[,;]", _bib(raw.get("keywords")))) if k
    ]
    return _finish(entry)


# --- RIS -----------------------------------------------------------------------------------

RIS_KINDS = {
    "JOUR": K.ARTICLE,
    "JFULL": K.ARTICLE,
    "EJOUR": K.ARTICLE,
    "MGZN": K.ARTICLE,
    "RPRT": K.REPORT,
    "GOVDOC": K.REPORT,
    "THES": K.DISSERTATION,
    "BOOK": K.BOOK,
    "EBOOK": K.BOOK,
    "EDBOOK": K.BOOK,
    "CHAP": K.CHAPTER,
    "ECHAP": K.CHAPTER,
    "CONF": K.CONFERENCE_PAPER,
    "CPAPER": K.CONFERENCE_PAPER,
}
_RIS_TAG = re.compile(r"^([A-Z][A-Z0-9])  -( |$)")


def parse_ris(text: str) -> list[Entry]:
    """Read a RIS file record by record (TY … ER); an unfinished record becomes a row with an error."""
    entries: list[Entry] = []
    chunk: list[str] = []
    start = 0
    stray: list[int] = []
    for number, raw_line in enumerate(text.splitlines(), start=1):
        line = raw_line.lstrip("\ufeff")
        tag = _RIS_TAG.match(line)
        if tag and tag.group(1) == "TY":
            if chunk:
                entries.append(_ris_unfinished(chunk, start, len(entries) + 1))
            chunk, start = [line], number
        elif tag and tag.group(1) == "ER":
            if chunk:
                chunk.append(line)
                entries.append(_ris_entry("\n".join(chunk), start, len(entries) + 1))
                chunk = []
            else:
                stray.append(number)
        elif chunk:
            chunk.append(line)
        elif line.strip():
            stray.append(number)
    if chunk:
        entries.append(_ris_unfinished(chunk, start, len(entries) + 1))
    if stray:
        entry = Entry(ref=_("outside any record"), line=stray[0], fields=empty_fields())
        entry.error(
            "",
            _("Line %(lines)s is outside any record (a record runs from “TY  -” to “ER  -”).")
            % {"lines": ", ".join(str(n) for n in stray[:5])},
        )
        entries.append(entry)
        entries.sort(key=lambda e: e.line or 0)
    if not entries:
        raise ImportFileError(
            _("No RIS records were found in the file (a record starts with “TY  -”).")
        )
    return entries


def _ris_unfinished(chunk: list[str], start: int, number: int) -> Entry:
    entry = _ris_entry("\n".join([*chunk, "ER  - "]), start, number)
    entry.error(
        "", _("The record starting on line %(line)d has no end (“ER  -”).") % {"line": start}
    )
    return entry


def _first(value: Any) -> str:
    if isinstance(value, list):
        return squash(value[0]) if value else ""
    return squash(value)


def _ris_entry(chunk: str, line: int, number: int) -> Entry:
    entry = Entry(ref=_("record %(n)d") % {"n": number}, line=line, fields=empty_fields())
    fields = entry.fields
    try:
        records = rispy.loads(chunk)
    except Exception as error:  # rispy raises plain exceptions for lines it cannot read
        entry.error("", _("The record could not be read: %(error)s") % {"error": error})
        return entry
    raw = records[0] if records else {}
    kind = str(raw.get("type_of_reference", "")).upper()
    if kind in RIS_KINDS:
        fields["kind"] = RIS_KINDS[kind]
    else:
        fields["kind"] = K.REPORT
        entry.warn(
            "kind",
            _(
                "The reference type %(type)s has no match in the library; it is imported as a report."
            )
            % {"type": kind or "–"},
        )
    fields["title"] = _first(raw.get("title") or raw.get("primary_title"))
    names = list(raw.get("authors") or []) + list(raw.get("first_authors") or [])
    fields["authors"] = [author(n) for n in names if squash(n)]
    container = _first(raw.get("secondary_title"))
    if fields["kind"] in (K.ARTICLE,):
        fields["journal"] = _first(
            raw.get("journal_name") or raw.get("alternate_title3") or container
        )
    elif fields["kind"] in (K.CHAPTER, K.CONFERENCE_PAPER):
        fields["journal"] = container
        fields["authors"] += [
            author(n, role="editor") for n in raw.get("secondary_authors") or [] if squash(n)
        ]
    elif container:
        fields["series"] = container
    year, day = year_and_date(_first(raw.get("date")))
    fields["year"] = (
        year_and_date(_first(raw.get("year") or raw.get("publication_year")))[0] or year
    )
    fields["date"] = day
    fields["language"] = language_of(_first(raw.get("language")))
    _put_abstract(
        fields, squash(raw.get("abstract") or raw.get("notes_abstract")), fields["language"]
    )
    fields["doi"] = _first(raw.get("doi"))
    number_sn = _first(raw.get("issn"))
    if number_sn and fields["kind"] in (K.BOOK, K.CHAPTER, K.REPORT, K.DISSERTATION):
        fields["isbn"] = isbn_from(entry, number_sn)
    fields["publisher"] = _first(raw.get("publisher"))
    fields["volume"] = _first(raw.get("volume"))
    fields["issue"] = _first(raw.get("number"))
    start_page, end_page = _first(raw.get("start_page")), _first(raw.get("end_page"))
    fields["pages"] = f"{start_page}–{end_page}" if start_page and end_page else start_page
    urls = [squash(u) for u in raw.get("urls") or [] if squash(u)]
    fields["landing_url"] = urls[0] if urls else ""
    fields["keywords"] = [squash(k) for k in raw.get("keywords") or [] if squash(k)]
    return _finish(entry)


# --- MODS (DiVA, SwePub) -------------------------------------------------------------------

# Our own vocabulary first (round trips through our OAI-PMH provider), then SwePub's output
# types, SwePub's publication types and DiVA's codes.
MODS_KINDS: dict[tuple[str, str | None], dict[str, str]] = {
    ("bryggan", None): {kind.value: kind.value for kind in K},
    ("kb.se", "outputType"): {
        "publication/journal-article": K.ARTICLE,
        "publication/review-article": K.ARTICLE,
        "publication/editorial-letter": K.ARTICLE,
        "publication/magazine-article": K.ARTICLE,
        "publication/newspaper-article": K.ARTICLE,
        "publication/preprint": K.ARTICLE,
        "publication/book": K.BOOK,
        "publication/edited-book": K.BOOK,
        "publication/book-chapter": K.CHAPTER,
        "publication/report-chapter": K.CHAPTER,
        "publication/report": K.REPORT,
        "publication/working-paper": K.REPORT,
        "publication/doctoral-thesis": K.DISSERTATION,
        "publication/licentiate-thesis": K.DISSERTATION,
        "conference/paper": K.CONFERENCE_PAPER,
        "conference/proceeding": K.BOOK,
    },
    ("svep", "publicationType"): {
        "art": K.ARTICLE,
        "for": K.ARTICLE,
        "rec": K.ARTICLE,
        "bok": K.BOOK,
        "sam": K.BOOK,
        "pro": K.BOOK,
        "kap": K.CHAPTER,
        "rap": K.REPORT,
        "dok": K.DISSERTATION,
        "lic": K.DISSERTATION,
        "kon": K.CONFERENCE_PAPER,
    },
    ("diva", "publicationTypeCode"): {
        "article": K.ARTICLE,
        "review": K.ARTICLE,
        "book": K.BOOK,
        "collection": K.BOOK,
        "chapter": K.CHAPTER,
        "report": K.REPORT,
        "comprehensiveDoctoralThesis": K.DISSERTATION,
        "monographDoctoralThesis": K.DISSERTATION,
        "comprehensiveLicentiateThesis": K.DISSERTATION,
        "monographLicentiateThesis": K.DISSERTATION,
        "conferencePaper": K.CONFERENCE_PAPER,
    },
}
SSIF_AUTHORITIES = {"hsv", "uka.se", "ssif", "scb"}


def _m(tag: str) -> str:
    return f"{{{MODS_NS}}}{tag}"


def _text(element: Any) -> str:
    return squash("".join(element.itertext())) if element is not None else ""


def parse_mods(data: bytes) -> list[Entry]:
    """Read MODS records: an OAI-PMH response, a modsCollection or a single mods element."""
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, huge_tree=False, remove_comments=True
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        raise ImportFileError(
            _("The file is not well-formed XML (line %(line)s): %(error)s")
            % {"line": error.lineno, "error": error.msg}
        ) from error
    entries: list[Entry] = []
    if root.tag == f"{{{OAI_NS}}}OAI-PMH":
        for number, record in enumerate(root.iter(f"{{{OAI_NS}}}record"), start=1):
            header = record.find(f"{{{OAI_NS}}}header")
            identifier = _text(header.find(f"{{{OAI_NS}}}identifier")) if header is not None else ""
            ref = identifier or _("record %(n)d") % {"n": number}
            if header is not None and header.get("status") == "deleted":
                continue
            mods = record.find(f"{{{OAI_NS}}}metadata/{_m('mods')}")
            if mods is None:
                entry = Entry(ref=ref, line=record.sourceline, fields=empty_fields())
                entry.error("", _("The record has no MODS metadata."))
                entries.append(entry)
                continue
            entries.append(_mods_entry(mods, ref))
    elif root.tag in (_m("modsCollection"), _m("mods")):
        records = [root] if root.tag == _m("mods") else root.findall(_m("mods"))
        for number, mods in enumerate(records, start=1):
            identifier = _text(mods.find(f"{_m('recordInfo')}/{_m('recordIdentifier')}"))
            entries.append(_mods_entry(mods, identifier or _("record %(n)d") % {"n": number}))
    else:
        raise ImportFileError(
            _(
                "The file holds no MODS records (expected an OAI-PMH response, modsCollection or mods)."
            )
        )
    if not entries:
        raise ImportFileError(_("No MODS records were found in the file."))
    if len(entries) > MAX_ENTRIES:
        raise ImportFileError(
            _("The file has more than %(n)d records; split it into smaller files.")
            % {"n": MAX_ENTRIES}
        )
    return entries


def _mods_kind(mods: Any) -> str:
    for (authority, genre_type), mapping in MODS_KINDS.items():
        for genre in mods.findall(_m("genre")):
            if genre.get("authority") != authority:
                continue
            if genre_type is not None and genre.get("type") != genre_type:
                continue
            kind = mapping.get(_text(genre))
            if kind:
                return kind
    return ""


def _mods_entry(mods: Any, ref: str) -> Entry:
    entry = Entry(ref=ref, line=mods.sourceline, fields=empty_fields())
    fields = entry.fields
    fields["kind"] = _mods_kind(mods)
    if not fields["kind"]:
        fields["kind"] = K.REPORT
        entry.warn(
            "kind",
            _("The publication type is missing or unknown; the record is imported as a report."),
        )
    for info in mods.findall(_m("titleInfo")):
        if info.get("type") in ("alternative", "translated", "abbreviated", "uniform"):
            continue
        fields["title"] = _text(info.find(_m("title"))).rstrip(" .")
        fields["subtitle"] = _text(info.find(_m("subTitle")))
        break
    for name in mods.findall(_m("name")):
        if name.get("type") != "personal":
            continue
        roles = {squash(r.text) for r in name.iter(_m("roleTerm")) if r.text}
        role = "editor" if "edt" in roles else "author"
        if roles and not roles & {"aut", "cre", "edt"}:
            continue  # supervisors, opponents, publishers
        family = given = ""
        for part in name.findall(_m("namePart")):
            if part.get("type") == "family":
                family = _text(part)
            elif part.get("type") == "given":
                given = _text(part)
            elif part.get("type") is None and not family:
                family, given = split_name(_text(part))
        orcid = ""
        for ident in name.findall(_m("nameIdentifier")):
            if (ident.get("type") or "").lower() == "orcid":
                orcid = _text(ident)
        for description in name.findall(_m("description")):
            found = re.search(r"orcid\.org=(\S+)", _text(description))
            if found and not orcid:
                orcid = found.group(1)
        if family or given:
            fields["authors"].append(author(family=family, given=given, orcid=orcid, role=role))
    for origin in mods.findall(_m("originInfo")):
        if fields["year"] is None:
            fields["year"], fields["date"] = year_and_date(_text(origin.find(_m("dateIssued"))))
        if not fields["publisher"]:
            fields["publisher"] = _text(origin.find(_m("publisher")))
    language = mods.find(f"{_m('language')}/{_m('languageTerm')}")
    fields["language"] = language_of(_text(language))
    for abstract in mods.findall(_m("abstract")):
        lang = language_of(abstract.get("lang")) or fields["language"]
        _put_abstract(fields, strip_markup(abstract.text), lang)
    for ident in mods.findall(_m("identifier")):
        kind, value = (ident.get("type") or "").lower(), _text(ident)
        if kind == "doi" and not fields["doi"]:
            fields["doi"] = value
        elif kind == "isbn" and not fields["isbn"]:
            fields["isbn"] = isbn_from(entry, value)
        elif kind in ("hdl", "handle") and not fields["handle"]:
            fields["handle"] = value
        elif (kind == "urn" or (kind == "uri" and "urn:nbn:" in value)) and not fields["urn"]:
            fields["urn"] = value
        elif kind == "uri" and "hdl.handle.net/" in value and not fields["handle"]:
            fields["handle"] = value
        elif kind == "uri" and not fields["landing_url"]:
            fields["landing_url"] = value
    for related in mods.findall(_m("relatedItem")):
        title = _text(related.find(f"{_m('titleInfo')}/{_m('title')}")).rstrip(" ;")
        subtitle = _text(related.find(f"{_m('titleInfo')}/{_m('subTitle')}"))
        if subtitle:
            title = f"{title}: {subtitle}"
        if related.get("type") == "host" and not fields["journal"]:
            fields["journal"] = title
            for detail in related.findall(f"{_m('part')}/{_m('detail')}"):
                number = _text(detail.find(_m("number")))
                if detail.get("type") == "volume":
                    fields["volume"] = number
                elif detail.get("type") == "issue":
                    fields["issue"] = number
            extent = related.find(f"{_m('part')}/{_m('extent')}")
            if extent is not None:
                start, end = _text(extent.find(_m("start"))), _text(extent.find(_m("end")))
                fields["pages"] = f"{start}–{end}" if start and end else start
            host_isbn = _text(related.find(f"{_m('identifier')}[@type='isbn']"))
            if not fields["isbn"] and host_isbn and fields["kind"] in (K.CHAPTER,):
                fields["isbn"] = isbn_from(entry, host_isbn)
        elif related.get("type") == "series" and not fields["series"]:
            number = _text(related.find(f"{_m('identifier')}[@type='issue number']"))
            fields["series"] = f"{title} {number}".strip()
    for subject in mods.findall(_m("subject")):
        code = subject.get(XLINK_HREF) or ""
        if subject.get("authority") in SSIF_AUTHORITIES and code:
            if code not in fields["subject_codes"]:
                fields["subject_codes"].append(code)
        elif not subject.get("authority"):
            for topic in subject.findall(_m("topic")):
                word = _text(topic)
                if word and word not in fields["keywords"]:
                    fields["keywords"].append(word)
    for url in mods.findall(f"{_m('location')}/{_m('url')}"):
        if (url.get("note") == "free" or url.get("access") == "raw object") and not fields[
            "open_access_url"
        ]:
            fields["open_access_url"] = _text(url)
    return _finish(entry)


def detect_format(filename: str, data: bytes) -> str:
    """Guess the format from the file name, then from the first characters."""
    name = filename.lower()
    if name.endswith((".bib", ".bibtex")):
        return "bibtex"
    if name.endswith((".ris", ".txt")) and b"TY  -" in data[:4000]:
        return "ris"
    if name.endswith(".ris"):
        return "ris"
    if name.endswith(".xml"):
        return "mods"
    head = data[:4000].lstrip(b"\xef\xbb\xbf \r\n\t")
    if head.startswith(b"<"):
        return "mods"
    if b"TY  -" in head:
        return "ris"
    if head.startswith((b"@", b"%")) or re.search(rb"@\w+\s*\{", head):
        return "bibtex"
    return ""


def decode(data: bytes) -> str:
    """Decode a text file as UTF-8 (with or without BOM), falling back to Windows-1252."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def parse(format_name: str, data: bytes) -> list[Entry]:
    if format_name == "mods":
        return parse_mods(data)
    text = decode(data)
    entries = parse_bibtex(text) if format_name == "bibtex" else parse_ris(text)
    if len(entries) > MAX_ENTRIES:
        raise ImportFileError(
            _("The file has more than %(n)d records; split it into smaller files.")
            % {"n": MAX_ENTRIES}
        )
    return entries
