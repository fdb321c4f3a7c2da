"""JSON API of the library, with the same permission rules as the pages."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Prefetch, Q, QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Router, Schema, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile
from ninja.pagination import paginate

from bryggan.api.auth import WRITE
from bryggan.api.errors import service_errors
from bryggan.arenas.models import Event
from bryggan.core import access
from bryggan.core.models import Visibility
from bryggan.library import oai, services
from bryggan.library.models import Authorship, Digest, ImportBatch, Language, Publication
from bryggan.library.views import current_user
from bryggan.people.models import Person
from bryggan.taxonomy.models import PriorityArea, SubjectCode, Topic

router = Router(tags=["library"])


# --- schemas -------------------------------------------------------------------------------


class AuthorOut(Schema):
    position: int
    role: str
    family_name: str
    given_name: str
    orcid: str
    person: str | None = Field(None, alias="person.slug")


class PublicationOut(Schema):
    id: int
    kind: str
    title: str
    subtitle: str
    full_title: str
    year: int
    date: dt.date | None
    language: str
    abstract_sv: str
    abstract_en: str
    authors: list[AuthorOut]
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
    subject_codes: list[str]
    priority_areas: list[str]
    topics: list[str]
    events: list[int]
    full_text_url: str
    open_access_url: str
    landing_url: str
    visibility: str
    status: str
    withdrawn_at: dt.datetime | None
    withdrawal_reason: str
    harvestable: bool
    oai_identifier: str | None
    url: str
    created_at: dt.datetime
    updated_at: dt.datetime

    @staticmethod
    def resolve_authors(obj: Publication) -> list[Authorship]:
        return list(obj.authorships.all())

    @staticmethod
    def resolve_subject_codes(obj: Publication) -> list[str]:
        return [c.code for c in obj.subject_codes.all()]

    @staticmethod
    def resolve_priority_areas(obj: Publication) -> list[str]:
        return [a.slug for a in obj.priority_areas.all()]

    @staticmethod
    def resolve_topics(obj: Publication) -> list[str]:
        return [t.slug for t in obj.topics.all()]

    @staticmethod
    def resolve_events(obj: Publication) -> list[int]:
        return [e.pk for e in obj.events.all()]

    @staticmethod
    def resolve_full_text_url(obj: Publication) -> str:
        url = obj.full_text_url
        return f"{settings.SITE_URL}{url}" if url.startswith("/") else url

    @staticmethod
    def resolve_oai_identifier(obj: Publication) -> str | None:
        if obj.harvestable_since is None:
            return None
        return oai.identifier_for(oai.repository(), obj.pk)

    @staticmethod
    def resolve_url(obj: Publication) -> str:
        return f"{settings.SITE_URL}{obj.get_absolute_url()}"


class AuthorIn(Schema):
    person: str | None = Field(None, description="Slug of a person in Bryggan.")
    family_name: str = Field("", max_length=200)
    given_name: str = Field("", max_length=200)
    orcid: str = Field("", max_length=40)
    role: Authorship.Role = Authorship.Role.AUTHOR


class PublicationIn(Schema):
    kind: Publication.Kind
    title: str = Field(..., min_length=1, max_length=500)
    subtitle: str = Field("", max_length=500)
    year: int = Field(..., ge=1500, le=2100)
    date: dt.date | None = None
    language: Language = Language.SWEDISH
    abstract_sv: str = ""
    abstract_en: str = ""
    authors: list[AuthorIn] = []
    doi: str = ""
    urn: str = ""
    handle: str = ""
    isbn: str = ""
    publisher: str = Field("", max_length=300)
    journal: str = Field("", max_length=500)
    volume: str = Field("", max_length=40)
    issue: str = Field("", max_length=40)
    pages: str = Field("", max_length=40)
    series: str = Field("", max_length=300)
    subject_codes: list[str] = []
    priority_areas: list[str] = []
    topics: list[str] = []
    events: list[int] = []
    open_access_url: str = ""
    landing_url: str = ""
    visibility: Visibility = Visibility.PUBLIC
    harvestable: bool = True


class WithdrawIn(Schema):
    reason: str = Field(..., min_length=1)


class DigestOut(Schema):
    slug: str
    title: str
    summary: str
    practice: str
    language: str
    published_on: dt.date
    visibility: str
    publications: list[int]
    writers: list[str]
    priority_areas: list[str]
    topics: list[str]
    url: str

    @staticmethod
    def resolve_publications(obj: Digest) -> list[int]:
        return [p.pk for p in obj.publications.all()]

    @staticmethod
    def resolve_writers(obj: Digest) -> list[str]:
        return [p.slug for p in obj.writers.all()]

    @staticmethod
    def resolve_priority_areas(obj: Digest) -> list[str]:
        return [a.slug for a in obj.priority_areas.all()]

    @staticmethod
    def resolve_topics(obj: Digest) -> list[str]:
        return [t.slug for t in obj.topics.all()]

    @staticmethod
    def resolve_url(obj: Digest) -> str:
        return f"{settings.SITE_URL}{obj.get_absolute_url()}"


class DigestIn(Schema):
    title: str = Field(..., min_length=1, max_length=300)
    summary: str = Field(..., min_length=1)
    practice: str = Field(..., min_length=1)
    language: Language = Language.SWEDISH
    published_on: dt.date | None = None
    visibility: Visibility = Visibility.PUBLIC
    publications: list[int] = Field(..., min_length=1)
    writers: list[str] = []
    priority_areas: list[str] = []
    topics: list[str] = []


class ProblemOut(Schema):
    field: str
    message: str


class ImportRowOut(Schema):
    n: int
    ref: str
    line: int | None
    title: str
    year: int | None
    kind: str
    errors: list[ProblemOut]
    warnings: list[ProblemOut]
    duplicate: dict[str, Any] | None


class ImportOut(Schema):
    id: int
    format: str
    filename: str
    status: str
    records: int
    with_problems: int
    duplicates: int
    importable: int
    rows: list[ImportRowOut]
    publications: list[int]

    @staticmethod
    def resolve_records(obj: ImportBatch) -> int:
        return len(obj.rows)

    @staticmethod
    def resolve_with_problems(obj: ImportBatch) -> int:
        return obj.errors

    @staticmethod
    def resolve_publications(obj: ImportBatch) -> list[int]:
        return list(obj.publications.values_list("pk", flat=True))


# --- helpers -------------------------------------------------------------------------------


def _require_coordinator(request: HttpRequest) -> None:
    if not access.is_coordinator(request.user):
        raise HttpError(403, _("Only R&D coordinators may change the library."))


def _lookup(model: Any, key: str, values: list[Any], label: str) -> list[Any]:
    found = list(model.objects.filter(**{f"{key}__in": values}))
    missing = set(values) - {getattr(obj, key) for obj in found}
    if missing:
        raise HttpError(
            422,
            _("Unknown %(what)s: %(values)s.")
            % {"what": label, "values": ", ".join(sorted(str(v) for v in missing))},
        )
    return found


def _publications() -> QuerySet[Publication]:
    return Publication.objects.prefetch_related(
        Prefetch(
            "authorships",
            queryset=Authorship.objects.order_by("position").select_related("person"),
        ),
        "subject_codes",
        "priority_areas",
        "topics",
        "events",
    )


def _visible_publication(request: HttpRequest, pk: int) -> Publication:
    publication = get_object_or_404(_publications(), pk=pk)
    if access.is_coordinator(request.user) or access.can_view(request.user, publication):
        return publication
    raise HttpError(404, _("Not found."))


def _publication_fields(payload: PublicationIn) -> dict[str, Any]:
    data = payload.dict()
    people = {
        p.slug: p
        for p in _lookup(
            Person, "slug", [a["person"] for a in data["authors"] if a["person"]], _("people")
        )
    }
    authors = [
        {**a, "person": people.get(a["person"]) if a["person"] else None}
        for a in data.pop("authors")
    ]
    return {
        **data,
        "authors": authors,
        "subject_codes": _lookup(
            SubjectCode, "code", data.pop("subject_codes"), _("research subjects")
        ),
        "priority_areas": _lookup(
            PriorityArea, "slug", data.pop("priority_areas"), _("priority areas")
        ),
        "topics": _lookup(Topic, "slug", data.pop("topics"), _("topics")),
        "events": _lookup(Event, "pk", data.pop("events"), _("events")),
    }


# --- publications --------------------------------------------------------------------------


@router.get("/library/publications", response=list[PublicationOut])
@paginate
def publication_list(
    request: HttpRequest,
    kind: str | None = None,
    year: int | None = None,
    area: str | None = None,
    topic: str | None = None,
    language: str | None = None,
    q: str | None = None,
    withdrawn: bool = False,
):
    """List the publications the caller may see, newest first; filter like the library page."""
    rows = _publications().filter(pk__in=Publication.objects.visible_to(request.user).values("pk"))
    rows = rows.filter(
        status=Publication.Status.WITHDRAWN if withdrawn else Publication.Status.PUBLISHED
    )
    if kind:
        rows = rows.filter(kind=kind)
    if year:
        rows = rows.filter(year=year)
    if area:
        rows = rows.filter(priority_areas__slug=area)
    if topic:
        rows = rows.filter(topics__slug=topic)
    if language:
        rows = rows.filter(language=language)
    for word in (q or "").split()[:8]:
        rows = rows.filter(Q(title__icontains=word) | Q(subtitle__icontains=word))
    return rows.order_by("-year", "-created_at", "-pk")


@router.get("/library/publications/{pk}", response=PublicationOut)
def publication_get(request: HttpRequest, pk: int):
    """One publication; a withdrawn one is returned as its tombstone (status "withdrawn")."""
    return _visible_publication(request, pk)


@router.post("/library/publications", response={201: PublicationOut}, auth=WRITE)
def publication_create(request: HttpRequest, payload: PublicationIn):
    """Add a publication (R&D coordinators); DOI, ISBN, URN, Handle and ORCID iDs are validated."""
    _require_coordinator(request)
    try:
        publication = services.publication_save(
            user=current_user(request), **_publication_fields(payload)
        )
    except ValidationError as error:
        raise service_errors(error) from error
    return Status(201, get_object_or_404(_publications(), pk=publication.pk))


@router.put("/library/publications/{pk}", response=PublicationOut, auth=WRITE)
def publication_update(request: HttpRequest, pk: int, payload: PublicationIn):
    """Replace a publication's description and authors (R&D coordinators)."""
    _require_coordinator(request)
    publication = get_object_or_404(Publication, pk=pk)
    try:
        services.publication_save(publication=publication, **_publication_fields(payload))
    except ValidationError as error:
        raise service_errors(error) from error
    return get_object_or_404(_publications(), pk=pk)


@router.post("/library/publications/{pk}/withdraw", response=PublicationOut, auth=WRITE)
def publication_withdraw(request: HttpRequest, pk: int, payload: WithdrawIn):
    """Withdraw a publication; harvesters then see it as deleted (R&D coordinators)."""
    _require_coordinator(request)
    publication = get_object_or_404(Publication, pk=pk)
    try:
        services.publication_withdraw(publication=publication, reason=payload.reason)
    except ValidationError as error:
        raise service_errors(error) from error
    return get_object_or_404(_publications(), pk=pk)


@router.post("/library/publications/{pk}/reinstate", response=PublicationOut, auth=WRITE)
def publication_reinstate(request: HttpRequest, pk: int):
    """Publish a withdrawn publication again (R&D coordinators)."""
    _require_coordinator(request)
    publication = get_object_or_404(Publication, pk=pk)
    try:
        services.publication_reinstate(publication=publication)
    except ValidationError as error:
        raise service_errors(error) from error
    return get_object_or_404(_publications(), pk=pk)


@router.post(
    "/library/publications/from-record/{record_id}", response={201: PublicationOut}, auth=WRITE
)
def publication_from_record(request: HttpRequest, record_id: int):
    """Add a research record from external monitoring to the library (R&D coordinators)."""
    from bryggan.monitoring.models import Record
    from bryggan.monitoring.services import record_promote

    _require_coordinator(request)
    record = get_object_or_404(Record, pk=record_id)
    try:
        publication = record_promote(record=record, user=current_user(request))
    except ValidationError as error:
        raise service_errors(error) from error
    return Status(201, get_object_or_404(_publications(), pk=publication.pk))


# --- digests -------------------------------------------------------------------------------


def _digests() -> QuerySet[Digest]:
    return Digest.objects.prefetch_related("publications", "writers", "priority_areas", "topics")


def _digest_fields(request: HttpRequest, payload: DigestIn) -> dict[str, Any]:
    data = payload.dict()
    if data["published_on"] is None:
        data.pop("published_on")
    return {
        **data,
        "publications": _lookup(Publication, "pk", data.pop("publications"), _("publications")),
        "writers": _lookup(Person, "slug", data.pop("writers"), _("people")),
        "priority_areas": _lookup(
            PriorityArea, "slug", data.pop("priority_areas"), _("priority areas")
        ),
        "topics": _lookup(Topic, "slug", data.pop("topics"), _("topics")),
    }


@router.get("/library/digests", response=list[DigestOut])
@paginate
def digest_list(request: HttpRequest, area: str | None = None, topic: str | None = None):
    """List the research digests the caller may see, newest first."""
    rows = _digests().filter(pk__in=Digest.objects.visible_to(request.user).values("pk"))
    if area:
        rows = rows.filter(priority_areas__slug=area)
    if topic:
        rows = rows.filter(topics__slug=topic)
    return rows


@router.get("/library/digests/{slug}", response=DigestOut)
def digest_get(request: HttpRequest, slug: str):
    digest = get_object_or_404(_digests(), slug=slug)
    if access.is_coordinator(request.user) or access.can_view(request.user, digest):
        return digest
    raise HttpError(404, _("Not found."))


@router.post("/library/digests", response={201: DigestOut}, auth=WRITE)
def digest_create(request: HttpRequest, payload: DigestIn):
    """Write a research digest of one or more publications (R&D coordinators)."""
    _require_coordinator(request)
    try:
        digest = services.digest_save(
            user=current_user(request), **_digest_fields(request, payload)
        )
    except ValidationError as error:
        raise service_errors(error) from error
    return Status(201, get_object_or_404(_digests(), pk=digest.pk))


@router.put("/library/digests/{slug}", response=DigestOut, auth=WRITE)
def digest_update(request: HttpRequest, slug: str, payload: DigestIn):
    """Change a research digest (R&D coordinators)."""
    _require_coordinator(request)
    digest = get_object_or_404(Digest, slug=slug)
    try:
        services.digest_save(digest=digest, **_digest_fields(request, payload))
    except ValidationError as error:
        raise service_errors(error) from error
    return get_object_or_404(_digests(), pk=digest.pk)


# --- import --------------------------------------------------------------------------------


@router.post("/library/imports", response={201: ImportOut}, auth=WRITE)
def import_create(
    request: HttpRequest,
    file: File[UploadedFile],
    format: Form[str] = "",
    visibility: Form[Visibility] = Visibility.PUBLIC,
    harvestable: Form[bool] = True,
    priority_areas: Form[list[str]] = [],  # noqa: B006 (ninja reads the default, never mutates it)
    topics: Form[list[str]] = [],  # noqa: B006
):
    """Upload a BibTeX, RIS or MODS file and get the preview: rows, problems and duplicates."""
    _require_coordinator(request)
    if file.size and file.size > 10 * 1024 * 1024:
        raise HttpError(413, _("The file is larger than 10 MB."))
    if format and format not in ImportBatch.Format.values:
        raise HttpError(422, _("Choose one of: %(choices)s.") % {"choices": "bibtex, ris, mods"})
    try:
        batch = services.import_preview(
            data=file.read(),
            filename=file.name or "upload",
            user=current_user(request),
            format_name=format,
            visibility=visibility,
            harvestable=harvestable,
            priority_areas=_lookup(PriorityArea, "slug", priority_areas, _("priority areas")),
            topics=_lookup(Topic, "slug", topics, _("topics")),
        )
    except ValidationError as error:
        raise service_errors(error) from error
    return Status(201, batch)


def _batch(request: HttpRequest, pk: int) -> ImportBatch:
    _require_coordinator(request)
    return get_object_or_404(ImportBatch, pk=pk)


@router.get("/library/imports/{pk}", response=ImportOut, auth=WRITE)
def import_get(request: HttpRequest, pk: int):
    return _batch(request, pk)


@router.post("/library/imports/{pk}/commit", response=ImportOut, auth=WRITE)
def import_commit(request: HttpRequest, pk: int):
    """Import every row of the preview, or nothing when any row has a problem."""
    batch = _batch(request, pk)
    try:
        services.import_commit(batch=batch, user=current_user(request))
    except ValidationError as error:
        raise HttpError(409, " ".join(error.messages)) from error
    return _batch(request, pk)


@router.post("/library/imports/{pk}/discard", response=ImportOut, auth=WRITE)
def import_discard(request: HttpRequest, pk: int):
    batch = _batch(request, pk)
    try:
        services.import_discard(batch=batch)
    except ValidationError as error:
        raise HttpError(409, " ".join(error.messages)) from error
    return _batch(request, pk)
