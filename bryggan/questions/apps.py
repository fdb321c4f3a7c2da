from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from bryggan.core.apps import NavItem


class QuestionsConfig(AppConfig):
    name = "bryggan.questions"
    label = "questions"
    verbose_name = _("Questions from practice")
    nav_items = [
        NavItem(_("Questions from practice"), "questions:index"),
        NavItem(_("Find an expert"), "questions:experts", audience="internal"),
    ]

    def ready(self) -> None:
        from bryggan.cycle.registry import node_for, register
        from bryggan.questions.matching import register_builtin_sources
        from bryggan.questions.models import Question

        register(Question, stage="question", search_fields=["title", "researchable_question"])
        register_builtin_sources()
        # Seminars, groups and harvested research take part in a question's path; their own apps
        # do not register them yet, so this app does, unless they already have.
        from bryggan.arenas.models import Event, Series
        from bryggan.monitoring.models import Record

        for model, stage, fields in (
            (Event, "arena", ["title"]),
            (Series, "arena", ["title"]),
            (Record, "evidence", ["title"]),
        ):
            if node_for(model) is None:
                register(model, stage=stage, search_fields=fields)
