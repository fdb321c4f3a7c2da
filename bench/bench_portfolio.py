"""R&D portfolio benchmark: the project list and a project page with 20,000 projects.

The demo is seeded, then 300 municipalities and 20,000 projects are added in bulk with
participants, funding per year, staff on loan, priority areas and status history. Measured against
the trivial view, served by gunicorn: the project list (unfiltered and filtered) and one project
page, for anonymous visitors (page cache) and for a logged-in coordinator (always rendered).
Target: at least 40% of the trivial view's throughput.

No N+1 queries: the script counts the SQL queries of each page at 1,000 projects and again at
20,000, and of a project page with a few rows and one with many rows; the counts must not grow.

Run: `make bench BENCH_ARGS=portfolio` (BENCH_DB=postgres for PostgreSQL).
"""

import os
import random
from datetime import date, timedelta
from decimal import Decimal

from harness import query_count, report, session_cookie, throughput, use_database

PROJECTS = int(os.environ.get("BENCH_PROJECTS", "20000"))
MUNICIPALITIES = 300
PEOPLE = 3000
TARGET_RATIO = 0.4
BATCH = 2000


def add_municipalities() -> list:
    from bryggan.people.models import Organisation

    have = Organisation.objects.filter(kind="municipality").count()
    Organisation.objects.bulk_create(
        Organisation(name_sv=f"Benchby {n} kommun", slug=f"benchby-{n}", kind="municipality")
        for n in range(MUNICIPALITIES - have)
    )
    return list(Organisation.objects.filter(kind="municipality"))


def add_people() -> list:
    from bryggan.people.models import Person

    Person.objects.bulk_create(
        Person(
            given_name=f"Förnamn{n}",
            family_name=f"Efternamn{n}",
            slug=f"bench-person-{n}",
            visibility="public" if n % 2 else "internal",
        )
        for n in range(PEOPLE)
    )
    return list(Person.objects.filter(slug__startswith="bench-person-"))


def add_projects(start: int, stop: int, people: list, municipalities: list) -> None:
    """Add projects number start..stop-1 with their rows, in bulk."""
    from bryggan.governance.models import Partnership
    from bryggan.people.models import Organisation
    from bryggan.portfolio.models import (
        Funding,
        Participation,
        Project,
        StaffLoan,
        StatusChange,
    )
    from bryggan.taxonomy.models import PriorityArea

    rng = random.Random(start)
    partnerships = list(Partnership.objects.all())
    areas = list(PriorityArea.objects.all())
    funders = list(Organisation.objects.filter(kind="funder"))
    statuses = [s for s, _l in Project.Status.choices]
    kinds = [k for k, _l in Project.Kind.choices]
    roles = [r for r, _l in Participation.Role.choices]
    for first in range(start, stop, BATCH):
        last = min(first + BATCH, stop)
        projects = []
        for n in range(first, last):
            begin = date(2018, 1, 1) + timedelta(days=rng.randrange(0, 3000))
            projects.append(
                Project(
                    slug=f"bench-projekt-{n}",
                    title=f"Benchprojekt {n:05d} om {rng.choice(['barn', 'unga', 'missbruk', 'uppföljning'])}",
                    kind=rng.choice(kinds),
                    status=rng.choice(statuses),
                    start=begin,
                    end=begin + timedelta(days=rng.randrange(180, 1500)),
                    visibility=rng.choice(["public", "public", "internal", "restricted"]),
                    partnership=rng.choice(partnerships),
                    summary="Ett genererat projekt för att mäta sidorna.",
                )
            )
        Project.objects.bulk_create(projects, batch_size=500)
        projects = list(Project.objects.filter(slug__in=[p.slug for p in projects]))
        through = Project.priority_areas.through
        through.objects.bulk_create(
            (
                through(project_id=p.pk, priorityarea_id=a.pk)
                for p in projects
                for a in rng.sample(areas, 2)
            ),
            batch_size=1000,
        )
        StatusChange.objects.bulk_create(
            (StatusChange(project=p, status=p.status, on=p.start) for p in projects),
            batch_size=1000,
        )
        Participation.objects.bulk_create(
            (
                Participation(
                    project=p,
                    person=rng.choice(people),
                    role=role,
                    start=p.start,
                )
                for p in projects
                for role in rng.sample(roles, 2)
            ),
            batch_size=1000,
        )
        Funding.objects.bulk_create(
            (
                Funding(
                    project=p,
                    funder=rng.choice(funders),
                    year=p.start.year + k,
                    amount=Decimal(rng.randrange(100, 2000) * 1000),
                    grant=f"Dnr {p.pk}",
                )
                for p in projects
                if p.pk % 5 < 2
                for k in range(3)
            ),
            batch_size=1000,
        )
        # One loan of 20% to every tenth project: nobody is lent for more than full time.
        StaffLoan.objects.bulk_create(
            (
                StaffLoan(
                    municipality=rng.choice(municipalities),
                    person=people[(p.pk // 10) % len(people)],
                    project=p,
                    share=20,
                    start=p.start,
                    end=p.end,
                )
                for p in projects
                if p.pk % 10 == 0
            ),
            batch_size=1000,
        )


def grow_one(slug: str, people: list, municipalities: list) -> None:
    """Give one project many rows of every kind, to show its page's query count stays flat."""
    from bryggan.arenas.models import Event
    from bryggan.people.models import Organisation
    from bryggan.portfolio.models import EvaluationPoint, Funding, Participation, Project, StaffLoan

    project = Project.objects.get(slug=slug)
    forte = Organisation.objects.get(slug="forte")
    for n, person in enumerate(people[:40]):
        Participation.objects.create(
            project=project,
            person=person,
            role="researcher",
            start=date(2020, 1, 1) + timedelta(days=n),
        )
    for year in range(2015, 2035):
        Funding.objects.create(project=project, funder=forte, year=year, amount=Decimal(1000))
    for n in range(30):
        EvaluationPoint.objects.create(
            project=project, title=f"Avstämning {n}", planned=date(2021, 1, 1)
        )
        StaffLoan.objects.create(
            municipality=municipalities[n],
            person=people[2000 + n],
            project=project,
            share=10,
            start=date(2021, 1, 1),
            end=date(2021, 12, 31),
        )
    project.events.set(Event.objects.all()[:20])


def main() -> None:
    use_database("portfolio", fresh=True)
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from bryggan.portfolio.models import Project

    call_command("seed_demo")
    coordinator = get_user_model().objects.get(email="coordinator@example.org")
    municipalities = add_municipalities()
    people = add_people()

    pages = {
        "project_list": "/projekt/",
        "project_list_filtered": "/projekt/?status=ongoing&area=barn-och-unga&funder=forte",
        "project_page": "/projekt/mot-ett-socialtjanstens-universitet/",
    }
    small, big = "/projekt/bench-projekt-1/", "/projekt/bench-projekt-2/"

    add_projects(0, 1000, people, municipalities)
    Project.objects.filter(slug__in=["bench-projekt-1", "bench-projekt-2"]).update(
        visibility="public"
    )
    before = {name: query_count(path, coordinator) for name, path in pages.items()}
    add_projects(1000, PROJECTS, people, municipalities)
    after = {name: query_count(path, coordinator) for name, path in pages.items()}
    assert before == after, f"query counts grow with the number of projects: {before} → {after}"

    grow_one("bench-projekt-2", people, municipalities)
    few, many = query_count(small, coordinator), query_count(big, coordinator)
    assert few == many, f"a project page's query count grows with its rows: {few} → {many}"

    results = throughput(pages)
    logged_in = throughput(pages, headers=session_cookie("coordinator@example.org"))
    for name in pages:
        results[name]["queries_uncached"] = after[name]
        results[name]["meets_target"] = results[name]["ratio"] >= TARGET_RATIO
        results[f"{name}_logged_in"] = logged_in[name]
        results[f"{name}_logged_in"]["meets_target"] = logged_in[name]["ratio"] >= TARGET_RATIO
    results["trivial_logged_in"] = logged_in["trivial"]
    results["data"] = {
        "projects": Project.objects.count(),
        "municipalities": len(municipalities),
        "query_counts": {"at_1000_projects": before, f"at_{PROJECTS}_projects": after},
        "project_page_queries": {"few_rows": few, "many_rows": many},
    }
    report("portfolio", results)


if __name__ == "__main__":
    main()
