"""Create and change priority areas and topics."""

from typing import Any

from django.db import transaction

from bryggan.people.services import unique_slug
from bryggan.taxonomy.models import PriorityArea, Topic


@transaction.atomic
def priority_area_save(*, area: PriorityArea | None = None, **fields: Any) -> PriorityArea:
    creating = area is None
    area = area or PriorityArea(slug=unique_slug(PriorityArea, fields["name_sv"]))
    for name, value in fields.items():
        setattr(area, name, value)
    area.full_clean()
    area.save(update_fields=None if creating else list(fields))
    return area


@transaction.atomic
def topic_save(*, topic: Topic | None = None, subject_codes: Any = (), **fields: Any) -> Topic:
    creating = topic is None
    topic = topic or Topic(slug=unique_slug(Topic, fields["name_sv"]))
    for name, value in fields.items():
        setattr(topic, name, value)
    topic.full_clean()
    topic.save(update_fields=None if creating else list(fields))
    topic.subject_codes.set(subject_codes)
    return topic
