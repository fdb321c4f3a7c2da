"""Figures on the home page: a handful of counts, one query each."""

from django.db.models import Q

from bryggan.core.cache import cached_fragment
from bryggan.governance.models import Partnership
from bryggan.people.models import Organisation, Person


def home_figures() -> dict[str, int]:
    return cached_fragment("home-figures", _count)


def _count() -> dict[str, int]:
    return {
        "municipalities": Organisation.objects.filter(
            kind=Organisation.Kind.MUNICIPALITY, archived=False
        ).count(),
        "universities": Organisation.objects.filter(
            Q(kind=Organisation.Kind.UNIVERSITY), archived=False
        ).count(),
        "people": Person.objects.count(),
        "partnerships": Partnership.objects.filter(archived=False).count(),
    }
