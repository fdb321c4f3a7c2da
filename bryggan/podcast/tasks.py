"""Background work for the podcast: forgetting yesterday's listener hashes and salt."""

from django_tasks import task

from bryggan.podcast import services


@task()
def listening_prune() -> None:
    """Delete the salts and listener hashes of past days (run just after midnight)."""
    services.listening_prune()
