"""Publication metadata in the forms others read: Dublin Core, SwePub-style MODS and schema.org JSON-LD.

The XML writers take a `Card` (a publication as plain data, loaded in bulk by the OAI-PMH
provider) and build strings, escaped here, rather than element trees: the provider writes
thousands of records per second with them. The JSON-LD and citation writers take a Publication
whose authorships, subject codes and topics are prefetched.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from bryggan.lib.identifiers import doi_url, handle_url, urn_url
from bryggan.library.models import LANGUAGE_639_2, Digest, Publication

K = Publication.Kind
_INVALID_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

# info:eu-repo (OpenAIRE/DRIVER) publication types for dc:type.
EU_REPO_TYPES: dict[str, str] = {
    K.ARTICLE: "article",
    K.BOOK: "book",
    K.CHAPTER: "bookPart",
    K.CONFERENCE_PAPER: "conferenceObject",
    K.DISSERTATION: "doctoralThesis",
    K.REPORT: "report",
    K.DIGEST: "other",
}
# SwePub: output type (kb.se), publication type (svep) and content type (svep).
SWEPUB_OUTPUT_TYPES: dict[str, str] = {
    K.ARTICLE: "publication/journal-article",
    K.BOOK: "publication/book",
    K.CHAPTER: "publication/book-chapter",
    K.CONFERENCE_PAPER: "conference/paper",
    K.DISSERTATION: "publication/doctoral-thesis",
    K.REPORT: "publication/report",
    K.DIGEST: "publication/other",
}
SWEPUB_PUBLICATION_TYPES: dict[str, str] = {
    K.ARTICLE: "art",
    K.BOOK: "bok",
    K.CHAPTER: "kap",
    K.CONFERENCE_PAPER: "kon",
    K.DISSERTATION: "dok",
    K.REPORT: "rap",
    K.DIGEST: "ovr",
}
SCHEMA_TYPES: dict[str, str] = {
    K.ARTICLE: "ScholarlyArticle",
    K.CONFERENCE_PAPER: "ScholarlyArticle",
    K.CHAPTER: "Chapter",
    K.BOOK: "Book",
    K.DISSERTATION: "Thesis",
    K.REPORT: "Report",
    K.DIGEST: "Article",
}


@dataclass(slots=True)
class AuthorCard:
    family_name: str
    given_name: str
    orcid: str
    role: str

    @property
    def inverted_name(self) -> str:
        return f"{self.family_name}, {self.given_name}" if self.given_name else self.family_name


@dataclass(slots=True)
class Card:
    """The fields of a publication that metadata formats need, with its relations as lists."""

    pk: int
    kind: str
    title: str
    subtitle: str
    year: int
    date: dt.date | None
    language: str
    abstract_sv: str
    abstract_en: str
    doi: str | None
    urn: str
    handle: str
    isbn: str
    publisher: str
    journal: str
    volume: str
    issue: str
    pages: str
    series: str
    file: str
    open_access_url: str
    status: str
    visibility: str
    harvestable: bool
    created_at: dt.datetime
    updated_at: dt.datetime
    authors: list[AuthorCard] = field(default_factory=list)
    subject_codes: list[Any] = field(default_factory=list)
    topics: list[Any] = field(default_factory=list)
    area_slugs: list[str] = field(default_factory=list)

    FIELDS = (
        "pk", "kind", "title", "subtitle", "year", "date", "language", "abstract_sv",
        "abstract_en", "doi", "urn", "handle", "isbn", "publisher", "journal", "volume", "issue",
        "pages", "series", "file", "open_access_url", "status", "visibility", "harvestable",
        "created_at", "updated_at",
    )  # fmt: skip

    @property
    def full_title(self) -> str:
        return f"{self.title.rstrip(' :')}: {self.subtitle}" if self.subtitle else self.title

    @property
    def is_exposed(self) -> bool:
        return self.status == "published" and self.visibility == "public" and self.harvestable

    def get_absolute_url(self) -> str:
        return _path("library:publication", self.pk)

    @property
    def full_text_url(self) -> str:
        return _path("library:fulltext", self.pk) if self.file else self.open_access_url


@cache
def _path_template(name: str) -> tuple[str, str]:
    marker = 987654321
    head, _sep, tail = reverse(name, args=[marker]).partition(str(marker))
    return head, tail


def _path(name: str, pk: int) -> str:
    """reverse() for one of many records: resolve the pattern once, then fill in the key."""
    head, tail = _path_template(name)
    return f"{head}{pk}{tail}"


def esc(value: Any) -> str:
    """Escape text for XML content and attribute values, dropping characters XML 1.0 forbids."""
    text = _INVALID_XML.sub("", str(value))
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    )


def page_url(publication: Publication | Card) -> str:
    return f"{settings.SITE_URL}{publication.get_absolute_url()}"


def full_text_url(publication: Publication | Card) -> str:
    url = publication.full_text_url
    return f"{settings.SITE_URL}{url}" if url.startswith("/") else url


SsifPaths = dict[str, tuple[list[str], list[str]]]


def ssif_paths() -> SsifPaths:
    """Return {code: (Swedish names, English names)} from the top of the SSIF tree down (one query)."""
    from bryggan.taxonomy.models import SubjectCode

    by_pk = {c.pk: c for c in SubjectCode.objects.all()}
    paths: SsifPaths = {}
    for row in by_pk.values():
        names_sv: list[str] = []
        names_en: list[str] = []
        node = row
        for _depth in range(5):  # SSIF has three levels; the bound guards against a cycle
            names_sv.insert(0, node.name_sv)
            names_en.insert(0, node.name_en or node.name_sv)
            if node.parent_id is None or node.parent_id not in by_pk:
                break
            node = by_pk[node.parent_id]
        paths[row.code] = (names_sv, names_en)
    return paths


def source_text(publication: Publication | Card) -> str:
    """Journal, volume(issue), pages – the citation of the host publication."""
    parts = [publication.journal]
    if publication.volume:
        parts.append(
            f"{publication.volume}({publication.issue})"
            if publication.issue
            else publication.volume
        )
    if publication.pages:
        parts.append(publication.pages)
    return ", ".join(p for p in parts if p)


# --- Dublin Core ---------------------------------------------------------------------------


def oai_dc(publication: Card) -> str:
    """Return the simple Dublin Core record (oai_dc) of a publication."""
    lang = LANGUAGE_639_2.get(publication.language, publication.language)
    out = [
        '<oai_dc:dc xmlns:oai_dc="http://www.openarchives.org/OAI/2.0/oai_dc/" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xsi:schemaLocation="http://www.openarchives.org/OAI/2.0/oai_dc/ '
        'http://www.openarchives.org/OAI/2.0/oai_dc.xsd">',
        f'<dc:title xml:lang="{publication.language}">{esc(publication.full_title)}</dc:title>',
    ]
    for author in publication.authors:
        tag = "creator" if author.role == "author" else "contributor"
        out.append(f"<dc:{tag}>{esc(author.inverted_name)}</dc:{tag}>")
    for code in publication.subject_codes:
        out.append(f'<dc:subject xml:lang="sv">{esc(code.name_sv)}</dc:subject>')
        if code.name_en:
            out.append(f'<dc:subject xml:lang="en">{esc(code.name_en)}</dc:subject>')
    for topic in publication.topics:
        out.append(f'<dc:subject xml:lang="sv">{esc(topic.name_sv)}</dc:subject>')
    if publication.abstract_sv:
        out.append(f'<dc:description xml:lang="sv">{esc(publication.abstract_sv)}</dc:description>')
    if publication.abstract_en:
        out.append(f'<dc:description xml:lang="en">{esc(publication.abstract_en)}</dc:description>')
    if publication.publisher:
        out.append(f"<dc:publisher>{esc(publication.publisher)}</dc:publisher>")
    out.append(
        f"<dc:date>{publication.date.isoformat() if publication.date else publication.year}</dc:date>"
    )
    out.append(f"<dc:type>info:eu-repo/semantics/{EU_REPO_TYPES[publication.kind]}</dc:type>")
    out.append("<dc:type>text</dc:type>")
    out.append(f"<dc:identifier>{esc(page_url(publication))}</dc:identifier>")
    if publication.doi:
        out.append(f"<dc:identifier>{esc(doi_url(publication.doi))}</dc:identifier>")
    if publication.urn:
        out.append(f"<dc:identifier>{esc(publication.urn)}</dc:identifier>")
    if publication.handle:
        out.append(f"<dc:identifier>{esc(handle_url(publication.handle))}</dc:identifier>")
    if publication.isbn:
        out.append(f"<dc:identifier>urn:isbn:{esc(publication.isbn)}</dc:identifier>")
    out.append(f"<dc:language>{esc(lang)}</dc:language>")
    if publication.journal:
        out.append(f"<dc:source>{esc(source_text(publication))}</dc:source>")
    if publication.series:
        out.append(f"<dc:relation>{esc(publication.series)}</dc:relation>")
    if publication.file or publication.open_access_url:
        out.append("<dc:rights>info:eu-repo/semantics/openAccess</dc:rights>")
    out.append("</oai_dc:dc>")
    return "".join(out)


# --- MODS (SwePub conventions) -------------------------------------------------------------


def mods(publication: Card, repository_id: str, paths: SsifPaths | None = None) -> str:
    """Return a MODS 3.7 record following SwePub's conventions (genres, SSIF subjects, ORCID)."""
    lang = LANGUAGE_639_2.get(publication.language, publication.language)
    p = publication
    paths = ssif_paths() if paths is None else paths
    out = [
        '<mods xmlns="http://www.loc.gov/mods/v3" xmlns:xlink="http://www.w3.org/1999/xlink" '
        'version="3.7" xsi:schemaLocation="http://www.loc.gov/mods/v3 '
        'http://www.loc.gov/standards/mods/v3/mods-3-7.xsd">',
        "<recordInfo>",
        f"<recordContentSource>{esc(repository_id)}</recordContentSource>",
        f'<recordCreationDate encoding="w3cdtf">{p.created_at.date().isoformat()}</recordCreationDate>',
        f'<recordChangeDate encoding="w3cdtf">{p.updated_at.date().isoformat()}</recordChangeDate>',
        f"<recordIdentifier>{p.pk}</recordIdentifier>",
        "</recordInfo>",
        f'<identifier type="uri">{esc(page_url(p))}</identifier>',
    ]
    if p.doi:
        out.append(f'<identifier type="doi">{esc(p.doi)}</identifier>')
    if p.urn:
        out.append(f'<identifier type="urn">{esc(p.urn)}</identifier>')
    if p.handle:
        out.append(f'<identifier type="hdl">{esc(p.handle)}</identifier>')
    if p.isbn and p.kind != K.CHAPTER:
        out.append(f'<identifier type="isbn">{esc(p.isbn)}</identifier>')
    out.append(f'<titleInfo lang="{lang}"><title>{esc(p.title)}</title>')
    if p.subtitle:
        out.append(f"<subTitle>{esc(p.subtitle)}</subTitle>")
    out.append("</titleInfo>")
    out.append(
        f'<genre authority="kb.se" type="outputType">{SWEPUB_OUTPUT_TYPES[p.kind]}</genre>'
        f'<genre authority="svep" type="publicationType">{SWEPUB_PUBLICATION_TYPES[p.kind]}</genre>'
        f'<genre authority="svep" type="contentType">{"pop" if p.kind == K.DIGEST else "vet"}</genre>'
        f'<genre authority="bryggan" type="publicationType">{p.kind}</genre>'
    )
    for author in p.authors:
        role = "aut" if author.role == "author" else "edt"
        out.append('<name type="personal">')
        out.append(f'<namePart type="family">{esc(author.family_name)}</namePart>')
        if author.given_name:
            out.append(f'<namePart type="given">{esc(author.given_name)}</namePart>')
        out.append(f'<role><roleTerm type="code" authority="marcrelator">{role}</roleTerm></role>')
        if author.orcid:
            out.append(f'<nameIdentifier type="orcid">{esc(author.orcid)}</nameIdentifier>')
        out.append("</name>")
    out.append('<originInfo eventType="publication">')
    if p.publisher:
        out.append(f"<publisher>{esc(p.publisher)}</publisher>")
    out.append(
        f'<dateIssued encoding="w3cdtf">{p.date.isoformat() if p.date else p.year}</dateIssued>'
    )
    out.append("</originInfo>")
    out.append(
        f'<language><languageTerm type="code" authority="iso639-2b">{lang}</languageTerm></language>'
    )
    if p.abstract_sv:
        out.append(f'<abstract lang="swe">{esc(p.abstract_sv)}</abstract>')
    if p.abstract_en:
        out.append(f'<abstract lang="eng">{esc(p.abstract_en)}</abstract>')
    for code in p.subject_codes:
        names_sv, names_en = paths.get(code.code, ([code.name_sv], [code.name_en or code.name_sv]))
        for sub_lang, names in (("swe", names_sv), ("eng", names_en)):
            topics = "".join(f"<topic>{esc(n)}</topic>" for n in names)
            out.append(
                f'<subject lang="{sub_lang}" authority="uka.se" xlink:href="{esc(code.code)}">'
                f"{topics}</subject>"
            )
    for topic in p.topics:
        out.append(f'<subject lang="swe"><topic>{esc(topic.name_sv)}</topic></subject>')
    if p.journal:
        out.append(
            f'<relatedItem type="host"><titleInfo><title>{esc(p.journal)}</title></titleInfo>'
        )
        if p.isbn and p.kind == K.CHAPTER:
            out.append(f'<identifier type="isbn">{esc(p.isbn)}</identifier>')
        details = [
            f'<detail type="{kind}"><number>{esc(value)}</number></detail>'
            for kind, value in (("volume", p.volume), ("issue", p.issue))
            if value
        ]
        extent = ""
        if p.pages:
            start, _sep, end = p.pages.replace("--", "–").partition("–")
            extent = f'<extent unit="pages"><start>{esc(start.strip())}</start>'
            extent += f"<end>{esc(end.strip())}</end></extent>" if end.strip() else "</extent>"
        if details or extent:
            out.append(f"<part>{''.join(details)}{extent}</part>")
        out.append("</relatedItem>")
    if p.series:
        out.append(
            f'<relatedItem type="series"><titleInfo><title>{esc(p.series)}</title></titleInfo></relatedItem>'
        )
    if p.file or p.open_access_url:
        out.append(
            f'<location><url displayLabel="FULLTEXT" usage="primary" access="raw object" note="free">'
            f"{esc(full_text_url(p))}</url></location>"
        )
    out.append(
        "<typeOfResource>text</typeOfResource>"
        '<physicalDescription><form authority="marcform">electronic</form></physicalDescription>'
        "</mods>"
    )
    return "".join(out)


# --- schema.org JSON-LD --------------------------------------------------------------------


def _inert(data: dict[str, Any]) -> SafeString:
    text = json.dumps(data, ensure_ascii=False)
    # Keep the JSON inert inside <script>: no "</script>" or HTML comment can break out.
    return mark_safe(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def _person(author: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "@type": "Person",
        "name": author.name,
        "familyName": author.family_name,
    }
    if author.given_name:
        data["givenName"] = author.given_name
    if author.orcid:
        data["identifier"] = f"https://orcid.org/{author.orcid}"
        data["sameAs"] = f"https://orcid.org/{author.orcid}"
    return data


def json_ld(publication: Publication) -> SafeString:
    """Return schema.org JSON-LD for a publication page (ScholarlyArticle, Report, Thesis, Book …)."""
    p = publication
    authors = list(p.authorships.all())
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": SCHEMA_TYPES[p.kind],
        "@id": page_url(p),
        "url": page_url(p),
        "name": p.full_title,
        "headline": p.full_title[:110],
        "inLanguage": p.language,
        "datePublished": p.date.isoformat() if p.date else str(p.year),
        "author": [_person(a) for a in authors if a.role == "author"],
    }
    editors = [_person(a) for a in authors if a.role == "editor"]
    if editors:
        data["editor"] = editors
    if p.abstract:
        data["abstract"] = p.abstract
    if p.publisher:
        data["publisher"] = {"@type": "Organization", "name": p.publisher}
    identifiers = []
    if p.doi:
        identifiers.append({"@type": "PropertyValue", "propertyID": "DOI", "value": p.doi})
        data["sameAs"] = doi_url(p.doi)
    if p.urn:
        identifiers.append({"@type": "PropertyValue", "propertyID": "URN", "value": p.urn})
    if p.handle:
        identifiers.append({"@type": "PropertyValue", "propertyID": "Handle", "value": p.handle})
    if identifiers:
        data["identifier"] = identifiers
    if p.isbn and p.kind == K.BOOK:
        data["isbn"] = p.isbn
    if p.journal and p.kind == K.ARTICLE:
        data["isPartOf"] = {"@type": "Periodical", "name": p.journal}
        if p.volume:
            data["isPartOf"] = {
                "@type": "PublicationVolume",
                "volumeNumber": p.volume,
                "isPartOf": {"@type": "Periodical", "name": p.journal},
            }
    elif p.journal:
        data["isPartOf"] = {
            "@type": "Book" if p.kind == K.CHAPTER else "CreativeWork",
            "name": p.journal,
        }
    if p.pages:
        data["pagination"] = p.pages
    if p.kind == K.REPORT and p.series:
        data["reportNumber"] = p.series
    subjects = [c.name for c in p.subject_codes.all()]
    keywords = [t.name for t in p.topics.all()]
    if subjects:
        data["about"] = [{"@type": "Thing", "name": name} for name in subjects]
    if keywords:
        data["keywords"] = ", ".join(keywords)
    if p.file or p.open_access_url:
        data["isAccessibleForFree"] = True
        data["encoding"] = {"@type": "MediaObject", "contentUrl": full_text_url(p)}
    return _inert(data)


def digest_json_ld(digest: Digest, publications: list[Publication]) -> SafeString:
    """Return schema.org JSON-LD for a research digest: an Article based on the publications."""
    url = f"{settings.SITE_URL}{digest.get_absolute_url()}"
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Article",
        "@id": url,
        "url": url,
        "headline": digest.title[:110],
        "name": digest.title,
        "inLanguage": digest.language,
        "datePublished": digest.published_on.isoformat(),
        "dateModified": digest.updated_at.date().isoformat(),
        "author": [{"@type": "Person", "name": p.full_name} for p in digest.writers.all()],
        "isBasedOn": [
            {"@type": SCHEMA_TYPES[p.kind], "name": p.full_title, "url": page_url(p)}
            for p in publications
        ],
        "audience": {"@type": "Audience", "audienceType": "social services staff"},
    }
    keywords = [t.name for t in digest.topics.all()]
    if keywords:
        data["keywords"] = ", ".join(keywords)
    return _inert(data)


def citation(publication: Publication) -> str:
    """A plain reference: Family, G., Family, G. (year). Title. Source. Publisher. DOI."""
    p = publication
    names = []
    for author in p.authorships.all():
        if author.role != "author":
            continue
        initials = " ".join(f"{part[0]}." for part in author.given_name.replace("-", " ").split())
        names.append(f"{author.family_name}, {initials}".strip(", "))
    parts = [", ".join(names) + (" " if names else "") + f"({p.year}).", f"{p.full_title}."]
    if p.journal:
        parts.append(f"{source_text(p)}.")
    if p.series:
        parts.append(f"{p.series}.")
    if p.publisher and p.kind != K.ARTICLE:
        parts.append(f"{p.publisher}.")
    if p.doi:
        parts.append(doi_url(p.doi))
    elif p.urn:
        parts.append(urn_url(p.urn))
    return " ".join(parts)
