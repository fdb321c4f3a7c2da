"""Writes for annual reports and activity plans, each in one transaction, with translated errors."""

from __future__ import annotations

import re
from decimal import Decimal
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urlsplit

import nh3
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext as _

from bryggan.governance.models import Partnership
from bryggan.insight import registry
from bryggan.insight.models import (
    ActivityPlan,
    ActivityReport,
    Goal,
    Highlight,
    PlannedItem,
    ReportSection,
    Status,
)
from bryggan.insight.reports import build_snapshot
from bryggan.people.models import Organisation, User
from bryggan.taxonomy.models import PriorityArea

NARRATIVE_TAGS = {"p", "br", "strong", "em", "ul", "ol", "li", "h3", "h4", "a", "blockquote"}
URL_SCHEMES = ("http", "https", "mailto")
FIRST_YEAR, LAST_YEAR = 1990, 2200


def _plain_to_html(text: str) -> str:
    """Turn plain text (paragraphs separated by blank lines) into paragraphs."""
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
    return "".join(
        "<p>" + "<br>".join(escape(line) for line in p.splitlines()) + "</p>" for p in paragraphs
    )


class _Inspector(HTMLParser):
    """Notice any tag, attribute, link or comment in a narrative that sanitising will drop."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.unsafe = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in NARRATIVE_TAGS:
            self.unsafe = True
        for name, value in attrs:
            scheme = urlsplit((value or "").strip()).scheme.lower()
            if not (tag == "a" and name == "href") or scheme not in ("", *URL_SCHEMES):
                self.unsafe = True

    def handle_endtag(self, tag: str) -> None:
        if tag not in NARRATIVE_TAGS:
            self.unsafe = True

    def handle_comment(self, data: str) -> None:
        self.unsafe = True

    def handle_decl(self, decl: str) -> None:
        self.unsafe = True

    def handle_pi(self, data: str) -> None:
        self.unsafe = True


def sanitise_narrative(text: str) -> tuple[str, bool]:
    """Return the narrative as safe HTML and whether anything unsafe or not allowed was removed."""
    text = (text or "").strip()
    if not text:
        return "", False
    if "<" not in text:
        return _plain_to_html(text), False
    inspector = _Inspector()
    inspector.feed(text)
    inspector.close()
    cleaned = nh3.clean(
        text,
        tags=NARRATIVE_TAGS,
        attributes={"a": {"href"}},
        url_schemes=set(URL_SCHEMES),
        link_rel="noopener noreferrer",
    )
    return cleaned, inspector.unsafe


def _check_year(year: int) -> None:
    if not FIRST_YEAR <= year < LAST_YEAR:
        raise ValidationError(
            {
                "year": _("Choose a year between %(first)d and %(last)d.")
                % {"first": FIRST_YEAR, "last": LAST_YEAR - 1}
            }
        )


# ---- reports ----------------------------------------------------------------------------------


@transaction.atomic
def report_create(*, partnership: Partnership, year: int) -> ActivityReport:
    """Start the report of a year (or return the one already started)."""
    _check_year(year)
    if year > timezone.localdate().year:
        raise ValidationError(
            {
                "year": _("A report can be written for a year that has begun, not for %(year)d.")
                % {"year": year}
            }
        )
    report, _created = ActivityReport.objects.get_or_create(partnership=partnership, year=year)
    return report


@transaction.atomic
def report_save(
    *,
    report: ActivityReport,
    introduction: str,
    outlook: str,
    narrative_language: str,
    area_texts: dict[int, str],
    party_texts: dict[int, str],
) -> list[str]:
    """Save the narrative of a report; return the names of the texts unsafe HTML was removed from."""
    cleaned: list[str] = []
    report.introduction, removed = sanitise_narrative(introduction)
    if removed:
        cleaned.append(_("Introduction"))
    report.outlook, removed = sanitise_narrative(outlook)
    if removed:
        cleaned.append(_("Looking ahead"))
    report.narrative_language = narrative_language
    report.save(update_fields=["introduction", "outlook", "narrative_language", "updated_at"])
    areas = PriorityArea.objects.in_bulk(list(area_texts))
    for area_id, text in area_texts.items():
        safe, removed = sanitise_narrative(text)
        if removed:
            cleaned.append(str(areas[area_id]))
        ReportSection.objects.update_or_create(
            report=report, area_id=area_id, defaults={"text": safe}
        )
    organisations = Organisation.objects.in_bulk(list(party_texts))
    for org_id, text in party_texts.items():
        safe, removed = sanitise_narrative(text)
        if removed:
            cleaned.append(str(organisations[org_id]))
        ReportSection.objects.update_or_create(
            report=report, organisation_id=org_id, defaults={"text": safe}
        )
    return cleaned


@transaction.atomic
def report_publish(*, report: ActivityReport, user: User) -> ActivityReport:
    """Freeze the figures and the text as they are now and make the report public."""
    report = ActivityReport.objects.select_for_update().get(pk=report.pk)
    report.snapshot = build_snapshot(report.partnership, report.year, report)
    report.status = Status.PUBLISHED
    report.published_at = timezone.now()
    report.published_by = user
    report.save(update_fields=["snapshot", "status", "published_at", "published_by", "updated_at"])
    return report


@transaction.atomic
def report_unpublish(*, report: ActivityReport) -> ActivityReport:
    """Take a report back to draft: it is no longer public and shows live figures again."""
    report.status = Status.DRAFT
    report.snapshot = {}
    report.save(update_fields=["status", "snapshot", "updated_at"])
    return report


@transaction.atomic
def highlight_add(
    *, report: ActivityReport, title: str, text: str = "", record: Model | None = None
) -> Highlight:
    from django.contrib.contenttypes.models import ContentType

    title = title.strip()
    if not title:
        raise ValidationError({"title": _("Give the highlight a title.")})
    safe, _removed = sanitise_narrative(text)
    last = report.highlights.order_by("-order").values_list("order", flat=True).first() or 0
    return Highlight.objects.create(
        report=report,
        title=title,
        text=safe,
        record_type=ContentType.objects.get_for_model(record) if record is not None else None,
        record_id=record.pk if record is not None else None,
        order=last + 1,
    )


@transaction.atomic
def highlight_remove(*, highlight: Highlight) -> None:
    highlight.delete()


# ---- plans ------------------------------------------------------------------------------------


@transaction.atomic
def plan_create(*, partnership: Partnership, year: int) -> ActivityPlan:
    """Start the plan of a year (or return the one already started)."""
    _check_year(year)
    plan, _created = ActivityPlan.objects.get_or_create(partnership=partnership, year=year)
    return plan


@transaction.atomic
def plan_save(*, plan: ActivityPlan, introduction: str) -> bool:
    """Save the plan's introduction; return whether unsafe HTML was removed."""
    plan.introduction, removed = sanitise_narrative(introduction)
    plan.save(update_fields=["introduction", "updated_at"])
    return removed


@transaction.atomic
def plan_publish(*, plan: ActivityPlan, user: User) -> ActivityPlan:
    if not plan.items.exists() and not plan.goals.exists():
        raise ValidationError(_("Add at least one planned activity or goal before publishing."))
    plan.status = Status.PUBLISHED
    plan.published_at = timezone.now()
    plan.published_by = user
    plan.save(update_fields=["status", "published_at", "published_by", "updated_at"])
    return plan


@transaction.atomic
def plan_unpublish(*, plan: ActivityPlan) -> ActivityPlan:
    plan.status = Status.DRAFT
    plan.save(update_fields=["status", "updated_at"])
    return plan


@transaction.atomic
def planned_item_add(
    *,
    plan: ActivityPlan,
    kind: str,
    title: str,
    description: str = "",
    when: str = "",
    area: PriorityArea | None = None,
) -> PlannedItem:
    if kind not in PlannedItem.Kind.values:
        raise ValidationError({"kind": _("Choose arena, project or other activity.")})
    if not title.strip():
        raise ValidationError({"title": _("Give the activity a title.")})
    last = plan.items.order_by("-order").values_list("order", flat=True).first() or 0
    return PlannedItem.objects.create(
        plan=plan,
        kind=kind,
        title=title.strip(),
        description=description.strip(),
        when=when.strip(),
        area=area,
        order=last + 1,
    )


@transaction.atomic
def planned_item_follow_up(*, item: PlannedItem, outcome: str, note: str = "") -> PlannedItem:
    if outcome not in PlannedItem.Outcome.values:
        raise ValidationError({"outcome": _("Choose an outcome from the list.")})
    item.outcome = outcome
    item.outcome_note = note.strip()
    item.save(update_fields=["outcome", "outcome_note"])
    return item


@transaction.atomic
def planned_item_remove(*, item: PlannedItem) -> None:
    item.delete()


def _check_goal(indicator: str, target: Any) -> None:
    errors = {}
    if indicator and registry.figure(indicator) is None:
        errors["indicator"] = _("There is no figure %(key)s in this installation.") % {
            "key": indicator
        }
    if target is not None and Decimal(target) < 0:
        errors["target"] = _("The target cannot be negative.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def goal_add(
    *,
    plan: ActivityPlan,
    text: str,
    indicator: str = "",
    target: Decimal | None = None,
    area: PriorityArea | None = None,
) -> Goal:
    if not text.strip():
        raise ValidationError({"text": _("Write the goal.")})
    _check_goal(indicator, target)
    last = plan.goals.order_by("-order").values_list("order", flat=True).first() or 0
    return Goal.objects.create(
        plan=plan,
        text=text.strip(),
        indicator=indicator,
        target=target,
        area=area,
        order=last + 1,
    )


@transaction.atomic
def goal_follow_up(*, goal: Goal, note: str) -> Goal:
    goal.outcome_note = note.strip()
    goal.save(update_fields=["outcome_note"])
    return goal


@transaction.atomic
def goal_remove(*, goal: Goal) -> None:
    goal.delete()
