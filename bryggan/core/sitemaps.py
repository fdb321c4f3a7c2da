"""The sitemap: public pages of every installed app (each app may add a `sitemaps.py`)."""

from importlib import import_module
from importlib.util import find_spec
from typing import Any

from django.apps import apps
from django.contrib.auth.models import AnonymousUser
from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from bryggan.core.models import Visibility
from bryggan.governance.models import Partnership
from bryggan.people.models import Organisation, Person
from bryggan.taxonomy.models import PriorityArea


class StaticSitemap(Sitemap):
    def items(self) -> list[str]:
        return [
            "home",
            "accessibility",
            "people:organisations",
            "people:people",
            "governance:partnerships",
            "taxonomy:index",
        ]

    def location(self, item: str) -> str:
        return reverse(item)


class PublicSitemap(Sitemap):
    """Only what anyone may see is listed."""

    def __init__(self, queryset: Any) -> None:
        # A callable is evaluated per request, for lists that depend on the time of day.
        self.queryset = queryset

    def items(self) -> Any:
        return self.queryset() if callable(self.queryset) else self.queryset


def visible_to_anyone(queryset: Any) -> Any:
    """Narrow a queryset with `visible_to` to what an anonymous visitor may see."""
    return queryset.visible_to(AnonymousUser())


def _from_apps() -> dict[str, Sitemap]:
    found: dict[str, Sitemap] = {}
    for config in apps.get_app_configs():
        module_name = f"{config.name}.sitemaps"
        if config.name == "bryggan.core" or not config.name.startswith("bryggan."):
            continue
        if find_spec(module_name) is not None:
            found.update(import_module(module_name).sitemaps)
    return found


sitemaps = {
    "static": StaticSitemap,
    "organisations": PublicSitemap(Organisation.objects.filter(archived=False)),
    "people": PublicSitemap(Person.objects.filter(visibility=Visibility.PUBLIC)),
    "partnerships": PublicSitemap(
        Partnership.objects.filter(visibility=Visibility.PUBLIC, archived=False)
    ),
    "areas": PublicSitemap(PriorityArea.objects.filter(archived=False)),
    **_from_apps(),
}
