"""The searchable kinds of the apps that came before search: arenas, people and monitoring.

Every other app declares its kinds in its own `search_kinds.py` (see registry.discover and
docs/search.md); the helpers here are shared with those modules.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from datetime import date, datetime, time
from typing import Any, cast

import markdown as md
from django.apps import apps
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.html import strip_tags
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from bryggan.core.models import Visibility
from bryggan.search.registry import Document, register

COORDINATORS = "role:coordinator"


def both_languages(*labels: Any) -> str:
    """Return labels in Swedish and English, so either word finds the record."""
    words = []
    for language in ("sv", "en"):
        with translation.override(language):
            words += [str(label) for label in labels if label]
    return " ".join(dict.fromkeys(words))


def choice_labels(choices: Any, value: str) -> str:
    """Return the label of a choice in Swedish and English (the lazy label, not the display)."""
    try:
        return both_languages(choices(value).label)
    except ValueError:
        return value


def lines(*parts: Any) -> str:
    return "\n".join(str(p) for p in parts if p)


def _names(objects: Iterable[Any]) -> str:
    return " ".join(f"{o.name_sv} {o.name_en}".strip() for o in objects)


names = _names


def model_label(model: Any) -> str | Promise:
    """Return the model's name with a capital, translated lazily by the app's own catalogue."""
    return cast("str | Promise", capfirst(model._meta.verbose_name))


def html_text(text: str) -> str:
    """Return the plain text of HTML (no tags or entities in snippets)."""
    return html.unescape(strip_tags(text or ""))


def markdown_text(text: str) -> str:
    """Return the plain text of Markdown (no markup in snippets)."""
    return html_text(md.markdown(text or ""))


def day_start(day: date | None) -> datetime | None:
    """Return the start of a day as an aware datetime (the index keeps dates with a time)."""
    if day is None:
        return None
    if isinstance(day, datetime):
        return day
    return timezone.make_aware(datetime.combine(day, time()))


def staff_keys() -> list[str]:
    """Principal keys of every role: a document granted to them is seen by partnership staff.

    Partnership staff are the people with any current affiliation (core.access), so "staff, or
    also X" can be written as a restricted document granted to every role plus X.
    """
    from bryggan.people.models import Role

    return [f"role:{role}" for role in Role.values]


# ---- learning arenas --------------------------------------------------------------------------


def event_document(event: Any) -> Document:
    from bryggan.arenas.models import Audience

    local_start = timezone.localtime(event.start)
    allowed: list[str] = []
    if event.visibility == Audience.RESTRICTED:
        # As bryggan.arenas.views.event_for_user: members, the organiser and coordinators.
        allowed = [COORDINATORS]
        if event.series_id:
            allowed.append(f"arenas.series:{event.series_id}")
        if event.created_by_id:
            allowed.append(f"user:{event.created_by_id}")
    return Document(
        title=event.title,
        url=event.get_absolute_url(),
        body=lines(
            strip_tags(event.description),
            strip_tags(event.minutes),
            event.decisions,
        ),
        keywords=lines(
            choice_labels(type(event).Kind, event.kind),
            event.series.title if event.series else "",
            event.place,
            " ".join(p.full_name for p in event.speakers.all()),
            event.external_speakers,
            _names(event.organisations.all()),
            _names(event.topics.all()),
            _names(event.priority_areas.all()),
        ),
        language="sv",
        year=local_start.year,
        date=event.start,
        topics=[t.pk for t in event.topics.all()],
        priority_areas=[a.pk for a in event.priority_areas.all()],
        visibility=event.visibility,
        allowed=allowed,
    )


def series_document(series: Any) -> Document:
    allowed = [f"arenas.series:{series.pk}", COORDINATORS]
    return Document(
        title=series.title,
        url=series.get_absolute_url(),
        body=strip_tags(series.description),
        keywords=lines(
            choice_labels(type(series).Kind, series.kind),
            _names(series.organisations.all()),
            _names(series.topics.all()),
            _names(series.priority_areas.all()),
        ),
        language="sv",
        date=series.created_at,
        topics=[t.pk for t in series.topics.all()],
        priority_areas=[a.pk for a in series.priority_areas.all()],
        visibility=series.visibility,
        allowed=allowed if series.visibility == Visibility.RESTRICTED else (),
    )


def series_principals(user: Any) -> list[str]:
    from bryggan.arenas.models import Membership

    series = Membership.objects.filter(person__user=user).values_list("series_id", flat=True)
    return [f"arenas.series:{pk}" for pk in series]


def register_arenas() -> None:
    from bryggan.arenas.models import Event, Series

    register(
        Event,
        kind="event",
        label=_("Event"),
        document=event_document,
        queryset=lambda: Event.objects.select_related("series").prefetch_related(
            "speakers", "organisations", "topics", "priority_areas"
        ),
        depends_on={Series: lambda series: series.events.all()},
        # Sessions of a series are made with bulk_create.
        changed_since=lambda moment: Q(updated_at__gte=moment),
        principals=series_principals,
    )
    register(
        Series,
        kind="series",
        label=_("Seminar series or group"),
        document=series_document,
        queryset=lambda: Series.objects.prefetch_related(
            "organisations", "topics", "priority_areas"
        ),
    )


# ---- people and organisations ------------------------------------------------------------------


def person_document(person: Any) -> Document:
    from bryggan.people.models import Role

    affiliations = [a for a in person.affiliations.all() if a.is_current]
    return Document(
        title=person.full_name,
        url=person.get_absolute_url(),
        body=lines(person.title, strip_tags(person.bio)),
        keywords=lines(
            " ".join(
                f"{choice_labels(Role, a.role)} {a.title} {a.organisation.name_sv}"
                for a in affiliations
            ),
            _names(person.topics.all()),
            " ".join(f"{c.code} {c.name_sv} {c.name_en}" for c in person.subject_codes.all()),
            person.orcid,
        ),
        language="sv",
        topics=[t.pk for t in person.topics.all()],
        visibility=person.visibility,
        allowed=[f"user:{person.user_id}"]
        if person.visibility == Visibility.RESTRICTED and person.user_id
        else (),
    )


def organisation_document(organisation: Any) -> Document:
    return Document(
        title=organisation.name_sv,
        url=organisation.get_absolute_url(),
        body=strip_tags(organisation.description),
        keywords=lines(
            organisation.name_en,
            organisation.short_name,
            choice_labels(type(organisation).Kind, organisation.kind),
            organisation.parent.name_sv if organisation.parent else "",
        ),
        language="sv",
        visibility=Visibility.PUBLIC,
    )


def register_people() -> None:
    from bryggan.people.models import Affiliation, Organisation, Person

    register(
        Person,
        kind="person",
        label=_("Person"),
        document=person_document,
        queryset=lambda: Person.objects.prefetch_related(
            "affiliations__organisation", "topics", "subject_codes"
        ),
        depends_on={Affiliation: lambda affiliation: [affiliation.person]},
    )
    register(
        Organisation,
        kind="organisation",
        label=_("Organisation"),
        document=organisation_document,
        queryset=lambda: Organisation.objects.select_related("parent").filter(archived=False),
    )


# ---- external monitoring -----------------------------------------------------------------------


def record_document(record: Any) -> Document:
    return Document(
        title=record.title,
        url=record.get_absolute_url(),
        body=record.abstract,
        keywords=lines(
            record.author_names,
            record.venue,
            " ".join(str(k) for k in record.keywords),
            " ".join(str(c) for c in record.subject_codes),
            record.doi or "",
        ),
        language=record.language or "",
        year=record.year,
        date=record.first_seen_at,
        priority_areas=sorted(
            {m.watchlist.area_id for m in record.matches.all() if m.watchlist.area_id}
        ),
        visibility=Visibility.PUBLIC,  # record pages are open to everyone
    )


def _changed_records(moment: datetime) -> Q:
    return Q(updated_at__gte=moment) | Q(first_seen_at__gte=moment) | Q(matched_at__gte=moment)


def register_monitoring() -> None:
    from bryggan.monitoring.models import Match, Record

    register(
        Record,
        kind="research",
        label=_("New research"),
        document=record_document,
        queryset=lambda: Record.objects.prefetch_related("matches__watchlist"),
        depends_on={Match: lambda match: [match.record]},
        # Harvests insert and update records in bulk, without signals.
        changed_since=_changed_records,
    )


def register_installed() -> None:
    """Register the kinds of the installed apps that search knows about."""
    if apps.is_installed("bryggan.people"):
        register_people()
    if apps.is_installed("bryggan.arenas"):
        register_arenas()
    if apps.is_installed("bryggan.monitoring"):
        register_monitoring()
