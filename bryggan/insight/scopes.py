"""What a figure is about: a partnership, an organisation with everything under it, or one unit.

A scope resolves once, per request, to plain sets of ids (the organisations it covers, its priority
areas) so that figure functions filter with `organisation_id__in=scope.organisation_ids` and never
walk the organisation tree themselves.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from bryggan.governance.models import Partnership, Party
from bryggan.people.models import Organisation

K = Organisation.Kind
# Organisations on the practice side (social services and regional support), as opposed to academia
# and funders; research-trained staff "in social services" are affiliated with one of these.
PRACTICE_KINDS = frozenset({K.MUNICIPALITY, K.REGION, K.DEPARTMENT, K.UNIT, K.REGIONAL_RD})
# Where reach is grouped for a partnership: the municipality (or other top organisation) of a unit.
GROUP_KINDS = frozenset({K.MUNICIPALITY, K.REGION, K.UNIVERSITY, K.FUNDER, K.OTHER})


@dataclass
class OrgNode:
    id: int
    parent_id: int | None
    kind: str
    name_sv: str
    name_en: str
    slug: str

    @property
    def name(self) -> str:
        if translation.get_language() == "en" and self.name_en:
            return self.name_en
        return self.name_sv


def _organisation_rows() -> list[tuple]:
    return list(
        Organisation.objects.values_list("id", "parent_id", "kind", "name_sv", "name_en", "slug")
    )


class OrgTree:
    """All organisations as a tree in memory (a few thousand rows even at national scale).

    The rows come from the fragment cache, which any change to the content invalidates.
    """

    def __init__(self) -> None:
        from bryggan.core.cache import cached_fragment

        rows = cached_fragment("insight:organisation-tree", _organisation_rows)
        self.nodes: dict[int, OrgNode] = {row[0]: OrgNode(*row) for row in rows}
        self.children: dict[int, list[int]] = defaultdict(list)
        for node in self.nodes.values():
            if node.parent_id is not None:
                self.children[node.parent_id].append(node.id)

    def subtree(self, org_id: int) -> set[int]:
        """The organisation and everything under it."""
        found = {org_id}
        stack = [org_id]
        while stack:
            for child in self.children.get(stack.pop(), []):
                if child not in found:
                    found.add(child)
                    stack.append(child)
        return found

    def ancestors(self, org_id: int) -> list[int]:
        """The organisation and its parents, nearest first."""
        chain = []
        current: int | None = org_id
        while current is not None and current in self.nodes and current not in chain:
            chain.append(current)
            current = self.nodes[current].parent_id
        return chain

    def group_of(self, org_id: int) -> int:
        """The municipality (or other top organisation) an organisation belongs to."""
        chain = self.ancestors(org_id)
        for ancestor in chain:
            if self.nodes[ancestor].kind in GROUP_KINDS:
                return ancestor
        return chain[-1] if chain else org_id

    def child_towards(self, top: int, org_id: int) -> int | None:
        """The child of `top` on the way down to `org_id` (`top` itself when they are the same)."""
        chain = self.ancestors(org_id)
        if top not in chain:
            return None
        index = chain.index(top)
        return chain[index - 1] if index > 0 else top


@dataclass
class Scope:
    """A partnership, an organisation (with its subtree) or a unit, resolved to ids."""

    kind: str  # "partnership", "organisation" or "unit"
    obj: Any
    tree: OrgTree
    organisation_ids: frozenset[int]
    practice_ids: frozenset[int]
    area_ids: frozenset[int]
    # Figures of one request share expensive intermediate results here (see memo()).
    cache: dict[str, Any] = field(default_factory=dict)

    @property
    def partnership(self) -> Partnership | None:
        return self.obj if self.kind == "partnership" else None

    @property
    def organisation(self) -> Organisation | None:
        return None if self.kind == "partnership" else self.obj

    @property
    def key(self) -> str:
        return f"{'partnership' if self.kind == 'partnership' else 'organisation'}:{self.obj.slug}"

    @property
    def name(self) -> str:
        return self.obj.name

    @property
    def kind_label(self) -> str:
        return {
            "partnership": _("Partnership"),
            "organisation": _("Organisation"),
            "unit": _("Unit"),
        }[self.kind]

    def memo(self, key: str, build: Any) -> Any:
        """Return build() once per scope and key: figures computed together share the rows they need."""
        if key not in self.cache:
            self.cache[key] = build()
        return self.cache[key]

    def dashboard_url(self) -> str:
        if self.kind == "partnership":
            return reverse("insight:partnership", args=[self.obj.slug])
        return reverse("insight:organisation", args=[self.obj.slug])

    def url_part(self) -> tuple[str, str]:
        """("samverkan" | "organisationer", slug) as used in insight URLs."""
        return ("samverkan" if self.kind == "partnership" else "organisationer", self.obj.slug)


def partnership_scope(partnership: Partnership, tree: OrgTree | None = None) -> Scope:
    """The partnership with the organisations of its current and former parties and their subtrees."""
    tree = tree or OrgTree()
    organisations: set[int] = set()
    for org_id in Party.objects.filter(partnership=partnership).values_list(
        "organisation_id", flat=True
    ):
        organisations |= tree.subtree(org_id)
    practice = {i for i in organisations if tree.nodes[i].kind in PRACTICE_KINDS}
    areas = set(partnership.priority_areas.values_list("id", flat=True))
    return Scope(
        kind="partnership",
        obj=partnership,
        tree=tree,
        organisation_ids=frozenset(organisations),
        practice_ids=frozenset(practice),
        area_ids=frozenset(areas),
    )


def organisation_scope(organisation: Organisation, tree: OrgTree | None = None) -> Scope:
    """The organisation with everything under it; its areas are those of the partnerships it is part of."""
    tree = tree or OrgTree()
    organisations = tree.subtree(organisation.pk)
    practice = {i for i in organisations if tree.nodes[i].kind in PRACTICE_KINDS}
    above = tree.ancestors(organisation.pk)
    areas = set(
        Partnership.priority_areas.through.objects.filter(
            partnership__parties__organisation_id__in=above
        ).values_list("priorityarea_id", flat=True)
    )
    return Scope(
        kind="unit" if organisation.kind == K.UNIT else "organisation",
        obj=organisation,
        tree=tree,
        organisation_ids=frozenset(organisations),
        practice_ids=frozenset(practice),
        area_ids=frozenset(areas),
    )
