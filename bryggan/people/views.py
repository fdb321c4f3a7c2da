from collections import defaultdict
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from bryggan.core import access
from bryggan.core.cache import cached_fragment, public_page
from bryggan.core.forms import apply_validation_error
from bryggan.governance.models import Party
from bryggan.people import profile_sections, services
from bryggan.people.forms import AffiliationForm, OrganisationForm, PeopleFilterForm, PersonForm
from bryggan.people.models import Affiliation, Organisation, Person


def person_for_user(request: HttpRequest, slug: str) -> Person:
    """Fetch a person the user may see, or raise 404."""
    person = get_object_or_404(Person, slug=slug)
    access.check_view(request, person)
    return person


def person_for_editor(request: HttpRequest, slug: str) -> Person:
    """Fetch a person the user may edit: their own profile, or any profile for coordinators."""
    person = get_object_or_404(Person, slug=slug)
    if access.is_coordinator(request.user):
        return person
    if person.user_id is not None and person.user_id == request.user.pk:
        return person
    raise PermissionDenied


def tree_events(
    roots: list[Organisation], children: dict[int | None, list[Organisation]]
) -> list[tuple[str, Organisation | None]]:
    """Flatten a tree into ("open" | "item" | "end" | "close", org) steps for one template loop.

    One flat loop renders several times faster than a template that includes itself per level.
    """
    events: list[tuple[str, Organisation | None]] = [("open", None)]
    stack: list[Any] = [iter(roots)]
    while stack:
        org = next(stack[-1], None)
        if org is None:
            stack.pop()
            events.append(("close", None))
            if stack:
                events.append(("end", None))
            continue
        events.append(("item", org))
        if children.get(org.pk):
            events.append(("open", None))
            stack.append(iter(children[org.pk]))
        else:
            events.append(("end", None))
    return events


def _organisation_tree_html() -> tuple[str, int]:
    organisations = list(Organisation.objects.filter(archived=False).order_by("name_sv"))
    children: dict[int | None, list[Organisation]] = defaultdict(list)
    for org in organisations:
        children[org.parent_id].append(org)
    order = [k for k, _label in Organisation.Kind.choices]
    roots = sorted(children.get(None, []), key=lambda o: (order.index(o.kind), o.name))
    by_kind: dict[str, list[Organisation]] = defaultdict(list)
    for root in roots:
        by_kind[root.get_kind_display()].append(root)
    groups = {kind: tree_events(group, children) for kind, group in by_kind.items()}
    html = mark_safe(render_to_string("people/_tree_groups.html", {"groups": groups}))
    return html, len(organisations)


@require_GET
@public_page
def organisation_tree(request: HttpRequest) -> HttpResponse:
    # The tree is the same for everyone, so its HTML is kept until any content changes.
    tree_html, count = cached_fragment("organisation-tree", _organisation_tree_html)
    return render(
        request, "people/organisation_tree.html", {"tree_html": tree_html, "count": count}
    )


@require_GET
@public_page
def organisation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    org = get_object_or_404(Organisation.objects.select_related("parent__parent"), slug=slug)
    ancestors: list[Organisation] = []
    parent = org.parent
    while parent is not None:
        ancestors.insert(0, parent)
        parent = parent.parent
    people = (
        Affiliation.objects.current()
        .filter(organisation=org, person__in=Person.objects.visible_to(request.user))
        .select_related("person")
        .order_by("person__family_name")
    )
    parties = (
        Party.objects.filter(organisation=org)
        .select_related("partnership")
        .filter(partnership__in=_visible_partnerships(request))
    )
    return render(
        request,
        "people/organisation_detail.html",
        {
            "org": org,
            "ancestors": ancestors,
            "children": org.children.filter(archived=False),
            "affiliations": people,
            "parties": parties,
        },
    )


def _visible_partnerships(request: HttpRequest) -> Any:
    from bryggan.governance.models import Partnership

    return Partnership.objects.visible_to(request.user)


@access.coordinator_required
@require_http_methods(["GET", "POST"])
def organisation_create(request: HttpRequest) -> HttpResponse:
    form = OrganisationForm(request.POST or None, initial={"parent": request.GET.get("parent")})
    if request.method == "POST" and form.is_valid():
        try:
            org = services.organisation_save(**form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The organisation was created."))
            return redirect(org)
    return render(request, "people/organisation_form.html", {"form": form})


@access.coordinator_required
@require_http_methods(["GET", "POST"])
def organisation_edit(request: HttpRequest, slug: str) -> HttpResponse:
    org = get_object_or_404(Organisation, slug=slug)
    initial = {f: getattr(org, f) for f in OrganisationForm.base_fields}
    form = OrganisationForm(request.POST or None, initial=initial)
    form.fields["parent"].queryset = Organisation.objects.filter(archived=False).exclude(pk=org.pk)  # type: ignore[attr-defined]
    if request.method == "POST" and form.is_valid():
        try:
            services.organisation_save(organisation=org, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The organisation was saved."))
            return redirect(org)
    return render(request, "people/organisation_form.html", {"form": form, "org": org})


@require_GET
@public_page
def person_list(request: HttpRequest) -> HttpResponse:
    form = PeopleFilterForm(request.GET or None)
    people = Person.objects.visible_to(request.user)
    if form.is_valid():
        data = form.cleaned_data
        if data["q"]:
            for word in data["q"].split():
                people = people.filter(
                    Q(given_name__icontains=word) | Q(family_name__icontains=word)
                )
        if data["topic"]:
            people = people.filter(topics=data["topic"])
        if data["subject"]:
            people = people.filter(subject_codes=data["subject"])
        if data["organisation"]:
            people = people.filter(affiliations__organisation=data["organisation"])
        if data["role"]:
            people = people.filter(affiliations__role=data["role"])
    current = Affiliation.objects.current().select_related("organisation")
    people = people.distinct().prefetch_related(
        Prefetch("affiliations", queryset=current, to_attr="current_affiliations"), "topics"
    )
    page = Paginator(people, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request, "people/person_list.html", {"form": form, "page": page, "query": query.urlencode()}
    )


@require_GET
@public_page
def person_detail(request: HttpRequest, slug: str) -> HttpResponse:
    person = person_for_user(request, slug)
    affiliations = person.affiliations.select_related("organisation").order_by("end", "-start")
    can_edit = access.is_coordinator(request.user) or (
        request.user.is_authenticated and person.user_id == request.user.pk
    )
    return render(
        request,
        "people/person_detail.html",
        {
            "person": person,
            "affiliations": affiliations,
            "can_edit": can_edit,
            "topics": person.topics.all(),
            "subject_codes": person.subject_codes.all(),
            "sections": profile_sections.sections_for(person, request.user),
            "affiliation_form": AffiliationForm() if access.is_coordinator(request.user) else None,
        },
    )


@access.coordinator_required
@require_http_methods(["GET", "POST"])
def person_create(request: HttpRequest) -> HttpResponse:
    form = PersonForm(request.POST or None, initial={"visibility": "internal"})
    if request.method == "POST" and form.is_valid():
        try:
            person = services.person_save(**form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The person was added."))
            return redirect(person)
    return render(request, "people/person_form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def person_edit(request: HttpRequest, slug: str) -> HttpResponse:
    person = person_for_editor(request, slug)
    initial = {
        f: getattr(person, f)
        for f in PersonForm.base_fields
        if f not in ("topics", "subject_codes")
    }
    initial["topics"] = person.topics.all()
    initial["subject_codes"] = person.subject_codes.all()
    form = PersonForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.person_save(person=person, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The profile was saved."))
            return redirect(person)
    return render(request, "people/person_form.html", {"form": form, "person": person})


@access.coordinator_required
@require_POST
def affiliation_add(request: HttpRequest, slug: str) -> HttpResponse:
    person = get_object_or_404(Person, slug=slug)
    form = AffiliationForm(request.POST)
    if form.is_valid():
        try:
            services.affiliation_add(person=person, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The affiliation was added."))
            return redirect(person)
    return render(
        request, "people/affiliation_form.html", {"form": form, "person": person}, status=400
    )


@access.coordinator_required
@require_POST
def affiliation_end(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    affiliation = get_object_or_404(Affiliation, pk=pk, person__slug=slug)
    try:
        services.affiliation_end(affiliation=affiliation)
    except ValidationError:
        messages.error(request, _("The affiliation cannot end before it starts."))
    else:
        messages.success(request, _("The affiliation was ended; it stays in the history."))
    return redirect(affiliation.person)
