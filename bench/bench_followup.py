"""Systematic follow-up benchmark: the full report and the .sav export of a large plan.

A plan with 10 units, three occasions and an instrument of 100 Likert items (four subscales)
is filled with generated answers, so that it holds RESPONSES item responses in all
(10,000,000 ≈ 33,334 subjects × 3 occasions × 100 items). For each size in SIZES:

* the full report (all units and periods: participation, every item with its distribution,
  subscales, paired change, then the comparison of units): seconds, target ≤ 5 s;
* the record-level .sav export (one SPSS file per occasion, labels, in a ZIP): seconds,
  target ≤ 30 s;
* the peak resident memory of the process that does both, target < 2 GB;
* how time grows from the smallest to the largest size (target: no worse than linear).

Each size is loaded by one child process and measured by another, so the peak memory is that of
the report and export alone. Answers are inserted in bulk with raw SQL (one JSON list per
measurement), in release batches per unit, period and occasion, as imports leave them.

Run: `make bench BENCH_ARGS=followup` (BENCH_SIZES=1000000,3000000 for a shorter run;
BENCH_DB=postgres for PostgreSQL).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from datetime import date, timedelta

from harness import peak_memory_mb, report, use_database

SIZES = [int(s) for s in os.environ.get("BENCH_SIZES", "1000000,3000000,10000000").split(",")]
ITEMS = 100
OCCASIONS = 3
UNITS = 10
CHUNK = 2000


def _plan_slug(responses: int) -> str:
    return f"bench-{responses}"


def build(responses: int) -> dict:
    """Create the plan of one size with generated answers (skipped when it exists)."""
    import numpy as np
    from django.db import connection, transaction

    from bryggan.followup import services
    from bryggan.followup.models import (
        FollowupPlan,
        Instrument,
        InstrumentVersion,
        Occasion,
        PlanUnit,
        ReleaseBatch,
        Subject,
    )
    from bryggan.people.models import Organisation

    slug = _plan_slug(responses)
    if FollowupPlan.objects.filter(slug=slug).exists():
        return {"built": False}
    started = time.perf_counter()
    instrument = Instrument.objects.filter(slug="bench-instrument").first()
    if instrument is None:
        lines = ["variable,type,label,choices,reverse,items,method,min_answered"]
        labels = "1, Aldrig | 2, Sällan | 3, Ibland | 4, Ofta | 5, Alltid"
        for i in range(ITEMS):
            reverse = "yes" if i % 5 == 4 else ""
            lines.append(f'q{i + 1:03d},likert,Fråga {i + 1},"{labels}",{reverse},,,')
        for s in range(4):
            members = " ".join(f"q{i + 1:03d}" for i in range(s * 25, (s + 1) * 25))
            lines.append(f"scale{s + 1},subscale,Delskala {s + 1},,,{members},mean,20")
        instrument = Instrument.objects.create(slug="bench-instrument", name="Bench", licence="own")
        version = InstrumentVersion.objects.create(instrument=instrument, label="1")
        services.dictionary_import(version=version, text="\n".join(lines) + "\n")
    version = instrument.versions.get()
    root = Organisation.objects.get_or_create(
        slug="bench-kommun", defaults={"name_sv": "Benchkommun", "kind": "municipality"}
    )[0]
    plan = FollowupPlan.objects.create(
        slug=slug,
        title=f"Bench {responses}",
        kind="other",
        intervention="Bench",
        target_group="Bench",
        question="Bench",
        start=date(2023, 1, 1),
        report_period="year",
        status="active",
    )
    units = []
    for u in range(UNITS):
        org = Organisation.objects.get_or_create(
            slug=f"bench-enhet-{u}",
            defaults={"name_sv": f"Enhet {u}", "kind": "unit", "parent": root},
        )[0]
        units.append(PlanUnit.objects.create(plan=plan, organisation=org, code=f"U{chr(65 + u)}X"))
    occasions = []
    for position, (key, months) in enumerate([("start", 0), ("6m", 6), ("12m", 12)]):
        occasion = Occasion.objects.create(
            plan=plan, key=key, label=key, months=months, position=position
        )
        occasion.versions.set([version])
        occasions.append(occasion)
    subjects_total = -(-responses // (ITEMS * OCCASIONS))
    rng = np.random.default_rng(responses)
    vendor = connection.vendor
    cast = "%s::jsonb" if vendor == "postgresql" else "%s"
    sql = (
        "INSERT INTO followup_measurement (plan_id, subject_id, unit_id, period, occasion_id, "
        f'version_id, measured_on, "values", missing, batch_id, entered_at, updated_at) '
        f"VALUES (%s, %s, %s, %s, %s, %s, %s, {cast}, {cast}, %s, %s, %s)"
    )
    now = "2025-06-01T12:00:00+00:00"
    batches: dict[tuple[int, str, int], int] = {}
    done = 0
    while done < subjects_total:
        count = min(CHUNK, subjects_total - done)
        with transaction.atomic():
            rows = []
            for n in range(count):
                unit = units[(done + n) % UNITS]
                enrolled = date(2023, 1, 1) + timedelta(days=int(rng.integers(0, 730)))
                rows.append(
                    Subject(
                        plan=plan,
                        unit=unit,
                        code=f"{unit.code}-{done + n:07d}",
                        enrolled_on=enrolled,
                        period=plan.period_of(enrolled),
                    )
                )
            subjects = Subject.objects.bulk_create(rows)
            if not subjects[0].pk:
                subjects = list(Subject.objects.filter(plan=plan).order_by("-pk")[:count])[::-1]
            level = rng.normal(0, 1, size=(count, 1))
            params = []
            for step, occasion in enumerate(occasions):
                answers = np.clip(
                    np.rint(
                        3 + 0.7 * (level + 0.2 * step) + rng.normal(0, 0.9, size=(count, ITEMS))
                    ),
                    1,
                    5,
                ).astype(int)
                texts = ["[" + ",".join(map(str, row)) + "]" for row in answers.tolist()]
                for subject, text in zip(subjects, texts, strict=True):
                    key = (subject.unit_id, subject.period, occasion.pk)
                    if key not in batches:
                        batches[key] = ReleaseBatch.objects.create(
                            plan=plan,
                            unit_id=subject.unit_id,
                            period=subject.period,
                            occasion=occasion,
                            version=version,
                            size=0,
                        ).pk
                    day = subject.enrolled_on + timedelta(days=30 * (occasion.months or 0))
                    params.append(
                        (
                            plan.pk,
                            subject.pk,
                            subject.unit_id,
                            subject.period,
                            occasion.pk,
                            version.pk,
                            day.isoformat(),
                            text,
                            "{}",
                            batches[key],
                            now,
                            now,
                        )
                    )
            with connection.cursor() as cursor:
                cursor.executemany(sql, params)
        done += count
        print(f"  {done}/{subjects_total} subjects", flush=True)
    with transaction.atomic():
        for pk in batches.values():
            batch = ReleaseBatch.objects.get(pk=pk)
            batch.size = batch.measurements.count()
            batch.save(update_fields=["size"])
    InstrumentVersion.objects.filter(pk=version.pk).update(frozen_at="2025-06-01T12:00:00Z")
    return {"built": True, "seconds": round(time.perf_counter() - started, 1)}


def measure(responses: int) -> dict:
    """Time the full report and the .sav export of one size; return figures and peak memory."""
    from bryggan.followup import exports, reports
    from bryggan.followup.models import ExportJob, FollowupPlan, Measurement, PlanGrant
    from bryggan.people.models import User

    plan = FollowupPlan.objects.get(slug=_plan_slug(responses))
    measurements = Measurement.objects.filter(plan=plan).count()
    memory_before = peak_memory_mb()
    started, cpu = time.perf_counter(), time.process_time()
    canvas = reports.load(plan)
    loaded = time.perf_counter() - started
    built = reports.build(plan, canvas=canvas)
    comparison = reports.compare(plan, units=list(canvas.units), canvas=canvas)
    report_seconds = time.perf_counter() - started
    report_cpu = time.process_time() - cpu
    assert len(built.items) == ITEMS * OCCASIONS and len(comparison) == 4
    unit_started = time.perf_counter()
    reports.build(plan, unit=canvas.units[0], canvas=canvas)
    unit_seconds = time.perf_counter() - unit_started
    del canvas, built, comparison
    user = User.objects.get_or_create(email="bench@example.org")[0]
    PlanGrant.objects.update_or_create(
        plan=plan, user=user, defaults={"level": "records", "can_export": True}
    )
    job = ExportJob.objects.create(plan=plan, user=user, scope="records", format="sav")
    started, cpu = time.perf_counter(), time.process_time()
    _name, content, rows = exports.build_export(job)
    export_seconds = time.perf_counter() - started
    export_cpu = time.process_time() - cpu
    job.delete()
    return {
        "responses": measurements * ITEMS,
        "measurements": measurements,
        "report_seconds": round(report_seconds, 2),
        "report_load_seconds": round(loaded, 2),
        "report_cpu_seconds": round(report_cpu, 2),
        "unit_report_seconds": round(unit_seconds, 2),
        "sav_export_seconds": round(export_seconds, 2),
        "sav_export_cpu_seconds": round(export_cpu, 2),
        "sav_zip_mb": round(len(content) / 1e6, 1),
        "sav_rows": rows,
        "peak_memory_mb": round(peak_memory_mb(), 1),
        "memory_at_start_mb": round(memory_before, 1),
    }


def child(command: str, responses: int) -> dict:
    """Run build or measure for one size in a fresh process and return its JSON result."""
    output = subprocess.run(
        [sys.executable, __file__, command, str(responses)],
        check=True,
        capture_output=True,
        text=True,
        env=os.environ,
    )
    lines = output.stdout.strip().splitlines()
    for line in lines[:-1]:
        print(line, flush=True)
    return json.loads(lines[-1])


def main() -> None:
    if len(sys.argv) == 3:
        command, responses = sys.argv[1], int(sys.argv[2])
        use_database("followup")
        result = build(responses) if command == "build" else measure(responses)
        print(json.dumps(result))
        return
    use_database("followup", fresh=os.environ.get("BENCH_FRESH") == "1")
    results = {}
    for responses in SIZES:
        print(f"== {responses} item responses", flush=True)
        built = child("build", responses)
        measured = child("measure", responses)
        measured["build"] = built
        results[str(responses)] = measured
        print(json.dumps(measured), flush=True)
    smallest, largest = results[str(SIZES[0])], results[str(SIZES[-1])]
    scale = largest["responses"] / smallest["responses"]
    growth = {
        "size_ratio": round(scale, 2),
        "report_time_ratio": round(
            largest["report_seconds"] / max(smallest["report_seconds"], 1e-6), 2
        ),
        "sav_time_ratio": round(
            largest["sav_export_seconds"] / max(smallest["sav_export_seconds"], 1e-6), 2
        ),
        "memory_ratio": round(largest["peak_memory_mb"] / max(smallest["peak_memory_mb"], 1e-6), 2),
    }
    from django.db import connection

    report(
        "followup",
        {
            "sizes": results,
            "growth": growth,
            "targets": {
                "report_at_most_5_s": largest["report_seconds"] <= 5,
                "sav_at_most_30_s": largest["sav_export_seconds"] <= 30,
                "peak_memory_under_2_gb": largest["peak_memory_mb"] < 2048,
                "growth_no_worse_than_linear": growth["report_time_ratio"] <= scale * 1.1
                and growth["sav_time_ratio"] <= scale * 1.1,
            },
            "database": connection.vendor,
            "note": "Measured on a shared 2-core machine under load from other work.",
        },
    )


if __name__ == "__main__":
    main()
