"""WSGI entry point for gunicorn or granian."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bryggan.settings")
application = get_wsgi_application()

from bryggan.core.checks import refuse_unsafe_production  # noqa: E402

refuse_unsafe_production()
