"""Writes that create or change organisations, people and affiliations."""

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from bryggan.people.models import Affiliation, Organisation, Person


def unique_slug(model: Any, text: str, *, exclude_pk: int | None = None) -> str:
    """Return a slug for `text` that no other row of `model` uses."""
    base = slugify(text)[:100] or "x"
    slug, n = base, 2
    while model.objects.filter(slug=slug).exclude(pk=exclude_pk).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def organisation_save(*, organisation: Organisation | None = None, **fields: Any) -> Organisation:
    """Create or update an organisation, checking that the tree stays valid."""
    creating = organisation is None
    organisation = organisation or Organisation()
    for name, value in fields.items():
        setattr(organisation, name, value)
    if creating:
        organisation.slug = unique_slug(Organisation, fields["name_sv"])
    organisation.full_clean()
    if creating:
        organisation.save()
    else:
        organisation.save(update_fields=list(fields))
    return organisation


@transaction.atomic
def person_save(
    *, person: Person | None = None, topics: Any = (), subject_codes: Any = (), **fields: Any
) -> Person:
    """Create or update a person with their expertise."""
    creating = person is None
    person = person or Person()
    for name, value in fields.items():
        setattr(person, name, value)
    if creating:
        person.slug = unique_slug(Person, f"{fields['given_name']} {fields['family_name']}")
    person.full_clean()
    if creating:
        person.save()
    else:
        person.save(update_fields=list(fields))
    person.topics.set(topics)
    person.subject_codes.set(subject_codes)
    return person


@transaction.atomic
def affiliation_add(*, person: Person, **fields: Any) -> Affiliation:
    affiliation = Affiliation(person=person, **fields)
    affiliation.full_clean()
    affiliation.save()
    return affiliation


@transaction.atomic
def affiliation_end(*, affiliation: Affiliation, on: date | None = None) -> Affiliation:
    """End an affiliation (kept as history, never deleted)."""
    end = on or timezone.localdate()
    if affiliation.start and end < affiliation.start:
        raise ValidationError({"end": "The affiliation cannot end before it starts."})
    affiliation.end = end
    affiliation.save(update_fields=["end"])
    return affiliation
