"""A coordinator writes a library digest straight from a harvested record, on the page and in the API."""

from __future__ import annotations

import pytest

from bryggan.library.models import Digest, Publication
from bryggan.monitoring import services
from bryggan.monitoring.models import Record, Source
from bryggan.monitoring.normalise import Item, author
from bryggan.taxonomy.models import PriorityArea, SubjectCode, Topic

pytestmark = pytest.mark.django_db

TEXT = {
    "title": "Placerade barn lämnar skolan tidigt",
    "summary": "Barn i familjehem går ut skolan med lägre betyg än andra barn.",
    "practice": "Följ upp skolgången i varje vårdplan.",
    "language": "sv",
    "visibility": "public",
}


@pytest.fixture
def area(db) -> PriorityArea:
    area = PriorityArea.objects.create(slug="barn-och-unga", name_sv="Barn och unga")
    services.watchlist_save(area=area, terms_en="out-of-home care")
    PriorityArea.objects.create(slug="missbruk", name_sv="Missbruk och beroende")
    return area


@pytest.fixture
def topic(db) -> Topic:
    topic = Topic.objects.create(slug="skolgang", name_sv="Skolgång")
    topic.subject_codes.add(SubjectCode.objects.get(code="504"))
    Topic.objects.create(slug="tramadol", name_sv="Unga och tramadol")
    return topic


@pytest.fixture
def record(area, topic) -> Record:
    source = Source.objects.create(name="OpenAlex", kind=Source.Kind.OPENALEX, query="x")
    services.records_import(
        source=source,
        items=[
            Item(
                external_id="W1",
                title="Children in out-of-home care leave school early",
                year=2026,
                doi="10.1177/14680173261100001",
                venue="Journal of Social Work",
                language="en",
                subject_codes=["50402"],
                authors=[author(name="Lena Exempelsson")],
            )
        ],
    )
    services.records_match()
    return Record.objects.get()


def page_of(client, record: Record) -> str:
    return client.get(record.get_absolute_url()).content.decode()


def test_a_coordinator_writes_a_digest_from_the_record_page(
    cast, as_coordinator, record, area, topic
):
    link = f"/omvarldsbevakning/poster/{record.pk}/sammanfattning/"
    assert link in page_of(as_coordinator, record)
    form = as_coordinator.get(link)
    assert form.status_code == 200
    initial = form.context["form"].initial
    assert initial["title"] == record.title
    assert initial["priority_areas"] == [area]
    assert initial["topics"] == [topic]
    response = as_coordinator.post(
        link, {**TEXT, "priority_areas": [area.pk], "topics": [topic.pk]}
    )
    digest = Digest.objects.get()
    publication = Publication.objects.get()
    assert response.status_code == 302
    assert response["Location"] == digest.get_absolute_url()
    assert list(digest.publications.all()) == [publication]
    assert publication.doi == record.doi
    assert (digest.title, digest.practice) == (TEXT["title"], TEXT["practice"])
    assert list(digest.priority_areas.all()) == [area]
    assert list(digest.topics.all()) == [topic]
    assert [w.user for w in digest.writers.all()] == [cast.coordinator]
    page = page_of(as_coordinator, record)
    assert "Forskning i korthet skriven" in page
    assert digest.get_absolute_url() in page
    assert publication.get_absolute_url() in page
    assert f"/omvarldsbevakning/poster/{record.pk}/lyft/" not in page  # already in the library


def test_everyone_sees_that_a_public_digest_was_written(as_coordinator, anonymous, record):
    as_coordinator.post(f"/omvarldsbevakning/poster/{record.pk}/sammanfattning/", TEXT)
    digest = Digest.objects.get()
    page = page_of(anonymous, record)
    assert digest.get_absolute_url() in page
    assert "/sammanfattning/" not in page


def test_promoting_then_writing_a_digest_reuses_the_publication(as_coordinator, record):
    as_coordinator.post(f"/omvarldsbevakning/poster/{record.pk}/lyft/")
    publication = Publication.objects.get()
    form = as_coordinator.get(f"/omvarldsbevakning/poster/{record.pk}/sammanfattning/")
    assert publication.get_absolute_url() in form.content.decode()
    as_coordinator.post(f"/omvarldsbevakning/poster/{record.pk}/sammanfattning/", TEXT)
    as_coordinator.post(
        f"/omvarldsbevakning/poster/{record.pk}/sammanfattning/", {**TEXT, "title": "En andra"}
    )
    assert Publication.objects.count() == 1
    assert Digest.objects.count() == 2
    assert all(list(d.publications.all()) == [publication] for d in Digest.objects.all())


def test_it_keeps_what_was_typed_and_saves_nothing_without_a_summary(as_coordinator, record):
    response = as_coordinator.post(
        f"/omvarldsbevakning/poster/{record.pk}/sammanfattning/", {**TEXT, "summary": "  "}
    )
    assert response.status_code == 400
    assert response.context["form"].errors["summary"]
    page = response.content.decode()
    assert TEXT["practice"] in page and TEXT["title"] in page
    assert not Digest.objects.exists()
    assert not Publication.objects.exists()


def test_a_refused_digest_rolls_back_the_promotion_made_for_it(as_coordinator, record):
    Record.objects.filter(pk=record.pk).update(year=None)
    response = as_coordinator.post(f"/omvarldsbevakning/poster/{record.pk}/sammanfattning/", TEXT)
    assert response.status_code == 400
    assert "Posten saknar utgivningsår" in response.content.decode()
    assert not Publication.objects.exists() and not Digest.objects.exists()


def test_a_public_digest_of_an_internal_publication_is_refused_and_nothing_saved(
    as_coordinator, record
):
    as_coordinator.post(f"/omvarldsbevakning/poster/{record.pk}/lyft/")
    Publication.objects.update(visibility="internal")
    response = as_coordinator.post(f"/omvarldsbevakning/poster/{record.pk}/sammanfattning/", TEXT)
    assert response.status_code == 400
    assert response.context["form"].non_field_errors()
    assert not Digest.objects.exists()
    assert Publication.objects.count() == 1


def test_social_workers_may_not_write_digests_from_records(as_worker, record):
    link = f"/omvarldsbevakning/poster/{record.pk}/sammanfattning/"
    assert link not in page_of(as_worker, record)
    assert as_worker.get(link).status_code == 403
    assert as_worker.post(link, TEXT).status_code == 403
    response = as_worker.post(
        f"/api/v1/monitoring/records/{record.pk}/digest", TEXT, content_type="application/json"
    )
    assert response.status_code == 403
    assert not Digest.objects.exists() and not Publication.objects.exists()


def test_the_api_writes_a_digest_with_the_suggested_areas_and_topics(
    as_coordinator, anonymous, record, area, topic
):
    url = f"/api/v1/monitoring/records/{record.pk}/digest"
    assert anonymous.post(url, TEXT, content_type="application/json").status_code == 401
    response = as_coordinator.post(
        url, {k: v for k, v in TEXT.items() if k != "title"}, content_type="application/json"
    )
    assert response.status_code == 201
    body = response.json()
    publication = Publication.objects.get()
    assert body["publication"] == publication.pk
    assert body["title"] == record.title
    assert (body["priority_areas"], body["topics"]) == (["barn-och-unga"], ["skolgang"])
    assert body["url"] == Digest.objects.get().get_absolute_url()
    again = as_coordinator.post(
        url, {**TEXT, "priority_areas": [], "topics": ["tramadol"]}, content_type="application/json"
    )
    assert again.status_code == 201
    assert (again.json()["priority_areas"], again.json()["topics"]) == ([], ["tramadol"])
    assert again.json()["publication"] == publication.pk
    assert Publication.objects.count() == 1


def test_the_api_refuses_bad_input_and_saves_nothing(as_coordinator, record):
    url = f"/api/v1/monitoring/records/{record.pk}/digest"
    empty = as_coordinator.post(url, {**TEXT, "summary": ""}, content_type="application/json")
    assert empty.status_code == 422
    blank = as_coordinator.post(url, {**TEXT, "practice": "  "}, content_type="application/json")
    assert blank.status_code == 422
    assert "practice" in blank.json()["detail"]
    unknown = as_coordinator.post(
        url, {**TEXT, "priority_areas": ["finns-inte"]}, content_type="application/json"
    )
    assert unknown.status_code == 422
    assert "finns-inte" in unknown.json()["detail"]
    assert (
        as_coordinator.post(
            "/api/v1/monitoring/records/999999/digest", TEXT, content_type="application/json"
        ).status_code
        == 404
    )
    assert not Digest.objects.exists() and not Publication.objects.exists()
