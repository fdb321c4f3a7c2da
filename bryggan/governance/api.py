from datetime import date

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema

from bryggan.governance.models import Partnership

router = Router(tags=["partnerships"])


class PartyOut(Schema):
    organisation: str = Field(..., alias="organisation.slug")
    organisation_name: str = Field(..., alias="organisation.name")
    role: str
    mission: str


class PartnershipOut(Schema):
    slug: str
    name: str
    kind: str
    description: str
    start: date | None
    end: date | None
    parties: list[PartyOut]
    priority_areas: list[str]

    @staticmethod
    def resolve_parties(obj: Partnership) -> list:
        return list(obj.parties.all())

    @staticmethod
    def resolve_priority_areas(obj: Partnership) -> list[str]:
        return [a.slug for a in obj.priority_areas.all()]


def _partnerships(request: HttpRequest):
    return Partnership.objects.visible_to(request.user).prefetch_related(
        "parties__organisation", "priority_areas"
    )


@router.get("/partnerships", response=list[PartnershipOut])
def partnership_list(request: HttpRequest):
    return _partnerships(request).filter(archived=False)


@router.get("/partnerships/{slug}", response=PartnershipOut)
def partnership_get(request: HttpRequest, slug: str):
    return get_object_or_404(_partnerships(request), slug=slug)
