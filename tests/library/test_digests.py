"""Research digests: plain-language summaries for practice, linked to what they summarise."""

from __future__ import annotations

import json
import re

from bryggan.library.models import Digest
from bryggan.people.models import Person
from tests.library.conftest import make_publication


def digest_data(publications, **fields) -> dict:
    return {
        "title": "Unga och tramadol – vad socialsekreterare behöver veta",
        "summary": "Många unga ser tramadol som **ofarligt**.\n\n- Tramadol blandas med alkohol.",
        "practice": "Fråga om receptbelagda läkemedel i bedömningssamtal.",
        "publications": [str(p.pk) for p in publications],
        "language": "sv",
        "published_on": "2025-04-10",
        "visibility": "public",
        **fields,
    }


def test_a_coordinator_writes_a_digest_of_a_publication(cast, as_coordinator, anonymous, topic):
    report = make_publication(title="Unga och tramadol: en intervjustudie")
    writer = Person.objects.get(user=cast.researcher)
    form = as_coordinator.get(f"/forskning-i-korthet/ny/?publication={report.pk}")
    assert f'<option value="{report.pk}" selected>' in form.content.decode()
    response = as_coordinator.post(
        "/forskning-i-korthet/ny/",
        digest_data([report], writers=[str(writer.pk)], topics=[str(topic.pk)]),
    )
    digest = Digest.objects.get()
    assert response.status_code == 302
    assert digest.slug == "unga-och-tramadol-vad-socialsekreterare-behover-veta"
    page = anonymous.get(digest.get_absolute_url())
    html = page.content.decode()
    assert page.status_code == 200
    assert "<strong>ofarligt</strong>" in html
    assert "<li>Tramadol blandas med alkohol.</li>" in html
    assert "Vad det betyder för praktiken" in html
    assert "Unga och tramadol: en intervjustudie" in html
    data = json.loads(
        re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    )
    assert data["@type"] == "Article"
    assert data["isBasedOn"][0]["url"].endswith(report.get_absolute_url())
    assert data["author"] == [{"@type": "Person", "name": "Rut Forskare"}]
    assert digest.title in anonymous.get(report.get_absolute_url()).content.decode()
    assert digest.title in anonymous.get("/forskning-i-korthet/").content.decode()


def test_markdown_in_a_digest_cannot_carry_scripts(cast, as_coordinator, anonymous):
    report = make_publication()
    as_coordinator.post(
        "/forskning-i-korthet/ny/",
        digest_data(
            [report],
            summary='Hej <script>alert(1)</script> [länk](javascript:alert(1)) <img src=x onerror="alert(1)">',
        ),
    )
    html = anonymous.get(Digest.objects.get().get_absolute_url()).content.decode()
    assert "<script>alert" not in html
    assert 'href="javascript' not in html
    assert "<img" not in html


def test_a_digest_needs_its_publication_and_what_it_means_for_practice(cast, as_coordinator):
    as_coordinator.cookies["bryggan_language"] = "en"
    response = as_coordinator.post("/forskning-i-korthet/ny/", digest_data([], practice=""))
    html = response.content.decode()
    assert response.status_code == 400
    assert "This field is required." in html
    assert 'value="Unga och tramadol – vad socialsekreterare behöver veta"' in html
    assert not Digest.objects.exists()


def test_a_public_digest_cannot_summarise_an_internal_publication(cast, as_coordinator):
    as_coordinator.cookies["bryggan_language"] = "en"
    internal = make_publication(title="Intern", visibility="internal")
    response = as_coordinator.post("/forskning-i-korthet/ny/", digest_data([internal]))
    assert response.status_code == 400
    assert "A public digest can only summarise public publications" in response.content.decode()
    assert not Digest.objects.exists()


def test_digest_visibility_and_filters(cast, as_coordinator, anonymous, as_worker, area):
    report = make_publication()
    as_coordinator.post(
        "/forskning-i-korthet/ny/",
        digest_data([report], title="Öppen sammanfattning", priority_areas=[str(area.pk)]),
    )
    as_coordinator.post(
        "/forskning-i-korthet/ny/",
        digest_data([report], title="Intern sammanfattning", visibility="internal"),
    )
    internal = Digest.objects.get(title="Intern sammanfattning")
    assert anonymous.get(internal.get_absolute_url()).status_code == 404
    assert as_worker.get(internal.get_absolute_url()).status_code == 200
    listing = anonymous.get("/forskning-i-korthet/?area=barn-och-unga").content.decode()
    assert "Öppen sammanfattning" in listing
    assert "Intern sammanfattning" not in listing


def test_editing_a_digest_and_who_may(cast, as_coordinator, as_worker):
    report = make_publication()
    as_coordinator.post("/forskning-i-korthet/ny/", digest_data([report]))
    digest = Digest.objects.get()
    assert as_worker.get(f"/forskning-i-korthet/{digest.slug}/andra/").status_code == 403
    response = as_coordinator.post(
        f"/forskning-i-korthet/{digest.slug}/andra/", digest_data([report], title="Ny rubrik")
    )
    assert response.status_code == 302
    digest.refresh_from_db()
    assert digest.title == "Ny rubrik"
    assert digest.slug == "unga-och-tramadol-vad-socialsekreterare-behover-veta"
