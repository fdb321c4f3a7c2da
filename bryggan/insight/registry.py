"""What each app contributes to Insight: figures, kinds of knowledge, reach and funnel steps.

An app registers in a module `<app>/insight.py`, which Insight imports when it starts (like
admin.py). Nothing here imports another app: an app that is not installed contributes nothing, and
the dashboards, the annual report and the open data show whatever is registered. See
docs/insight.md, "How an app registers its figures".

    from bryggan.insight.registry import register_figure

    register_figure(
        "questions.received",
        label=_("Questions received"),
        group="questions",
        unit="count",
        compute=lambda scope, period: questions_in(scope).filter(
            received__gte=period.start, received__lt=period.end).count(),
        records=lambda scope, period, user: questions_in(scope).visible_to(user).filter(...),
    )
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import Model, QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from bryggan.insight.periods import Period
    from bryggan.insight.scopes import Scope

Label = str | Promise
Number = int | float

SCOPE_KINDS = frozenset({"partnership", "organisation", "unit"})

# The groups of the dashboard, in the order they are shown. An app may add its own group.
GROUPS: dict[str, tuple[int, Label]] = {
    "arenas": (10, _("Arenas")),
    "questions": (20, _("Questions")),
    "projects": (30, _("Projects")),
    "dissemination": (40, _("Dissemination")),
    "followup": (50, _("Follow-up")),
    "people": (60, _("People and competence")),
    "education": (70, _("Education")),
    "monitoring": (80, _("New research")),
    "governance": (90, _("Governance")),
}

# Units of measure: how a value is read and formatted (also a column of the open data).
UNITS: dict[str, Label] = {
    "count": _("number"),
    "people": _("people"),
    "organisations": _("organisations"),
    "percent": _("per cent"),
    "days": _("days"),
    "hours": _("hours"),
    "sek": _("SEK"),
}


@dataclass(frozen=True)
class Measure:
    """A derived value (a share, a mean, a median) with the number of subjects it rests on.

    Suppression looks at `base`, so a percentage about three clients is hidden like the count.
    """

    value: Number | None
    base: int


FigureValue = Number | Measure | None


@dataclass(frozen=True)
class Figure:
    key: str
    label: Label
    group: str
    unit: str
    compute: Callable[[Scope, Period], FigureValue]
    records: Callable[[Scope, Period, Any], QuerySet | Iterable[Model]] | None = None
    records_url: Callable[[Scope, Period], str | None] | None = None
    concerns_clients: bool = False
    description: Label = ""
    scopes: frozenset[str] = SCOPE_KINDS
    order: int = 100
    trend_chart: bool = False
    series: Callable[[Scope, list[Period]], Sequence[FigureValue]] | None = None
    breakdown: Callable[[Scope, Period], Iterable[tuple[Hashable, int | None]]] | None = None

    @property
    def group_label(self) -> Label:
        return GROUPS.get(self.group, (999, self.group))[1]

    @property
    def unit_label(self) -> Label:
        return UNITS[self.unit]

    def applies_to(self, scope: Scope) -> bool:
        return scope.kind in self.scopes

    def values(self, scope: Scope, periods: list[Period]) -> list[FigureValue]:
        """Compute the figure for several periods (one grouped pass when the app offers one)."""
        if self.series is not None:
            return list(self.series(scope, periods))
        return [self.compute(scope, period) for period in periods]


@dataclass(frozen=True)
class KnowledgeKind:
    """A kind of knowledge for the evidence-and-gap map: records counted per priority area."""

    key: str
    label: Label
    model: type[Model]
    queryset: Callable[[], QuerySet]
    area_path: str = "priority_areas"
    date_field: str | None = None
    in_scope: Callable[[QuerySet, Scope], QuerySet] | None = None
    in_period: Callable[[QuerySet, Period], QuerySet] | None = None
    order: int = 100
    on_map: bool = True
    cycle_root: bool = True

    def records(self, scope: Scope, period: Period | None) -> QuerySet:
        """All records of this kind in the scope (and dated within the period, when the kind has dates)."""
        queryset = self.queryset()
        if self.in_scope is not None:
            queryset = self.in_scope(queryset, scope)
        if period is not None and self.in_period is not None:
            queryset = self.in_period(queryset, period)
        elif period is not None and self.date_field:
            field_name = self.date_field
            model_field = self.model._meta.get_field(field_name)
            if model_field.get_internal_type() == "DateTimeField":
                queryset = queryset.filter(
                    **{f"{field_name}__gte": period.start_at, f"{field_name}__lt": period.end_at}
                )
            else:
                queryset = queryset.filter(
                    **{f"{field_name}__gte": period.start, f"{field_name}__lt": period.end}
                )
        return queryset


@dataclass(frozen=True)
class Reach:
    """Who was reached, as (subject id, organisation id) pairs; Insight groups them by municipality."""

    key: str
    label: Label
    pairs: Callable[[Scope, Period], Iterable[tuple[int, int | None]]]
    concerns_clients: bool = False
    order: int = 100


@dataclass(frozen=True)
class FunnelStep:
    """One step of the questions funnel (received, evidence checked, prioritised, project, answered)."""

    key: str
    label: Label
    count: Callable[[Scope, Period], int]
    records: Callable[[Scope, Period, Any], QuerySet | Iterable[Model]] | None = None
    order: int = 100


@dataclass
class Registry:
    figures: dict[str, Figure] = field(default_factory=dict)
    kinds: dict[str, KnowledgeKind] = field(default_factory=dict)
    reach: dict[str, Reach] = field(default_factory=dict)
    funnel: dict[str, FunnelStep] = field(default_factory=dict)


_REGISTRY = Registry()


def _check_key(key: str) -> None:
    if not key or "." not in key or any(c.isspace() or c in "/?#&" for c in key):
        raise ValueError(f"Use a key like 'app.name' without spaces or slashes, not {key!r}.")


def register_group(key: str, *, label: Label, order: int = 100) -> None:
    """Add a group of figures to the dashboard (or rename an existing one)."""
    GROUPS[key] = (order, label)


def register_figure(
    key: str,
    *,
    label: Label,
    group: str,
    unit: str = "count",
    compute: Callable[[Scope, Period], FigureValue],
    records: Callable[[Scope, Period, Any], QuerySet | Iterable[Model]] | None = None,
    records_url: Callable[[Scope, Period], str | None] | None = None,
    concerns_clients: bool = False,
    description: Label = "",
    scopes: Iterable[str] | None = None,
    order: int = 100,
    trend_chart: bool = False,
    series: Callable[[Scope, list[Period]], Sequence[FigureValue]] | None = None,
    breakdown: Callable[[Scope, Period], Iterable[tuple[Hashable, int | None]]] | None = None,
) -> Figure:
    """Register a figure; its key is stable (it is a column value in the open data)."""
    _check_key(key)
    if group not in GROUPS:
        raise ValueError(f"Unknown group {group!r}; register_group() it first.")
    if unit not in UNITS:
        raise ValueError(f"Unknown unit {unit!r}; use one of {', '.join(UNITS)}.")
    chosen = frozenset(scopes) if scopes is not None else SCOPE_KINDS
    if not chosen <= SCOPE_KINDS:
        raise ValueError(f"Scopes must be among {', '.join(sorted(SCOPE_KINDS))}.")
    figure = Figure(
        key=key,
        label=label,
        group=group,
        unit=unit,
        compute=compute,
        records=records,
        records_url=records_url,
        concerns_clients=concerns_clients,
        description=description,
        scopes=chosen,
        order=order,
        trend_chart=trend_chart,
        series=series,
        breakdown=breakdown,
    )
    _REGISTRY.figures[key] = figure
    return figure


def register_knowledge_kind(
    key: str,
    *,
    label: Label,
    model: type[Model],
    queryset: Callable[[], QuerySet] | None = None,
    area_path: str = "priority_areas",
    date_field: str | None = None,
    in_scope: Callable[[QuerySet, Scope], QuerySet] | None = None,
    in_period: Callable[[QuerySet, Period], QuerySet] | None = None,
    order: int = 100,
    on_map: bool = True,
    cycle_root: bool = True,
) -> KnowledgeKind:
    """Register a kind of knowledge for the evidence-and-gap map (models with taxonomy.Tagged by default).

    `on_map=False` keeps the kind off the map (it still tells which records belong to a scope);
    `cycle_root=False` keeps its records from starting chains and from the cycle funnel (for a
    second, narrower kind of the same model, such as open questions beside all questions).
    """
    _check_key(key)
    kind = KnowledgeKind(
        key=key,
        label=label,
        model=model,
        queryset=queryset or (lambda: model._default_manager.all()),
        area_path=area_path,
        date_field=date_field,
        in_scope=in_scope,
        in_period=in_period,
        order=order,
        on_map=on_map,
        cycle_root=cycle_root,
    )
    _REGISTRY.kinds[key] = kind
    return kind


def register_reach(
    key: str,
    *,
    label: Label,
    pairs: Callable[[Scope, Period], Iterable[tuple[int, int | None]]],
    concerns_clients: bool = False,
    order: int = 100,
) -> Reach:
    """Register who a part of the platform reached, for the reach-per-municipality chart."""
    _check_key(key)
    reach = Reach(key=key, label=label, pairs=pairs, concerns_clients=concerns_clients, order=order)
    _REGISTRY.reach[key] = reach
    return reach


def register_funnel_step(
    key: str,
    *,
    label: Label,
    count: Callable[[Scope, Period], int],
    records: Callable[[Scope, Period, Any], QuerySet | Iterable[Model]] | None = None,
    order: int = 100,
) -> FunnelStep:
    """Register a step of the questions funnel; steps are shown in `order`."""
    _check_key(key)
    step = FunnelStep(key=key, label=label, count=count, records=records, order=order)
    _REGISTRY.funnel[key] = step
    return step


def unregister(key: str) -> None:
    """Remove whatever is registered under `key` (tests, or an installation that hides a figure)."""
    for table in (_REGISTRY.figures, _REGISTRY.kinds, _REGISTRY.reach, _REGISTRY.funnel):
        table.pop(key, None)


def figures(scope: Scope | None = None) -> list[Figure]:
    """Registered figures in dashboard order (only those for the scope's kind when given)."""
    found = [f for f in _REGISTRY.figures.values() if scope is None or f.applies_to(scope)]
    return sorted(found, key=lambda f: (GROUPS.get(f.group, (999, ""))[0], f.order, f.key))


def figure(key: str) -> Figure | None:
    return _REGISTRY.figures.get(key)


def knowledge_kinds(*, on_map: bool | None = None) -> list[KnowledgeKind]:
    """Registered kinds in column order (only those shown on the map with on_map=True)."""
    found = [k for k in _REGISTRY.kinds.values() if on_map is None or k.on_map == on_map]
    return sorted(found, key=lambda k: (k.order, k.key))


def knowledge_kind(key: str) -> KnowledgeKind | None:
    return _REGISTRY.kinds.get(key)


def reaches() -> list[Reach]:
    return sorted(_REGISTRY.reach.values(), key=lambda r: (r.order, r.key))


def funnel_steps() -> list[FunnelStep]:
    return sorted(_REGISTRY.funnel.values(), key=lambda s: (s.order, s.key))


def funnel_step(key: str) -> FunnelStep | None:
    return _REGISTRY.funnel.get(key)
