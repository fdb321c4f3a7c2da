"""Matching sources from other apps: who works on projects and theses in a question's field.

Registered from QuestionsConfig.ready() when the owning app is installed, so that questions
works on any installation and uses whatever knowledge the installation holds.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.apps import apps
from django.db.models import Q
from django.utils.translation import gettext as _

from bryggan.questions.matching import (
    SOURCE_LIMIT,
    MatchQuery,
    ProfileItem,
    Reason,
    register_expertise_source,
    register_profile_source,
)

# Leading a project in the field says more than taking part in one.
PROJECT_POINTS = {"project_leader": 3.0, "researcher": 2.5, "practitioner_researcher": 2.5}
OTHER_PROJECT_POINTS = 1.5
THESIS_POINTS = 2.5


def _tagged(query: MatchQuery) -> Q:
    return Q(topics__in=query.all_topic_ids) | Q(priority_areas__in=query.area_ids)


def projects_source(query: MatchQuery) -> dict[int, list[Reason]]:
    """People in current or completed projects, and PhD students, on the query's topics or areas."""
    if not (query.all_topic_ids or query.area_ids):
        return {}
    from bryggan.portfolio.models import Participation, PhdStudent, Project

    found: dict[int, list[Reason]] = defaultdict(list)
    # Expert suggestions are shown to partnership staff, so restricted records never count.
    projects = (
        Project.objects.active()
        .filter(_tagged(query))
        .exclude(visibility="restricted")
        .exclude(status__in=[Project.Status.IDEA, Project.Status.NOT_FUNDED])
        .values("pk")
    )
    rows = (
        Participation.objects.filter(project_id__in=projects, archived=False)
        .order_by("-project__start")
        .values_list("person_id", "role", "project__title")
        .distinct()[:SOURCE_LIMIT]
    )
    labels = dict(Participation.Role.choices)
    for person_id, role, title in rows:
        if len(found[person_id]) < 2:
            found[person_id].append(
                Reason(
                    PROJECT_POINTS.get(role, OTHER_PROJECT_POINTS),
                    _("%(role)s in the project “%(title)s”")
                    % {"role": labels.get(role, role), "title": title},
                )
            )
    theses = (
        PhdStudent.objects.active()
        .filter(_tagged(query))
        .exclude(visibility="restricted")
        .values_list("person_id", "topic")
        .distinct()[:SOURCE_LIMIT]
    )
    for person_id, topic in theses:
        found[person_id].append(
            Reason(THESIS_POINTS, _("Doctoral thesis on “%(topic)s”") % {"topic": topic})
        )
    return found


def projects_profile(person_ids: list[int], user: Any) -> dict[int, list[ProfileItem]]:
    """Each person's projects that the viewer may see, newest first."""
    from bryggan.portfolio.models import Participation, Project

    items: dict[int, list[ProfileItem]] = defaultdict(list)
    visible = Project.objects.active().visible_to(user)
    for participation in (
        Participation.objects.filter(person_id__in=person_ids, project__in=visible, archived=False)
        .select_related("project")
        .order_by("-project__start", "pk")[:500]
    ):
        if len(items[participation.person_id]) < 5:
            items[participation.person_id].append(
                ProfileItem(
                    participation.get_role_display(),
                    participation.project.title,
                    participation.project.get_absolute_url(),
                )
            )
    return items


def register_installed_sources() -> None:
    """Register the sources of the apps that are part of this installation."""
    if apps.is_installed("bryggan.portfolio"):
        register_expertise_source("projects", projects_source)
        register_profile_source("projects", projects_profile)
