"""Writes for questions from practice: intake, joining, merging, refining, evidence checks,
status, researchers' interest, prioritisation rounds and follow-through.

Every function checks first and writes inside one transaction, so a refused change leaves
nothing half-saved; free text passes the client-data guard before anything is written.
Everyone who asked or joined a question is e-mailed when its status changes (after commit).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Model
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from bryggan.core.models import Visibility
from bryggan.cycle.registry import node_for
from bryggan.cycle.services import link_add
from bryggan.people.models import Organisation, Person, Role, User
from bryggan.people.services import unique_slug
from bryggan.questions import matching
from bryggan.questions.guard import guard_fields
from bryggan.questions.models import (
    MAX_RANKS,
    MAX_TEXT,
    MAX_TITLE,
    TOP_N,
    EvidenceCheck,
    Group,
    Interest,
    Participant,
    Question,
    Ranking,
    Round,
    RoundEntry,
    Status,
    StatusChange,
    Submission,
    Supporter,
    Verdict,
)

# Statuses a coordinator may set by hand; merging and evidence checks have their own services.
MANUAL_STATUSES = (
    Status.NEW,
    Status.REFINING,
    Status.UNANSWERED,
    Status.PARTLY_ANSWERED,
    Status.PRIORITISED,
    Status.IN_RESEARCH,
    Status.CLOSED,
)


def _check_lengths(fields: dict[str, tuple[str, str, int]], required: Iterable[str] = ()) -> None:
    """Raise for empty required fields and texts over their limit ({name: (label, text, max)})."""
    errors: dict[str, str] = {}
    for name, (label, text, limit) in fields.items():
        if name in required and not (text or "").strip():
            errors[name] = _("“%(field)s” cannot be empty.") % {"field": label}
        elif len(text or "") > limit:
            errors[name] = _(
                "“%(field)s” is too long: %(length)d characters, at most %(limit)d."
            ) % {"field": label, "length": len(text), "limit": limit}
    if errors:
        raise ValidationError(errors)


def _guard(fields: dict[str, tuple[str, str]]) -> None:
    guard_fields({name: (label, text or "") for name, (label, text) in fields.items()})


def question_reindex(*, question: Question) -> None:
    """Index a question for "similar questions" with the words of every submission it holds."""
    texts = list(question.submissions.values_list("title", "text", "target_group"))
    matching.index_question(question, [t for row in texts for t in row if t])


# ---- notifications ---------------------------------------------------------------------------


def askers_of(question: Question) -> list[User]:
    """Everyone who asked or joined the question (each once)."""
    ids = set(question.submissions.exclude(user=None).values_list("user_id", flat=True))
    ids |= set(question.supporters.values_list("user_id", flat=True))
    return list(User.objects.filter(pk__in=ids, is_active=True).order_by("pk"))


def _notify(question: Question, change: StatusChange, users: Sequence[User]) -> None:
    def send() -> None:
        with translation.override(settings.LANGUAGE_CODE):
            answer = question.evidence_checks.first()
            for user in users:
                context = {
                    "question": question,
                    "change": change,
                    "user": user,
                    "answer": answer
                    if change.status in (Status.ANSWERED, Status.PARTLY_ANSWERED)
                    else None,
                    "site_url": settings.SITE_URL,
                }
                subject = render_to_string("questions/mail/status_subject.txt", context).strip()
                body = render_to_string("questions/mail/status.txt", context)
                EmailMessage(subject=subject, body=body, to=[user.email]).send(fail_silently=True)

    transaction.on_commit(send)


def _change_status(
    question: Question, status: str, *, user: Any = None, note: str = "", notify: bool = True
) -> StatusChange:
    question.status = status
    question.save(update_fields=["status", "updated_at"])
    change = StatusChange.objects.create(
        question=question,
        status=status,
        note=note,
        changed_by=user if user is not None and user.is_authenticated else None,
    )
    if notify:
        _notify(question, change, askers_of(question))
    return change


# ---- intake ----------------------------------------------------------------------------------


def validate_submission(
    *, title: str, text: str = "", target_group: str = "", why_it_matters: str = ""
) -> None:
    """Refuse empty or over-long questions and any client data (used by the preview step too)."""
    _check_lengths(
        {
            "title": (_("Your question"), title, MAX_TITLE),
            "text": (_("In your own words"), text, MAX_TEXT),
            "target_group": (_("Target group"), target_group, 200),
            "why_it_matters": (_("Why it matters"), why_it_matters, MAX_TEXT),
        },
        required=["title"],
    )
    _guard(
        {
            "title": (_("Your question"), title),
            "text": (_("In your own words"), text),
            "target_group": (_("Target group"), target_group),
            "why_it_matters": (_("Why it matters"), why_it_matters),
        }
    )


@transaction.atomic
def question_submit(
    *,
    user: User,
    title: str,
    text: str = "",
    unit: Organisation | None = None,
    target_group: str = "",
    why_it_matters: str = "",
    anonymous: bool = False,
    priority_areas: Iterable[Any] = (),
    topics: Iterable[Any] = (),
) -> Question:
    """File a new question from practice in the asker's own words; the coordinator's queue gets it."""
    title, text = title.strip(), text.strip()
    validate_submission(
        title=title, text=text, target_group=target_group, why_it_matters=why_it_matters
    )
    question = Question.objects.create(
        title=title,
        text=text,
        unit=unit,
        target_group=target_group.strip(),
        why_it_matters=why_it_matters.strip(),
        visibility=Visibility.INTERNAL,
    )
    question.priority_areas.set(priority_areas)
    question.topics.set(topics)
    Submission.objects.create(
        question=question,
        first_question=question,
        user=user,
        title=title,
        text=text,
        unit=unit,
        target_group=target_group.strip(),
        why_it_matters=why_it_matters.strip(),
        anonymous=anonymous,
    )
    StatusChange.objects.create(question=question, status=Status.NEW, changed_by=user)
    question_reindex(question=question)
    return question


@transaction.atomic
def question_join(
    *, question: Question, user: User, anonymous: bool = False, note: str = ""
) -> Supporter:
    """Add the user to a question as someone who has the same question."""
    question = Question.objects.select_for_update().get(pk=question.pk)
    if question.is_merged and question.merged_into is not None:
        raise ValidationError(
            _("This question was merged into “%(title)s”; join that one instead.")
            % {"title": question.merged_into.title}
        )
    if question.submissions.filter(user=user).exists():
        raise ValidationError(_("You asked this question yourself; you are already following it."))
    if question.supporters.filter(user=user).exists():
        raise ValidationError(_("You have already joined this question."))
    _check_lengths({"note": (_("Your context"), note, MAX_TEXT)})
    _guard({"note": (_("Your context"), note)})
    return Supporter.objects.create(
        question=question, user=user, anonymous=anonymous, note=note.strip()
    )


@transaction.atomic
def question_leave(*, question: Question, user: User) -> None:
    deleted, _rows = Supporter.objects.filter(question=question, user=user).delete()
    if not deleted:
        raise ValidationError(_("You have not joined this question."))


# ---- the coordinator's queue -----------------------------------------------------------------


@transaction.atomic
def question_merge(
    *, question: Question, into: Question, user: Any = None, note: str = ""
) -> Question:
    """Merge a duplicate into an indicative question, keeping every original submission."""
    if question.pk == into.pk:
        raise ValidationError({"into": _("A question cannot be merged into itself.")})
    source = Question.objects.select_for_update().get(pk=question.pk)
    target = Question.objects.select_for_update().get(pk=into.pk)
    if source.is_merged:
        raise ValidationError(_("This question has already been merged into another."))
    if target.is_merged:
        raise ValidationError(
            {
                "into": _(
                    "“%(title)s” has itself been merged into another question; "
                    "merge into that one instead."
                )
                % {"title": target.title}
            }
        )
    if (
        source.round_entries.exclude(round__published_at=None).exists()
        or source.round_entries.filter(round__participants__voted_at__isnull=False).exists()
    ):
        raise ValidationError(
            _("This question has votes in a prioritisation round and can no longer be merged.")
        )
    _guard({"note": (_("Note"), note)})
    already = set(target.submissions.exclude(user=None).values_list("user_id", flat=True))
    already |= set(target.supporters.values_list("user_id", flat=True))
    told = [u for u in askers_of(source)]
    Submission.objects.filter(question=source).update(question=target)
    for supporter in Supporter.objects.filter(question=source):
        if supporter.user_id in already:
            supporter.delete()
        else:
            supporter.question = target
            supporter.save(update_fields=["question"])
    taken = set(target.interests.values_list("person_id", flat=True))
    for interest in Interest.objects.filter(question=source):
        if interest.person_id in taken:
            interest.delete()
        else:
            interest.question = target
            interest.save(update_fields=["question"])
    for entry in RoundEntry.objects.filter(question=source):
        if RoundEntry.objects.filter(round=entry.round, question=target).exists():
            entry.delete()
        else:
            entry.question = target
            entry.save(update_fields=["question"])
    Question.objects.filter(merged_into=source).update(merged_into=target)
    target.priority_areas.add(*source.priority_areas.all())
    target.topics.add(*source.topics.all())
    source.merged_into = target
    source.save(update_fields=["merged_into"])
    change = _change_status(
        source,
        Status.MERGED,
        user=user,
        note=note or _("Merged into “%(title)s”.") % {"title": target.title},
        notify=False,
    )
    _notify(source, change, told)
    question_reindex(question=target)
    matching.index_question(source)
    return target


@transaction.atomic
def question_refine(
    *,
    question: Question,
    user: Any = None,
    title: str,
    text: str = "",
    researchable_question: str = "",
    population: str = "",
    intervention: str = "",
    comparison: str = "",
    outcome: str = "",
    priority_areas: Iterable[Any] = (),
    topics: Iterable[Any] = (),
) -> Question:
    """Rephrase a question as a researchable one (PICO optional); a new question moves to refining."""
    if question.is_merged:
        raise ValidationError(
            _("A merged question cannot be changed; change the one it was merged into.")
        )
    fields = {
        "title": (_("Question"), title, MAX_TITLE),
        "text": (_("Description"), text, MAX_TEXT),
        "researchable_question": (_("Researchable question"), researchable_question, MAX_TEXT),
        "population": (_("Population (P)"), population, 500),
        "intervention": (_("Intervention (I)"), intervention, 500),
        "comparison": (_("Comparison (C)"), comparison, 500),
        "outcome": (_("Outcome (O)"), outcome, 500),
    }
    _check_lengths(fields, required=["title"])
    _guard({name: (label, value) for name, (label, value, _limit) in fields.items()})
    values = {name: (value or "").strip() for name, (_label, value, _limit) in fields.items()}
    for name, value in values.items():
        setattr(question, name, value)
    question.save(update_fields=[*values, "updated_at"])
    question.priority_areas.set(priority_areas)
    question.topics.set(topics)
    if question.status == Status.NEW:
        _change_status(question, Status.REFINING, user=user)
    question_reindex(question=question)
    return question


@transaction.atomic
def evidence_check_record(
    *,
    question: Question,
    user: Any = None,
    sources_searched: str,
    findings: str,
    verdict: str,
    search_terms: str = "",
    references: str = "",
    answer: str = "",
    evidence: Iterable[Model] = (),
    publish: bool = True,
) -> EvidenceCheck:
    """Record an evidence check; its verdict becomes the status and answers go back to the askers."""
    if question.is_merged:
        raise ValidationError(
            _("A merged question cannot be changed; change the one it was merged into.")
        )
    if verdict not in Verdict.values:
        raise ValidationError({"verdict": _("Choose a verdict.")})
    fields = {
        "sources_searched": (_("Sources searched"), sources_searched, MAX_TEXT),
        "search_terms": (_("Search terms"), search_terms, MAX_TEXT),
        "findings": (_("What was found"), findings, MAX_TEXT),
        "references": (_("References"), references, MAX_TEXT),
        "answer": (_("Answer to the askers"), answer, MAX_TEXT),
    }
    required = ["sources_searched", "findings"]
    if verdict in (Verdict.ANSWERED, Verdict.PARTLY_ANSWERED):
        required.append("answer")
    _check_lengths(fields, required=required)
    _guard({name: (label, value) for name, (label, value, _limit) in fields.items()})
    check = EvidenceCheck.objects.create(
        question=question,
        checked_by=user if user is not None and user.is_authenticated else None,
        **{name: (value or "").strip() for name, (_label, value, _limit) in fields.items()},
        verdict=verdict,
    )
    for record in evidence:
        link_add(a=question, b=record, user=user, note=_("Evidence"))
    if verdict == Verdict.ANSWERED and publish:
        question.visibility = Visibility.PUBLIC
        question.published_at = question.published_at or timezone.now()
        question.save(update_fields=["visibility", "published_at", "updated_at"])
    _change_status(question, verdict, user=user)
    return check


@transaction.atomic
def question_set_status(
    *, question: Question, status: str, user: Any = None, note: str = ""
) -> Question:
    """Set a question's status by hand (e.g. research under way, closed) and tell the askers."""
    if question.is_merged:
        raise ValidationError(
            _("A merged question cannot be changed; change the one it was merged into.")
        )
    if status not in MANUAL_STATUSES:
        raise ValidationError(
            {"status": _("This status is set by merging or by an evidence check.")}
        )
    if status == question.status:
        raise ValidationError({"status": _("The question already has this status.")})
    _check_lengths({"note": (_("Note"), note, MAX_TEXT)})
    _guard({"note": (_("Note"), note)})
    _change_status(question, status, user=user, note=note.strip())
    if status == Status.CLOSED:
        matching.index_question(question)
    elif not question.is_merged:
        question_reindex(question=question)
    return question


@transaction.atomic
def question_publish(*, question: Question, public: bool = True) -> Question:
    """Make a question's page public (or internal again); original submissions are never public."""
    question.visibility = Visibility.PUBLIC if public else Visibility.INTERNAL
    question.published_at = (question.published_at or timezone.now()) if public else None
    question.save(update_fields=["visibility", "published_at", "updated_at"])
    return question


@transaction.atomic
def question_link_outcome(
    *, question: Question, record: Model, user: Any = None, notify: bool = True
) -> Question:
    """Link what came out of a question (project, plan, seminar, episode, digest); a project starts research."""
    if question.is_merged:
        raise ValidationError(
            _("A merged question cannot be changed; change the one it was merged into.")
        )
    link_add(a=question, b=record, user=user)
    node = node_for(record)
    if node is not None and node.stage == "project" and question.status != Status.IN_RESEARCH:
        _change_status(
            question,
            Status.IN_RESEARCH,
            user=user,
            note=_("Became the project “%(title)s”.") % {"title": str(record)},
            notify=notify,
        )
    return question


# ---- researchers' interest -------------------------------------------------------------------


@transaction.atomic
def interest_add(*, question: Question, person: Person, note: str = "") -> Interest:
    if not question.is_open:
        raise ValidationError(_("This question is not open for researchers' interest."))
    if Interest.objects.filter(question=question, person=person).exists():
        raise ValidationError(_("You have already said you are interested in this question."))
    _check_lengths({"note": (_("Note"), note, MAX_TEXT)})
    _guard({"note": (_("Note"), note)})
    return Interest.objects.create(question=question, person=person, note=note.strip())


@transaction.atomic
def interest_withdraw(*, question: Question, person: Person) -> None:
    deleted, _rows = Interest.objects.filter(
        question=question, person=person, state=Interest.State.INTERESTED
    ).delete()
    if not deleted:
        raise ValidationError(_("There is no interest to withdraw."))


@transaction.atomic
def interest_connect(*, interest: Interest, user: Any = None) -> Interest:
    """Connect an interested researcher with the question: both the researcher and the askers are told."""
    if interest.state == Interest.State.CONNECTED:
        raise ValidationError(_("This researcher is already connected with the question."))
    interest.state = Interest.State.CONNECTED
    interest.connected_at = timezone.now()
    interest.connected_by = user if user is not None and user.is_authenticated else None
    interest.save(update_fields=["state", "connected_at", "connected_by"])
    question = interest.question
    visible_askers: list[User] = [
        s.user
        for s in question.submissions.select_related("user").exclude(user=None)
        if s.user is not None and not s.anonymous
    ] + [s.user for s in question.supporters.select_related("user") if not s.anonymous]
    hidden = len(askers_of(question)) - len({u.pk for u in visible_askers})
    researcher_email = interest.person.email or (
        interest.person.user.email if interest.person.user else ""
    )
    askers = askers_of(question)

    def send() -> None:
        with translation.override(settings.LANGUAGE_CODE):
            context = {
                "question": question,
                "interest": interest,
                "askers": list({u.pk: u for u in visible_askers}.values()),
                "hidden": hidden,
                "site_url": settings.SITE_URL,
            }
            if researcher_email:
                EmailMessage(
                    subject=render_to_string(
                        "questions/mail/connected_subject.txt", context
                    ).strip(),
                    body=render_to_string("questions/mail/connected_researcher.txt", context),
                    to=[researcher_email],
                ).send(fail_silently=True)
            for user_ in askers:
                EmailMessage(
                    subject=render_to_string(
                        "questions/mail/connected_subject.txt", context
                    ).strip(),
                    body=render_to_string(
                        "questions/mail/connected_asker.txt", {**context, "user": user_}
                    ),
                    to=[user_.email],
                ).send(fail_silently=True)

    transaction.on_commit(send)
    StatusChange.objects.create(
        question=question,
        status=question.status,
        note=_("A researcher was connected with the question: %(name)s.")
        % {"name": interest.person.full_name},
        changed_by=interest.connected_by,
    )
    return interest


# ---- prioritisation rounds -------------------------------------------------------------------


def _check_round(opens_on: Any, closes_on: Any, groups: Sequence[str]) -> None:
    errors: dict[str, str] = {}
    if opens_on and closes_on and closes_on < opens_on:
        errors["closes_on"] = _("Voting must close on or after the day it opens.")
    if not groups:
        errors["groups"] = _("Choose at least one participant group.")
    elif any(g not in Group.values for g in groups):
        errors["groups"] = _("Unknown participant group.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def round_save(*, round: Round | None = None, user: Any = None, **fields: Any) -> Round:
    """Create or change a prioritisation round (its period and participant groups)."""
    _check_round(fields.get("opens_on"), fields.get("closes_on"), fields.get("groups", []))
    _guard({"description": (_("Description"), fields.get("description", ""))})
    creating = round is None
    if round is not None and round.published_at:
        raise ValidationError(_("A published round can no longer be changed."))
    round = round or Round(created_by=user if user is not None and user.is_authenticated else None)
    for name, value in fields.items():
        setattr(round, name, value)
    if creating:
        round.slug = unique_slug(Round, fields["title"])
    round.full_clean()
    round.save()
    return round


@transaction.atomic
def round_add_questions(*, round: Round, questions: Iterable[Question]) -> int:
    """Put questions on a round's list (before voting opens)."""
    if round.published_at or round.participants.filter(voted_at__isnull=False).exists():
        raise ValidationError(_("Questions can no longer be added: votes have been cast."))
    added = 0
    for question in questions:
        if question.is_merged or question.status in (Status.ANSWERED, Status.CLOSED):
            raise ValidationError(
                _("“%(title)s” cannot be prioritised: it is answered, closed or merged.")
                % {"title": question.title}
            )
        _entry, created = RoundEntry.objects.get_or_create(round=round, question=question)
        added += created
    return added


@transaction.atomic
def round_remove_question(*, round: Round, question: Question) -> None:
    if round.participants.filter(voted_at__isnull=False).exists():
        raise ValidationError(_("Questions can no longer be removed: votes have been cast."))
    RoundEntry.objects.filter(round=round, question=question).delete()


def group_for(user: Any) -> str:
    """The participant group a person joins by themself, from their current roles."""
    from bryggan.core.access import roles_of

    roles = roles_of(user)
    if roles & {Role.RESEARCHER, Role.PHD_STUDENT, Role.TEACHER}:
        return Group.RESEARCHERS
    if Role.MANAGER in roles:
        return Group.MANAGERS
    return Group.STAFF


@transaction.atomic
def participant_add(*, round: Round, user: User, group: str) -> Participant:
    if group not in round.groups:
        raise ValidationError({"group": _("This group does not take part in the round.")})
    if round.published_at:
        raise ValidationError(_("The round is published; no one can join it any more."))
    participant, created = Participant.objects.get_or_create(
        round=round, user=user, defaults={"group": group}
    )
    if not created:
        if participant.voted_at:
            raise ValidationError(_("This person has already voted in the round."))
        participant.group = group
        participant.save(update_fields=["group"])
    return participant


@transaction.atomic
def round_join(*, round: Round, user: User) -> Participant:
    """Take part in a round yourself, in the group your role belongs to."""
    if not round.is_voting_open():
        raise ValidationError(_("Voting is not open in this round."))
    if Participant.objects.filter(round=round, user=user).exists():
        raise ValidationError(_("You already take part in this round."))
    group = group_for(user)
    if group not in round.groups:
        raise ValidationError(
            _("Your group (%(group)s) does not take part in this round.")
            % {"group": Group(group).label}
        )
    return Participant.objects.create(round=round, user=user, group=group)


@transaction.atomic
def ranking_submit(*, round: Round, user: User, question_ids: Sequence[int]) -> Participant:
    """Replace the user's ballot with `question_ids` in order (rank 1 first, at most ten)."""
    participant = Participant.objects.select_for_update().filter(round=round, user=user).first()
    if participant is None:
        raise ValidationError(_("You do not take part in this round."))
    today = timezone.localdate()
    if not round.is_voting_open(today):
        raise ValidationError(
            _("Voting in this round is open from %(opens)s to %(closes)s; today is %(today)s.")
            % {"opens": round.opens_on, "closes": round.closes_on, "today": today}
        )
    ids = [int(q) for q in question_ids]
    if not ids:
        raise ValidationError(_("Rank at least one question."))
    if len(ids) > MAX_RANKS:
        raise ValidationError(
            _("Rank at most %(max)d questions; you ranked %(count)d.")
            % {"max": MAX_RANKS, "count": len(ids)}
        )
    if len(set(ids)) != len(ids):
        twice = sorted({q for q in ids if ids.count(q) > 1})
        titles = dict(Question.objects.filter(pk__in=twice).values_list("pk", "title"))
        raise ValidationError(
            _("Each question can be ranked only once; you ranked “%(title)s” more than once.")
            % {"title": titles.get(twice[0], twice[0])}
        )
    on_list = set(round.entries.values_list("question_id", flat=True))
    if not set(ids) <= on_list:
        raise ValidationError(_("You can only rank questions on this round's list."))
    participant.rankings.all().delete()
    Ranking.objects.bulk_create(
        [Ranking(participant=participant, question_id=qid, rank=n) for n, qid in enumerate(ids, 1)]
    )
    participant.voted_at = timezone.now()
    participant.save(update_fields=["voted_at"])
    return participant


@transaction.atomic
def round_record_final(
    *, round: Round, positions: dict[int, int | None], workshop_note: str = ""
) -> Round:
    """Record the final workshop ranking: a distinct position for the questions (1 = most important)."""
    if round.published_at:
        raise ValidationError(_("A published round can no longer be changed."))
    if not round.has_closed:
        raise ValidationError(
            _("The final ranking is recorded after voting has closed (%(closes)s).")
            % {"closes": round.closes_on}
        )
    entries = {e.question_id: e for e in round.entries.all()}
    given = {qid: pos for qid, pos in positions.items() if pos}
    if not set(given) <= set(entries):
        raise ValidationError(_("You can only place questions on this round's list."))
    values = list(given.values())
    if len(set(values)) != len(values):
        raise ValidationError(_("Each position can be given to one question only."))
    if any(p < 1 or p > len(entries) for p in values):
        raise ValidationError(_("Positions run from 1 to %(count)d.") % {"count": len(entries)})
    needed = min(TOP_N, len(entries))
    if sorted(values)[:needed] != list(range(1, needed + 1)):
        raise ValidationError(
            _("Give positions 1 to %(n)d without gaps: they make the published Top %(n)d.")
            % {"n": needed}
        )
    _guard({"workshop_note": (_("Notes from the final workshop"), workshop_note)})
    RoundEntry.objects.filter(round=round).update(final_position=None)
    for qid, position in given.items():
        entry = entries[qid]
        entry.final_position = position
        entry.save(update_fields=["final_position"])
    round.workshop_note = workshop_note.strip()
    round.final_recorded_at = timezone.now()
    round.save(update_fields=["workshop_note", "final_recorded_at"])
    return round


@transaction.atomic
def round_publish(*, round: Round, user: Any = None) -> Round:
    """Publish the Top 10 with the full list; the round's questions become public pages."""
    if round.published_at:
        raise ValidationError(_("The round is already published."))
    if round.final_recorded_at is None:
        raise ValidationError(_("Record the final workshop ranking before publishing."))
    round.published_at = timezone.now()
    round.save(update_fields=["published_at"])
    for entry in round.entries.select_related("question"):
        question = entry.question
        question_publish(question=question)
        if (
            entry.final_position
            and entry.final_position <= TOP_N
            and question.status
            in (Status.NEW, Status.REFINING, Status.UNANSWERED, Status.PARTLY_ANSWERED)
        ):
            _change_status(
                question,
                Status.PRIORITISED,
                user=user,
                note=_("Number %(n)d in the Top 10 of “%(round)s”.")
                % {"n": entry.final_position, "round": round.title},
            )
    return round
