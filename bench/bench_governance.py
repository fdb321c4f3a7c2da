"""Governance benchmark: the partnership overview and the decision log at scale.

A partnership with 300 municipalities as parties (base funding for two years), ten governance
bodies whose steering group seats one head of social services per municipality, 12,500 meetings
and 100,000 decisions (70 % public, 20 % for partnership staff, 10 % for members), 5,000 actions
(one in ten still open).

1. Query counts, in process: the same page with few rows and with many rows must make the same
   number of queries (FoUrum's 14 parties against 300; 10 decisions a page against 200). The bench
   fails when they differ.
2. Requests per second through gunicorn against the trivial view, for anonymous visitors (served
   from the page cache) and for a logged-in member (always rendered fresh). Target: >= 40 %.

Run: `make bench BENCH_ARGS=governance` (BENCH_DB=postgres for PostgreSQL).
"""

import random
import sys
import time
import uuid
from datetime import date, datetime, timedelta

from harness import query_count, report, session_cookie, throughput, use_database

MUNICIPALITIES = 300
DECISIONS = 100_000
DECISIONS_PER_MEETING = 8
ACTIONS = 5_000
TARGET_RATIO = 0.4
WORDS = [
    "budget",
    "verksamhetsplan",
    "uppföljning",
    "barn",
    "unga",
    "missbruk",
    "rapport",
    "projekt",
    "samverkan",
    "forskning",
    "rekrytering",
    "familjehem",
    "kunskapsstyrning",
    "utvärdering",
]


def build() -> dict[str, str]:
    """Fill the bench database; return the slugs the pages use."""
    from django.db import transaction
    from django.utils import timezone

    from bryggan.governance import services
    from bryggan.governance.models import (
        ActionItem,
        BaseFunding,
        Body,
        Decision,
        Meeting,
        Membership,
        Partnership,
        Party,
    )
    from bryggan.people.models import Affiliation, Organisation, Person

    rng = random.Random(6)
    tz = timezone.get_current_timezone()
    today = timezone.localdate()
    with transaction.atomic():
        partnership = Partnership.objects.create(
            slug="bench",
            short_name="Bench",
            name_sv="Benchsamverkan",
            kind=Partnership.Kind.REGIONAL,
            visibility="public",
            start=date(2000, 1, 1),
        )
        orgs = Organisation.objects.bulk_create(
            Organisation(slug=f"bench-kommun-{n}", name_sv=f"Kommun {n:03d}", kind="municipality")
            for n in range(MUNICIPALITIES)
        )
        parties = Party.objects.bulk_create(
            Party(
                partnership=partnership,
                organisation=org,
                role=Party.Role.OWNER,
                mission=f"Uppdrag från kommun {n}: " + " ".join(rng.sample(WORDS, 6)),
                joined=date(2000, 1, 1),
            )
            for n, org in enumerate(orgs)
        )
        BaseFunding.objects.bulk_create(
            BaseFunding(party=party, year=year, amount=rng.randint(50, 1500) * 1000)
            for party in parties
            for year in (today.year - 1, today.year)
        )
        people = Person.objects.bulk_create(
            Person(given_name="Chef", family_name=f"{n:03d}", slug=f"bench-chef-{n}")
            for n in range(MUNICIPALITIES)
        )
        Affiliation.objects.bulk_create(
            Affiliation(person=p, organisation=o, role="manager", start=date(2020, 1, 1))
            for p, o in zip(people, orgs, strict=True)
        )
        kinds = list(Body.Kind)
        bodies = [
            services.body_save(
                partnership=partnership,
                kind=kinds[n % len(kinds)],
                name_sv=f"Organ {n}" if n else "Styrgruppen",
                established=date(2000, 1, 1),
                visibility="public" if n % 3 else "internal",
            )
            for n in range(10)
        ]
        Body.objects.filter(pk=bodies[0].pk).update(slug="bench-sg", visibility="public")
        Membership.objects.bulk_create(
            Membership(
                body=bodies[0], person=p, role="member", represents=o, start=date(2020, 1, 1)
            )
            for p, o in zip(people, orgs, strict=True)
        )
        meeting_count = DECISIONS // DECISIONS_PER_MEETING
        first = datetime(2000, 1, 10, 9, 0, tzinfo=tz)
        span = (datetime.combine(today, datetime.min.time(), tzinfo=tz) - first).days
        meetings = Meeting.objects.bulk_create(
            Meeting(
                body=bodies[n % len(bodies)],
                start=(start := first + timedelta(days=span * n // meeting_count)),
                end=start + timedelta(hours=2),
                uid=uuid.uuid4(),
                visibility="public",
            )
            for n in range(meeting_count)
        )
        numbers: dict[tuple[int, int], int] = {}
        decisions = []
        for meeting in meetings:
            day = timezone.localtime(meeting.start).date()
            body = bodies[[b.pk for b in bodies].index(meeting.body_id)]
            for _n in range(DECISIONS_PER_MEETING):
                key = (body.pk, day.year)
                numbers[key] = numbers.get(key, 0) + 1
                roll = rng.random()
                decisions.append(
                    Decision(
                        body=body,
                        meeting=meeting,
                        year=day.year,
                        number=numbers[key],
                        reference=f"{body.prefix} {day.year}:{numbers[key]}",
                        decided_on=day,
                        title=" ".join(rng.sample(WORDS, 4)).capitalize(),
                        text=" ".join(rng.choices(WORDS, k=30)),
                        visibility="public"
                        if roll < 0.7
                        else ("internal" if roll < 0.9 else "restricted"),
                    )
                )
        Decision.objects.bulk_create(decisions, batch_size=5000)
        recent = [m for m in meetings if m.start.year >= today.year - 1]
        ActionItem.objects.bulk_create(
            ActionItem(
                body_id=(meeting := rng.choice(recent)).body_id,
                meeting=meeting,
                title=" ".join(rng.sample(WORDS, 3)).capitalize(),
                owner=rng.choice(people),
                due=today + timedelta(days=rng.randint(-60, 120)),
                # Most actions of a long-lived partnership are closed; about one in ten is open.
                status=rng.choices(["open", "in_progress", "done", "dropped"], [6, 4, 85, 5])[0],
                visibility="public",
            )
            for _n in range(ACTIONS)
        )
        for n in range(4):  # meetings to come
            start = datetime.combine(
                today + timedelta(days=7 * (n + 1)), datetime.min.time(), tzinfo=tz
            )
            services.meeting_save(
                body=bodies[0],
                start=start + timedelta(hours=9),
                end=start + timedelta(hours=11),
                visibility="public",
            )
    return {"partnership": "bench", "body": "bench-sg"}


def check_query_counts(member_email: str) -> dict[str, dict[str, int]]:
    """The same page makes the same number of queries whether it shows few rows or many."""
    from django.contrib.auth import get_user_model

    member = get_user_model().objects.get(email=member_email)
    pairs = {
        "overview (14 vs 300 parties)": ("/samverkan/fourum/", "/samverkan/bench/"),
        "decision log (10 vs 200 a page)": (
            "/styrning/beslut/?antal=10",
            "/styrning/beslut/?antal=200",
        ),
        "body decision log (10 vs 200 a page)": (
            "/styrning/organ/bench-sg/beslut/?antal=10",
            "/styrning/organ/bench-sg/beslut/?antal=200",
        ),
    }
    counts: dict[str, dict[str, int]] = {}
    failures = []
    for name, (few, many) in pairs.items():
        for who, user in (("anonymous", None), ("member", member)):
            a, b = query_count(few, user), query_count(many, user)
            counts[f"{name}, {who}"] = {"few": a, "many": b}
            if a != b:
                failures.append(f"{name}, {who}: {a} queries with few rows, {b} with many")
    if failures:
        print("\n".join(failures), file=sys.stderr)
        raise SystemExit("the query count grows with the rows shown")
    return counts


def main() -> None:
    use_database("governance", fresh=True)
    from django.core.management import call_command

    from bryggan.governance.models import Membership
    from bryggan.people.models import Person

    started = time.perf_counter()
    call_command("seed_demo")
    build()
    # The demo's social worker also sits in the bench steering group: a logged-in member.
    worker = Person.objects.get(user__email="worker@example.org")
    Membership.objects.create(
        body_id=_body_id("bench-sg"), person=worker, role="member", start=date(2020, 1, 1)
    )
    print(f"built in {time.perf_counter() - started:.0f} s", flush=True)

    results: dict = {"query_counts": check_query_counts("worker@example.org")}
    pages = {
        "overview": "/samverkan/bench/",
        "decision_log": "/styrning/beslut/",
        "body_decision_log": "/styrning/organ/bench-sg/beslut/",
        "decision_search": "/styrning/beslut/?q=budget+familjehem",
    }
    anonymous = throughput(pages)
    for name in pages:
        anonymous[name]["meets_target"] = anonymous[name]["ratio"] >= TARGET_RATIO
    results["anonymous"] = anonymous
    member = throughput(pages, headers=session_cookie("worker@example.org"))
    for name in pages:
        member[name]["meets_target"] = member[name]["ratio"] >= TARGET_RATIO
    results["logged_in_member"] = member
    results["rows"] = {"municipalities": MUNICIPALITIES, "decisions": DECISIONS, "actions": ACTIONS}
    report("governance", results)


def _body_id(slug: str) -> int:
    from bryggan.governance.models import Body

    return Body.objects.get(slug=slug).pk


if __name__ == "__main__":
    main()
