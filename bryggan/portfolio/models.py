"""The R&D portfolio: projects and joint applications, practitioner PhD students, staff on loan
and collaboration with education.

Projects follow research-information systems such as Pure and DSpace-CRIS: a project has a kind
and a status (with its history), participants with roles and periods, organisations, funders with
amounts per year and grant, a period, priority areas and outputs. Outputs in other apps
(publications, episodes, follow-up plans) are knowledge-cycle links; events of the learning arenas
are linked directly. Nothing here is deleted: rows are archived so history is kept.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bryggan.core.models import VisibleContent, VisibleQuerySet
from bryggan.governance.models import Partnership
from bryggan.people.models import Organisation, Person
from bryggan.taxonomy.models import Tagged


def _ends_after_start(name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(end__isnull=True) | Q(start__isnull=True) | Q(end__gte=F("start")),
        name=name,
    )


class ProjectQuerySet(VisibleQuerySet):
    def active(self) -> ProjectQuerySet:
        """Projects that are not archived."""
        return self.filter(archived=False)

    def current(self, on: date | None = None) -> ProjectQuerySet:
        """Ongoing projects whose period holds the day (today by default)."""
        day = on or timezone.localdate()
        return self.active().filter(
            Q(start__isnull=True) | Q(start__lte=day),
            Q(end__isnull=True) | Q(end__gte=day),
            status=Project.Status.ONGOING,
        )


class Project(Tagged, VisibleContent):
    """A research, development or evaluation project, or a joint application for one."""

    class Kind(models.TextChoices):
        RESEARCH = "research", _("Research project")
        DEVELOPMENT = "development", _("Development project")
        EVALUATION = "evaluation", _("Evaluation project")
        JOINT_APPLICATION = "joint_application", _("Joint application")

    class Status(models.TextChoices):
        IDEA = "idea", _("Idea")
        APPLICATION = "application", _("Application")
        ONGOING = "ongoing", _("Ongoing")
        COMPLETED = "completed", _("Completed")
        NOT_FUNDED = "not_funded", _("Not funded")

    slug = models.SlugField(unique=True, max_length=120)
    title = models.CharField(_("title"), max_length=300)
    short_title = models.CharField(_("short title"), max_length=80, blank=True)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    summary = models.TextField(_("summary"), blank=True)
    start = models.DateField(_("from"), null=True, blank=True)
    end = models.DateField(_("until"), null=True, blank=True)
    partnership = models.ForeignKey(
        Partnership,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="projects",
        verbose_name=_("partnership"),
    )
    organisations = models.ManyToManyField(
        Organisation,
        blank=True,
        related_name="portfolio_projects",
        verbose_name=_("organisations"),
    )
    events = models.ManyToManyField(
        "arenas.Event", blank=True, related_name="projects", verbose_name=_("events")
    )
    evaluation_plan = models.TextField(
        _("plan for continuous evaluation with researchers"), blank=True
    )
    archived = models.BooleanField(_("archived"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ProjectQuerySet.as_manager()  # type: ignore[assignment,misc]

    class Meta:
        ordering = ["title", "pk"]
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        constraints = [_ends_after_start("project_ends_after_start")]
        indexes = [
            models.Index(fields=["archived", "visibility", "title"], name="portfolio_project_list"),
            models.Index(fields=["status", "start"], name="portfolio_project_status"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("portfolio:project", args=[self.slug])

    @classmethod
    def restricted_q(cls, user: Any) -> Q:
        return Q(
            pk__in=Participation.objects.filter(person__user=user, archived=False).values("project")
        )

    @property
    def is_application(self) -> bool:
        return self.kind == self.Kind.JOINT_APPLICATION or self.status in (
            self.Status.IDEA,
            self.Status.APPLICATION,
            self.Status.NOT_FUNDED,
        )


class StatusChange(models.Model):
    """One step in a project's status history (idea → application → ongoing → completed …)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="status_changes")
    previous = models.CharField(
        _("previous status"), max_length=20, choices=Project.Status.choices, blank=True
    )
    status = models.CharField(_("status"), max_length=20, choices=Project.Status.choices)
    on = models.DateField(_("date"), default=timezone.localdate)
    note = models.TextField(_("note"), blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["on", "created_at", "pk"]
        verbose_name = _("status change")
        verbose_name_plural = _("status history")

    def __str__(self) -> str:
        return f"{self.project}: {self.previous} → {self.status}"


class Participation(models.Model):
    """A person's role in a project for a period."""

    class Role(models.TextChoices):
        PROJECT_LEADER = "project_leader", _("Project leader")
        RESEARCHER = "researcher", _("Researcher")
        PRACTITIONER_RESEARCHER = "practitioner_researcher", _("Practitioner-researcher")
        RD_LEADER = "rd_leader", _("R&D leader")
        PHD_STUDENT = "phd_student", _("PhD student")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="participations")
    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        related_name="project_participations",
        verbose_name=_("person"),
    )
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="project_participations",
        verbose_name=_("on behalf of"),
    )
    start = models.DateField(_("from"), null=True, blank=True)
    end = models.DateField(_("until"), null=True, blank=True)
    archived = models.BooleanField(_("archived"), default=False)

    class Meta:
        ordering = ["role", "person__family_name", "person__given_name", "pk"]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [_ends_after_start("participation_ends_after_start")]

    def __str__(self) -> str:
        return f"{self.person} – {self.get_role_display()}"

    @property
    def role_order(self) -> int:
        return list(self.Role.values).index(self.role)


class Funding(models.Model):
    """An amount from a funder for one year of one grant (or of an application)."""

    class Status(models.TextChoices):
        APPLIED = "applied", _("Applied for")
        GRANTED = "granted", _("Granted")
        DECLINED = "declined", _("Declined")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="fundings")
    funder = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="portfolio_fundings",
        verbose_name=_("funder"),
    )
    grant = models.CharField(
        _("grant"), max_length=120, blank=True, help_text=_("The funder's reference number.")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    amount = models.DecimalField(_("amount (SEK)"), max_digits=14, decimal_places=2)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.GRANTED
    )
    archived = models.BooleanField(_("archived"), default=False)

    class Meta:
        ordering = ["year", "funder__name_sv", "pk"]
        verbose_name = _("funding")
        verbose_name_plural = _("funding")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="funding_amount_not_negative")
        ]
        indexes = [models.Index(fields=["funder", "project"], name="portfolio_funding_funder")]

    def __str__(self) -> str:
        return f"{self.funder} {self.year}: {self.amount}"


class EvaluationPoint(models.Model):
    """A planned check-in where researchers and practice evaluate the project together."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="evaluation_points")
    title = models.CharField(_("what is evaluated"), max_length=300)
    planned = models.DateField(_("planned for"))
    held = models.DateField(_("held on"), null=True, blank=True)
    researcher = models.ForeignKey(
        Person,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="evaluation_points",
        verbose_name=_("researcher"),
    )
    outcome = models.TextField(_("what we learned"), blank=True)
    archived = models.BooleanField(_("archived"), default=False)

    class Meta:
        ordering = ["planned", "pk"]
        verbose_name = _("evaluation point")
        verbose_name_plural = _("evaluation points")

    def __str__(self) -> str:
        return self.title


class StaffLoan(models.Model):
    """A municipality lends a member of its staff to lead a project, for a share of full time."""

    municipality = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="staff_loans",
        verbose_name=_("lending municipality"),
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="staff_loans", verbose_name=_("person")
    )
    project = models.ForeignKey(
        Project, on_delete=models.PROTECT, related_name="staff_loans", verbose_name=_("project")
    )
    share = models.PositiveSmallIntegerField(_("share of full time (%)"))
    start = models.DateField(_("from"))
    end = models.DateField(_("until"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    archived = models.BooleanField(_("archived"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["start", "pk"]
        verbose_name = _("staff loan")
        verbose_name_plural = _("staff on loan")
        constraints = [
            _ends_after_start("loan_ends_after_start"),
            models.CheckConstraint(
                condition=Q(share__gte=1) & Q(share__lte=100), name="loan_share_1_to_100"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} {self.share}% ({self.municipality})"


class PhdStudentQuerySet(VisibleQuerySet):
    def active(self) -> PhdStudentQuerySet:
        return self.filter(archived=False)


class PhdStudent(Tagged, VisibleContent):
    """A practitioner PhD student: employed in social services while doing a doctorate."""

    class AfterDefence(models.TextChoices):
        UNDECIDED = "undecided", _("Not known yet")
        STAYS = "stays", _("Stays in social services")
        COMBINED = "combined", _("Combines social services and academia")
        ACADEMIA = "academia", _("Left for academia")
        LEFT = "left", _("Left social services")

    RETAINED = (AfterDefence.STAYS, AfterDefence.COMBINED)

    slug = models.SlugField(unique=True, max_length=120)
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="phd_studies", verbose_name=_("person")
    )
    programme = models.CharField(_("programme"), max_length=200)
    research_school = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="phd_students_in_school",
        verbose_name=_("research school"),
    )
    university = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="phd_students_at_university",
        verbose_name=_("university"),
    )
    employer = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="phd_students_employed",
        verbose_name=_("employed at (social services)"),
    )
    topic = models.CharField(_("topic or working title"), max_length=300)
    project = models.ForeignKey(
        Project,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="phd_students",
        verbose_name=_("project"),
    )
    after_defence = models.CharField(
        _("after the defence"),
        max_length=12,
        choices=AfterDefence.choices,
        default=AfterDefence.UNDECIDED,
    )
    role_after = models.CharField(_("role after the defence"), max_length=200, blank=True)
    archived = models.BooleanField(_("archived"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PhdStudentQuerySet.as_manager()  # type: ignore[assignment,misc]

    class Meta:
        ordering = ["person__family_name", "person__given_name", "pk"]
        verbose_name = _("practitioner PhD student")
        verbose_name_plural = _("practitioner PhD students")

    def __str__(self) -> str:
        return f"{self.person.full_name}: {self.topic}"

    def get_absolute_url(self) -> str:
        return reverse("portfolio:phd", args=[self.slug])

    @classmethod
    def restricted_q(cls, user: Any) -> Q:
        return Q(person__user=user) | Q(
            pk__in=Supervision.objects.filter(person__user=user).values("phd_student")
        )

    @property
    def is_retained(self) -> bool:
        return self.after_defence in self.RETAINED


class Supervision(models.Model):
    class Role(models.TextChoices):
        MAIN = "main", _("Main supervisor")
        CO = "co", _("Co-supervisor")

    phd_student = models.ForeignKey(
        PhdStudent, on_delete=models.CASCADE, related_name="supervisions"
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="supervisions", verbose_name=_("supervisor")
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.CO)

    class Meta:
        ordering = ["role", "person__family_name"]
        verbose_name = _("supervisor")
        verbose_name_plural = _("supervisors")
        constraints = [
            models.UniqueConstraint(
                fields=["phd_student", "person"], name="one_supervision_per_person"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_role_display()})"


class Milestone(models.Model):
    """A step of a doctorate with its planned and actual date."""

    class Kind(models.TextChoices):
        START = "start", _("Start")
        HALF_TIME = "half_time", _("Half-time seminar")
        FINAL_SEMINAR = "final_seminar", _("Final seminar")
        DEFENCE = "defence", _("Defence")

    ORDER = [Kind.START, Kind.HALF_TIME, Kind.FINAL_SEMINAR, Kind.DEFENCE]

    phd_student = models.ForeignKey(PhdStudent, on_delete=models.CASCADE, related_name="milestones")
    kind = models.CharField(_("milestone"), max_length=20, choices=Kind.choices)
    planned = models.DateField(_("planned"), null=True, blank=True)
    actual = models.DateField(_("held"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        constraints = [
            models.UniqueConstraint(fields=["phd_student", "kind"], name="one_milestone_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.phd_student_id}: {self.get_kind_display()}"

    @property
    def position(self) -> int:
        return self.ORDER.index(self.Kind(self.kind))


class EducationActivityQuerySet(models.QuerySet):
    def active(self) -> EducationActivityQuerySet:
        return self.filter(archived=False)


class EducationActivity(models.Model):
    """Collaboration with education in one term: a field placement, teaching, a researcher on
    placement in the service, or staff recruited to master's studies."""

    class Kind(models.TextChoices):
        FIELD_PLACEMENT = "field_placement", _("Field placement (VFU)")
        TEACHING = "teaching", _("Staff teaching at university")
        RESEARCHER_PLACEMENT = "researcher_placement", _("Researcher on placement in the service")
        MASTERS = "masters", _("Staff recruited to master's studies")

    class Season(models.IntegerChoices):
        SPRING = 1, _("Spring term")
        AUTUMN = 2, _("Autumn term")

    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    season = models.PositiveSmallIntegerField(_("term"), choices=Season.choices)
    unit = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="education_activities",
        verbose_name=_("unit"),
    )
    person = models.ForeignKey(
        Person,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="education_activities",
        verbose_name=_("staff member or researcher"),
    )
    student_name = models.CharField(_("student"), max_length=200, blank=True)
    supervisor = models.ForeignKey(
        Person,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="placement_supervisions",
        verbose_name=_("supervisor"),
    )
    university = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="education_partners",
        verbose_name=_("university"),
    )
    course = models.CharField(_("course or programme"), max_length=200, blank=True)
    hours = models.DecimalField(_("hours"), max_digits=6, decimal_places=1, null=True, blank=True)
    start = models.DateField(_("from"), null=True, blank=True)
    end = models.DateField(_("until"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    archived = models.BooleanField(_("archived"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = EducationActivityQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "-season", "kind", "pk"]
        verbose_name = _("education collaboration")
        verbose_name_plural = _("education collaboration")
        constraints = [
            _ends_after_start("education_ends_after_start"),
            models.CheckConstraint(
                condition=Q(hours__isnull=True) | Q(hours__gte=0), name="education_hours_positive"
            ),
        ]
        indexes = [models.Index(fields=["year", "season", "unit"], name="portfolio_edu_term")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.term_label}"

    @property
    def term_label(self) -> str:
        return term_label(self.year, self.season)

    @property
    def who(self) -> str:
        if self.kind == self.Kind.FIELD_PLACEMENT:
            return self.student_name
        return self.person.full_name if self.person else ""


def term_label(year: int, season: int) -> str:
    """Return "VT 2025" / "HT 2025" style labels in the active language."""
    if season == EducationActivity.Season.SPRING:
        return str(_("Spring %(year)d") % {"year": year})
    return str(_("Autumn %(year)d") % {"year": year})
