from django.http import HttpRequest
from ninja import Router, Schema

from bryggan.taxonomy.models import PriorityArea, SubjectCode, Topic

router = Router(tags=["taxonomy"])


class TermOut(Schema):
    slug: str
    name: str
    name_sv: str
    name_en: str


class TopicOut(TermOut):
    kind: str


class SubjectOut(Schema):
    code: str
    name: str
    name_sv: str
    name_en: str


@router.get("/priority-areas", response=list[TermOut])
def priority_areas(request: HttpRequest):
    return PriorityArea.objects.filter(archived=False)


@router.get("/topics", response=list[TopicOut])
def topics(request: HttpRequest):
    return Topic.objects.all()


@router.get("/subject-codes", response=list[SubjectOut])
def subject_codes(request: HttpRequest):
    """The Swedish standard for fields of research (SSIF) codes in use."""
    return SubjectCode.objects.all()
