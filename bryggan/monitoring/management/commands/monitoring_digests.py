from typing import Any

from django.core.management.base import BaseCommand

from bryggan.monitoring import services


class Command(BaseCommand):
    help = "Send the digest e-mails of external monitoring that are due now."

    def handle(self, *args: Any, **options: Any) -> None:
        sent = services.digests_send()
        self.stdout.write(f"{sent} digest e-mail(s) sent.")
