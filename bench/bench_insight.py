"""Insight benchmark: dashboards and the annual report at national scale.

The database holds the demo plus 300 municipalities with a social services department and ten units
each, a national partnership owned by all of them, 6,000 staff (some research-trained), 30,000
events of the partnership over three years with 300,000 registrations, 150,000 attendance marks and
6,000 actions, and 20,000 research records matched to the priority areas.

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

from harness import peak_memory_mb, report, use_database

MUNICIPALITIES = 300
UNITS_PER_MUNICIPALITY = 10
STAFF = 6_000
EVENTS = int(os.environ.get("BENCH_EVENTS", "30000"))
REGISTRATIONS_PER_EVENT = 10
PRESENT_PER_EVENT = 5
RECORDS = 20_000
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

    call_command("seed_demo")
    fill_s, _ = _timed(populate)
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
        "fill_seconds": round(fill_s, 1),
    }
    report("insight", results)


if __name__ == "__main__":
    main()
