from django.apps import apps
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Model, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from bryggan.core import access
from bryggan.cycle import services
from bryggan.cycle.queries import _visible, linked
from bryggan.cycle.registry import node_for, nodes


def node_for_user(request: HttpRequest, key: str, pk: int) -> Model:
    """Fetch a registered record the user may see, or raise 404."""
    try:
        model = apps.get_model(key)
    except (LookupError, ValueError) as error:
        raise Http404 from error
    if node_for(model) is None:
        raise Http404
    obj = _visible(model._default_manager.filter(pk=pk), request.user).first()
    if obj is None:
        raise Http404
    return obj


@access.coordinator_required
@require_http_methods(["GET"])
def manage(request: HttpRequest, key: str, pk: int) -> HttpResponse:
    """Show a record's links, with a search to add more (works without JavaScript)."""
    obj = node_for_user(request, key, pk)
    kind = request.GET.get("kind", "")
    query = request.GET.get("q", "").strip()
    results: list[Model] = []
    target = next((n for n in nodes() if n.key == kind), None)
    if target and query:
        condition = Q()
        for name in target.search_fields:
            condition |= Q(**{f"{name}__icontains": query})
        results = [
            r
            for r in _visible(target.model._default_manager.filter(condition), request.user)[:20]
            if r != obj
        ]
    return render(
        request,
        "cycle/manage.html",
        {
            "obj": obj,
            "key": key,
            "groups": linked(obj, request.user),
            "nodes": nodes(),
            "kind": kind,
            "q": query,
            "results": results,
            "searched": bool(target and query),
        },
    )


@access.coordinator_required
@require_POST
def change(request: HttpRequest, key: str, pk: int) -> HttpResponse:
    obj = node_for_user(request, key, pk)
    other = node_for_user(
        request, request.POST.get("other_key", ""), int(request.POST.get("other_id") or 0)
    )
    try:
        if request.POST.get("action") == "remove":
            services.link_remove(a=obj, b=other)
            messages.success(request, _("The link was removed."))
        else:
            services.link_add(a=obj, b=other, user=request.user)
            messages.success(request, _("The records were linked."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("cycle:manage", key=key, pk=pk)
