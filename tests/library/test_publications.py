"""Publications through the pages: reading, access rules, adding and editing, withdrawing."""

from __future__ import annotations

import json
import re
from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from bryggan.arenas.models import Event
from bryggan.library.demo import demo_pdf
from bryggan.library.models import Publication
from bryggan.people.models import Person
from tests.library.conftest import make_publication


def form_data(authors: list[dict[str, str]] | None = None, **fields: str) -> dict[str, str]:
    """The publication form as a browser posts it, with the author rows of the formset."""
    authors = (
        authors if authors is not None else [{"family_name": "Lundgren", "given_name": "Karin"}]
    )
    data = {
        "kind": "report",
        "title": "Unga och tramadol",
        "year": "2024",
        "language": "sv",
        "visibility": "public",
        "harvestable": "on",
        "authors-TOTAL_FORMS": str(len(authors)),
        "authors-INITIAL_FORMS": "0",
        "authors-MIN_NUM_FORMS": "0",
        "authors-MAX_NUM_FORMS": "1000",
    }
    for n, author in enumerate(authors):
        data[f"authors-{n}-role"] = "author"
        for key, value in author.items():
            data[f"authors-{n}-{key}"] = value
    data.update(fields)
    return data


def json_ld(response) -> dict:
    found = re.search(
        r'<script type="application/ld\+json">(.*?)</script>', response.content.decode(), re.S
    )
    assert found, "the page has no JSON-LD"
    return json.loads(found.group(1))


def test_anyone_reads_a_public_publication_with_its_authors_in_order(cast, anonymous, social_work):
    publication = make_publication(
        title="Diskussionsgrupper som mötesplats",
        subtitle="Erfarenheter från Lund",
        authors=[
            {"family_name": "Lundgren", "given_name": "Karin"},
            {"family_name": "Wallin", "given_name": "Henrik"},
            {"family_name": "Holmqvist", "given_name": "Birgitta"},
        ],
        abstract_sv="Socialsekreterare och forskare träffas i grupper.",
        series="Socialhögskolans rapportserie 2024:3",
        urn="urn:nbn:se:demo:bryggan-1",
        subject_codes=[social_work],
    )
    listing = anonymous.get("/bibliotek/")
    assert listing.status_code == 200
    assert "Diskussionsgrupper som mötesplats: Erfarenheter från Lund" in listing.content.decode()
    page = anonymous.get(publication.get_absolute_url())
    html = page.content.decode()
    assert page.status_code == 200
    assert (
        html.index("Karin Lundgren")
        < html.index("Henrik Wallin")
        < html.index("Birgitta Holmqvist")
    )
    assert "Lundgren, K., Wallin, H., Holmqvist, B. (2024)." in html
    assert "https://urn.kb.se/resolve?urn=urn:nbn:se:demo:bryggan-1" in html
    assert "50402 Socialt arbete" in html
    data = json_ld(page)
    assert data["@type"] == "Report"
    assert data["reportNumber"] == "Socialhögskolans rapportserie 2024:3"
    assert [a["name"] for a in data["author"]] == [
        "Karin Lundgren",
        "Henrik Wallin",
        "Birgitta Holmqvist",
    ]


def test_json_ld_type_follows_the_kind_of_publication(cast, anonymous):
    article = make_publication(
        kind="article",
        title="Support groups for children",
        language="en",
        journal="Nordic Social Work Research",
        volume="12",
        doi="10.5555/x.1",
        authors=[{"family_name": "Ekdahl", "given_name": "Maria", "orcid": "0000-0002-1825-0097"}],
    )
    thesis = make_publication(kind="dissertation", title="Meningen med att bo här")
    book = make_publication(kind="book", title="Kunskapsstyrning", isbn="978-91-7873-255-5")
    data = json_ld(anonymous.get(article.get_absolute_url()))
    assert data["@type"] == "ScholarlyArticle"
    assert data["sameAs"] == "https://doi.org/10.5555/x.1"
    assert data["isPartOf"]["isPartOf"] == {
        "@type": "Periodical",
        "name": "Nordic Social Work Research",
    }
    assert data["author"][0]["identifier"] == "https://orcid.org/0000-0002-1825-0097"
    assert json_ld(anonymous.get(thesis.get_absolute_url()))["@type"] == "Thesis"
    book_data = json_ld(anonymous.get(book.get_absolute_url()))
    assert book_data["@type"] == "Book"
    assert book_data["isbn"] == "9789178732555"


def test_internal_publications_are_hidden_from_visitors_and_outsiders(
    cast, anonymous, as_outsider, as_worker
):
    publication = make_publication(title="Intern sammanställning", visibility="internal")
    assert anonymous.get(publication.get_absolute_url()).status_code == 404
    assert as_outsider.get(publication.get_absolute_url()).status_code == 404
    assert "Intern sammanställning" not in anonymous.get("/bibliotek/").content.decode()
    assert as_worker.get(publication.get_absolute_url()).status_code == 200
    assert "Intern sammanställning" in as_worker.get("/bibliotek/").content.decode()


def test_restricted_publications_are_for_their_authors(cast, as_worker, as_researcher):
    researcher = Person.objects.get(user=cast.researcher)
    publication = make_publication(
        title="Utkast till rapport", visibility="restricted", authors=[{"person": researcher}]
    )
    assert as_worker.get(publication.get_absolute_url()).status_code == 404
    page = as_researcher.get(publication.get_absolute_url())
    assert page.status_code == 200
    assert "Rut Forskare" in page.content.decode()


def test_the_list_filters_by_kind_year_area_topic_and_language(cast, anonymous, area, topic):
    make_publication(title="Rapport om barn", year=2023, priority_areas=[area])
    make_publication(title="Article on tramadol", kind="article", language="en", topics=[topic])
    make_publication(title="Bok om ledning", kind="book", year=2020)

    def titles(query: str) -> set[str]:
        html = anonymous.get(f"/bibliotek/?{query}").content.decode()
        return {
            t for t in ("Rapport om barn", "Article on tramadol", "Bok om ledning") if t in html
        }

    assert titles("") == {"Rapport om barn", "Article on tramadol", "Bok om ledning"}
    assert titles("kind=article") == {"Article on tramadol"}
    assert titles("year=2020") == {"Bok om ledning"}
    assert titles("area=barn-och-unga") == {"Rapport om barn"}
    assert titles("topic=unga-och-tramadol") == {"Article on tramadol"}
    assert titles("language=en") == {"Article on tramadol"}
    assert titles("q=ledning") == {"Bok om ledning"}


def test_a_coordinator_adds_a_publication_with_people_and_external_authors(
    cast, as_coordinator, social_work, area
):
    researcher = Person.objects.get(user=cast.researcher)
    researcher.orcid = "0000-0002-1825-0097"
    researcher.save()
    response = as_coordinator.post(
        "/bibliotek/ny/",
        form_data(
            authors=[
                {
                    "family_name": "Holmqvist",
                    "given_name": "Birgitta",
                    "orcid": "https://orcid.org/0000-0001-5109-3700",
                    "ORDER": "2",
                },
                {"person": str(researcher.pk), "ORDER": "1"},
            ],
            title="Stödgrupper för barn",
            doi="https://doi.org/10.5555/ABC.1",
            isbn="91-7656-524-6",
            subject_codes=str(social_work.pk),
            priority_areas=str(area.pk),
        ),
    )
    publication = Publication.objects.get(title="Stödgrupper för barn")
    assert response.status_code == 302
    assert response["Location"] == publication.get_absolute_url()
    authors = list(publication.authorships.order_by("position"))
    assert [(a.position, a.family_name, a.orcid) for a in authors] == [
        (1, "Forskare", "0000-0002-1825-0097"),
        (2, "Holmqvist", "0000-0001-5109-3700"),
    ]
    assert authors[0].person == researcher
    assert publication.doi == "10.5555/abc.1"
    assert publication.isbn == "9789176565247"
    assert publication.harvestable_since is not None
    assert publication.created_by == cast.coordinator
    assert list(publication.subject_codes.all()) == [social_work]


def test_invalid_identifiers_are_refused_and_the_form_keeps_what_was_typed(cast, as_coordinator):
    as_coordinator.cookies["bryggan_language"] = "en"
    response = as_coordinator.post(
        "/bibliotek/ny/",
        form_data(
            authors=[
                {
                    "family_name": "Holmqvist",
                    "given_name": "Birgitta",
                    "orcid": "0000-0001-5109-3701",
                }
            ],
            title="En rapport med fel",
            doi="11.1234/abc",
            isbn="978-91-7873-255-4",
            urn="urn:nbn:sverige",
        ),
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "is not a DOI" in html
    assert "is not a valid ISBN" in html
    assert "is not a URN:NBN" in html
    assert "ORCID iD “0000-0001-5109-3701” of Birgitta Holmqvist is not valid" in html
    assert 'value="En rapport med fel"' in html
    assert 'value="11.1234/abc"' in html
    assert 'value="0000-0001-5109-3701"' in html
    assert not Publication.objects.exists()


def test_the_errors_are_in_swedish_by_default(cast, as_coordinator):
    response = as_coordinator.post("/bibliotek/ny/", form_data(doi="nej"))
    assert "är inte en DOI" in response.content.decode()


def test_a_second_publication_with_the_same_doi_is_refused(cast, as_coordinator):
    make_publication(title="Första", doi="10.5555/same")
    response = as_coordinator.post(
        "/bibliotek/ny/", form_data(title="Andra", doi="https://doi.org/10.5555/SAME")
    )
    assert response.status_code == 400
    assert "Första" in response.content.decode()
    assert Publication.objects.count() == 1


def test_only_coordinators_add_publications(cast, anonymous, as_worker, as_researcher):
    assert anonymous.get("/bibliotek/ny/").status_code == 302
    assert as_worker.get("/bibliotek/ny/").status_code == 403
    assert as_researcher.post("/bibliotek/ny/", form_data()).status_code == 403
    assert not Publication.objects.exists()


def test_more_author_rows_come_without_javascript_and_nothing_is_saved(cast, as_coordinator):
    response = as_coordinator.post("/bibliotek/ny/", {**form_data(), "more_authors": "1"})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="authors-3-family_name"' in html
    assert 'value="Lundgren"' in html
    assert not Publication.objects.exists()


def test_editing_reorders_and_removes_authors(cast, as_coordinator):
    publication = make_publication(
        authors=[
            {"family_name": "Ett", "given_name": "A"},
            {"family_name": "Två", "given_name": "B"},
            {"family_name": "Tre", "given_name": "C"},
        ]
    )
    edit = as_coordinator.get(f"/bibliotek/{publication.pk}/andra/")
    assert 'value="Två"' in edit.content.decode()
    data = form_data(
        authors=[
            {"family_name": "Ett", "given_name": "A", "ORDER": "3"},
            {"family_name": "Två", "given_name": "B", "ORDER": "1"},
            {"family_name": "Tre", "given_name": "C", "ORDER": "2", "DELETE": "on"},
        ],
        title="Ny titel",
    )
    assert as_coordinator.post(f"/bibliotek/{publication.pk}/andra/", data).status_code == 302
    publication.refresh_from_db()
    assert publication.title == "Ny titel"
    assert [a.family_name for a in publication.authorships.order_by("position")] == ["Två", "Ett"]


def test_the_full_text_is_a_checked_pdf_served_after_the_access_check(
    cast, as_coordinator, anonymous, as_worker, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    pdf = demo_pdf("Rapport", ["En rad"])
    refused = as_coordinator.post(
        "/bibliotek/ny/",
        {
            **form_data(title="Inte en pdf"),
            "file": SimpleUploadedFile("rapport.pdf", b"<html>no</html>"),
        },
    )
    assert refused.status_code == 400
    assert not Publication.objects.exists()
    response = as_coordinator.post(
        "/bibliotek/ny/",
        {
            **form_data(title="Intern rapport", visibility="internal"),
            "file": SimpleUploadedFile("rapport.pdf", pdf),
        },
    )
    publication = Publication.objects.get()
    assert response.status_code == 302
    assert anonymous.get(f"/bibliotek/{publication.pk}/fulltext/").status_code == 404
    served = as_worker.get(f"/bibliotek/{publication.pk}/fulltext/")
    assert served.status_code == 200
    assert served["Content-Type"] == "application/pdf"
    assert b"".join(served.streaming_content) == pdf


def test_withdrawing_leaves_a_tombstone_and_reinstating_publishes_again(
    cast, as_coordinator, anonymous
):
    publication = make_publication(title="Preliminära resultat")
    refused = as_coordinator.post(f"/bibliotek/{publication.pk}/dra-tillbaka/", {"reason": " "})
    assert refused.status_code == 400
    response = as_coordinator.post(
        f"/bibliotek/{publication.pk}/dra-tillbaka/", {"reason": "Ersatt av slutrapporten."}
    )
    assert response.status_code == 302
    tombstone = anonymous.get(publication.get_absolute_url())
    assert tombstone.status_code == 410
    assert "Ersatt av slutrapporten." in tombstone.content.decode()
    assert "Preliminära resultat" not in anonymous.get("/bibliotek/").content.decode()
    assert (
        anonymous.post(f"/bibliotek/{publication.pk}/publicera-igen/").status_code == 302
    )  # to login
    as_coordinator.post(f"/bibliotek/{publication.pk}/publicera-igen/")
    assert anonymous.get(publication.get_absolute_url()).status_code == 200


def test_harvested_publications_are_withdrawn_never_deleted(cast, as_coordinator):
    harvested = make_publication(title="Offentlig")
    never = make_publication(title="Bara intern", visibility="internal")
    assert never.harvestable_since is None
    as_coordinator.post(f"/bibliotek/{harvested.pk}/radera/")
    assert Publication.objects.filter(pk=harvested.pk).exists()
    assert as_coordinator.post(f"/bibliotek/{never.pk}/radera/").status_code == 302
    assert not Publication.objects.filter(pk=never.pk).exists()


def test_the_page_lists_the_seminars_where_the_publication_was_presented(cast, anonymous):
    start = timezone.now() - timedelta(days=3)
    event = Event.objects.create(
        kind="research_seminar",
        title="Seminarium om tramadol",
        start=start,
        end=start + timedelta(hours=2),
        visibility="public",
    )
    hidden = Event.objects.create(
        kind="research_seminar",
        title="Internt möte",
        start=start,
        end=start + timedelta(hours=2),
        visibility="internal",
    )
    publication = make_publication(events=[event, hidden])
    html = anonymous.get(publication.get_absolute_url()).content.decode()
    assert "Seminarium om tramadol" in html
    assert "Internt möte" not in html
