"""Demo: index everything the other apps' demos made (some of it arrives in bulk, without signals).

Every app with searchable kinds comes before search in INSTALLED_APPS, so its demo has run when
this rebuild starts; what a later demo (insight) saves reaches the index through the signals.
"""

from bryggan.search.services import index_rebuild


def seed() -> None:
    index_rebuild()
