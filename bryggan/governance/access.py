"""Who may see and change what in governance, built on bryggan.core.access.

- Coordinators (and platform staff) see everything and edit everything.
- The chair and secretary of a body manage its meetings: agenda, minutes, decisions, actions.
- Content marked "members only" is seen by the body's current members (and by the members of the
  body it became); content marked for partnership staff by anyone with a current affiliation;
  public content by everyone. A part of a body is never more visible than the body itself.

Views and API endpoints fetch objects through the `*_for_*` helpers here, which raise 404 for
what the user may not see (its existence is not revealed) and 403 for what they may not change.
"""

from __future__ import annotations

from typing import Any, TypeVar, cast

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from bryggan.core import access
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


def can_edit(user: Any) -> bool:
    """Coordinators edit partnerships, funding, agreements and bodies."""
    return access.is_coordinator(user)


def can_manage_body(user: Any, body: Body) -> bool:
    """Coordinators, and the body's current chair and secretary, run its meetings."""
    if not user.is_authenticated:
        return False
    if can_edit(user):
        return True
    return (
        Membership.objects.current()
        .filter(body=body, person__user=user, role__in=MANAGING_ROLES)
        .exists()
    )


def visible(queryset: QS, user: Any) -> QS:
    """Keep what `user` may see. A part is never more visible than what it belongs to: a body needs
    its partnership to be visible, a meeting or decision its body, a document or minutes its meeting."""
    if can_edit(user):
        return queryset
    model = queryset.model
    rows = queryset.visible_to(user)  # type: ignore[attr-defined]
    if model in (Body, Agreement):
        rows = rows.filter(partnership__in=Partnership.objects.visible_to(user))
    elif model in (MeetingDocument, Minutes):
        rows = rows.filter(meeting__in=visible(Meeting.objects.all(), user))
    else:
        rows = rows.filter(body__in=visible(Body.objects.all(), user))
    return cast(QS, rows)


def _check(request: HttpRequest, obj: Any) -> None:
    if not visible(type(obj).objects.filter(pk=obj.pk), request.user).exists():
        raise Http404


def partnership_for_user(request: HttpRequest, slug: str) -> Partnership:
    """Fetch a partnership the user may see, or raise 404."""
    partnership = get_object_or_404(Partnership, slug=slug)
    if not can_edit(request.user):
        access.check_view(request, partnership)
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
