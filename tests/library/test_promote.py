"""A research record from external monitoring becomes a library publication with one click."""

from __future__ import annotations

from bryggan.library.models import Publication
from bryggan.monitoring.models import Record
from bryggan.people.models import Person
from tests.library.conftest import make_publication


def record(**fields) -> Record:
    defaults = {
        "title": "Tramadol use among adolescents in Sweden",
        "authors": [
            {
                "name": "Karin Lundgren",
                "family": "Lundgren",
                "given": "Karin",
                "orcid": "0000-0002-1825-0097",
            },
            {"name": "Jonas Wikström", "family": "", "given": "", "orcid": ""},
        ],
        "year": 2023,
        "abstract": "<p>We interviewed <em>young people</em>.</p>",
        "doi": "10.5555/tramadol.2023",
        "venue": "Nordic Studies on Alcohol and Drugs",
        "language": "en",
        "subject_codes": ["50402", "30309", "99999"],
        "oa_url": "https://example.org/oa.pdf",
        "url": "https://example.org/article",
        "dedup_key": "x",
    }
    return Record.objects.create(**{**defaults, **fields})


def test_a_coordinator_adds_a_record_to_the_library(cast, as_coordinator):
    person = Person.objects.get(user=cast.researcher)
    person.orcid = "0000-0002-1825-0097"
    person.save()
    item = record()
    page = as_coordinator.get(item.get_absolute_url()).content.decode()
    assert f'action="/omvarldsbevakning/poster/{item.pk}/lyft/"' in page
    response = as_coordinator.post(f"/omvarldsbevakning/poster/{item.pk}/lyft/")
    publication = Publication.objects.get()
    assert response.status_code == 302
    assert response["Location"] == publication.get_absolute_url()
    assert (publication.kind, publication.year, publication.doi, publication.journal) == (
        "article",
        2023,
        "10.5555/tramadol.2023",
        "Nordic Studies on Alcohol and Drugs",
    )
    assert publication.abstract_en == "We interviewed young people."
    assert publication.open_access_url == "https://example.org/oa.pdf"
    assert sorted(publication.subject_codes.values_list("code", flat=True)) == ["30309", "50402"]
    authors = list(publication.authorships.order_by("position"))
    assert [(a.family_name, a.given_name) for a in authors] == [
        ("Lundgren", "Karin"),
        ("Wikström", "Jonas"),
    ]
    assert authors[0].person == person
    assert publication.visibility == "public"
    assert not publication.harvestable  # others' research is not offered as our own output
    assert publication.harvestable_since is None


def test_a_record_already_in_the_library_is_refused(cast, as_coordinator):
    make_publication(title="Already here", doi="10.5555/tramadol.2023")
    item = record()
    response = as_coordinator.post(f"/omvarldsbevakning/poster/{item.pk}/lyft/", follow=True)
    assert Publication.objects.count() == 1
    assert "Already here" in response.content.decode()
    by_title = record(doi=None, title="Unga och tramadol", year=2024, dedup_key="y")
    make_publication(title="Unga och tramadol", year=2024)
    as_coordinator.post(f"/omvarldsbevakning/poster/{by_title.pk}/lyft/")
    assert Publication.objects.count() == 2


def test_only_coordinators_see_and_use_the_button(cast, as_worker):
    item = record()
    assert "/lyft/" not in as_worker.get(item.get_absolute_url()).content.decode()
    assert as_worker.post(f"/omvarldsbevakning/poster/{item.pk}/lyft/").status_code == 403
    assert not Publication.objects.exists()


def test_promotion_through_the_api(cast, as_coordinator, as_worker):
    item = record()
    assert as_worker.post(f"/api/v1/library/publications/from-record/{item.pk}").status_code == 403
    response = as_coordinator.post(f"/api/v1/library/publications/from-record/{item.pk}")
    assert response.status_code == 201
    assert response.json()["doi"] == "10.5555/tramadol.2023"
    again = as_coordinator.post(f"/api/v1/library/publications/from-record/{item.pk}")
    assert again.status_code == 422
    assert Publication.objects.count() == 1
