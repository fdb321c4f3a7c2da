"""Pages of the podcast: shows, episodes, the feed, audio with byte ranges, and figures."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from datetime import timedelta
from typing import Any, cast

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.db.models import Count, Max, Q, Sum
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    HttpResponseNotModified,
    StreamingHttpResponse,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import http_date
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from bryggan.core import access
from bryggan.core.cache import content_version
from bryggan.core.forms import apply_validation_error
from bryggan.core.models import Visibility
from bryggan.lib.ranges import RangeNotSatisfiable, parse_range
from bryggan.people.models import User
from bryggan.podcast import chapters as chapter_parser
from bryggan.podcast import jsonld, services
from bryggan.podcast.feed import build_feed
from bryggan.podcast.forms import (
    ArtworkForm,
    AudioForm,
    ChaptersForm,
    EpisodeForm,
    FiguresForm,
    PublishForm,
    ShowForm,
    TranscriptForm,
    credits_initial,
)
from bryggan.podcast.models import DownloadDay, Episode, Show
from bryggan.podcast.transcripts import paragraphs

CHUNK = 64 * 1024


def current_user(request: HttpRequest) -> User:
    return cast(User, request.user)


# ---- access helpers -------------------------------------------------------------------------


def show_for_user(request: HttpRequest, slug: str) -> Show:
    """Fetch a show the user may see, or raise 404."""
    show = get_object_or_404(Show.objects.select_related("partnership"), slug=slug)
    if access.is_coordinator(request.user):
        return show
    access.check_view(request, show)
    return show


def show_for_coordinator(request: HttpRequest, slug: str) -> Show:
    """Fetch a show for a coordinator to manage, or raise 403/404."""
    if not access.is_coordinator(request.user):
        raise PermissionDenied
    return get_object_or_404(Show, slug=slug)


def episode_for_user(request: HttpRequest, show_slug: str, slug: str) -> Episode:
    """Fetch a released episode of a visible show (coordinators also get drafts), or raise 404."""
    episode = get_object_or_404(
        Episode.objects.select_related("show"), show__slug=show_slug, slug=slug
    )
    if access.is_coordinator(request.user):
        return episode
    if not episode.is_released:
        raise Http404
    access.check_view(request, episode.show)
    return episode


def episode_for_coordinator(request: HttpRequest, show_slug: str, slug: str) -> Episode:
    """Fetch an episode for a coordinator to manage, or raise 403/404."""
    if not access.is_coordinator(request.user):
        raise PermissionDenied
    return get_object_or_404(
        Episode.objects.select_related("show"), show__slug=show_slug, slug=slug
    )


# ---- serving stored files -------------------------------------------------------------------


def _stream(name: str, start: int, length: int) -> Iterator[bytes]:
    with default_storage.open(name, "rb") as handle:
        remote: Any = getattr(handle, "obj", None)
        if length > 0 and hasattr(remote, "get"):
            # Object storage (django-storages' S3File): fetch only the range, not the whole file.
            body = remote.get(Range=f"bytes={start}-{start + length - 1}")["Body"]
            yield from iter(lambda: body.read(CHUNK), b"")
            return
        handle.seek(start)
        left = length
        while left > 0:
            chunk = handle.read(min(CHUNK, left))
            if not chunk:
                break
            left -= len(chunk)
            yield chunk


def serve_stored(
    request: HttpRequest,
    *,
    name: str,
    size: int,
    content_type: str,
    etag: str,
    modified: Any,
    public: bool,
    filename: str,
) -> tuple[HttpResponseBase, tuple[int, int] | None]:
    """Serve a file from the storage API with byte ranges; return the response and the range."""
    quoted = f'"{etag}"'
    headers = {
        "Accept-Ranges": "bytes",
        "ETag": quoted,
        "Last-Modified": http_date(modified.timestamp()),
        "Cache-Control": "public, max-age=86400" if public else "private, max-age=0",
        "Content-Disposition": f'inline; filename="{filename}"',
    }
    if quoted in request.headers.get("If-None-Match", ""):
        return HttpResponseNotModified(headers=headers), None
    range_header = request.headers.get("Range")
    if_range = request.headers.get("If-Range")
    if if_range and if_range.strip() != quoted:
        range_header = None  # the client's copy is stale: send the whole file
    try:
        byte_range = parse_range(range_header, size)
    except RangeNotSatisfiable:
        refused = HttpResponse(status=416, headers=headers)
        refused["Content-Range"] = f"bytes */{size}"
        return refused, None
    start, end = byte_range if byte_range else (0, size - 1)
    length = max(end - start + 1, 0)
    status = 206 if byte_range else 200
    response: HttpResponseBase
    if request.method == "HEAD":
        response = HttpResponse(status=status, content_type=content_type, headers=headers)
    else:
        response = StreamingHttpResponse(
            _stream(name, start, length), status=status, content_type=content_type, headers=headers
        )
    response["Content-Length"] = str(length)
    if byte_range:
        response["Content-Range"] = f"bytes {start}-{end}/{size}"
    return response, byte_range


def _client_ip(request: HttpRequest) -> str:
    header = getattr(settings, "PODCAST_CLIENT_IP_HEADER", "")
    if header and request.META.get(header):
        return request.META[header].split(",")[0].strip()
    return request.META.get("REMOTE_ADDR", "")


def _is_listen(byte_range: tuple[int, int] | None) -> bool:
    """A download counts when it starts at the beginning, but not the two-byte probe of some apps."""
    if byte_range is None:
        return True
    start, end = byte_range
    return start == 0 and end >= 2


@require_http_methods(["GET", "HEAD"])
def audio(request: HttpRequest, show: str, episode: str, ext: str) -> HttpResponseBase:
    item = episode_for_user(request, show, episode)
    if not item.audio or ext != item.audio_ext:
        raise Http404
    public = item.is_released and item.show.visibility == Visibility.PUBLIC
    response, byte_range = serve_stored(
        request,
        name=item.audio.name or "",
        size=item.audio_size or 0,
        content_type=item.audio_type,
        etag=item.audio_hash[:32],
        modified=item.updated_at,
        public=public,
        filename=f"{item.slug}.{ext}",
    )
    if (
        request.method == "GET"
        and response.status_code in (200, 206)
        and item.is_released
        and _is_listen(byte_range)
    ):
        services.download_record(
            episode=item, ip=_client_ip(request), user_agent=request.headers.get("User-Agent", "")
        )
    return response


def _artwork_response(request: HttpRequest, owner: Show | Episode, public: bool) -> Any:
    response, _range = serve_stored(
        request,
        name=owner.artwork.name or "",
        size=owner.artwork_size or 0,
        content_type=owner.artwork_type,
        etag=owner.artwork_hash[:32],
        modified=owner.updated_at,
        public=public,
        filename=f"artwork.{'png' if owner.artwork_type == 'image/png' else 'jpg'}",
    )
    return response


@require_http_methods(["GET", "HEAD"])
def show_artwork_file(request: HttpRequest, show: str, ext: str) -> Any:
    item = show_for_user(request, show)
    if not item.artwork:
        raise Http404
    return _artwork_response(request, item, item.visibility == Visibility.PUBLIC)


@require_http_methods(["GET", "HEAD"])
def episode_artwork_file(request: HttpRequest, show: str, episode: str, ext: str) -> Any:
    item = episode_for_user(request, show, episode)
    if not item.artwork:
        raise Http404
    return _artwork_response(request, item, item.show.visibility == Visibility.PUBLIC)


@require_GET
def transcript_file(request: HttpRequest, show: str, episode: str, ext: str) -> HttpResponse:
    item = episode_for_user(request, show, episode)
    if not item.transcript_format or ext != item.transcript_format:
        raise Http404
    content_type = "text/vtt" if ext == "vtt" else "application/x-subrip"
    response = HttpResponse(item.transcript_source, content_type=f"{content_type}; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{item.slug}.{ext}"'
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_GET
def chapters_file(request: HttpRequest, show: str, episode: str) -> HttpResponse:
    import json

    item = episode_for_user(request, show, episode)
    if not item.chapters:
        raise Http404
    response = HttpResponse(
        json.dumps(item.chapters, ensure_ascii=False, indent=1),
        content_type="application/json+chapters; charset=utf-8",
    )
    response["Access-Control-Allow-Origin"] = "*"
    return response


# ---- the feed -------------------------------------------------------------------------------


def _next_release_in(show: Show) -> float | None:
    """Seconds until the next scheduled episode of `show` is released, if one is scheduled."""
    now = timezone.now()
    upcoming = (
        Episode.objects.filter(show=show, status=Episode.Status.PUBLISHED, publish_at__gt=now)
        .order_by("publish_at")
        .values_list("publish_at", flat=True)
        .first()
    )
    return (upcoming - now).total_seconds() if upcoming else None


@require_http_methods(["GET", "HEAD"])
def feed(request: HttpRequest, show: str) -> HttpResponse:
    item = show_for_user(request, show)
    key = f"bryggan:podcast:feed:{content_version()}:{item.pk}"
    body = cache.get(key)
    if body is None:
        body = build_feed(item)
        # Until the next scheduled episode is due, at most; then it must appear.
        timeout = settings.BRYGGAN_PAGE_CACHE_SECONDS
        due = _next_release_in(item)
        if due is not None:
            timeout = min(timeout, max(int(due), 1))
        cache.set(key, body, timeout)
    etag = f'"{hashlib.sha256(body).hexdigest()[:32]}"'
    if etag in request.headers.get("If-None-Match", ""):
        return HttpResponseNotModified(headers={"ETag": etag})
    response = HttpResponse(body, content_type="application/rss+xml; charset=utf-8")
    response["ETag"] = etag
    response["Cache-Control"] = (
        "public, max-age=300" if item.visibility == Visibility.PUBLIC else "private, max-age=0"
    )
    return response


# ---- shows ----------------------------------------------------------------------------------


def _credits(owner: Show | Episode) -> list[Any]:
    return list(owner.credits.select_related("person"))


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    shows = Show.objects.all() if access.is_coordinator(request.user) else None
    if shows is None:
        shows = Show.objects.visible_to(request.user)
    now = timezone.now()
    released = Q(episodes__status=Episode.Status.PUBLISHED, episodes__publish_at__lte=now)
    shows = shows.annotate(
        episode_count=Count("episodes", filter=released),
        latest=Max("episodes__publish_at", filter=released),
    ).order_by("title")
    latest = (
        Episode.objects.released()
        .filter(show__in=Show.objects.visible_to(request.user))
        .select_related("show")[:6]
    )
    return render(request, "podcast/index.html", {"shows": shows, "latest": latest})


@require_GET
def show_detail(request: HttpRequest, show: str) -> HttpResponse:
    item = show_for_user(request, show)
    manage = access.is_coordinator(request.user)
    episodes = Episode.objects.filter(show=item)
    episodes = episodes.newest_first() if manage else episodes.released().filter(pk__in=episodes)
    credits = _credits(item)
    return render(
        request,
        "podcast/show_detail.html",
        {
            "show": item,
            "episodes": episodes,
            "credits": credits,
            "manage": manage,
            "feed_url": f"{settings.SITE_URL}{item.feed_path}",
            "json_ld": jsonld.series_ld(item, credits),
        },
    )


SHOW_FIELDS = (
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
    "visibility",
    "partnership",
)
EPISODE_FIELDS = (
    "title",
    "description",
    "show_notes",
    "season",
    "number",
    "episode_type",
    "explicit",
)


def _show_initial(show: Show) -> dict[str, Any]:
    initial: dict[str, Any] = {name: getattr(show, name) for name in SHOW_FIELDS}
    initial |= credits_initial(_credits(show))
    initial["priority_areas"] = show.priority_areas.all()
    initial["topics"] = show.topics.all()
    return initial


def _show_fields(form: ShowForm) -> dict[str, Any]:
    data = form.cleaned_data
    fields = {name: data[name] for name in SHOW_FIELDS}
    fields["credits"] = form.credit_specs()
    fields["priority_areas"] = data["priority_areas"]
    fields["topics"] = data["topics"]
    return fields


@access.coordinator_required
@require_http_methods(["GET", "POST"])
def show_create(request: HttpRequest) -> HttpResponse:
    form = ShowForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            show = services.show_save(**_show_fields(form))
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The podcast was created. Now upload its artwork."))
            return redirect("podcast:show_edit", show=show.slug)
    return render(request, "podcast/show_form.html", {"form": form})


@access.coordinator_required
@require_http_methods(["GET", "POST"])
def show_edit(request: HttpRequest, show: str) -> HttpResponse:
    item = show_for_coordinator(request, show)
    form = ShowForm(request.POST or None, initial=_show_initial(item))
    if request.method == "POST" and form.is_valid():
        try:
            services.show_save(show=item, **_show_fields(form))
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The podcast was saved."))
            return redirect(item)
    return render(
        request,
        "podcast/show_form.html",
        {"form": form, "show": item, "artwork_form": ArtworkForm()},
        status=400 if form.errors else 200,
    )


@access.coordinator_required
@require_POST
def show_artwork_upload(request: HttpRequest, show: str) -> HttpResponse:
    item = show_for_coordinator(request, show)
    artwork_form = ArtworkForm(request.POST, request.FILES)
    if artwork_form.is_valid():
        try:
            services.show_artwork_set(show=item, file=artwork_form.cleaned_data["artwork"])
        except ValidationError as error:
            artwork_form.add_error("artwork", error)
        else:
            messages.success(request, _("The artwork was saved."))
            return redirect("podcast:show_edit", show=item.slug)
    return render(
        request,
        "podcast/show_form.html",
        {"form": ShowForm(initial=_show_initial(item)), "show": item, "artwork_form": artwork_form},
        status=400,
    )


# ---- episodes -------------------------------------------------------------------------------


@require_GET
def episode_detail(request: HttpRequest, show: str, episode: str) -> HttpResponse:
    item = episode_for_user(request, show, episode)
    credits = _credits(item)
    events = item.events.visible_to(request.user).order_by("start")  # type: ignore[attr-defined]
    return render(
        request,
        "podcast/episode_detail.html",
        {
            "episode": item,
            "show": item.show,
            "credits": credits,
            "events": events,
            "paragraphs": paragraphs(item.transcript_cues),
            "manage": access.is_coordinator(request.user),
            "feed_url": f"{settings.SITE_URL}{item.show.feed_path}",
            "json_ld": jsonld.episode_ld(item, credits),
        },
    )


def _episode_initial(episode: Episode) -> dict[str, Any]:
    initial: dict[str, Any] = {name: getattr(episode, name) for name in EPISODE_FIELDS}
    initial |= credits_initial(_credits(episode))
    initial["events"] = episode.events.all()
    initial["priority_areas"] = episode.priority_areas.all()
    initial["topics"] = episode.topics.all()
    return initial


def _episode_fields(form: EpisodeForm) -> dict[str, Any]:
    data = form.cleaned_data
    fields = {name: data[name] for name in EPISODE_FIELDS}
    fields["credits"] = form.credit_specs()
    fields["events"] = data["events"]
    fields["priority_areas"] = data["priority_areas"]
    fields["topics"] = data["topics"]
    return fields


@access.coordinator_required
@require_http_methods(["GET", "POST"])
def episode_create(request: HttpRequest, show: str) -> HttpResponse:
    item = show_for_coordinator(request, show)
    initial = {"season": item.episodes.aggregate(m=Max("season"))["m"]}
    last = item.episodes.filter(season=initial["season"]).aggregate(m=Max("number"))["m"]
    initial["number"] = (last or 0) + 1
    initial |= credits_initial([c for c in _credits(item) if c.is_host])
    form = EpisodeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            episode = services.episode_save(
                show=item, created_by=current_user(request), **_episode_fields(form)
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(
                request, _("The episode was created. Upload its audio and transcript next.")
            )
            return redirect("podcast:episode_manage", show=item.slug, episode=episode.slug)
    return render(
        request,
        "podcast/episode_form.html",
        {"form": form, "show": item},
        status=400 if form.errors else 200,
    )


@access.coordinator_required
@require_http_methods(["GET", "POST"])
def episode_edit(request: HttpRequest, show: str, episode: str) -> HttpResponse:
    item = episode_for_coordinator(request, show, episode)
    form = EpisodeForm(request.POST or None, initial=_episode_initial(item))
    if request.method == "POST" and form.is_valid():
        try:
            services.episode_save(episode=item, **_episode_fields(form))
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The episode was saved."))
            return redirect("podcast:episode_manage", show=item.show.slug, episode=item.slug)
    return render(
        request,
        "podcast/episode_form.html",
        {"form": form, "show": item.show, "episode": item},
        status=400 if form.errors else 200,
    )


def _manage_page(request: HttpRequest, episode: Episode, status: int = 200, **forms: Any) -> Any:
    context = {
        "episode": episode,
        "show": episode.show,
        "audio_form": forms.get("audio_form") or AudioForm(),
        "transcript_form": forms.get("transcript_form") or TranscriptForm(),
        "artwork_form": forms.get("artwork_form") or ArtworkForm(),
        "publish_form": forms.get("publish_form") or PublishForm(),
        "is_admin": access.is_admin(request.user),
        "downloads": DownloadDay.objects.filter(episode=episode).aggregate(n=Sum("downloads"))["n"]
        or 0,
    }
    return render(request, "podcast/episode_manage.html", context, status=status)


@access.coordinator_required
@require_GET
def episode_manage(request: HttpRequest, show: str, episode: str) -> HttpResponse:
    return _manage_page(request, episode_for_coordinator(request, show, episode))


def _upload(
    request: HttpRequest,
    show: str,
    episode: str,
    form_class: type,
    form_name: str,
    save: Any,
    done: str,
) -> HttpResponse:
    item = episode_for_coordinator(request, show, episode)
    form = form_class(request.POST, request.FILES)
    if form.is_valid():
        try:
            save(item, form.cleaned_data)
        except ValidationError as error:
            form.add_error(next(iter(form.fields)), error)  # beside the file field it is about
        else:
            messages.success(request, done)
            return redirect("podcast:episode_manage", show=item.show.slug, episode=item.slug)
    return _manage_page(request, item, status=400, **{form_name: form})


@access.coordinator_required
@require_POST
def episode_audio_upload(request: HttpRequest, show: str, episode: str) -> HttpResponse:
    return _upload(
        request,
        show,
        episode,
        AudioForm,
        "audio_form",
        lambda item, data: services.episode_audio_set(episode=item, file=data["audio"]),
        _("The audio was saved."),
    )


@access.coordinator_required
@require_POST
def episode_transcript_upload(request: HttpRequest, show: str, episode: str) -> HttpResponse:
    return _upload(
        request,
        show,
        episode,
        TranscriptForm,
        "transcript_form",
        lambda item, data: services.episode_transcript_set(
            episode=item, data=data["transcript"].read()
        ),
        _("The transcript was saved."),
    )


@access.coordinator_required
@require_POST
def episode_artwork_upload(request: HttpRequest, show: str, episode: str) -> HttpResponse:
    return _upload(
        request,
        show,
        episode,
        ArtworkForm,
        "artwork_form",
        lambda item, data: services.episode_artwork_set(episode=item, file=data["artwork"]),
        _("The artwork was saved."),
    )


@access.coordinator_required
@require_http_methods(["GET", "POST"])
def episode_chapters(request: HttpRequest, show: str, episode: str) -> HttpResponse:
    item = episode_for_coordinator(request, show, episode)
    form = ChaptersForm(
        request.POST or None,
        request.FILES or None,
        initial={"lines": chapter_parser.as_lines(item.chapters)},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["file"]:
                document = chapter_parser.parse_json(
                    data["file"].read(), duration=item.audio_duration
                )
            elif data["lines"].strip():
                document = chapter_parser.parse_lines(data["lines"], duration=item.audio_duration)
            else:
                document = None
            services.episode_chapters_set(episode=item, document=document)
        except ValidationError as error:
            form.add_error("file" if data["file"] else "lines", error)
        else:
            messages.success(
                request,
                _("The chapters were saved.") if document else _("The chapters were removed."),
            )
            return redirect("podcast:episode_manage", show=item.show.slug, episode=item.slug)
    return render(
        request,
        "podcast/chapters_form.html",
        {"form": form, "episode": item, "show": item.show},
        status=400 if form.errors else 200,
    )


@access.coordinator_required
@require_POST
def episode_publish(request: HttpRequest, show: str, episode: str) -> HttpResponse:
    item = episode_for_coordinator(request, show, episode)
    form = PublishForm(request.POST)
    if form.is_valid():
        try:
            item = services.episode_publish(
                episode=item,
                user=current_user(request),
                publish_at=form.cleaned_data["publish_at"],
                waiver_reason=form.cleaned_data["waiver_reason"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if item.is_scheduled:
                messages.success(
                    request,
                    _("The episode is scheduled: it appears in the feed on %(when)s.")
                    % {"when": timezone.localtime(item.publish_at).strftime("%Y-%m-%d %H:%M")},
                )
            else:
                messages.success(request, _("The episode is published and in the feed."))
            return redirect(item)
    return _manage_page(request, item, status=400, publish_form=form)


@access.coordinator_required
@require_POST
def episode_unpublish(request: HttpRequest, show: str, episode: str) -> HttpResponse:
    item = episode_for_coordinator(request, show, episode)
    services.episode_unpublish(episode=item)
    messages.success(request, _("The episode was taken back to draft and left the feed."))
    return redirect("podcast:episode_manage", show=item.show.slug, episode=item.slug)


# ---- listening figures ----------------------------------------------------------------------


def figures_for(show: Show, days: int) -> dict[str, Any]:
    """Downloads per episode (all time and in the period) and per day for the last `days` days."""
    today = timezone.localdate()
    since = today - timedelta(days=days - 1)
    counts = DownloadDay.objects.filter(episode__show=show)
    all_time = dict(
        counts.values("episode").annotate(n=Sum("downloads")).values_list("episode", "n")
    )
    in_period = dict(
        counts.filter(day__gte=since)
        .values("episode")
        .annotate(n=Sum("downloads"))
        .values_list("episode", "n")
    )
    per_day = dict(
        counts.filter(day__gte=since)
        .values("day")
        .annotate(n=Sum("downloads"))
        .values_list("day", "n")
    )
    episodes = [
        {
            "episode": e,
            "all_time": all_time.get(e.pk, 0),
            "period": in_period.get(e.pk, 0),
        }
        for e in Episode.objects.filter(show=show).exclude(publish_at=None).order_by("-publish_at")
    ]
    peak = max(per_day.values(), default=0)
    daily = [
        {
            "day": since + timedelta(days=n),
            "downloads": per_day.get(since + timedelta(days=n), 0),
            "share": round(100 * per_day.get(since + timedelta(days=n), 0) / peak) if peak else 0,
        }
        for n in range(days)
    ]
    return {
        "since": since,
        "today": today,
        "episodes": episodes,
        "daily": list(reversed(daily)),
        "total_period": sum(in_period.values()),
        "total_all_time": sum(all_time.values()),
    }


@access.coordinator_required
@require_GET
def figures(request: HttpRequest, show: str) -> HttpResponse:
    item = show_for_coordinator(request, show)
    form = FiguresForm(request.GET or None)
    days = (form.cleaned_data.get("days") if form.is_valid() else None) or 30
    return render(
        request,
        "podcast/figures.html",
        {"show": item, "form": form, "days": days, **figures_for(item, days)},
    )
