from typing import Any

from django.apps import apps
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from bryggan.core import access
from bryggan.core.cache import public_page
from bryggan.core.forms import apply_validation_error
from bryggan.core.models import VisibleContent
from bryggan.people.models import Person
from bryggan.taxonomy import services
from bryggan.taxonomy.forms import PriorityAreaForm, TopicForm
from bryggan.taxonomy.models import PriorityArea, SubjectCode, Tagged, Topic


def tagged_records(user: Any, **tag: Any) -> list[dict[str, Any]]:
    """Collect, per kind of record, what is tagged with an area or topic and visible to the user."""
    sections = []
    for model in apps.get_models():
        if not issubclass(model, Tagged):
            continue
        queryset = model._default_manager.filter(**tag)
        if issubclass(model, VisibleContent):
            queryset = queryset.visible_to(user)  # type: ignore[attr-defined]
        records = list(queryset.distinct()[:20])
        if records:
            sections.append({"label": model._meta.verbose_name_plural, "records": records})
    return sections


@require_GET
@public_page
def index(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "taxonomy/index.html",
        {
            "areas": PriorityArea.objects.filter(archived=False).prefetch_related("partnerships"),
            "topics": Topic.objects.order_by("kind", "name_sv"),
            "subjects": SubjectCode.objects.all(),
        },
    )


@require_GET
@public_page
def area_detail(request: HttpRequest, slug: str) -> HttpResponse:
    area = get_object_or_404(PriorityArea, slug=slug)
    return render(
        request,
        "taxonomy/area_detail.html",
        {
            "area": area,
            "partnerships": area.partnerships.visible_to(request.user),
            "sections": tagged_records(request.user, priority_areas=area),
        },
    )


@require_GET
@public_page
def topic_detail(request: HttpRequest, slug: str) -> HttpResponse:
    topic = get_object_or_404(Topic, slug=slug)
    return render(
        request,
        "taxonomy/topic_detail.html",
        {
            "topic": topic,
            "experts": Person.objects.visible_to(request.user).filter(topics=topic),
            "sections": tagged_records(request.user, topics=topic),
        },
    )


@access.coordinator_required
@require_http_methods(["GET", "POST"])
def area_edit(request: HttpRequest, slug: str | None = None) -> HttpResponse:
    area = get_object_or_404(PriorityArea, slug=slug) if slug else None
    initial = {f: getattr(area, f) for f in PriorityAreaForm.base_fields} if area else {}
    form = PriorityAreaForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            area = services.priority_area_save(area=area, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The priority area was saved."))
            return redirect(area)
    return render(
        request,
        "taxonomy/term_form.html",
        {"form": form, "term": area, "heading": _("Priority area")},
    )


@access.coordinator_required
@require_http_methods(["GET", "POST"])
def topic_edit(request: HttpRequest, slug: str | None = None) -> HttpResponse:
    topic = get_object_or_404(Topic, slug=slug) if slug else None
    initial = (
        {
            "name_sv": topic.name_sv,
            "name_en": topic.name_en,
            "kind": topic.kind,
            "subject_codes": topic.subject_codes.all(),
        }
        if topic
        else {}
    )
    form = TopicForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            topic = services.topic_save(topic=topic, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The topic was saved."))
            return redirect(topic)
    return render(
        request, "taxonomy/term_form.html", {"form": form, "term": topic, "heading": _("Topic")}
    )
