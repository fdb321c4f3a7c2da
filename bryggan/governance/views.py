"""Pages of partnerships and their governance: overview, funding, agreements, bodies, meetings."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import F
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from bryggan.core.cache import public_page
from bryggan.core.forms import apply_validation_error
from bryggan.governance import queries, services
from bryggan.governance.access import (
    action_for_updater,
    agreement_for_editor,
    agreement_for_user,
    body_for_editor,
    body_for_manager,
    body_for_user,
    can_edit,
    can_manage_body,
    decision_for_user,
    document_for_user,
    is_visible,
    meeting_for_manager,
    meeting_for_user,
    partnership_for_editor,
    partnership_for_user,
    visible,
)
from bryggan.governance.forms import (
    ActionForm,
    ActionStatusForm,
    AgendaItemForm,
    AgreementForm,
    ArchiveForm,
    AreasForm,
    BodyForm,
    DecisionEditForm,
    DecisionForm,
    DecisionSearchForm,
    DocumentForm,
    FundingForm,
    MeetingForm,
    MembershipEditForm,
    MembershipForm,
    MinutesForm,
    PartyForm,
    TransformForm,
)
from bryggan.governance.models import (
    ActionItem,
    AgendaItem,
    Agreement,
    Body,
    Meeting,
    Membership,
    Minutes,
    Partnership,
    Party,
)
from bryggan.governance.sections import overview_sections
from bryggan.people.models import User

DECISIONS_PER_PAGE = 50
ROLE_ORDER: list[str] = [
    Membership.Role.CHAIR,
    Membership.Role.SECRETARY,
    Membership.Role.MEMBER,
    Membership.Role.DEPUTY,
]
MAX_PER_PAGE = 200


def current_user(request: HttpRequest) -> User | None:
    return cast(User, request.user) if request.user.is_authenticated else None


def _year(request: HttpRequest) -> int:
    try:
        year = int(request.GET.get("ar", ""))
    except ValueError:
        return timezone.localdate().year
    return year if 1990 <= year <= 2100 else timezone.localdate().year


def _form_page(
    request: HttpRequest, template: str, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    return render(request, template, context, status=400 if request.method == "POST" else status)


# ---- partnerships ------------------------------------------------------------------------------


@require_GET
@public_page
def partnership_list(request: HttpRequest) -> HttpResponse:
    partnerships = (
        Partnership.objects.visible_to(request.user)
        .filter(archived=False)
        .prefetch_related("parties__organisation", "priority_areas")
    )
    return render(request, "governance/partnership_list.html", {"partnerships": partnerships})


@require_GET
@public_page
def partnership_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """The partnership overview: parties, bodies, meetings, actions, funding and figures for a year."""
    partnership = partnership_for_user(request, slug)
    year = _year(request)
    overview = queries.partnership_overview(
        partnership, request.user, year, editor=can_edit(request.user)
    )
    return render(
        request,
        "governance/partnership_detail.html",
        {
            "partnership": partnership,
            "overview": overview,
            "year": year,
            "previous_year": year - 1,
            "next_year": year + 1,
            "can_edit": can_edit(request.user),
            "sections": overview_sections(partnership, request.user, year),
        },
    )


@require_http_methods(["GET", "POST"])
def party_edit(request: HttpRequest, slug: str, pk: int | None = None) -> HttpResponse:
    partnership = partnership_for_editor(request, slug)
    party = get_object_or_404(Party, pk=pk, partnership=partnership) if pk else None
    initial = (
        {
            "organisation": party.organisation_id,
            "role": party.role,
            "mission": party.mission,
            "joined": party.joined,
            "left": party.left,
        }
        if party
        else {}
    )
    form = PartyForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.party_save(partnership=partnership, party=party, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The party was saved."))
            return redirect(partnership)
    heading = _("Edit party") if party else _("Add a party")
    return _form_page(
        request,
        "governance/form.html",
        {"form": form, "heading": heading, "back": partnership},
    )


@require_http_methods(["GET", "POST"])
def areas_edit(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = partnership_for_editor(request, slug)
    form = AreasForm(
        request.POST or None, initial={"priority_areas": partnership.priority_areas.all()}
    )
    if request.method == "POST" and form.is_valid():
        services.partnership_areas_set(
            partnership=partnership, areas=form.cleaned_data["priority_areas"]
        )
        messages.success(request, _("The priority areas were saved."))
        return redirect(partnership)
    return _form_page(
        request,
        "governance/form.html",
        {"form": form, "heading": _("Priority areas"), "back": partnership},
    )


@require_http_methods(["GET", "POST"])
def funding(request: HttpRequest, slug: str) -> HttpResponse:
    """Base funding per party and year with totals; coordinators record amounts here."""
    partnership = partnership_for_user(request, slug)
    editor = can_edit(request.user)
    form = None
    if editor:
        form = FundingForm(
            request.POST or None,
            partnership=partnership,
            initial={"year": timezone.localdate().year},
        )
    elif request.method == "POST":
        return redirect_to_login_or_403(request)
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            row = services.funding_set(partnership=partnership, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(
                request,
                _("Base funding %(year)d for %(org)s was saved.")
                % {"year": row.year, "org": row.party.organisation.name},
            )
            return redirect("governance:funding", slug=partnership.slug)
    context = {
        "partnership": partnership,
        "table": queries.funding_table(partnership),
        "form": form,
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "governance/funding.html", context, status=status)


def redirect_to_login_or_403(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        from django.contrib.auth.views import redirect_to_login

        return redirect_to_login(request.get_full_path())
    from django.core.exceptions import PermissionDenied

    raise PermissionDenied


# ---- agreements --------------------------------------------------------------------------------


def _agreement_initial(agreement: Agreement) -> dict[str, Any]:
    names = (
        "title",
        "scope",
        "start",
        "end",
        "notice_date",
        "reminder_days",
        "signed_on",
        "visibility",
    )
    initial = {name: getattr(agreement, name) for name in names}
    initial["parties"] = agreement.parties.all()
    initial["coordinators"] = agreement.coordinators.all()
    return initial


@require_http_methods(["GET", "POST"])
def agreement_edit(
    request: HttpRequest, slug: str | None = None, pk: int | None = None
) -> HttpResponse:
    if pk is not None:
        agreement: Agreement | None = agreement_for_editor(request, pk)
        partnership = agreement.partnership  # type: ignore[union-attr]
    else:
        agreement = None
        partnership = partnership_for_editor(request, cast(str, slug))
    form = AgreementForm(
        request.POST or None,
        request.FILES or None,
        partnership=partnership,
        initial=_agreement_initial(agreement) if agreement else {},
    )
    if request.method == "POST" and form.is_valid():
        try:
            agreement = services.agreement_save(
                partnership=partnership, agreement=agreement, **form.cleaned_data
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The agreement was saved."))
            return redirect(agreement)
    heading = _("Edit agreement") if agreement else _("New collaboration agreement")
    return _form_page(
        request,
        "governance/form.html",
        {
            "form": form,
            "heading": heading,
            "back": agreement or partnership,
            "multipart": True,
        },
    )


@require_GET
def agreement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = agreement_for_user(request, pk)
    return render(
        request,
        "governance/agreement_detail.html",
        {
            "agreement": agreement,
            "parties": agreement.parties.select_related("organisation"),
            "coordinators": agreement.coordinators.all(),
            "can_edit": can_edit(request.user),
        },
    )


@require_GET
def agreement_document(request: HttpRequest, pk: int) -> FileResponse:
    """Serve the signed document through the storage API, to those who may read the agreement."""
    agreement = agreement_for_user(request, pk)
    if not agreement.document:
        raise Http404
    return _file_response(agreement.document)


def _file_response(field: Any) -> FileResponse:
    try:
        handle = field.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    response = FileResponse(handle, as_attachment=False, filename=field.name.rsplit("/", 1)[-1])
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


# ---- bodies ------------------------------------------------------------------------------------


@require_GET
def governance_index(request: HttpRequest) -> HttpResponse:
    """Every body the user may see, grouped by partnership, and the user's own open actions."""
    bodies = list(
        visible(Body.objects.all(), request.user)
        .select_related("partnership", "succeeded_by")
        .order_by("partnership__name_sv", "archived", "kind", "name_sv")
    )
    mine: list[ActionItem] = []
    if request.user.is_authenticated:
        mine = list(
            visible(ActionItem.objects.open(), request.user)
            .filter(owner__user=request.user)
            .select_related("body", "meeting")
            .order_by(F("due").asc(nulls_last=True))
        )
    return render(
        request,
        "governance/index.html",
        {"bodies": bodies, "visible": {b.pk: b for b in bodies}, "mine": mine},
    )


def _body_fields(form: Any) -> dict[str, Any]:
    data = dict(form.cleaned_data)
    data["prefix"] = data.pop("decision_prefix")
    return data


@require_http_methods(["GET", "POST"])
def body_create(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = partnership_for_editor(request, slug)
    form = BodyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            body = services.body_save(
                partnership=partnership, user=current_user(request), **_body_fields(form)
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The body was created. Now add its members."))
            return redirect(body)
    return _form_page(
        request,
        "governance/form.html",
        {"form": form, "heading": _("New governance body"), "back": partnership},
    )


@require_http_methods(["GET", "POST"])
def body_edit(request: HttpRequest, slug: str) -> HttpResponse:
    body = body_for_editor(request, slug)
    names = ("kind", "name_sv", "name_en", "mandate", "established", "visibility")
    initial = {n: getattr(body, n) for n in names} | {"decision_prefix": body.prefix}
    form = BodyForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.body_save(body=body, user=current_user(request), **_body_fields(form))
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The body was saved."))
            return redirect(body)
    return _form_page(
        request, "governance/form.html", {"form": form, "heading": _("Edit body"), "back": body}
    )


@require_GET
@public_page
def body_detail(request: HttpRequest, slug: str) -> HttpResponse:
    body = body_for_user(request, slug)
    manage = can_manage_body(request.user, body)
    today = timezone.localdate()
    seats = sorted(
        body.memberships.select_related("person", "represents"),
        key=lambda s: (
            ROLE_ORDER.index(s.role),
            s.person.family_name,
            s.person.given_name,
            s.start,
        ),
    )
    meetings = visible(Meeting.objects.filter(body=body), request.user)
    chain = [body.pk, *queries.predecessor_ids(body)]
    open_actions = list(
        visible(ActionItem.objects.open().filter(body_id__in=chain), request.user)
        .select_related("owner", "meeting", "body")
        .order_by(F("due").asc(nulls_last=True), "pk")
    )
    context = {
        "body": body,
        "manage": manage,
        "can_edit": can_edit(request.user),
        "current": [s for s in seats if s.start <= today and (s.end is None or s.end >= today)],
        "former": [s for s in seats if s.end is not None and s.end < today],
        "future": [s for s in seats if s.start > today],
        "coming": list(meetings.upcoming()[:10]),
        "earlier": list(meetings.past()[:10]),
        "open_actions": open_actions,
        "decisions": list(queries.decision_log(request.user, body=body)[:5]),
        "timeline": queries.body_timeline(body, request.user),
        "predecessors": list(visible(body.predecessors.all(), request.user)),
        "successor": body.succeeded_by
        if body.succeeded_by and is_visible(body.succeeded_by, request.user)
        else None,
        "feed_url": reverse("governance:body_feed", args=[body.slug]),
        "membership_form": MembershipForm(initial={"start": today, "role": Membership.Role.MEMBER})
        if can_edit(request.user)
        else None,
        "status_choices": ActionItem.Status.choices,
    }
    return render(request, "governance/body_detail.html", context)


@require_POST
def membership_add(request: HttpRequest, slug: str) -> HttpResponse:
    body = body_for_editor(request, slug)
    form = MembershipForm(request.POST)
    if form.is_valid():
        try:
            services.membership_add(body=body, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The member was added."))
            return redirect(body)
    return _form_page(
        request,
        "governance/form.html",
        {"form": form, "heading": _("Add a member"), "back": body},
    )


@require_http_methods(["GET", "POST"])
def membership_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    body = body_for_editor(request, slug)
    membership = get_object_or_404(Membership.objects.select_related("person"), pk=pk, body=body)
    names = ("role", "represents", "start", "end", "note")
    form = MembershipEditForm(
        request.POST or None, initial={n: getattr(membership, n) for n in names}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_update(membership=membership, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The term was saved."))
            return redirect(body)
    heading = _("Term of %(person)s") % {"person": membership.person.full_name}
    return _form_page(
        request, "governance/form.html", {"form": form, "heading": heading, "back": body}
    )


@require_http_methods(["GET", "POST"])
def body_transform(request: HttpRequest, slug: str) -> HttpResponse:
    body = body_for_editor(request, slug)
    form = TransformForm(request.POST or None, initial={"on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            new = services.body_transform(
                body=body, user=current_user(request), **_body_fields(form)
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(
                request,
                _("%(old)s became %(new)s; both keep their history.")
                % {"old": body.name, "new": new.name},
            )
            return redirect(new)
    return _form_page(
        request,
        "governance/form.html",
        {
            "form": form,
            "heading": _("Transform %(body)s into a new body") % {"body": body.name},
            "intro": _(
                "The body ends and a new one takes over, e.g. a reference group that becomes a "
                "steering group. Meetings, decisions and members of the old body stay in its "
                "history; open actions come back on the new body's agenda."
            ),
            "back": body,
        },
    )


@require_POST
def body_archive(request: HttpRequest, slug: str) -> HttpResponse:
    body = body_for_editor(request, slug)
    form = ArchiveForm(request.POST)
    form.is_valid()
    try:
        if request.POST.get("action") == "reopen":
            services.body_reopen(body=body, user=current_user(request))
            messages.success(request, _("The body was taken out of the archive."))
        else:
            services.body_archive(
                body=body, user=current_user(request), note=form.cleaned_data.get("note", "")
            )
            messages.success(request, _("The body was archived; its history is kept."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(body)


@require_http_methods(["GET", "POST"])
def body_delete(request: HttpRequest, slug: str) -> HttpResponse:
    body = body_for_editor(request, slug)
    counts = services.body_history_counts(body)
    if request.method == "POST":
        try:
            services.body_delete(body=body)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(body)
        messages.success(request, _("The body was deleted."))
        return redirect(body.partnership)
    return render(
        request,
        "governance/body_delete.html",
        {"body": body, "counts": counts, "has_history": any(counts.values())},
    )


def _ics(meetings: Any, name: str, filename: str) -> HttpResponse:
    response = HttpResponse(
        services.meetings_calendar(meetings, name=name), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@require_GET
def body_feed(request: HttpRequest, slug: str) -> HttpResponse:
    body = body_for_user(request, slug)
    meetings = Meeting.objects.filter(body=body).select_related("body")
    if not can_manage_body(request.user, body):
        meetings = visible(meetings, request.user)
    return _ics(meetings.order_by("start"), body.name, f"{body.slug}.ics")


@require_GET
@public_page
def body_decisions(request: HttpRequest, slug: str) -> HttpResponse:
    body = body_for_user(request, slug)
    return _decision_log(request, body=body)


@require_GET
@public_page
def decisions(request: HttpRequest) -> HttpResponse:
    return _decision_log(request)


def _per_page(request: HttpRequest) -> int:
    try:
        return max(1, min(int(request.GET.get("antal", DECISIONS_PER_PAGE)), MAX_PER_PAGE))
    except ValueError:
        return DECISIONS_PER_PAGE


def _decision_log(request: HttpRequest, body: Body | None = None) -> HttpResponse:
    partnerships = (
        None if body else Partnership.objects.visible_to(request.user).order_by("name_sv")
    )
    form = DecisionSearchForm(request.GET or None, partnerships=partnerships)
    filters: dict[str, Any] = {}
    if form.is_valid():
        filters = {
            "q": form.cleaned_data["q"],
            "year": form.cleaned_data["year"],
            "partnership": form.cleaned_data.get("partnership"),
        }
    rows = queries.decision_log(request.user, body=body, **filters)
    page = queries.Window.of(rows, request.GET.get("sida"), _per_page(request))
    query = request.GET.copy()
    query.pop("sida", None)
    return render(
        request,
        "governance/decision_log.html",
        {"body": body, "form": form, "page": page, "query": query.urlencode()},
    )


# ---- meetings ----------------------------------------------------------------------------------


def _meeting_initial(meeting: Meeting) -> dict[str, Any]:
    return {
        "title": meeting.title,
        "start": timezone.localtime(meeting.start),
        "end": timezone.localtime(meeting.end),
        "place": meeting.place,
        "online_url": meeting.online_url,
        "visibility": meeting.visibility,
    }


@require_http_methods(["GET", "POST"])
def meeting_create(request: HttpRequest, slug: str) -> HttpResponse:
    body = body_for_manager(request, slug)
    form = MeetingForm(request.POST or None, initial={"visibility": body.visibility})
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_save(
                body=body, created_by=current_user(request), **form.cleaned_data
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The meeting was planned. Now add the agenda."))
            return redirect(meeting)
    return _form_page(
        request,
        "governance/form.html",
        {"form": form, "heading": _("New meeting of %(body)s") % {"body": body.name}, "back": body},
    )


@require_http_methods(["GET", "POST"])
def meeting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = meeting_for_manager(request, pk)
    form = MeetingForm(request.POST or None, initial=_meeting_initial(meeting))
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_save(meeting=meeting, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The meeting was saved."))
            return redirect(meeting)
    return _form_page(
        request,
        "governance/form.html",
        {"form": form, "heading": _("Edit meeting"), "back": meeting},
    )


@require_POST
def meeting_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = meeting_for_manager(request, pk)
    try:
        services.meeting_cancel(meeting=meeting)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The meeting was cancelled."))
    return redirect(meeting)


@require_GET
@public_page
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = meeting_for_user(request, pk)
    manage = can_manage_body(request.user, meeting.body)
    user = request.user
    minutes = visible(Minutes.objects.filter(meeting=meeting), user).first()
    actions = list(visible(meeting.actions.all(), user).select_related("owner", "decision"))
    owner_of = {a.pk for a in actions if user.is_authenticated and a.owner.user_id == user.pk}
    carried = queries.open_actions_on_agenda(meeting, user)
    context = {
        "meeting": meeting,
        "body": meeting.body,
        "manage": manage,
        "agenda": meeting.agenda.select_related("presenter"),
        "documents": visible(meeting.documents.all(), user),
        "minutes": minutes,
        "minutes_hidden": minutes is None and Minutes.objects.filter(meeting=meeting).exists(),
        "decisions": visible(meeting.decisions.all(), user).select_related("body", "agenda_item"),
        "actions": actions,
        "carried": carried,
        "updatable": owner_of,
        "status_choices": ActionItem.Status.choices,
        "feed_url": reverse("governance:meeting_feed", args=[meeting.pk]),
        "body_feed_url": reverse("governance:body_feed", args=[meeting.body.slug]),
    }
    if manage:
        context |= {
            # Several forms on one page: their ids must differ, their field names need not.
            "agenda_form": AgendaItemForm(auto_id="agenda-%s"),
            "decision_form": DecisionForm(meeting=meeting, auto_id="decision-%s"),
            "action_form": ActionForm(meeting=meeting, auto_id="action-%s"),
            "document_form": DocumentForm(
                initial={"visibility": "restricted"}, auto_id="document-%s"
            ),
            "can_decide": not meeting.is_cancelled and meeting.start <= timezone.now(),
        }
    return render(request, "governance/meeting_detail.html", context)


@require_GET
def meeting_feed(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = meeting_for_user(request, pk)
    return _ics([meeting], meeting.display_title, f"meeting-{meeting.pk}.ics")


def _meeting_form_error(
    request: HttpRequest, meeting: Meeting, form: Any, heading: str, multipart: bool = False
) -> HttpResponse:
    return render(
        request,
        "governance/form.html",
        {"form": form, "heading": heading, "back": meeting, "multipart": multipart},
        status=400,
    )


@require_POST
def agenda_add(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = meeting_for_manager(request, pk)
    form = AgendaItemForm(request.POST)
    if form.is_valid():
        try:
            services.agenda_item_add(meeting=meeting, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The item was added to the agenda."))
            return redirect(meeting)
    return _meeting_form_error(request, meeting, form, _("Add an agenda item"))


@require_POST
def agenda_remove(request: HttpRequest, pk: int, item: int) -> HttpResponse:
    meeting = meeting_for_manager(request, pk)
    try:
        services.agenda_item_remove(item=get_object_or_404(AgendaItem, pk=item, meeting=meeting))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The item was removed from the agenda."))
    return redirect(meeting)


@require_http_methods(["GET", "POST"])
def minutes_edit(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = meeting_for_manager(request, pk)
    minutes = Minutes.objects.filter(meeting=meeting).first()
    initial = (
        {"text": minutes.text, "visibility": minutes.visibility, "approved_on": minutes.approved_on}
        if minutes
        else {"visibility": "restricted"}
    )
    form = MinutesForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.minutes_save(meeting=meeting, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, pgettext("governance", "The minutes were saved."))
            return redirect(meeting)
    return _form_page(
        request,
        "governance/form.html",
        {"form": form, "heading": pgettext("governance", "Minutes"), "back": meeting},
    )


@require_POST
def decision_add(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = meeting_for_manager(request, pk)
    form = DecisionForm(request.POST, meeting=meeting)
    if form.is_valid():
        try:
            decision = services.decision_add(meeting=meeting, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(
                request, _("Decision %(ref)s was recorded.") % {"ref": decision.reference}
            )
            return redirect(meeting)
    return _meeting_form_error(request, meeting, form, _("Record a decision"))


@require_GET
def decision_detail(request: HttpRequest, pk: int) -> HttpResponse:
    decision = decision_for_user(request, pk)
    meeting_visible = can_manage_body(request.user, decision.body) or is_visible(
        decision.meeting, request.user
    )
    return render(
        request,
        "governance/decision_detail.html",
        {
            "decision": decision,
            "meeting_visible": meeting_visible,
            "actions": visible(decision.actions.all(), request.user).select_related("owner"),
            "manage": can_manage_body(request.user, decision.body),
        },
    )


@require_http_methods(["GET", "POST"])
def decision_edit(request: HttpRequest, pk: int) -> HttpResponse:
    decision = decision_for_user(request, pk)
    if not can_manage_body(request.user, decision.body):
        return redirect_to_login_or_403(request)
    form = DecisionEditForm(
        request.POST or None,
        initial={"title": decision.title, "text": decision.text, "visibility": decision.visibility},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.decision_update(decision=decision, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The decision was corrected; its number is unchanged."))
            return redirect(decision)
    return _form_page(
        request,
        "governance/form.html",
        {"form": form, "heading": decision.reference, "back": decision},
    )


@require_POST
def action_add(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = meeting_for_manager(request, pk)
    form = ActionForm(request.POST, meeting=meeting)
    if form.is_valid():
        try:
            services.action_add(meeting=meeting, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(
                request, _("The action was added; it stays on the agenda until it is closed.")
            )
            return redirect(meeting)
    return _meeting_form_error(request, meeting, form, _("Add an action"))


@login_required
@require_POST
def action_update(request: HttpRequest, pk: int) -> HttpResponse:
    action = action_for_updater(request, pk)
    form = ActionStatusForm(request.POST)
    if form.is_valid():
        services.action_update(action=action, **form.cleaned_data)
        messages.success(request, _("The action was updated."))
    else:
        messages.error(request, _("Choose a valid status."))
    target = request.POST.get("next", "")
    if target.startswith("/") and not target.startswith("//"):
        return redirect(target)
    return redirect(action.meeting)


@require_POST
def document_add(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = meeting_for_manager(request, pk)
    form = DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.document_add(
                meeting=meeting, added_by=current_user(request), **form.cleaned_data
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The document was added."))
            return redirect(meeting)
    return _meeting_form_error(request, meeting, form, _("Add a document"), multipart=True)


@require_GET
def document_download(request: HttpRequest, pk: int) -> HttpResponseBase:
    document = document_for_user(request, pk)
    if not document.file:
        if document.url:
            return redirect(document.url)
        raise Http404
    return _file_response(document.file)
