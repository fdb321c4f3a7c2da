"""External monitoring benchmark: snapshot import speed and memory, and watchlist matching.

1. Generate an OpenAlex-style works JSON Lines file (default 1,000,000 lines, streamed to disk).
2. Import it through the real snapshot harvester (`run_execute` on an openalex_snapshot source):
   records/s and peak resident memory. Target: >= 5,000 records/s, peak < 1 GB.
3. Match the newest 100,000 records against 500 watchlists (terms in Swedish and English,
   prefix terms, SSIF codes, authors). Target: <= 60 s.

Run: `make bench BENCH_ARGS=monitoring` (BENCH_RECORDS=200000 for a shorter run; BENCH_DB=postgres).
"""

import json
import os
import random
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

from harness import ROOT, peak_memory_mb, report, use_database

RECORDS = int(os.environ.get("BENCH_RECORDS", "1000000"))
MATCH_RECORDS = 100_000
WATCHLISTS = 500

WORDS = [
    "children",
    "young",
    "people",
    "youth",
    "care",
    "foster",
    "residential",
    "placement",
    "school",
    "family",
    "parents",
    "support",
    "social",
    "work",
    "services",
    "municipality",
    "addiction",
    "substance",
    "tramadol",
    "opioid",
    "alcohol",
    "cannabis",
    "knowledge",
    "governance",
    "evidence",
    "practice",
    "collaboration",
    "research",
    "co-production",
    "follow-up",
    "economic",
    "assistance",
    "employment",
    "welfare",
    "poverty",
    "housing",
    "homelessness",
    "violence",
    "migration",
    "elderly",
    "disability",
    "mental",
    "health",
    "psychiatry",
    "intervention",
    "evaluation",
    "randomised",
    "qualitative",
    "interview",
    "register",
    "cohort",
    "outcome",
    "trajectory",
    "network",
    "professional",
    "supervision",
]
SWEDISH = [
    "barn",
    "unga",
    "familjehem",
    "placerade",
    "missbruk",
    "beroende",
    "bistånd",
    "försörjning",
    "samverkan",
]
# A realistic spread: most words of a record are rare, so a watchlist catches a few per cent of
# the records, not all of them (a synthetic vocabulary stands in for the long tail of real words).
RARE = [f"ord{i}" for i in range(20000)]
FAMILIES = [f"Efternamn{i}" for i in range(3000)]
GIVEN = ["Anna", "Erik", "Sara", "Olle", "Maja", "Kim", "Lena", "Per", "Elin", "Jonas"]


def generate(path, n: int) -> None:
    rng = random.Random(42)
    with open(path, "w", encoding="utf-8") as out:
        for i in range(n):
            title_words = rng.sample(WORDS, 3) + rng.sample(RARE, 6)
            title_words += [rng.choice(SWEDISH)] if i % 50 == 0 else []
            abstract_words = rng.choices(WORDS, k=10) + rng.choices(RARE, k=30)
            index: dict[str, list[int]] = {}
            for place, word in enumerate(abstract_words):
                index.setdefault(word, []).append(place)
            work = {
                "id": f"https://openalex.org/W{i}",
                "doi": f"https://doi.org/10.5555/bench.{i}" if i % 5 else None,
                "title": " ".join(title_words).capitalize() + f" ({i})",
                "publication_year": 2000 + i % 27,
                "language": "en",
                "authorships": [
                    {
                        "author": {
                            "display_name": f"{rng.choice(GIVEN)} {rng.choice(FAMILIES)}",
                            "orcid": f"https://orcid.org/0000-0002-{i % 10000:04d}-000X"
                            if i % 3 == 0
                            else None,
                        }
                    }
                    for _ in range(rng.randint(1, 4))
                ],
                "abstract_inverted_index": index,
                "primary_location": {"source": {"display_name": f"Journal {i % 300}"}},
                "open_access": {"oa_url": f"https://oa.example.org/{i}.pdf" if i % 2 else None},
            }
            out.write(json.dumps(work) + "\n")


def anonymous_memory_mb() -> float:
    """Resident memory of this process that is its own (heap), without mapped files."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("RssAnon:"):
                return int(line.split()[1]) / 1024
    return 0.0


@contextmanager
def peak_anonymous_memory() -> Iterator[list[float]]:
    """Sample the heap while the block runs; ru_maxrss also counts SQLite's memory-mapped file.

    settings.py maps up to 1 GB of the SQLite file (PRAGMA mmap_size), and those pages of the
    operating system's file cache count as resident memory of the process that maps them.
    """
    peak = [anonymous_memory_mb()]
    done = threading.Event()

    def sample() -> None:
        while not done.wait(0.2):
            peak[0] = max(peak[0], anonymous_memory_mb())

    thread = threading.Thread(target=sample, daemon=True)
    thread.start()
    try:
        yield peak
    finally:
        done.set()
        thread.join()
        peak[0] = max(peak[0], anonymous_memory_mb())


def watchlist_specs(n: int) -> list[dict[str, str]]:
    rng = random.Random(7)
    specs = []
    for _ in range(n):
        specs.append(
            {
                "terms_sv": "\n".join([rng.choice(SWEDISH), *rng.sample(RARE, 3)]),
                "terms_en": "\n".join(
                    [
                        " ".join(rng.sample(WORDS, 2)),
                        *rng.sample(RARE, 3),
                        rng.choice(RARE)[:7] + "*",
                    ]
                ),
                "subject_codes": rng.choice(["50402", "503", "30309", ""]),
                "authors": f"{rng.choice(GIVEN)} {rng.choice(FAMILIES)}\n0000-0002-{rng.randint(0, 9999):04d}-000X",
            }
        )
    return specs


def main() -> None:
    use_database("monitoring", fresh=True)
    from django.db import connection, transaction

    from bryggan.monitoring import services
    from bryggan.monitoring.matching import compile_watchlists
    from bryggan.monitoring.models import HarvestRun, Record, Source, Watchlist
    from bryggan.taxonomy.models import PriorityArea

    path = ROOT / "var" / f"bench_openalex_v2_{RECORDS}.jsonl"
    if not path.exists():
        started = time.perf_counter()
        generate(path, RECORDS)
        print(f"generated {RECORDS} works in {time.perf_counter() - started:.1f} s", flush=True)
    memory_before = peak_memory_mb()
    source = Source.objects.create(
        name="Bench snapshot", kind=Source.Kind.OPENALEX_SNAPSHOT, snapshot_path=str(path)
    )
    run = HarvestRun.objects.create(source=source)
    started, cpu_started = time.perf_counter(), time.process_time()
    with peak_anonymous_memory() as heap:
        run = services.run_execute(run=run, match=False)
    import_seconds = time.perf_counter() - started
    import_cpu = time.process_time() - cpu_started
    peak = peak_memory_mb()
    assert run.status == HarvestRun.Status.SUCCEEDED, run.log[-3:]
    assert Record.objects.count() == RECORDS
    print(f"imported {RECORDS} in {import_seconds:.1f} s ({import_cpu:.1f} s CPU)", flush=True)

    areas = PriorityArea.objects.bulk_create(
        [PriorityArea(slug=f"bench-{i}", name_sv=f"Område {i}") for i in range(WATCHLISTS)]
    )
    Watchlist.objects.bulk_create(
        [
            Watchlist(area=area, **spec)
            for area, spec in zip(areas, watchlist_specs(WATCHLISTS), strict=True)
        ]
    )
    match_records = min(MATCH_RECORDS, RECORDS)
    newest = Record.objects.order_by("-pk").values_list("pk", flat=True)[match_records - 1]
    with transaction.atomic():
        Record.objects.filter(pk__lt=newest).update(matched_at="2026-01-01T00:00:00Z")
    started, cpu_started = time.perf_counter(), time.process_time()
    matcher = compile_watchlists((w.pk, w.as_dict()) for w in Watchlist.objects.all())
    made = services.records_match(matcher=matcher)
    match_seconds = time.perf_counter() - started
    match_cpu = time.process_time() - cpu_started
    unmatched = Record.objects.filter(matched_at__isnull=True).count()
    assert unmatched == 0

    results = {
        "import": {
            "records": RECORDS,
            "seconds": round(import_seconds, 1),
            "records_per_second": round(RECORDS / import_seconds),
            # The machine is shared: CPU time shows what the import costs without contention.
            "cpu_seconds": round(import_cpu, 1),
            "records_per_cpu_second": round(RECORDS / import_cpu),
            "peak_memory_mb": round(peak, 1),
            # The same without the memory-mapped SQLite file (see peak_anonymous_memory).
            "peak_heap_mb": round(heap[0], 1),
            "peak_memory_before_import_mb": round(memory_before, 1),
            "meets_target": RECORDS / import_seconds >= 5000 and heap[0] < 1024,
        },
        "matching": {
            "records": match_records,
            "watchlists": WATCHLISTS,
            "matches": made,
            "seconds": round(match_seconds, 1),
            "cpu_seconds": round(match_cpu, 1),
            "meets_target": match_seconds <= 60,
        },
        "database": connection.vendor,
    }
    report("monitoring", results)


if __name__ == "__main__":
    main()
