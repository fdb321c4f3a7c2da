from typing import Any

from django.apps import apps
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import feedgenerator
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from bryggan.core import access
from bryggan.core.forms import apply_validation_error
from bryggan.monitoring import services
from bryggan.monitoring.forms import (
    RecordDigestForm,
    RecordSearchForm,
    SourceForm,
    SubscriptionForm,
    WatchlistForm,
)
from bryggan.monitoring.models import HarvestRun, Match, Record, Source, Subscription, Watchlist
from bryggan.taxonomy.models import PriorityArea


def area_for_user(request: HttpRequest, slug: str) -> PriorityArea:
    """Fetch a priority area (all areas and their research feeds are public)."""
    return get_object_or_404(PriorityArea, slug=slug, archived=False)


def record_for_user(request: HttpRequest, pk: int) -> Record:
    """Fetch a harvested record (their bibliographic metadata is public)."""
    return get_object_or_404(Record, pk=pk)


def source_for_coordinator(request: HttpRequest, pk: int) -> Source:
    """Fetch a source; only coordinators reach the views that call this."""
    return get_object_or_404(Source, pk=pk)


def subscription_for_owner(request: HttpRequest, pk: int) -> Subscription:
    """Fetch one of the user's own subscriptions, or raise 404."""
    return get_object_or_404(Subscription, pk=pk, user_id=request.user.pk or 0)


def _watchlist_initial(watchlist: Watchlist | None) -> dict[str, str]:
    if watchlist is None:
        return {}
    return {f: getattr(watchlist, f) for f in WatchlistForm.base_fields}


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    areas = PriorityArea.objects.filter(archived=False).annotate(found=Count("watchlist__matches"))
    latest = Match.objects.filter(watchlist__area__isnull=False).select_related(
        "record", "watchlist__area"
    )[:10]
    return render(
        request,
        "monitoring/index.html",
        {
            "areas": areas,
            "latest": latest,
            "is_coordinator": access.is_coordinator(request.user),
            "is_staff": access.is_partnership_staff(request.user),
        },
    )


@require_GET
def area_feed(request: HttpRequest, slug: str) -> HttpResponse:
    area = area_for_user(request, slug)
    watchlist = Watchlist.objects.filter(area=area).first()
    page = Paginator(services.area_matches(area), 25).get_page(request.GET.get("sida"))
    subscribed = (
        request.user.is_authenticated
        and Subscription.objects.filter(user_id=request.user.pk or 0, area=area).exists()
    )
    return render(
        request,
        "monitoring/area.html",
        {
            "area": area,
            "watchlist": watchlist,
            "page": page,
            "subscribed": subscribed,
            "form": SubscriptionForm(initial={"area": area}),
            "is_coordinator": access.is_coordinator(request.user),
        },
    )


@require_GET
def area_rss(request: HttpRequest, slug: str) -> HttpResponse:
    area = area_for_user(request, slug)
    link = request.build_absolute_uri(reverse("monitoring:area", args=[area.slug]))
    feed = feedgenerator.Rss201rev2Feed(
        title=_("New research: %(area)s") % {"area": area.name},
        link=link,
        description=_(
            "New research matching the priority area %(area)s, from Bryggan's external monitoring."
        )
        % {"area": area.name},
        language="sv",
        feed_url=request.build_absolute_uri(),
    )
    for match in services.area_matches(area)[:50]:
        record = match.record
        feed.add_item(
            title=record.title,
            link=record.doi_url
            or record.url
            or request.build_absolute_uri(record.get_absolute_url()),
            description=f"{record.author_names} ({record.year or '–'}). {record.venue}. "
            + _("Matched: %(reasons)s") % {"reasons": ", ".join(match.reasons)}
            + (f"\n\n{record.abstract[:1000]}" if record.abstract else ""),
            unique_id=request.build_absolute_uri(record.get_absolute_url()),
            unique_id_is_permalink=True,
            pubdate=match.created_at,
        )
    return HttpResponse(
        feed.writeString("utf-8"), content_type="application/rss+xml; charset=utf-8"
    )


@access.coordinator_required
@require_http_methods(["GET", "POST"])
def area_watchlist_edit(request: HttpRequest, slug: str) -> HttpResponse:
    area = area_for_user(request, slug)
    watchlist = Watchlist.objects.filter(area=area).first()
    form = WatchlistForm(request.POST or None, initial=_watchlist_initial(watchlist))
    if request.method == "POST" and form.is_valid():
        try:
            services.watchlist_save(area=area, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(
                request, _("The watchlist was saved and recent research matched again.")
            )
            return redirect("monitoring:area", slug=area.slug)
    return render(request, "monitoring/watchlist_form.html", {"form": form, "area": area})


@login_required
@require_http_methods(["GET", "POST"])
def my_watchlist(request: HttpRequest) -> HttpResponse:
    watchlist = Watchlist.objects.filter(user_id=request.user.pk or 0).first()
    form = WatchlistForm(request.POST or None, initial=_watchlist_initial(watchlist))
    if request.method == "POST" and form.is_valid():
        try:
            services.watchlist_save(user=request.user, **form.cleaned_data)  # type: ignore[arg-type]
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Your watchlist was saved."))
            return redirect("monitoring:my_watchlist")
    matches = (
        Match.objects.filter(watchlist=watchlist).select_related("record")[:50] if watchlist else []
    )
    return render(request, "monitoring/my_watchlist.html", {"form": form, "matches": matches})


@login_required
@require_http_methods(["GET", "POST"])
def subscriptions(request: HttpRequest) -> HttpResponse:
    form = SubscriptionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.subscription_save(user=request.user, **form.cleaned_data)  # type: ignore[arg-type]
        messages.success(
            request,
            _("You will get new research in %(area)s by e-mail.")
            % {"area": form.cleaned_data["area"]},
        )
        return redirect("monitoring:subscriptions")
    rows = Subscription.objects.filter(user_id=request.user.pk or 0).select_related("area")
    return render(request, "monitoring/subscriptions.html", {"form": form, "rows": rows})


@login_required
@require_POST
def subscription_delete(request: HttpRequest, pk: int) -> HttpResponse:
    subscription = subscription_for_owner(request, pk)
    services.subscription_delete(subscription=subscription)
    messages.success(request, _("The subscription was ended."))
    return redirect("monitoring:subscriptions")


@csrf_exempt  # one-click unsubscribe (RFC 8058) posts from the mail client without a session
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    subscription = services.subscription_for_token(token)
    area = subscription.area if subscription else None
    if subscription is not None:
        services.subscription_delete(subscription=subscription)
    return render(
        request,
        "monitoring/unsubscribed.html",
        {"area": area, "valid": subscription is not None},
        status=200 if subscription is not None else 404,
    )


@access.staff_required
@require_GET
def record_list(request: HttpRequest) -> HttpResponse:
    form = RecordSearchForm(request.GET)
    rows = Record.objects.all()
    if form.is_valid() and form.cleaned_data["q"]:
        q = form.cleaned_data["q"]
        rows = rows.filter(Q(title__icontains=q) | Q(doi__iexact=q.lower()) | Q(venue__icontains=q))
    page = Paginator(rows.order_by("-first_seen_at", "-pk"), 25).get_page(request.GET.get("sida"))
    return render(request, "monitoring/record_list.html", {"form": form, "page": page})


@require_GET
def record_detail(request: HttpRequest, pk: int) -> HttpResponse:
    record = record_for_user(request, pk)
    is_coordinator = access.is_coordinator(request.user)
    areas = [m for m in record.matches.select_related("watchlist__area") if m.watchlist.area_id]
    in_library = services.record_publication(record)
    publication = (
        in_library if in_library is not None and access.can_view(request.user, in_library) else None
    )
    digests = publication.digests.visible_to(request.user) if publication is not None else []
    has_library = apps.is_installed("bryggan.library")
    return render(
        request,
        "monitoring/record_detail.html",
        {
            "record": record,
            "areas": areas,
            "provenance": record.provenance.select_related("source") if is_coordinator else [],
            "is_coordinator": is_coordinator,
            "publication": publication,
            "digests": digests,
            "can_promote": is_coordinator and has_library and in_library is None,
            "can_write_digest": is_coordinator and has_library,
        },
    )


@access.coordinator_required
@require_POST
def record_promote(request: HttpRequest, pk: int) -> HttpResponse:
    record = record_for_user(request, pk)
    try:
        publication = services.record_promote(record=record, user=request.user)  # type: ignore[arg-type]
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(record)
    messages.success(request, _("The record was added to the library."))
    return redirect(publication)


@access.coordinator_required
@require_http_methods(["GET", "POST"])
def record_digest(request: HttpRequest, pk: int) -> HttpResponse:
    record = record_for_user(request, pk)
    form = RecordDigestForm(
        request.POST or None, initial=services.record_digest_suggestions(record)
    )
    if request.method == "POST" and form.is_valid():
        try:
            digest = services.record_digest_write(
                record=record,
                user=request.user,  # type: ignore[arg-type]
                **form.cleaned_data,
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The digest was saved in the library."))
            return redirect(digest)
    return render(
        request,
        "monitoring/record_digest_form.html",
        {"form": form, "record": record, "publication": services.record_publication(record)},
        status=400 if request.method == "POST" else 200,
    )


@access.coordinator_required
@require_GET
def source_list(request: HttpRequest) -> HttpResponse:
    sources = Source.objects.annotate(records=Count("provenance"))
    last_runs: dict[int, HarvestRun] = {}
    for run in HarvestRun.objects.order_by("source_id", "-created_at", "-pk"):
        last_runs.setdefault(run.source_id, run)
    rows = [(s, last_runs.get(s.pk)) for s in sources]
    return render(request, "monitoring/source_list.html", {"rows": rows})


def _source_fields(form: SourceForm) -> dict[str, Any]:
    data = dict(form.cleaned_data)
    data["metadata_prefix"] = data.get("metadata_prefix") or ""
    return data


@access.coordinator_required
@require_http_methods(["GET", "POST"])
def source_create(request: HttpRequest) -> HttpResponse:
    form = SourceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            source = services.source_save(**_source_fields(form))
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The source was added."))
            return redirect(source)
    return render(request, "monitoring/source_form.html", {"form": form})


@access.coordinator_required
@require_http_methods(["GET", "POST"])
def source_edit(request: HttpRequest, pk: int) -> HttpResponse:
    source = source_for_coordinator(request, pk)
    initial = {f: getattr(source, f) for f in SourceForm.base_fields}
    form = SourceForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.source_save(source=source, **_source_fields(form))
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The source was saved."))
            return redirect(source)
    return render(request, "monitoring/source_form.html", {"form": form, "source": source})


@access.coordinator_required
@require_GET
def source_detail(request: HttpRequest, pk: int) -> HttpResponse:
    source = source_for_coordinator(request, pk)
    runs = source.runs.all()[:20]
    return render(
        request,
        "monitoring/source_detail.html",
        {"source": source, "runs": runs, "records": source.provenance.count()},
    )


@access.coordinator_required
@require_POST
def source_harvest(request: HttpRequest, pk: int) -> HttpResponse:
    source = source_for_coordinator(request, pk)
    try:
        run = services.run_start(source=source, user=request.user)  # type: ignore[arg-type]
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(source)
    messages.success(request, _("The harvest was queued; this page shows its progress."))
    return redirect(run)


@access.coordinator_required
@require_GET
def run_detail(request: HttpRequest, pk: int) -> HttpResponse:
    run = get_object_or_404(HarvestRun.objects.select_related("source"), pk=pk)
    return render(request, "monitoring/run_detail.html", {"run": run})


@access.coordinator_required
@require_POST
def run_resume(request: HttpRequest, pk: int) -> HttpResponse:
    run = get_object_or_404(HarvestRun, pk=pk)
    try:
        services.run_resume(run=run, user=request.user)  # type: ignore[arg-type]
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The run was queued again and continues where it stopped."))
    return redirect(run)
