"""Questions from practice: submissions, merging, evidence checks, prioritisation rounds, interest.

A `Question` is the indicative question the coordinator works with. Every person who asks writes a
`Submission` in their own words; merging moves the submissions of a duplicate onto the question it
is merged into, so no original is ever lost. Colleagues who have the same question join it
(`Supporter`). Who asked is never shown to other staff when the asker chose to be anonymous; the
coordinator always sees it (bryggan/questions/access.py).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bryggan.core.models import VisibleContent, VisibleQuerySet
from bryggan.people.models import Organisation, Person
from bryggan.taxonomy.models import Tagged

MAX_TITLE = 200
MAX_TEXT = 4000
MAX_RANKS = 10
TOP_N = 10


class Status(models.TextChoices):
    NEW = "new", _("Received")
    REFINING = "refining", _("Being refined")
    ANSWERED = "answered", _("Answered")
    PARTLY_ANSWERED = "partly_answered", _("Partly answered")
    UNANSWERED = "unanswered", _("Unanswered: a research gap")
    PRIORITISED = "prioritised", _("Prioritised in a Top 10")
    IN_RESEARCH = "in_research", _("Research under way")
    MERGED = "merged", _("Merged")
    CLOSED = "closed", _("Closed")


# Questions a researcher can still take up.
OPEN_STATUSES = (
    Status.NEW,
    Status.REFINING,
    Status.UNANSWERED,
    Status.PARTLY_ANSWERED,
    Status.PRIORITISED,
)


class QuestionQuerySet(VisibleQuerySet):
    def visible_to(self, user: Any) -> QuestionQuerySet:
        return super().visible_to(user)  # type: ignore[return-value]

    def current(self) -> QuestionQuerySet:
        """Questions that stand on their own (not merged into another)."""
        return self.exclude(status=Status.MERGED)

    def open(self) -> QuestionQuerySet:
        return self.filter(status__in=OPEN_STATUSES)

    def asked_or_joined_by(self, user: Any) -> QuestionQuerySet:
        return self.filter(
            Q(pk__in=Submission.objects.filter(user=user).values("question"))
            | Q(pk__in=Supporter.objects.filter(user=user).values("question"))
        )


class Question(Tagged, VisibleContent):
    """An indicative question from practice, with its researchable form and where it stands."""

    title = models.CharField(_("question"), max_length=MAX_TITLE)
    text = models.TextField(_("description"), blank=True)
    unit = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="questions",
        verbose_name=_("unit"),
    )
    target_group = models.CharField(_("target group"), max_length=200, blank=True)
    why_it_matters = models.TextField(_("why it matters"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.NEW, db_index=True
    )
    merged_into = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged_questions",
        verbose_name=_("merged into"),
    )
    researchable_question = models.TextField(_("researchable question"), blank=True)
    population = models.CharField(_("population (P)"), max_length=500, blank=True)
    intervention = models.CharField(_("intervention (I)"), max_length=500, blank=True)
    comparison = models.CharField(_("comparison (C)"), max_length=500, blank=True)
    outcome = models.CharField(_("outcome (O)"), max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)

    objects = QuestionQuerySet.as_manager()  # type: ignore[assignment,misc]

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("question from practice")
        verbose_name_plural = _("questions from practice")
        indexes = [models.Index(fields=["status", "visibility"], name="questions_status_vis")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("questions:question", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def is_merged(self) -> bool:
        return self.status == Status.MERGED

    @property
    def pico(self) -> list[tuple[str, str]]:
        labels = {
            "population": _("Population (P)"),
            "intervention": _("Intervention (I)"),
            "comparison": _("Comparison (C)"),
            "outcome": _("Outcome (O)"),
        }
        return [
            (str(label), getattr(self, name))
            for name, label in labels.items()
            if getattr(self, name)
        ]


class Submission(models.Model):
    """What one person asked, in their own words and with their context; never deleted."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="submissions")
    first_question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="+", verbose_name=_("first filed as")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="question_submissions",
    )
    title = models.CharField(_("question"), max_length=MAX_TITLE)
    text = models.TextField(_("in your own words"), blank=True)
    unit = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    target_group = models.CharField(_("target group"), max_length=200, blank=True)
    why_it_matters = models.TextField(_("why it matters"), blank=True)
    anonymous = models.BooleanField(_("anonymous towards other staff"), default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")

    def __str__(self) -> str:
        return self.title


class Supporter(models.Model):
    """A colleague who has the same question ("I have this question too")."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="supporters")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="question_support"
    )
    anonymous = models.BooleanField(_("anonymous towards other staff"), default=False)
    note = models.TextField(_("your context"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("colleague with the same question")
        verbose_name_plural = _("colleagues with the same question")
        constraints = [
            models.UniqueConstraint(fields=["question", "user"], name="questions_support_once")
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.question}"


class StatusChange(models.Model):
    """A step in a question's history; each one is told to everyone who asked or joined."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="history")
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    note = models.TextField(_("note"), blank=True)
    changed_at = models.DateTimeField(default=timezone.now)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["changed_at", "pk"]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")

    def __str__(self) -> str:
        return f"{self.question_id}: {self.status}"


class Verdict(models.TextChoices):
    ANSWERED = "answered", _("Answered by existing evidence")
    PARTLY_ANSWERED = "partly_answered", _("Partly answered")
    UNANSWERED = "unanswered", _("Unanswered: a research gap")


class EvidenceCheck(models.Model):
    """What the coordinator searched, what was found and the verdict, with the answer to the askers."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="evidence_checks")
    sources_searched = models.TextField(_("sources searched"), help_text=_("One per line."))
    search_terms = models.TextField(_("search terms"), blank=True)
    findings = models.TextField(_("what was found"))
    references = models.TextField(
        _("references"), blank=True, help_text=_("One reference or link per line.")
    )
    verdict = models.CharField(_("verdict"), max_length=20, choices=Verdict.choices)
    answer = models.TextField(
        _("answer to the askers"),
        blank=True,
        help_text=_("A plain-language answer or digest, sent to everyone who asked or joined."),
    )
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    checked_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-checked_at", "-pk"]
        verbose_name = _("evidence check")
        verbose_name_plural = _("evidence checks")

    def __str__(self) -> str:
        return f"{self.question_id}: {self.verdict}"

    @property
    def source_list(self) -> list[str]:
        return [line.strip() for line in self.sources_searched.splitlines() if line.strip()]

    @property
    def reference_list(self) -> list[str]:
        return [line.strip() for line in self.references.splitlines() if line.strip()]


class Interest(models.Model):
    """A researcher saying "I am interested" in a question; the coordinator connects them."""

    class State(models.TextChoices):
        INTERESTED = "interested", _("Interested")
        CONNECTED = "connected", _("Connected")

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="interests")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="question_interests")
    note = models.TextField(_("note"), blank=True)
    state = models.CharField(
        _("state"), max_length=12, choices=State.choices, default=State.INTERESTED
    )
    created_at = models.DateTimeField(default=timezone.now)
    connected_at = models.DateTimeField(null=True, blank=True)
    connected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("researcher's interest")
        verbose_name_plural = _("researchers' interest")
        constraints = [
            models.UniqueConstraint(fields=["question", "person"], name="questions_interest_once")
        ]

    def __str__(self) -> str:
        return f"{self.person} – {self.question}"


class QuestionTerm(models.Model):
    """The index behind "similar questions": one row per stemmed term of a current question."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="+")
    term = models.CharField(max_length=30)

    class Meta:
        indexes = [models.Index(fields=["term", "question"], name="questions_term_idx")]
        constraints = [
            models.UniqueConstraint(fields=["question", "term"], name="questions_term_once")
        ]

    def __str__(self) -> str:
        return self.term


class Group(models.TextChoices):
    """The participant groups of a prioritisation round (James Lind Alliance)."""

    STAFF = "staff", _("Staff")
    MANAGERS = "managers", _("Managers")
    RESEARCHERS = "researchers", _("Researchers")
    SERVICE_USERS = "service_users", _("Service users' representatives")


class RoundQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> RoundQuerySet:
        from bryggan.core import access

        if access.is_partnership_staff(user):
            return self
        condition = Q(published_at__isnull=False)
        if user.is_authenticated:
            condition |= Q(pk__in=Participant.objects.filter(user=user).values("round"))
        return self.filter(condition)


class Round(models.Model):
    """A prioritisation round: a period in which participant groups rank the round's questions."""

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(unique=True, max_length=120)
    description = models.TextField(_("description"), blank=True)
    opens_on = models.DateField(_("voting opens"))
    closes_on = models.DateField(_("voting closes"))
    groups = models.JSONField(_("participant groups"), default=list)
    workshop_note = models.TextField(_("notes from the final workshop"), blank=True)
    final_recorded_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = RoundQuerySet.as_manager()

    class Meta:
        ordering = ["-opens_on", "-pk"]
        verbose_name = _("prioritisation round")
        verbose_name_plural = _("prioritisation rounds")
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__gte=models.F("opens_on")), name="round_closes_after_opening"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("questions:round", args=[self.slug])

    def is_voting_open(self, today: Any = None) -> bool:
        day = today or timezone.localdate()
        return self.opens_on <= day <= self.closes_on and self.published_at is None

    @property
    def has_closed(self) -> bool:
        return timezone.localdate() > self.closes_on

    @property
    def group_labels(self) -> list[str]:
        return [str(Group(g).label) for g in self.groups if g in Group.values]

    @property
    def phase(self) -> str:
        if self.published_at:
            return "published"
        today = timezone.localdate()
        if today < self.opens_on:
            return "upcoming"
        if today <= self.closes_on:
            return "open"
        return "closed"


class RoundEntry(models.Model):
    """A question on a round's list, with its place in the final workshop ranking."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="entries")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="round_entries")
    final_position = models.PositiveSmallIntegerField(_("final position"), null=True, blank=True)

    class Meta:
        ordering = ["final_position", "pk"]
        verbose_name = _("question in a round")
        verbose_name_plural = _("questions in a round")
        constraints = [
            models.UniqueConstraint(fields=["round", "question"], name="round_question_once"),
            models.UniqueConstraint(
                fields=["round", "final_position"],
                condition=Q(final_position__isnull=False),
                name="round_final_position_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.round} – {self.question}"


class Participant(models.Model):
    """A person taking part in a round's interim ranking, in one participant group."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="participants")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="question_rounds"
    )
    group = models.CharField(_("group"), max_length=20, choices=Group.choices)
    voted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["group", "pk"]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [
            models.UniqueConstraint(fields=["round", "user"], name="round_participant_once")
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.group})"


class Ranking(models.Model):
    """One place in one participant's ballot: rank 1 is their most important question."""

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="rankings")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="+")
    rank = models.PositiveSmallIntegerField(_("rank"))

    class Meta:
        ordering = ["rank"]
        verbose_name = _("ranking")
        verbose_name_plural = _("rankings")
        constraints = [
            models.UniqueConstraint(fields=["participant", "rank"], name="ranking_rank_once"),
            models.UniqueConstraint(
                fields=["participant", "question"], name="ranking_question_once"
            ),
            models.CheckConstraint(
                condition=Q(rank__gte=1) & Q(rank__lte=MAX_RANKS), name="ranking_rank_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.participant_id}: {self.rank}"
