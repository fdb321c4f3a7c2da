"""The monitoring demo: area feeds, a digest e-mail for the demo coordinator, a digest from a record."""

import pytest
from django.core import mail
from django.core.management import call_command

from bryggan.library.models import Digest, Publication
from bryggan.monitoring.demo import DIGEST, DIGEST_RECORD_DOI
from bryggan.monitoring.models import Record

pytestmark = pytest.mark.django_db


def test_the_demo_has_feeds_a_digest_e_mail_and_a_digest_from_a_record(anonymous, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    call_command("seed_demo")
    counts = (Record.objects.count(), Publication.objects.count(), Digest.objects.count())
    call_command("seed_demo")
    assert (Record.objects.count(), Publication.objects.count(), Digest.objects.count()) == counts

    rss = anonymous.get("/omvarldsbevakning/omraden/barn-och-unga/rss/").content.decode()
    assert rss.count("<item>") >= 3

    call_command("monitoring_digests")
    [message] = mail.outbox
    assert message.to == ["coordinator@example.org"]
    assert "Barn och unga" in message.subject
    assert "/omvarldsbevakning/avsluta/" in message.extra_headers["List-Unsubscribe"]
    assert "Support groups for children of parents with addiction" in message.body

    record = Record.objects.get(doi=DIGEST_RECORD_DOI)
    digest = Digest.objects.get(slug=DIGEST["slug"])
    assert digest.publications.get().doi == DIGEST_RECORD_DOI
    assert digest.priority_areas.filter(slug="missbruk-och-beroende").exists()
    assert digest.get_absolute_url() in anonymous.get(record.get_absolute_url()).content.decode()
    assert anonymous.get(digest.get_absolute_url()).status_code == 200
