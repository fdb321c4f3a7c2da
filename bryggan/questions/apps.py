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
        from bryggan.cycle.registry import register
        from bryggan.questions.matching import register_builtin_sources
        from bryggan.questions.models import Question
        from bryggan.questions.sources import register_installed_sources

        register(Question, stage="question", search_fields=["title", "researchable_question"])
        register_builtin_sources()
        register_installed_sources()
