"""Systematic follow-up in the site search: the instrument library.

Instruments are open to partnership staff (the instrument pages are `staff_required`), so they
are internal documents. Follow-up plans are not searchable: a plan is seen by the people it
grants access to, the staff of its units' organisations and administrators — but not by
platform staff who are not administrators, while the search shows platform staff everything.
That rule cannot be written as grants, so plans stay out of the index.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from bryggan.core.models import Visibility
from bryggan.search.kinds import both_languages, choice_labels, lines
from bryggan.search.registry import Document
from bryggan.search.registry import register as register_kind


def instrument_document(instrument: Any) -> Document:
    from bryggan.followup.models import Licence

    versions = list(instrument.versions.all())
    items = [item.text for version in versions for item in version.items.all()]
    return Document(
        title=instrument.name,
        url=instrument.get_absolute_url(),
        body=lines(instrument.description, instrument.licence_note),
        keywords=lines(
            both_languages(_("Instrument")),
            choice_labels(Licence, instrument.licence),
            " ".join(dict.fromkeys(items)),
        ),
        language="sv",
        date=instrument.created_at,
        visibility=Visibility.INTERNAL,
    )


def _changed(moment: Any) -> Q:
    from bryggan.followup.models import InstrumentVersion

    # Versions copy their items with bulk_create.
    return Q(created_at__gte=moment) | Q(
        pk__in=InstrumentVersion.objects.filter(created_at__gte=moment).values("instrument")
    )


def register() -> None:
    from bryggan.followup.models import Instrument, InstrumentVersion, Item

    register_kind(
        Instrument,
        kind="instrument",
        label=_("Instrument"),
        document=instrument_document,
        queryset=lambda: Instrument.objects.prefetch_related("versions__items"),
        depends_on={
            InstrumentVersion: lambda version: [version.instrument],
            Item: lambda item: [item.version.instrument],
        },
        changed_since=_changed,
    )
