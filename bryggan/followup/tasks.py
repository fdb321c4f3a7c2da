"""Background work for follow-up: large imports and exports, and clearing old files."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from django_tasks import task

from bryggan.followup.models import ExportJob, ImportJob

KEEP_EXPORTS = timedelta(days=7)
KEEP_PREVIEWS = timedelta(days=1)


@task()
def run_import(job_id: int) -> None:
    """Check and import one queued file, all or nothing."""
    from bryggan.followup.imports import import_run

    job = (
        ImportJob.objects.select_related("plan", "unit", "occasion", "version")
        .filter(pk=job_id)
        .first()
    )
    if job is None or job.status not in (ImportJob.Status.QUEUED, ImportJob.Status.RUNNING):
        return
    import_run(job=job)


@task()
def run_export(job_id: int) -> None:
    """Make one queued export."""
    from bryggan.followup.exports import export_run

    job = ExportJob.objects.select_related("plan", "user").filter(pk=job_id).first()
    if job is None or job.status != ExportJob.Status.QUEUED:
        return
    export_run(job=job)


@task()
def clear_old_files() -> int:
    """Delete export files after a week and previews nobody went on with after a day."""
    now = timezone.now()
    cleared = 0
    for job in ExportJob.objects.filter(created_at__lt=now - KEEP_EXPORTS).exclude(file=""):
        job.file.delete(save=True)
        cleared += 1
    for upload in ImportJob.objects.filter(
        status=ImportJob.Status.UPLOADED, created_at__lt=now - KEEP_PREVIEWS
    ):
        if upload.file:
            upload.file.delete(save=False)
        upload.delete()
        cleared += 1
    return cleared
