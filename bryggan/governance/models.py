"""Partnerships and how they are governed.

A Partnership has parties (organisations with the mission each defined), priority areas, yearly
base funding per party and collaboration agreements. It is steered by governance bodies (steering
group, reference group, managers' network, political forum) whose members hold a role for a term.
Bodies meet; a meeting has an agenda, documents, minutes, numbered decisions and action items.

Who sees what follows the shared `visibility` field: public, partnership staff, or "members only",
which here means the current members of the body (`restricted_q`). Coordinators see and edit all.
A body's history is never deleted: bodies are archived, and a reference group that becomes a
steering group keeps its own record, linked to its successor.
"""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from bryggan.core.models import BilingualName, VisibleContent, VisibleQuerySet
from bryggan.people.models import Organisation, Person
from bryggan.taxonomy.models import PriorityArea

FIRST_YEAR, LAST_YEAR = 1990, 2100
MAX_MEETING_DAYS = 7  # a meeting (even a residential one) lasts at most a week


def default_reminder_days() -> int:
    """How many days before an agreement's notice or end date its coordinators are reminded."""
    return int(getattr(settings, "GOVERNANCE_AGREEMENT_REMINDER_DAYS", 90))


def _member_bodies(user: Any) -> models.QuerySet:
    """Ids of the bodies whose "members only" content `user` sees: seats held today, and the
    predecessors of those bodies (a steering group's members read its reference group's papers)."""
    seats = Membership.objects.current().filter(person__user=user).values("body")
    return Body.objects.filter(Q(pk__in=seats) | Q(succeeded_by__in=seats)).values("pk")


class GovernedQuerySet(VisibleQuerySet):
    """Governance content: `visible_to` applies the governance rules (bryggan.governance.access),
    so the knowledge cycle and any other app show exactly what the governance pages show."""

    def visible_to(self, user: Any) -> VisibleQuerySet:
        from bryggan.governance.access import visible

        return visible(self, user)


class Partnership(BilingualName, VisibleContent):
    """A collaboration between social services and academia, or a regional support structure."""

    class Kind(models.TextChoices):
        REGIONAL = "regional", _("Regional support structure")
        COLLABORATION = "collaboration", _("Collaboration between practice and academia")
        PROJECT = "project", _("Funded development project")

    slug = models.SlugField(unique=True)
    short_name = models.CharField(_("short name"), max_length=40, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    description = models.TextField(_("description"), blank=True)
    start = models.DateField(_("from"), null=True, blank=True)
    end = models.DateField(_("until"), null=True, blank=True)
    priority_areas = models.ManyToManyField(
        PriorityArea, blank=True, related_name="partnerships", verbose_name=_("priority areas")
    )
    archived = models.BooleanField(_("archived"), default=False)

    class Meta:
        ordering = ["name_sv"]
        verbose_name = _("partnership")
        verbose_name_plural = _("partnerships")

    def get_absolute_url(self) -> str:
        return reverse("governance:partnership", args=[self.slug])

    def clean(self) -> None:
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": _("The partnership cannot end before it starts.")})

    @classmethod
    def restricted_q(cls, user: Any) -> Q:
        return Q(pk__in=Body.objects.filter(pk__in=_member_bodies(user)).values("partnership"))


class PartyQuerySet(models.QuerySet):
    def in_year(self, year: int) -> PartyQuerySet:
        """Parties that took part at some time during `year`."""
        return self.filter(
            Q(joined__isnull=True) | Q(joined__lte=date(year, 12, 31)),
            Q(left__isnull=True) | Q(left__gte=date(year, 1, 1)),
        )


class Party(models.Model):
    """An organisation taking part in a partnership, with the mission it defined."""

    class Role(models.TextChoices):
        OWNER = "owner", _("Owner")
        PRACTICE = "practice", _("Practice partner")
        ACADEMIC = "academic", _("Academic partner")
        FUNDER = "funder", _("Funder")
        SUPPORT = "support", _("Regional support")

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="parties")
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="parties",
        verbose_name=_("organisation"),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    mission = models.TextField(_("mission defined by the party"), blank=True)
    joined = models.DateField(_("joined"), null=True, blank=True)
    left = models.DateField(_("left"), null=True, blank=True)

    objects = PartyQuerySet.as_manager()

    class Meta:
        ordering = ["organisation__name_sv"]
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "organisation"], name="one_party_per_organisation"
            ),
            models.CheckConstraint(
                condition=Q(left__isnull=True)
                | Q(joined__isnull=True)
                | Q(left__gte=models.F("joined")),
                name="party_leaves_after_joining",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.get_role_display()})"

    def clean(self) -> None:
        if self.joined and self.left and self.left < self.joined:
            raise ValidationError({"left": _("A party cannot leave before it joined.")})

    def took_part_in(self, year: int) -> bool:
        return (self.joined is None or self.joined.year <= year) and (
            self.left is None or self.left.year >= year
        )


class BaseFunding(models.Model):
    """What one party pays in base funding for one calendar year (whole kronor)."""

    party = models.ForeignKey(
        Party, on_delete=models.PROTECT, related_name="funding", verbose_name=_("party")
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(FIRST_YEAR), MaxValueValidator(LAST_YEAR)]
    )
    amount = models.PositiveBigIntegerField(_("amount (SEK)"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-year", "party__organisation__name_sv"]
        verbose_name = _("base funding")
        verbose_name_plural = _("base funding")
        constraints = [
            models.UniqueConstraint(fields=["party", "year"], name="one_funding_per_party_and_year")
        ]

    def __str__(self) -> str:
        return f"{self.party.organisation} {self.year}: {self.amount}"


class Agreement(VisibleContent):
    """A collaboration agreement (samverkansavtal) between some of a partnership's parties."""

    partnership = models.ForeignKey(
        Partnership,
        on_delete=models.PROTECT,
        related_name="agreements",
        verbose_name=_("partnership"),
    )
    title = models.CharField(_("title"), max_length=300)
    parties = models.ManyToManyField(Party, related_name="agreements", verbose_name=_("parties"))
    scope = models.TextField(_("scope"), blank=True)
    start = models.DateField(_("in force from"))
    end = models.DateField(
        _("in force until"), null=True, blank=True, help_text=_("Empty: until further notice.")
    )
    notice_date = models.DateField(
        _("renewal or notice date"),
        null=True,
        blank=True,
        help_text=_("The last day to renew the agreement or give notice."),
    )
    reminder_days = models.PositiveSmallIntegerField(
        _("remind this many days before"),
        default=default_reminder_days,
        validators=[MinValueValidator(1), MaxValueValidator(730)],
    )
    coordinators = models.ManyToManyField(
        Person,
        blank=True,
        related_name="governance_agreements",
        verbose_name=_("coordinators to remind"),
    )
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    document = models.FileField(
        _("signed document"), upload_to="governance/agreements/%Y/", blank=True
    )
    # The deadline a reminder was sent for: one reminder per deadline, a new one after renewal.
    reminded_for = models.DateField(null=True, blank=True, editable=False)
    reminded_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = GovernedQuerySet.as_manager()  # type: ignore[misc]

    class Meta:
        ordering = ["-start", "title"]
        verbose_name = _("collaboration agreement")
        verbose_name_plural = _("collaboration agreements")
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=models.F("start")),
                name="agreement_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("governance:agreement", args=[self.pk])

    @classmethod
    def restricted_q(cls, user: Any) -> Q:
        return Q(
            partnership__in=Body.objects.filter(pk__in=_member_bodies(user)).values("partnership")
        )

    @property
    def deadline(self) -> date | None:
        """The day that matters next: the notice date, or else the end date."""
        return self.notice_date or self.end

    @property
    def remind_on(self) -> date | None:
        return self.deadline - timedelta(days=self.reminder_days) if self.deadline else None

    @property
    def is_in_force(self) -> bool:
        today = timezone.localdate()
        return self.start <= today and (self.end is None or self.end >= today)

    @property
    def has_ended(self) -> bool:
        return self.end is not None and self.end < timezone.localdate()

    @property
    def document_name(self) -> str:
        return (self.document.name or "").rsplit("/", 1)[-1]


class BodyQuerySet(GovernedQuerySet):
    def active(self) -> BodyQuerySet:
        return self.filter(archived=False, ended__isnull=True)


class Body(BilingualName, VisibleContent):
    """A governance body of a partnership: steering group, reference group, network or forum."""

    class Kind(models.TextChoices):
        STEERING_GROUP = "steering_group", _("Steering group")
        REFERENCE_GROUP = "reference_group", _("Reference group")
        MANAGERS_NETWORK = "managers_network", _("Managers' network")
        POLITICAL_FORUM = "political_forum", _("Political forum")

    # Default prefixes of decision numbers, in Swedish (styrgrupp, referensgrupp, ...).
    PREFIXES = {
        Kind.STEERING_GROUP: "SG",
        Kind.REFERENCE_GROUP: "RG",
        Kind.MANAGERS_NETWORK: "CN",
        Kind.POLITICAL_FORUM: "PF",
    }

    partnership = models.ForeignKey(
        Partnership, on_delete=models.PROTECT, related_name="bodies", verbose_name=_("partnership")
    )
    slug = models.SlugField(unique=True, max_length=120)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    prefix = models.CharField(
        _("decision number prefix"),
        max_length=12,
        help_text=_('Decisions are numbered per body and year, e.g. "SG 2026:3".'),
    )
    mandate = models.TextField(_("mandate"), blank=True)
    established = models.DateField(_("established"))
    ended = models.DateField(_("ended"), null=True, blank=True)
    archived = models.BooleanField(_("archived"), default=False)
    succeeded_by = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="predecessors",
        verbose_name=_("became"),
    )
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = BodyQuerySet.as_manager()  # type: ignore[misc]

    class Meta:
        ordering = ["partnership__name_sv", "kind", "name_sv"]
        verbose_name = _("governance body")
        verbose_name_plural = _("governance bodies")
        constraints = [
            models.CheckConstraint(
                condition=Q(ended__isnull=True) | Q(ended__gte=models.F("established")),
                name="body_ends_after_it_is_established",
            )
        ]

    def get_absolute_url(self) -> str:
        return reverse("governance:body", args=[self.slug])

    @classmethod
    def restricted_q(cls, user: Any) -> Q:
        return Q(pk__in=_member_bodies(user))

    @property
    def is_active(self) -> bool:
        return not self.archived and self.ended is None


class BodyEvent(models.Model):
    """One entry in a body's history: established, transformed, archived, mandate changed ..."""

    class Kind(models.TextChoices):
        ESTABLISHED = "established", _("Established")
        TRANSFORMED_FROM = "transformed_from", _("Formed from an earlier body")
        TRANSFORMED_INTO = "transformed_into", _("Became a new body")
        CHANGED = "changed", _("Changed")
        ARCHIVED = "archived", _("Archived")
        REOPENED = "reopened", _("Taken out of the archive")

    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="history")
    on = models.DateField(_("date"))
    kind = models.CharField(_("what happened"), max_length=20, choices=Kind.choices)
    note = models.TextField(_("note"), blank=True)
    other = models.ForeignKey(
        Body, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["on", "pk"]
        verbose_name = _("history entry")
        verbose_name_plural = _("history")

    def __str__(self) -> str:
        return f"{self.body} {self.on}: {self.get_kind_display()}"


class MembershipQuerySet(models.QuerySet):
    def current(self, on: date | None = None) -> MembershipQuerySet:
        """Memberships whose term covers a day (today by default)."""
        day = on or timezone.localdate()
        return self.filter(Q(end__isnull=True) | Q(end__gte=day), start__lte=day)


class Membership(models.Model):
    """A person's seat in a body, with a role and a term."""

    class Role(models.TextChoices):
        CHAIR = "chair", _("Chair")
        SECRETARY = "secretary", _("Secretary")
        MEMBER = "member", _("Member")
        DEPUTY = "deputy", _("Deputy")

    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="memberships")
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="body_memberships", verbose_name=_("person")
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    represents = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("represents"),
    )
    start = models.DateField(_("term starts"))
    end = models.DateField(_("term ends"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["body", "role", "person__family_name", "person__given_name"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=models.F("start")),
                name="membership_term_ends_after_start",
            )
        ]
        indexes = [models.Index(fields=["person", "body", "end"], name="gov_membership_person")]

    def __str__(self) -> str:
        return f"{self.person} – {self.get_role_display()}, {self.body}"

    @property
    def is_current(self) -> bool:
        today = timezone.localdate()
        return self.start <= today and (self.end is None or self.end >= today)


class MeetingQuerySet(GovernedQuerySet):
    def upcoming(self) -> MeetingQuerySet:
        now = timezone.now()
        # The bound on the start lets the (body, start) index find them without a full scan.
        return self.filter(
            end__gte=now, start__gte=now - timedelta(days=MAX_MEETING_DAYS)
        ).order_by("start", "pk")

    def past(self) -> MeetingQuerySet:
        return self.filter(end__lt=timezone.now()).order_by("-start", "-pk")


class Meeting(VisibleContent):
    """A meeting of a body."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        CANCELLED = "cancelled", _("Cancelled")

    body = models.ForeignKey(
        Body, on_delete=models.PROTECT, related_name="meetings", verbose_name=_("body")
    )
    title = models.CharField(_("title"), max_length=200, blank=True)
    start = models.DateTimeField(_("starts"))
    end = models.DateTimeField(_("ends"))
    place = models.CharField(_("place"), max_length=300, blank=True)
    online_url = models.URLField(_("online link"), blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.SCHEDULED
    )
    # Calendar identity: the UID never changes; SEQUENCE rises with every change people must see.
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    sequence = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = MeetingQuerySet.as_manager()  # type: ignore[misc]

    class Meta:
        ordering = ["start", "pk"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        indexes = [models.Index(fields=["body", "start"], name="gov_meeting_body_start")]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gt=models.F("start")), name="meeting_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return self.display_title

    def get_absolute_url(self) -> str:
        return reverse("governance:meeting", args=[self.pk])

    @classmethod
    def restricted_q(cls, user: Any) -> Q:
        return Q(body__in=_member_bodies(user))

    @property
    def display_title(self) -> str:
        if self.title:
            return self.title
        return f"{self.body.name} {timezone.localtime(self.start):%Y-%m-%d}"

    @property
    def ical_uid(self) -> str:
        return f"{self.uid}@bryggan"

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    @property
    def is_past(self) -> bool:
        return self.end < timezone.now()


class AgendaItem(models.Model):
    """One item on a meeting's agenda."""

    class Kind(models.TextChoices):
        INFORMATION = "information", _("For information")
        DISCUSSION = "discussion", _("For discussion")
        DECISION = "decision", _("For decision")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda")
    position = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(
        _("kind"), max_length=20, choices=Kind.choices, default=Kind.INFORMATION
    )
    description = models.TextField(_("description"), blank=True)
    presenter = models.ForeignKey(
        Person,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("presented by"),
    )

    class Meta:
        ordering = ["meeting", "position", "pk"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda")

    def __str__(self) -> str:
        return f"{self.position}. {self.title}"


class MeetingDocument(VisibleContent):
    """A document that belongs to a meeting: background paper, presentation, signed minutes."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="documents")
    title = models.CharField(_("title"), max_length=300)
    file = models.FileField(_("file"), upload_to="governance/meetings/%Y/", blank=True)
    url = models.URLField(_("link to the document"), blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    objects = GovernedQuerySet.as_manager()  # type: ignore[misc]

    class Meta:
        ordering = ["added_at", "pk"]
        verbose_name = _("meeting document")
        verbose_name_plural = _("meeting documents")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("governance:document", args=[self.pk])

    @classmethod
    def restricted_q(cls, user: Any) -> Q:
        return Q(meeting__body__in=_member_bodies(user))

    @property
    def href(self) -> str:
        return self.get_absolute_url() if self.file else self.url


class Minutes(VisibleContent):
    """The minutes of a meeting, kept as sanitised rich text."""

    meeting = models.OneToOneField(Meeting, on_delete=models.PROTECT, related_name="minutes")
    text = models.TextField(pgettext_lazy("governance", "minutes"), blank=True)
    approved_on = models.DateField(_("approved on"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = GovernedQuerySet.as_manager()  # type: ignore[misc]

    class Meta:
        verbose_name = pgettext_lazy("governance", "minutes")
        verbose_name_plural = pgettext_lazy("governance", "minutes")

    def __str__(self) -> str:
        return str(self.meeting)

    @classmethod
    def restricted_q(cls, user: Any) -> Q:
        return Q(meeting__body__in=_member_bodies(user))


class Decision(VisibleContent):
    """A decision of a body, numbered per body and year ("SG 2026:3"); numbers are never reused."""

    body = models.ForeignKey(
        Body, on_delete=models.PROTECT, related_name="decisions", verbose_name=_("body")
    )
    meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, related_name="decisions", verbose_name=_("meeting")
    )
    agenda_item = models.ForeignKey(
        AgendaItem,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="decisions",
        verbose_name=_("agenda item"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    number = models.PositiveIntegerField(_("number"))
    reference = models.CharField(_("decision number"), max_length=40, db_index=True)
    decided_on = models.DateField(_("decided on"))
    title = models.CharField(_("title"), max_length=300)
    text = models.TextField(_("decision"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = GovernedQuerySet.as_manager()  # type: ignore[misc]

    class Meta:
        ordering = ["-decided_on", "-number", "-pk"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        constraints = [
            models.UniqueConstraint(
                fields=["body", "year", "number"], name="one_decision_number_per_body_and_year"
            )
        ]
        indexes = [
            models.Index(fields=["-decided_on", "-number", "-id"], name="gov_decision_log"),
            models.Index(
                fields=["body", "-decided_on", "-number", "-id"], name="gov_decision_body_log"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("governance:decision", args=[self.pk])

    @classmethod
    def restricted_q(cls, user: Any) -> Q:
        return Q(body__in=_member_bodies(user))


class ActionItemQuerySet(GovernedQuerySet):
    def open(self) -> ActionItemQuerySet:
        return self.filter(status__in=ActionItem.OPEN)


class ActionItem(VisibleContent):
    """Something a body asked someone to do; it returns to every agenda until it is closed."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        DROPPED = "dropped", _("Dropped")

    OPEN = (Status.OPEN, Status.IN_PROGRESS)

    body = models.ForeignKey(
        Body, on_delete=models.PROTECT, related_name="actions", verbose_name=_("body")
    )
    meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, related_name="actions", verbose_name=_("raised at")
    )
    decision = models.ForeignKey(
        Decision,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="actions",
        verbose_name=_("decision"),
    )
    title = models.CharField(_("action"), max_length=300)
    owner = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="governance_actions", verbose_name=_("owner")
    )
    due = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.OPEN
    )
    note = models.TextField(_("follow-up note"), blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ActionItemQuerySet.as_manager()  # type: ignore[misc]

    class Meta:
        ordering = ["due", "pk"]
        verbose_name = _("action item")
        verbose_name_plural = _("action items")
        indexes = [models.Index(fields=["body", "status", "due"], name="gov_action_open")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return f"{self.meeting.get_absolute_url()}#action-{self.pk}"

    @classmethod
    def restricted_q(cls, user: Any) -> Q:
        return Q(body__in=_member_bodies(user))

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN

    @property
    def is_overdue(self) -> bool:
        return self.is_open and self.due is not None and self.due < timezone.localdate()
