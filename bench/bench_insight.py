"""Insight benchmark: dashboards and the annual report at national scale.

The database holds the demo plus 300 municipalities with a social services department and ten units
each, a national partnership owned by all of them, 6,000 staff (some research-trained), 30,000
events of the partnership over three years with 300,000 registrations, 150,000 attendance marks and
6,000 actions, and 20,000 research records matched to the priority areas. The apps that give Insight
its other figures are filled too, tagged with the priority areas and tied to the municipalities'
units, spread over the same three years: 30,000 questions from practice (each with a submission and
its status history: evidence checked, answered, prioritised, turned into a project), 3,000 projects
with their status history, participations and funding per year, 300 PhD students with milestones,
6,000 education activities, 20,000 publications with authors and 2,000 digests, a podcast show with
500 episodes and a download count per episode and day, 1,000 follow-up plans with three units, two
occasions, 30 subjects each and their released measurements, 20 bodies with 600 meetings and 2,000
decisions, base funding of every party, and knowledge-cycle links from questions to projects,
digests and follow-up.

The measurements run in a fresh process, so that its peak memory is that of the dashboards and the
report, not of filling the database: the partnership dashboard and a municipality dashboard as
rendered pages (cold, then the median of three), the dashboard as JSON, and the annual report of the
current year (its figures, then the PDF). Targets: a dashboard in at most 1 s, the PDF in at most
30 s.

Timings are given as wall-clock and CPU seconds: on a shared machine the CPU time is the steadier
figure. Dashboards are measured uncached (as after any change to the content) and cached.

Run: `make bench BENCH_ARGS=insight` (BENCH_DB=postgres for PostgreSQL; BENCH_EVENTS to scale;
BENCH_REUSE=1 to measure again without refilling).
"""

import json
import os
import random
import statistics
import subprocess
import sys
import time
import uuid
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from harness import analyze, peak_memory_mb, report, use_database

MUNICIPALITIES = 300
UNITS_PER_MUNICIPALITY = 10
STAFF = 6_000
EVENTS = int(os.environ.get("BENCH_EVENTS", "30000"))
REGISTRATIONS_PER_EVENT = 10
PRESENT_PER_EVENT = 5
RECORDS = 20_000
QUESTIONS = 30_000
PROJECTS = 3_000
PHD_STUDENTS = 300
EDUCATION = 6_000
PUBLICATIONS = 20_000
DIGESTS = 2_000
EPISODES = 500
PLANS = 1_000
SUBJECTS_PER_PLAN = 30
BODIES = 20
MEETINGS_PER_BODY = 30
DECISIONS = 2_000
BATCH = 5_000
SLUG = "nationell-samverkan"
DASHBOARD_TARGET_S = 1.0
PDF_TARGET_S = 30.0
STOCKHOLM = ZoneInfo("Europe/Stockholm")


def populate() -> None:
    """Fill the database in bulk."""
    from django.contrib.auth.hashers import make_password

    from bryggan.arenas.models import Action, Attendance, Event, Registration
    from bryggan.governance.models import Partnership, Party
    from bryggan.monitoring.models import Match, Record, Watchlist
    from bryggan.people.models import Affiliation, Organisation, Person, Role, User
    from bryggan.taxonomy.models import PriorityArea

    rng = random.Random(2026)
    K = Organisation.Kind
    Organisation.objects.bulk_create(
        [
            Organisation(slug=f"bench-kommun-{m}", name_sv=f"Kommun {m}", kind=K.MUNICIPALITY)
            for m in range(MUNICIPALITIES)
        ],
        batch_size=BATCH,
    )
    municipalities = list(Organisation.objects.filter(slug__startswith="bench-kommun-"))
    Organisation.objects.bulk_create(
        [
            Organisation(
                slug=f"{m.slug}-sf",
                name_sv=f"Socialförvaltningen {m.name_sv}",
                kind=K.DEPARTMENT,
                parent=m,
            )
            for m in municipalities
        ],
        batch_size=BATCH,
    )
    departments = list(
        Organisation.objects.filter(slug__startswith="bench-kommun-", kind=K.DEPARTMENT)
    )
    Organisation.objects.bulk_create(
        [
            Organisation(slug=f"{d.slug}-e{u}", name_sv=f"Enhet {u}", kind=K.UNIT, parent=d)
            for d in departments
            for u in range(UNITS_PER_MUNICIPALITY)
        ],
        batch_size=BATCH,
    )
    units = list(Organisation.objects.filter(slug__startswith="bench-kommun-", kind=K.UNIT))
    university = Organisation.objects.get(slug="hhj-socialt-arbete")

    partnership = Partnership.objects.create(
        slug=SLUG,
        name_sv="Nationell samverkan",
        name_en="National collaboration",
        kind=Partnership.Kind.REGIONAL,
        visibility="public",
        start=date(2020, 1, 1),
    )
    areas = list(PriorityArea.objects.all())
    partnership.priority_areas.set(areas)
    Party.objects.bulk_create(
        [
            Party(partnership=partnership, organisation=m, role=Party.Role.OWNER)
            for m in municipalities
        ]
    )

    password = make_password(None)
    User.objects.bulk_create(
        [User(email=f"bench-staff{i}@example.org", password=password) for i in range(STAFF)],
        batch_size=BATCH,
    )
    users = list(User.objects.filter(email__startswith="bench-staff").order_by("pk"))
    Person.objects.bulk_create(
        [
            Person(given_name=f"Bench{i}", family_name="Personal", slug=f"bench-staff-{i}", user=u)
            for i, u in enumerate(users)
        ],
        batch_size=BATCH,
    )
    people = list(Person.objects.filter(slug__startswith="bench-staff-").order_by("pk"))
    affiliations = []
    for n, person in enumerate(people):
        affiliations.append(
            Affiliation(
                person=person,
                organisation=rng.choice(units),
                role=Role.SOCIAL_WORKER,
                start=date(2015 + n % 10, 1, 1),
                end=date(2026, 6, 30) if n % 50 == 0 else None,
            )
        )
        if n % 40 == 0:  # research-trained staff and practitioner PhD students
            affiliations.append(
                Affiliation(
                    person=person,
                    organisation=university,
                    role=Role.PHD_STUDENT if n % 80 else Role.RESEARCHER,
                    start=date(2020, 9, 1),
                )
            )
    Affiliation.objects.bulk_create(affiliations, batch_size=BATCH)

    now = datetime.now(STOCKHOLM).replace(minute=0, second=0, microsecond=0)
    first = datetime(now.year - 2, 1, 1, tzinfo=STOCKHOLM)
    span_hours = int((now - first).total_seconds() // 3600)
    kinds = [k for k, _ in Event.Kind.choices]
    Event.objects.bulk_create(
        [
            Event(
                kind=rng.choice(kinds),
                title=f"Nationellt tillfälle {i}",
                start=(start := first + timedelta(hours=rng.randint(0, span_hours))),
                end=start + timedelta(hours=2),
                partnership=partnership,
                visibility=rng.choice(["public", "internal", "internal"]),
                uid=uuid.uuid4(),
                confirmed_count=REGISTRATIONS_PER_EVENT,
                status="cancelled" if i % 97 == 0 else "scheduled",
            )
            for i in range(EVENTS)
        ],
        batch_size=BATCH,
    )
    events = list(Event.objects.filter(partnership=partnership).values_list("pk", "start"))
    Tags = Event.priority_areas.through
    Tags.objects.bulk_create(
        [Tags(event_id=pk, priorityarea_id=rng.choice(areas).pk) for pk, _start in events],
        batch_size=BATCH,
    )
    Organisers = Event.organisations.through
    Organisers.objects.bulk_create(
        [
            Organisers(event_id=pk, organisation_id=rng.choice(departments).pk)
            for pk, _start in events[::3]
        ],
        batch_size=BATCH,
    )
    user_ids = [u.pk for u in users]
    person_ids = [p.pk for p in people]
    registrations, marks, actions = [], [], []
    for n, (pk, start) in enumerate(events):
        for user_id in rng.sample(user_ids, REGISTRATIONS_PER_EVENT):
            registrations.append(Registration(event_id=pk, user_id=user_id, status="confirmed"))
        if start < now:
            for person_id in rng.sample(person_ids, PRESENT_PER_EVENT):
                marks.append(Attendance(event_id=pk, person_id=person_id, status="present"))
        if n % 5 == 0:
            actions.append(
                Action(
                    event_id=pk,
                    title=f"Åtgärd {n}",
                    unit=rng.choice(units),
                    due=start.date() + timedelta(days=60),
                    status=rng.choice(["planned", "in_progress", "done", "done", "dropped"]),
                )
            )
        if len(registrations) >= BATCH * 4:
            Registration.objects.bulk_create(registrations, batch_size=BATCH)
            Attendance.objects.bulk_create(marks, batch_size=BATCH)
            registrations, marks = [], []
    Registration.objects.bulk_create(registrations, batch_size=BATCH)
    Attendance.objects.bulk_create(marks, batch_size=BATCH)
    Action.objects.bulk_create(actions, batch_size=BATCH)

    watchlists = list(Watchlist.objects.filter(area__isnull=False))
    Record.objects.bulk_create(
        [
            Record(
                title=f"Nationell studie {i}",
                dedup_key=f"bench-{i}",
                first_seen_at=first + timedelta(hours=rng.randint(0, span_hours)),
            )
            for i in range(RECORDS)
        ],
        batch_size=BATCH,
    )
    record_ids = Record.objects.filter(dedup_key__startswith="bench-").values_list("pk", flat=True)
    Match.objects.bulk_create(
        [Match(watchlist=rng.choice(watchlists), record_id=pk) for pk in record_ids],
        batch_size=BATCH,
    )
    populate_apps(
        {
            "partnership": partnership,
            "units": units,
            "departments": departments,
            "areas": areas,
            "person_ids": person_ids,
            "user_ids": user_ids,
            "first": first,
            "now": now,
            "span_hours": span_hours,
        }
    )


def _through(field, rows, batch=BATCH) -> None:
    """Bulk-insert (left id, right id) pairs into a many-to-many through table."""
    through = field.through
    left = field.field.m2m_field_name() + "_id"
    right = field.field.m2m_reverse_field_name() + "_id"
    through.objects.bulk_create([through(**{left: a, right: b}) for a, b in rows], batch_size=batch)


def populate_apps(ctx: dict) -> None:
    """Fill questions, portfolio, library, podcast, follow-up and governance at national scale."""
    from django.contrib.contenttypes.models import ContentType

    from bryggan.cycle.models import Link
    from bryggan.followup.models import (
        FollowupPlan,
        InstrumentVersion,
        Measurement,
        Occasion,
        PlanUnit,
        ReleaseBatch,
        Subject,
    )
    from bryggan.governance.models import BaseFunding, Body, Decision, Meeting, Party
    from bryggan.library.models import Authorship, Digest, Publication
    from bryggan.people.models import Organisation
    from bryggan.podcast.models import DownloadDay, Episode, Show
    from bryggan.portfolio.models import (
        EducationActivity,
        Funding,
        Milestone,
        Participation,
        PhdStudent,
        Project,
    )
    from bryggan.portfolio.models import StatusChange as ProjectChange
    from bryggan.questions.models import (
        EvidenceCheck,
        Question,
        Status,
        StatusChange,
        Submission,
    )

    rng = random.Random(2027)
    partnership, units, departments = ctx["partnership"], ctx["units"], ctx["departments"]
    area_ids = [a.pk for a in ctx["areas"]]
    person_ids, user_ids = ctx["person_ids"], ctx["user_ids"]
    first, now, span_hours = ctx["first"], ctx["now"], ctx["span_hours"]
    today = now.date()
    span_days = (today - first.date()).days
    unit_ids = [u.pk for u in units]
    years = [first.year, first.year + 1, first.year + 2]

    def moment() -> datetime:
        return first + timedelta(hours=rng.randint(0, span_hours))

    def day() -> date:
        return first.date() + timedelta(days=rng.randint(0, span_days))

    # ---- questions from practice: submissions, evidence checks, status history --------------
    Question.objects.bulk_create(
        [
            Question(
                title=f"Nationell fråga {i}",
                unit_id=rng.choice(unit_ids) if i % 10 else None,
                status=Status.NEW,
                visibility=rng.choice(["public", "internal"]),
                created_at=moment(),
            )
            for i in range(QUESTIONS)
        ],
        batch_size=BATCH,
    )
    questions = list(
        Question.objects.filter(title__startswith="Nationell fråga ").values_list(
            "pk", "unit_id", "created_at"
        )
    )
    _through(Question.priority_areas, [(pk, rng.choice(area_ids)) for pk, _u, _c in questions])
    Submission.objects.bulk_create(
        [
            Submission(
                question_id=pk,
                first_question_id=pk,
                user_id=rng.choice(user_ids),
                title="Fråga",
                unit_id=unit,
                created_at=created,
            )
            for pk, unit, created in questions
        ],
        batch_size=BATCH,
    )
    changes, checks, final = [], [], {}
    to_projects = []
    for pk, _unit, created in questions:
        changes.append(StatusChange(question_id=pk, status=Status.NEW, changed_at=created))
        at = created + timedelta(days=rng.randint(5, 60))
        roll = rng.random()
        if roll < 0.5 or at >= now:
            continue
        verdict = rng.choice(["answered", "partly_answered", "unanswered"])
        checks.append(
            EvidenceCheck(
                question_id=pk,
                sources_searched="SwePub\nCochrane",
                findings="Sammanfattning",
                verdict=verdict,
                checked_at=at,
            )
        )
        changes.append(StatusChange(question_id=pk, status=verdict, changed_at=at))
        final[pk] = verdict
        if verdict == "unanswered" and roll > 0.7:
            at += timedelta(days=rng.randint(30, 200))
            if at < now:
                changes.append(
                    StatusChange(question_id=pk, status=Status.PRIORITISED, changed_at=at)
                )
                final[pk] = Status.PRIORITISED
                at += timedelta(days=rng.randint(30, 200))
                if roll > 0.85 and at < now:
                    changes.append(
                        StatusChange(question_id=pk, status=Status.IN_RESEARCH, changed_at=at)
                    )
                    final[pk] = Status.IN_RESEARCH
                    to_projects.append(pk)
        if len(changes) >= BATCH * 4:
            StatusChange.objects.bulk_create(changes, batch_size=BATCH)
            changes = []
    StatusChange.objects.bulk_create(changes, batch_size=BATCH)
    EvidenceCheck.objects.bulk_create(checks, batch_size=BATCH)
    by_status: dict[str, list[int]] = {}
    for pk, status in final.items():
        by_status.setdefault(status, []).append(pk)
    for status, pks in by_status.items():
        for n in range(0, len(pks), 900):
            Question.objects.filter(pk__in=pks[n : n + 900]).update(status=status)

    # ---- R&D portfolio: projects, participations, funding, PhD students, education ----------
    S = Project.Status
    funder = Organisation.objects.create(
        slug="bench-forte", name_sv="Bench Forte", kind=Organisation.Kind.FUNDER
    )
    project_rows = []
    for i in range(PROJECTS):
        applied = day()
        roll = rng.random()
        path = [(S.IDEA, applied - timedelta(days=60)), (S.APPLICATION, applied)]
        start = end = None
        if roll < 0.2:
            path.append((S.NOT_FUNDED, applied + timedelta(days=90)))
        elif roll < 0.9:
            start = applied + timedelta(days=rng.randint(30, 120))
            end = start + timedelta(days=rng.randint(180, 1000))
            path.append((S.ONGOING, start))
            if end < today:
                path.append((S.COMPLETED, end))
        path = [(s, on) for s, on in path if on <= today]
        project_rows.append((i, path, start if start and start <= today else None, end))
    Project.objects.bulk_create(
        [
            Project(
                slug=f"bench-projekt-{i}",
                title=f"Nationellt projekt {i}",
                kind=rng.choice(["research", "development", "evaluation", "joint_application"]),
                status=path[-1][0],
                start=start,
                end=end if start else None,
                partnership=partnership if i % 3 else None,
                visibility=rng.choice(["public", "internal"]),
            )
            for i, path, start, end in project_rows
        ],
        batch_size=BATCH,
    )
    projects = list(
        Project.objects.filter(slug__startswith="bench-projekt-")
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    ProjectChange.objects.bulk_create(
        [
            ProjectChange(project_id=pk, previous=prev, status=status, on=on)
            for pk, (_i, path, _s, _e) in zip(projects, project_rows, strict=True)
            for prev, (status, on) in zip([""] + [s for s, _ in path], path, strict=False)
        ],
        batch_size=BATCH,
    )
    _through(Project.priority_areas, [(pk, rng.choice(area_ids)) for pk in projects])
    _through(
        Project.organisations,
        [(pk, d) for pk in projects for d in {rng.choice(departments).pk, rng.choice(unit_ids)}],
    )
    Participation.objects.bulk_create(
        [
            Participation(
                project_id=pk,
                person_id=rng.choice(person_ids),
                role=role,
                organisation_id=rng.choice(unit_ids),
            )
            for pk in projects
            for role in ("project_leader", "researcher", "practitioner_researcher")
        ],
        batch_size=BATCH,
    )
    Funding.objects.bulk_create(
        [
            Funding(
                project_id=pk,
                funder=funder,
                year=year,
                amount=rng.randint(100, 2000) * 1000,
                status="granted" if path[-1][0] in (S.ONGOING, S.COMPLETED) else "applied",
            )
            for pk, (_i, path, _s, _e) in zip(projects, project_rows, strict=True)
            for year in years
            if rng.random() < 0.7
        ],
        batch_size=BATCH,
    )
    university = Organisation.objects.get(slug="hhj-socialt-arbete")
    PhdStudent.objects.bulk_create(
        [
            PhdStudent(
                slug=f"bench-doktorand-{i}",
                person_id=person_ids[i * 17],
                programme="Socialt arbete",
                university=university,
                employer_id=rng.choice(unit_ids),
                topic=f"Avhandling {i}",
                project_id=rng.choice(projects) if i % 2 else None,
                after_defence=rng.choice(["undecided", "stays", "combined", "academia", "left"]),
            )
            for i in range(PHD_STUDENTS)
        ],
        batch_size=BATCH,
    )
    milestones = []
    for pk in PhdStudent.objects.filter(slug__startswith="bench-doktorand-").values_list(
        "pk", flat=True
    ):
        held = first.date() - timedelta(days=rng.randint(0, 1500))
        for kind, gap in (
            ("start", 0),
            ("half_time", 700),
            ("final_seminar", 500),
            ("defence", 300),
        ):
            held += timedelta(days=gap + rng.randint(0, 60) if gap else 0)
            milestones.append(
                Milestone(
                    phd_student_id=pk,
                    kind=kind,
                    planned=held,
                    actual=held if held <= today else None,
                )
            )
    Milestone.objects.bulk_create(milestones, batch_size=BATCH)
    E = EducationActivity.Kind
    EducationActivity.objects.bulk_create(
        [
            EducationActivity(
                kind=(kind := rng.choice(list(E))),
                year=rng.choice(years),
                season=rng.choice([1, 2]),
                unit_id=rng.choice(unit_ids),
                person_id=rng.choice(person_ids),
                student_name="Student" if kind == E.FIELD_PLACEMENT else "",
                hours=rng.randint(2, 40) if kind == E.TEACHING else None,
            )
            for _ in range(EDUCATION)
        ],
        batch_size=BATCH,
    )

    # ---- library: publications with authors, digests with writers ----------------------------
    Publication.objects.bulk_create(
        [
            Publication(
                kind=rng.choice(["report", "article", "chapter", "conference_paper"]),
                title=f"Nationell publikation {i}",
                year=(when := day()).year,
                date=when if i % 5 else None,
                dedup_key=f"bench-pub-{i}",
                status="withdrawn" if i % 101 == 0 else "published",
                visibility="public",
            )
            for i in range(PUBLICATIONS)
        ],
        batch_size=BATCH,
    )
    publications = list(
        Publication.objects.filter(dedup_key__startswith="bench-pub-").values_list("pk", flat=True)
    )
    _through(Publication.priority_areas, [(pk, rng.choice(area_ids)) for pk in publications])
    Authorship.objects.bulk_create(
        [
            Authorship(
                publication_id=pk,
                position=n,
                person_id=rng.choice(person_ids) if n == 1 else None,
                family_name=f"Författare{n}",
            )
            for pk in publications
            for n in range(1, rng.randint(2, 4))
        ],
        batch_size=BATCH,
    )
    Digest.objects.bulk_create(
        [
            Digest(
                title=f"Forskning i korthet {i}",
                slug=f"bench-digest-{i}",
                summary="Sammanfattning",
                practice="För praktiken",
                published_on=day(),
                visibility="public",
            )
            for i in range(DIGESTS)
        ],
        batch_size=BATCH,
    )
    digests = list(
        Digest.objects.filter(slug__startswith="bench-digest-").values_list("pk", flat=True)
    )
    _through(Digest.priority_areas, [(pk, rng.choice(area_ids)) for pk in digests])
    _through(Digest.writers, [(pk, rng.choice(person_ids)) for pk in digests])
    _through(Digest.publications, [(pk, rng.choice(publications)) for pk in digests])

    # ---- podcast: one show, episodes, a download count per episode and day -------------------
    show = Show.objects.create(
        slug="bench-podd",
        title="Nationella podden",
        description="Forskning för socialtjänsten",
        partnership=partnership,
        visibility="public",
        podcast_guid=uuid.uuid4(),
    )
    Episode.objects.bulk_create(
        [
            Episode(
                show=show,
                guid=f"bench-episode-{i}",
                slug=f"avsnitt-{i}",
                title=f"Avsnitt {i}",
                description="Ett samtal om forskning",
                number=i + 1,
                status="published" if i % 50 else "draft",
                publish_at=first + timedelta(hours=span_hours * i // EPISODES),
            )
            for i in range(EPISODES)
        ],
        batch_size=BATCH,
    )
    downloads = []
    for pk, published in Episode.objects.filter(show=show).values_list("pk", "publish_at"):
        listened = published.date()
        for n in range(min((today - listened).days, 365)):
            downloads.append(
                DownloadDay(
                    episode_id=pk,
                    day=listened + timedelta(days=n),
                    downloads=max(0, int(200 / (n + 1)) + rng.randint(0, 5)),
                )
            )
        if len(downloads) >= BATCH * 4:
            DownloadDay.objects.bulk_create(downloads, batch_size=BATCH)
            downloads = []
    DownloadDay.objects.bulk_create(downloads, batch_size=BATCH)

    # ---- systematic follow-up: plans with units, occasions, subjects, released measurements --
    version = InstrumentVersion.objects.order_by("pk").first()
    FollowupPlan.objects.bulk_create(
        [
            FollowupPlan(
                slug=f"bench-plan-{i}",
                title=f"Uppföljning {i}",
                kind=rng.choice(["support_group", "parenting", "placement", "treatment"]),
                intervention="Insats",
                target_group="Barn och unga",
                question="Blir det bättre?",
                start=(start := day()),
                end=start + timedelta(days=rng.randint(180, 900)) if i % 2 else None,
                owner=rng.choice(departments),
                status="draft" if i % 20 == 0 else ("closed" if i % 7 == 0 else "active"),
                report_period="half",
            )
            for i in range(PLANS)
        ],
        batch_size=BATCH,
    )
    plans = list(
        FollowupPlan.objects.filter(slug__startswith="bench-plan-").values_list("pk", "start")
    )
    PlanUnit.objects.bulk_create(
        [
            PlanUnit(plan_id=pk, organisation_id=org, code=code)
            for pk, _start in plans
            for org, code in zip(rng.sample(unit_ids, 3), ("AA", "BB", "CC"), strict=True)
        ],
        batch_size=BATCH,
    )
    Occasion.objects.bulk_create(
        [
            Occasion(plan_id=pk, key=key, label=key, months=months, position=months)
            for pk, _start in plans
            for key, months in (("start", 0), ("sex", 6))
        ],
        batch_size=BATCH,
    )
    plan_units: dict[int, list[int]] = {}
    for pk, plan in PlanUnit.objects.filter(plan_id__in=[p for p, _s in plans]).values_list(
        "pk", "plan_id"
    ):
        plan_units.setdefault(plan, []).append(pk)
    occasions: dict[int, list[tuple[int, int]]] = {}
    for pk, plan, months in Occasion.objects.filter(plan_id__in=[p for p, _s in plans]).values_list(
        "pk", "plan_id", "months"
    ):
        occasions.setdefault(plan, []).append((pk, months))
    if version is not None:
        _through(
            Occasion.versions,
            [(o, version.pk) for rows in occasions.values() for o, _m in rows],
        )

    def period(on: date) -> str:
        return f"{on.year}-H{1 if on.month <= 6 else 2}"

    subjects = []
    for pk, start in plans:
        for n in range(SUBJECTS_PER_PLAN):
            enrolled = start + timedelta(days=rng.randint(0, 500))
            if enrolled > today:
                continue
            subjects.append(
                Subject(
                    plan_id=pk,
                    unit_id=rng.choice(plan_units[pk]),
                    code=f"S{n}",
                    enrolled_on=enrolled,
                    period=period(enrolled),
                )
            )
    Subject.objects.bulk_create(subjects, batch_size=BATCH)
    if version is not None:
        batches: dict[tuple, ReleaseBatch] = {}
        measured = []
        for pk, plan, unit, enrolled in Subject.objects.filter(
            plan_id__in=[p for p, _s in plans]
        ).values_list("pk", "plan_id", "unit_id", "enrolled_on"):
            for occasion, months in occasions[plan]:
                on = enrolled + timedelta(days=30 * months)
                if on > today:
                    continue
                key = (plan, unit, period(on), occasion)
                measured.append((pk, key, on))
                batches.setdefault(
                    key,
                    ReleaseBatch(
                        plan_id=plan,
                        unit_id=unit,
                        period=key[2],
                        occasion_id=occasion,
                        version=version,
                        size=0,
                    ),
                )
        released_until = period(today)
        batch_list = [b for k, b in batches.items() if k[2] != released_until]
        ReleaseBatch.objects.bulk_create(batch_list, batch_size=BATCH)
        Measurement.objects.bulk_create(
            [
                Measurement(
                    plan_id=key[0],
                    subject_id=pk,
                    unit_id=key[1],
                    period=key[2],
                    occasion_id=key[3],
                    version=version,
                    measured_on=on,
                    values=[rng.randint(1, 5) for _ in range(5)],
                    batch=batches[key] if key[2] != released_until else None,
                )
                for pk, key, on in measured
            ],
            batch_size=BATCH,
        )

    # ---- governance: bodies, meetings, decisions, base funding -------------------------------
    kinds = ["steering_group", "reference_group", "managers_network", "political_forum"]
    Body.objects.bulk_create(
        [
            Body(
                partnership=partnership,
                slug=f"bench-organ-{i}",
                name_sv=f"Nationell grupp {i}",
                kind=kinds[i % 4],
                prefix=f"NG{i}",
                established=date(2020, 1, 1),
                visibility="public",
            )
            for i in range(BODIES)
        ]
    )
    bodies = list(Body.objects.filter(slug__startswith="bench-organ-").values_list("pk", flat=True))
    Meeting.objects.bulk_create(
        [
            Meeting(
                body_id=body,
                title="Möte",
                start=(start := first + timedelta(hours=span_hours * n // MEETINGS_PER_BODY)),
                end=start + timedelta(hours=2),
                status="cancelled" if n % 13 == 0 else "scheduled",
                visibility="internal",
            )
            for body in bodies
            for n in range(MEETINGS_PER_BODY)
        ],
        batch_size=BATCH,
    )
    held = list(
        Meeting.objects.filter(body_id__in=bodies, start__lt=now)
        .exclude(status="cancelled")
        .values_list("pk", "body_id", "start")
    )
    numbers: dict[tuple[int, int], int] = {}
    decisions = []
    for n in range(DECISIONS):
        meeting, body, start = held[n % len(held)]
        on = start.astimezone(STOCKHOLM).date()
        number = numbers[(body, on.year)] = numbers.get((body, on.year), 0) + 1
        decisions.append(
            Decision(
                body_id=body,
                meeting_id=meeting,
                year=on.year,
                number=number,
                reference=f"NG {on.year}:{number}",
                decided_on=on,
                title=f"Beslut {n}",
                visibility="internal",
            )
        )
    Decision.objects.bulk_create(decisions, batch_size=BATCH)
    BaseFunding.objects.bulk_create(
        [
            BaseFunding(party_id=party, year=year, amount=rng.randint(50, 500) * 1000)
            for party in Party.objects.filter(partnership=partnership).values_list("pk", flat=True)
            for year in years
        ],
        batch_size=BATCH,
    )

    # ---- knowledge-cycle links: question → project → follow-up, question → digest ------------
    ct = ContentType.objects.get_for_model
    pairs = (
        [(Question, q, Project, rng.choice(projects)) for q in to_projects]
        + [(Project, p, FollowupPlan, rng.choice(plans)[0]) for p in projects[::6]]
        + [(Question, q, Digest, rng.choice(digests)) for q in to_projects[::2]]
    )
    links = {}
    for model_a, a, model_b, b in pairs:
        ta, tb = ct(model_a).pk, ct(model_b).pk
        if (ta, a) > (tb, b):
            ta, a, tb, b = tb, b, ta, a
        links[(ta, a, tb, b)] = Link(a_type_id=ta, a_id=a, b_type_id=tb, b_id=b)
    Link.objects.bulk_create(list(links.values()), batch_size=BATCH)


def _timed(call) -> tuple[float, object]:
    started = time.perf_counter()
    result = call()
    return time.perf_counter() - started, result


def _cpu_and_wall(call) -> tuple[float, float, object]:
    wall, cpu = time.perf_counter(), time.process_time()
    result = call()
    return time.process_time() - cpu, time.perf_counter() - wall, result


def measure() -> dict:
    """Time the dashboards and the report in this (fresh) process."""
    import io

    import pypdf
    from django.core.cache import cache
    from django.test import Client
    from django.utils import timezone

    from bryggan.governance.models import Partnership
    from bryggan.insight.pdf import render_pdf
    from bryggan.insight.reports import build_snapshot
    from bryggan.people.models import User

    client = Client()
    client.force_login(User.objects.get(email="coordinator@example.org"))
    results: dict = {}
    pages = {
        "partnership_dashboard": f"/insikt/samverkan/{SLUG}/",
        "municipality_dashboard": "/insikt/organisationer/bench-kommun-7/",
        "partnership_dashboard_json": f"/api/v1/insight/dashboards/partnerships/{SLUG}",
        "partnership_dashboard_three_years": f"/insikt/samverkan/{SLUG}/?start="
        f"{timezone.localdate().year - 2}-01-01&end={timezone.localdate().year}-12-31",
    }
    for name, path in pages.items():
        # Uncached: the figures are computed (as after any change to the content).
        cold = []
        for _ in range(3):
            cache.clear()
            cpu, wall, response = _cpu_and_wall(lambda path=path: client.get(path))
            assert response.status_code == 200, (path, response.status_code)
            cold.append((cpu, wall))
        # Cached: the same dashboard again while the content is unchanged.
        warm = [_timed(lambda path=path: client.get(path))[0] for _ in range(3)]
        cold_cpu = statistics.median(c for c, _w in cold)
        cold_wall = statistics.median(w for _c, w in cold)
        results[name] = {
            "path": path,
            "uncached_cpu_s": round(cold_cpu, 3),
            "uncached_wall_s": round(cold_wall, 3),
            "cached_wall_s": round(statistics.median(warm), 3),
            "meets_target_uncached_cpu": cold_cpu <= DASHBOARD_TARGET_S,
            "meets_target_uncached_wall": cold_wall <= DASHBOARD_TARGET_S,
        }
    partnership = Partnership.objects.get(slug=SLUG)
    year = timezone.localdate().year
    cache.clear()
    snapshot_cpu, snapshot_s, snapshot = _cpu_and_wall(lambda: build_snapshot(partnership, year))
    pdf_cpu, pdf_s, pdf = _cpu_and_wall(lambda: render_pdf(snapshot, "sv"))
    pages_count = len(pypdf.PdfReader(io.BytesIO(pdf)).pages)
    results["annual_report"] = {
        "figures_and_charts_wall_s": round(snapshot_s, 2),
        "figures_and_charts_cpu_s": round(snapshot_cpu, 2),
        "pdf_render_wall_s": round(pdf_s, 2),
        "pdf_render_cpu_s": round(pdf_cpu, 2),
        "total_wall_s": round(snapshot_s + pdf_s, 2),
        "total_cpu_s": round(snapshot_cpu + pdf_cpu, 2),
        "pdf_pages": pages_count,
        "pdf_kb": round(len(pdf) / 1024),
        "parties": len(snapshot["parties"]),
        "meets_target_wall": snapshot_s + pdf_s <= PDF_TARGET_S,
    }
    results["peak_memory_mb"] = round(peak_memory_mb(), 1)
    return results


def main() -> None:
    if sys.argv[1:] == ["measure"]:
        use_database("insight")
        print(json.dumps(measure()))
        return
    if os.environ.get("BENCH_REUSE"):  # measure again on the database filled last time
        use_database("insight")
        print(json.dumps(measure(), indent=2))
        return
    use_database("insight", fresh=True)
    from django.core.management import call_command

    from bryggan.arenas.models import Attendance, Event, Registration
    from bryggan.followup.models import Measurement
    from bryggan.governance.models import Decision
    from bryggan.library.models import Publication
    from bryggan.podcast.models import DownloadDay
    from bryggan.portfolio.models import Project
    from bryggan.questions.models import Question

    call_command("seed_demo")
    fill_s, _ = _timed(populate)
    analyze()  # planner statistics after the bulk load, as autovacuum would gather them
    child = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "measure"],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parent,
        env={**os.environ},
    )
    results = json.loads(child.stdout.strip().splitlines()[-1])
    results["data"] = {
        "municipalities": MUNICIPALITIES,
        "events": Event.objects.count(),
        "registrations": Registration.objects.count(),
        "attendance_marks": Attendance.objects.count(),
        "questions": Question.objects.count(),
        "projects": Project.objects.count(),
        "publications": Publication.objects.count(),
        "download_days": DownloadDay.objects.count(),
        "followup_measurements": Measurement.objects.count(),
        "decisions": Decision.objects.count(),
        "fill_seconds": round(fill_s, 1),
    }
    report("insight", results)


if __name__ == "__main__":
    main()
