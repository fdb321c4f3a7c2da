"""Periodic jobs: apps register tasks here; `bryggan scheduler` enqueues them when due."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings

_JOBS: dict[str, Job] = {}


@dataclass(frozen=True)
class Job:
    """A task to enqueue every `every`, or once a day at `at` (local time) when `at` is set."""

    name: str
    task: object  # a django_tasks Task
    every: timedelta = timedelta(days=1)
    at: time | None = None

    def next_due(self, last: datetime | None, now: datetime) -> datetime:
        """Return when the job is next due, given when it last ran."""
        if self.at is None:
            return now if last is None else last + self.every
        local = now.astimezone(ZoneInfo(settings.TIME_ZONE))
        today = local.replace(hour=self.at.hour, minute=self.at.minute, second=0, microsecond=0)
        if last is None or last < today:
            return today
        return today + timedelta(days=1)


def register(
    name: str, task: object, *, every: timedelta = timedelta(days=1), at: time | None = None
) -> None:
    """Register a periodic job under a unique name (call from an AppConfig.ready)."""
    _JOBS[name] = Job(name=name, task=task, every=every, at=at)


def jobs() -> list[Job]:
    return list(_JOBS.values())
