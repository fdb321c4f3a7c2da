from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from bryggan.core import access
from bryggan.core.cache import public_page
from bryggan.governance.models import Partnership


def partnership_for_user(request: HttpRequest, slug: str) -> Partnership:
    """Fetch a partnership the user may see, or raise 404."""
    partnership = get_object_or_404(Partnership, slug=slug)
    access.check_view(request, partnership)
    return partnership


@require_GET
@public_page
def partnership_list(request: HttpRequest) -> HttpResponse:
    partnerships = (
        Partnership.objects.visible_to(request.user)
        .filter(archived=False)
        .prefetch_related("parties__organisation", "priority_areas")
    )
    return render(request, "governance/partnership_list.html", {"partnerships": partnerships})


@require_GET
@public_page
def partnership_detail(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = partnership_for_user(request, slug)
    parties = partnership.parties.select_related("organisation")
    return render(
        request,
        "governance/partnership_detail.html",
        {"partnership": partnership, "parties": parties, "areas": partnership.priority_areas.all()},
    )
