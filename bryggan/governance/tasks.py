"""Background work for governance: reminders before collaboration agreements run out."""

from __future__ import annotations

import logging

from django_tasks import task

logger = logging.getLogger(__name__)


@task()
def send_agreement_reminders() -> int:
    """E-mail the coordinators of each agreement whose reminder day has come, once per deadline."""
    from bryggan.governance.services import agreement_remind, agreements_due

    sent = 0
    for agreement in agreements_due():
        try:
            sent += agreement_remind(agreement=agreement)
        except Exception:
            # One failing mail server answer must not stop the other reminders; this one is retried
            # on the next run because nothing was marked as sent.
            logger.exception("agreement reminder failed", extra={"agreement": agreement.pk})
    return sent
