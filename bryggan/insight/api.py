"""JSON API for Insight, with the same permission rules as the pages.

Dashboards and chains are for partnership staff; published reports, published plans, the figure
catalogue and the open data are public; R&D coordinators write narratives and plans and publish.
Labels come in both languages ({"sv": …, "en": …}), like the report snapshots.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError

from bryggan.api.auth import WRITE
from bryggan.core import access
from bryggan.cycle.queries import _visible
from bryggan.cycle.registry import node_for
from bryggan.governance.models import Partnership
from bryggan.insight import access as insight_access
from bryggan.insight import cycle, opendata, registry, reports, services
from bryggan.insight.figures import both, dashboard
from bryggan.insight.models import ActivityPlan, ActivityReport, Goal, PlannedItem
from bryggan.insight.periods import Period, check_period, default_period
from bryggan.insight.scopes import Scope, organisation_scope, partnership_scope
from bryggan.taxonomy.models import PriorityArea

router = Router(tags=["insight"])


def _guard(call: Any, *args: Any) -> Any:
    """Turn the access helpers' 403/404 into API errors."""
    try:
        return call(*args)
    except PermissionDenied as error:
        raise HttpError(403, _("You may not do this.")) from error
    except Http404 as error:
        raise HttpError(404, _("Not found.")) from error


def _period(start: date | None, end: date | None) -> Period:
    if start is None and end is None:
        return default_period()
    if start is None or end is None:
        raise HttpError(422, _("Give both start and end (the last day), or neither."))
    try:
        return check_period(start, end)
    except ValueError as error:
        raise HttpError(422, str(error)) from error


def _user_of(request: HttpRequest) -> Any:
    return request.user if request.user.is_authenticated else AnonymousUser()


# ---- catalogue --------------------------------------------------------------------------------


class FigureInfo(Schema):
    key: str
    label: dict[str, str]
    group: str
    group_label: dict[str, str]
    unit: str
    concerns_clients: bool
    description: dict[str, str]
    scopes: list[str]


@router.get("/insight/figures", response=list[FigureInfo])
def figure_catalogue(request: HttpRequest):
    """Every registered figure: its stable key, what it counts and its unit."""
    return [
        {
            "key": f.key,
            "label": both(f.label),
            "group": f.group,
            "group_label": both(f.group_label),
            "unit": f.unit,
            "concerns_clients": f.concerns_clients,
            "description": both(f.description) if f.description else {},
            "scopes": sorted(f.scopes),
        }
        for f in registry.figures()
    ]


# ---- dashboards -------------------------------------------------------------------------------


class PeriodOut(Schema):
    start: date
    last_day: date
    label: str


class DashboardOut(Schema):
    scope: dict[str, str]
    period: PeriodOut
    previous: PeriodOut
    year_earlier: PeriodOut
    figures: list[dict[str, Any]]
    trends: list[dict[str, Any]]
    reach: list[dict[str, Any]]
    gap_map: dict[str, Any]
    funnel: dict[str, Any]
    cycle_funnel: dict[str, Any]


def _period_out(period: Period) -> dict[str, Any]:
    return {"start": period.start, "last_day": period.last_day, "label": period.label()}


def _dashboard(scope: Scope, period: Period) -> dict[str, Any]:
    data = dashboard(scope, period)
    return {
        "scope": {"kind": scope.kind, "slug": scope.obj.slug, "name": scope.name},
        "period": _period_out(period),
        "previous": _period_out(period.previous()),
        "year_earlier": _period_out(period.year_earlier()),
        "figures": data["rows"],
        "trends": data["trends"],
        "reach": data["reach"],
        "gap_map": data["gap"],
        "funnel": data["funnel"],
        "cycle_funnel": data["cycle_funnel"],
    }


@router.get("/insight/dashboards/partnerships/{slug}", response=DashboardOut)
def partnership_dashboard(
    request: HttpRequest, slug: str, start: date | None = None, end: date | None = None
):
    """A partnership's figures for a period (`end` is the last day; this year by default)."""
    partnership = _guard(insight_access.partnership_for_staff, request, slug)
    return _dashboard(partnership_scope(partnership), _period(start, end))


@router.get("/insight/dashboards/organisations/{slug}", response=DashboardOut)
def organisation_dashboard(
    request: HttpRequest, slug: str, start: date | None = None, end: date | None = None
):
    """An organisation's (or unit's) figures for a period, with everything under it."""
    organisation = _guard(insight_access.organisation_for_staff, request, slug)
    return _dashboard(organisation_scope(organisation), _period(start, end))


@router.get("/insight/chains/partnerships/{slug}", response=dict[str, Any])
def partnership_chains(request: HttpRequest, slug: str):
    """Which knowledge-cycle chains of the partnership are complete and where the others stall."""
    partnership = _guard(insight_access.partnership_for_staff, request, slug)
    return cycle.chains(partnership_scope(partnership), request.user)


@router.get("/insight/cycle/{kind}/{id}", response=dict[str, Any])
def record_timeline(request: HttpRequest, kind: str, id: int):
    """One record's chain in the order of the cycle's stages (only what the caller may see)."""
    from django.apps import apps

    try:
        model = apps.get_model(kind)
    except (LookupError, ValueError) as error:
        raise HttpError(404, _("Unknown kind of record.")) from error
    if node_for(model) is None:
        raise HttpError(404, _("Unknown kind of record."))
    obj = _visible(model._default_manager.filter(pk=id), _user_of(request)).first()
    if obj is None:
        raise HttpError(404, _("Not found."))
    return cycle.timeline(obj, _user_of(request))


# ---- reports ----------------------------------------------------------------------------------


class ReportSummary(Schema):
    partnership: str = Field(..., alias="partnership.slug")
    year: int
    status: str
    published_at: Any = None
    url: str = Field(..., alias="get_absolute_url")


class ReportOut(ReportSummary):
    introduction: str
    outlook: str
    narrative_language: str
    content: dict[str, Any]


class ReportIn(Schema):
    introduction: str = ""
    outlook: str = ""
    narrative_language: str = Field("sv", pattern="^(sv|en)$")
    areas: dict[str, str] = {}
    parties: dict[str, str] = {}


class SavedOut(Schema):
    saved: bool
    cleaned: list[str]


class HighlightIn(Schema):
    title: str = Field(..., min_length=1, max_length=200)
    text: str = ""


def _readable_reports(request: HttpRequest):
    reports_qs = ActivityReport.objects.select_related("partnership")
    if access.is_partnership_staff(request.user):
        visible = Partnership.objects.visible_to(request.user)
        return reports_qs.filter(partnership__in=visible) | reports_qs.published()
    return reports_qs.published()


@router.get("/insight/reports", response=list[ReportSummary])
def report_list(request: HttpRequest):
    """Published annual reports (and drafts for partnership staff)."""
    return _readable_reports(request).order_by("partnership__slug", "-year")


@router.get("/insight/reports/{slug}/{year}", response=ReportOut)
def report_get(request: HttpRequest, slug: str, year: int):
    """A report with its content (the frozen snapshot once published)."""
    report = _guard(insight_access.report_for_reader, request, slug, year)
    report.content = reports.snapshot_of(report)
    return report


@router.put("/insight/reports/{slug}/{year}", response=SavedOut, auth=WRITE)
def report_put(request: HttpRequest, slug: str, year: int, payload: ReportIn):
    """Write the narrative of a report (R&D coordinators); starts the report when needed."""
    partnership = _guard(insight_access.partnership_for_coordinator, request, slug)
    try:
        report = services.report_create(partnership=partnership, year=year)
    except ValidationError as error:
        raise HttpError(422, " ".join(error.messages)) from error
    areas = {a.slug: a.pk for a in partnership.priority_areas.all()}
    parties = {
        p.organisation.slug: p.organisation_id
        for p in partnership.parties.select_related("organisation")
    }
    unknown = [s for s in payload.areas if s not in areas] + [
        s for s in payload.parties if s not in parties
    ]
    if unknown:
        raise HttpError(
            422,
            _("Not a priority area or party of the partnership: %(names)s")
            % {"names": ", ".join(unknown)},
        )
    cleaned = services.report_save(
        report=report,
        introduction=payload.introduction,
        outlook=payload.outlook,
        narrative_language=payload.narrative_language,
        area_texts={areas[s]: t for s, t in payload.areas.items()},
        party_texts={parties[s]: t for s, t in payload.parties.items()},
    )
    return {"saved": True, "cleaned": cleaned}


@router.post("/insight/reports/{slug}/{year}/publish", response=ReportSummary, auth=WRITE)
def report_publish(request: HttpRequest, slug: str, year: int):
    """Freeze the figures and text and make the report public (R&D coordinators)."""
    report = _guard(insight_access.report_for_coordinator, request, slug, year)
    return services.report_publish(report=report, user=request.user)  # type: ignore[arg-type]


@router.post("/insight/reports/{slug}/{year}/unpublish", response=ReportSummary, auth=WRITE)
def report_unpublish(request: HttpRequest, slug: str, year: int):
    report = _guard(insight_access.report_for_coordinator, request, slug, year)
    return services.report_unpublish(report=report)


@router.post(
    "/insight/reports/{slug}/{year}/highlights", response={201: dict[str, Any]}, auth=WRITE
)
def highlight_create(request: HttpRequest, slug: str, year: int, payload: HighlightIn):
    report = _guard(insight_access.report_for_coordinator, request, slug, year)
    try:
        highlight = services.highlight_add(report=report, title=payload.title, text=payload.text)
    except ValidationError as error:
        raise HttpError(422, " ".join(error.messages)) from error
    return Status(201, {"id": highlight.pk, "title": highlight.title, "text": highlight.text})


@router.delete("/insight/reports/{slug}/{year}/highlights/{pk}", response={204: None}, auth=WRITE)
def highlight_delete(request: HttpRequest, slug: str, year: int, pk: int):
    report = _guard(insight_access.report_for_coordinator, request, slug, year)
    services.highlight_remove(highlight=get_object_or_404(report.highlights, pk=pk))
    return Status(204, None)


@router.get("/insight/open-data/figures", response=list[dict[str, Any]])
def open_data(request: HttpRequest):
    """The figures of every published report (the columns of /oppna-data/siffror.csv)."""
    return opendata.published_rows()


# ---- plans ------------------------------------------------------------------------------------


class ItemOut(Schema):
    id: int
    kind: str
    title: str
    description: str
    when: str
    area: str | None = Field(None, alias="area.slug")
    outcome: str
    outcome_note: str


class GoalOut(Schema):
    id: int
    text: str
    indicator: str
    target: Decimal | None
    area: str | None = Field(None, alias="area.slug")
    outcome_note: str


class PlanOut(Schema):
    partnership: str = Field(..., alias="partnership.slug")
    year: int
    status: str
    introduction: str
    url: str = Field(..., alias="get_absolute_url")
    items: list[ItemOut]
    goals: list[GoalOut]

    @staticmethod
    def resolve_items(obj: ActivityPlan) -> list:
        return list(obj.items.select_related("area"))

    @staticmethod
    def resolve_goals(obj: ActivityPlan) -> list:
        return list(obj.goals.select_related("area"))


class PlanIn(Schema):
    introduction: str = ""


class ItemIn(Schema):
    kind: PlannedItem.Kind
    title: str = Field(..., min_length=1, max_length=200)
    description: str = ""
    when: str = Field("", max_length=100)
    area: str | None = None


class OutcomeIn(Schema):
    outcome: PlannedItem.Outcome
    note: str = ""


class GoalIn(Schema):
    text: str = Field(..., min_length=1, max_length=300)
    indicator: str = ""
    target: Decimal | None = Field(None, ge=0, max_digits=12, decimal_places=1)
    area: str | None = None


def _area(slug: str | None) -> PriorityArea | None:
    if not slug:
        return None
    area = PriorityArea.objects.filter(slug=slug).first()
    if area is None:
        raise HttpError(422, _("Unknown priority area: %(slug)s") % {"slug": slug})
    return area


def _readable_plans(request: HttpRequest):
    plans = ActivityPlan.objects.select_related("partnership")
    if access.is_partnership_staff(request.user):
        visible = Partnership.objects.visible_to(request.user)
        return plans.filter(partnership__in=visible) | plans.published()
    return plans.published()


@router.get("/insight/plans", response=list[PlanOut])
def plan_list(request: HttpRequest):
    """Published activity plans (and drafts for partnership staff)."""
    return _readable_plans(request).order_by("partnership__slug", "-year")


@router.get("/insight/plans/{slug}/{year}", response=PlanOut)
def plan_get(request: HttpRequest, slug: str, year: int):
    return _guard(insight_access.plan_for_reader, request, slug, year)


@router.put("/insight/plans/{slug}/{year}", response=PlanOut, auth=WRITE)
def plan_put(request: HttpRequest, slug: str, year: int, payload: PlanIn):
    """Start a plan or change its introduction (R&D coordinators)."""
    partnership = _guard(insight_access.partnership_for_coordinator, request, slug)
    try:
        plan = services.plan_create(partnership=partnership, year=year)
    except ValidationError as error:
        raise HttpError(422, " ".join(error.messages)) from error
    services.plan_save(plan=plan, introduction=payload.introduction)
    return plan


def _write_error(error: ValidationError) -> HttpError:
    if hasattr(error, "error_dict"):
        return HttpError(422, "; ".join(m for ms in error.message_dict.values() for m in ms))
    return HttpError(422, " ".join(error.messages))


@router.post("/insight/plans/{slug}/{year}/items", response={201: ItemOut}, auth=WRITE)
def item_create(request: HttpRequest, slug: str, year: int, payload: ItemIn):
    plan = _guard(insight_access.plan_for_coordinator, request, slug, year)
    try:
        item = services.planned_item_add(
            plan=plan,
            kind=payload.kind,
            title=payload.title,
            description=payload.description,
            when=payload.when,
            area=_area(payload.area),
        )
    except ValidationError as error:
        raise _write_error(error) from error
    return Status(201, item)


@router.patch("/insight/plans/{slug}/{year}/items/{pk}", response=ItemOut, auth=WRITE)
def item_follow_up(request: HttpRequest, slug: str, year: int, pk: int, payload: OutcomeIn):
    plan = _guard(insight_access.plan_for_coordinator, request, slug, year)
    item = get_object_or_404(PlannedItem, pk=pk, plan=plan)
    return services.planned_item_follow_up(item=item, outcome=payload.outcome, note=payload.note)


@router.delete("/insight/plans/{slug}/{year}/items/{pk}", response={204: None}, auth=WRITE)
def item_delete(request: HttpRequest, slug: str, year: int, pk: int):
    plan = _guard(insight_access.plan_for_coordinator, request, slug, year)
    services.planned_item_remove(item=get_object_or_404(PlannedItem, pk=pk, plan=plan))
    return Status(204, None)


@router.post("/insight/plans/{slug}/{year}/goals", response={201: GoalOut}, auth=WRITE)
def goal_create(request: HttpRequest, slug: str, year: int, payload: GoalIn):
    plan = _guard(insight_access.plan_for_coordinator, request, slug, year)
    try:
        goal = services.goal_add(
            plan=plan,
            text=payload.text,
            indicator=payload.indicator,
            target=payload.target,
            area=_area(payload.area),
        )
    except ValidationError as error:
        raise _write_error(error) from error
    return Status(201, goal)


@router.delete("/insight/plans/{slug}/{year}/goals/{pk}", response={204: None}, auth=WRITE)
def goal_delete(request: HttpRequest, slug: str, year: int, pk: int):
    plan = _guard(insight_access.plan_for_coordinator, request, slug, year)
    services.goal_remove(goal=get_object_or_404(Goal, pk=pk, plan=plan))
    return Status(204, None)


@router.post("/insight/plans/{slug}/{year}/publish", response=PlanOut, auth=WRITE)
def plan_publish(request: HttpRequest, slug: str, year: int):
    plan = _guard(insight_access.plan_for_coordinator, request, slug, year)
    try:
        return services.plan_publish(plan=plan, user=request.user)  # type: ignore[arg-type]
    except ValidationError as error:
        raise _write_error(error) from error


@router.post("/insight/plans/{slug}/{year}/unpublish", response=PlanOut, auth=WRITE)
def plan_unpublish(request: HttpRequest, slug: str, year: int):
    plan = _guard(insight_access.plan_for_coordinator, request, slug, year)
    return services.plan_unpublish(plan=plan)
