"""The figures of questions, portfolio, library, podcast, follow-up and governance.

Each figure is compared with a count computed here, independently, from the rows this module seeds
(each row says which scope it belongs to and when it happened). Rows of another partnership or
another municipality, rows outside the year, drafts, withdrawn and cancelled rows are seeded too,
so that a figure that counts too much fails.
"""

from __future__ import annotations

import io
import re
import statistics
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pypdf
import pytest

from bryggan.cycle.services import link_add
from bryggan.followup.models import (
    FollowupPlan,
    Instrument,
    InstrumentVersion,
    Measurement,
    Occasion,
    PlanUnit,
    ReleaseBatch,
    Subject,
)
from bryggan.governance.models import BaseFunding, Body, Decision, Meeting, Party
from bryggan.insight.figures import SUPPRESSED
from bryggan.insight.models import ActivityReport
from bryggan.library.models import Authorship, Digest, Publication
from bryggan.people.models import Organisation
from bryggan.podcast.models import DownloadDay, Episode, Show
from bryggan.portfolio.models import (
    EducationActivity,
    Funding,
    Milestone,
    PhdStudent,
    Project,
    StatusChange,
)
from bryggan.questions.models import EvidenceCheck, Question, Status
from bryggan.questions.models import StatusChange as QuestionChange
from tests.conftest import client_for
from tests.insight.conftest import at

# Where a seeded row belongs: the partnership and the department, one of them, or neither.
OURS, PARTNERSHIP, ORGANISATION, NEITHER = "ours", "partnership", "organisation", "neither"


@dataclass
class Seeded:
    """What was seeded, with where each row belongs (for the partnership `testsamverkan` and for
    the municipality's department, whose units are parties to it)."""

    year: int
    questions: list[dict[str, Any]] = field(default_factory=list)
    projects: list[dict[str, Any]] = field(default_factory=list)
    titles: dict[str, str] = field(default_factory=dict)


def _in(row_scope: str, scope: str) -> bool:
    if scope == "partnership":
        return row_scope in (OURS, PARTNERSHIP)
    return row_scope in (OURS, ORGANISATION)


def _moment(day: date) -> datetime:
    return at(day, 10)


def _question(seeded: Seeded, key: str, belongs: str, **spec: Any) -> Question:
    """A question with its history; spec holds the days of each step (or None)."""
    question = Question.objects.create(
        title=key,
        unit=spec.get("unit"),
        status=spec.get("status", Status.NEW),
        visibility=spec.get("visibility", "internal"),
        created_at=_moment(spec["created"]),
    )
    if spec.get("areas"):
        question.priority_areas.set(spec["areas"])
    QuestionChange.objects.create(
        question=question, status=Status.NEW, changed_at=_moment(spec["created"])
    )
    if spec.get("checked"):
        EvidenceCheck.objects.create(
            question=question,
            sources_searched="Cochrane",
            findings="Lite",
            verdict=spec.get("verdict", "answered"),
            checked_at=_moment(spec["checked"]),
        )
    for status, step in [
        (Status.ANSWERED, "answered"),
        (Status.PRIORITISED, "prioritised"),
        (Status.IN_RESEARCH, "project"),
    ]:
        if spec.get(step):
            QuestionChange.objects.create(
                question=question, status=status, changed_at=_moment(spec[step])
            )
    seeded.questions.append({"key": key, "belongs": belongs, **spec})
    return question


def _project(seeded: Seeded, key: str, belongs: str, **spec: Any) -> Project:
    project = Project.objects.create(
        slug=key.lower().replace(" ", "-").replace("ö", "o"),
        title=key,
        kind=Project.Kind.RESEARCH,
        status=spec["history"][-1][0],
        start=spec.get("start"),
        end=spec.get("end"),
        partnership=spec.get("partnership"),
        visibility=spec.get("visibility", "internal"),
    )
    project.organisations.set(spec.get("organisations", []))
    previous = ""
    for status, day in spec["history"]:
        StatusChange.objects.create(project=project, previous=previous, status=status, on=day)
        previous = status
    seeded.projects.append({"key": key, "belongs": belongs, **spec})
    return project


@pytest.fixture
def seeded(world, cast) -> Seeded:
    y = world.year
    s = Seeded(year=y)
    p = world.partnership
    elsewhere_unit = world.elsewhere_unit
    # Another partnership with Annanstad as its party: its records must not count for ours.
    Party.objects.create(
        partnership=world.other_partnership, organisation=world.elsewhere, role="practice"
    )

    # ---- questions ----
    q1 = _question(
        s,
        "Fråga om samtal",
        OURS,
        unit=cast.unit,
        created=date(y, 2, 1),
        checked=date(y, 2, 20),
        answered=date(y, 3, 3),
        status=Status.ANSWERED,
        visibility="public",
    )
    q2 = _question(
        s,
        "Fråga om placeringar",
        OURS,
        unit=cast.other_unit,
        created=date(y, 3, 1),
        checked=date(y, 4, 1),
        verdict="unanswered",
        prioritised=date(y, 5, 1),
        project=date(y, 6, 1),
        status=Status.IN_RESEARCH,
    )
    _question(
        s,
        "Hemlig fråga utan enhet",
        PARTNERSHIP,
        areas=[world.area],
        created=date(y, 5, 10),
        checked=date(y, 5, 15),
        answered=date(y, 5, 20),
        status=Status.ANSWERED,
        visibility="restricted",
    )
    _question(s, "Annanstads fråga", NEITHER, unit=elsewhere_unit, created=date(y, 4, 1))
    _question(s, "Fråga i annat område", NEITHER, areas=[world.outside_area], created=date(y, 4, 1))
    _question(
        s,
        "Förra årets fråga",
        OURS,
        unit=cast.unit,
        created=date(y - 1, 6, 1),
        checked=date(y - 1, 6, 5),
        answered=date(y - 1, 6, 11),
        status=Status.ANSWERED,
    )
    merged = _question(
        s,
        "Sammanslagen fråga",
        NEITHER,
        unit=cast.unit,
        created=date(y, 2, 2),
        status=Status.MERGED,
    )
    merged.merged_into = q1
    merged.save(update_fields=["merged_into"])

    # ---- projects, funding ----
    forte = Organisation.objects.create(
        name_sv="Forte", slug="forte-test", kind=Organisation.Kind.FUNDER
    )
    pa = _project(
        s,
        "Projekt A",
        OURS,
        partnership=p,
        organisations=[cast.department],
        start=date(y, 2, 1),
        end=date(y + 1, 12, 31),
        history=[("application", date(y - 1, 10, 1)), ("ongoing", date(y, 2, 1))],
    )
    Funding.objects.create(project=pa, funder=forte, year=y, amount=Decimal("1000000"))
    Funding.objects.create(
        project=pa, funder=forte, year=y, amount=Decimal("500000"), status="applied"
    )
    Funding.objects.create(project=pa, funder=forte, year=y + 1, amount=Decimal("800000"))
    pb = _project(
        s,
        "Projekt B",
        ORGANISATION,
        partnership=world.other_partnership,
        organisations=[cast.unit],
        start=date(y, 3, 1),
        history=[("ongoing", date(y, 3, 1))],
    )
    Funding.objects.create(project=pb, funder=forte, year=y, amount=Decimal("300000"))
    _project(
        s,
        "Projekt C",
        OURS,
        organisations=[cast.department],
        start=date(y - 1, 1, 1),
        end=date(y, 9, 30),
        visibility="restricted",
        history=[("ongoing", date(y - 1, 1, 1)), ("completed", date(y, 9, 30))],
    )
    _project(
        s,
        "Projekt D",
        NEITHER,
        organisations=[world.elsewhere],
        start=date(y, 4, 1),
        history=[("ongoing", date(y, 4, 1))],
    )
    _project(
        s,
        "Ansökan E",
        PARTNERSHIP,
        partnership=p,
        history=[("application", date(y, 8, 1)), ("not_funded", date(y, 11, 1))],
    )
    # The question that became project A, and project A followed up by a plan (below).
    link_add(a=q2, b=pa)

    # ---- PhD students ----
    P = world.people
    phd = PhdStudent.objects.create(
        slug="phd",
        person=P["phd"],
        programme="Socialt arbete",
        university=cast.university,
        employer=cast.unit,
        topic="Samtal",
    )
    Milestone.objects.create(phd_student=phd, kind="start", actual=date(y - 1, 9, 1))
    Milestone.objects.create(phd_student=phd, kind="half_time", actual=date(y, 5, 5))
    elsewhere_phd = PhdStudent.objects.create(
        slug="elsewhere-phd",
        person=P["elsewhere_phd"],
        programme="Socialt arbete",
        university=cast.university,
        employer=elsewhere_unit,
        topic="Annat",
    )
    Milestone.objects.create(phd_student=elsewhere_phd, kind="half_time", actual=date(y, 6, 1))
    doctor = PhdStudent.objects.create(
        slug="doctor",
        person=P["leaver"],
        programme="Socialt arbete",
        university=cast.university,
        employer=cast.other_unit,
        topic="Placeringar",
        after_defence=PhdStudent.AfterDefence.STAYS,
    )
    Milestone.objects.create(phd_student=doctor, kind="defence", actual=date(y, 10, 10))

    # ---- collaboration with education ----
    E = EducationActivity.Kind
    for kind, year, season, unit, hours in [
        (E.FIELD_PLACEMENT, y, 1, cast.unit, None),
        (E.FIELD_PLACEMENT, y, 2, cast.other_unit, None),
        (E.FIELD_PLACEMENT, y - 1, 2, cast.unit, None),
        (E.TEACHING, y, 2, cast.unit, Decimal("12.5")),
        (E.TEACHING, y, 1, elsewhere_unit, Decimal("4")),
    ]:
        EducationActivity.objects.create(
            kind=kind, year=year, season=season, unit=unit, hours=hours, student_name="Student"
        )

    # ---- library ----
    def publication(key: str, **fields: Any) -> Publication:
        record = Publication.objects.create(
            kind="report", title=key, dedup_key=key, **{"year": y, **fields}
        )
        s.titles[key] = key
        return record

    pub1 = publication("Rapport om barn", date=date(y, 3, 1), visibility="restricted")
    pub1.priority_areas.set([world.area])
    pub2 = publication("Rapport av Wilma", visibility="public")
    Authorship.objects.create(
        publication=pub2, position=1, person=P["worker"], family_name="Arbetare"
    )
    pub3 = publication("Rapport om annat", date=date(y, 5, 1), visibility="public")
    pub3.priority_areas.set([world.outside_area])
    pub4 = publication(
        "Återkallad rapport", date=date(y, 2, 1), status="withdrawn", visibility="public"
    )
    pub4.priority_areas.set([world.area])
    pub5 = publication("Gammal rapport", date=date(y - 1, 3, 1), year=y - 1, visibility="public")
    pub5.priority_areas.set([world.area])
    for slug, day, area in [
        ("sammanfattning", date(y, 6, 1), world.area),
        ("annan-sammanfattning", date(y, 6, 1), world.outside_area),
    ]:
        digest = Digest.objects.create(
            title=slug, slug=slug, summary="Kort", practice="Pröva", published_on=day
        )
        digest.priority_areas.set([area])

    # ---- podcast ----
    def show(slug: str, partnership: Any) -> Show:
        return Show.objects.create(
            slug=slug,
            title=slug,
            description="Om forskning",
            partnership=partnership,
            podcast_guid=uuid.uuid4(),
            visibility="public",
        )

    ours, theirs = show("var-podd", p), show("deras-podd", world.other_partnership)

    def episode(slug: str, on_show: Show, status: str, day: date | None) -> Episode:
        return Episode.objects.create(
            show=on_show,
            slug=slug,
            title=slug,
            description="Avsnitt",
            status=status,
            publish_at=_moment(day) if day else None,
        )

    e1 = episode("avsnitt-1", ours, "published", date(y, 3, 1))
    episode("utkast", ours, "draft", None)
    e3 = episode("deras-avsnitt", theirs, "published", date(y, 3, 1))
    for ep, day, n in [
        (e1, date(y, 3, 2), 10),
        (e1, date(y, 4, 1), 5),
        (e1, date(y - 1, 12, 31), 7),
        (e3, date(y, 3, 2), 100),
    ]:
        DownloadDay.objects.create(episode=ep, day=day, downloads=n)

    # ---- follow-up: 6 clients start this year at our unit, 3 are measured (released) ----
    plan = FollowupPlan.objects.create(
        slug="stodgrupp",
        title="Stödgrupp",
        kind="support_group",
        intervention="Stödgrupp",
        target_group="Barn",
        question="Blir det bättre?",
        start=date(y - 1, 1, 1),
        owner=cast.department,
        status=FollowupPlan.Status.ACTIVE,
    )
    FollowupPlan.objects.create(
        slug="utkast-plan",
        title="Utkast",
        kind="other",
        intervention="x",
        target_group="x",
        question="x",
        start=date(y, 1, 1),
        owner=cast.department,
    )
    ours_unit = PlanUnit.objects.create(plan=plan, organisation=cast.unit, code="BU")
    their_unit = PlanUnit.objects.create(plan=plan, organisation=elsewhere_unit, code="AN")
    instrument = Instrument.objects.create(slug="skala", name="Skala", licence="free")
    version = InstrumentVersion.objects.create(instrument=instrument, label="1")
    occasion = Occasion.objects.create(plan=plan, key="start", label="Start", months=0)
    batch = ReleaseBatch.objects.create(
        plan=plan, unit=ours_unit, period=str(y), occasion=occasion, version=version, size=5
    )
    subjects = []
    for n, (unit, day) in enumerate(
        [(ours_unit, date(y, 2, 1 + i)) for i in range(6)]
        + [(ours_unit, date(y - 1, 5, 1 + i)) for i in range(3)]
        + [(their_unit, date(y, 2, 1 + i)) for i in range(2)]
    ):
        subjects.append(
            Subject.objects.create(
                plan=plan, unit=unit, code=f"S{n:03d}", enrolled_on=day, period=str(day.year)
            )
        )
    for subject, released in [
        (subjects[0], True),
        (subjects[1], True),
        (subjects[6], True),
        (subjects[2], False),
        (subjects[9], True),
    ]:
        Measurement.objects.create(
            plan=plan,
            subject=subject,
            unit=subject.unit,
            period=subject.period,
            occasion=occasion,
            version=version,
            measured_on=date(y, 3, 1),
            values=[3],
            batch=batch if released else None,
        )
    link_add(a=pa, b=plan)

    # ---- governance ----
    body = Body.objects.create(
        partnership=p,
        slug="styrgruppen",
        kind=Body.Kind.STEERING_GROUP,
        name_sv="Styrgruppen",
        established=date(y - 2, 1, 1),
        visibility="public",
    )
    their_body = Body.objects.create(
        partnership=world.other_partnership,
        slug="deras-styrgrupp",
        kind=Body.Kind.STEERING_GROUP,
        name_sv="Deras styrgrupp",
        established=date(y - 2, 1, 1),
        visibility="public",
    )

    def meeting(on_body: Body, day: date, status: str = "scheduled") -> Meeting:
        start = _moment(day)
        return Meeting.objects.create(
            body=on_body, start=start, end=start + timedelta(hours=2), status=status
        )

    m1 = meeting(body, date(y, 3, 1))
    meeting(body, date(y, 4, 1), "cancelled")
    m3 = meeting(their_body, date(y, 3, 1))
    for on_body, on_meeting, n in [(body, m1, 1), (their_body, m3, 1)]:
        Decision.objects.create(
            body=on_body,
            meeting=on_meeting,
            year=y,
            number=n,
            reference=f"SG {y}:{n}",
            decided_on=date(y, 3, 1),
            title="Beslut",
        )
    party = Party.objects.get(partnership=p, organisation=cast.department)
    BaseFunding.objects.create(party=party, year=y, amount=200000)
    BaseFunding.objects.create(party=party, year=y - 1, amount=150000)
    return s


def _figures(client, part: str, slug: str, year: int) -> dict[str, dict[str, Any]]:
    response = client.get(
        f"/api/v1/insight/dashboards/{part}/{slug}?start={year}-01-01&end={year}-12-31"
    )
    assert response.status_code == 200, response.content
    return {row["key"]: row for row in response.json()["figures"]}


def _expected_questions(seeded: Seeded, scope: str) -> dict[str, Any]:
    y = seeded.year
    rows = [q for q in seeded.questions if _in(q["belongs"], scope)]

    def count(step: str) -> int:
        return sum(1 for q in rows if q.get(step) and q[step].year == y)

    answered = [q for q in rows if q.get("answered") and q["answered"].year == y]
    return {
        "questions.received": count("created"),
        "questions.evidence_checked": count("checked"),
        "questions.answered": count("answered"),
        "questions.prioritised": count("prioritised"),
        "questions.to_projects": count("project"),
        "questions.days_to_answer": statistics.median(
            (q["answered"] - q["created"]).days for q in answered
        ),
    }


def _reached(seeded: Seeded, scope: str, status: str) -> int:
    return sum(
        1
        for p in seeded.projects
        if _in(p["belongs"], scope)
        and any(s == status and d.year == seeded.year for s, d in p["history"])
    )


def _running(seeded: Seeded, scope: str) -> int:
    y = seeded.year
    return sum(
        1
        for p in seeded.projects
        if _in(p["belongs"], scope)
        and p["history"][-1][0] in ("ongoing", "completed")
        and (p.get("start") is None or p["start"].year <= y)
        and (p.get("end") is None or p["end"].year >= y)
    )


def test_each_figure_equals_the_count_of_the_seeded_rows(seeded, world, cast, settings):
    settings.BRYGGAN_SUPPRESSION_MINIMUM = 3
    y = world.year
    got = _figures(client_for(cast.coordinator), "partnerships", "testsamverkan", y)
    expected = {
        **_expected_questions(seeded, "partnership"),
        "portfolio.applications": _reached(seeded, "partnership", "application"),
        "portfolio.projects_started": _reached(seeded, "partnership", "ongoing"),
        "portfolio.projects_completed": _reached(seeded, "partnership", "completed"),
        "portfolio.applications_not_funded": _reached(seeded, "partnership", "not_funded"),
        "portfolio.projects_running": _running(seeded, "partnership"),
        # Granted for this year, projects of the partnership only (not B's 300 000).
        "portfolio.funding_secured": 1_000_000,
        "portfolio.phd_started": 0,
        "portfolio.phd_half_time": 1,  # not Annanstad's PhD student
        "portfolio.phd_defences": 1,
        "portfolio.doctors_retained": 1,
        "portfolio.field_placements": 2,  # spring and autumn of the year, not the year before
        "portfolio.teaching": 1,
        "portfolio.teaching_hours": 12.5,
        "library.publications": 2,  # dated, and undated of the year; not withdrawn or elsewhere
        "library.digests": 1,
        "podcast.episodes": 1,
        "podcast.downloads": 15,
        "followup.plans_running": 1,
        "followup.units_reporting": 1,
        "followup.clients_enrolled": 6,
        "followup.clients_measured": 3,  # released measurements at our unit only
        "governance.meetings_held": 1,
        "governance.decisions": 1,
        "governance.base_funding": 200_000,
    }
    assert {key: got[key]["current"]["value"] for key in expected} == expected
    # The previous year is computed in the same pass.
    assert got["questions.received"]["year_earlier"]["value"] == 1
    assert got["podcast.downloads"]["year_earlier"]["value"] == 7
    assert got["governance.base_funding"]["year_earlier"]["value"] == 150_000


def test_an_organisation_counts_its_own_records_and_not_the_partnerships(seeded, world, cast):
    y = world.year
    got = _figures(client_for(cast.coordinator), "organisations", cast.department.slug, y)
    expected = {
        # The question without a unit belongs to the partnership through its area only.
        **_expected_questions(seeded, "organisation"),
        # Project B of the other partnership works with our unit; application E has no organisation.
        "portfolio.projects_started": _reached(seeded, "organisation", "ongoing"),
        "portfolio.applications": _reached(seeded, "organisation", "application"),
        "portfolio.projects_running": _running(seeded, "organisation"),
        "portfolio.funding_secured": 1_300_000,  # A and B
        "library.publications": 1,  # the one written by a member of staff
        "library.digests": 0,
        "followup.units_reporting": 1,
    }
    assert {key: got[key]["current"]["value"] for key in expected} == expected
    # Podcast and governance belong to partnerships.
    assert "podcast.downloads" not in got
    assert "governance.decisions" not in got


def test_a_record_of_another_partnership_does_not_count(seeded, world, cast):
    y = world.year
    theirs = _figures(client_for(cast.coordinator), "partnerships", "annan-samverkan", y)
    assert theirs["podcast.downloads"]["current"]["value"] == 100
    assert theirs["governance.decisions"]["current"]["value"] == 1
    # Annanstad's question, and the one without a unit in the other partnership's area.
    assert theirs["questions.received"]["current"]["value"] == 2
    assert theirs["portfolio.projects_started"]["current"]["value"] == 2  # B and D
    assert theirs["portfolio.phd_half_time"]["current"]["value"] == 1
    assert theirs["followup.units_reporting"]["current"]["value"] == 1  # Annanstad's unit
    ours = _figures(client_for(cast.coordinator), "partnerships", "testsamverkan", y)
    assert ours["podcast.downloads"]["current"]["value"] == 15


def test_client_figures_of_follow_up_are_suppressed_below_the_minimum(
    seeded, world, cast, settings
):
    settings.BRYGGAN_SUPPRESSION_MINIMUM = 5
    coordinator = client_for(cast.coordinator)
    got = _figures(coordinator, "partnerships", "testsamverkan", world.year)
    measured = got["followup.clients_measured"]
    assert measured["concerns_clients"] is True
    assert measured["current"] == {"value": SUPPRESSED, "suppressed": True, "text": SUPPRESSED}
    assert measured["records_url"] is None  # no client is ever listed
    assert got["followup.clients_enrolled"]["current"]["value"] == 6
    # The previous year: 3 clients started, hidden as well; the difference cannot be given.
    assert got["followup.clients_enrolled"]["year_earlier"]["value"] == SUPPRESSED
    assert got["followup.clients_enrolled"]["delta_year"] == SUPPRESSED
    # Figures that do not concern clients are shown whatever their size.
    assert got["followup.units_reporting"]["current"]["value"] == 1
    records = coordinator.get(
        f"/insikt/samverkan/testsamverkan/underlag/followup.clients_measured/"
        f"?start={world.year}-01-01&end={world.year}-12-31"
    )
    assert records.status_code == 404


def _listed(client, key: str, year: int, part: str = "samverkan", slug: str = "testsamverkan"):
    response = client.get(
        f"/insikt/{part}/{slug}/underlag/{key}/?start={year}-01-01&end={year}-12-31"
    )
    assert response.status_code == 200
    return response.content.decode()


def _titles(html: str) -> set[str]:
    """The titles in the first column of the records table."""
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return set(re.findall(r'<tr><td>(?:<a href="[^"]*">)?([^<]+)', body))


def test_the_records_behind_a_figure_are_the_counted_ones_and_hide_restricted_ones(
    seeded, world, cast
):
    y = world.year
    admin, worker = client_for(cast.admin), client_for(cast.worker)
    received = {
        q["key"]
        for q in seeded.questions
        if _in(q["belongs"], "partnership") and q["created"].year == y
    }
    assert _titles(_listed(admin, "questions.received", y)) == received
    for_worker = _listed(worker, "questions.received", y)
    assert "Fråga om samtal" in for_worker
    assert "Hemlig fråga utan enhet" not in for_worker
    assert _titles(_listed(admin, "portfolio.projects_running", y)) == {"Projekt A", "Projekt C"}
    assert "Projekt C" not in _listed(worker, "portfolio.projects_running", y)
    publications = _titles(_listed(admin, "library.publications", y))
    assert publications == {"Rapport om barn", "Rapport av Wilma"}
    # Restricted publications are for their authors: Wilma sees her own, not the other.
    mine = _listed(worker, "library.publications", y)
    assert "Rapport av Wilma" in mine
    assert "Rapport om barn" not in mine
    # An outsider cannot open the records at all.
    outsider = client_for(cast.outsider).get(
        f"/insikt/samverkan/testsamverkan/underlag/questions.received/?start={y}-01-01&end={y}-12-31"
    )
    assert outsider.status_code in (302, 403, 404)


def test_the_questions_funnel_follows_the_questions_of_the_period(seeded, world, cast):
    y = world.year
    response = client_for(cast.coordinator).get(
        f"/api/v1/insight/dashboards/partnerships/testsamverkan?start={y}-01-01&end={y}-12-31"
    )
    steps = {s["key"]: s["value"] for s in response.json()["funnel"]["steps"]}
    assert steps == {
        "questions.received": 3,
        "questions.evidence_checked": 3,
        "questions.answered_or_prioritised": 3,
        "questions.to_project": 1,
        # The question became project A, which is followed up by the support-group plan.
        "questions.followed_up": 1,
        "questions.disseminated": 0,
    }


def test_the_gap_map_has_the_new_kinds_of_knowledge(seeded, world, cast):
    y = world.year
    response = client_for(cast.coordinator).get(
        f"/api/v1/insight/dashboards/partnerships/testsamverkan?start={y}-01-01&end={y}-12-31"
    )
    gap = response.json()["gap_map"]
    kinds = [k["key"] for k in gap["kinds"]]
    for key in ("library.publication", "library.digest", "portfolio.project", "questions.open"):
        assert key in kinds
    assert "questions.question" not in kinds  # all questions start chains but are not a column
    row = next(r for r in gap["rows"] if r["area"] == world.area.slug)
    cells = {c["kind"]: c["value"] for c in row["cells"]}
    assert cells["library.publication"] == 1  # the report on children (dated this year)
    assert cells["library.digest"] == 1


def test_the_pdf_report_contains_the_new_figures(seeded, world, cast):
    coordinator = client_for(cast.coordinator)
    coordinator.post(
        "/verksamhetsberattelser/ny/", {"partnership": "testsamverkan", "year": world.year}
    )
    coordinator.post(
        f"/verksamhetsberattelser/testsamverkan/{world.year}/publicera/", {"action": "publish"}
    )
    response = client_for(None).get(f"/verksamhetsberattelser/testsamverkan/{world.year}/en.pdf")
    assert response.status_code == 200
    reader = pypdf.PdfReader(io.BytesIO(response.content))
    text = "\n".join(page.extract_text() for page in reader.pages)
    line = next(x for x in text.splitlines() if x.startswith("Podcast downloads"))
    assert line.split()[-3] == "15", line
    assert "Questions from practice received" in text
    swedish = client_for(None).get(f"/verksamhetsberattelser/testsamverkan/{world.year}/sv.pdf")
    sv_text = "\n".join(
        page.extract_text() for page in pypdf.PdfReader(io.BytesIO(swedish.content)).pages
    )
    assert "Frågor från praktiken som kommit in" in sv_text


def test_the_report_splits_the_new_figures_over_the_parties(seeded, world, cast):
    coordinator = client_for(cast.coordinator)
    coordinator.post(
        "/verksamhetsberattelser/ny/", {"partnership": "testsamverkan", "year": world.year}
    )
    coordinator.post(
        f"/verksamhetsberattelser/testsamverkan/{world.year}/publicera/", {"action": "publish"}
    )
    report = ActivityReport.objects.get(partnership=world.partnership, year=world.year)
    parties = {p["organisation"]: p for p in report.snapshot["parties"]}
    department = {f["key"]: f["value"] for f in parties[cast.department.slug]["more"]}
    expected_questions = sum(
        1
        for q in seeded.questions
        if q["belongs"] == OURS and q.get("unit") and q["created"].year == world.year
    )
    assert department == {
        "questions.received": expected_questions,
        "portfolio.projects_running": 2,  # A and C work with the department
        "followup.units_reporting": 1,
        "portfolio.field_placements": 2,
        "portfolio.teaching": 1,
        "portfolio.doctors_retained": 1,
    }
    school = {f["key"]: f["value"] for f in parties[cast.school.slug]["more"]}
    assert set(school.values()) == {0}
    page = client_for(None).get(f"/verksamhetsberattelser/testsamverkan/{world.year}/?lang=en")
    assert "Questions, projects, follow-up and education at each party" in page.content.decode()


def test_timezone_edges_count_in_the_right_year(world, cast):
    """A question received a minute before midnight on New Year's Eve (Swedish time) counts in that year."""
    y = world.year
    Question.objects.create(
        title="Nyårsfråga",
        unit=cast.unit,
        created_at=at(date(y, 12, 31), 23) + timedelta(minutes=59),
    )
    got = _figures(client_for(cast.coordinator), "partnerships", "testsamverkan", y)
    assert got["questions.received"]["current"]["value"] == 1
    following = _figures(client_for(cast.coordinator), "partnerships", "testsamverkan", y + 1)
    assert following["questions.received"]["current"]["value"] == 0


def test_the_cycle_links_of_a_record_lead_to_its_timeline(seeded, world, cast):
    publication = Publication.objects.get(title="Rapport av Wilma")
    worker = client_for(cast.worker)
    page = worker.get(publication.get_absolute_url())
    assert page.status_code == 200
    timeline = f"/insikt/kretslopp/library.publication/{publication.pk}/"
    assert f'href="{timeline}"' in page.content.decode()
    assert worker.get(timeline).status_code == 200


def test_clients_reached_are_grouped_by_municipality_and_suppressed(seeded, world, cast, settings):
    settings.BRYGGAN_SUPPRESSION_MINIMUM = 5
    y = world.year
    coordinator = client_for(cast.coordinator)

    def reach(slug: str) -> dict[str, Any]:
        response = coordinator.get(
            f"/api/v1/insight/dashboards/partnerships/{slug}?start={y}-01-01&end={y}-12-31"
        )
        return {r["key"]: r for r in response.json()["reach"]}["followup.clients"]

    ours = reach("testsamverkan")
    assert ours["total"] == 6
    assert {r["organisation"]: r["value"] for r in ours["rows"]} == {cast.municipality.slug: 6}
    theirs = reach("annan-samverkan")  # two clients in Annanstad: hidden
    assert theirs["total"] == SUPPRESSED
    assert {r["organisation"]: r["value"] for r in theirs["rows"]} == {"annanstad": SUPPRESSED}
