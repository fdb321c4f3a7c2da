"""The library as evidence and expertise: publications and digests beside a new question, authors as experts."""

import pytest

from bryggan.cycle.queries import linked_of
from bryggan.library import services as library
from bryggan.library.models import Digest, Publication
from bryggan.people.models import Person
from tests.questions.conftest import ask, latest

pytestmark = pytest.mark.django_db

TITLE = "Hur stödjer vi unga som använder tramadol?"


def publication(title: str, taxonomy, *, authors=None, **fields) -> Publication:
    defaults = {
        "kind": Publication.Kind.REPORT,
        "year": 2025,
        "language": "sv",
        "visibility": "public",
        "abstract_sv": "Intervjuer med unga om tramadol och om vilket stöd som hjälper.",
    }
    return library.publication_save(
        title=title,
        authors=authors or [{"family_name": "Lundgren", "given_name": "Karin"}],
        topics=[taxonomy["tramadol"]],
        **{**defaults, **fields},
    )


def digest(title: str, taxonomy, source: Publication, **fields) -> Digest:
    return library.digest_save(
        title=title,
        publications=[source],
        summary="Unga ser tramadol som ofarligt.",
        practice="Fråga om läkemedel i bedömningssamtal.",
        topics=[taxonomy["tramadol"]],
        **{"visibility": "public", **fields},
    )


def preview(client, taxonomy) -> str:
    response = ask(
        client,
        TITLE,
        send=False,
        text="Allt fler unga berättar att de använder tramadol.",
        topics=[taxonomy["tramadol"].pk],
    )
    assert response.status_code == 200
    return response.content.decode()


def test_the_preview_shows_a_matching_publication_and_digest(cast, as_worker, taxonomy):
    report = publication("Unga och tramadol: en intervjustudie", taxonomy)
    brief = digest("Unga och tramadol – vad socialsekreterare behöver veta", taxonomy, report)
    other = publication(
        "Ekonomiskt bistånd och arbete", taxonomy, abstract_sv="Om arbetsmarknadsinsatser."
    )
    other.topics.clear()
    page = preview(as_worker, taxonomy)
    assert report.get_absolute_url() in page and brief.get_absolute_url() in page
    assert "Forskning i korthet" in page  # the digest's kind
    assert "Samma ämne: Unga och tramadol" in page
    assert "Ekonomiskt bistånd och arbete" not in page


def test_it_shows_no_restricted_internal_or_withdrawn_publication_to_those_who_may_not_see_it(
    cast, as_worker, taxonomy
):
    secret = publication("Unga och tramadol: utkast för författarna", taxonomy)
    Publication.objects.filter(pk=secret.pk).update(visibility="restricted")
    old = publication("Unga och tramadol: preliminära resultat", taxonomy)
    library.publication_withdraw(publication=old, reason="Ersatt av slutrapporten.")
    internal = digest(
        "Unga och tramadol: intern sammanfattning", taxonomy, secret, visibility="internal"
    )
    page = preview(as_worker, taxonomy)
    assert "utkast för författarna" not in page
    assert "preliminära resultat" not in page
    assert internal.get_absolute_url() in page  # partnership staff see internal digests
    # The author of the restricted draft sees it.
    secret.authorships.update(person=Person.objects.get(user=cast.worker))
    assert "utkast för författarna" in preview(as_worker, taxonomy)


def test_the_coordinator_links_a_suggested_publication_in_the_evidence_check(
    cast, as_worker, as_coordinator, anonymous, taxonomy
):
    report = publication("Unga och tramadol: en intervjustudie", taxonomy)
    brief = digest("Unga och tramadol – vad socialsekreterare behöver veta", taxonomy, report)
    ask(as_worker, TITLE, topics=[taxonomy["tramadol"].pk])
    question = latest()
    form = as_coordinator.get(f"/fragor/{question.pk}/evidens/")
    assert form.status_code == 200
    page = form.content.decode()
    assert "Unga och tramadol: en intervjustudie" in page
    assert f"library.publication:{report.pk}" in page
    response = as_coordinator.post(
        f"/fragor/{question.pk}/evidens/",
        {
            "sources_searched": "Bibliotekets rapporter",
            "findings": "En intervjustudie och en sammanfattning för praktiken.",
            "verdict": "answered",
            "answer": "Läs intervjustudien och sammanfattningen.",
            "publish": "on",
            "evidence": [f"library.publication:{report.pk}", f"library.digest:{brief.pk}"],
        },
    )
    assert response.status_code == 302
    assert report in linked_of(question, Publication)
    assert brief in linked_of(question, Digest)
    # The answered question is public, and so is the evidence on its path.
    public = anonymous.get(question.get_absolute_url()).content.decode()
    assert report.get_absolute_url() in public and brief.get_absolute_url() in public


def test_the_author_of_a_matching_publication_is_suggested_with_the_reason(
    cast, as_worker, as_coordinator, taxonomy
):
    rut = Person.objects.get(user=cast.researcher)
    publication(
        "Unga och tramadol: en intervjustudie",
        taxonomy,
        authors=[{"person": rut, "family_name": "Forskare", "given_name": "Rut"}],
    )
    hidden = publication(
        "Unga och tramadol: hemligt utkast",
        taxonomy,
        authors=[{"person": rut, "family_name": "Forskare", "given_name": "Rut"}],
    )
    Publication.objects.filter(pk=hidden.pk).update(visibility="restricted")
    ask(as_worker, TITLE, topics=[taxonomy["tramadol"].pk])
    question = latest()
    found = as_coordinator.get(f"/api/v1/questions/{question.pk}/experts").json()
    assert found[0]["person"] == rut.slug
    assert "Författare till: Unga och tramadol: en intervjustudie" in found[0]["reasons"]
    assert not any("hemligt" in r for r in found[0]["reasons"])
    page = as_coordinator.get(question.get_absolute_url()).content.decode()
    assert "Författare till: Unga och tramadol: en intervjustudie" in page


def test_the_expert_finder_lists_a_persons_publications(cast, as_worker, taxonomy):
    rut = Person.objects.get(user=cast.researcher)
    rut.topics.add(taxonomy["tramadol"])
    report = publication(
        "Unga och tramadol: en intervjustudie",
        taxonomy,
        authors=[{"person": rut, "family_name": "Forskare", "given_name": "Rut"}],
    )
    page = as_worker.get("/experter/", {"q": "tramadol"}).content.decode()
    assert "Rut Forskare" in page
    assert report.get_absolute_url() in page
