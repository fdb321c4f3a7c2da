"""Turn what each source delivers (MODS, Dublin Core, OpenAlex, Crossref, RSS) into one record form.

Pure functions without database access, so the benchmark and the tests can call them directly.
Every parser returns `Item`s; an item without a title is returned with `title=""` and is
skipped (and counted) by the importer.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from lxml import etree

NS = {
    "oai": "http://www.openarchives.org/OAI/2.0/",
    "mods": "http://www.loc.gov/mods/v3",
    "xlink": "http://www.w3.org/1999/xlink",
    "dc": "http://purl.org/dc/elements/1.1/",
    "oai_dc": "http://www.openarchives.org/OAI/2.0/oai_dc/",
}
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
DOI_RE = re.compile(r"10\.\d{4,9}/\S+", re.IGNORECASE)
ORCID_RE = re.compile(r"(\d{4}-\d{4}-\d{4}-\d{3}[\dXx])")
TAG_RE = re.compile(r"<[^>]+>")
SPACE_RE = re.compile(r"\s+")
NON_WORD_RE = re.compile(r"[^\w]+")
# ISO 639-2/B codes from MODS and Dublin Core to the two-letter codes OpenAlex and Crossref use.
LANGUAGES = {"swe": "sv", "eng": "en", "nor": "no", "nob": "no", "dan": "da", "fin": "fi",
             "ger": "de", "deu": "de", "fre": "fr", "fra": "fr", "spa": "es"}  # fmt: skip


@dataclass
class Item:
    """One record as delivered by a source, already normalised."""

    external_id: str
    title: str = ""
    authors: list[dict[str, str]] = field(default_factory=list)
    year: int | None = None
    abstract: str = ""
    doi: str = ""
    venue: str = ""
    language: str = ""
    subject_codes: list[str] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)
    oa_url: str = ""
    url: str = ""
    deleted: bool = False

    @cached_property
    def dedup_key(self) -> str:
        return dedup_key(self.title, self.year, self.authors)


def clean_text(value: str | None) -> str:
    """Strip markup and collapse white space (abstracts arrive with escaped HTML or JATS)."""
    if not value:
        return ""
    # Most titles hold neither entities nor tags: skip the regular expressions for them.
    if "&" in value:
        value = html.unescape(value)
    if "<" in value:
        value = TAG_RE.sub(" ", value)
    return " ".join(value.split())


def normalise_doi(value: str | None) -> str:
    """Return the DOI in lower case without resolver prefix, or '' when there is none."""
    if not value:
        return ""
    found = DOI_RE.search(value.strip())
    return found.group(0).rstrip(".").lower()[:255] if found else ""


def normalise_orcid(value: str | None) -> str:
    found = ORCID_RE.search(value or "")
    return found.group(1).upper() if found else ""


def fold(text: str) -> str:
    """Lower-case, strip accents except the Swedish letters, and keep only word characters."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(NON_WORD_RE.sub(" ", text).split())


def dedup_key(title: str, year: int | None, authors: list[dict[str, str]]) -> str:
    """Normalised title + year + first author's family name: the key for records without DOI."""
    family = fold(authors[0].get("family", "")) if authors else ""
    return f"{fold(title)[:200]}|{year or ''}|{family[:40]}"


def language_code(value: str | None) -> str:
    value = (value or "").strip().lower()
    return LANGUAGES.get(value, value)[:10]


def year_of(value: Any) -> int | None:
    found = re.search(r"(1[5-9]\d\d|20\d\d)", str(value or ""))
    return int(found.group(1)) if found else None


def author(name: str = "", family: str = "", given: str = "", orcid: str = "") -> dict[str, str]:
    family = family.strip()
    given = given.strip()
    name = name.strip() or " ".join(p for p in (given, family) if p)
    if not family and name:
        if "," in name:
            family, _sep, given = (p.strip() for p in name.partition(","))
            name = f"{given} {family}".strip()
        else:
            given, _sep, family = name.rpartition(" ")
    return {"name": name, "family": family, "given": given, "orcid": normalise_orcid(orcid)}


# --- OAI-PMH -------------------------------------------------------------------------------


class OaiError(Exception):
    """The repository answered with an OAI-PMH error (e.g. badResumptionToken)."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code


@dataclass
class OaiPage:
    items: list[Item]
    token: str
    total: int | None


def parse_oai_page(content: bytes, prefix: str) -> OaiPage:
    """Parse one ListRecords response; raise OaiError for OAI errors, XMLSyntaxError when broken."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    root = etree.fromstring(content, parser)
    error = root.find("oai:error", NS)
    if error is not None:
        code = error.get("code", "")
        if code == "noRecordsMatch":
            return OaiPage([], "", 0)
        raise OaiError(code, (error.text or "").strip())
    items = []
    for record in root.iter("{{{}}}record".format(NS["oai"])):
        header = record.find("oai:header", NS)
        if header is None:
            continue
        identifier = (header.findtext("oai:identifier", "", NS) or "").strip()
        if header.get("status") == "deleted":
            items.append(Item(external_id=identifier, deleted=True))
            continue
        metadata = record.find("oai:metadata", NS)
        if metadata is None or len(metadata) == 0:
            items.append(Item(external_id=identifier))
            continue
        body = metadata[0]
        if prefix == "oai_dc":
            items.append(parse_dc(body, identifier))
        else:
            items.append(parse_mods(body, identifier))
    token_el = root.find(".//oai:resumptionToken", NS)
    token = (token_el.text or "").strip() if token_el is not None else ""
    total = None
    if token_el is not None and (token_el.get("completeListSize") or "").isdigit():
        total = int(token_el.get("completeListSize"))
    return OaiPage(items, token, total)


def _text(el: Any) -> str:
    return SPACE_RE.sub(" ", "".join(el.itertext())).strip() if el is not None else ""


def parse_mods(mods: Any, identifier: str) -> Item:
    """Normalise a MODS record (SwePub MODS as DiVA, LUP and others publish it)."""
    m = NS["mods"]
    item = Item(external_id=identifier)
    for info in mods.findall(f"{{{m}}}titleInfo"):
        if info.get("type") in ("alternative", "translated", "abbreviated"):
            continue
        title = _text(info.find(f"{{{m}}}title"))
        subtitle = _text(info.find(f"{{{m}}}subTitle"))
        if title:
            item.title = f"{title.rstrip(' :')}: {subtitle}" if subtitle else title
            break
    for name in mods.findall(f"{{{m}}}name"):
        if name.get("type") != "personal":
            continue
        roles = {r.text.strip() for r in name.iter(f"{{{m}}}roleTerm") if r.text}
        if roles and not roles & {"aut", "cre"}:
            continue
        family = given = ""
        for part in name.findall(f"{{{m}}}namePart"):
            if part.get("type") == "family":
                family = _text(part)
            elif part.get("type") == "given":
                given = _text(part)
        orcid = ""
        for desc in name.findall(f"{{{m}}}description"):
            if "orcid" in (desc.text or ""):
                orcid = desc.text or ""
        for ident in name.findall(f"{{{m}}}nameIdentifier"):
            if ident.get("type") == "orcid":
                orcid = ident.text or ""
        if family or given:
            item.authors.append(author(family=family, given=given, orcid=orcid))
    for origin in mods.findall(f"{{{m}}}originInfo"):
        item.year = item.year or year_of(origin.findtext(f"{{{m}}}dateIssued"))
    abstracts = mods.findall(f"{{{m}}}abstract")
    if abstracts:
        preferred = [a for a in abstracts if a.get("lang") == "eng"] or abstracts
        item.abstract = clean_text(preferred[0].text)
    for ident in mods.findall(f"{{{m}}}identifier"):
        kind = ident.get("type")
        if kind == "doi" and not item.doi:
            item.doi = normalise_doi(ident.text)
        elif kind == "uri" and not item.url:
            item.url = (ident.text or "").strip()[:1000]
    item.language = language_code(mods.findtext(f"{{{m}}}language/{{{m}}}languageTerm"))
    for related in mods.findall(f"{{{m}}}relatedItem"):
        if related.get("type") in ("host", "series"):
            venue = _text(related.find(f"{{{m}}}titleInfo/{{{m}}}title"))
            if venue and (not item.venue or related.get("type") == "host"):
                item.venue = venue[:500]
                if related.get("type") == "host":
                    break
    for subject in mods.findall(f"{{{m}}}subject"):
        code = subject.get(XLINK_HREF) or ""
        if subject.get("authority") in ("hsv", "uka.se", "ssif") and code.isdigit():
            if code not in item.subject_codes:
                item.subject_codes.append(code)
        elif not subject.get("authority"):
            for topic in subject.findall(f"{{{m}}}topic"):
                word = _text(topic)
                if word and word not in item.keywords:
                    item.keywords.append(word)
    for location in mods.findall(f"{{{m}}}location/{{{m}}}url"):
        if location.get("note") == "free" or location.get("access") == "raw object":
            item.oa_url = (location.text or "").strip()[:1000]
            break
    return item


def parse_dc(dc: Any, identifier: str) -> Item:
    """Normalise an oai_dc record."""
    d = NS["dc"]
    item = Item(external_id=identifier, title=_text(dc.find(f"{{{d}}}title")))
    item.authors = [author(name=_text(c)) for c in dc.findall(f"{{{d}}}creator") if _text(c)]
    item.year = year_of(dc.findtext(f"{{{d}}}date"))
    item.abstract = clean_text(dc.findtext(f"{{{d}}}description"))
    for ident in dc.findall(f"{{{d}}}identifier"):
        value = _text(ident)
        if not item.doi and normalise_doi(value):
            item.doi = normalise_doi(value)
        elif value.startswith("http") and not item.url:
            item.url = value[:1000]
    item.language = language_code(dc.findtext(f"{{{d}}}language"))
    item.venue = _text(dc.find(f"{{{d}}}source"))[:500]
    item.keywords = [_text(s) for s in dc.findall(f"{{{d}}}subject") if _text(s)]
    return item


# --- OpenAlex ------------------------------------------------------------------------------


def abstract_from_inverted_index(index: dict[str, list[int]] | None) -> str:
    if not index:
        return ""
    positions: dict[int, str] = {}
    for word, places in index.items():
        for place in places:
            positions[place] = word
    return " ".join(positions[i] for i in sorted(positions))


def parse_openalex(work: dict[str, Any]) -> Item:
    """Normalise one OpenAlex work (API result or snapshot line)."""
    item = Item(external_id=str(work.get("id") or work.get("doi") or ""))
    item.title = clean_text(work.get("title") or work.get("display_name"))
    for authorship in work.get("authorships") or []:
        person = authorship.get("author") or {}
        name = person.get("display_name") or authorship.get("raw_author_name") or ""
        if name:
            item.authors.append(author(name=name, orcid=person.get("orcid") or ""))
    item.year = (
        work.get("publication_year") if isinstance(work.get("publication_year"), int) else None
    )
    item.abstract = abstract_from_inverted_index(work.get("abstract_inverted_index"))
    item.doi = normalise_doi(work.get("doi"))
    location = work.get("primary_location") or {}
    source = location.get("source") or {}
    item.venue = (source.get("display_name") or "")[:500]
    item.url = (location.get("landing_page_url") or "")[:1000]
    item.language = language_code(work.get("language"))
    item.oa_url = ((work.get("open_access") or {}).get("oa_url") or "")[:1000]
    item.keywords = [
        k.get("display_name", "") for k in (work.get("keywords") or []) if k.get("display_name")
    ]
    return item


# --- Crossref ------------------------------------------------------------------------------


def parse_crossref(work: dict[str, Any]) -> Item:
    """Normalise one Crossref work (message.items[] of /works)."""
    doi = normalise_doi(work.get("DOI"))
    item = Item(external_id=doi or str(work.get("URL") or ""), doi=doi)
    item.title = clean_text(" ".join(work.get("title") or []))
    subtitle = clean_text(" ".join(work.get("subtitle") or []))
    if item.title and subtitle:
        item.title = f"{item.title}: {subtitle}"
    for person in work.get("author") or []:
        item.authors.append(
            author(
                name=person.get("name", ""),
                family=person.get("family", ""),
                given=person.get("given", ""),
                orcid=person.get("ORCID", ""),
            )
        )
    for key in ("published", "issued", "published-print", "published-online", "created"):
        parts = (work.get(key) or {}).get("date-parts") or [[None]]
        if parts and parts[0] and parts[0][0]:
            item.year = int(parts[0][0])
            break
    item.abstract = clean_text(work.get("abstract"))
    item.venue = " ".join(work.get("container-title") or [])[:500]
    item.language = language_code(work.get("language"))
    item.url = str(work.get("URL") or "")[:1000]
    item.keywords = list(work.get("subject") or [])
    licences = " ".join(str(lic.get("URL", "")) for lic in work.get("license") or [])
    if "creativecommons" in licences:
        links = work.get("link") or []
        item.oa_url = str(links[0].get("URL", "") if links else item.url)[:1000]
    return item


# --- RSS/Atom ------------------------------------------------------------------------------


def parse_feed_entry(entry: Any, venue: str) -> Item:
    """Normalise one feedparser entry of a journal's table-of-contents feed."""
    link = entry.get("link", "")
    item = Item(external_id=str(entry.get("id") or link)[:500])
    item.title = clean_text(entry.get("title"))
    names = [a.get("name", "") for a in entry.get("authors") or [] if a.get("name")]
    if not names and entry.get("author"):
        names = [
            n.strip() for n in re.split(r";|,\s(?=[A-ZÅÄÖ])| and ", entry["author"]) if n.strip()
        ]
    item.authors = [author(name=n) for n in names]
    for key in ("prism_doi", "dc_identifier", "id", "link"):
        if normalise_doi(entry.get(key)):
            item.doi = normalise_doi(entry.get(key))
            break
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    item.year = parsed.tm_year if parsed else year_of(entry.get("prism_coverdate"))
    item.abstract = clean_text(entry.get("summary"))
    item.venue = (entry.get("prism_publicationname") or venue or "")[:500]
    item.url = link[:1000]
    item.keywords = [t.get("term", "") for t in entry.get("tags") or [] if t.get("term")]
    return item
