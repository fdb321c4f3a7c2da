"""Learning arenas: seminars, managers' meetings and discussion groups with their sessions.

An Event is one session. Events may belong to a Series (a seminar series, a managers' meeting
series or a discussion group). Who may see an event follows its audience, which is stored as the
shared `visibility` field: public, all partnership staff, or members of the series (restricted).
"""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bryggan.core.models import VisibleContent
from bryggan.governance.models import Partnership
from bryggan.people.models import Organisation, Person
from bryggan.taxonomy.models import Tagged

MAX_SESSIONS = 200
# A session is one occasion; longer runs are a series. The bound also lets "upcoming" be an
# index range on the start time instead of a sort of every future event.
MAX_EVENT_DAYS = 14


class Audience(models.TextChoices):
    """Who an event is for; the values are those of core.models.Visibility."""

    PUBLIC = "public", _("Everyone (public)")
    INTERNAL = "internal", _("All partnership staff")
    RESTRICTED = "restricted", _("Members of the group")


class Series(Tagged, VisibleContent):
    """A seminar series, a managers' meeting series or a discussion group that meets repeatedly."""

    class Kind(models.TextChoices):
        SEMINAR_SERIES = "seminar_series", _("Seminar series")
        MANAGERS_MEETINGS = "managers_meetings", _("Managers' meetings")
        DISCUSSION_GROUP = "discussion_group", _("Discussion group")

    slug = models.SlugField(unique=True, max_length=120)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    partnership = models.ForeignKey(
        Partnership,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="arena_series",
        verbose_name=_("partnership"),
    )
    organisations = models.ManyToManyField(
        Organisation, blank=True, related_name="arena_series", verbose_name=_("organisers")
    )
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["title"]
        verbose_name = _("series or group")
        verbose_name_plural = _("series and groups")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("arenas:series", args=[self.slug])

    @classmethod
    def restricted_q(cls, user: Any) -> Q:
        return Q(pk__in=Membership.objects.filter(person__user=user).values("series"))

    @property
    def is_group(self) -> bool:
        return self.kind == self.Kind.DISCUSSION_GROUP


class Membership(models.Model):
    """A person taking part in a series or discussion group."""

    class Role(models.TextChoices):
        MEMBER = "member", _("Member")
        RESEARCHER = "researcher", _("Researcher")
        FACILITATOR = "facilitator", _("Facilitator")

    series = models.ForeignKey(Series, on_delete=models.CASCADE, related_name="memberships")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="arena_memberships")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    joined = models.DateField(_("joined"), default=timezone.localdate)

    class Meta:
        ordering = ["person__family_name", "person__given_name"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["series", "person"], name="one_membership_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.person} – {self.series}"


class ReadingItem(models.Model):
    """A text on a discussion group's reading list."""

    series = models.ForeignKey(Series, on_delete=models.CASCADE, related_name="reading_list")
    title = models.CharField(_("title"), max_length=300)
    url = models.URLField(_("link"), blank=True)
    note = models.TextField(_("note"), blank=True)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["added_at", "pk"]
        verbose_name = _("reading list item")
        verbose_name_plural = _("reading list")

    def __str__(self) -> str:
        return self.title


class Case(models.Model):
    """A case brought to a group from research or practice (never identifying a client)."""

    class Source(models.TextChoices):
        RESEARCH = "research", _("From research")
        PRACTICE = "practice", _("From practice")

    series = models.ForeignKey(Series, on_delete=models.CASCADE, related_name="cases")
    title = models.CharField(_("title"), max_length=300)
    source = models.CharField(_("source"), max_length=20, choices=Source.choices)
    summary = models.TextField(_("summary"), blank=True)
    brought_by = models.ForeignKey(
        Person,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("brought by"),
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-added_at", "-pk"]
        verbose_name = _("case")
        verbose_name_plural = _("cases")

    def __str__(self) -> str:
        return self.title


class EventQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> EventQuerySet:
        from bryggan.core import access

        return self.filter(access.visibility_q(user, self.model))

    def upcoming(self) -> EventQuerySet:
        now = timezone.now()
        return self.filter(start__gte=now - timedelta(days=MAX_EVENT_DAYS), end__gte=now).order_by(
            "start", "pk"
        )

    def past(self) -> EventQuerySet:
        now = timezone.now()
        return self.filter(start__lt=now, end__lt=now).order_by("-start", "-pk")


class Event(Tagged, VisibleContent):
    """One session of a learning arena: a seminar, managers' meeting, group session, lecture."""

    class Kind(models.TextChoices):
        RESEARCH_SEMINAR = "research_seminar", _("Research seminar")
        MANAGERS_MEETING = "managers_meeting", _("Managers' meeting")
        GROUP_SESSION = "group_session", _("Discussion group session")
        LECTURE = "lecture", _("Lecture or webinar")
        WORKSHOP = "workshop", _("Workshop")

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        CANCELLED = "cancelled", _("Cancelled")

    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    series = models.ForeignKey(
        Series,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
        verbose_name=_("series"),
    )
    speakers = models.ManyToManyField(
        Person, blank=True, related_name="arena_talks", verbose_name=_("speakers")
    )
    external_speakers = models.TextField(
        _("external speakers"), blank=True, help_text=_("One name per line.")
    )
    start = models.DateTimeField(_("starts"), db_index=True)
    end = models.DateTimeField(_("ends"), db_index=True)
    place = models.CharField(_("place"), max_length=300, blank=True)
    online_url = models.URLField(_("online link"), blank=True)
    capacity = models.PositiveIntegerField(_("capacity"), null=True, blank=True)
    registration_deadline = models.DateTimeField(_("registration deadline"), null=True, blank=True)
    partnership = models.ForeignKey(
        Partnership,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="arena_events",
        verbose_name=_("partnership"),
    )
    organisations = models.ManyToManyField(
        Organisation, blank=True, related_name="arena_events", verbose_name=_("organisers")
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.SCHEDULED
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Calendar identity: the UID never changes; SEQUENCE rises with every change people must see.
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    sequence = models.PositiveIntegerField(default=0)
    minutes = models.TextField(_("minutes"), blank=True)
    decisions = models.TextField(_("decisions"), blank=True, help_text=_("One decision per line."))
    confirmed_count = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = EventQuerySet.as_manager()  # type: ignore[assignment,misc]

    class Meta:
        ordering = ["start", "pk"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        # Listings walk events in start order within a time range; with visibility and series
        # in the index, the filter and the page count never touch the table.
        indexes = [
            models.Index(
                fields=["start", "end", "visibility", "series"], name="arenas_event_by_start"
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gt=models.F("start")), name="event_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("arenas:event", args=[self.pk])

    @classmethod
    def restricted_q(cls, user: Any) -> Q:
        return Q(series__in=Membership.objects.filter(person__user=user).values("series"))

    @property
    def ical_uid(self) -> str:
        return f"{self.uid}@bryggan"

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    @property
    def is_past(self) -> bool:
        return self.end < timezone.now()

    @property
    def registration_closed(self) -> bool:
        now = timezone.now()
        if self.registration_deadline is not None and now > self.registration_deadline:
            return True
        return now >= self.start

    @property
    def places_left(self) -> int | None:
        if self.capacity is None:
            return None
        return max(self.capacity - self.confirmed_count, 0)

    @property
    def external_speaker_names(self) -> list[str]:
        return [line.strip() for line in self.external_speakers.splitlines() if line.strip()]

    @property
    def decision_list(self) -> list[str]:
        return [line.strip() for line in self.decisions.splitlines() if line.strip()]


class Registration(models.Model):
    """A person's place at an event, or their place in the waiting list."""

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Registered")
        WAITLISTED = "waitlisted", _("On the waiting list")
        CANCELLED = "cancelled", _("Cancelled")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="arena_registrations"
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices)
    # The waiting list is served in the order people joined it.
    queued_at = models.DateTimeField(default=timezone.now)
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["queued_at", "pk"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        constraints = [
            models.UniqueConstraint(fields=["event", "user"], name="one_registration_per_user")
        ]
        indexes = [models.Index(fields=["event", "status", "queued_at"], name="arenas_reg_queue")]

    def __str__(self) -> str:
        return f"{self.user} – {self.event} ({self.status})"


class Attendance(models.Model):
    """Whether a person was present at one session, as marked by the organiser."""

    class Status(models.TextChoices):
        PRESENT = "present", _("Present")
        ABSENT = "absent", _("Absent")
        EXCUSED = "excused", _("Excused")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="attendance")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="arena_attendance")
    status = models.CharField(_("attendance"), max_length=10, choices=Status.choices)
    marked_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(fields=["event", "person"], name="one_attendance_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.person} – {self.event}: {self.status}"


class MaterialQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> MaterialQuerySet:
        """Files and links, and the library publications the user may see."""
        from bryggan.library.models import Publication

        return self.filter(
            Q(publication__isnull=True)
            | Q(publication__in=Publication.objects.visible_to(user).values("pk"))
        )


class Material(models.Model):
    """A file, link or library publication that belongs to an event (slides, a report)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="materials")
    title = models.CharField(_("title"), max_length=300)
    file = models.FileField(_("file"), upload_to="arenas/materials/%Y/", blank=True)
    url = models.URLField(_("link"), blank=True)
    # The library comes after arenas in INSTALLED_APPS (it links publications to events), so the
    # reference is by name; the migration depends on the library's first migration.
    publication = models.ForeignKey(
        "library.Publication",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="arena_materials",
        verbose_name=_("publication in the library"),
    )
    added_at = models.DateTimeField(auto_now_add=True)

    objects = MaterialQuerySet.as_manager()

    class Meta:
        ordering = ["added_at", "pk"]
        verbose_name = _("material")
        verbose_name_plural = _("materials")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "publication"],
                condition=Q(publication__isnull=False),
                name="arenas_material_publication_once",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def href(self) -> str:
        if self.publication_id and self.publication is not None:
            return self.publication.get_absolute_url()
        return self.file.url if self.file else self.url

    @property
    def kind(self) -> str:
        if self.publication_id:
            return "publication"
        return "file" if self.file else "link"


class Takeaway(models.Model):
    """A learning-log entry: what a participant or the group took away from a session."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="takeaways")
    author = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField(_("takeaway"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("takeaway")
        verbose_name_plural = _("takeaways")

    def __str__(self) -> str:
        return self.text[:60]


class ActionQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> ActionQuerySet:
        """Actions are seen by those who may see the session that decided them."""
        return self.filter(event__in=Event.objects.visible_to(user))

    def open(self) -> ActionQuerySet:
        return self.exclude(status__in=[Action.Status.DONE, Action.Status.DROPPED])


class Action(models.Model):
    """Something an arena decided to try in practice, followed up until it is done."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        DROPPED = "dropped", _("Dropped")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="actions")
    title = models.CharField(_("what we will try in practice"), max_length=300)
    owner = models.ForeignKey(
        Person,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="arena_actions",
        verbose_name=_("owner"),
    )
    unit = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="arena_actions",
        verbose_name=_("unit"),
    )
    due = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PLANNED
    )
    note = models.TextField(_("follow-up note"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ActionQuerySet.as_manager()

    class Meta:
        ordering = ["due", "pk"]
        verbose_name = _("action")
        verbose_name_plural = _("actions")

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status not in (self.Status.DONE, self.Status.DROPPED)


class CalendarToken(models.Model):
    """The secret in a person's calendar feed URL; replacing it revokes the old URL."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="arena_calendar"
    )
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.user}"
