import time as clock
from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from bryggan.core import schedule
from bryggan.core.models import ScheduledRun


def enqueue_due_jobs(now: Any = None) -> list[str]:
    """Enqueue every registered job that is due and return their names."""
    now = now or timezone.now()
    enqueued = []
    for job in schedule.jobs():
        with transaction.atomic():
            run = ScheduledRun.objects.select_for_update().filter(job=job.name).first()
            last = run.last_enqueued_at if run else None
            if job.next_due(last, now) > now:
                continue
            job.task.enqueue()  # type: ignore[attr-defined]
            ScheduledRun.objects.update_or_create(job=job.name, defaults={"last_enqueued_at": now})
            enqueued.append(job.name)
    return enqueued


class Command(BaseCommand):
    help = "Enqueue periodic background jobs when they are due (runs beside the worker)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--once", action="store_true", help="Check once and exit.")
        parser.add_argument("--interval", type=int, default=30, help="Seconds between checks.")

    def handle(self, *args: Any, once: bool, interval: int, **options: Any) -> None:
        while True:
            for name in enqueue_due_jobs():
                self.stdout.write(f"enqueued {name}")
            if once:
                return
            clock.sleep(interval)
