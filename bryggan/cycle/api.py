from django.apps import apps
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.errors import HttpError

from bryggan.api.auth import WRITE
from bryggan.core import access
from bryggan.cycle import services
from bryggan.cycle.queries import _visible, linked

router = Router(tags=["knowledge cycle"])


class NodeRef(Schema):
    kind: str
    id: int


class LinkIn(Schema):
    a: NodeRef
    b: NodeRef


class LinkedOut(Schema):
    stage: str
    kind: str
    id: int
    title: str
    url: str


def _fetch(request: HttpRequest, ref: NodeRef):
    from bryggan.cycle.registry import node_for

    try:
        model = apps.get_model(ref.kind)
    except (LookupError, ValueError) as error:
        raise HttpError(404, _("Unknown kind of record.")) from error
    obj = (
        _visible(model._default_manager.filter(pk=ref.id), request.user).first()
        if node_for(model)
        else None
    )
    if obj is None:
        raise HttpError(404, _("Not found."))
    return obj


@router.get("/links/{kind}/{id}", response=list[LinkedOut])
def links_of(request: HttpRequest, kind: str, id: int):
    """What a record is linked to in the knowledge cycle (only what the caller may see)."""
    obj = _fetch(request, NodeRef(kind=kind, id=id))
    return [
        {
            "stage": g["stage"],
            "kind": r._meta.label_lower,
            "id": r.pk,
            "title": str(r),
            "url": r.get_absolute_url(),
        }
        for g in linked(obj, request.user)
        for r in g["records"]
    ]


@router.post("/links", response={201: dict}, auth=WRITE)
def link_create(request: HttpRequest, payload: LinkIn):
    """Link two records (R&D coordinators)."""
    if not access.is_coordinator(request.user):
        raise HttpError(403, _("Only R&D coordinators may link records."))
    try:
        services.link_add(
            a=_fetch(request, payload.a), b=_fetch(request, payload.b), user=request.user
        )
    except ValidationError as error:
        raise HttpError(422, " ".join(error.messages)) from error
    return Status(201, {"linked": True})
