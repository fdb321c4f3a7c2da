"""Accounts, organisations, people, their affiliations and expertise."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bryggan.core.models import BilingualName, Visibility, VisibleQuerySet
from bryggan.lib.orcid import normalise_orcid
from bryggan.taxonomy.models import SubjectCode, Topic


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class User(AbstractUser):
    """A login account; people sign in with their e-mail address."""

    username = None  # type: ignore[assignment, misc]
    email = models.EmailField(_("e-mail address"), unique=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []  # type: ignore[misc]

    objects = UserManager()  # type: ignore[misc, assignment]

    class Meta:
        verbose_name = _("user account")
        verbose_name_plural = _("user accounts")

    def __str__(self) -> str:
        return self.email


class Organisation(BilingualName):
    """A municipality, department, unit, university, school, regional R&D unit or funder."""

    class Kind(models.TextChoices):
        MUNICIPALITY = "municipality", _("Municipality")
        REGION = "region", _("Region")
        DEPARTMENT = "department", _("Department")
        UNIT = "unit", _("Unit")
        UNIVERSITY = "university", _("University")
        SCHOOL = "school", _("School or faculty")
        ACADEMIC_DEPARTMENT = "academic_department", _("Academic department")
        RESEARCH_SCHOOL = "research_school", _("Research school")
        REGIONAL_RD = "regional_rd", _("Regional R&D unit")
        FUNDER = "funder", _("Funder")
        OTHER = "other", _("Other")

    # Kinds that may sit under each kind; the tree refuses anything else.
    ALLOWED_CHILDREN = {
        Kind.MUNICIPALITY: {Kind.DEPARTMENT, Kind.UNIT},
        Kind.REGION: {Kind.DEPARTMENT, Kind.UNIT, Kind.REGIONAL_RD},
        Kind.DEPARTMENT: {Kind.DEPARTMENT, Kind.UNIT},
        Kind.UNIT: {Kind.UNIT},
        Kind.UNIVERSITY: {Kind.SCHOOL, Kind.ACADEMIC_DEPARTMENT, Kind.RESEARCH_SCHOOL},
        Kind.SCHOOL: {Kind.ACADEMIC_DEPARTMENT, Kind.RESEARCH_SCHOOL},
        Kind.ACADEMIC_DEPARTMENT: {Kind.ACADEMIC_DEPARTMENT},
        Kind.RESEARCH_SCHOOL: set(),
        Kind.REGIONAL_RD: {Kind.UNIT},
        Kind.FUNDER: set(),
        Kind.OTHER: {Kind.OTHER, Kind.UNIT},
    }

    slug = models.SlugField(unique=True, max_length=120)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name=_("part of"),
    )
    short_name = models.CharField(_("short name"), max_length=40, blank=True)
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("description"), blank=True)
    archived = models.BooleanField(_("archived"), default=False)

    class Meta:
        ordering = ["name_sv"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def get_absolute_url(self) -> str:
        return reverse("people:organisation", args=[self.slug])

    def clean(self) -> None:
        if self.parent is None:
            return
        if self.parent_id == self.pk:
            raise ValidationError({"parent": _("An organisation cannot be part of itself.")})
        ancestor: Organisation | None = self.parent
        while ancestor is not None:
            if ancestor.pk == self.pk:
                raise ValidationError(
                    {"parent": _("That would make the organisation part of itself.")}
                )
            ancestor = ancestor.parent
        if self.kind not in self.ALLOWED_CHILDREN.get(self.Kind(self.parent.kind), set()):
            raise ValidationError(
                {
                    "parent": _("A %(kind)s cannot be part of a %(parent)s.")
                    % {
                        "kind": self.get_kind_display().lower(),
                        "parent": self.parent.get_kind_display().lower(),
                    }
                }
            )


class Role(models.TextChoices):
    """What a person does in an affiliation; roles drive permissions (bryggan.core.access)."""

    SOCIAL_WORKER = "social_worker", _("Social worker")
    MANAGER = "manager", _("Manager")
    RESEARCHER = "researcher", _("Researcher")
    TEACHER = "teacher", _("Teacher")
    PHD_STUDENT = "phd_student", _("PhD student")
    COORDINATOR = "coordinator", _("R&D coordinator")
    RD_LEADER = "rd_leader", _("R&D leader")
    STUDENT = "student", _("Student")
    OTHER = "other", _("Other staff")


class PersonQuerySet(VisibleQuerySet):
    pass


class Person(models.Model):
    """Someone in the partnership's directory; they may or may not have an account."""

    given_name = models.CharField(_("given name"), max_length=100)
    family_name = models.CharField(_("family name"), max_length=100)
    slug = models.SlugField(unique=True, max_length=120)
    user = models.OneToOneField(
        User,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
        verbose_name=_("account"),
    )
    title = models.CharField(_("title"), max_length=200, blank=True)
    email = models.EmailField(_("contact e-mail"), blank=True)
    orcid = models.CharField(_("ORCID iD"), max_length=19, blank=True)
    bio = models.TextField(_("presentation"), blank=True)
    topics = models.ManyToManyField(
        Topic, blank=True, related_name="experts", verbose_name=_("expertise")
    )
    subject_codes = models.ManyToManyField(
        SubjectCode, blank=True, related_name="experts", verbose_name=_("research subjects")
    )
    visibility = models.CharField(
        _("profile visible to"),
        max_length=12,
        choices=Visibility.choices,
        default=Visibility.INTERNAL,
    )

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["family_name", "given_name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self) -> str:
        return self.full_name

    def get_absolute_url(self) -> str:
        return reverse("people:person", args=[self.slug])

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}"

    @classmethod
    def restricted_q(cls, user: Any) -> Q:
        return Q(user=user)

    def clean(self) -> None:
        if self.orcid:
            normalised = normalise_orcid(self.orcid)
            if normalised is None:
                raise ValidationError(
                    {"orcid": _("This is not a valid ORCID iD (check the digits).")}
                )
            self.orcid = normalised


class AffiliationQuerySet(models.QuerySet):
    def current(self, on: date | None = None) -> AffiliationQuerySet:
        """Affiliations in force on a day (today by default)."""
        day = on or timezone.localdate()
        return self.filter(
            Q(start__isnull=True) | Q(start__lte=day), Q(end__isnull=True) | Q(end__gte=day)
        )


class Affiliation(models.Model):
    """A person's role at an organisation for a period; the source of their permissions."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="affiliations")
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="affiliations",
        verbose_name=_("organisation"),
    )
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    title = models.CharField(_("title"), max_length=200, blank=True)
    start = models.DateField(_("from"), null=True, blank=True)
    end = models.DateField(_("until"), null=True, blank=True)

    objects = AffiliationQuerySet.as_manager()

    class Meta:
        ordering = ["-start"]
        verbose_name = _("affiliation")
        verbose_name_plural = _("affiliations")
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True)
                | Q(start__isnull=True)
                | Q(end__gte=models.F("start")),
                name="affiliation_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} – {self.get_role_display()}, {self.organisation}"

    @property
    def is_current(self) -> bool:
        today = timezone.localdate()
        return (self.start is None or self.start <= today) and (
            self.end is None or self.end >= today
        )

    def clean(self) -> None:
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": _("The affiliation cannot end before it starts.")})
