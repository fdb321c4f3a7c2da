"""Writes for partnerships and their governance: parties, funding, agreements, bodies, meetings.

Every function checks its input first and writes inside one transaction, so a refused change
leaves nothing half-saved. Errors are translated ValidationErrors keyed by the field they concern;
views put them next to the form field, the API returns them as 422.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from typing import Any

import nh3
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Max, Q
from django.template.loader import render_to_string
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from bryggan.governance.models import (
    FIRST_YEAR,
    LAST_YEAR,
    MAX_MEETING_DAYS,
    ActionItem,
    AgendaItem,
    Agreement,
    BaseFunding,
    Body,
    BodyEvent,
    Decision,
    Meeting,
    MeetingDocument,
    Membership,
    Minutes,
    Partnership,
    Party,
)
from bryggan.lib.ical import CalendarItem, build_calendar
from bryggan.people.models import Organisation, Person, User
from bryggan.people.services import unique_slug

MINUTES_TAGS = {"p", "br", "strong", "em", "ul", "ol", "li", "h2", "h3", "h4", "a", "blockquote"}
# Changes to these fields are what calendar clients must pick up, so they raise SEQUENCE.
CALENDAR_FIELDS = ("title", "start", "end", "place", "online_url", "status")
PRODID = "-//Bryggan//Governance//SV"


def sanitise_html(text: str) -> str:
    """Keep the harmless formatting of rich text and drop scripts, styles and event handlers."""
    return nh3.clean(
        text, tags=MINUTES_TAGS, attributes={"a": {"href"}}, url_schemes={"http", "https", "mailto"}
    )


def _day(value: date | None) -> str:
    return formats.date_format(value, "Y-m-d") if value else "…"


def _raise(errors: dict[str, str]) -> None:
    if errors:
        raise ValidationError(errors)


# ---- partnerships, parties and base funding ----------------------------------------------------


@transaction.atomic
def party_save(
    *,
    partnership: Partnership,
    organisation: Organisation,
    role: str,
    mission: str = "",
    joined: date | None = None,
    left: date | None = None,
    party: Party | None = None,
) -> Party:
    """Add an organisation as a party of a partnership, or change a party's role, mission or period."""
    errors: dict[str, str] = {}
    if joined and left and left < joined:
        errors["left"] = _("A party cannot leave before it joined.")
    others = Party.objects.filter(partnership=partnership, organisation=organisation)
    if party is not None:
        others = others.exclude(pk=party.pk)
    if others.exists():
        errors["organisation"] = _("%(org)s is already a party of this partnership.") % {
            "org": organisation.name
        }
    if party is not None and not errors:
        # Base funding already recorded must stay inside the party's period: nothing is lost.
        outside = party.funding.filter(
            Q(year__lt=joined.year if joined else FIRST_YEAR)
            | Q(year__gt=left.year if left else LAST_YEAR)
        ).order_by("year")
        first = outside.first()
        if first is not None:
            errors["left" if left and first.year > left.year else "joined"] = _(
                "%(org)s has base funding recorded for %(year)d, outside the new period."
            ) % {"org": organisation.name, "year": first.year}
    _raise(errors)
    party = party or Party(partnership=partnership)
    party.organisation, party.role, party.mission = organisation, role, mission.strip()
    party.joined, party.left = joined, left
    party.save()
    return party


@transaction.atomic
def partnership_areas_set(*, partnership: Partnership, areas: Iterable[Any]) -> Partnership:
    """Set the priority areas the owners chose; records everywhere in Bryggan use them as tags."""
    partnership.priority_areas.set(areas)
    return partnership


@transaction.atomic
def funding_set(
    *,
    partnership: Partnership,
    party: Party | None,
    year: int | None,
    amount: int | None,
    note: str = "",
) -> BaseFunding:
    """Record what a party pays in base funding for a year (replacing an earlier figure)."""
    errors: dict[str, str] = {}
    if party is None:
        errors["party"] = _(
            "Choose the party that pays: a funding year always belongs to a party of the "
            "partnership."
        )
    elif party.partnership_id != partnership.pk:
        errors["party"] = _("%(org)s is not a party of %(partnership)s.") % {
            "org": party.organisation.name,
            "partnership": partnership.name,
        }
    if year is None or not FIRST_YEAR <= year <= LAST_YEAR:
        errors["year"] = _("Give a year between %(first)d and %(last)d.") % {
            "first": FIRST_YEAR,
            "last": LAST_YEAR,
        }
    elif party is not None and "party" not in errors and not party.took_part_in(year):
        errors["year"] = _(
            "%(org)s was not a party in %(year)d (a party from %(joined)s to %(left)s)."
        ) % {
            "org": party.organisation.name,
            "year": year,
            "joined": _day(party.joined),
            "left": _day(party.left),
        }
    if amount is None or amount < 0:
        errors["amount"] = _("Give the amount in whole kronor (0 or more).")
    _raise(errors)
    assert party is not None and year is not None and amount is not None
    row, _created = BaseFunding.objects.update_or_create(
        party=party, year=year, defaults={"amount": amount, "note": note.strip()}
    )
    return row


# ---- agreements --------------------------------------------------------------------------------


def _check_agreement(
    partnership: Partnership,
    parties: list[Party],
    start: date | None,
    end: date | None,
    notice_date: date | None,
) -> None:
    errors: dict[str, str] = {}
    if len(parties) < 2:
        errors["parties"] = _("An agreement needs at least two parties.")
    strangers = [p for p in parties if p.partnership_id != partnership.pk]
    if strangers:
        errors["parties"] = _("%(org)s is not a party of this partnership.") % {
            "org": strangers[0].organisation.name
        }
    if start and end and end < start:
        errors["end"] = _("The agreement cannot end before it starts.")
    if notice_date and start and notice_date < start:
        errors["notice_date"] = _(
            "The renewal or notice date cannot be before the agreement starts."
        )
    elif notice_date and end and notice_date > end:
        errors["notice_date"] = _("The renewal or notice date cannot be after the agreement ends.")
    _raise(errors)


@transaction.atomic
def agreement_save(
    *,
    partnership: Partnership,
    parties: Iterable[Party],
    coordinators: Iterable[Person] = (),
    document: Any = None,
    agreement: Agreement | None = None,
    **fields: Any,
) -> Agreement:
    """Create or change an agreement; a new signed document is stored beside the old one."""
    parties = list(parties)
    agreement = agreement or Agreement(partnership=partnership)
    for name, value in fields.items():
        setattr(agreement, name, value)
    _check_agreement(partnership, parties, agreement.start, agreement.end, agreement.notice_date)
    agreement.full_clean(exclude=["document", "partnership"])
    if document:
        # The storage API (local disk or S3): the earlier file is kept, nothing is overwritten.
        agreement.document.save(document.name, document, save=False)
    agreement.save()
    agreement.parties.set(parties)
    agreement.coordinators.set(coordinators)
    return agreement


def reminder_recipients(agreement: Agreement) -> list[str]:
    """E-mail addresses of the agreement's coordinators (their account, else their contact address)."""
    addresses = []
    for person in agreement.coordinators.select_related("user"):
        email = person.user.email if person.user else person.email
        if email and email not in addresses:
            addresses.append(email)
    return addresses


def agreements_due(today: date | None = None) -> list[Agreement]:
    """Agreements whose reminder day has come and whose coordinators were not yet reminded."""
    today = today or timezone.localdate()
    candidates = Agreement.objects.filter(
        Q(notice_date__gte=today) | Q(notice_date__isnull=True, end__gte=today)
    ).select_related("partnership")
    return [
        a
        for a in candidates
        if a.deadline is not None
        and a.remind_on is not None
        and a.remind_on <= today
        and a.reminded_for != a.deadline
    ]


@transaction.atomic
def agreement_remind(*, agreement: Agreement) -> int:
    """Send the reminder for the agreement's next deadline once; return how many were e-mailed."""
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    if agreement.deadline is None or agreement.reminded_for == agreement.deadline:
        return 0
    recipients = reminder_recipients(agreement)
    agreement.reminded_for, agreement.reminded_at = agreement.deadline, timezone.now()
    agreement.save(update_fields=["reminded_for", "reminded_at"])
    if recipients:
        with translation.override(settings.LANGUAGE_CODE):
            context = {
                "agreement": agreement,
                "days_left": (agreement.deadline - timezone.localdate()).days,
                "site_url": settings.SITE_URL,
            }
            subject = render_to_string(
                "governance/mail/agreement_reminder_subject.txt", context
            ).strip()
            body = render_to_string("governance/mail/agreement_reminder.txt", context)
        # Sent inside the transaction: if the mail server refuses, nothing is marked as reminded
        # and the next run tries again.
        EmailMessage(subject=subject, body=body, to=recipients).send(fail_silently=False)
    return len(recipients)


# ---- bodies and their history ------------------------------------------------------------------


def _history(
    body: Body, kind: str, on: date, user: User | None, note: str = "", **more: Any
) -> None:
    BodyEvent.objects.create(body=body, kind=kind, on=on, note=note, created_by=user, **more)


@transaction.atomic
def body_save(
    *,
    body: Body | None = None,
    partnership: Partnership | None = None,
    user: User | None = None,
    **fields: Any,
) -> Body:
    """Create a body (its history starts with "established") or change it (the change is logged)."""
    creating = body is None
    if body is None:
        body = Body(partnership=partnership)
    before = {name: getattr(body, name) for name in ("name_sv", "kind", "mandate", "prefix")}
    for name, value in fields.items():
        setattr(body, name, value)
    if not body.prefix:
        body.prefix = Body.PREFIXES.get(Body.Kind(body.kind), "")
    if body.ended and body.established and body.ended < body.established:
        raise ValidationError({"ended": _("A body cannot end before it is established.")})
    if creating:
        assert partnership is not None
        body.slug = unique_slug(
            Body, f"{partnership.short_name or partnership.slug} {body.name_sv}"
        )
    body.full_clean(exclude=["partnership", "succeeded_by"])
    body.save()
    if creating:
        _history(body, BodyEvent.Kind.ESTABLISHED, body.established, user)
    else:
        changed = [
            str(getattr(Body._meta.get_field(name), "verbose_name", name))
            for name, value in before.items()
            if getattr(body, name) != value
        ]
        if changed:
            _history(
                body,
                BodyEvent.Kind.CHANGED,
                timezone.localdate(),
                user,
                _("Changed: %(fields)s.") % {"fields": ", ".join(changed)},
            )
    return body


@transaction.atomic
def body_transform(
    *,
    body: Body,
    kind: str,
    name_sv: str,
    on: date,
    name_en: str = "",
    prefix: str = "",
    mandate: str = "",
    note: str = "",
    carry_members: bool = True,
    user: User | None = None,
) -> Body:
    """Turn a body into a new one (a reference group becomes a steering group); both keep their history.

    The old body ends the day before; its current members get seats in the new body from `on` when
    `carry_members`; meetings planned from `on` move to the new body. Open actions stay with the old
    body and keep returning to the agenda, now the new body's.
    """
    body = Body.objects.select_for_update().get(pk=body.pk)
    errors: dict[str, str] = {}
    if body.succeeded_by_id:
        errors["kind"] = _("%(body)s has already become %(other)s.") % {
            "body": body.name,
            "other": body.succeeded_by.name,  # type: ignore[union-attr]
        }
    elif body.archived:
        errors["kind"] = _(
            "An archived body cannot be transformed; take it out of the archive first."
        )
    if on <= body.established:
        errors["on"] = _("The new body must start after %(body)s was established (%(date)s).") % {
            "body": body.name,
            "date": _day(body.established),
        }
    if body.ended and on > body.ended + timedelta(days=1):
        errors["on"] = _("%(body)s ended on %(date)s; the new body must follow on from it.") % {
            "body": body.name,
            "date": _day(body.ended),
        }
    start_of_day = datetime.combine(on, datetime.min.time(), tzinfo=timezone.get_current_timezone())
    later = body.meetings.filter(start__gte=start_of_day)
    if later.filter(Q(decisions__isnull=False) | Q(actions__isnull=False)).exists():
        errors["on"] = _(
            "%(body)s has meetings with decisions or actions on or after that date; choose a later date."
        ) % {"body": body.name}
    _raise(errors)
    new = Body(
        partnership=body.partnership,
        kind=kind,
        name_sv=name_sv,
        name_en=name_en,
        prefix=prefix or Body.PREFIXES.get(Body.Kind(kind), ""),
        mandate=mandate or body.mandate,
        established=on,
        visibility=body.visibility,
    )
    new.slug = unique_slug(
        Body, f"{body.partnership.short_name or body.partnership.slug} {name_sv}"
    )
    new.full_clean(exclude=["partnership", "succeeded_by"])
    new.save()
    last_day = on - timedelta(days=1)
    for membership in body.memberships.current(last_day) | body.memberships.filter(start__gte=on):
        if carry_members:
            Membership.objects.create(
                body=new,
                person=membership.person,
                role=membership.role,
                represents=membership.represents,
                start=max(on, membership.start),
                end=membership.end if membership.end and membership.end >= on else None,
                note=membership.note,
            )
        if membership.start > last_day:
            membership.delete()  # a seat that never began in the old body moves, it is not history
        else:
            membership.end = last_day
            membership.save(update_fields=["end"])
    for meeting in later:
        meeting.body = new
        meeting.sequence += 1
        meeting.save(update_fields=["body", "sequence", "updated_at"])
    body.succeeded_by, body.ended = new, body.ended or last_day
    body.save(update_fields=["succeeded_by", "ended"])
    _history(body, BodyEvent.Kind.TRANSFORMED_INTO, on, user, note, other=new)
    _history(new, BodyEvent.Kind.TRANSFORMED_FROM, on, user, note, other=body)
    return new


def body_history_counts(body: Body) -> dict[str, int]:
    """What makes up a body's history; a body with any of it is archived, never deleted."""
    return {
        "meetings": body.meetings.count(),
        "members": body.memberships.count(),
        "decisions": body.decisions.count(),
        "related": body.predecessors.count() + (1 if body.succeeded_by_id else 0),
    }


@transaction.atomic
def body_delete(*, body: Body) -> None:
    """Delete a body created by mistake; a body with history is refused (archive it instead)."""
    body = Body.objects.select_for_update().get(pk=body.pk)
    counts = body_history_counts(body)
    if any(counts.values()):
        parts = []
        if counts["meetings"]:
            parts.append(_("%(n)d meetings") % {"n": counts["meetings"]})
        if counts["members"]:
            parts.append(_("%(n)d memberships") % {"n": counts["members"]})
        if counts["decisions"]:
            parts.append(_("%(n)d decisions") % {"n": counts["decisions"]})
        if counts["related"]:
            parts.append(_("a predecessor or successor"))
        raise ValidationError(
            _("%(body)s has a history (%(parts)s) and cannot be deleted. Archive it instead.")
            % {"body": body.name, "parts": ", ".join(parts)}
        )
    BodyEvent.objects.filter(Q(body=body) | Q(other=body)).delete()
    body.delete()


@transaction.atomic
def body_archive(*, body: Body, user: User | None = None, note: str = "") -> Body:
    """Archive a body: it leaves the lists, its history and documents stay."""
    body = Body.objects.select_for_update().get(pk=body.pk)
    if body.archived:
        raise ValidationError(_("The body is already archived."))
    today = timezone.localdate()
    body.archived = True
    body.ended = body.ended or max(today, body.established)
    body.save(update_fields=["archived", "ended"])
    _history(body, BodyEvent.Kind.ARCHIVED, today, user, note)
    return body


@transaction.atomic
def body_reopen(*, body: Body, user: User | None = None) -> Body:
    body = Body.objects.select_for_update().get(pk=body.pk)
    if not body.archived:
        raise ValidationError(_("The body is not archived."))
    if body.succeeded_by_id:
        raise ValidationError(_("The body has become another body and cannot be reopened."))
    body.archived, body.ended = False, None
    body.save(update_fields=["archived", "ended"])
    _history(body, BodyEvent.Kind.REOPENED, timezone.localdate(), user)
    return body


# ---- memberships -------------------------------------------------------------------------------


def _check_membership(
    body: Body,
    person: Person,
    role: str,
    start: date | None,
    end: date | None,
    exclude_pk: int | None = None,
) -> None:
    errors: dict[str, str] = {}
    if start is None:
        errors["start"] = _("Give the day the term starts.")
    elif end is not None and end < start:
        errors["end"] = _("The term cannot end before it starts.")
    elif start < body.established:
        errors["start"] = _("The term cannot start before the body was established (%(date)s).") % {
            "date": _day(body.established)
        }
    elif body.ended and start > body.ended:
        errors["start"] = _("The body ended on %(date)s.") % {"date": _day(body.ended)}
    if not errors and start is not None:
        overlapping = Membership.objects.filter(
            Q(end__isnull=True) | Q(end__gte=start), body=body, person=person, role=role
        )
        if exclude_pk is not None:
            overlapping = overlapping.exclude(pk=exclude_pk)
        if end is not None:
            overlapping = overlapping.filter(start__lte=end)
        clash = overlapping.order_by("start").first()
        if clash is not None:
            errors["start"] = _(
                "%(person)s already has a term as %(role)s from %(start)s to %(end)s; "
                "terms with the same role cannot overlap."
            ) % {
                "person": person.full_name,
                "role": clash.get_role_display().lower(),
                "start": _day(clash.start),
                "end": _day(clash.end),
            }
    _raise(errors)


@transaction.atomic
def membership_add(
    *,
    body: Body,
    person: Person,
    role: str,
    start: date | None,
    end: date | None = None,
    represents: Organisation | None = None,
    note: str = "",
) -> Membership:
    """Give a person a seat in a body for a term; overlapping terms with the same role are refused."""
    body = Body.objects.select_for_update().get(pk=body.pk)  # one membership change at a time
    _check_membership(body, person, role, start, end)
    assert start is not None
    return Membership.objects.create(
        body=body, person=person, role=role, start=start, end=end, represents=represents, note=note
    )


@transaction.atomic
def membership_update(
    *,
    membership: Membership,
    role: str,
    start: date | None,
    end: date | None,
    represents: Organisation | None = None,
    note: str = "",
) -> Membership:
    """Change a term (typically: end it); the same rules as for a new seat apply."""
    body = Body.objects.select_for_update().get(pk=membership.body_id)
    _check_membership(body, membership.person, role, start, end, exclude_pk=membership.pk)
    membership.role, membership.start, membership.end = role, start, end  # type: ignore[assignment]
    membership.represents, membership.note = represents, note
    membership.save()
    return membership


# ---- meetings ----------------------------------------------------------------------------------


@transaction.atomic
def meeting_save(
    *,
    meeting: Meeting | None = None,
    body: Body | None = None,
    created_by: User | None = None,
    **fields: Any,
) -> Meeting:
    """Plan or change a meeting; changes people must see raise its calendar SEQUENCE."""
    creating = meeting is None
    if meeting is None:
        assert body is not None
        if not body.is_active:
            raise ValidationError(
                _("%(body)s is no longer active; it holds no new meetings.") % {"body": body.name}
            )
        meeting = Meeting(body=body, created_by=created_by)
    else:
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    before = {name: getattr(meeting, name) for name in CALENDAR_FIELDS}
    for name, value in fields.items():
        setattr(meeting, name, value)
    if meeting.start and meeting.end and meeting.end <= meeting.start:
        raise ValidationError({"end": _("The meeting must end after it starts.")})
    if (
        meeting.start
        and meeting.end
        and meeting.end - meeting.start > timedelta(days=MAX_MEETING_DAYS)
    ):
        raise ValidationError(
            {"end": _("A meeting lasts at most %(days)d days.") % {"days": MAX_MEETING_DAYS}}
        )
    if not creating and any(getattr(meeting, n) != v for n, v in before.items()):
        meeting.sequence += 1
    meeting.full_clean(exclude=["body", "created_by"])
    meeting.save()
    return meeting


@transaction.atomic
def meeting_cancel(*, meeting: Meeting) -> Meeting:
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.is_cancelled:
        raise ValidationError(_("The meeting is already cancelled."))
    if meeting.decisions.exists():
        raise ValidationError(_("The meeting has made decisions and cannot be cancelled."))
    meeting.status = Meeting.Status.CANCELLED
    meeting.sequence += 1
    meeting.save(update_fields=["status", "sequence", "updated_at"])
    return meeting


@transaction.atomic
def agenda_item_add(
    *,
    meeting: Meeting,
    title: str,
    kind: str = AgendaItem.Kind.INFORMATION,
    description: str = "",
    presenter: Person | None = None,
) -> AgendaItem:
    """Add an item at the end of the agenda."""
    last = meeting.agenda.aggregate(last=Max("position"))["last"] or 0
    item = AgendaItem(
        meeting=meeting,
        position=last + 1,
        title=title,
        kind=kind,
        description=description,
        presenter=presenter,
    )
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def agenda_item_remove(*, item: AgendaItem) -> None:
    if item.decisions.exists():
        raise ValidationError(_("A decision was made under this item; it stays on the agenda."))
    item.delete()


@transaction.atomic
def minutes_save(
    *, meeting: Meeting, text: str, visibility: str, approved_on: date | None = None
) -> Minutes:
    """Store the minutes as sanitised rich text with their own audience."""
    if approved_on and approved_on < timezone.localtime(meeting.start).date():
        raise ValidationError(
            {"approved_on": _("The minutes cannot be approved before the meeting.")}
        )
    minutes, _created = Minutes.objects.update_or_create(
        meeting=meeting,
        defaults={
            "text": sanitise_html(text),
            "visibility": visibility,
            "approved_on": approved_on,
        },
    )
    return minutes


@transaction.atomic
def decision_add(
    *,
    meeting: Meeting,
    title: str,
    text: str = "",
    visibility: str | None = None,
    agenda_item: AgendaItem | None = None,
) -> Decision:
    """Record a decision with the body's next number for the year of the meeting ("SG 2026:3")."""
    errors: dict[str, str] = {}
    if meeting.is_cancelled:
        errors["title"] = _("A cancelled meeting makes no decisions.")
    elif meeting.start > timezone.now():
        errors["title"] = _("Decisions are recorded when the meeting has started.")
    if agenda_item is not None and agenda_item.meeting_id != meeting.pk:
        errors["agenda_item"] = _("The agenda item belongs to another meeting.")
    if not title.strip():
        errors["title"] = _("Give the decision a title.")
    _raise(errors)
    body = Body.objects.select_for_update().get(
        pk=meeting.body_id
    )  # numbers are handed out in turn
    day = timezone.localtime(meeting.start).date()
    last = body.decisions.filter(year=day.year).aggregate(last=Max("number"))["last"] or 0
    number = last + 1
    return Decision.objects.create(
        body=body,
        meeting=meeting,
        agenda_item=agenda_item,
        year=day.year,
        number=number,
        reference=f"{body.prefix} {day.year}:{number}".strip(),
        decided_on=day,
        title=title.strip(),
        text=text.strip(),
        visibility=visibility or meeting.visibility,
    )


@transaction.atomic
def decision_update(*, decision: Decision, title: str, text: str, visibility: str) -> Decision:
    """Correct a decision's wording or audience; its number never changes."""
    if not title.strip():
        raise ValidationError({"title": _("Give the decision a title.")})
    decision.title, decision.text, decision.visibility = title.strip(), text.strip(), visibility
    decision.save(update_fields=["title", "text", "visibility", "updated_at"])
    return decision


@transaction.atomic
def action_add(
    *,
    meeting: Meeting,
    title: str,
    owner: Person | None,
    due: date | None = None,
    visibility: str | None = None,
    decision: Decision | None = None,
    note: str = "",
) -> ActionItem:
    """Give someone an action; it returns to every later agenda of the body until it is closed."""
    errors: dict[str, str] = {}
    if owner is None:
        errors["owner"] = _("Every action needs an owner.")
    if due is not None and due < timezone.localtime(meeting.start).date():
        errors["due"] = _("The due date cannot be before the meeting.")
    if decision is not None and decision.meeting_id != meeting.pk:
        errors["decision"] = _("The decision belongs to another meeting.")
    if meeting.is_cancelled:
        errors["title"] = _("A cancelled meeting gives no actions.")
    _raise(errors)
    assert owner is not None
    return ActionItem.objects.create(
        body_id=meeting.body_id,
        meeting=meeting,
        decision=decision,
        title=title.strip(),
        owner=owner,
        due=due,
        note=note.strip(),
        visibility=visibility or meeting.visibility,
    )


@transaction.atomic
def action_update(
    *, action: ActionItem, status: str, note: str = "", due: date | None = None
) -> ActionItem:
    """Change an action's status; closing it (done or dropped) takes it off later agendas."""
    if status not in ActionItem.Status.values:
        raise ValidationError({"status": _("Choose a valid status.")})
    if due is not None and due < timezone.localtime(action.meeting.start).date():
        raise ValidationError({"due": _("The due date cannot be before the meeting.")})
    was_open = action.is_open
    action.status, action.note = status, note.strip()
    if due is not None:
        action.due = due
    if was_open and not action.is_open:
        action.closed_at = timezone.now()
    elif action.is_open:
        action.closed_at = None
    action.save(update_fields=["status", "note", "due", "closed_at", "updated_at"])
    return action


@transaction.atomic
def document_add(
    *,
    meeting: Meeting,
    title: str,
    visibility: str,
    file: Any = None,
    url: str = "",
    added_by: User | None = None,
) -> MeetingDocument:
    """Attach a file (kept through the storage API) or a link to a meeting."""
    if not file and not url:
        raise ValidationError({"file": _("Upload a file or give a link.")})
    document = MeetingDocument(
        meeting=meeting, title=title, url=url, visibility=visibility, added_by=added_by
    )
    if file:
        document.file.save(file.name, file, save=False)
    document.save()
    return document


# ---- calendars ---------------------------------------------------------------------------------


def meetings_calendar(meetings: Iterable[Meeting], *, name: str) -> bytes:
    """Return an RFC 5545 calendar of meetings (Europe/Stockholm times, stable UIDs)."""
    items = []
    for meeting in meetings:
        location = ", ".join(part for part in (meeting.place, meeting.online_url) if part)
        items.append(
            CalendarItem(
                uid=meeting.ical_uid,
                start=meeting.start,
                end=meeting.end,
                summary=meeting.display_title,
                changed=meeting.updated_at,
                created=meeting.created_at,
                sequence=meeting.sequence,
                location=location,
                url=f"{settings.SITE_URL}{meeting.get_absolute_url()}",
                cancelled=meeting.is_cancelled,
                categories=[meeting.body.get_kind_display()],
            )
        )
    return build_calendar(items, name=name, prodid=PRODID, timezone=settings.TIME_ZONE)
