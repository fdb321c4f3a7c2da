"""Matching sources from other apps, and the sections of the person page that they fill.

Evidence: the library's publications and digests (the built-in source in matching.py covers new
research from external monitoring). Expertise: who works on projects and theses in a question's
field, and who wrote publications on its topics. The person page (bryggan/people) lists a person's
publications, projects, PhD studies, podcast episodes and talks at arenas.

Registered from QuestionsConfig.ready() when the owning app is installed, so that questions
works on any installation and uses whatever knowledge the installation holds.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from typing import Any

from django.apps import apps
from django.db.models import Model, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bryggan.people import profile_sections
from bryggan.people.models import Person
from bryggan.people.profile_sections import Item
from bryggan.questions.matching import (
    SOURCE_LIMIT,
    EvidenceSuggestion,
    MatchQuery,
    ProfileItem,
    Reason,
    register_evidence_source,
    register_expertise_source,
    register_profile_source,
)
from bryggan.questions.text import terms, words_for
from bryggan.taxonomy.models import PriorityArea, SubjectCode, Topic

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


# ---- the library: publications and digests as evidence, authors as experts -----------------

# Library records that share a chosen topic with the question say more than shared words.
TOPIC_WEIGHT = 0.35
INFERRED_TOPIC_WEIGHT = 0.25
TAG_WEIGHT = 0.1
LIBRARY_CANDIDATES = 200
LIBRARY_RECENT = 100
SHORT_QUERY = 10
AUTHOR_POINTS = 2.5
AUTHOR_AREA_POINTS = 1.0


def _tag_ids(model: type[Model], ids: list[int], field: str, column: str) -> dict[int, set[int]]:
    through = getattr(model, field).through
    own = f"{model._meta.model_name}_id"
    found: dict[int, set[int]] = defaultdict(set)
    for pk, tag in through.objects.filter(**{f"{own}__in": ids}).values_list(own, column):
        found[pk].add(tag)
    return found


def _library_candidates(
    rows: QuerySet, query: MatchQuery, codes: bool, long_fields: tuple[str, ...]
) -> list[Model]:
    """Records tagged like the query, and the most recent others (scored on their words)."""
    tagged = Q(topics__in=query.all_topic_ids) | Q(priority_areas__in=query.area_ids)
    if codes and query.subject_codes:
        tagged |= Q(subject_codes__code__in=query.subject_codes)
    ids = list(
        rows.filter(tagged).order_by().values_list("pk", flat=True).distinct()[:LIBRARY_CANDIDATES]
    )
    ids += list(rows.exclude(pk__in=ids).values_list("pk", flat=True)[:LIBRARY_RECENT])
    # The long texts are only read for records whose terms are not cached (see _record_terms).
    return list(rows.model._default_manager.filter(pk__in=ids).defer(*long_fields))


# (model label, pk) -> (updated_at stamp, terms): per process, so no cache backend's size limit
# applies; a record that changes gets a new stamp and is read again.
_TERMS: dict[tuple[str, int], tuple[float, frozenset[str]]] = {}
TERMS_KEPT = 50_000


def _record_terms(records: list[Any], fields: tuple[str, ...]) -> dict[int, frozenset[str]]:
    """The index terms of each record's texts, kept until the record changes (updated_at)."""
    if not records:
        return {}
    model = type(records[0])
    label = model._meta.label_lower
    found: dict[int, frozenset[str]] = {}
    missing = []
    for record in records:
        stamp = record.updated_at.timestamp()
        kept = _TERMS.get((label, record.pk))
        if kept is not None and kept[0] == stamp:
            found[record.pk] = kept[1]
        else:
            missing.append(record)
    if missing:
        if len(_TERMS) > TERMS_KEPT:
            _TERMS.clear()
        texts = model._default_manager.filter(pk__in=[r.pk for r in missing]).values_list(
            "pk", *fields
        )
        fresh = {pk: frozenset(terms(*values)) for pk, *values in texts}
        for record in missing:
            if record.pk in fresh:
                _TERMS[(label, record.pk)] = (record.updated_at.timestamp(), fresh[record.pk])
        found |= fresh
    return found


def _score_library(
    query: MatchQuery,
    records: list[Any],
    record_terms: dict[int, frozenset[str]],
    kind: Callable[[Any], str],
    limit: int,
    codes: dict[int, set[int]] | None = None,
) -> list[EvidenceSuggestion]:
    """Score library records on shared topics, areas, subject codes and words, and explain each."""
    if not records:
        return []
    model = type(records[0])
    ids = [r.pk for r in records]
    topics = _tag_ids(model, ids, "topics", "topic_id")
    areas = _tag_ids(model, ids, "priority_areas", "priorityarea_id")
    wanted = set(terms(query.text))
    topic_names = dict(
        Topic.objects.filter(pk__in=query.all_topic_ids).values_list("pk", "name_sv")
    )
    area_names = dict(
        PriorityArea.objects.filter(pk__in=query.area_ids).values_list("pk", "name_sv")
    )
    code_ids = set(
        SubjectCode.objects.filter(code__in=query.subject_codes).values_list("pk", flat=True)
    )
    # Two shared words say much in a short question, little in a long one.
    min_words = 2 if len(wanted) <= SHORT_QUERY else 3
    scored = []
    for record in records:
        chosen = topics[record.pk] & query.topic_ids
        inferred = topics[record.pk] & query.inferred_topic_ids
        same_areas = areas[record.pk] & query.area_ids
        same_codes = (codes or {}).get(record.pk, set()) & code_ids
        shared = wanted & record_terms.get(record.pk, frozenset())
        # A broad area or subject code only adds to a topic or to enough shared words.
        if not (chosen or inferred or len(shared) >= min_words):
            continue
        score = (
            (len(shared) / len(wanted) if wanted else 0.0)
            + TOPIC_WEIGHT * min(len(chosen), 2)
            + INFERRED_TOPIC_WEIGHT * min(len(inferred), 2)
            + TAG_WEIGHT * min(len(same_areas) + len(same_codes), 2)
        )
        scored.append((round(score, 3), record, chosen | inferred, shared, same_areas))
    # Only the best few are explained: the explanation costs more than the score.
    scored.sort(key=lambda row: (-row[0], row[1].pk))
    suggestions = []
    for score, record, same_topics, shared, same_areas in scored[:limit]:
        reasons = [
            _("Same topic: %(topic)s") % {"topic": topic_names.get(t, "")}
            for t in sorted(same_topics)
        ]
        if shared:
            words = ", ".join(sorted(words_for(t, query.text) for t in shared)[:5])
            reasons.append(_("Shares the words: %(words)s") % {"words": words})
        reasons += [
            _("Same priority area: %(area)s") % {"area": area_names.get(a, "")}
            for a in sorted(same_areas)
        ]
        suggestions.append(
            EvidenceSuggestion(
                title=str(record),
                url=record.get_absolute_url(),
                kind=kind(record),
                reason="; ".join(reasons),
                score=score,
                record=record,
            )
        )
    return suggestions


PUBLICATION_TEXTS = ("title", "subtitle", "abstract_sv", "abstract_en")
DIGEST_TEXTS = ("title", "summary", "practice")


def publications_evidence(query: MatchQuery, user: Any, limit: int) -> list[EvidenceSuggestion]:
    """Published reports, articles and theses in the library that the user may see."""
    from bryggan.library.models import Publication

    if not (query.text or query.all_topic_ids or query.area_ids):
        return []
    rows = Publication.objects.published().visible_to(user)
    records = _library_candidates(rows, query, True, ("abstract_sv", "abstract_en"))
    codes = _tag_ids(Publication, [r.pk for r in records], "subject_codes", "subjectcode_id")
    found = _score_library(
        query,
        records,
        _record_terms(records, PUBLICATION_TEXTS),
        lambda p: str(p.get_kind_display()),
        limit,
        codes,
    )
    return found


def digests_evidence(query: MatchQuery, user: Any, limit: int) -> list[EvidenceSuggestion]:
    """Plain-language research digests that the user may see."""
    from bryggan.library.models import Digest

    if not (query.text or query.all_topic_ids or query.area_ids):
        return []
    records = _library_candidates(
        Digest.objects.visible_to(user), query, False, ("summary", "practice")
    )
    return _score_library(
        query,
        records,
        _record_terms(records, DIGEST_TEXTS),
        lambda d: _("Research in brief"),
        limit,
    )


def authors_source(query: MatchQuery) -> dict[int, list[Reason]]:
    """Authors of published library records on the query's topics (or, failing that, its areas)."""
    if not (query.all_topic_ids or query.area_ids):
        return {}
    from bryggan.library.models import Authorship, Publication

    # Expert suggestions are shown to partnership staff, so restricted records never count.
    shown = Publication.objects.published().exclude(visibility="restricted")
    found: dict[int, list[Reason]] = defaultdict(list)
    for lookup, ids, points in (
        ("topics__in", query.all_topic_ids, AUTHOR_POINTS),
        ("priority_areas__in", query.area_ids, AUTHOR_AREA_POINTS),
    ):
        if not ids:
            continue
        publications = shown.filter(**{lookup: ids}).values("pk")
        rows = (
            Authorship.objects.filter(publication_id__in=publications, person__isnull=False)
            .order_by("-publication__year", "publication_id")
            .values_list("person_id", "publication__title", "publication__subtitle")
            .distinct()[:SOURCE_LIMIT]
        )
        for person_id, title, subtitle in rows:
            full = f"{title.rstrip(' :')}: {subtitle}" if subtitle else title
            text = _("Author of: %(title)s") % {"title": full}
            if len(found[person_id]) < 2 and all(r.text != text for r in found[person_id]):
                found[person_id].append(Reason(points, text))
    return found


def publications_profile(person_ids: list[int], user: Any) -> dict[int, list[ProfileItem]]:
    """Each person's publications that the viewer may see, newest first."""
    from bryggan.library.models import Authorship, Publication

    items: dict[int, list[ProfileItem]] = defaultdict(list)
    visible = Publication.objects.published().visible_to(user)
    for authorship in (
        Authorship.objects.filter(person_id__in=person_ids, publication__in=visible)
        .select_related("publication")
        .order_by("-publication__year", "-publication_id")[:500]
    ):
        if len(items[authorship.person_id]) < 5:  # type: ignore[index]
            publication = authorship.publication
            items[authorship.person_id].append(  # type: ignore[index]
                ProfileItem(
                    _("Author of"),
                    f"{publication.full_title} ({publication.year})",
                    publication.get_absolute_url(),
                )
            )
    return items


# ---- sections of the person page (bryggan/people/profile_sections.py) ----------------------

SECTION_LIMIT = 20


def _year(value: Any) -> str:
    return str(value.year) if value else ""


def publications_section(person: Person, user: Any) -> list[Item]:
    from bryggan.library.models import Authorship, Publication

    rows = (
        Authorship.objects.filter(
            person=person, publication__in=Publication.objects.published().visible_to(user)
        )
        .select_related("publication")
        .order_by("-publication__year", "-publication_id")[:SECTION_LIMIT]
    )
    return [
        Item(
            a.publication.full_title,
            a.publication.get_absolute_url(),
            f"{a.publication.get_kind_display()}, {a.publication.year}",
        )
        for a in rows
    ]


def projects_section(person: Person, user: Any) -> list[Item]:
    from bryggan.portfolio.models import Participation, Project

    rows = (
        Participation.objects.filter(
            person=person,
            archived=False,
            project__in=Project.objects.active().visible_to(user),
        )
        .select_related("project")
        .order_by("-project__start", "pk")[:SECTION_LIMIT]
    )
    return [
        Item(
            p.project.title,
            p.project.get_absolute_url(),
            f"{p.get_role_display()}, {p.project.get_status_display()}",
        )
        for p in rows
    ]


def phd_section(person: Person, user: Any) -> list[Item]:
    from bryggan.portfolio.models import PhdStudent

    rows = (
        PhdStudent.objects.active()
        .visible_to(user)
        .filter(person=person)
        .select_related("university")[:SECTION_LIMIT]
    )
    return [Item(s.topic, s.get_absolute_url(), f"{s.programme}, {s.university}") for s in rows]


def episodes_section(person: Person, user: Any) -> list[Item]:
    from bryggan.podcast.models import Episode, EpisodeCredit

    rows = (
        EpisodeCredit.objects.filter(person=person, episode__in=Episode.objects.visible_to(user))
        .select_related("episode__show")
        .order_by("-episode__publish_at", "-pk")[:SECTION_LIMIT]
    )
    return [
        Item(
            c.episode.title,
            c.episode.get_absolute_url(),
            ", ".join(
                x
                for x in (c.get_role_display(), c.episode.show.title, _year(c.episode.publish_at))
                if x
            ),
        )
        for c in rows
    ]


def talks_section(person: Person, user: Any) -> list[Item]:
    from bryggan.arenas.models import Event

    rows = (
        Event.objects.visible_to(user)
        .filter(speakers=person)
        .exclude(status=Event.Status.CANCELLED)
        .order_by("-start", "-pk")[:SECTION_LIMIT]
    )
    return [
        Item(e.title, e.get_absolute_url(), timezone.localtime(e.start).date().isoformat())
        for e in rows
    ]


def register_installed_sources() -> None:
    """Register the sources of the apps that are part of this installation."""
    if apps.is_installed("bryggan.library"):
        register_evidence_source("publications", publications_evidence)
        register_evidence_source("digests", digests_evidence)
        register_expertise_source("publications", authors_source)
        register_profile_source("publications", publications_profile)
        profile_sections.register(
            "publications", gettext_lazy("Publications"), publications_section, order=10
        )
    if apps.is_installed("bryggan.portfolio"):
        register_expertise_source("projects", projects_source)
        register_profile_source("projects", projects_profile)
        profile_sections.register("projects", gettext_lazy("Projects"), projects_section, order=20)
        profile_sections.register("phd", gettext_lazy("Doctoral studies"), phd_section, order=30)
    if apps.is_installed("bryggan.podcast"):
        profile_sections.register(
            "episodes", gettext_lazy("Heard in the podcast"), episodes_section, order=40
        )
    if apps.is_installed("bryggan.arenas"):
        profile_sections.register(
            "talks", gettext_lazy("Talks at seminars and meetings"), talks_section, order=50
        )
