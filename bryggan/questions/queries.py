"""Reads for question pages and the API: who asked (with anonymity), round results, the timeline."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from bryggan.cycle.queries import _visible, linked_ids
from bryggan.cycle.registry import STAGES, node_for
from bryggan.questions import ranking
from bryggan.questions.access import may_see_identity
from bryggan.questions.models import Group, Question, Ranking, Round, Status


def asker_name(user: Any, owner: Any, anonymous: bool) -> str | None:
    """The asker's name as `user` may see it; None when it is hidden."""
    if owner is None or not may_see_identity(user, owner.pk, anonymous):
        return None
    person = getattr(owner, "person", None)
    return person.full_name if person else owner.email


def submissions_for(question: Question, user: Any) -> list[dict[str, Any]]:
    rows = []
    for s in question.submissions.select_related("user__person", "unit"):
        rows.append(
            {
                "submission": s,
                "name": asker_name(user, s.user, s.anonymous),
                "mine": bool(user.is_authenticated and s.user_id == user.pk),
            }
        )
    return rows


def supporters_for(question: Question, user: Any) -> list[dict[str, Any]]:
    return [
        {
            "supporter": s,
            "name": asker_name(user, s.user, s.anonymous),
            "mine": bool(user.is_authenticated and s.user_id == user.pk),
        }
        for s in question.supporters.select_related("user__person")
    ]


@dataclass
class Results:
    round: Round
    groups: list[tuple[str, str]]
    counts: dict[str, int]
    rows: list[dict[str, Any]]

    @property
    def ballots(self) -> int:
        return sum(self.counts.values())


def round_results(round_: Round) -> Results:
    """Score the round's ballots: per group and combined, with the final workshop position."""
    entries = list(round_.entries.select_related("question").order_by("pk"))
    question_ids = [e.question_id for e in entries]
    ballots: dict[int, tuple[str, list[tuple[int, int]]]] = {}
    for participant_id, group, qid, rank in Ranking.objects.filter(
        participant__round=round_
    ).values_list("participant_id", "participant__group", "question_id", "rank"):
        ballots.setdefault(participant_id, (group, []))[1].append((rank, qid))
    ordered_ballots = [
        (group, [qid for _rank, qid in sorted(ranks)]) for group, ranks in ballots.values()
    ]
    groups = [g for g in Group.values if g in round_.groups]
    scored, counts = ranking.score(question_ids, ordered_ballots, groups)
    by_question = {e.question_id: e for e in entries}
    rows = [
        {
            "row": row,
            "question": by_question[row.question_id].question,
            "final_position": by_question[row.question_id].final_position,
            "cells": [row.groups[g] for g in groups],
        }
        for row in scored
    ]
    return Results(
        round=round_,
        groups=[(g, str(Group(g).label)) for g in groups],
        counts=counts,
        rows=rows,
    )


def final_order(results: Results) -> list[dict[str, Any]]:
    """Rows in the order of the final workshop ranking (unplaced questions after, by interim score)."""
    return sorted(
        results.rows,
        key=lambda r: (r["final_position"] is None, r["final_position"] or 0, r["row"].position),
    )


# The knowledge cycle with the prioritisation step between the evidence check and the project.
CYCLE_ORDER = [
    "question",
    "evidence",
    "prioritised",
    "project",
    "followup",
    "arena",
    "dissemination",
    "action",
    "result",
]
STATUS_STAGE: dict[str, str] = {
    Status.ANSWERED: "evidence",
    Status.PARTLY_ANSWERED: "evidence",
    Status.UNANSWERED: "evidence",
    Status.PRIORITISED: "prioritised",
    Status.IN_RESEARCH: "project",
}


def _stage_labels() -> dict[str, str]:
    return {"prioritised": _("Prioritised")}


def _when(record: Model) -> datetime | None:
    for name in (
        "start",
        "published_at",
        "publish_at",
        "published_on",
        "published",
        "start_date",
        "date",
        "due",
        "created_at",
    ):
        value = getattr(record, name, None)
        if value is None:
            continue
        if isinstance(value, datetime):
            return value
        if hasattr(value, "year"):
            return datetime(
                value.year, value.month, value.day, tzinfo=timezone.get_current_timezone()
            )
    return None


# Partnerships and organisations say where a record belongs; they are hubs, not steps, so the
# path is never traced through them (else every record of the partnership would join it).
HUB_STAGES = ("governance", "other")
PATH_DEPTH = 6


def path_records(
    question: Question, user: Any, *, max_depth: int = PATH_DEPTH
) -> list[tuple[int, Model]]:
    """Walk the knowledge-cycle links out from the question, through cycle stages only."""
    seen = {(ContentType.objects.get_for_model(question).pk, question.pk)}
    frontier: list[Model] = [question]
    found: list[tuple[int, Model]] = []
    for depth in range(1, max_depth + 1):
        next_frontier: list[Model] = []
        for current in frontier:
            for ct_id, ids in linked_ids(current).items():
                model = ContentType.objects.get_for_id(ct_id).model_class()
                node = node_for(model) if model is not None else None
                new_ids = {i for i in ids if (ct_id, i) not in seen}
                if model is None or node is None or node.stage in HUB_STAGES or not new_ids:
                    continue
                seen.update((ct_id, i) for i in new_ids)
                for record in _visible(model._default_manager.filter(pk__in=new_ids), user):
                    found.append((depth, record))
                    # Another question has its own path; it is a neighbour, not a step of this one.
                    if not isinstance(record, Question):
                        next_frontier.append(record)
        frontier = next_frontier
    return found


def _url(record: Model) -> str:
    if hasattr(record, "get_absolute_url"):
        return str(record.get_absolute_url())
    # An action tried in practice is shown on the page of the meeting that decided it.
    owner = getattr(record, "event", None)
    if owner is None or not hasattr(owner, "get_absolute_url"):
        return ""
    return str(owner.get_absolute_url())


def timeline(question: Question, user: Any) -> list[dict[str, Any]]:
    """The question's path in the order of the knowledge cycle: its own steps, then linked records."""
    from bryggan.core.access import is_partnership_staff

    # Notes are written to the askers; the public sees the steps without them.
    staff = is_partnership_staff(user)
    steps: list[dict[str, Any]] = []
    checks = list(question.evidence_checks.all().order_by("checked_at"))
    for change in question.history.all():
        if any(
            c.verdict == change.status
            and abs((c.checked_at - change.changed_at).total_seconds()) < 300
            for c in checks
        ):
            continue  # shown once, as the evidence check below
        stage = STATUS_STAGE.get(change.status, "question")
        steps.append(
            {
                "stage": stage,
                "stage_label": _stage_labels().get(stage) or STAGES[stage],
                "title": change.get_status_display(),
                "note": change.note if staff else "",
                "when": change.changed_at,
                "url": "",
            }
        )
    for check in checks:
        steps.append(
            {
                "stage": "evidence",
                "stage_label": STAGES["evidence"],
                "title": _("Evidence check: %(verdict)s")
                % {"verdict": check.get_verdict_display()},
                "note": "",
                "when": check.checked_at,
                "url": "",
            }
        )
    for entry in question.round_entries.select_related("round").exclude(round__published_at=None):
        steps.append(
            {
                "stage": "prioritised",
                "stage_label": _("Prioritised"),
                "title": _("Place %(n)s in “%(round)s”")
                % {"n": entry.final_position or "–", "round": entry.round.title},
                "note": "",
                "when": entry.round.published_at,
                "url": entry.round.get_absolute_url(),
            }
        )
    for depth, record in path_records(question, user):
        node = node_for(record)
        if node is None or isinstance(record, Question):
            continue
        steps.append(
            {
                "stage": node.stage,
                "stage_label": STAGES[node.stage],
                "title": str(record),
                "note": "" if depth == 1 else _("linked through an earlier step"),
                "when": _when(record),
                "url": _url(record),
            }
        )
    order = CYCLE_ORDER + [s for s in STAGES if s not in CYCLE_ORDER]
    far_future = timezone.now().replace(year=9999)
    return sorted(steps, key=lambda s: (order.index(s["stage"]), s["when"] or far_future))


def progress(question: Question) -> list[dict[str, Any]]:
    """The asker's view of where a question stands, as steps done and to come."""
    reached = set(question.history.values_list("status", flat=True))
    steps = [
        (_("Received"), True),
        (_("Refined"), bool(reached & {Status.REFINING}) or question.evidence_checks.exists()),
        (_("Evidence checked"), question.evidence_checks.exists()),
        (_("Prioritised"), Status.PRIORITISED in reached),
        (_("Research under way"), Status.IN_RESEARCH in reached),
    ]
    return [{"label": label, "done": done} for label, done in steps]
