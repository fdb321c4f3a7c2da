from typing import Any

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
        self.queryset = queryset

    def items(self) -> Any:
        return self.queryset


sitemaps = {
    "static": StaticSitemap,
    "organisations": PublicSitemap(Organisation.objects.filter(archived=False)),
    "people": PublicSitemap(Person.objects.filter(visibility=Visibility.PUBLIC)),
    "partnerships": PublicSitemap(
        Partnership.objects.filter(visibility=Visibility.PUBLIC, archived=False)
    ),
    "areas": PublicSitemap(PriorityArea.objects.filter(archived=False)),
}
