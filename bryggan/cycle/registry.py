"""Which kinds of record take part in the knowledge cycle.

The knowledge cycle (BRIEF.md) runs: question from practice → evidence check → prioritised →
project with researchers → follow-up data → seminar or discussion group → podcast episode or
digest → action tried in a unit → follow-up shows the change. Each app registers its records
as nodes from its AppConfig.ready():

    from bryggan.cycle.registry import register
    register(Project, stage="project", search_fields=["title"])

and can then link any two nodes with bryggan.cycle.services.link_add().
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Model
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

# The stages in the order of the cycle; `other` and `governance` sit outside it.
STAGES: dict[str, str | Promise] = {
    "question": _("Question from practice"),
    "evidence": _("Evidence"),
    "project": _("Project"),
    "followup": _("Follow-up"),
    "arena": _("Seminar or discussion group"),
    "dissemination": _("Episode, digest or publication"),
    "action": _("Action in practice"),
    "result": _("Result"),
    "governance": _("Governance"),
    "other": _("Other"),
}


@dataclass(frozen=True)
class Node:
    model: type[Model]
    stage: str
    search_fields: list[str] = field(default_factory=list)

    @property
    def key(self) -> str:
        return self.model._meta.label_lower

    @property
    def label(self) -> str:
        return str(self.model._meta.verbose_name)


_NODES: dict[str, Node] = {}


def register(model: type[Model], *, stage: str, search_fields: list[str] | None = None) -> None:
    """Let records of `model` be linked in the knowledge cycle."""
    if stage not in STAGES:
        raise ValueError(f"Unknown stage {stage!r}; use one of {', '.join(STAGES)}")
    node = Node(model=model, stage=stage, search_fields=search_fields or [])
    _NODES[node.key] = node


def node_for(model_or_obj: type[Model] | Model) -> Node | None:
    return _NODES.get(model_or_obj._meta.label_lower)


def nodes() -> list[Node]:
    return sorted(_NODES.values(), key=lambda n: (list(STAGES).index(n.stage), n.label))
