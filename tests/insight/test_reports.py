"""Annual reports: narrative, highlights, publishing, the PDF, and the comparison with the plan."""

from __future__ import annotations

import io
from datetime import timedelta

import pypdf
import pytest
from django.utils import timezone

from bryggan.arenas.models import Event
from bryggan.insight.models import ActivityReport, Highlight
from tests.conftest import client_for
from tests.insight.conftest import at


def pdf_text(content: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages)


@pytest.fixture
def coordinator(cast):
    return client_for(cast.coordinator)


@pytest.fixture
def report(world, coordinator) -> ActivityReport:
    response = coordinator.post(
        "/verksamhetsberattelser/ny/", {"partnership": "testsamverkan", "year": world.year}
    )
    assert response.status_code == 302
    return ActivityReport.objects.get(partnership=world.partnership, year=world.year)


def _narrative(world, **extra) -> dict:
    data = {
        "narrative_language": "sv",
        "introduction": "Ett år med många seminarier.\n\nOch nya grupper.",
        "outlook": "",
        f"area_{world.area.pk}": "<p>Barn och unga stod i fokus.</p>",
        f"area_{world.second_area.pk}": "",
    }
    for party in world.partnership.parties.all():
        data[f"party_{party.organisation_id}"] = ""
    data.update(extra)
    return data


def test_unsafe_html_is_removed_from_the_narrative_with_a_message(world, report, coordinator):
    url = f"/verksamhetsberattelser/testsamverkan/{world.year}/redigera/"
    response = coordinator.post(
        url,
        _narrative(
            world,
            introduction='<p onclick="steal()">Hej <script>alert(1)</script><strong>alla</strong>'
            '<a href="javascript:alert(2)">länk</a><img src=x onerror=alert(3)></p>',
        ),
        follow=True,
    )
    assert response.status_code == 200
    report.refresh_from_db()
    assert "script" not in report.introduction
    assert "onclick" not in report.introduction
    assert "javascript" not in report.introduction
    assert "<img" not in report.introduction
    assert "<strong>alla</strong>" in report.introduction
    messages = [str(m) for m in response.context["messages"]]
    assert any("Introduction" in m or "Inledning" in m for m in messages)


def test_plain_text_becomes_paragraphs_and_sections_are_saved(world, report, coordinator):
    coordinator.post(
        f"/verksamhetsberattelser/testsamverkan/{world.year}/redigera/", _narrative(world)
    )
    report.refresh_from_db()
    assert report.introduction == "<p>Ett år med många seminarier.</p><p>Och nya grupper.</p>"
    assert report.sections.get(area=world.area).text == "<p>Barn och unga stod i fokus.</p>"


def test_drafts_are_for_staff_and_published_reports_for_everyone(
    world, report, coordinator, anonymous, as_worker, as_outsider
):
    url = f"/verksamhetsberattelser/testsamverkan/{world.year}/"
    assert anonymous.get(url).status_code == 404
    assert as_outsider.get(url).status_code == 404
    assert as_worker.get(url).status_code == 200
    assert as_worker.get(url + "redigera/").status_code == 403
    assert as_worker.post(url + "publicera/", {"action": "publish"}).status_code == 403
    coordinator.post(url + "publicera/", {"action": "publish"})
    assert anonymous.get(url).status_code == 200
    assert (
        anonymous.get(f"/verksamhetsberattelser/testsamverkan/{world.year}/sv.pdf").status_code
        == 200
    )
    listing = anonymous.get("/verksamhetsberattelser/").content.decode()
    assert f"Testsamverkan {world.year}" in listing
    coordinator.post(url + "publicera/", {"action": "unpublish"})
    assert anonymous.get(url).status_code == 404


def test_a_report_for_a_year_not_begun_is_refused(world, coordinator):
    year = timezone.localdate().year + 1
    response = coordinator.post(
        "/verksamhetsberattelser/ny/", {"partnership": "testsamverkan", "year": year}, follow=True
    )
    assert not ActivityReport.objects.filter(year=year).exists()
    assert str(year) in " ".join(str(m) for m in response.context["messages"])


def test_the_pdf_is_produced_and_contains_the_figures(world, report, coordinator):
    coordinator.post(
        f"/verksamhetsberattelser/testsamverkan/{world.year}/redigera/", _narrative(world)
    )
    coordinator.post(
        f"/verksamhetsberattelser/testsamverkan/{world.year}/publicera/", {"action": "publish"}
    )
    response = client_for(None).get(f"/verksamhetsberattelser/testsamverkan/{world.year}/sv.pdf")
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    text = pdf_text(response.content)
    assert "Testsamverkan" in text
    assert "Ett år med många seminarier." in text
    snapshot = ActivityReport.objects.get(pk=report.pk).snapshot
    figures = {r["key"]: r for g in snapshot["groups"] for r in g["rows"]}
    for key in ("arenas.sessions_held", "arenas.attendance", "arenas.people_reached"):
        line = next(x for x in text.splitlines() if x.startswith(str(figures[key]["label"]["sv"])))
        assert line.split()[-3] == str(figures[key]["current"]["value"]), line
    assert figures["arenas.attendance"]["current"]["value"] == 10
    english = pdf_text(
        client_for(None).get(f"/verksamhetsberattelser/testsamverkan/{world.year}/en.pdf").content
    )
    assert f"Annual activity report {world.year}" in english
    assert "Test partnership" in english
    assert (
        client_for(None)
        .get(f"/verksamhetsberattelser/testsamverkan/{world.year}/xx.pdf")
        .status_code
        == 404
    )


def test_a_year_with_no_data_still_gives_a_report_and_a_pdf(world, coordinator, as_worker):
    coordinator.post("/verksamhetsberattelser/ny/", {"partnership": "testsamverkan", "year": 2001})
    page = as_worker.get("/verksamhetsberattelser/testsamverkan/2001/")
    assert page.status_code == 200
    assert page.context["r"]["empty"] is True
    pdf = as_worker.get("/verksamhetsberattelser/testsamverkan/2001/sv.pdf")
    assert pdf.status_code == 200
    assert "2001" in pdf_text(pdf.content)


def test_publishing_freezes_the_figures_until_published_again(
    world, report, coordinator, anonymous
):
    url = f"/verksamhetsberattelser/testsamverkan/{world.year}/"
    coordinator.post(url + "publicera/", {"action": "publish"})

    def sessions() -> int:
        r = anonymous.get(url + "?lang=en").context["r"]
        return next(
            x for g in r["groups"] for x in g["rows"] if x["key"] == "arenas.sessions_held"
        )["current"]["value"]

    assert sessions() == 5
    Event.objects.create(
        kind=Event.Kind.LECTURE,
        title="Sen föreläsning",
        start=at(world.events["Verkstad oktober"].start.date() + timedelta(days=10)),
        end=at(world.events["Verkstad oktober"].start.date() + timedelta(days=10), 15),
        partnership=world.partnership,
        visibility="public",
    )
    assert sessions() == 5
    coordinator.post(url + "publicera/", {"action": "publish"})
    assert sessions() == 6


def test_the_english_report_uses_english_labels(world, report, coordinator, anonymous):
    coordinator.post(
        f"/verksamhetsberattelser/testsamverkan/{world.year}/publicera/", {"action": "publish"}
    )
    html = anonymous.get(
        f"/verksamhetsberattelser/testsamverkan/{world.year}/?lang=en"
    ).content.decode()
    assert '<html lang="en">' in html
    assert "Arena sessions held" in html
    assert "Test partnership" in html
    assert "Collaboration between practice and academia" in html  # labels frozen in both languages
    assert "Practice partner" in html
    # A public report does not send its readers to staff-only dashboards.
    assert "/insikt/samverkan/" not in html


def test_highlights_point_to_public_records_only(world, report, coordinator, anonymous):
    url = f"/verksamhetsberattelser/testsamverkan/{world.year}/"
    seminar = world.events["Seminarium mars"]
    group_session = world.events["Grupp maj"]
    edit = coordinator.get(url + "redigera/")
    choices = dict(edit.context["highlight_form"].fields["record"].choices)
    assert f"arenas.event:{seminar.pk}" in choices
    assert f"arenas.event:{group_session.pk}" not in choices  # restricted: not in a public report
    refused = coordinator.post(
        url + "hojdpunkter/", {"title": "Gruppen", "record": f"arenas.event:{group_session.pk}"}
    )
    assert refused.status_code == 400
    coordinator.post(
        url + "hojdpunkter/",
        {
            "title": "Ett välbesökt seminarium",
            "text": "Fem personer kom.",
            "record": f"arenas.event:{seminar.pk}",
        },
    )
    assert coordinator.post(url + "hojdpunkter/", {"title": ""}).status_code == 400
    coordinator.post(url + "publicera/", {"action": "publish"})
    html = anonymous.get(url).content.decode()
    assert "Ett välbesökt seminarium" in html
    assert seminar.get_absolute_url() in html
    highlight = Highlight.objects.get(title="Ett välbesökt seminarium")
    coordinator.post(url + f"hojdpunkter/{highlight.pk}/ta-bort/")
    assert not Highlight.objects.filter(pk=highlight.pk).exists()


def test_the_report_compares_the_outcome_with_the_plan(world, coordinator):
    y = world.year
    coordinator.post("/verksamhetsplaner/ny/", {"partnership": "testsamverkan", "plan-year": y})
    plan_url = f"/verksamhetsplaner/testsamverkan/{y}/andra/"
    coordinator.post(
        plan_url,
        {
            "action": "goal",
            "text": "Minst fyra arenor",
            "indicator": "arenas.sessions_held",
            "target": "4",
        },
    )
    coordinator.post(
        plan_url,
        {
            "action": "goal",
            "text": "Tjugo deltagare",
            "indicator": "arenas.people_reached",
            "target": "20",
        },
    )
    coordinator.post(plan_url, {"action": "goal", "text": "Bättre samverkan", "indicator": ""})
    coordinator.post(
        plan_url, {"action": "item", "kind": "arena", "title": "Seminarier", "when": "vår"}
    )
    coordinator.post(plan_url, {"action": "publish"})
    coordinator.post("/verksamhetsberattelser/ny/", {"partnership": "testsamverkan", "year": y})
    r = coordinator.get(f"/verksamhetsberattelser/testsamverkan/{y}/").context["r"]
    goals = {g["text"]: g for g in r["plan"]["goals"]}
    assert goals["Minst fyra arenor"]["outcome"] == 5
    assert goals["Minst fyra arenor"]["reached"] is True
    assert goals["Tjugo deltagare"]["reached"] is False
    assert goals["Bättre samverkan"]["reached"] is None
    assert r["plan"]["goals_reached"] == 1
    assert r["plan"]["goals_measured"] == 2
    assert r["plan"]["items"][0]["title"] == "Seminarier"


def test_the_party_table_splits_the_partnerships_figures_over_the_parties(
    world, report, coordinator
):
    r = coordinator.get(f"/verksamhetsberattelser/testsamverkan/{world.year}/").context["r"]
    table = {p["organisation"]: {f["key"]: f["value"] for f in p["figures"]} for p in r["parties"]}
    # The department: organised two sessions; its staff on the day (worker, manager, the PhD
    # student, the mover from September) were present seven times; two of its units reached; three
    # actions of its units, one done; one research-trained person remains (the leaver left in May).
    assert table["testkoping-sf"] == {
        "arenas.sessions_held": 2,
        "arenas.attendance": 7,
        "arenas.people_reached": 4,
        "arenas.units_reached": 2,
        "arenas.actions_decided": 3,
        "arenas.actions_done": 1,
        "people.research_trained": 1,
    }
    # The school: co-organised the March seminar; the researcher and the PhD student were present.
    assert table["testuni-hhs"]["arenas.sessions_held"] == 1
    assert table["testuni-hhs"]["arenas.people_reached"] == 2
    assert table["testuni-hhs"]["arenas.units_reached"] == 0
