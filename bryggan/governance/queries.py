"""Reads for governance pages and the API: overview, funding table, decision log, agendas, timelines.

Every function here makes a fixed number of queries, whatever the number of rows it returns
(bench/bench_governance.py checks this with 300 parties and 100,000 decisions).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from bryggan.core.cache import cached_fragment
from bryggan.governance.access import visible
from bryggan.governance.models import (
    ActionItem,
    Agreement,
    BaseFunding,
    Body,
    BodyEvent,
    Decision,
    Meeting,
    Membership,
    Partnership,
    Party,
)

MAX_CHAIN = 5  # how far back a body's predecessors are followed (reference group → steering group)
REFERENCE = re.compile(
    r"^\s*(?P<prefix>[^\d\s:]{1,12})?\s*(?P<year>\d{4})\s*:\s*(?P<number>\d+)\s*$"
)


def _year_bounds(year: int) -> tuple[datetime, datetime]:
    tz = timezone.get_current_timezone()
    return (
        datetime.combine(date(year, 1, 1), time.min, tzinfo=tz),
        datetime.combine(date(year + 1, 1, 1), time.min, tzinfo=tz),
    )


def predecessor_ids(body: Body) -> list[int]:
    """Ids of the bodies that became `body`, and of the bodies that became those (one query a step)."""
    found: list[int] = []
    frontier = [body.pk]
    for _step in range(MAX_CHAIN):
        frontier = list(Body.objects.filter(succeeded_by__in=frontier).values_list("pk", flat=True))
        if not frontier:
            break
        found.extend(frontier)
    return found


# ---- the partnership overview ------------------------------------------------------------------


@dataclass
class PartyRow:
    party: Party
    amount: int | None
    previous: int | None


def party_rows(partnership: Partnership, year: int) -> tuple[list[PartyRow], int, int]:
    """Parties during `year` with their base funding that year and the year before, and the totals."""
    parties = list(
        partnership.parties.in_year(year)
        .select_related("organisation")
        .order_by("organisation__name_sv")
    )
    amounts = {
        (party_id, y): amount
        for party_id, y, amount in BaseFunding.objects.filter(
            party__partnership=partnership, year__in=[year, year - 1]
        ).values_list("party_id", "year", "amount")
    }
    rows = [PartyRow(p, amounts.get((p.pk, year)), amounts.get((p.pk, year - 1))) for p in parties]
    total = sum(a for (_p, y), a in amounts.items() if y == year)
    previous_total = sum(a for (_p, y), a in amounts.items() if y == year - 1)
    return rows, total, previous_total


@dataclass
class PartiesSection:
    """The rendered parties table of the overview with the figures it holds."""

    html: str
    count: int
    total: int
    previous_total: int


def parties_section(partnership: Partnership, year: int, *, editor: bool) -> PartiesSection:
    """Render the parties and their base funding once; kept until any content changes.

    Parties and funding look the same to everyone who may see the partnership (only the edit
    links differ), so 300 municipalities cost one cache read instead of a page of rows.
    """

    def build() -> PartiesSection:
        rows, total, previous_total = party_rows(partnership, year)
        html = render_to_string(
            "governance/_overview_parties.html",
            {
                "partnership": partnership,
                "rows": rows,
                "total": total,
                "previous_total": previous_total,
                "year": year,
                "previous_year": year - 1,
                "can_edit": editor,
            },
        )
        return PartiesSection(html, len(rows), total, previous_total)

    return cached_fragment(f"governance-parties:{partnership.pk}:{year}:{int(editor)}", build)


@dataclass
class Overview:
    """Everything the partnership page shows for one year; each region is its own template partial."""

    partnership: Partnership
    year: int
    parties: PartiesSection
    bodies: list[Body]
    upcoming_meetings: list[Meeting]
    open_actions: list[ActionItem]
    figures: dict[str, Any]
    agreements: list[Agreement]
    areas: list[Any] = field(default_factory=list)


def partnership_overview(
    partnership: Partnership, user: Any, year: int, *, editor: bool = False
) -> Overview:
    """Collect parties, bodies, meetings, actions, funding and key figures for `year`."""
    today = timezone.localdate()
    parties = parties_section(partnership, year, editor=editor)
    bodies = list(
        visible(Body.objects.filter(partnership=partnership).active(), user)
        .annotate(
            member_count=Count(
                "memberships",
                filter=Q(memberships__start__lte=today)
                & (Q(memberships__end__isnull=True) | Q(memberships__end__gte=today)),
            )
        )
        .prefetch_related(
            Prefetch(
                "memberships",
                queryset=Membership.objects.current()
                .filter(role=Membership.Role.CHAIR)
                .select_related("person"),
                to_attr="chairs",
            )
        )
        .order_by("kind", "name_sv")
    )
    meetings = visible(Meeting.objects.filter(body__partnership=partnership), user)
    upcoming = list(meetings.upcoming().select_related("body")[:6])
    year_start, year_end = _year_bounds(year)
    actions = visible(ActionItem.objects.open().filter(body__partnership=partnership), user)
    open_actions = list(
        actions.select_related("owner", "body", "meeting").order_by(
            F("due").asc(nulls_last=True), "pk"
        )[:10]
    )
    action_counts = actions.aggregate(
        open=Count("pk"), overdue=Count("pk", filter=Q(due__lt=today))
    )
    held = (
        meetings.filter(
            start__gte=year_start,
            start__lt=min(year_end, timezone.now()),
            status=Meeting.Status.SCHEDULED,
        ).count()
        if year_start < timezone.now()
        else 0
    )
    decisions = visible(Decision.objects.filter(body__partnership=partnership, year=year), user)
    agreements = list(
        visible(Agreement.objects.filter(partnership=partnership), user).order_by(
            F("end").desc(nulls_first=True), "-start"
        )
    )
    figures = {
        "parties": parties.count,
        "bodies": len(bodies),
        "meetings_held": held,
        "decisions": decisions.count(),
        "open_actions": action_counts["open"],
        "overdue_actions": action_counts["overdue"],
        "funding_total": parties.total,
        "funding_change": parties.total - parties.previous_total
        if parties.previous_total
        else None,
        "agreements_in_force": sum(1 for a in agreements if a.start <= today and not a.has_ended),
    }
    return Overview(
        partnership=partnership,
        year=year,
        parties=parties,
        bodies=bodies,
        upcoming_meetings=upcoming,
        open_actions=open_actions,
        figures=figures,
        agreements=agreements,
        areas=list(partnership.priority_areas.all()),
    )


# ---- base funding ------------------------------------------------------------------------------


@dataclass
class FundingTable:
    years: list[int]
    rows: list[dict[str, Any]]
    totals: list[int]


def funding_table(partnership: Partnership, *, last_years: int = 6) -> FundingTable:
    """Base funding per party (rows) and year (columns), with totals per year (two queries)."""
    funding = list(
        BaseFunding.objects.filter(party__partnership=partnership).values_list(
            "party_id", "year", "amount"
        )
    )
    years = sorted({y for _p, y, _a in funding})[-last_years:]
    cells = {(p, y): a for p, y, a in funding}
    parties = partnership.parties.select_related("organisation").order_by("organisation__name_sv")
    rows = [
        {"party": party, "amounts": [cells.get((party.pk, y)) for y in years]} for party in parties
    ]
    totals = [sum(a for (_p, yy), a in cells.items() if yy == y) for y in years]
    return FundingTable(years=years, rows=rows, totals=totals)


# ---- decision log ------------------------------------------------------------------------------


def decision_log(
    user: Any,
    *,
    body: Body | None = None,
    partnership: Partnership | None = None,
    q: str = "",
    year: int | None = None,
) -> QuerySet[Decision]:
    """Decisions the user may see, newest first; `q` finds words or a number such as "SG 2026:3"."""
    rows = visible(Decision.objects.all(), user)
    if body is not None:
        rows = rows.filter(body=body)
    if partnership is not None:
        rows = rows.filter(body__partnership=partnership)
    if year:
        rows = rows.filter(year=year)
    match = REFERENCE.match(q or "")
    if match:
        rows = rows.filter(year=int(match["year"]), number=int(match["number"]))
        if match["prefix"]:
            rows = rows.filter(body__prefix__iexact=match["prefix"])
    else:
        for word in (q or "").split()[:8]:
            rows = rows.filter(Q(title__icontains=word) | Q(text__icontains=word))
    return rows.select_related("body", "body__partnership").order_by(
        "-decided_on", "-number", "-id"
    )


@dataclass
class Window:
    """One page of a long list, without counting the whole list (100,000 decisions stay cheap)."""

    rows: list[Any]
    number: int
    per_page: int
    has_next: bool

    @classmethod
    def of(cls, queryset: QuerySet, page: str | None, per_page: int) -> Window:
        try:
            number = max(1, int(page or 1))
        except ValueError:
            number = 1
        offset = (number - 1) * per_page
        rows = list(queryset[offset : offset + per_page + 1])
        return cls(rows[:per_page], number, per_page, len(rows) > per_page)

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def start_index(self) -> int:
        return (self.number - 1) * self.per_page + 1 if self.rows else 0

    @property
    def end_index(self) -> int:
        return (self.number - 1) * self.per_page + len(self.rows)

    def __iter__(self) -> Any:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)


# ---- agendas and timelines ---------------------------------------------------------------------


def open_actions_on_agenda(meeting: Meeting, user: Any) -> list[ActionItem]:
    """Actions from earlier meetings of the body (and the bodies it came from) still open at this one.

    For a meeting to come that is every open action; for a past meeting, those that were open when
    it started, so an old agenda reads as it did on the day.
    """
    bodies = [meeting.body_id, *predecessor_ids(meeting.body)]
    rows = ActionItem.objects.filter(
        Q(closed_at__isnull=True) | Q(closed_at__gt=meeting.start),
        body_id__in=bodies,
        meeting__start__lt=meeting.start,
    )
    if meeting.is_past:
        rows = rows.exclude(closed_at__isnull=True, status__in=["done", "dropped"])
    else:
        rows = rows.filter(status__in=ActionItem.OPEN)
    return list(
        visible(rows, user)
        .select_related("owner", "meeting", "meeting__body", "body")
        .order_by(F("due").asc(nulls_last=True), "pk")
    )


@dataclass
class TimelineEntry:
    on: date
    text: str
    body: Body | None = None
    link: Body | None = None
    note: str = ""


def body_timeline(body: Body, user: Any) -> list[TimelineEntry]:
    """The body's history, including the bodies it came from: changes, seats, meetings per year."""
    chain = [body.pk, *predecessor_ids(body)]
    events = list(BodyEvent.objects.filter(body_id__in=chain).select_related("body", "other"))
    named = {e.body_id for e in events} | {e.other_id for e in events if e.other_id}
    # Bodies the user may not see stay unnamed: their existence is not revealed.
    seen = set(visible(Body.objects.filter(pk__in=named), user).values_list("pk", flat=True))
    seen.add(body.pk)
    entries: list[TimelineEntry] = []
    for event in events:
        if event.body_id not in seen:
            continue
        if event.other_id and event.other_id not in seen:
            hidden = {
                BodyEvent.Kind.TRANSFORMED_FROM: _("%(body)s was formed from an earlier body."),
                BodyEvent.Kind.TRANSFORMED_INTO: _("%(body)s became a new body."),
            }[BodyEvent.Kind(event.kind)]
            entries.append(
                TimelineEntry(on=event.on, text=hidden % {"body": event.body.name}, note=event.note)
            )
            continue
        text = {
            BodyEvent.Kind.ESTABLISHED: _("%(body)s was established."),
            BodyEvent.Kind.TRANSFORMED_FROM: _("%(body)s was formed from %(other)s."),
            BodyEvent.Kind.TRANSFORMED_INTO: _("%(body)s became %(other)s."),
            BodyEvent.Kind.CHANGED: _("%(body)s was changed."),
            BodyEvent.Kind.ARCHIVED: _("%(body)s was archived."),
            BodyEvent.Kind.REOPENED: _("%(body)s was taken out of the archive."),
        }[BodyEvent.Kind(event.kind)] % {
            "body": event.body.name,
            "other": event.other.name if event.other else "",
        }
        if event.kind == BodyEvent.Kind.TRANSFORMED_FROM and event.other_id in chain:
            continue  # shown once, as "the earlier body became this one"
        entries.append(
            TimelineEntry(
                on=event.on, text=text, body=event.body, link=event.other, note=event.note
            )
        )
    for seat in (
        Membership.objects.filter(body=body).select_related("person").order_by("start", "pk")
    ):
        role = seat.get_role_display().lower()
        entries.append(
            TimelineEntry(
                on=seat.start,
                text=_("%(person)s took a seat as %(role)s.")
                % {"person": seat.person.full_name, "role": role},
            )
        )
        if seat.end and (body.ended is None or seat.end < body.ended):
            entries.append(
                TimelineEntry(
                    on=seat.end,
                    text=_("%(person)s's term as %(role)s ended.")
                    % {"person": seat.person.full_name, "role": role},
                )
            )
    meetings = visible(Meeting.objects.filter(body_id__in=chain, start__lt=timezone.now()), user)
    per_year = (
        meetings.exclude(status=Meeting.Status.CANCELLED)
        .values("body", "start__year")
        .annotate(n=Count("pk"))
        .order_by()
    )
    decided = dict(
        ((row["body"], row["year"]), row["n"])
        for row in visible(Decision.objects.filter(body_id__in=chain), user)
        .values("body", "year")
        .annotate(n=Count("pk"))
        .order_by()
    )
    names = dict(Body.objects.filter(pk__in=chain).values_list("pk", "name_sv"))
    if body.name_en:
        names[body.pk] = body.name
    for row in per_year:
        y, body_id = row["start__year"], row["body"]
        entries.append(
            TimelineEntry(
                on=date(y, 12, 31) if y < timezone.localdate().year else timezone.localdate(),
                text=ngettext(
                    "%(year)d: %(body)s held %(meetings)d meeting and made %(decisions)d decisions.",
                    "%(year)d: %(body)s held %(meetings)d meetings and made %(decisions)d decisions.",
                    row["n"],
                )
                % {
                    "year": y,
                    "body": names.get(body_id, ""),
                    "meetings": row["n"],
                    "decisions": decided.get((body_id, y), 0),
                },
            )
        )
    return sorted(entries, key=lambda e: e.on)
