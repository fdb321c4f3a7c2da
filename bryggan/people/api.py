from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate

from bryggan.api.auth import WRITE
from bryggan.core import access
from bryggan.people import services
from bryggan.people.models import Affiliation, Organisation, Person

router = Router(tags=["people and organisations"])


class OrganisationOut(Schema):
    slug: str
    name: str
    name_sv: str
    name_en: str
    short_name: str
    kind: str
    parent: str | None = Field(None, alias="parent.slug")
    website: str
    url: str = Field(..., alias="get_absolute_url")


class OrganisationIn(Schema):
    name_sv: str = Field(..., min_length=1, max_length=200)
    name_en: str = Field("", max_length=200)
    short_name: str = Field("", max_length=40)
    kind: Organisation.Kind
    parent: str | None = None
    website: str = ""
    description: str = ""


class AffiliationOut(Schema):
    organisation: str = Field(..., alias="organisation.slug")
    organisation_name: str = Field(..., alias="organisation.name")
    role: str
    title: str
    start: date | None
    end: date | None


class PersonOut(Schema):
    slug: str
    given_name: str
    family_name: str
    title: str
    orcid: str
    url: str = Field(..., alias="get_absolute_url")
    affiliations: list[AffiliationOut] = Field(..., alias="all_affiliations")
    topics: list[str]
    subject_codes: list[str]

    @staticmethod
    def resolve_topics(obj: Person) -> list[str]:
        return [t.slug for t in obj.topics.all()]

    @staticmethod
    def resolve_subject_codes(obj: Person) -> list[str]:
        return [s.code for s in obj.subject_codes.all()]


class MeOut(Schema):
    email: str
    person: str | None
    roles: list[str]
    is_staff: bool


def _people():
    return Person.objects.prefetch_related(
        Prefetch(
            "affiliations",
            queryset=Affiliation.objects.select_related("organisation"),
            to_attr="all_affiliations",
        ),
        "topics",
        "subject_codes",
    )


@router.get("/organisations", response=list[OrganisationOut])
@paginate
def organisation_list(request: HttpRequest, kind: str | None = None, parent: str | None = None):
    """List organisations (public), optionally of one kind or under one parent."""
    rows = Organisation.objects.filter(archived=False).select_related("parent")
    if kind:
        rows = rows.filter(kind=kind)
    if parent:
        rows = rows.filter(parent__slug=parent)
    return rows


@router.get("/organisations/{slug}", response=OrganisationOut)
def organisation_get(request: HttpRequest, slug: str):
    return get_object_or_404(Organisation.objects.select_related("parent"), slug=slug)


@router.post("/organisations", response={201: OrganisationOut}, auth=WRITE)
def organisation_create(request: HttpRequest, payload: OrganisationIn):
    """Create an organisation (R&D coordinators and platform staff)."""
    if not access.is_coordinator(request.user):
        raise HttpError(403, _("Only R&D coordinators may add organisations."))
    data = payload.dict()
    parent_slug = data.pop("parent")
    data["parent"] = get_object_or_404(Organisation, slug=parent_slug) if parent_slug else None
    try:
        org = services.organisation_save(**data)
    except ValidationError as error:
        raise HttpError(
            422, "; ".join(m for msgs in error.message_dict.values() for m in msgs)
        ) from error
    return Status(201, org)


@router.get("/people", response=list[PersonOut])
@paginate
def person_list(request: HttpRequest, topic: str | None = None, organisation: str | None = None):
    """List the people the caller may see."""
    rows = _people().filter(pk__in=Person.objects.visible_to(request.user))
    if topic:
        rows = rows.filter(topics__slug=topic)
    if organisation:
        rows = rows.filter(affiliations__organisation__slug=organisation)
    return rows.distinct()


@router.get("/people/{slug}", response=PersonOut)
def person_get(request: HttpRequest, slug: str):
    person = get_object_or_404(
        _people().filter(pk__in=Person.objects.visible_to(request.user)), slug=slug
    )
    return person


@router.get("/me", response=MeOut, auth=WRITE)
def me(request: HttpRequest):
    """Who the caller is and which roles they hold today."""
    user: Any = request.user
    person = getattr(user, "person", None)
    return {
        "email": user.email,
        "person": person.slug if person else None,
        "roles": sorted(access.roles_of(user)),
        "is_staff": access.is_platform_staff(user),
    }
