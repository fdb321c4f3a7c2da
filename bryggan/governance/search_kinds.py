"""Governance in the site search: partnerships and the decisions of their bodies.

Access mirrors bryggan.governance.access exactly, as grants (docs/search.md):
- a partnership is seen by everyone at its level, and when restricted by the members of its bodies
  and by R&D coordinators (`is_visible`);
- a decision needs its partnership, its body and itself to be visible (a part is never more
  visible than what it belongs to): public when all three are public; otherwise the grants
  name who passes every level — partnership staff for "internal" levels, the members of the body
  (or of the partnership's bodies) for "members only" levels, and both when both kinds occur —
  plus coordinators and the body's chair and secretary, who see all its decisions
  (`decision_for_user`).
Archived partnerships are left out, as from the list of partnerships.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from bryggan.core import access
from bryggan.core.models import Visibility
from bryggan.search.kinds import (
    COORDINATORS,
    both_languages,
    choice_labels,
    day_start,
    lines,
    staff_keys,
)
from bryggan.search.kinds import names as taxonomy_names
from bryggan.search.registry import Document
from bryggan.search.registry import register as register_kind

BODY = "governance.body"  # members of the body (or of the body it became)
PARTNERSHIP = "governance.partnership"  # members of any body of the partnership
STAFF_BODY = "governance.staff-body"  # members of the body who are partnership staff
STAFF_PARTNERSHIP = "governance.staff-partnership"
MANAGES = "governance.manages"  # the body's chair and secretary


def partnership_document(partnership: Any) -> Document | None:
    if partnership.archived:
        return None
    restricted = partnership.visibility == Visibility.RESTRICTED
    return Document(
        title=partnership.name_sv,
        url=partnership.get_absolute_url(),
        body=partnership.description,
        keywords=lines(
            partnership.name_en,
            partnership.short_name,
            both_languages(_("Partnership")),
            choice_labels(type(partnership).Kind, partnership.kind),
            taxonomy_names(partnership.priority_areas.all()),
        ),
        language="sv",
        date=day_start(partnership.start),
        priority_areas=[a.pk for a in partnership.priority_areas.all()],
        visibility=partnership.visibility,
        allowed=[COORDINATORS, f"{PARTNERSHIP}:{partnership.pk}"] if restricted else (),
    )


def decision_audience(decision: Any) -> tuple[str, list[str]]:
    """Return the visibility and grants that let exactly `decision_for_user`'s readers find it."""
    body = decision.body
    partnership = body.partnership
    levels = (partnership.visibility, body.visibility, decision.visibility)
    if all(level == Visibility.PUBLIC for level in levels):
        return Visibility.PUBLIC, []
    staff = Visibility.INTERNAL in levels
    bypass = [COORDINATORS, f"{MANAGES}:{body.pk}"]
    if Visibility.RESTRICTED in (body.visibility, decision.visibility):
        member = f"{STAFF_BODY if staff else BODY}:{body.pk}"
    elif partnership.visibility == Visibility.RESTRICTED:
        member = f"{STAFF_PARTNERSHIP if staff else PARTNERSHIP}:{partnership.pk}"
    else:  # internal levels only: partnership staff
        return Visibility.RESTRICTED, [*staff_keys(), *bypass]
    return Visibility.RESTRICTED, [member, *bypass]


def decision_document(decision: Any) -> Document:
    body = decision.body
    partnership = body.partnership
    visibility, allowed = decision_audience(decision)
    return Document(
        title=f"{decision.reference} {decision.title}",
        url=decision.get_absolute_url(),
        body=decision.text,
        keywords=lines(
            both_languages(_("Decision")),
            f"{body.name_sv} {body.name_en}",
            choice_labels(type(body).Kind, body.kind),
            f"{partnership.name_sv} {partnership.name_en} {partnership.short_name}",
        ),
        language="sv",
        year=decision.year,
        date=day_start(decision.decided_on),
        visibility=visibility,
        allowed=allowed,
    )


def governance_principals(user: Any) -> list[str]:
    """Keys from the governance audience: seats held today (and their predecessors' bodies)."""
    from bryggan.governance.access import audience

    seen = audience(user)
    keys = [f"{BODY}:{pk}" for pk in seen.member_bodies]
    keys += [f"{PARTNERSHIP}:{pk}" for pk in seen.member_partnerships]
    keys += [f"{MANAGES}:{pk}" for pk in seen.managed_bodies]
    if access.is_partnership_staff(user):
        keys += [f"{STAFF_BODY}:{pk}" for pk in seen.member_bodies]
        keys += [f"{STAFF_PARTNERSHIP}:{pk}" for pk in seen.member_partnerships]
    return keys


def register() -> None:
    from bryggan.governance.models import Body, Decision, Partnership

    register_kind(
        Partnership,
        kind="partnership",
        label=_("Partnership"),
        document=partnership_document,
        queryset=lambda: Partnership.objects.prefetch_related("priority_areas"),
        principals=governance_principals,
    )
    register_kind(
        Decision,
        kind="decision",
        label=_("Decision"),
        document=decision_document,
        queryset=lambda: Decision.objects.select_related("body__partnership"),
        depends_on={
            Body: lambda body: body.decisions.all(),
            Partnership: lambda partnership: Decision.objects.filter(body__partnership=partnership),
        },
    )
