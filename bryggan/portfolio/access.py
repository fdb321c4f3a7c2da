"""Who may see and change portfolio records; pages and the API fetch records only through these.

Visibility itself comes from bryggan.core.access (public, partnership staff, members). Members of a
restricted project are its participants; of a restricted PhD student record, the student and their
supervisors. Hidden records raise 404 so that their existence is not revealed.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone

from bryggan.core import access
from bryggan.portfolio.models import Participation, PhdStudent, Project


def can_manage_project(user: Any, project: Project) -> bool:
    """R&D coordinators and the project's current leaders keep a project up to date."""
    if not user.is_authenticated:
        return False
    if access.is_coordinator(user):
        return True
    return (
        Participation.objects.filter(
            project=project,
            person__user=user,
            role=Participation.Role.PROJECT_LEADER,
            archived=False,
        )
        .exclude(end__lt=timezone.localdate())
        .exists()
    )


def project_for_user(user: Any, slug: str) -> Project:
    """Return a project the user may see, or raise 404."""
    project = Project.objects.select_related("partnership").filter(slug=slug).first()
    if project is None:
        raise Http404
    if not access.can_view(user, project):
        raise Http404
    return project


def project_for_manager(user: Any, slug: str) -> Project:
    """Return a project the user may change, or raise 404 (hidden) or 403 (visible, not theirs)."""
    project = project_for_user(user, slug)
    if not can_manage_project(user, project):
        raise PermissionDenied
    return project


def can_manage_phd(user: Any, phd: PhdStudent) -> bool:
    """Coordinators, the PhD student and their supervisors keep the milestones up to date."""
    if not user.is_authenticated:
        return False
    if access.is_coordinator(user):
        return True
    if phd.person.user_id == user.pk:
        return True
    return phd.supervisions.filter(person__user=user).exists()


def phd_for_user(user: Any, slug: str) -> PhdStudent:
    """Return a PhD student record the user may see, or raise 404."""
    phd = (
        PhdStudent.objects.select_related(
            "person", "research_school", "university", "employer", "project"
        )
        .filter(slug=slug)
        .first()
    )
    if phd is None:
        raise Http404
    if not access.can_view(user, phd):
        raise Http404
    return phd


def phd_for_manager(user: Any, slug: str) -> PhdStudent:
    phd = phd_for_user(user, slug)
    if not can_manage_phd(user, phd):
        raise PermissionDenied
    return phd
