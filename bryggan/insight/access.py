"""Who may see and write what in Insight; every view and API endpoint fetches through these.

Dashboards and drill-downs are for partnership staff; published reports, published plans and the
open data are public; drafts are for partnership staff; R&D coordinators write and publish.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from bryggan.core import access
from bryggan.governance.models import Partnership
from bryggan.insight.models import ActivityPlan, ActivityReport
from bryggan.people.models import Organisation


def partnership_for_staff(request: HttpRequest, slug: str) -> Partnership:
    """A partnership whose dashboard the user may see (partnership staff who may see it)."""
    if not access.is_partnership_staff(request.user):
        raise PermissionDenied
    partnership = get_object_or_404(Partnership, slug=slug)
    access.check_view(request, partnership)
    return partnership


def organisation_for_staff(request: HttpRequest, slug: str) -> Organisation:
    """An organisation whose dashboard the user may see (partnership staff)."""
    if not access.is_partnership_staff(request.user):
        raise PermissionDenied
    return get_object_or_404(Organisation, slug=slug)


def partnership_for_coordinator(request: HttpRequest, slug: str) -> Partnership:
    if not access.is_coordinator(request.user):
        raise PermissionDenied
    partnership = get_object_or_404(Partnership, slug=slug)
    access.check_view(request, partnership)
    return partnership


def report_for_reader(request: HttpRequest, slug: str, year: int) -> ActivityReport:
    """A published report (anyone) or a draft (partnership staff who may see the partnership)."""
    report = get_object_or_404(
        ActivityReport.objects.select_related("partnership"), partnership__slug=slug, year=year
    )
    if report.is_published:
        return report
    if not access.is_partnership_staff(request.user):
        raise Http404
    access.check_view(request, report.partnership)
    return report


def report_for_coordinator(request: HttpRequest, slug: str, year: int) -> ActivityReport:
    if not access.is_coordinator(request.user):
        raise PermissionDenied
    report = get_object_or_404(
        ActivityReport.objects.select_related("partnership"), partnership__slug=slug, year=year
    )
    access.check_view(request, report.partnership)
    return report


def plan_for_reader(request: HttpRequest, slug: str, year: int) -> ActivityPlan:
    plan = get_object_or_404(
        ActivityPlan.objects.select_related("partnership"), partnership__slug=slug, year=year
    )
    if plan.is_published:
        return plan
    if not access.is_partnership_staff(request.user):
        raise Http404
    access.check_view(request, plan.partnership)
    return plan


def plan_for_coordinator(request: HttpRequest, slug: str, year: int) -> ActivityPlan:
    if not access.is_coordinator(request.user):
        raise PermissionDenied
    plan = get_object_or_404(
        ActivityPlan.objects.select_related("partnership"), partnership__slug=slug, year=year
    )
    access.check_view(request, plan.partnership)
    return plan
