"""JSON API of the podcast, with the same permission rules as the pages."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, File, Router, Schema, Status, UploadedFile
from ninja.errors import HttpError
from ninja.pagination import paginate

from bryggan.api.auth import WRITE
from bryggan.arenas.models import Event
from bryggan.core import access
from bryggan.governance.models import Partnership
from bryggan.people.models import Person
from bryggan.podcast import chapters as chapter_parser
from bryggan.podcast import services
from bryggan.podcast.models import CATEGORIES, Credit, Episode, Show
from bryggan.podcast.views import current_user, figures_for
from bryggan.taxonomy.models import PriorityArea, Topic

router = Router(tags=["podcast"])

Category = Literal[tuple(value for value, _label in CATEGORIES)]  # type: ignore[valid-type]


class CreditSchema(Schema):
    role: Credit.Role
    person: str | None = Field(None, description="Slug of a person in Bryggan")
    name: str = Field("", max_length=200, description="Name of someone outside Bryggan")
    affiliation: str = Field("", max_length=200)


def _credits_out(owner: Any) -> list[dict[str, Any]]:
    return [
        {
            "role": c.role,
            "person": c.person.slug if c.person else None,
            "name": c.display_name,
            "affiliation": c.affiliation,
        }
        for c in owner.credits.all()
    ]


class ShowOut(Schema):
    slug: str
    title: str
    description: str
    language: str
    category: str
    kind: str
    explicit: bool
    author: str
    owner_name: str
    copyright: str
    audience: str = Field(..., alias="visibility")
    partnership: str | None = Field(None, alias="partnership.slug")
    podcast_guid: str
    url: str
    feed_url: str
    artwork_url: str | None
    credits: list[dict[str, Any]]
    priority_areas: list[str]
    topics: list[str]

    @staticmethod
    def resolve_podcast_guid(obj: Show) -> str:
        return str(obj.podcast_guid)

    @staticmethod
    def resolve_url(obj: Show) -> str:
        return f"{settings.SITE_URL}{obj.get_absolute_url()}"

    @staticmethod
    def resolve_feed_url(obj: Show) -> str:
        return f"{settings.SITE_URL}{obj.feed_path}"

    @staticmethod
    def resolve_artwork_url(obj: Show) -> str | None:
        return f"{settings.SITE_URL}{obj.artwork_path}" if obj.artwork else None

    @staticmethod
    def resolve_credits(obj: Show) -> list[dict[str, Any]]:
        return _credits_out(obj)

    @staticmethod
    def resolve_priority_areas(obj: Show) -> list[str]:
        return [a.slug for a in obj.priority_areas.all()]

    @staticmethod
    def resolve_topics(obj: Show) -> list[str]:
        return [t.slug for t in obj.topics.all()]


class ShowIn(Schema):
    title: str = Field(..., min_length=1, max_length=200)
    description: str = Field(..., min_length=1)
    language: Literal["sv", "en"] = "sv"
    category: Category = "Science/Social Sciences"  # type: ignore[valid-type]
    kind: Show.Kind = Show.Kind.EPISODIC
    explicit: bool = False
    author: str = Field("", max_length=200)
    owner_name: str = Field("", max_length=200)
    owner_email: str = Field("", max_length=254)
    copyright: str = Field("", max_length=200)
    audience: Literal["public", "internal"] = "public"
    partnership: str | None = None
    credits: list[CreditSchema] = []
    priority_areas: list[str] = []
    topics: list[str] = []


class EpisodeOut(Schema):
    id: int
    guid: str
    slug: str
    show: str = Field(..., alias="show.slug")
    title: str
    description: str
    show_notes: str
    show_notes_html: str
    season: int | None
    number: int | None
    episode_type: str
    explicit: bool
    status: str
    publish_at: datetime | None
    released: bool = Field(..., alias="is_released")
    url: str
    audio_url: str | None
    audio_type: str
    audio_size: int | None
    duration: float | None = Field(None, alias="audio_duration")
    has_transcript: bool
    transcript_url: str | None
    transcript_type: str | None
    transcript_waived: bool
    chapters_url: str | None
    artwork_url: str | None
    credits: list[dict[str, Any]]
    events: list[int]
    priority_areas: list[str]
    topics: list[str]

    @staticmethod
    def resolve_url(obj: Episode) -> str:
        return f"{settings.SITE_URL}{obj.get_absolute_url()}"

    @staticmethod
    def resolve_audio_url(obj: Episode) -> str | None:
        return f"{settings.SITE_URL}{obj.audio_path}" if obj.audio else None

    @staticmethod
    def resolve_transcript_url(obj: Episode) -> str | None:
        return f"{settings.SITE_URL}{obj.transcript_path}" if obj.has_transcript else None

    @staticmethod
    def resolve_transcript_type(obj: Episode) -> str | None:
        return obj.transcript_type if obj.has_transcript else None

    @staticmethod
    def resolve_chapters_url(obj: Episode) -> str | None:
        return f"{settings.SITE_URL}{obj.chapters_path}" if obj.chapters else None

    @staticmethod
    def resolve_artwork_url(obj: Episode) -> str | None:
        return f"{settings.SITE_URL}{obj.artwork_path}" if obj.artwork else None

    @staticmethod
    def resolve_credits(obj: Episode) -> list[dict[str, Any]]:
        return _credits_out(obj)

    @staticmethod
    def resolve_events(obj: Episode) -> list[int]:
        return [e.pk for e in obj.events.all()]

    @staticmethod
    def resolve_priority_areas(obj: Episode) -> list[str]:
        return [a.slug for a in obj.priority_areas.all()]

    @staticmethod
    def resolve_topics(obj: Episode) -> list[str]:
        return [t.slug for t in obj.topics.all()]


class EpisodeIn(Schema):
    title: str = Field(..., min_length=1, max_length=200)
    description: str = Field(..., min_length=1)
    show_notes: str = ""
    season: int | None = Field(None, ge=1, le=999)
    number: int | None = Field(None, ge=0)
    episode_type: Episode.Kind = Episode.Kind.FULL
    explicit: bool = False
    credits: list[CreditSchema] = []
    events: list[int] = []
    priority_areas: list[str] = []
    topics: list[str] = []


class EpisodePatch(Schema):
    title: str | None = Field(None, min_length=1, max_length=200)
    description: str | None = Field(None, min_length=1)
    show_notes: str | None = None
    season: int | None = Field(None, ge=1, le=999)
    number: int | None = Field(None, ge=0)
    episode_type: Episode.Kind | None = None
    explicit: bool | None = None
    credits: list[CreditSchema] | None = None
    events: list[int] | None = None
    priority_areas: list[str] | None = None
    topics: list[str] | None = None


class ChaptersIn(Schema):
    """A Podcasting 2.0 JSON chapters document."""

    version: str = chapter_parser.VERSION
    chapters: list[dict[str, Any]]


class PublishIn(Schema):
    publish_at: datetime | None = None
    waiver_reason: str = ""


class FiguresOut(Schema):
    since: str
    today: str
    total_period: int
    total_all_time: int
    episodes: list[dict[str, Any]]
    daily: list[dict[str, Any]]


# ---- helpers ---------------------------------------------------------------------------------


def _error(error: ValidationError) -> HttpError:
    if hasattr(error, "error_dict"):
        return HttpError(422, "; ".join(m for msgs in error.message_dict.values() for m in msgs))
    return HttpError(422, "; ".join(error.messages))


def _require_coordinator(request: HttpRequest) -> None:
    if not access.is_coordinator(request.user):
        raise HttpError(403, _("Only R&D coordinators may manage the podcast."))


def _shows() -> Any:
    return Show.objects.select_related("partnership").prefetch_related(
        "credits__person", "priority_areas", "topics"
    )


def _episodes() -> Any:
    return Episode.objects.select_related("show").prefetch_related(
        "credits__person", "events", "priority_areas", "topics"
    )


def _visible_show(request: HttpRequest, slug: str) -> Show:
    show = get_object_or_404(_shows(), slug=slug)
    if access.is_coordinator(request.user) or access.can_view(request.user, show):
        return show
    raise HttpError(404, _("Not found."))


def _visible_episode(request: HttpRequest, pk: int) -> Episode:
    episode = get_object_or_404(_episodes(), pk=pk)
    if access.is_coordinator(request.user):
        return episode
    if episode.is_released and access.can_view(request.user, episode.show):
        return episode
    raise HttpError(404, _("Not found."))


def _managed_episode(request: HttpRequest, pk: int) -> Episode:
    _require_coordinator(request)
    return get_object_or_404(_episodes(), pk=pk)


def _credit_specs(items: list[CreditSchema]) -> list[services.CreditSpec]:
    specs = []
    for item in items:
        person = None
        if item.person:
            person = Person.objects.filter(slug=item.person).first()
            if person is None:
                raise HttpError(
                    422, _("Nobody in Bryggan has the web name %(name)s.") % {"name": item.person}
                )
        elif not item.name.strip():
            raise HttpError(422, _("Each credit needs a person or a name."))
        specs.append(
            services.CreditSpec(
                role=item.role, person=person, name=item.name, affiliation=item.affiliation
            )
        )
    return specs


def _tags(data: dict[str, Any]) -> dict[str, Any]:
    tags: dict[str, Any] = {}
    if data.get("priority_areas") is not None:
        tags["priority_areas"] = PriorityArea.objects.filter(slug__in=data["priority_areas"])
    if data.get("topics") is not None:
        tags["topics"] = Topic.objects.filter(slug__in=data["topics"])
    return tags


# ---- shows -----------------------------------------------------------------------------------


@router.get("/podcast/shows", response=list[ShowOut])
@paginate
def show_list(request: HttpRequest):
    """List the podcasts the caller may see."""
    if access.is_coordinator(request.user):
        return _shows()
    return _shows().filter(pk__in=Show.objects.visible_to(request.user))


@router.get("/podcast/shows/{slug}", response=ShowOut)
def show_get(request: HttpRequest, slug: str):
    return _visible_show(request, slug)


def _show_fields(payload: ShowIn) -> dict[str, Any]:
    data = payload.dict()
    fields = {
        name: data[name]
        for name in (
            "title",
            "description",
            "language",
            "category",
            "kind",
            "explicit",
            "author",
            "owner_name",
            "owner_email",
            "copyright",
        )
    }
    fields["visibility"] = data["audience"]
    fields["partnership"] = (
        get_object_or_404(Partnership, slug=data["partnership"]) if data["partnership"] else None
    )
    fields["credits"] = _credit_specs(payload.credits)
    fields |= _tags(data)
    return fields


@router.post("/podcast/shows", response={201: ShowOut}, auth=WRITE)
def show_create(request: HttpRequest, payload: ShowIn):
    """Create a podcast (R&D coordinators)."""
    _require_coordinator(request)
    try:
        show = services.show_save(**_show_fields(payload))
    except ValidationError as error:
        raise _error(error) from error
    return Status(201, get_object_or_404(_shows(), pk=show.pk))


@router.put("/podcast/shows/{slug}", response=ShowOut, auth=WRITE)
def show_update(request: HttpRequest, slug: str, payload: ShowIn):
    """Change a podcast; its slug, feed address and podcast GUID stay (R&D coordinators)."""
    _require_coordinator(request)
    show = get_object_or_404(Show, slug=slug)
    try:
        services.show_save(show=show, **_show_fields(payload))
    except ValidationError as error:
        raise _error(error) from error
    return get_object_or_404(_shows(), pk=show.pk)


@router.post("/podcast/shows/{slug}/artwork", response=ShowOut, auth=WRITE)
def show_artwork(request: HttpRequest, slug: str, file: File[UploadedFile]):
    """Upload the podcast's artwork: a square JPEG or PNG, 1400–3000 px (R&D coordinators)."""
    _require_coordinator(request)
    show = get_object_or_404(Show, slug=slug)
    try:
        services.show_artwork_set(show=show, file=file)
    except ValidationError as error:
        raise _error(error) from error
    return get_object_or_404(_shows(), pk=show.pk)


@router.get("/podcast/shows/{slug}/figures", response=FiguresOut, auth=WRITE)
def show_figures(request: HttpRequest, slug: str, days: int = 30):
    """Downloads per episode and per day, without personal data (R&D coordinators)."""
    _require_coordinator(request)
    if not 1 <= days <= 3660:
        raise HttpError(422, _("Give a period of 1 to 3,660 days."))
    show = get_object_or_404(Show, slug=slug)
    data = figures_for(show, days)
    return {
        "since": data["since"].isoformat(),
        "today": data["today"].isoformat(),
        "total_period": data["total_period"],
        "total_all_time": data["total_all_time"],
        "episodes": [
            {
                "id": row["episode"].pk,
                "title": row["episode"].title,
                "downloads": row["period"],
                "downloads_all_time": row["all_time"],
            }
            for row in data["episodes"]
        ],
        "daily": [
            {"day": row["day"].isoformat(), "downloads": row["downloads"]}
            for row in reversed(data["daily"])
        ],
    }


# ---- episodes --------------------------------------------------------------------------------


@router.get("/podcast/shows/{slug}/episodes", response=list[EpisodeOut])
@paginate
def episode_list(request: HttpRequest, slug: str):
    """List a podcast's released episodes, newest first (coordinators also see drafts)."""
    show = _visible_show(request, slug)
    episodes = _episodes().filter(show=show)
    if access.is_coordinator(request.user):
        return episodes.newest_first()
    return episodes.released()


@router.get("/podcast/episodes/{pk}", response=EpisodeOut)
def episode_get(request: HttpRequest, pk: int):
    return _visible_episode(request, pk)


def _episode_fields(data: dict[str, Any], items: list[CreditSchema] | None) -> dict[str, Any]:
    fields: dict[str, Any] = {
        name: data[name]
        for name in (
            "title",
            "description",
            "show_notes",
            "season",
            "number",
            "episode_type",
            "explicit",
        )
        if name in data and (data[name] is not None or name in ("season", "number"))
    }
    if items is not None:
        fields["credits"] = _credit_specs(items)
    if data.get("events") is not None:
        fields["events"] = Event.objects.filter(pk__in=data["events"])
    return fields | _tags(data)


@router.post("/podcast/shows/{slug}/episodes", response={201: EpisodeOut}, auth=WRITE)
def episode_create(request: HttpRequest, slug: str, payload: EpisodeIn):
    """Create a draft episode (R&D coordinators); it gets a GUID that never changes."""
    _require_coordinator(request)
    show = get_object_or_404(Show, slug=slug)
    try:
        episode = services.episode_save(
            show=show,
            created_by=current_user(request),
            **_episode_fields(payload.dict(), payload.credits),
        )
    except ValidationError as error:
        raise _error(error) from error
    return Status(201, get_object_or_404(_episodes(), pk=episode.pk))


@router.patch("/podcast/episodes/{pk}", response=EpisodeOut, auth=WRITE)
def episode_update(request: HttpRequest, pk: int, payload: EpisodePatch):
    """Change the fields given; the GUID never changes (R&D coordinators)."""
    episode = _managed_episode(request, pk)
    data = payload.dict(exclude_unset=True)
    fields = _episode_fields(data, payload.credits if "credits" in data else None)
    # episode_save sets the tags and events it is given: keep the ones not in the request.
    fields.setdefault("events", episode.events.all())
    fields.setdefault("priority_areas", episode.priority_areas.all())
    fields.setdefault("topics", episode.topics.all())
    try:
        services.episode_save(episode=episode, **fields)
    except ValidationError as error:
        raise _error(error) from error
    return get_object_or_404(_episodes(), pk=pk)


def _upload(request: HttpRequest, pk: int, save: Any) -> Episode:
    episode = _managed_episode(request, pk)
    try:
        save(episode)
    except ValidationError as error:
        raise _error(error) from error
    return get_object_or_404(_episodes(), pk=pk)


@router.post("/podcast/episodes/{pk}/audio", response=EpisodeOut, auth=WRITE)
def episode_audio(request: HttpRequest, pk: int, file: File[UploadedFile]):
    """Upload the audio (MP3 or M4A, checked by content); size and duration come from the file."""
    return _upload(request, pk, lambda e: services.episode_audio_set(episode=e, file=file))


@router.post("/podcast/episodes/{pk}/transcript", response=EpisodeOut, auth=WRITE)
def episode_transcript(request: HttpRequest, pk: int, file: File[UploadedFile]):
    """Upload the transcript (WebVTT or SRT, checked)."""
    return _upload(
        request, pk, lambda e: services.episode_transcript_set(episode=e, data=file.read())
    )


@router.post("/podcast/episodes/{pk}/artwork", response=EpisodeOut, auth=WRITE)
def episode_artwork(request: HttpRequest, pk: int, file: File[UploadedFile]):
    """Upload the episode's own artwork (square JPEG or PNG, 1400–3000 px)."""
    return _upload(request, pk, lambda e: services.episode_artwork_set(episode=e, file=file))


@router.put("/podcast/episodes/{pk}/chapters", response=EpisodeOut, auth=WRITE)
def episode_chapters(request: HttpRequest, pk: int, payload: ChaptersIn):
    """Set the chapters: a Podcasting 2.0 JSON chapters document."""

    def save(episode: Episode) -> None:
        document = chapter_parser.normalise(payload.dict(), duration=episode.audio_duration)
        services.episode_chapters_set(episode=episode, document=document)

    return _upload(request, pk, save)


@router.delete("/podcast/episodes/{pk}/chapters", response=EpisodeOut, auth=WRITE)
def episode_chapters_delete(request: HttpRequest, pk: int):
    return _upload(request, pk, lambda e: services.episode_chapters_set(episode=e, document=None))


@router.post("/podcast/episodes/{pk}/publish", response=EpisodeOut, auth=WRITE)
def episode_publish(request: HttpRequest, pk: int, payload: PublishIn):
    """Publish now, or schedule with publish_at. Without a transcript only an administrator may,
    giving waiver_reason."""
    return _upload(
        request,
        pk,
        lambda e: services.episode_publish(
            episode=e,
            user=current_user(request),
            publish_at=payload.publish_at,
            waiver_reason=payload.waiver_reason,
        ),
    )


@router.post("/podcast/episodes/{pk}/unpublish", response=EpisodeOut, auth=WRITE)
def episode_unpublish(request: HttpRequest, pk: int):
    """Take an episode back to draft (it leaves the feed; the GUID stays)."""
    return _upload(request, pk, lambda e: services.episode_unpublish(episode=e))
