from typing import Any

from django.core.management.base import BaseCommand

from bryggan.core.demo import seed_all


class Command(BaseCommand):
    help = "Build the demo: the model organisations of the brief with fictional people (safe to run twice)."

    def handle(self, *args: Any, **options: Any) -> None:
        seeded = seed_all()
        self.stdout.write(self.style.SUCCESS(f"Demo data ready ({', '.join(seeded)})."))
