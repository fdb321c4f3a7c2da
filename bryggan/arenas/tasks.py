"""Background work for learning arenas: the reminder the day before."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.utils import timezone
from django_tasks import task

from bryggan.arenas.models import Event, Registration


@task()
def send_reminders() -> int:
    """E-mail everyone registered for a session that takes place tomorrow (local time), once."""
    from bryggan.arenas.services import send_event_mail

    tomorrow = timezone.localdate() + timedelta(days=1)
    tz = timezone.get_current_timezone()
    start = datetime.combine(tomorrow, time.min, tzinfo=tz)
    end = datetime.combine(tomorrow + timedelta(days=1), time.min, tzinfo=tz)
    due = Registration.objects.filter(
        status=Registration.Status.CONFIRMED,
        reminded_at__isnull=True,
        event__start__gte=start,
        event__start__lt=end,
        event__status=Event.Status.SCHEDULED,
    ).select_related("event", "user")
    sent = 0
    for registration in due:
        send_event_mail(user=registration.user, event=registration.event, template="reminder")
        Registration.objects.filter(pk=registration.pk).update(reminded_at=timezone.now())
        sent += 1
    return sent
