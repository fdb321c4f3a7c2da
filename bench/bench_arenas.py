"""Learning arenas benchmark: the upcoming-events list and a group page at scale.

The database holds the demo plus 50,000 events (500 groups of 100 sessions, the rest single
events), 5,000 staff accounts and 500,000 registrations. Requests per second are measured with
gunicorn against the trivial view. Target: each page at least 40% of the trivial view's
throughput, and a query count that does not grow with the number of rows shown (no N+1).

Run: `make bench BENCH_ARGS=arenas` (BENCH_DB=postgres for PostgreSQL).
"""

import os
import random
import time
import uuid
from datetime import UTC, datetime, timedelta

from harness import analyze, query_count, report, session_cookie, throughput, use_database

EVENTS = int(os.environ.get("BENCH_EVENTS", "50000"))
REGISTRATIONS_PER_EVENT = 10
USERS = 5_000
GROUPS = 500
SESSIONS_PER_GROUP = 100
MEMBERS_PER_GROUP = 40
TARGET_RATIO = 0.4
BATCH = 5_000


def populate() -> dict[str, str]:
    """Fill the database in bulk; return the paths to measure."""
    from django.contrib.auth.hashers import make_password

    from bryggan.arenas.models import Event, Membership, Registration, Series
    from bryggan.people.models import Affiliation, Organisation, Person, Role, User

    rng = random.Random(2026)
    units = list(Organisation.objects.filter(kind=Organisation.Kind.UNIT))
    password = make_password(None)
    users = [User(email=f"bench{i}@example.org", password=password) for i in range(USERS)]
    User.objects.bulk_create(users, batch_size=BATCH)
    users = list(User.objects.filter(email__startswith="bench").order_by("pk"))
    people = [
        Person(given_name=f"Bench{i}", family_name=f"Person{i}", slug=f"bench-{i}", user=u)
        for i, u in enumerate(users)
    ]
    Person.objects.bulk_create(people, batch_size=BATCH)
    people = list(Person.objects.filter(slug__startswith="bench-").order_by("pk"))
    Affiliation.objects.bulk_create(
        [
            Affiliation(
                person=p,
                organisation=rng.choice(units),
                role=Role.SOCIAL_WORKER,
                start=datetime(2020, 1, 1).date(),
            )
            for p in people
        ],
        batch_size=BATCH,
    )

    series = [
        Series(
            slug=f"bench-group-{g}",
            kind=Series.Kind.DISCUSSION_GROUP,
            title=f"Diskussionsgrupp {g}",
            visibility="public" if g % 2 == 0 else "internal",
        )
        for g in range(GROUPS)
    ]
    Series.objects.bulk_create(series, batch_size=BATCH)
    series = list(Series.objects.filter(slug__startswith="bench-group-").order_by("pk"))
    Membership.objects.bulk_create(
        [
            Membership(series=s, person=p)
            for s in series
            for p in rng.sample(people, MEMBERS_PER_GROUP)
        ],
        batch_size=BATCH,
    )

    now = datetime.now(UTC).replace(minute=0, second=0, microsecond=0)
    kinds = [k for k, _ in Event.Kind.choices]
    events: list[Event] = []
    for i in range(EVENTS):
        in_group = i < GROUPS * SESSIONS_PER_GROUP
        # Sessions spread from two years back to two years ahead, so about half are upcoming.
        start = now + timedelta(hours=rng.randint(-2 * 365 * 24, 2 * 365 * 24))
        events.append(
            Event(
                kind=Event.Kind.GROUP_SESSION if in_group else rng.choice(kinds),
                title=f"Tillfälle {i}",
                series=series[i // SESSIONS_PER_GROUP] if in_group else None,
                start=start,
                end=start + timedelta(hours=2),
                place="Stadshuset",
                capacity=30,
                visibility=rng.choice(["public", "public", "internal", "restricted"]),
                uid=uuid.uuid4(),
                confirmed_count=REGISTRATIONS_PER_EVENT,
            )
        )
    Event.objects.bulk_create(events, batch_size=BATCH)
    event_ids = list(Event.objects.order_by("pk").values_list("pk", flat=True))
    user_ids = [u.pk for u in users]
    batch: list[Registration] = []
    for event_id in event_ids:
        for user_id in rng.sample(user_ids, REGISTRATIONS_PER_EVENT):
            batch.append(Registration(event_id=event_id, user_id=user_id, status="confirmed"))
        if len(batch) >= BATCH * 4:
            Registration.objects.bulk_create(batch, batch_size=BATCH)
            batch = []
    Registration.objects.bulk_create(batch, batch_size=BATCH)
    small = Series.objects.create(
        slug="bench-small-group",
        kind=Series.Kind.DISCUSSION_GROUP,
        title="Liten grupp",
        visibility="public",
    )
    Membership.objects.create(series=small, person=people[0])
    Event.objects.create(
        kind=Event.Kind.GROUP_SESSION,
        title="Enda tillfället",
        series=small,
        start=now,
        end=now + timedelta(hours=2),
        visibility="public",
    )
    return {
        "small_group": f"/arenor/grupper/{small.slug}/",
        "upcoming_events": "/arenor/",
        "upcoming_events_page_20": "/arenor/?page=20",
        "group_page": f"/arenor/grupper/{series[0].slug}/",
    }


def main() -> None:
    use_database("arenas", fresh=True)
    from django.core.management import call_command

    from bryggan.arenas.models import Event, Registration
    from bryggan.people.models import User

    call_command("seed_demo")
    started = time.perf_counter()
    pages = populate()
    analyze()
    small_group = pages.pop("small_group")
    fill_seconds = time.perf_counter() - started
    worker = User.objects.get(email="worker@example.org")

    # Logged-in users always get a freshly rendered page; anonymous visitors may get the cache.
    results = throughput(pages, headers=session_cookie("worker@example.org"))
    anonymous = throughput({"upcoming_events": pages["upcoming_events"]})
    results["upcoming_events_anonymous"] = anonymous["upcoming_events"]
    for name, path in pages.items():
        results[name]["queries"] = query_count(path, worker)
        results[name]["meets_target"] = results[name]["ratio"] >= TARGET_RATIO
    # No N+1: the last page (few rows) and a group with one member and one session cost as many
    # queries as a full page and a full group.
    results["queries_by_rows_shown"] = {
        "upcoming_full_page": results["upcoming_events"]["queries"],
        "upcoming_last_page": query_count("/arenor/?page=999999", worker),
        "group_40_members_100_sessions": results["group_page"]["queries"],
        "group_1_member_1_session": query_count(small_group, worker),
    }
    results["data"] = {
        "events": Event.objects.count(),
        "registrations": Registration.objects.count(),
        "fill_seconds": round(fill_seconds, 1),
    }
    report("arenas", results)


if __name__ == "__main__":
    main()
