"""JSON API for partnerships and their governance, with the same rules as the pages.

Objects are fetched through bryggan.governance.access, so a caller sees and changes exactly what
they would in the pages. Refused input answers 422 with the field and a translated message;
deleting a body with history answers 409.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError
from ninja.errors import ValidationError as SchemaError
from ninja.pagination import paginate

from bryggan.api.auth import WRITE
from bryggan.core.models import Visibility
from bryggan.governance import queries, services
from bryggan.governance.access import (
    action_for_updater,
    agreement_for_editor,
    agreement_for_user,
    body_for_editor,
    body_for_manager,
    body_for_user,
    can_edit,
    decision_for_user,
    is_visible,
    meeting_for_manager,
    meeting_for_user,
    partnership_for_editor,
    partnership_for_user,
    visible,
)
from bryggan.governance.models import (
    ActionItem,
    AgendaItem,
    Agreement,
    Body,
    Membership,
    Minutes,
    Partnership,
    Party,
)
from bryggan.people.models import Organisation, Person

router = Router(tags=["partnerships and governance"])
T = TypeVar("T")


# ---- helpers -----------------------------------------------------------------------------------


def _fetch(helper: Callable[[HttpRequest, Any], T], request: HttpRequest, key: Any) -> T:
    """Run an access helper; 403 becomes an API error with a message."""
    try:
        return helper(request, key)
    except PermissionDenied as error:
        raise HttpError(403, _("You may not change this.")) from error


def _invalid(error: ValidationError) -> SchemaError:
    """Turn a service's ValidationError into the API's 422 answer, one entry per field."""
    items = []
    for field, messages in (
        error.message_dict.items()
        if hasattr(error, "error_dict")
        else [("__all__", error.messages)]
    ):
        for message in messages:
            items.append(
                {
                    "loc": ["body", "payload", field],
                    "type": "value_error",
                    "msg": message,
                    "ctx": {"error": message},
                }
            )
    return SchemaError(items)


def _organisation(slug: str | None, field: str) -> Organisation | None:
    if not slug:
        return None
    found = Organisation.objects.filter(slug=slug).first()
    if found is None:
        raise _invalid(ValidationError({field: _("No organisation %(slug)s.") % {"slug": slug}}))
    return found


def _person(slug: str | None, field: str) -> Person | None:
    if not slug:
        return None
    found = Person.objects.filter(slug=slug).first()
    if found is None:
        raise _invalid(ValidationError({field: _("No person %(slug)s.") % {"slug": slug}}))
    return found


def _aware(moment: datetime) -> datetime:
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment)


# ---- schemas -----------------------------------------------------------------------------------


class PartyOut(Schema):
    id: int
    organisation: str = Field(..., alias="organisation.slug")
    organisation_name: str = Field(..., alias="organisation.name")
    role: str
    mission: str
    joined: date | None
    left: date | None


class PartnershipOut(Schema):
    slug: str
    name: str
    kind: str
    description: str
    start: date | None
    end: date | None
    parties: list[PartyOut]
    priority_areas: list[str]
    url: str = Field(..., alias="get_absolute_url")

    @staticmethod
    def resolve_parties(obj: Partnership) -> list:
        return list(obj.parties.all())

    @staticmethod
    def resolve_priority_areas(obj: Partnership) -> list[str]:
        return [a.slug for a in obj.priority_areas.all()]


class PartyIn(Schema):
    organisation: str
    role: Party.Role
    mission: str = ""
    joined: date | None = None
    left: date | None = None


class FundingIn(Schema):
    organisation: str | None = Field(None, description="The paying party's organisation slug.")
    year: int
    amount: int
    note: str = Field("", max_length=300)


class FundingOut(Schema):
    organisation: str = Field(..., alias="party.organisation.slug")
    year: int
    amount: int
    note: str


class FundingTableOut(Schema):
    years: list[int]
    totals: dict[int, int]
    parties: list[dict[str, Any]]


class AgreementOut(Schema):
    id: int
    partnership: str = Field(..., alias="partnership.slug")
    title: str
    scope: str
    start: date
    end: date | None
    notice_date: date | None
    reminder_days: int
    remind_on: date | None
    reminded_for: date | None
    signed_on: date | None
    parties: list[str]
    coordinators: list[str]
    document_url: str | None
    audience: str = Field(..., alias="visibility")
    url: str = Field(..., alias="get_absolute_url")

    @staticmethod
    def resolve_parties(obj: Agreement) -> list[str]:
        return [p.organisation.slug for p in obj.parties.all()]

    @staticmethod
    def resolve_coordinators(obj: Agreement) -> list[str]:
        return [p.slug for p in obj.coordinators.all()]

    @staticmethod
    def resolve_document_url(obj: Agreement) -> str | None:
        from django.urls import reverse

        return reverse("governance:agreement_document", args=[obj.pk]) if obj.document else None


class AgreementIn(Schema):
    title: str = Field(..., min_length=1, max_length=300)
    parties: list[str]
    scope: str = ""
    start: date
    end: date | None = None
    notice_date: date | None = None
    reminder_days: int | None = Field(None, ge=1, le=730, description="Default: the setting.")
    coordinators: list[str] = []
    signed_on: date | None = None
    audience: Visibility = Visibility.INTERNAL


class MemberOut(Schema):
    id: int
    person: str = Field(..., alias="person.slug")
    name: str = Field(..., alias="person.full_name")
    role: str
    represents: str | None = Field(None, alias="represents.slug")
    start: date
    end: date | None


class MembershipIn(Schema):
    person: str
    role: Membership.Role = Membership.Role.MEMBER
    represents: str | None = None
    start: date
    end: date | None = None
    note: str = Field("", max_length=300)


class MembershipChange(Schema):
    role: Membership.Role
    represents: str | None = None
    start: date
    end: date | None = None
    note: str = Field("", max_length=300)


class BodyOut(Schema):
    slug: str
    name: str
    name_sv: str
    name_en: str
    kind: str
    prefix: str
    partnership: str = Field(..., alias="partnership.slug")
    mandate: str
    established: date
    ended: date | None
    archived: bool
    succeeded_by: str | None = None
    audience: str = Field(..., alias="visibility")
    url: str = Field(..., alias="get_absolute_url")

    @staticmethod
    def resolve_succeeded_by(obj: Body, context: Any) -> str | None:
        successor = obj.succeeded_by
        if successor is None or not is_visible(successor, context["request"].user):
            return None  # a body the caller may not see stays unnamed
        return successor.slug


class BodyIn(Schema):
    kind: Body.Kind
    name_sv: str = Field(..., min_length=1, max_length=200)
    name_en: str = Field("", max_length=200)
    prefix: str = Field("", max_length=12)
    mandate: str = ""
    established: date
    audience: Visibility = Visibility.PUBLIC


class TransformIn(Schema):
    kind: Body.Kind
    name_sv: str = Field(..., min_length=1, max_length=200)
    name_en: str = Field("", max_length=200)
    prefix: str = Field("", max_length=12)
    on: date
    mandate: str = ""
    note: str = ""
    carry_members: bool = True


class HistoryOut(Schema):
    on: date
    text: str
    note: str


class MeetingOut(Schema):
    id: int
    uid: str = Field(..., alias="ical_uid")
    body: str = Field(..., alias="body.slug")
    title: str = Field(..., alias="display_title")
    start: datetime
    end: datetime
    place: str
    online_url: str
    status: str
    sequence: int
    audience: str = Field(..., alias="visibility")
    url: str = Field(..., alias="get_absolute_url")


class MeetingIn(Schema):
    title: str = Field("", max_length=200)
    start: datetime
    end: datetime
    place: str = Field("", max_length=300)
    online_url: str = ""
    audience: Visibility = Visibility.RESTRICTED


class AgendaItemOut(Schema):
    id: int
    position: int
    title: str
    kind: str
    description: str
    presenter: str | None = Field(None, alias="presenter.slug")


class AgendaItemIn(Schema):
    title: str = Field(..., min_length=1, max_length=300)
    kind: AgendaItem.Kind = AgendaItem.Kind.INFORMATION
    description: str = ""
    presenter: str | None = None


class DecisionOut(Schema):
    id: int
    reference: str
    body: str = Field(..., alias="body.slug")
    meeting: int = Field(..., alias="meeting_id")
    year: int
    number: int
    decided_on: date
    title: str
    text: str
    audience: str = Field(..., alias="visibility")
    url: str = Field(..., alias="get_absolute_url")


class DecisionIn(Schema):
    title: str = Field(..., min_length=1, max_length=300)
    text: str = ""
    agenda_item: int | None = None
    audience: Visibility | None = None


class ActionOut(Schema):
    id: int
    body: str = Field(..., alias="body.slug")
    meeting: int = Field(..., alias="meeting_id")
    decision: int | None = Field(None, alias="decision_id")
    title: str
    owner: str = Field(..., alias="owner.slug")
    due: date | None
    status: str
    note: str
    closed_at: datetime | None
    audience: str = Field(..., alias="visibility")


class ActionIn(Schema):
    title: str = Field(..., min_length=1, max_length=300)
    owner: str | None = None
    due: date | None = None
    decision: int | None = None
    audience: Visibility | None = None


class ActionChange(Schema):
    status: ActionItem.Status
    note: str = ""
    due: date | None = None


class MinutesIn(Schema):
    text: str
    audience: Visibility = Visibility.RESTRICTED
    approved_on: date | None = None


class MinutesOut(Schema):
    text: str
    approved_on: date | None
    audience: str = Field(..., alias="visibility")


class MeetingDetailOut(MeetingOut):
    agenda: list[AgendaItemOut] = Field(..., alias="agenda_items")
    open_actions_on_agenda: list[ActionOut] = Field(..., alias="carried_actions")
    minutes: MinutesOut | None = Field(None, alias="visible_minutes")
    documents: list[dict[str, str]] = Field(..., alias="visible_documents")
    decisions: list[DecisionOut] = Field(..., alias="visible_decisions")
    actions: list[ActionOut] = Field(..., alias="visible_actions")


class OverviewOut(Schema):
    partnership: str
    year: int
    figures: dict[str, Any]
    parties: list[dict[str, Any]]
    bodies: list[BodyOut]
    upcoming_meetings: list[MeetingOut]
    open_actions: list[ActionOut]
    agreements: list[AgreementOut]


# ---- partnerships, parties, funding ------------------------------------------------------------


def _partnerships(request: HttpRequest):
    rows = (
        Partnership.objects.all()
        if can_edit(request.user)
        else Partnership.objects.visible_to(request.user)
    )
    return rows.prefetch_related("parties__organisation", "priority_areas")


@router.get("/partnerships", response=list[PartnershipOut])
def partnership_list(request: HttpRequest):
    return _partnerships(request).filter(archived=False)


@router.get("/partnerships/{slug}", response=PartnershipOut)
def partnership_get(request: HttpRequest, slug: str):
    return get_object_or_404(_partnerships(request), slug=slug)


@router.get("/partnerships/{slug}/overview", response=OverviewOut)
def partnership_overview(request: HttpRequest, slug: str, year: int | None = None):
    """Parties with base funding, bodies, upcoming meetings, open actions and key figures for a year."""
    partnership = partnership_for_user(request, slug)
    year = year or timezone.localdate().year
    overview = queries.partnership_overview(partnership, request.user, year)
    rows, _total, _previous = queries.party_rows(partnership, year)
    return {
        "partnership": partnership.slug,
        "year": overview.year,
        "figures": overview.figures,
        "parties": [
            {
                "organisation": row.party.organisation.slug,
                "name": row.party.organisation.name,
                "role": row.party.role,
                "mission": row.party.mission,
                "base_funding": row.amount,
                "base_funding_previous_year": row.previous,
            }
            for row in rows
        ],
        "bodies": overview.bodies,
        "upcoming_meetings": overview.upcoming_meetings,
        "open_actions": overview.open_actions,
        "agreements": overview.agreements,
    }


@router.post("/partnerships/{slug}/parties", response={201: PartyOut}, auth=WRITE)
def party_create(request: HttpRequest, slug: str, payload: PartyIn):
    """Add a party with the mission it defined (coordinators)."""
    partnership = _fetch(partnership_for_editor, request, slug)
    data = payload.dict()
    organisation = _organisation(data.pop("organisation"), "organisation")
    try:
        party = services.party_save(partnership=partnership, organisation=organisation, **data)  # type: ignore[arg-type]
    except ValidationError as error:
        raise _invalid(error) from error
    return Status(201, party)


@router.get("/partnerships/{slug}/funding", response=FundingTableOut)
def funding_get(request: HttpRequest, slug: str):
    """Base funding per party and year, with totals per year."""
    table = queries.funding_table(_fetch(partnership_for_user, request, slug), last_years=50)
    return {
        "years": table.years,
        "totals": dict(zip(table.years, table.totals, strict=True)),
        "parties": [
            {
                "organisation": row["party"].organisation.slug,
                "amounts": {
                    y: a for y, a in zip(table.years, row["amounts"], strict=True) if a is not None
                },
            }
            for row in table.rows
        ],
    }


@router.put("/partnerships/{slug}/funding", response=FundingOut, auth=WRITE)
def funding_set(request: HttpRequest, slug: str, payload: FundingIn):
    """Record a party's base funding for a year (coordinators); a year always needs a party."""
    partnership = _fetch(partnership_for_editor, request, slug)
    party = None
    if payload.organisation:
        organisation = _organisation(payload.organisation, "party")
        party = Party.objects.filter(partnership=partnership, organisation=organisation).first()
        if party is None:
            raise _invalid(
                ValidationError(
                    {
                        "party": _("%(org)s is not a party of %(partnership)s.")
                        % {"org": organisation.name, "partnership": partnership.name}  # type: ignore[union-attr]
                    }
                )
            )
    try:
        return services.funding_set(
            partnership=partnership,
            party=party,
            year=payload.year,
            amount=payload.amount,
            note=payload.note,
        )
    except ValidationError as error:
        raise _invalid(error) from error


# ---- agreements --------------------------------------------------------------------------------


def _agreement_fields(partnership: Partnership, payload: AgreementIn) -> dict[str, Any]:
    data = payload.dict()
    parties = list(
        Party.objects.filter(
            partnership=partnership, organisation__slug__in=data.pop("parties")
        ).select_related("organisation")
    )
    if len(parties) != len(set(payload.parties)):
        raise _invalid(
            ValidationError({"parties": _("Every party must be a party of the partnership.")})
        )
    data["parties"] = parties
    data["coordinators"] = list(Person.objects.filter(slug__in=data.pop("coordinators")))
    data["visibility"] = data.pop("audience")
    if data["reminder_days"] is None:
        del data["reminder_days"]  # the model's default, or the agreement's current lead time
    return data


@router.get("/agreements", response=list[AgreementOut])
def agreement_list(request: HttpRequest, partnership: str | None = None):
    rows = visible(Agreement.objects.all(), request.user).select_related("partnership")
    if partnership:
        rows = rows.filter(partnership__slug=partnership)
    return rows.prefetch_related("parties__organisation", "coordinators")


@router.get("/agreements/{pk}", response=AgreementOut)
def agreement_get(request: HttpRequest, pk: int):
    return agreement_for_user(request, pk)


@router.post("/partnerships/{slug}/agreements", response={201: AgreementOut}, auth=WRITE)
def agreement_create(request: HttpRequest, slug: str, payload: AgreementIn):
    """Add a collaboration agreement (coordinators); upload the signed document on its page."""
    partnership = _fetch(partnership_for_editor, request, slug)
    try:
        agreement = services.agreement_save(
            partnership=partnership, **_agreement_fields(partnership, payload)
        )
    except ValidationError as error:
        raise _invalid(error) from error
    return Status(201, agreement)


@router.put("/agreements/{pk}", response=AgreementOut, auth=WRITE)
def agreement_update(request: HttpRequest, pk: int, payload: AgreementIn):
    agreement = _fetch(agreement_for_editor, request, pk)
    try:
        return services.agreement_save(
            partnership=agreement.partnership,
            agreement=agreement,
            **_agreement_fields(agreement.partnership, payload),
        )
    except ValidationError as error:
        raise _invalid(error) from error


# ---- bodies and members ------------------------------------------------------------------------


@router.get("/bodies", response=list[BodyOut])
def body_list(request: HttpRequest, partnership: str | None = None, archived: bool = False):
    """Governance bodies the caller may see (active ones unless archived=true)."""
    rows = visible(Body.objects.all(), request.user).select_related("partnership", "succeeded_by")
    if partnership:
        rows = rows.filter(partnership__slug=partnership)
    if not archived:
        rows = rows.filter(archived=False)
    return rows


@router.get("/bodies/{slug}", response=BodyOut)
def body_get(request: HttpRequest, slug: str):
    return body_for_user(request, slug)


@router.get("/bodies/{slug}/history", response=list[HistoryOut])
def body_history(request: HttpRequest, slug: str):
    """The body's timeline, including the bodies it was formed from."""
    body = body_for_user(request, slug)
    return [
        {"on": e.on, "text": e.text, "note": e.note}
        for e in queries.body_timeline(body, request.user)
    ]


@router.post("/partnerships/{slug}/bodies", response={201: BodyOut}, auth=WRITE)
def body_create(request: HttpRequest, slug: str, payload: BodyIn):
    partnership = _fetch(partnership_for_editor, request, slug)
    data = payload.dict()
    data["visibility"] = data.pop("audience")
    try:
        body = services.body_save(partnership=partnership, user=request.user, **data)  # type: ignore[arg-type]
    except ValidationError as error:
        raise _invalid(error) from error
    return Status(201, body)


@router.post("/bodies/{slug}/transform", response={201: BodyOut}, auth=WRITE)
def body_transform(request: HttpRequest, slug: str, payload: TransformIn):
    """Turn the body into a new one, e.g. a reference group into a steering group (coordinators)."""
    body = _fetch(body_for_editor, request, slug)
    try:
        new = services.body_transform(body=body, user=request.user, **payload.dict())  # type: ignore[arg-type]
    except ValidationError as error:
        raise _invalid(error) from error
    return Status(201, new)


@router.post("/bodies/{slug}/archive", response=BodyOut, auth=WRITE)
def body_archive(request: HttpRequest, slug: str):
    body = _fetch(body_for_editor, request, slug)
    try:
        return services.body_archive(body=body, user=request.user)  # type: ignore[arg-type]
    except ValidationError as error:
        raise HttpError(409, " ".join(error.messages)) from error


@router.delete("/bodies/{slug}", response={204: None}, auth=WRITE)
def body_delete(request: HttpRequest, slug: str):
    """Delete a body without history; a body with history answers 409 (archive it instead)."""
    body = _fetch(body_for_editor, request, slug)
    try:
        services.body_delete(body=body)
    except ValidationError as error:
        raise HttpError(409, " ".join(error.messages)) from error
    return Status(204, None)


@router.get("/bodies/{slug}/members", response=list[MemberOut])
def member_list(request: HttpRequest, slug: str, current: bool = True):
    body = body_for_user(request, slug)
    rows = body.memberships.select_related("person", "represents")
    return rows.current() if current else rows


@router.post("/bodies/{slug}/members", response={201: MemberOut}, auth=WRITE)
def member_add(request: HttpRequest, slug: str, payload: MembershipIn):
    """Give a person a seat for a term (coordinators); overlapping terms with one role are refused."""
    body = _fetch(body_for_editor, request, slug)
    data = payload.dict()
    data["person"] = _person(data["person"], "person")
    data["represents"] = _organisation(data["represents"], "represents")
    try:
        return Status(201, services.membership_add(body=body, **data))
    except ValidationError as error:
        raise _invalid(error) from error


@router.put("/memberships/{pk}", response=MemberOut, auth=WRITE)
def member_change(request: HttpRequest, pk: int, payload: MembershipChange):
    membership = get_object_or_404(Membership.objects.select_related("body", "person"), pk=pk)
    _fetch(body_for_editor, request, membership.body.slug)
    data = payload.dict()
    data["represents"] = _organisation(data["represents"], "represents")
    try:
        return services.membership_update(membership=membership, **data)
    except ValidationError as error:
        raise _invalid(error) from error


# ---- meetings ----------------------------------------------------------------------------------


@router.get("/bodies/{slug}/meetings", response=list[MeetingOut])
@paginate
def meeting_list(request: HttpRequest, slug: str, past: bool = False):
    body = body_for_user(request, slug)
    rows = visible(body.meetings.all(), request.user).select_related("body")
    return rows.past() if past else rows.upcoming()


@router.post("/bodies/{slug}/meetings", response={201: MeetingOut}, auth=WRITE)
def meeting_create(request: HttpRequest, slug: str, payload: MeetingIn):
    """Plan a meeting (coordinators, the body's chair and secretary)."""
    body = _fetch(body_for_manager, request, slug)
    data = payload.dict()
    data["visibility"] = data.pop("audience")
    data["start"], data["end"] = _aware(data["start"]), _aware(data["end"])
    try:
        return Status(
            201,
            services.meeting_save(body=body, created_by=request.user, **data),  # type: ignore[arg-type]
        )
    except ValidationError as error:
        raise _invalid(error) from error


@router.get("/meetings/{pk}", response=MeetingDetailOut)
def meeting_get(request: HttpRequest, pk: int):
    """A meeting with its agenda (and the open actions that return to it), minutes, documents,
    decisions and actions, each as far as the caller may see them."""
    meeting: Any = meeting_for_user(request, pk)
    user = request.user
    meeting.agenda_items = list(meeting.agenda.select_related("presenter"))
    meeting.carried_actions = queries.open_actions_on_agenda(meeting, user)
    meeting.visible_minutes = visible(Minutes.objects.filter(meeting=meeting), user).first()
    meeting.visible_documents = [
        {"title": d.title, "url": d.href, "audience": d.visibility}
        for d in visible(meeting.documents.all(), user)
    ]
    meeting.visible_decisions = list(visible(meeting.decisions.all(), user).select_related("body"))
    meeting.visible_actions = list(
        visible(meeting.actions.all(), user).select_related("body", "owner")
    )
    return meeting


@router.post("/meetings/{pk}/agenda", response={201: AgendaItemOut}, auth=WRITE)
def agenda_add(request: HttpRequest, pk: int, payload: AgendaItemIn):
    meeting = _fetch(meeting_for_manager, request, pk)
    data = payload.dict()
    data["presenter"] = _person(data["presenter"], "presenter")
    try:
        return Status(201, services.agenda_item_add(meeting=meeting, **data))
    except ValidationError as error:
        raise _invalid(error) from error


@router.put("/meetings/{pk}/minutes", response=MinutesOut, auth=WRITE)
def minutes_put(request: HttpRequest, pk: int, payload: MinutesIn):
    """Write the minutes (sanitised rich text) with their own audience."""
    meeting = _fetch(meeting_for_manager, request, pk)
    try:
        return services.minutes_save(
            meeting=meeting,
            text=payload.text,
            visibility=payload.audience,
            approved_on=payload.approved_on,
        )
    except ValidationError as error:
        raise _invalid(error) from error


@router.post("/meetings/{pk}/cancel", response=MeetingOut, auth=WRITE)
def meeting_cancel(request: HttpRequest, pk: int):
    meeting = _fetch(meeting_for_manager, request, pk)
    try:
        return services.meeting_cancel(meeting=meeting)
    except ValidationError as error:
        raise HttpError(409, " ".join(error.messages)) from error


@router.post("/meetings/{pk}/decisions", response={201: DecisionOut}, auth=WRITE)
def decision_add(request: HttpRequest, pk: int, payload: DecisionIn):
    """Record a decision; it gets the body's next number for the year ("SG 2026:3")."""
    meeting = _fetch(meeting_for_manager, request, pk)
    item = None
    if payload.agenda_item is not None:
        item = AgendaItem.objects.filter(pk=payload.agenda_item).first()
        if item is None:
            raise _invalid(ValidationError({"agenda_item": _("No such agenda item.")}))
    try:
        decision = services.decision_add(
            meeting=meeting,
            title=payload.title,
            text=payload.text,
            visibility=payload.audience,
            agenda_item=item,
        )
    except ValidationError as error:
        raise _invalid(error) from error
    return Status(201, decision)


@router.post("/meetings/{pk}/actions", response={201: ActionOut}, auth=WRITE)
def action_add(request: HttpRequest, pk: int, payload: ActionIn):
    """Give someone an action; it returns to every later agenda until it is closed."""
    meeting = _fetch(meeting_for_manager, request, pk)
    decision = meeting.decisions.filter(pk=payload.decision).first() if payload.decision else None
    if payload.decision and decision is None:
        raise _invalid(ValidationError({"decision": _("The decision belongs to another meeting.")}))
    try:
        action = services.action_add(
            meeting=meeting,
            title=payload.title,
            owner=_person(payload.owner, "owner"),
            due=payload.due,
            visibility=payload.audience,
            decision=decision,
        )
    except ValidationError as error:
        raise _invalid(error) from error
    return Status(201, action)


# ---- decisions and actions ---------------------------------------------------------------------


@router.get("/decisions", response=list[DecisionOut])
@paginate
def decision_list(
    request: HttpRequest,
    q: str = "",
    year: int | None = None,
    partnership: str | None = None,
    body: str | None = None,
):
    """Search the decision log: words, or a number such as "SG 2026:3"; newest first."""
    return queries.decision_log(
        request.user,
        body=body_for_user(request, body) if body else None,
        partnership=partnership_for_user(request, partnership) if partnership else None,
        q=q,
        year=year,
    )


@router.get("/decisions/{pk}", response=DecisionOut)
def decision_get(request: HttpRequest, pk: int):
    return decision_for_user(request, pk)


@router.get("/actions", response=list[ActionOut])
@paginate
def action_list(
    request: HttpRequest, mine: bool = False, body: str | None = None, include_closed: bool = False
):
    """Actions the caller may see; open ones unless include_closed=true."""
    rows = visible(ActionItem.objects.all(), request.user).select_related("body", "owner")
    if not include_closed:
        rows = rows.open()
    if mine:
        if not request.user.is_authenticated:
            raise HttpError(401, _("Log in or send a valid API token (Authorization: Bearer …)."))
        rows = rows.filter(owner__user=request.user)
    if body:
        rows = rows.filter(body__slug=body)
    return rows.order_by("due", "pk")


@router.patch("/actions/{pk}", response=ActionOut, auth=WRITE)
def action_change(request: HttpRequest, pk: int, payload: ActionChange):
    """Change an action's status (the body's managers or the action's owner)."""
    action = _fetch(action_for_updater, request, pk)
    try:
        return services.action_update(
            action=action, status=payload.status, note=payload.note, due=payload.due
        )
    except ValidationError as error:
        raise _invalid(error) from error
