"""Who may see and do what in systematic follow-up.

* Unit staff (social workers, managers and other staff with a current affiliation at a plan's
  unit or below it) enter data for that unit and see its records and reports.
* Managers also see the reports of every plan unit at or below the organisation they manage
  (a head of department sees all the department's units).
* Researchers and coordinators see what the plan grants them (`PlanGrant`): reports of all
  units, or reports and record-level data, optionally with the right to export; "manage"
  lets them change the plan. The person who created a plan manages it.
* Administrators manage every plan and read the audit log; they see no records unless granted.
* Everyone else sees nothing: hidden plans, subjects and measurements answer 404.

Pages and the API fetch protected objects through the helpers at the bottom of this module.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from bryggan.core import access as core_access
from bryggan.followup.models import FollowupPlan, PlanGrant, PlanUnit, Subject
from bryggan.people.models import Affiliation, Organisation, Role

if TYPE_CHECKING:
    from bryggan.core.access import AnyUser

ENTRY_ROLES = {Role.SOCIAL_WORKER, Role.MANAGER, Role.OTHER}


@dataclass
class Reach:
    """The organisations whose plan units a user may enter data for and see reports of."""

    entry: set[int] = field(default_factory=set)
    report: set[int] = field(default_factory=set)


def _tree() -> tuple[dict[int, int | None], dict[int, list[int]]]:
    parents: dict[int, int | None] = dict(Organisation.objects.values_list("pk", "parent_id"))
    children: dict[int, list[int]] = {}
    for pk, parent in parents.items():
        if parent is not None:
            children.setdefault(parent, []).append(pk)
    return parents, children


def reach_of(user: AnyUser) -> Reach:
    """Return (and cache on the user object) the organisations the user's affiliations reach."""
    if not user.is_authenticated:
        return Reach()
    cached = getattr(user, "_followup_reach", None)
    if cached is not None:
        return cached
    affiliations = list(
        Affiliation.objects.current()
        .filter(person__user=user, role__in=ENTRY_ROLES)
        .values_list("organisation_id", "role")
    )
    reach = Reach()
    if affiliations:
        parents, children = _tree()
        for org, role in affiliations:
            # Staff of an organisation belong to it and to every organisation above it, so a
            # social worker in a team works for the team's unit and municipality.
            current: int | None = org
            while current is not None:
                reach.entry.add(current)
                current = parents.get(current)
            if role == Role.MANAGER:
                stack = [org]
                while stack:
                    node = stack.pop()
                    reach.report.add(node)
                    stack.extend(children.get(node, []))
        reach.report |= reach.entry
    user._followup_reach = reach  # type: ignore[union-attr, attr-defined]
    return reach


def grant_of(user: AnyUser, plan: FollowupPlan) -> PlanGrant | None:
    if not user.is_authenticated:
        return None
    cache: dict[int, PlanGrant | None] = getattr(user, "_followup_grants", None) or {}
    if plan.pk not in cache:
        cache[plan.pk] = PlanGrant.objects.filter(plan=plan, user=user).first()
        user._followup_grants = cache  # type: ignore[union-attr, attr-defined]
    return cache[plan.pk]


def can_manage(user: AnyUser, plan: FollowupPlan) -> bool:
    if core_access.is_admin(user):
        return True
    if not user.is_authenticated:
        return False
    if plan.created_by_id == user.pk:
        return True
    grant = grant_of(user, plan)
    return grant is not None and grant.level == PlanGrant.Level.MANAGE


def can_create_plans(user: AnyUser) -> bool:
    """R&D coordinators and administrators set up plans and instruments."""
    return core_access.is_coordinator(user)


def _units(plan: FollowupPlan) -> list[PlanUnit]:
    cached = getattr(plan, "_followup_units", None)
    if cached is None:
        cached = list(plan.units.select_related("organisation"))
        plan._followup_units = cached  # type: ignore[attr-defined]
    return cached


def entry_units(user: AnyUser, plan: FollowupPlan) -> list[PlanUnit]:
    """The plan units whose data the user enters and whose records they see."""
    reach = reach_of(user)
    return [unit for unit in _units(plan) if unit.organisation_id in reach.entry]


def record_units(user: AnyUser, plan: FollowupPlan) -> list[PlanUnit]:
    """The plan units whose record-level data the user may see."""
    grant = grant_of(user, plan)
    if grant is not None and grant.level == PlanGrant.Level.RECORDS:
        return _units(plan)
    return entry_units(user, plan)


def report_units(user: AnyUser, plan: FollowupPlan) -> list[PlanUnit]:
    """The plan units whose aggregated reports the user may see."""
    if can_manage(user, plan) or grant_of(user, plan) is not None:
        return _units(plan)
    reach = reach_of(user)
    return [unit for unit in _units(plan) if unit.organisation_id in reach.report]


def can_see(user: AnyUser, plan: FollowupPlan) -> bool:
    return can_manage(user, plan) or bool(report_units(user, plan))


def can_export(user: AnyUser, plan: FollowupPlan) -> bool:
    """Export of aggregated tables: people with the export right on the plan."""
    grant = grant_of(user, plan)
    return grant is not None and grant.can_export


def can_export_records(user: AnyUser, plan: FollowupPlan) -> bool:
    """Export of pseudonymous records: the export right, record access, and a plan that allows it."""
    if plan.aggregated_exports_only:
        return False
    grant = grant_of(user, plan)
    return grant is not None and grant.can_export and grant.level == PlanGrant.Level.RECORDS


def plans_q(user: AnyUser) -> Q:
    """Filter for the plans a user takes part in."""
    if core_access.is_admin(user):
        return Q()
    if not user.is_authenticated:
        return Q(pk__in=[])
    reach = reach_of(user)
    return (
        Q(created_by=user)
        | Q(pk__in=PlanGrant.objects.filter(user=user).values("plan"))
        | Q(pk__in=PlanUnit.objects.filter(organisation__in=reach.report).values("plan"))
    )


# ---- fetching protected objects -------------------------------------------------------------


def plan_for_user(request: HttpRequest, slug: str) -> FollowupPlan:
    """Fetch a plan the user takes part in, or raise 404 (its existence is not revealed)."""
    plan = get_object_or_404(FollowupPlan.objects.select_related("owner"), slug=slug)
    if not can_see(request.user, plan):
        raise Http404
    return plan


def plan_for_manager(request: HttpRequest, slug: str) -> FollowupPlan:
    """Fetch a plan the user manages: 404 when they cannot see it, 403 when they only see it."""
    plan = plan_for_user(request, slug)
    if not can_manage(request.user, plan):
        raise PermissionDenied
    return plan


def unit_for_entry(request: HttpRequest, plan: FollowupPlan, code: str) -> PlanUnit:
    """Fetch a plan unit the user enters data for, or raise 404."""
    for unit in entry_units(request.user, plan):
        if unit.code == code:
            return unit
    raise Http404


def subject_for_records(request: HttpRequest, plan: FollowupPlan, code: str) -> Subject:
    """Fetch a subject whose records the user may see, or raise 404 (also for other units)."""
    subject = get_object_or_404(
        Subject.objects.select_related("unit", "unit__organisation"), plan=plan, code=code
    )
    if subject.unit_id not in {unit.pk for unit in record_units(request.user, plan)}:
        raise Http404
    return subject


def subject_for_entry(request: HttpRequest, plan: FollowupPlan, code: str) -> Subject:
    """Fetch a subject of the user's own unit for data entry, or raise 404."""
    subject = get_object_or_404(
        Subject.objects.select_related("unit", "unit__organisation"), plan=plan, code=code
    )
    if subject.unit_id not in {unit.pk for unit in entry_units(request.user, plan)}:
        raise Http404
    return subject


def require_records(user: Any, plan: FollowupPlan) -> None:
    if not record_units(user, plan):
        raise PermissionDenied
