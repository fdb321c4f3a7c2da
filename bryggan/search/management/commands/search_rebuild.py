from typing import Any

from django.core.management.base import BaseCommand

from bryggan.search.services import index_rebuild


class Command(BaseCommand):
    help = "Rebuild the site search index from every searchable record."

    def handle(self, *args: Any, **options: Any) -> None:
        def report(kind: str, count: int) -> None:
            self.stdout.write(f"  {kind}: {count}")

        counts = index_rebuild(report=report)
        self.stdout.write(
            self.style.SUCCESS(f"Search index rebuilt: {sum(counts.values())} documents.")
        )
