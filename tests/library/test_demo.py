"""The demo library: reports and digests on the demo research areas, safe to seed twice."""

import pytest
from django.core.management import call_command
from django.test import Client
from lxml import etree

from bryggan.library.models import Authorship, Digest, Publication

pytestmark = pytest.mark.django_db


def test_the_demo_library_is_idempotent_and_holds_the_lund_report(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    call_command("seed_demo")
    counts = (Publication.objects.count(), Digest.objects.count(), Authorship.objects.count())
    call_command("seed_demo")
    assert (
        Publication.objects.count(),
        Digest.objects.count(),
        Authorship.objects.count(),
    ) == counts
    assert counts[0] >= 8 and counts[1] >= 5
    lund = Publication.objects.get(
        title="Diskussionsgrupper som mötesplats mellan forskning och praktik"
    )
    assert lund.kind == "report"
    assert lund.authorships.filter(person__slug="karin-lundgren").exists()
    assert lund.authorships.filter(person__isnull=True).exists()  # an external author too
    assert lund.file
    areas = set(Publication.objects.values_list("priority_areas__slug", flat=True))
    assert {
        "missbruk-och-beroende",
        "barn-och-unga",
        "placerade-barn-och-unga",
        "kunskapsstyrning",
        "samverkan-forskning-praktik",
    } <= areas
    assert Publication.objects.filter(status="withdrawn").exists()
    client = Client()
    assert client.get(lund.get_absolute_url()).status_code == 200
    assert client.get(f"/bibliotek/{lund.pk}/fulltext/").status_code == 200
    assert "Diskussionsgrupper" in client.get("/bibliotek/").content.decode()
    digest = Digest.objects.get(slug="diskussionsgrupper-gor-forskning-till-vardag")
    assert list(digest.publications.all()) == [lund]
    root = etree.fromstring(client.get("/oai?verb=ListRecords&metadataPrefix=swepub_mods").content)
    assert root.find("{http://www.openarchives.org/OAI/2.0/}error") is None
