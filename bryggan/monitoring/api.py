"""JSON API of external monitoring: sources and runs (coordinators), records and feeds, subscriptions."""

from datetime import date, datetime
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate

from bryggan.api.auth import WRITE
from bryggan.core import access
from bryggan.core.models import Visibility
from bryggan.monitoring import services
from bryggan.monitoring.models import HarvestRun, Record, Source, Subscription, Watchlist
from bryggan.taxonomy.models import PriorityArea, Topic

router = Router(tags=["external monitoring"])


class SourceOut(Schema):
    id: int
    name: str
    kind: str
    url: str
    metadata_prefix: str
    set_spec: str
    query: str
    email: str
    snapshot_path: str
    delay_seconds: float
    max_retries: int
    timeout_seconds: float
    active: bool
    last_harvested_at: datetime | None
    has_api_key: bool

    @staticmethod
    def resolve_has_api_key(obj: Source) -> bool:
        return bool(obj.api_key)


class SourceIn(Schema):
    name: str = Field(..., min_length=1, max_length=200)
    kind: Source.Kind
    url: str = Field("", max_length=500)
    metadata_prefix: str = Field("", max_length=20)
    set_spec: str = Field("", max_length=200)
    query: str = Field("", max_length=500)
    api_key: str = Field("", max_length=200)
    email: str = Field("", max_length=254)
    snapshot_path: str = Field("", max_length=500)
    delay_seconds: float = Field(1.0, ge=0, le=600)
    max_retries: int = Field(4, ge=0, le=10)
    timeout_seconds: float = Field(30.0, ge=1, le=600)
    active: bool = True


class RunOut(Schema):
    id: int
    source: int = Field(..., alias="source_id")
    status: str
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    harvest_from: datetime | None
    cursor: str
    pages: int
    total: int | None
    fetched: int
    new: int
    updated: int
    failed: int
    log: list[dict[str, Any]]


class RecordOut(Schema):
    id: int
    title: str
    authors: list[dict[str, str]]
    year: int | None
    abstract: str
    doi: str | None
    venue: str
    language: str
    subject_codes: list[str]
    keywords: list[str]
    oa_url: str
    url: str
    first_seen_at: datetime
    sources: list[str]

    @staticmethod
    def resolve_sources(obj: Record) -> list[str]:
        return [p.source.name for p in obj.provenance.all()]


class MatchOut(Schema):
    record: RecordOut
    reasons: list[str]
    matched_at: datetime = Field(..., alias="created_at")


class WatchlistIO(Schema):
    terms_sv: list[str] = []
    terms_en: list[str] = []
    subject_codes: list[str] = []
    authors: list[str] = []


class SubscriptionOut(Schema):
    id: int
    area: str = Field(..., alias="area.slug")
    frequency: str
    last_sent_at: datetime | None


class SubscriptionIn(Schema):
    area: str
    frequency: Subscription.Frequency = Subscription.Frequency.WEEKLY


class RecordDigestIn(Schema):
    title: str = Field("", max_length=300, description="Empty: the record's title.")
    summary: str = Field(..., min_length=1)
    practice: str = Field(..., min_length=1)
    language: Literal["sv", "en"] = "sv"
    visibility: Visibility = Visibility.PUBLIC
    priority_areas: list[str] | None = Field(
        None, description="Slugs; left out: the areas whose watchlists matched the record."
    )
    topics: list[str] | None = Field(
        None, description="Slugs; left out: the topics of the record's research subjects."
    )


class RecordDigestOut(Schema):
    slug: str
    title: str
    summary: str
    practice: str
    language: str
    visibility: str
    published_on: date
    publication: int
    priority_areas: list[str]
    topics: list[str]
    url: str

    @staticmethod
    def resolve_publication(obj: Any) -> int:
        return obj.publications.get().pk

    @staticmethod
    def resolve_priority_areas(obj: Any) -> list[str]:
        return [a.slug for a in obj.priority_areas.all()]

    @staticmethod
    def resolve_topics(obj: Any) -> list[str]:
        return [t.slug for t in obj.topics.all()]

    @staticmethod
    def resolve_url(obj: Any) -> str:
        return obj.get_absolute_url()


def _require_coordinator(request: HttpRequest) -> None:
    if not access.is_coordinator(request.user):
        raise HttpError(403, _("Only R&D coordinators manage external monitoring."))


def _error_text(error: ValidationError) -> str:
    if hasattr(error, "error_dict"):
        return "; ".join(f"{k}: {m}" for k, msgs in error.message_dict.items() for m in msgs)
    return " ".join(error.messages)


@router.get("/monitoring/sources", response=list[SourceOut], auth=WRITE)
def source_list(request: HttpRequest):
    """List the harvest sources (R&D coordinators)."""
    _require_coordinator(request)
    return Source.objects.all()


@router.post("/monitoring/sources", response={201: SourceOut}, auth=WRITE)
def source_create(request: HttpRequest, payload: SourceIn):
    """Add a harvest source (R&D coordinators)."""
    _require_coordinator(request)
    try:
        source = services.source_save(**payload.dict())
    except ValidationError as error:
        raise HttpError(422, _error_text(error)) from error
    return Status(201, source)


@router.post("/monitoring/sources/{source_id}/harvest", response={202: RunOut}, auth=WRITE)
def source_harvest(request: HttpRequest, source_id: int):
    """Queue a harvest of the source now; poll the run for progress."""
    _require_coordinator(request)
    source = get_object_or_404(Source, pk=source_id)
    try:
        run = services.run_start(source=source, user=request.user)  # type: ignore[arg-type]
    except ValidationError as error:
        raise HttpError(409, _error_text(error)) from error
    return Status(202, run)


@router.get("/monitoring/runs", response=list[RunOut], auth=WRITE)
@paginate
def run_list(request: HttpRequest, source: int | None = None):
    """List harvest runs, newest first (R&D coordinators)."""
    _require_coordinator(request)
    rows = HarvestRun.objects.all()
    return rows.filter(source_id=source) if source else rows


@router.get("/monitoring/runs/{run_id}", response=RunOut, auth=WRITE)
def run_get(request: HttpRequest, run_id: int):
    _require_coordinator(request)
    return get_object_or_404(HarvestRun, pk=run_id)


@router.post("/monitoring/runs/{run_id}/resume", response={202: RunOut}, auth=WRITE)
def run_resume(request: HttpRequest, run_id: int):
    """Resume a failed run from its saved resume point."""
    _require_coordinator(request)
    run = get_object_or_404(HarvestRun, pk=run_id)
    try:
        services.run_resume(run=run, user=request.user)  # type: ignore[arg-type]
    except ValidationError as error:
        raise HttpError(409, _error_text(error)) from error
    return Status(202, run)


@router.get("/monitoring/records", response=list[RecordOut])
@paginate
def record_list(request: HttpRequest, q: str = "", doi: str = ""):
    """Search all harvested records (partnership staff)."""
    if not access.is_partnership_staff(request.user):
        raise HttpError(403, _("Only partnership staff can read all harvested records."))
    rows = Record.objects.prefetch_related("provenance__source").order_by("-first_seen_at", "-pk")
    if q:
        rows = rows.filter(Q(title__icontains=q) | Q(venue__icontains=q))
    if doi:
        rows = rows.filter(doi=doi.lower())
    return rows


@router.get("/monitoring/records/{record_id}", response=RecordOut)
def record_get(request: HttpRequest, record_id: int):
    """One harvested record (public bibliographic metadata)."""
    return get_object_or_404(Record.objects.prefetch_related("provenance__source"), pk=record_id)


def _by_slug(model: type[Any], slugs: list[str], label: str) -> list[Any]:
    found = {o.slug: o for o in model.objects.filter(slug__in=slugs)}
    missing = [s for s in slugs if s not in found]
    if missing:
        raise HttpError(
            422,
            _("Unknown %(what)s: %(slugs)s") % {"what": label, "slugs": ", ".join(missing)},
        )
    return [found[s] for s in slugs]


@router.post("/monitoring/records/{record_id}/digest", response={201: RecordDigestOut}, auth=WRITE)
def record_digest(request: HttpRequest, record_id: int, payload: RecordDigestIn):
    """Write a library digest of the record, adding it to the library first if needed."""
    _require_coordinator(request)
    record = get_object_or_404(Record, pk=record_id)
    suggested = services.record_digest_suggestions(record)
    data = payload.dict()
    areas, topics = data.pop("priority_areas"), data.pop("topics")
    try:
        digest = services.record_digest_write(
            record=record,
            user=request.user,  # type: ignore[arg-type]
            **{**data, "title": data["title"] or suggested["title"]},
            priority_areas=suggested["priority_areas"]
            if areas is None
            else _by_slug(PriorityArea, areas, _("priority areas")),
            topics=suggested["topics"] if topics is None else _by_slug(Topic, topics, _("topics")),
        )
    except ValidationError as error:
        raise HttpError(422, _error_text(error)) from error
    return Status(201, digest)


@router.get("/monitoring/areas/{slug}/feed", response=list[MatchOut])
@paginate
def area_feed(request: HttpRequest, slug: str):
    """The new research that matches a priority area, with the reasons (public)."""
    area = get_object_or_404(PriorityArea, slug=slug, archived=False)
    return services.area_matches(area).prefetch_related("record__provenance__source")


@router.get("/monitoring/areas/{slug}/watchlist", response=WatchlistIO)
def area_watchlist_get(request: HttpRequest, slug: str):
    area = get_object_or_404(PriorityArea, slug=slug, archived=False)
    watchlist = Watchlist.objects.filter(area=area).first()
    return watchlist.as_dict() if watchlist else WatchlistIO()


@router.put("/monitoring/areas/{slug}/watchlist", response=WatchlistIO, auth=WRITE)
def area_watchlist_put(request: HttpRequest, slug: str, payload: WatchlistIO):
    """Replace the watchlist of a priority area (R&D coordinators)."""
    _require_coordinator(request)
    area = get_object_or_404(PriorityArea, slug=slug, archived=False)
    try:
        watchlist = services.watchlist_save(
            area=area,
            **{k: "\n".join(v) for k, v in payload.dict().items()},  # type: ignore[arg-type]
        )
    except ValidationError as error:
        raise HttpError(422, _error_text(error)) from error
    return watchlist.as_dict()


@router.get("/monitoring/subscriptions", response=list[SubscriptionOut], auth=WRITE)
def subscription_list(request: HttpRequest):
    """Your own digest subscriptions."""
    return Subscription.objects.filter(user_id=request.user.pk or 0).select_related("area")


@router.post("/monitoring/subscriptions", response={201: SubscriptionOut}, auth=WRITE)
def subscription_create(request: HttpRequest, payload: SubscriptionIn):
    """Subscribe to a priority area's digest (weekly or monthly)."""
    area = get_object_or_404(PriorityArea, slug=payload.area, archived=False)
    subscription = services.subscription_save(
        user=request.user,  # type: ignore[arg-type]
        area=area,
        frequency=payload.frequency,
    )
    return Status(201, subscription)


@router.delete("/monitoring/subscriptions/{subscription_id}", response={204: None}, auth=WRITE)
def subscription_delete(request: HttpRequest, subscription_id: int):
    subscription = get_object_or_404(Subscription, pk=subscription_id, user_id=request.user.pk or 0)
    services.subscription_delete(subscription=subscription)
    return Status(204, None)
