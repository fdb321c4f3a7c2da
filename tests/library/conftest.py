"""Helpers for the library tests: publications made through the service, and the recorded files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from bryggan.library import services
from bryggan.library.models import Publication
from bryggan.taxonomy.models import PriorityArea, SubjectCode, Topic

DATA = Path(__file__).resolve().parent.parent / "data" / "library"


def data_file(name: str) -> bytes:
    return (DATA / name).read_bytes()


def make_publication(**fields: Any) -> Publication:
    """Create a publication through the service, with sensible defaults."""
    authors = fields.pop("authors", [{"family_name": "Lundgren", "given_name": "Karin"}])
    defaults: dict[str, Any] = {
        "kind": Publication.Kind.REPORT,
        "title": "Unga och tramadol",
        "year": 2024,
        "language": "sv",
        "visibility": "public",
    }
    relations = {
        name: fields.pop(name)
        for name in ("subject_codes", "priority_areas", "topics", "events", "file", "user")
        if name in fields
    }
    return services.publication_save(authors=authors, **relations, **{**defaults, **fields})


@pytest.fixture
def area(db: None) -> PriorityArea:
    return PriorityArea.objects.create(
        slug="barn-och-unga", name_sv="Barn och unga", name_en="Children and young people"
    )


@pytest.fixture
def topic(db: None) -> Topic:
    return Topic.objects.create(
        slug="unga-och-tramadol", name_sv="Unga och tramadol", name_en="Young people and tramadol"
    )


@pytest.fixture
def social_work(db: None) -> SubjectCode:
    return SubjectCode.objects.get(code="50402")
