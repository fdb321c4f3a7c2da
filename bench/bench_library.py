"""Library benchmark: OAI-PMH ListRecords throughput over a large generated library.

1. Generate publications (default 200,000) with 1–4 ordered authors each (a third with ORCID
   iDs), SSIF subjects, topics and priority areas, half with DOIs, one in 200 withdrawn (reported
   as deleted). Rows go in with bulk inserts; the database is kept between runs when it already
   holds the same number of publications.
2. Serve the app with gunicorn and harvest the whole list as a harvester does: one client,
   sequential requests, following resumption tokens to the end, for oai_dc and swepub_mods.
   Throughput is records/s (deleted headers included). Target: >= 2,000 records/s.
3. Harvest the same lists in process (no HTTP) and report records per wall-clock and per CPU
   second, so a figure taken on a busy machine can be read against the load average.

Run: `make bench BENCH_ARGS=library` (BENCH_PUBLICATIONS=50000 for a shorter run; BENCH_DB=postgres).
"""

import http.client
import os
import random
import re
import time
from datetime import UTC, datetime, timedelta
from urllib.parse import quote

from harness import peak_memory_mb, report, serve, use_database

PUBLICATIONS = int(os.environ.get("BENCH_PUBLICATIONS", "200000"))
TARGET = 2000
TOKEN = re.compile(rb"<resumptionToken[^>]*>([^<]+)</resumptionToken>")
RECORD = re.compile(rb"<record>")
WORDS = [
    "barn",
    "unga",
    "familjehem",
    "placering",
    "missbruk",
    "beroende",
    "tramadol",
    "samverkan",
    "forskning",
    "praktik",
    "uppföljning",
    "kunskapsstyrning",
    "socialtjänst",
    "stödgrupper",
    "föräldraskap",
    "HVB",
    "existentiella",
    "frågor",
    "chefer",
    "lärande",
    "arena",
    "utvärdering",
    "insats",
    "bistånd",
    "försörjning",
]
FAMILIES = [f"Efternamn{i}" for i in range(3000)]
GIVEN = ["Anna", "Erik", "Sara", "Olle", "Maja", "Kim", "Lena", "Per", "Elin", "Jonas"]


def orcid(n: int) -> str:
    from bryggan.lib.orcid import check_digit

    base = f"0000000{n:08d}"
    digits = base + check_digit(base)
    return "-".join(digits[i : i + 4] for i in range(0, 16, 4))


def generate(n: int) -> None:
    from django.db import connection, transaction

    from bryggan.library.models import Authorship, Publication, dedup_key
    from bryggan.taxonomy.models import PriorityArea, SubjectCode, Topic

    rng = random.Random(42)
    areas = [
        PriorityArea.objects.get_or_create(
            slug=f"bench-area-{i}", defaults={"name_sv": f"Område {i}"}
        )[0]
        for i in range(6)
    ]
    topics = [
        Topic.objects.get_or_create(slug=f"bench-topic-{i}", defaults={"name_sv": f"Ämne {i}"})[0]
        for i in range(12)
    ]
    codes = list(SubjectCode.objects.filter(code__regex=r"^\d{5}$"))
    kinds = [k.value for k in Publication.Kind]
    start = datetime(2024, 1, 1, tzinfo=UTC)
    area_through = Publication.priority_areas.through
    topic_through = Publication.topics.through
    code_through = Publication.subject_codes.through
    chunk = 5000
    for offset in range(0, n, chunk):
        rows = []
        for i in range(offset, min(offset + chunk, n)):
            title = " ".join(rng.sample(WORDS, 6)).capitalize() + f" {i}"
            moment = start + timedelta(seconds=i * 90)
            withdrawn = i % 200 == 0
            rows.append(
                Publication(
                    kind=kinds[i % len(kinds)],
                    title=title,
                    subtitle="En studie i socialtjänsten" if i % 4 == 0 else "",
                    year=2000 + i % 26,
                    language="sv" if i % 3 else "en",
                    abstract_sv=" ".join(rng.choices(WORDS, k=60)),
                    abstract_en=" ".join(rng.choices(WORDS, k=40)) if i % 2 else "",
                    doi=f"10.5555/bench.{i}" if i % 2 else None,
                    urn=f"urn:nbn:se:bench:{i}" if i % 5 == 0 else "",
                    publisher="FoUrum socialt välfärd" if i % 3 == 0 else "",
                    journal=f"Tidskrift {i % 300}" if kinds[i % len(kinds)] == "article" else "",
                    volume=str(i % 40) if i % 7 == 0 else "",
                    visibility="public",
                    harvestable=True,
                    harvestable_since=moment,
                    status="withdrawn" if withdrawn else "published",
                    withdrawn_at=moment if withdrawn else None,
                    withdrawal_reason="Ersatt." if withdrawn else "",
                    dedup_key=dedup_key(title, 2000 + i % 26),
                    created_at=moment,
                    updated_at=moment,
                )
            )
        with transaction.atomic():
            created = Publication.objects.bulk_create(rows, batch_size=1000)
            if connection.vendor == "sqlite" and created[0].pk is None:
                raise RuntimeError("bulk_create returned no primary keys")
            authors, area_rows, topic_rows, code_rows = [], [], [], []
            for publication in created:
                for position in range(1, rng.randint(1, 4) + 1):
                    n_person = rng.randrange(3000)
                    authors.append(
                        Authorship(
                            publication_id=publication.pk,
                            position=position,
                            family_name=FAMILIES[n_person],
                            given_name=GIVEN[n_person % len(GIVEN)],
                            orcid=orcid(n_person) if n_person % 3 == 0 else "",
                        )
                    )
                for area in rng.sample(areas, rng.randint(0, 2)):
                    area_rows.append(
                        area_through(publication_id=publication.pk, priorityarea_id=area.pk)
                    )
                for topic in rng.sample(topics, rng.randint(0, 3)):
                    topic_rows.append(
                        topic_through(publication_id=publication.pk, topic_id=topic.pk)
                    )
                for code in rng.sample(codes, rng.randint(1, 2)):
                    code_rows.append(
                        code_through(publication_id=publication.pk, subjectcode_id=code.pk)
                    )
            Authorship.objects.bulk_create(authors, batch_size=2000)
            area_through.objects.bulk_create(area_rows, batch_size=2000)
            topic_through.objects.bulk_create(topic_rows, batch_size=2000)
            code_through.objects.bulk_create(code_rows, batch_size=2000)
        print(f"  {offset + len(rows)} publications", flush=True)


def harvest(host: str, prefix: str) -> dict[str, float]:
    """Harvest the whole list with one client; return records, pages, seconds and records/s."""
    hostname, port = host.split(":")
    conn = http.client.HTTPConnection(hostname, int(port), timeout=120)
    path = f"/oai?verb=ListRecords&metadataPrefix={prefix}"
    records = pages = 0
    latencies = []
    started = time.perf_counter()
    while path:
        before = time.perf_counter()
        conn.request("GET", path)
        response = conn.getresponse()
        body = response.read()
        latencies.append(time.perf_counter() - before)
        if response.status != 200 or b"<error" in body:
            raise RuntimeError(f"{path}: HTTP {response.status} {body[:300]!r}")
        records += len(RECORD.findall(body))
        pages += 1
        token = TOKEN.search(body)
        path = (
            f"/oai?verb=ListRecords&resumptionToken={quote(token.group(1).decode())}"
            if token
            else ""
        )
    seconds = time.perf_counter() - started
    conn.close()
    latencies.sort()
    return {
        "records": records,
        "pages": pages,
        "seconds": round(seconds, 1),
        "records_per_second": round(records / seconds, 1),
        "page_p50_ms": round(latencies[len(latencies) // 2] * 1000, 1),
        "page_p95_ms": round(latencies[int(len(latencies) * 0.95)] * 1000, 1),
        "meets_target": records / seconds >= TARGET,
    }


def harvest_in_process(prefix: str) -> dict[str, float]:
    """The same harvest without HTTP: the provider's own cost, in wall-clock and CPU seconds."""
    from bryggan.library import oai

    params: dict[str, list[str]] = {"verb": ["ListRecords"], "metadataPrefix": [prefix]}
    records = 0
    started, cpu_started = time.perf_counter(), time.process_time()
    while params:
        body = oai.respond(params).encode()
        records += len(RECORD.findall(body))
        token = TOKEN.search(body)
        params = (
            {"verb": ["ListRecords"], "resumptionToken": [token.group(1).decode()]} if token else {}
        )
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    return {
        "records": records,
        "seconds": round(seconds, 1),
        "cpu_seconds": round(cpu, 1),
        "records_per_second": round(records / seconds, 1),
        "records_per_cpu_second": round(records / cpu, 1),
    }


def main() -> None:
    use_database("library")
    from django.conf import settings

    from bryggan.library.models import Publication

    if Publication.objects.count() != PUBLICATIONS:
        from django.db import connections

        connections.close_all()  # SQLite: never write on into a file that is being replaced
        use_database("library", fresh=True)
        started = time.perf_counter()
        print(f"generating {PUBLICATIONS} publications", flush=True)
        generate(PUBLICATIONS)
        print(f"generated in {time.perf_counter() - started:.1f} s", flush=True)
    from django.db import connection

    with connection.cursor() as cursor:
        # Fresh planner statistics (and PostgreSQL's visibility map), as autovacuum or a
        # maintenance job gives a production database after a bulk load.
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    results: dict[str, object] = {
        "publications": PUBLICATIONS,
        "page_size": getattr(settings, "LIBRARY_OAI_PAGE_SIZE", 250),
        "target_records_per_second": TARGET,
    }
    with serve(workers=1, threads=2) as host:
        for prefix in ("oai_dc", "swepub_mods"):
            results[prefix] = harvest(host, prefix)
            print(prefix, results[prefix], flush=True)
    for prefix in ("oai_dc", "swepub_mods"):
        results[f"{prefix}_in_process"] = harvest_in_process(prefix)
        print(f"{prefix} in process", results[f"{prefix}_in_process"], flush=True)
    results["load_average"] = [round(x, 1) for x in os.getloadavg()]
    results["peak_memory_mb_bench_process"] = round(peak_memory_mb(), 1)
    report("library", results)


if __name__ == "__main__":
    main()
