"""Suggestions: similar questions, matching evidence, and researchers whose expertise fits.

Sources are pluggable, so apps that are built separately (the library's publications and
digests, the portfolio's projects) add theirs from their AppConfig.ready() without this app
importing them:

    from bryggan.questions import matching
    matching.register_evidence_source("library", publications_for)      # (query, user, limit)
    matching.register_expertise_source("projects", project_members_for)  # (query) -> reasons
    matching.register_profile_source("publications", publications_of)    # (person ids, user)

An expertise source returns {person id: [Reason(points, text)]} for at most a few hundred of its
best people; the points of all sources are added up and each suggestion carries every reason,
so the page can say why someone is suggested.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, cast

from django.core.cache import cache
from django.db.models import Case, Count, FloatField, Model, Q, Sum, Value, When
from django.utils.translation import gettext as _

from bryggan.core.cache import cached_fragment
from bryggan.people.models import Affiliation, Organisation, Person, Role
from bryggan.questions.models import Interest, Question, QuestionTerm, Status
from bryggan.questions.text import terms, words_for
from bryggan.taxonomy.models import SubjectCode, Topic

# Roles that make a person a researcher or practitioner-researcher for matching.
RESEARCH_ROLES = frozenset({Role.RESEARCHER, Role.PHD_STUDENT, Role.TEACHER, Role.RD_LEADER})
PRACTICE_ROLES = frozenset({Role.SOCIAL_WORKER, Role.MANAGER, Role.OTHER})
SOURCE_LIMIT = 300
# How many term rows one similar-question lookup may read before common terms are only used to
# score the candidates found through rarer ones.
TERM_ROW_BUDGET = 5_000
DF_SECONDS = 900
CANDIDATES = 60


@dataclass(frozen=True)
class MatchQuery:
    """What to match: words, topics (incl. methods and target groups), areas, SSIF codes."""

    text: str = ""
    topic_ids: frozenset[int] = frozenset()
    area_ids: frozenset[int] = frozenset()
    subject_codes: frozenset[str] = frozenset()
    inferred_topic_ids: frozenset[int] = frozenset()
    unit_id: int | None = None
    question_id: int | None = None

    @property
    def all_topic_ids(self) -> frozenset[int]:
        return self.topic_ids | self.inferred_topic_ids


@dataclass(frozen=True)
class Reason:
    points: float
    text: str


@dataclass
class ExpertSuggestion:
    person: Person
    score: float
    reasons: list[str]
    roles: list[str] = field(default_factory=list)
    practitioner_researcher: bool = False


@dataclass
class EvidenceSuggestion:
    title: str
    url: str
    kind: str
    reason: str
    score: float = 0.0
    record: Model | None = None


@dataclass
class SimilarQuestion:
    question: Question
    score: float
    reasons: list[str]


@dataclass
class ProfileItem:
    label: str
    title: str
    url: str = ""


EvidenceSource = Callable[[MatchQuery, Any, int], list[EvidenceSuggestion]]
ExpertiseSource = Callable[[MatchQuery], dict[int, list[Reason]]]
ProfileSource = Callable[[list[int], Any], dict[int, list[ProfileItem]]]

_EVIDENCE: dict[str, EvidenceSource] = {}
_EXPERTISE: dict[str, ExpertiseSource] = {}
_PROFILE: dict[str, ProfileSource] = {}


def register_evidence_source(name: str, source: EvidenceSource) -> None:
    """Add a source of matching publications, digests or other evidence (once per name)."""
    _EVIDENCE[name] = source


def register_expertise_source(name: str, source: ExpertiseSource) -> None:
    """Add a source of reasons why people fit a query (expertise, publications, projects …)."""
    _EXPERTISE[name] = source


def register_profile_source(name: str, source: ProfileSource) -> None:
    """Add a source of items shown with each person in the expert finder."""
    _PROFILE[name] = source


def evidence_sources() -> list[str]:
    return list(_EVIDENCE)


def expertise_sources() -> list[str]:
    return list(_EXPERTISE)


# ---- building queries ---------------------------------------------------------------------


def _topic_index() -> list[tuple[int, tuple[str, ...]]]:
    """Every topic with the index terms of its Swedish and English names (small; cached)."""

    def build() -> list[tuple[int, tuple[str, ...]]]:
        rows = []
        for pk, sv, en in Topic.objects.values_list("pk", "name_sv", "name_en"):
            for name in (sv, en):
                found = tuple(terms(name))
                if found:
                    rows.append((pk, found))
        return rows

    return cast(
        list[tuple[int, tuple[str, ...]]], cache.get_or_set("questions:topic-index", build, 300)
    )


def infer_topics(text: str, *, loose: bool = False) -> frozenset[int]:
    """Return topics whose every name term occurs in the text (e.g. "tramadol" + "unga").

    `loose` (a few search words in the expert finder) accepts a topic when any name term occurs.
    """
    found = set(terms(text))
    if not found:
        return frozenset()
    if loose:
        return frozenset(pk for pk, needed in _topic_index() if set(needed) & found)
    return frozenset(pk for pk, needed in _topic_index() if set(needed) <= found)


def _codes_for(topic_ids: Iterable[int]) -> frozenset[str]:
    ids = list(topic_ids)
    if not ids:
        return frozenset()
    return frozenset(
        Topic.subject_codes.through.objects.filter(topic_id__in=ids).values_list(
            "subjectcode__code", flat=True
        )
    )


def query_for_text(
    text: str,
    *,
    topic_ids: Iterable[int] = (),
    area_ids: Iterable[int] = (),
    unit_id: int | None = None,
    loose: bool = False,
) -> MatchQuery:
    topics = frozenset(int(t) for t in topic_ids)
    inferred = infer_topics(text, loose=loose) - topics
    return MatchQuery(
        text=text,
        topic_ids=topics,
        area_ids=frozenset(int(a) for a in area_ids),
        # Only chosen topics bring their research subjects: an inferred topic is a weaker signal.
        subject_codes=_codes_for(topics),
        inferred_topic_ids=inferred,
        unit_id=unit_id,
    )


def query_for_question(question: Question) -> MatchQuery:
    text = " ".join(
        [question.title, question.text, question.researchable_question, question.target_group]
    )
    query = query_for_text(
        text,
        topic_ids=question.topics.values_list("pk", flat=True),
        area_ids=question.priority_areas.values_list("pk", flat=True),
        unit_id=question.unit_id,
    )
    return MatchQuery(**{**query.__dict__, "question_id": question.pk})


# ---- similar questions --------------------------------------------------------------------


def question_count() -> int:
    """How many questions the index covers (cached: it only scales the term weights)."""
    return int(
        cache.get_or_set("questions:count", lambda: max(Question.objects.current().count(), 1), 300)
        or 1
    )


def index_question(question: Question, extra_texts: Iterable[str] = ()) -> None:
    """Replace the index terms of a question (merged and closed questions leave the index)."""
    old = list(QuestionTerm.objects.filter(question=question).values_list("term", flat=True))
    QuestionTerm.objects.filter(question=question).delete()
    cache.delete_many([f"questions:df:{term}" for term in old])
    if question.status in (Status.MERGED, Status.CLOSED):
        return
    found = terms(
        question.title,
        question.text,
        question.researchable_question,
        question.target_group,
        *extra_texts,
    )
    QuestionTerm.objects.bulk_create(
        [QuestionTerm(question=question, term=term) for term in found[:200]]
    )
    # The counts of these terms changed: the next lookup counts them again.
    cache.delete_many([f"questions:df:{term}" for term in found[:200]])


def document_frequencies(wanted: list[str]) -> dict[str, int]:
    """How many questions hold each term; kept in the cache for a while (it changes slowly)."""
    keys = {f"questions:df:{term}": term for term in wanted}
    cached = cache.get_many(list(keys))
    found = {keys[key]: n for key, n in cached.items()}
    missing = [t for t in wanted if t not in found]
    if missing:
        counted = dict(
            QuestionTerm.objects.filter(term__in=missing)
            .values_list("term")
            .annotate(n=Count("id"))
            .values_list("term", "n")
        )
        fresh = {t: counted.get(t, 0) for t in missing}
        cache.set_many({f"questions:df:{t}": n for t, n in fresh.items()}, DF_SECONDS)
        found |= fresh
    return found


def similar_questions(
    query: MatchQuery, user: Any, *, limit: int = 5, threshold: float = 0.2
) -> list[SimilarQuestion]:
    """Return current questions that ask much the same, best first, with the reasons."""
    wanted = terms(query.text)[:40]
    if not wanted:
        return []
    df = document_frequencies(wanted)
    total = question_count()
    idf = {t: math.log(1 + total / max(df.get(t, 0), 1)) for t in wanted}
    query_weight = sum(idf.values())
    present = sorted((t for t in wanted if df.get(t)), key=lambda t: df[t])
    rare: list[str] = []
    common: list[str] = []
    budget = 0
    for term in present:
        if not rare or budget + df[term] <= TERM_ROW_BUDGET:
            rare.append(term)
            budget += df[term]
        else:
            common.append(term)
    if not rare:
        return []
    # The database adds up the weights of the rarer terms and returns the best candidates; the
    # common terms then only score those candidates.
    weight = Case(*[When(term=t, then=Value(idf[t])) for t in rare], output_field=FloatField())
    candidates = list(
        QuestionTerm.objects.filter(term__in=rare)
        .exclude(question_id=query.question_id or 0)
        .values("question_id")
        .annotate(score=Sum(weight))
        .order_by("-score", "question_id")
        .values_list("question_id", flat=True)[: max(limit * 12, CANDIDATES)]
    )
    if not candidates:
        return []
    scores: dict[int, float] = defaultdict(float)
    matched: dict[int, list[str]] = defaultdict(list)
    for qid, term in QuestionTerm.objects.filter(
        question_id__in=candidates, term__in=wanted
    ).values_list("question_id", "term"):
        scores[qid] += idf[term]
        matched[qid].append(term)
    topic_ids = query.all_topic_ids
    shared_topics: dict[int, list[int]] = defaultdict(list)
    if topic_ids:
        for qid, tid in Question.topics.through.objects.filter(
            question_id__in=candidates, topic_id__in=topic_ids
        ).values_list("question_id", "topic_id"):
            shared_topics[qid].append(tid)
    similarity = {
        qid: scores[qid] / query_weight + 0.15 * min(len(shared_topics[qid]), 2)
        for qid in candidates
    }
    best = [
        q for q in sorted(candidates, key=lambda q: -similarity[q]) if similarity[q] >= threshold
    ]
    questions = {
        q.pk: q
        for q in Question.objects.visible_to(user)
        .filter(pk__in=best[: limit * 3])
        .exclude(status__in=[Status.MERGED, Status.CLOSED])
    }
    topic_names = dict(Topic.objects.filter(pk__in=topic_ids).values_list("pk", "name_sv"))
    result = []
    for qid in best:
        if qid not in questions:
            continue
        reasons = []
        words = [words_for(t, query.text) for t in sorted(matched[qid], key=lambda t: -idf[t])]
        if words:
            reasons.append(_("Shares the words: %(words)s") % {"words": ", ".join(words[:6])})
        for tid in shared_topics[qid]:
            reasons.append(_("Same topic: %(topic)s") % {"topic": topic_names.get(tid, "")})
        result.append(SimilarQuestion(questions[qid], round(min(similarity[qid], 1.0), 2), reasons))
        if len(result) >= limit:
            break
    return result


def matching_evidence(query: MatchQuery, user: Any, *, limit: int = 5) -> list[EvidenceSuggestion]:
    """Ask every registered evidence source and return the best suggestions overall."""
    found: list[EvidenceSuggestion] = []
    for source in _EVIDENCE.values():
        found.extend(source(query, user, limit))
    return sorted(found, key=lambda s: -s.score)[:limit]


# ---- researchers whose expertise fits ------------------------------------------------------


def _roles_by_person(person_ids: Iterable[int]) -> dict[int, set[str]]:
    roles: dict[int, set[str]] = defaultdict(set)
    for pid, role in (
        Affiliation.objects.current()
        .filter(person_id__in=list(person_ids))
        .values_list("person_id", "role")
    ):
        roles[pid].add(role)
    return roles


def suggest_experts(
    query: MatchQuery, user: Any, *, limit: int = 5, eligible_only: bool = True
) -> list[ExpertSuggestion]:
    """Return people whose expertise fits the query, best first, each with why they are suggested."""
    reasons: dict[int, list[Reason]] = defaultdict(list)
    for source in _EXPERTISE.values():
        for pid, found in source(query).items():
            reasons[pid].extend(found)
    if not reasons:
        return []
    totals = {pid: sum(r.points for r in found) for pid, found in reasons.items()}
    ranked = sorted(totals, key=lambda pid: (-totals[pid], pid))
    visible = Person.objects.visible_to(user)
    result: list[ExpertSuggestion] = []
    for start in range(0, len(ranked), 200):
        chunk = ranked[start : start + 200]
        roles = _roles_by_person(chunk)
        people = {p.pk: p for p in visible.filter(pk__in=chunk)}
        for pid in chunk:
            person = people.get(pid)
            held = roles.get(pid, set())
            if person is None or (eligible_only and not held & RESEARCH_ROLES):
                continue
            ordered = sorted(reasons[pid], key=lambda r: -r.points)
            result.append(
                ExpertSuggestion(
                    person=person,
                    score=round(totals[pid], 1),
                    reasons=list(dict.fromkeys(r.text for r in ordered)),
                    roles=sorted(str(Role(r).label) for r in held),
                    practitioner_researcher=bool(
                        held & {Role.RESEARCHER, Role.PHD_STUDENT} and held & PRACTICE_ROLES
                    ),
                )
            )
            if len(result) >= limit:
                return result
    return result


def profile_items(person_ids: list[int], user: Any) -> dict[int, list[ProfileItem]]:
    """Items every registered profile source shows beside each person in the expert finder."""
    items: dict[int, list[ProfileItem]] = defaultdict(list)
    for source in _PROFILE.values():
        for pid, found in source(person_ids, user).items():
            items[pid].extend(found)
    return items


# ---- the sources that exist on this branch --------------------------------------------------


def topics_source(query: MatchQuery) -> dict[int, list[Reason]]:
    """People whose expertise (topics, methods, target groups) is one of the query's topics."""
    ids = query.all_topic_ids
    if not ids:
        return {}
    reasons = {}
    for topic in Topic.objects.filter(pk__in=ids):
        if topic.kind == Topic.Kind.METHOD:
            text = _("Uses the method “%(topic)s”") % {"topic": topic.name}
        elif topic.kind == Topic.Kind.TARGET_GROUP:
            text = _("Knows the target group “%(topic)s”") % {"topic": topic.name}
        else:
            text = _("Expertise in “%(topic)s”") % {"topic": topic.name}
        reasons[topic.pk] = Reason(3.0 if topic.pk in query.topic_ids else 2.0, text)
    found: dict[int, list[Reason]] = defaultdict(list)
    rows = Person.topics.through.objects.filter(topic_id__in=ids).values_list(
        "person_id", "topic_id"
    )
    for pid, tid in rows[: SOURCE_LIMIT * 5]:
        found[pid].append(reasons[tid])
    return found


def subject_codes_source(query: MatchQuery) -> dict[int, list[Reason]]:
    """People with the research subjects (SSIF) of the query's topics."""
    if not query.subject_codes:
        return {}
    reasons = {
        c.pk: Reason(1.0, _("Research subject %(code)s") % {"code": str(c)})
        for c in SubjectCode.objects.filter(code__in=query.subject_codes)
    }
    rows = Person.subject_codes.through.objects.filter(subjectcode_id__in=list(reasons))
    found: dict[int, list[Reason]] = defaultdict(list)
    # A broad signal (50402 Social work is shared by many): its first few hundred holders suffice.
    for pid, cid in rows.values_list("person_id", "subjectcode_id")[:SOURCE_LIMIT]:
        found[pid].append(reasons[cid])
    return found


def arenas_source(query: MatchQuery) -> dict[int, list[Reason]]:
    """Speakers at seminars and researchers in discussion groups on the query's topics or areas."""
    if not (query.all_topic_ids or query.area_ids):
        return {}
    from bryggan.arenas.models import Event, Membership, Series

    tagged = Q(topics__in=query.all_topic_ids) | Q(priority_areas__in=query.area_ids)
    found: dict[int, list[Reason]] = defaultdict(list)
    events = (
        Event.objects.filter(tagged)
        .exclude(visibility="restricted")
        .exclude(status=Event.Status.CANCELLED)
        .values("pk")
    )
    talks = (
        Event.speakers.through.objects.filter(event_id__in=events)
        .order_by("-event__start")
        .values_list("person_id", "event__title", "event__start")
        .distinct()[:SOURCE_LIMIT]
    )
    for pid, title, start in talks:
        if len(found[pid]) < 2:
            found[pid].append(
                Reason(
                    2.0,
                    _("Spoke at “%(title)s” (%(date)s)")
                    % {"title": title, "date": start.date().isoformat()},
                )
            )
    series = Series.objects.filter(tagged).exclude(visibility="restricted").values("pk")
    members = (
        Membership.objects.filter(
            series_id__in=series,
            role__in=[Membership.Role.RESEARCHER, Membership.Role.FACILITATOR],
        )
        .order_by()
        .values_list("person_id", "series__title")
        .distinct()[:SOURCE_LIMIT]
    )
    for pid, title in members:
        found[pid].append(Reason(1.5, _("Researcher in the group “%(title)s”") % {"title": title}))
    return found


def interests_source(query: MatchQuery) -> dict[int, list[Reason]]:
    """People who said they are interested in this question, or in questions on the same topics."""
    found: dict[int, list[Reason]] = defaultdict(list)
    if query.question_id:
        for pid in Interest.objects.filter(question_id=query.question_id).values_list(
            "person_id", flat=True
        ):
            found[pid].append(Reason(5.0, _("Has said they are interested in this question")))
    if query.all_topic_ids or query.area_ids:
        # Areas are broad: they only count when the query names no topic.
        area_ids = query.area_ids if not query.all_topic_ids else frozenset()
        # Driven from the (few) interests, each checked against the question's tags by index.
        rows: set[tuple[int, int]] = set()
        for lookup, ids in (
            ("question__topics__in", query.all_topic_ids),
            ("question__priority_areas__in", area_ids),
        ):
            if ids:
                rows.update(
                    Interest.objects.filter(**{lookup: ids})
                    .exclude(question_id=query.question_id or 0)
                    .order_by()
                    .values_list("person_id", "question_id")[:SOURCE_LIMIT]
                )
        titles = dict(
            Question.objects.filter(pk__in={qid for _pid, qid in rows})
            .exclude(status__in=[Status.MERGED, Status.CLOSED])
            .values_list("pk", "title")
        )
        for pid, qid in sorted(rows):
            if qid in titles and len(found[pid]) < 2:
                found[pid].append(
                    Reason(
                        1.0,
                        _("Interested in the related question “%(title)s”")
                        % {"title": titles[qid]},
                    )
                )
    return found


def _municipality_of(org_id: int) -> Organisation | None:
    """The top of the organisation tree that a unit belongs to (e.g. its municipality)."""
    children = cached_fragment("questions:organisation-children", _children)
    parent_of = {child: parent for parent, kids in children.items() for child in kids}
    root = org_id
    while parent_of.get(root) is not None:
        root = parent_of[root]  # type: ignore[assignment]
    return Organisation.objects.filter(pk=root).first()


def _children() -> dict[int | None, list[int]]:
    children: dict[int | None, list[int]] = defaultdict(list)
    for pk, parent in Organisation.objects.values_list("pk", "parent_id"):
        children[parent].append(pk)
    return dict(children)


def _descendants(root_id: int) -> set[int]:
    children = cached_fragment("questions:organisation-children", _children)
    found, stack = {root_id}, [root_id]
    while stack:
        for child in children.get(stack.pop(), []):
            if child not in found:
                found.add(child)
                stack.append(child)
    return found


def affiliations_source(query: MatchQuery) -> dict[int, list[Reason]]:
    """Practitioner-researchers who work in the same organisation as the asking unit."""
    if not query.unit_id:
        return {}
    root = _municipality_of(query.unit_id)
    if root is None:
        return {}

    def build() -> list[int]:
        researchers = Affiliation.objects.current().filter(
            role__in=[Role.RESEARCHER, Role.PHD_STUDENT]
        )
        return list(
            Affiliation.objects.current()
            .filter(
                organisation_id__in=_descendants(root.pk),
                role__in=PRACTICE_ROLES,
                person_id__in=researchers.values("person_id"),
            )
            .order_by()
            .values_list("person_id", flat=True)
            .distinct()[:SOURCE_LIMIT]
        )

    # The practitioner-researchers of an organisation change seldom: kept until content changes.
    rows = cached_fragment(f"questions:practitioner-researchers:{root.pk}", build)
    return {
        pid: [
            Reason(
                1.5, _("Practitioner-researcher in %(organisation)s") % {"organisation": root.name}
            )
        ]
        for pid in rows
    }


def monitoring_evidence(query: MatchQuery, user: Any, limit: int) -> list[EvidenceSuggestion]:
    """New research from external monitoring: records matched to the query's areas, by shared words."""
    from bryggan.monitoring.models import Match, Record

    wanted = set(terms(query.text))
    if not wanted:
        return []
    if query.area_ids:
        ids = (
            Match.objects.filter(watchlist__area_id__in=query.area_ids)
            .order_by("-record__first_seen_at")
            .values_list("record_id", flat=True)[:500]
        )
        records = Record.objects.filter(pk__in=list(ids))
    else:
        records = Record.objects.order_by("-first_seen_at")[:1000]
    suggestions = []
    for record in records.only("pk", "title", "keywords", "year", "first_seen_at"):
        shared = wanted & set(terms(record.title, " ".join(record.keywords or [])))
        if len(shared) < 2:
            continue
        score = len(shared) / len(wanted)
        words = ", ".join(sorted(words_for(t, query.text) for t in shared)[:5])
        suggestions.append(
            EvidenceSuggestion(
                title=record.title,
                url=record.get_absolute_url(),
                kind=_("New research"),
                reason=_("Shares the words: %(words)s") % {"words": words},
                score=score,
                record=record,
            )
        )
    return sorted(suggestions, key=lambda s: -s.score)[:limit]


def interests_profile(person_ids: list[int], user: Any) -> dict[int, list[ProfileItem]]:
    """Each person's interest in open questions (only questions the viewer may see)."""
    items: dict[int, list[ProfileItem]] = defaultdict(list)
    visible = Question.objects.visible_to(user).open()
    for interest in (
        Interest.objects.filter(person_id__in=person_ids, question__in=visible)
        .select_related("question")
        .order_by("-created_at")[:500]
    ):
        items[interest.person_id].append(
            ProfileItem(
                _("Interested in"), interest.question.title, interest.question.get_absolute_url()
            )
        )
    return items


def register_builtin_sources() -> None:
    """Register the sources that exist on every installation (called from AppConfig.ready)."""
    register_expertise_source("topics", topics_source)
    register_expertise_source("subject_codes", subject_codes_source)
    register_expertise_source("arenas", arenas_source)
    register_expertise_source("interests", interests_source)
    register_expertise_source("affiliations", affiliations_source)
    register_evidence_source("monitoring", monitoring_evidence)
    register_profile_source("interests", interests_profile)
