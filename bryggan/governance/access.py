"""Who may see and change what in governance, built on bryggan.core.access.

- Coordinators (and platform staff) see everything and edit everything.
- The chair and secretary of a body manage its meetings: agenda, minutes, decisions, actions.
- Content marked "members only" is seen by the body's current members (and by the members of the
  body it became); content marked for partnership staff by anyone with a current affiliation;
  public content by everyone. A part is never more visible than what it belongs to: a body needs
  its partnership, a meeting or decision its body, a document or the minutes their meeting.

The rules are the models' `restricted_q` and `bryggan.core.access`, resolved once per request
into an `Audience` of plain ids: querysets are then filtered with short id lists, and single
objects are checked without a query. Views and API endpoints fetch objects through the
`*_for_*` helpers here, which raise 404 for what the user may not see (its existence is not
revealed) and 403 for what they may not change.
"""

from __future__ import annotations

from contextlib import suppress
from dataclasses import dataclass
from typing import Any, TypeVar, cast

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from bryggan.core import access
from bryggan.core.cache import cached_fragment
from bryggan.core.models import Visibility
from bryggan.governance.models import (
    ActionItem,
    Agreement,
    Body,
    Decision,
    Meeting,
    MeetingDocument,
    Membership,
    Minutes,
    Partnership,
)

QS = TypeVar("QS", bound=QuerySet)
MANAGING_ROLES = (Membership.Role.CHAIR, Membership.Role.SECRETARY)
RESTRICTED = Visibility.RESTRICTED


@dataclass(frozen=True)
class Audience:
    """What one user may see, as plain ids."""

    levels: tuple[str, ...]  # visibility values seen without a seat: public (and internal)
    member_bodies: frozenset[int]  # bodies whose "members only" content the user sees
    managed_bodies: frozenset[int]  # bodies whose meetings the user runs (chair, secretary)
    member_partnerships: frozenset[int]  # partnerships of those bodies
    bodies: frozenset[int]  # bodies the user may see at all
    partnerships: frozenset[int]  # partnerships the user may see
    # The complements, usually short: filtering with NOT IN lets the database walk its ordering
    # index (newest decisions first) instead of gathering and sorting every row of an IN list.
    hidden_bodies: frozenset[int]
    hidden_partnerships: frozenset[int]


def _structure() -> tuple[dict[int, tuple[int, str, int | None]], dict[int, str]]:
    """Every body (partnership, visibility, successor) and partnership (visibility): small tables,
    kept in the cache until any content changes."""

    def build() -> tuple[dict[int, tuple[int, str, int | None]], dict[int, str]]:
        bodies: dict[int, tuple[int, str, int | None]] = {
            pk: (partnership, visibility, successor)
            for pk, partnership, visibility, successor in Body.objects.values_list(
                "pk", "partnership_id", "visibility", "succeeded_by_id"
            ).order_by()
        }
        return bodies, dict(Partnership.objects.values_list("pk", "visibility").order_by())

    return cached_fragment("governance-structure", build)


def audience(user: Any) -> Audience:
    """Resolve (and keep on the user object, i.e. for one request) what `user` may see."""
    cached = getattr(user, "_bryggan_governance_audience", None)
    if cached is not None:
        return cached
    levels: tuple[str, ...] = (Visibility.PUBLIC,)
    if access.is_partnership_staff(user):
        levels = (Visibility.PUBLIC, Visibility.INTERNAL)
    seats: list[tuple[int, str]] = []
    if user.is_authenticated:
        seats = list(
            Membership.objects.current()
            .filter(person__user=user)
            .values_list("body_id", "role")
            .order_by()
        )
    bodies, partnerships = _structure()
    seated = {body for body, _role in seats}
    # Members of a steering group read the papers of the reference group it came from.
    member = seated | {pk for pk, (_p, _v, successor) in bodies.items() if successor in seated}
    member_partnerships = {bodies[pk][0] for pk in member if pk in bodies}
    seen_partnerships = {
        pk
        for pk, visibility in partnerships.items()
        if visibility in levels or (visibility == RESTRICTED and pk in member_partnerships)
    }
    seen_bodies = {
        pk
        for pk, (partnership, visibility, _s) in bodies.items()
        if partnership in seen_partnerships
        and (visibility in levels or (visibility == RESTRICTED and pk in member))
    }
    result = Audience(
        levels=levels,
        member_bodies=frozenset(member),
        managed_bodies=frozenset(body for body, role in seats if role in MANAGING_ROLES),
        member_partnerships=frozenset(member_partnerships),
        bodies=frozenset(seen_bodies),
        partnerships=frozenset(seen_partnerships),
        hidden_bodies=frozenset(bodies.keys() - seen_bodies),
        hidden_partnerships=frozenset(partnerships.keys() - seen_partnerships),
    )
    with suppress(AttributeError):
        user._bryggan_governance_audience = result
    return result


def can_edit(user: Any) -> bool:
    """Coordinators edit partnerships, funding, agreements and bodies."""
    return access.is_coordinator(user)


def can_manage_body(user: Any, body: Body) -> bool:
    """Coordinators, and the body's current chair and secretary, run its meetings."""
    if not user.is_authenticated:
        return False
    if can_edit(user):
        return True
    return body.pk in audience(user).managed_bodies


def _sees(seen: Audience, visibility: str, body_id: int) -> bool:
    if body_id not in seen.bodies:
        return False
    return visibility in seen.levels or (visibility == RESTRICTED and body_id in seen.member_bodies)


def is_visible(obj: Any, user: Any) -> bool:
    """Whether `user` may see one governance object (no query beyond resolving the audience)."""
    if can_edit(user):
        return True
    seen = audience(user)
    if isinstance(obj, Partnership):
        return obj.pk in seen.partnerships
    if isinstance(obj, Body):
        return obj.pk in seen.bodies
    if isinstance(obj, Agreement):
        return obj.partnership_id in seen.partnerships and (
            obj.visibility in seen.levels
            or (obj.visibility == RESTRICTED and obj.partnership_id in seen.member_partnerships)
        )
    if isinstance(obj, (MeetingDocument, Minutes)):
        meeting = obj.meeting
        return _sees(seen, obj.visibility, meeting.body_id) and _sees(
            seen, meeting.visibility, meeting.body_id
        )
    return _sees(seen, obj.visibility, obj.body_id)


def visible(queryset: QS, user: Any) -> QS:
    """Keep the rows of a governance queryset that `user` may see (the rules of `is_visible`)."""
    if can_edit(user):
        return queryset
    seen = audience(user)
    model = queryset.model
    if model is Partnership:
        rows = queryset.filter(pk__in=seen.partnerships)
    elif model is Body:
        rows = queryset.filter(pk__in=seen.bodies)
    elif model is Agreement:
        rows = queryset.filter(
            Q(visibility__in=seen.levels)
            | Q(visibility=RESTRICTED, partnership_id__in=seen.member_partnerships)
        ).exclude(partnership_id__in=seen.hidden_partnerships)
    elif model in (MeetingDocument, Minutes):
        rows = queryset.filter(
            Q(visibility__in=seen.levels)
            | Q(visibility=RESTRICTED, meeting__body_id__in=seen.member_bodies),
            Q(meeting__visibility__in=seen.levels)
            | Q(meeting__visibility=RESTRICTED, meeting__body_id__in=seen.member_bodies),
        ).exclude(meeting__body_id__in=seen.hidden_bodies)
    else:
        rows = queryset.filter(
            Q(visibility__in=seen.levels) | Q(visibility=RESTRICTED, body_id__in=seen.member_bodies)
        ).exclude(body_id__in=seen.hidden_bodies)
    return cast(QS, rows)


def _check(request: HttpRequest, obj: Any) -> None:
    if not is_visible(obj, request.user):
        raise Http404


def partnership_for_user(request: HttpRequest, slug: str) -> Partnership:
    """Fetch a partnership the user may see, or raise 404."""
    partnership = get_object_or_404(Partnership, slug=slug)
    _check(request, partnership)
    return partnership


def partnership_for_editor(request: HttpRequest, slug: str) -> Partnership:
    partnership = get_object_or_404(Partnership, slug=slug)
    if not can_edit(request.user):
        raise PermissionDenied
    return partnership


def agreement_for_user(request: HttpRequest, pk: int) -> Agreement:
    agreement = get_object_or_404(Agreement.objects.select_related("partnership"), pk=pk)
    _check(request, agreement)
    return agreement


def agreement_for_editor(request: HttpRequest, pk: int) -> Agreement:
    agreement = get_object_or_404(Agreement.objects.select_related("partnership"), pk=pk)
    if not can_edit(request.user):
        raise PermissionDenied
    return agreement


def body_for_user(request: HttpRequest, slug: str) -> Body:
    body = get_object_or_404(Body.objects.select_related("partnership", "succeeded_by"), slug=slug)
    if can_manage_body(request.user, body):
        return body
    _check(request, body)
    return body


def body_for_editor(request: HttpRequest, slug: str) -> Body:
    body = get_object_or_404(Body.objects.select_related("partnership"), slug=slug)
    if not can_edit(request.user):
        raise PermissionDenied
    return body


def body_for_manager(request: HttpRequest, slug: str) -> Body:
    body = get_object_or_404(Body.objects.select_related("partnership"), slug=slug)
    if not can_manage_body(request.user, body):
        raise PermissionDenied
    return body


def meeting_for_user(request: HttpRequest, pk: int) -> Meeting:
    meeting = get_object_or_404(Meeting.objects.select_related("body", "body__partnership"), pk=pk)
    if can_manage_body(request.user, meeting.body):
        return meeting
    _check(request, meeting)
    return meeting


def meeting_for_manager(request: HttpRequest, pk: int) -> Meeting:
    meeting = get_object_or_404(Meeting.objects.select_related("body", "body__partnership"), pk=pk)
    if not can_manage_body(request.user, meeting.body):
        raise PermissionDenied
    return meeting


def decision_for_user(request: HttpRequest, pk: int) -> Decision:
    decision = get_object_or_404(
        Decision.objects.select_related("body", "body__partnership", "meeting"), pk=pk
    )
    if can_manage_body(request.user, decision.body):
        return decision
    _check(request, decision)
    return decision


def document_for_user(request: HttpRequest, pk: int) -> MeetingDocument:
    document = get_object_or_404(
        MeetingDocument.objects.select_related("meeting", "meeting__body"), pk=pk
    )
    if can_manage_body(request.user, document.meeting.body):
        return document
    _check(request, document)
    return document


def action_for_updater(request: HttpRequest, pk: int) -> ActionItem:
    """Fetch an action the user may update: the body's managers, or the action's owner."""
    action = get_object_or_404(ActionItem.objects.select_related("body", "meeting", "owner"), pk=pk)
    if can_manage_body(request.user, action.body):
        return action
    _check(request, action)
    if request.user.is_authenticated and action.owner.user_id == request.user.pk:
        return action
    raise PermissionDenied
