"""What the directory contributes to Insight: research-trained staff in social services.

A person counts on a day when they hold an affiliation in force that day at a practice organisation
of the scope (municipality, department, unit, region or regional R&D unit) and, on the same day, a
role as researcher or PhD student anywhere — the practitioner PhD student and the research-trained
social worker that the model organisations want to keep.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from bryggan.insight.periods import Period
from bryggan.insight.registry import register_figure
from bryggan.insight.scopes import Scope
from bryggan.people.models import Affiliation, Person, Role

RESEARCH_ROLES = (Role.RESEARCHER, Role.PHD_STUDENT)


def _rows(scope: Scope) -> list[tuple[int, int, str, int | None, int | None]]:
    """Every affiliation of the people who ever held a research role (one query per scope)."""

    def load() -> list[tuple[int, int, str, int | None, int | None]]:
        researching = Affiliation.objects.filter(role__in=RESEARCH_ROLES).values("person_id")
        return [
            (
                person,
                org,
                role,
                start.toordinal() if start else None,
                end.toordinal() if end else None,
            )
            for person, org, role, start, end in Affiliation.objects.filter(
                person_id__in=researching
            ).values_list("person_id", "organisation_id", "role", "start", "end")
        ]

    return scope.memo("people.research_rows", load)


def _in_practice(scope: Scope, day: date, roles: tuple[str, ...]) -> list[tuple[int, int]]:
    """(person, practice organisation) for people of the scope's social services in a research role."""
    ordinal = day.toordinal()
    current = [
        row
        for row in _rows(scope)
        if (row[3] is None or row[3] <= ordinal) and (row[4] is None or row[4] >= ordinal)
    ]
    researching = {person for person, _org, role, _s, _e in current if role in roles}
    return [
        (person, org)
        for person, org, _role, _s, _e in current
        if person in researching and org in scope.practice_ids
    ]


def research_staff(scope: Scope, day: date, roles: tuple[str, ...] = RESEARCH_ROLES) -> set[int]:
    """Ids of people in the scope's social services who hold a research role on `day`."""
    return {person for person, _org in _in_practice(scope, day, roles)}


def _at_end(roles: tuple[str, ...]):
    return lambda scope, period: len(research_staff(scope, period.last_day, roles))


def _retained(scope: Scope, period: Period) -> int:
    return len(research_staff(scope, period.start) & research_staff(scope, period.last_day))


def _by_organisation(roles: tuple[str, ...], retained: bool = False):
    def pairs(scope: Scope, period: Period) -> list[tuple[Any, int | None]]:
        found = _in_practice(scope, period.last_day, roles)
        if retained:
            at_start = research_staff(scope, period.start, roles)
            found = [(p, o) for p, o in found if p in at_start]
        return list(found)

    return pairs


def _records(roles: tuple[str, ...], retained: bool = False):
    def records(scope: Scope, period: Period, user: Any) -> QuerySet[Person]:
        ids = research_staff(scope, period.last_day, roles)
        if retained:
            ids &= research_staff(scope, period.start, roles)
        return Person.objects.filter(pk__in=ids).visible_to(user)

    return records


def register() -> None:
    register_figure(
        "people.research_trained",
        label=_("Research-trained staff and PhD students in social services"),
        group="people",
        unit="people",
        compute=_at_end(RESEARCH_ROLES),
        records=_records(RESEARCH_ROLES),
        breakdown=_by_organisation(RESEARCH_ROLES),
        description=_(
            "People who on the last day of the period work in the scope's social services and "
            "also hold a role as researcher or PhD student."
        ),
        order=10,
    )
    register_figure(
        "people.phd_students",
        label=_("Practitioner PhD students"),
        group="people",
        unit="people",
        compute=_at_end((Role.PHD_STUDENT,)),
        records=_records((Role.PHD_STUDENT,)),
        breakdown=_by_organisation((Role.PHD_STUDENT,)),
        description=_(
            "People who on the last day of the period work in the scope's social services and "
            "are PhD students."
        ),
        order=11,
    )
    register_figure(
        "people.research_trained_retained",
        label=_("Research-trained staff who remained in social services"),
        group="people",
        unit="people",
        compute=_retained,
        records=_records(RESEARCH_ROLES, retained=True),
        breakdown=_by_organisation(RESEARCH_ROLES, retained=True),
        description=_(
            "Of the research-trained staff and PhD students counted on the first day of the "
            "period, those still counted on its last day."
        ),
        order=12,
    )


register()
