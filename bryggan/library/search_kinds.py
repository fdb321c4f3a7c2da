"""The library in the site search: publications and research digests (bryggan.search.registry).

Access mirrors the library's pages: withdrawn publications are tombstones and stay out of the
index; a restricted publication is seen by its authors and R&D coordinators (as
`publication_for_user`), a restricted digest by its writers and coordinators.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from bryggan.core.models import Visibility
from bryggan.search.kinds import (
    COORDINATORS,
    choice_labels,
    day_start,
    lines,
    markdown_text,
    model_label,
    names,
)
from bryggan.search.registry import Document
from bryggan.search.registry import register as register_kind

AUTHOR = "library.publication"  # + ":<pk>": held by the publication's authors
WRITER = "library.digest"  # + ":<pk>": held by the digest's writers


def publication_document(publication: Any) -> Document | None:
    if publication.is_withdrawn:
        return None
    restricted = publication.visibility == Visibility.RESTRICTED
    return Document(
        title=publication.full_title,
        url=publication.get_absolute_url(),
        body=lines(publication.abstract_sv, publication.abstract_en),
        keywords=lines(
            choice_labels(type(publication).Kind, publication.kind),
            "; ".join(a.name for a in publication.authorships.all()),
            publication.journal,
            publication.publisher,
            publication.series,
            publication.doi or "",
            publication.isbn,
            " ".join(f"{c.code} {c.name_sv} {c.name_en}" for c in publication.subject_codes.all()),
            names(publication.topics.all()),
            names(publication.priority_areas.all()),
        ),
        language=publication.language,
        year=publication.year,
        date=day_start(publication.published_on),
        topics=[t.pk for t in publication.topics.all()],
        priority_areas=[a.pk for a in publication.priority_areas.all()],
        visibility=publication.visibility,
        allowed=[COORDINATORS, f"{AUTHOR}:{publication.pk}"] if restricted else (),
    )


def digest_document(digest: Any) -> Document:
    restricted = digest.visibility == Visibility.RESTRICTED
    return Document(
        title=digest.title,
        url=digest.get_absolute_url(),
        body=lines(markdown_text(digest.summary), markdown_text(digest.practice)),
        keywords=lines(
            " ".join(p.full_title for p in digest.publications.all()),
            " ".join(w.full_name for w in digest.writers.all()),
            names(digest.topics.all()),
            names(digest.priority_areas.all()),
        ),
        language=digest.language,
        year=digest.published_on.year,
        date=day_start(digest.published_on),
        topics=[t.pk for t in digest.topics.all()],
        priority_areas=[a.pk for a in digest.priority_areas.all()],
        visibility=digest.visibility,
        allowed=[COORDINATORS, f"{WRITER}:{digest.pk}"] if restricted else (),
    )


def library_principals(user: Any) -> list[str]:
    """Keys of the publications the user wrote and the digests they wrote (restricted_q)."""
    from bryggan.library.models import Authorship, Digest

    publications = Authorship.objects.filter(person__user=user).values_list(
        "publication_id", flat=True
    )
    digests = Digest.writers.through.objects.filter(person__user=user).values_list(
        "digest_id", flat=True
    )
    return [f"{AUTHOR}:{pk}" for pk in publications] + [f"{WRITER}:{pk}" for pk in digests]


def register() -> None:
    from bryggan.library.models import Authorship, Digest, Publication
    from bryggan.people.models import Person

    register_kind(
        Publication,
        kind="publication",
        label=model_label(Publication),
        document=publication_document,
        queryset=lambda: Publication.objects.prefetch_related(
            "authorships", "subject_codes", "topics", "priority_areas"
        ),
        # Authors are written with bulk_create after the publication is saved.
        depends_on={Authorship: lambda authorship: [authorship.publication]},
        changed_since=lambda moment: Q(updated_at__gte=moment) | Q(created_at__gte=moment),
        principals=library_principals,
    )
    register_kind(
        Digest,
        kind="digest",
        label=_("Research in brief"),
        document=digest_document,
        queryset=lambda: Digest.objects.prefetch_related(
            "publications", "writers", "topics", "priority_areas"
        ),
        # A digest shows the titles of the publications it summarises and its writers' names.
        depends_on={
            Publication: lambda publication: publication.digests.all(),
            Person: lambda person: person.digests.all(),
        },
        changed_since=lambda moment: Q(updated_at__gte=moment),
    )
