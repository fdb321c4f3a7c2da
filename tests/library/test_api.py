"""The library's JSON API under /api/v1/library/, with the same permission rules as the pages."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from bryggan.api.models import ApiToken
from bryggan.library.models import Digest, ImportBatch, Publication
from bryggan.people.models import Person
from tests.library.conftest import data_file, make_publication


def payload(**fields):
    return {
        "kind": "report",
        "title": "Unga och tramadol",
        "year": 2025,
        "language": "sv",
        "authors": [{"family_name": "Holmqvist", "given_name": "Birgitta"}],
        **fields,
    }


def test_anyone_lists_and_reads_public_publications(cast, anonymous, area):
    public = make_publication(title="Öppen", priority_areas=[area], doi="10.5555/open")
    make_publication(title="Intern", visibility="internal")
    response = anonymous.get("/api/v1/library/publications")
    assert response.status_code == 200
    body = response.json()
    assert [row["title"] for row in body["items"]] == ["Öppen"]
    row = body["items"][0]
    assert row["authors"] == [
        {
            "position": 1,
            "role": "author",
            "family_name": "Lundgren",
            "given_name": "Karin",
            "orcid": "",
            "person": None,
        }
    ]
    assert row["priority_areas"] == ["barn-och-unga"]
    assert row["oai_identifier"] == f"oai:bryggan.example:publication/{public.pk}"
    assert row["url"].endswith(public.get_absolute_url())
    assert (
        anonymous.get(f"/api/v1/library/publications/{public.pk}").json()["doi"] == "10.5555/open"
    )


def test_filters_match_the_library_page(cast, anonymous, area, topic):
    make_publication(title="Rapport om barn", year=2023, priority_areas=[area])
    make_publication(title="Article on tramadol", kind="article", language="en", topics=[topic])

    def titles(query: str) -> list[str]:
        return [
            r["title"]
            for r in anonymous.get(f"/api/v1/library/publications?{query}").json()["items"]
        ]

    assert titles("kind=article") == ["Article on tramadol"]
    assert titles("year=2023") == ["Rapport om barn"]
    assert titles("area=barn-och-unga") == ["Rapport om barn"]
    assert titles("topic=unga-och-tramadol") == ["Article on tramadol"]
    assert titles("language=en") == ["Article on tramadol"]
    assert titles("q=barn") == ["Rapport om barn"]


def test_hidden_publications_are_not_found(cast, anonymous, as_worker):
    internal = make_publication(title="Intern", visibility="internal")
    assert anonymous.get(f"/api/v1/library/publications/{internal.pk}").status_code == 404
    assert as_worker.get(f"/api/v1/library/publications/{internal.pk}").status_code == 200


def test_a_coordinator_creates_a_publication_with_a_token(cast, social_work):
    _row, token = ApiToken.issue(user=cast.coordinator, name="test")
    researcher = Person.objects.get(user=cast.researcher)
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    response = client.post(
        "/api/v1/library/publications",
        payload(
            doi="https://doi.org/10.5555/API.1",
            authors=[
                {"person": researcher.slug},
                {
                    "family_name": "Holmqvist",
                    "given_name": "Birgitta",
                    "orcid": "0000-0001-5109-3700",
                },
            ],
            subject_codes=["50402"],
        ),
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["doi"] == "10.5555/api.1"
    assert [a["family_name"] for a in body["authors"]] == ["Forskare", "Holmqvist"]
    assert body["authors"][0]["person"] == researcher.slug
    assert body["subject_codes"] == ["50402"]
    assert Publication.objects.get().created_by == cast.coordinator


def test_invalid_identifiers_get_field_errors_and_nothing_is_saved(cast, as_coordinator):
    as_coordinator.cookies["bryggan_language"] = "en"
    response = as_coordinator.post(
        "/api/v1/library/publications",
        payload(
            doi="11.1/x", isbn="123", authors=[{"family_name": "X", "orcid": "0000-0001-5109-3701"}]
        ),
        content_type="application/json",
    )
    assert response.status_code == 422
    fields = {tuple(e["loc"]): e["msg"] for e in response.json()["detail"]}
    assert "is not a DOI" in fields[("body", "doi")]
    assert "is not a valid ISBN" in fields[("body", "isbn")]
    assert "0000-0001-5109-3701" in fields[("body", "authors")]
    missing = as_coordinator.post(
        "/api/v1/library/publications", {"title": "x"}, content_type="application/json"
    )
    assert missing.status_code == 422
    unknown = as_coordinator.post(
        "/api/v1/library/publications",
        payload(priority_areas=["nope"]),
        content_type="application/json",
    )
    assert unknown.status_code == 422
    assert "nope" in unknown.json()["detail"]
    assert not Publication.objects.exists()


def test_only_coordinators_write(cast, as_worker, anonymous):
    assert (
        as_worker.post(
            "/api/v1/library/publications", payload(), content_type="application/json"
        ).status_code
        == 403
    )
    assert (
        anonymous.post(
            "/api/v1/library/publications", payload(), content_type="application/json"
        ).status_code
        == 401
    )
    publication = make_publication()
    assert (
        as_worker.put(
            f"/api/v1/library/publications/{publication.pk}",
            payload(),
            content_type="application/json",
        ).status_code
        == 403
    )
    assert (
        as_worker.post(
            f"/api/v1/library/publications/{publication.pk}/withdraw",
            {"reason": "x"},
            content_type="application/json",
        ).status_code
        == 403
    )
    assert not Publication.objects.filter(title="Unga och tramadol", status="withdrawn").exists()


def test_update_withdraw_and_reinstate(cast, as_coordinator, anonymous):
    publication = make_publication()
    response = as_coordinator.put(
        f"/api/v1/library/publications/{publication.pk}",
        payload(title="Ny titel", authors=[{"family_name": "B"}, {"family_name": "A"}]),
        content_type="application/json",
    )
    assert response.status_code == 200
    assert [a["family_name"] for a in response.json()["authors"]] == ["B", "A"]
    withdrawn = as_coordinator.post(
        f"/api/v1/library/publications/{publication.pk}/withdraw",
        {"reason": "Ersatt."},
        content_type="application/json",
    )
    assert withdrawn.json()["status"] == "withdrawn"
    tombstone = anonymous.get(f"/api/v1/library/publications/{publication.pk}").json()
    assert (tombstone["status"], tombstone["withdrawal_reason"]) == ("withdrawn", "Ersatt.")
    assert anonymous.get("/api/v1/library/publications").json()["count"] == 0
    assert anonymous.get("/api/v1/library/publications?withdrawn=true").json()["count"] == 1
    again = as_coordinator.post(
        f"/api/v1/library/publications/{publication.pk}/withdraw",
        {"reason": "x"},
        content_type="application/json",
    )
    assert again.status_code == 422
    assert (
        as_coordinator.post(f"/api/v1/library/publications/{publication.pk}/reinstate").json()[
            "status"
        ]
        == "published"
    )


def test_digests_through_the_api(cast, as_coordinator, anonymous, as_worker):
    report = make_publication()
    internal = make_publication(title="Intern", visibility="internal")
    body = {
        "title": "Vad socialsekreterare behöver veta",
        "summary": "Kort.",
        "practice": "Fråga om läkemedel.",
        "publications": [report.pk],
        "writers": [Person.objects.get(user=cast.researcher).slug],
    }
    assert (
        as_worker.post("/api/v1/library/digests", body, content_type="application/json").status_code
        == 403
    )
    created = as_coordinator.post("/api/v1/library/digests", body, content_type="application/json")
    assert created.status_code == 201
    slug = created.json()["slug"]
    assert anonymous.get(f"/api/v1/library/digests/{slug}").json()["publications"] == [report.pk]
    assert [d["slug"] for d in anonymous.get("/api/v1/library/digests").json()["items"]] == [slug]
    refused = as_coordinator.put(
        f"/api/v1/library/digests/{slug}",
        {**body, "publications": [internal.pk]},
        content_type="application/json",
    )
    assert refused.status_code == 422
    changed = as_coordinator.put(
        f"/api/v1/library/digests/{slug}", {**body, "title": "Ny"}, content_type="application/json"
    )
    assert changed.json()["title"] == "Ny"
    assert Digest.objects.get().title == "Ny"


def test_import_through_the_api_previews_then_commits(cast, as_coordinator, as_worker):
    file = SimpleUploadedFile("social_work.ris", data_file("social_work.ris"))
    assert as_worker.post("/api/v1/library/imports", {"file": file}).status_code == 403
    file = SimpleUploadedFile("social_work.ris", data_file("social_work.ris"))
    response = as_coordinator.post(
        "/api/v1/library/imports", {"file": file, "visibility": "internal"}
    )
    assert response.status_code == 201, response.content
    preview = response.json()
    assert (
        preview["format"],
        preview["records"],
        preview["with_problems"],
        preview["importable"],
    ) == ("ris", 3, 0, 3)
    assert preview["rows"][1]["title"].startswith("Knowledge governance")
    assert not Publication.objects.exists()
    committed = as_coordinator.post(f"/api/v1/library/imports/{preview['id']}/commit")
    assert committed.status_code == 200
    assert committed.json()["status"] == "committed"
    assert len(committed.json()["publications"]) == 3
    assert set(Publication.objects.values_list("visibility", flat=True)) == {"internal"}


def test_an_import_with_problems_cannot_be_committed_through_the_api(cast, as_coordinator):
    file = SimpleUploadedFile("broken.bib", data_file("broken.bib"))
    preview = as_coordinator.post("/api/v1/library/imports", {"file": file}).json()
    assert preview["with_problems"] == 4
    assert preview["rows"][1]["errors"][0]["field"] == "doi"
    response = as_coordinator.post(f"/api/v1/library/imports/{preview['id']}/commit")
    assert response.status_code == 409
    assert not Publication.objects.exists()
    broken = as_coordinator.post(
        "/api/v1/library/imports", {"file": SimpleUploadedFile("x.xml", data_file("broken.xml"))}
    )
    assert broken.status_code == 422
    assert ImportBatch.objects.count() == 1
