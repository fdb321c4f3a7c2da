"""Demo: index everything the other apps' demos made (some of it arrives in bulk, without signals)."""

from bryggan.search.services import index_rebuild


def seed() -> None:
    index_rebuild()
