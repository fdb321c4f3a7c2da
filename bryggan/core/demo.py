"""The framework behind `bryggan seed_demo`: each app's demo.py has a seed() that is safe to run twice."""

from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.core.management.base import CommandError
from django.db import transaction

DEMO_DOMAINS = ("@example.org", "@example.com")
DEMO_PASSWORD = "bryggan-demo"


def refuse_non_demo_database() -> None:
    """Stop when the database holds data that the demo did not make."""
    from bryggan.core.models import SiteState
    from bryggan.people.models import Organisation, User

    real_users = User.objects.exclude(email__iendswith=DEMO_DOMAINS[0]).exclude(
        email__iendswith=DEMO_DOMAINS[1]
    )
    if real_users.exists():
        raise CommandError(
            "This database has user accounts outside the demo domains (example.org/example.com); "
            "seed_demo only runs on an empty or demo database."
        )
    if not SiteState.get("demo") and Organisation.objects.exists():
        raise CommandError(
            "This database already holds data that is not demo data; seed_demo refuses to touch it."
        )


def seed_all(stdout: object = None) -> list[str]:
    """Run every installed app's demo.seed() in INSTALLED_APPS order, in one transaction."""
    from bryggan.core.models import SiteState

    refuse_non_demo_database()
    seeded = []
    with transaction.atomic():
        SiteState.put("demo", {"seeded": True})
        for config in apps.get_app_configs():
            module_name = f"{config.name}.demo"
            if config.name == "bryggan.core" or find_spec(module_name) is None:
                continue
            import_module(module_name).seed()
            seeded.append(config.label)
    return seeded
