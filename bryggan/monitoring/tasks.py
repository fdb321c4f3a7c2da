"""Background work: harvests (on demand and on schedule) and the digest e-mails."""

from django.db.models import Q
from django_tasks import task

from bryggan.monitoring import services
from bryggan.monitoring.models import HarvestRun, Source


@task()
def harvest(run_id: int) -> None:
    """Run (or resume) one queued harvest."""
    run = HarvestRun.objects.select_related("source").filter(pk=run_id).first()
    if run is None or run.status in (HarvestRun.Status.SUCCEEDED,):
        return
    services.run_execute(run=run)


@task()
def harvest_due() -> None:
    """Harvest every active source: resume its failed run, or start a new incremental one."""
    busy = Q(status=HarvestRun.Status.QUEUED) | Q(status=HarvestRun.Status.RUNNING)
    for source in Source.objects.filter(active=True).exclude(
        runs__in=HarvestRun.objects.filter(busy)
    ):
        last = source.runs.first()
        if last is not None and last.can_resume:
            last.status = HarvestRun.Status.QUEUED
            last.save(update_fields=["status"])
            run = last
        else:
            run = HarvestRun.objects.create(source=source, harvest_from=source.last_harvested_at)
        services.run_execute(run=run)


@task()
def digests_send() -> None:
    """Send the weekly and monthly digests that are due."""
    services.digests_send()
