"""The portfolio in the site search: projects and practitioner PhD students.

Access mirrors bryggan.portfolio.access (`project_for_user`, `phd_for_user` through core.access):
a restricted project is seen by its current participants, a restricted PhD student record by the
student and their supervisors; partnership staff see internal records. Archived records are left
out, as from the portfolio's lists.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from bryggan.core.models import Visibility
from bryggan.search.kinds import both_languages, choice_labels, day_start, lines, model_label, names
from bryggan.search.registry import Document
from bryggan.search.registry import register as register_kind

PROJECT = "portfolio.project"  # + ":<pk>": held by the project's participants (restricted_q)
PHD = "portfolio.phd"  # + ":<pk>": held by the PhD student and their supervisors (restricted_q)


def project_document(project: Any) -> Document | None:
    if project.archived:
        return None
    participations = [p for p in project.participations.all() if not p.archived]
    restricted = project.visibility == Visibility.RESTRICTED
    return Document(
        title=project.title,
        url=project.get_absolute_url(),
        body=project.summary,
        keywords=lines(
            project.short_title,
            choice_labels(type(project).Kind, project.kind),
            choice_labels(type(project).Status, project.status),
            f"{project.partnership.name_sv} {project.partnership.name_en}"
            if project.partnership
            else "",
            names(project.organisations.all()),
            " ".join(p.person.full_name for p in participations),
            names(project.topics.all()),
            names(project.priority_areas.all()),
        ),
        language="sv",
        year=project.start.year if project.start else None,
        date=day_start(project.start),
        topics=[t.pk for t in project.topics.all()],
        priority_areas=[a.pk for a in project.priority_areas.all()],
        visibility=project.visibility,
        allowed=[f"{PROJECT}:{project.pk}"] if restricted else (),
    )


def phd_document(phd: Any) -> Document | None:
    if phd.archived:
        return None
    restricted = phd.visibility == Visibility.RESTRICTED
    return Document(
        title=f"{phd.person.full_name}: {phd.topic}",
        url=phd.get_absolute_url(),
        body=lines(phd.topic, phd.programme),
        keywords=lines(
            both_languages(type(phd)._meta.verbose_name),
            phd.university.name_sv,
            phd.research_school.name_sv if phd.research_school else "",
            phd.employer.name_sv if phd.employer else "",
            phd.project.title if phd.project else "",
            " ".join(s.person.full_name for s in phd.supervisions.all()),
            names(phd.topics.all()),
            names(phd.priority_areas.all()),
        ),
        language="sv",
        date=phd.created_at,
        topics=[t.pk for t in phd.topics.all()],
        priority_areas=[a.pk for a in phd.priority_areas.all()],
        visibility=phd.visibility,
        allowed=[f"{PHD}:{phd.pk}"] if restricted else (),
    )


def portfolio_principals(user: Any) -> list[str]:
    """Keys of the projects the user takes part in and the doctorates they do or supervise."""
    from bryggan.portfolio.models import Participation, PhdStudent, Supervision

    projects = Participation.objects.filter(person__user=user, archived=False).values_list(
        "project_id", flat=True
    )
    doctorates = PhdStudent.objects.filter(
        Q(person__user=user)
        | Q(pk__in=Supervision.objects.filter(person__user=user).values("phd_student"))
    ).values_list("pk", flat=True)
    return [f"{PROJECT}:{pk}" for pk in set(projects)] + [f"{PHD}:{pk}" for pk in doctorates]


def register() -> None:
    from bryggan.governance.models import Partnership
    from bryggan.people.models import Person
    from bryggan.portfolio.models import Participation, PhdStudent, Project, Supervision

    register_kind(
        Project,
        kind="project",
        label=_("Project"),
        document=project_document,
        queryset=lambda: Project.objects.select_related("partnership").prefetch_related(
            "participations__person", "organisations", "topics", "priority_areas"
        ),
        depends_on={
            Participation: lambda participation: [participation.project],
            Partnership: lambda partnership: partnership.projects.all(),
            Person: lambda person: Project.objects.filter(participations__person=person).distinct(),
        },
        changed_since=lambda moment: Q(updated_at__gte=moment),
        principals=portfolio_principals,
    )
    register_kind(
        PhdStudent,
        kind="phd",
        label=model_label(PhdStudent),
        document=phd_document,
        queryset=lambda: PhdStudent.objects.select_related(
            "person", "university", "research_school", "employer", "project"
        ).prefetch_related("supervisions__person", "topics", "priority_areas"),
        depends_on={
            Supervision: lambda supervision: [supervision.phd_student],
            Project: lambda project: project.phd_students.all(),
            Person: lambda person: PhdStudent.objects.filter(
                Q(person=person) | Q(supervisions__person=person)
            ).distinct(),
        },
    )
