"""Pages of the library: publications, digests, imports, feeds and the OAI-PMH endpoint."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q, QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from bryggan.core import access
from bryggan.core.cache import public_page
from bryggan.core.forms import apply_validation_error
from bryggan.library import feeds, metadata, oai, services
from bryggan.library.forms import (
    AuthorFormSet,
    DigestFilterForm,
    DigestForm,
    ImportForm,
    LibraryFilterForm,
    PublicationForm,
    WithdrawForm,
    authors_from,
)
from bryggan.library.models import Authorship, Digest, ImportBatch, Publication
from bryggan.people.models import User

PAGE_SIZE = 25


def current_user(request: HttpRequest) -> User:
    return cast(User, request.user)


# ---- access helpers -------------------------------------------------------------------------


def publication_for_user(request: HttpRequest, pk: int) -> Publication:
    """Fetch a publication the user may see (withdrawn ones too, as tombstones), or raise 404."""
    publication = get_object_or_404(Publication, pk=pk)
    if access.is_coordinator(request.user):
        return publication
    access.check_view(request, publication)
    return publication


def publication_for_coordinator(request: HttpRequest, pk: int) -> Publication:
    """Fetch a publication for a coordinator to change, or raise 404/403."""
    publication = get_object_or_404(Publication, pk=pk)
    if not access.is_coordinator(request.user):
        raise PermissionDenied
    return publication


def digest_for_user(request: HttpRequest, slug: str) -> Digest:
    digest = get_object_or_404(Digest, slug=slug)
    if access.is_coordinator(request.user):
        return digest
    access.check_view(request, digest)
    return digest


def batch_for_user(request: HttpRequest, pk: int) -> ImportBatch:
    """Fetch an import: coordinators see every import (any of them may commit it)."""
    if not access.is_coordinator(request.user):
        raise PermissionDenied
    return get_object_or_404(ImportBatch, pk=pk)


def _with_authors(rows: QuerySet[Publication]) -> QuerySet[Publication]:
    return rows.prefetch_related(
        Prefetch("authorships", queryset=Authorship.objects.order_by("position"))
    )


def _page(request: HttpRequest, rows: Any) -> tuple[Any, str]:
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return page, query.urlencode()


# ---- publications ---------------------------------------------------------------------------


def _visible_publications(request: HttpRequest) -> QuerySet[Publication]:
    return Publication.objects.published().visible_to(request.user)  # type: ignore[return-value]


@public_page
@require_GET
def publication_list(request: HttpRequest) -> HttpResponse:
    rows = _visible_publications(request)
    years = sorted(set(rows.values_list("year", flat=True)), reverse=True)
    form = LibraryFilterForm(request.GET or None, years=years)
    if form.is_valid():
        data = form.cleaned_data
        if data["q"]:
            for word in data["q"].split()[:8]:
                rows = rows.filter(Q(title__icontains=word) | Q(subtitle__icontains=word))
        if data["kind"]:
            rows = rows.filter(kind=data["kind"])
        if data["year"]:
            rows = rows.filter(year=data["year"])
        if data["area"]:
            rows = rows.filter(priority_areas=data["area"])
        if data["topic"]:
            rows = rows.filter(topics=data["topic"])
        if data["language"]:
            rows = rows.filter(language=data["language"])
    page, query = _page(request, _with_authors(rows.distinct()))
    return render(
        request,
        "library/publication_list.html",
        {
            "form": form,
            "page": page,
            "query": query,
            "digests": Digest.objects.visible_to(request.user)[:3],
        },
    )


@public_page
@require_GET
def publication_detail(request: HttpRequest, pk: int) -> HttpResponse:
    publication = publication_for_user(request, pk)
    publication = _with_authors(
        Publication.objects.filter(pk=publication.pk).prefetch_related(
            "subject_codes", "topics", "priority_areas"
        )
    ).get()
    manage = access.is_coordinator(request.user)
    if publication.is_withdrawn:
        return render(
            request,
            "library/publication_withdrawn.html",
            {
                "publication": publication,
                "manage": manage,
                "citation": metadata.citation(publication),
            },
            status=410,
        )
    events = publication.events.visible_to(request.user)  # type: ignore[attr-defined]
    return render(
        request,
        "library/publication_detail.html",
        {
            "publication": publication,
            "authors": list(publication.authorships.all()),
            "citation": metadata.citation(publication),
            "json_ld": metadata.json_ld(publication),
            "digests": publication.digests.visible_to(request.user),
            "events": events,
            "manage": manage,
            "withdraw_form": WithdrawForm() if manage else None,
            "oai_identifier": oai.identifier_for(oai.repository(), publication.pk)
            if publication.harvestable_since
            else "",
        },
    )


@require_GET
def publication_fulltext(request: HttpRequest, pk: int) -> HttpResponseBase:
    """Serve the full text through Django's storage, after the same access check as the page."""
    publication = publication_for_user(request, pk)
    if not publication.file or (
        publication.is_withdrawn and not access.is_coordinator(request.user)
    ):
        raise Http404
    try:
        handle = publication.file.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    name = f"bryggan-{publication.pk}.pdf"
    return FileResponse(handle, content_type="application/pdf", filename=name)


def _publication_initial(publication: Publication) -> dict[str, Any]:
    names = [
        name
        for name in PublicationForm.base_fields
        if name
        not in ("file", "remove_file", "subject_codes", "priority_areas", "topics", "events")
    ]
    initial = {name: getattr(publication, name) for name in names}
    initial["doi"] = publication.doi or ""
    initial["subject_codes"] = publication.subject_codes.all()
    initial["priority_areas"] = publication.priority_areas.all()
    initial["topics"] = publication.topics.all()
    initial["events"] = publication.events.all()
    return initial


def _author_initial(publication: Publication) -> list[dict[str, Any]]:
    return [
        {
            "person": a.person_id,
            "family_name": a.family_name,
            "given_name": a.given_name,
            "orcid": a.orcid,
            "role": a.role,
            "ORDER": a.position,
        }
        for a in publication.authorships.order_by("position")
    ]


def _publication_form(request: HttpRequest, publication: Publication | None) -> HttpResponse:
    initial = _publication_initial(publication) if publication else {}
    authors_initial = _author_initial(publication) if publication else []
    if request.method == "POST" and "more_authors" in request.POST:
        # Without JavaScript: the same form again, with three more empty author rows.
        data = request.POST.copy()
        total = data.get("authors-TOTAL_FORMS", "")
        data["authors-TOTAL_FORMS"] = str(min(int(total) if total.isdigit() else 0, 97) + 3)
        form = PublicationForm(data, initial=initial)
        formset = AuthorFormSet(data, prefix="authors")
        form.is_valid()
        formset.is_valid()
        return _render_publication_form(request, form, formset, publication, refill=True)
    form = PublicationForm(request.POST or None, request.FILES or None, initial=initial)
    formset = AuthorFormSet(request.POST or None, prefix="authors", initial=authors_initial or None)
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            saved = services.publication_save(
                publication=publication,
                user=current_user(request),
                authors=authors_from(formset),
                **form.cleaned_data,
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(
                request,
                _("The publication was saved.") if publication else _("The publication was added."),
            )
            return redirect(saved)
    return _render_publication_form(request, form, formset, publication)


def _render_publication_form(
    request: HttpRequest,
    form: PublicationForm,
    formset: Any,
    publication: Publication | None,
    refill: bool = False,
) -> HttpResponse:
    if refill:
        form.errors.clear()
        for sub in formset.forms:
            sub.errors.clear()
    status = 400 if request.method == "POST" and not refill else 200
    return render(
        request,
        "library/publication_form.html",
        {"form": form, "formset": formset, "publication": publication},
        status=status,
    )


@access.coordinator_required
@require_http_methods(["GET", "POST"])
def publication_create(request: HttpRequest) -> HttpResponse:
    return _publication_form(request, None)


@access.coordinator_required
@require_http_methods(["GET", "POST"])
def publication_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _publication_form(request, publication_for_coordinator(request, pk))


@access.coordinator_required
@require_POST
def publication_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    publication = publication_for_coordinator(request, pk)
    form = WithdrawForm(request.POST)
    if form.is_valid():
        try:
            services.publication_withdraw(
                publication=publication, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("The publication was withdrawn. Its page remains as a tombstone."),
            )
        return redirect(publication)
    return render(
        request,
        "library/withdraw_form.html",
        {"form": form, "publication": publication},
        status=400,
    )


@access.coordinator_required
@require_POST
def publication_reinstate(request: HttpRequest, pk: int) -> HttpResponse:
    publication = publication_for_coordinator(request, pk)
    try:
        services.publication_reinstate(publication=publication)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The publication is published again."))
    return redirect(publication)


@access.coordinator_required
@require_POST
def publication_delete(request: HttpRequest, pk: int) -> HttpResponse:
    publication = publication_for_coordinator(request, pk)
    try:
        services.publication_delete(publication=publication)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(publication)
    messages.success(request, _("The publication was deleted."))
    return redirect("library:index")


# ---- digests --------------------------------------------------------------------------------


@public_page
@require_GET
def digest_list(request: HttpRequest) -> HttpResponse:
    rows = Digest.objects.visible_to(request.user)
    form = DigestFilterForm(request.GET or None)
    if form.is_valid():
        if form.cleaned_data["area"]:
            rows = rows.filter(priority_areas=form.cleaned_data["area"])
        if form.cleaned_data["topic"]:
            rows = rows.filter(topics=form.cleaned_data["topic"])
    page, query = _page(request, rows.prefetch_related("publications", "topics"))
    return render(request, "library/digest_list.html", {"form": form, "page": page, "query": query})


@public_page
@require_GET
def digest_detail(request: HttpRequest, slug: str) -> HttpResponse:
    digest = digest_for_user(request, slug)
    publications = list(
        _with_authors(
            digest.publications.published().visible_to(request.user)  # type: ignore[attr-defined]
        )
    )
    return render(
        request,
        "library/digest_detail.html",
        {
            "digest": digest,
            "publications": publications,
            "writers": digest.writers.all(),
            "json_ld": metadata.digest_json_ld(digest, publications),
            "manage": access.is_coordinator(request.user),
        },
    )


def _digest_form(request: HttpRequest, digest: Digest | None) -> HttpResponse:
    initial: dict[str, Any] = {}
    if digest is not None:
        initial = {
            name: getattr(digest, name)
            for name in ("title", "summary", "practice", "language", "published_on", "visibility")
        }
        initial |= {
            "publications": digest.publications.all(),
            "writers": digest.writers.all(),
            "priority_areas": digest.priority_areas.all(),
            "topics": digest.topics.all(),
        }
    else:
        initial = {
            "published_on": timezone.localdate(),
            "publications": request.GET.getlist("publication"),
        }
    form = DigestForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.digest_save(
                digest=digest, user=current_user(request), **form.cleaned_data
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The digest was saved."))
            return redirect(saved)
    return render(
        request,
        "library/digest_form.html",
        {"form": form, "digest": digest},
        status=400 if request.method == "POST" else 200,
    )


@access.coordinator_required
@require_http_methods(["GET", "POST"])
def digest_create(request: HttpRequest) -> HttpResponse:
    return _digest_form(request, None)


@access.coordinator_required
@require_http_methods(["GET", "POST"])
def digest_edit(request: HttpRequest, slug: str) -> HttpResponse:
    return _digest_form(request, get_object_or_404(Digest, slug=slug))


# ---- import ---------------------------------------------------------------------------------


@access.coordinator_required
@require_http_methods(["GET", "POST"])
def import_upload(request: HttpRequest) -> HttpResponse:
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        upload = data["file"]
        try:
            batch = services.import_preview(
                data=upload.read(),
                filename=upload.name or "upload",
                user=current_user(request),
                format_name=data["format"],
                visibility=data["visibility"],
                harvestable=data["harvestable"],
                priority_areas=data["priority_areas"],
                topics=data["topics"],
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            return redirect(batch)
    recent = ImportBatch.objects.select_related("created_by").defer("content", "rows")[:10]
    return render(
        request,
        "library/import_form.html",
        {"form": form, "recent": recent},
        status=400 if request.method == "POST" else 200,
    )


@access.coordinator_required
@require_http_methods(["GET", "POST"])
def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    batch = batch_for_user(request, pk)
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "commit":
                created = services.import_commit(batch=batch, user=current_user(request))
                messages.success(
                    request,
                    _("%(n)d publications were added to the library.") % {"n": len(created)},
                )
            elif action == "discard":
                services.import_discard(batch=batch)
                messages.success(request, _("The import was discarded; nothing was added."))
                return redirect("library:import_upload")
            else:
                raise ValidationError(_("Choose to import or to discard."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect(batch)
    batch.refresh_from_db()
    return render(
        request,
        "library/import_detail.html",
        {"batch": batch, "created": batch.publications.all()[:200]},
    )


# ---- feeds and OAI-PMH ----------------------------------------------------------------------


@public_page
@require_GET
def feed_rss(request: HttpRequest) -> HttpResponse:
    return feeds.response(request, "rss")


@public_page
@require_GET
def feed_atom(request: HttpRequest) -> HttpResponse:
    return feeds.response(request, "atom")


@csrf_exempt
@require_http_methods(["GET", "POST"])
def oai_endpoint(request: HttpRequest) -> HttpResponse:
    """The OAI-PMH 2.0 base URL; POST is allowed as the protocol says (form-encoded)."""
    source = request.POST if request.method == "POST" else request.GET
    params = {key: source.getlist(key) for key in source}
    body = oai.respond(params)
    return HttpResponse(body, content_type="text/xml; charset=utf-8")
