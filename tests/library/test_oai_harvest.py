"""Real harvesters against the provider over HTTP: sickle, and Bryggan's own DiVA/SwePub harvester."""

from __future__ import annotations

import pytest
from sickle import Sickle

from bryggan.library import services
from bryggan.library.models import Publication
from bryggan.monitoring import services as monitoring
from bryggan.monitoring.models import HarvestRun, Record, Source
from bryggan.people.models import Person
from tests.library.conftest import make_publication

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def library(cast, area, settings):
    settings.LIBRARY_OAI_PAGE_SIZE = 3
    researcher = Person.objects.get(user=cast.researcher)
    pubs = [
        make_publication(
            title=f"Rapport {n} om placerade barn",
            year=2015 + n,
            doi=f"10.5555/bryggan.{n}",
            authors=[
                {"person": researcher, "orcid": "0000-0002-1825-0097"},
                {"family_name": "Holmqvist", "given_name": "Birgitta"},
            ],
            priority_areas=[area] if n % 2 else [],
            kind="article" if n % 3 == 0 else "report",
            journal="Nordic Social Work Research" if n % 3 == 0 else "",
        )
        for n in range(1, 9)
    ]
    services.publication_withdraw(publication=pubs[0], reason="Ersatt av en ny upplaga.")
    make_publication(title="Intern", visibility="internal")
    return pubs


def test_sickle_harvests_every_record_across_resumption_tokens(library, live_server):
    client = Sickle(f"{live_server.url}/oai")
    assert client.Identify().repositoryName == "Bryggan"
    records = list(client.ListRecords(metadataPrefix="oai_dc"))
    assert len(records) == 8
    deleted = [r for r in records if r.deleted]
    assert [r.header.identifier for r in deleted] == [
        f"oai:bryggan.example:publication/{library[0].pk}"
    ]
    live = [r for r in records if not r.deleted]
    assert sorted(r.metadata["title"][0] for r in live) == sorted(p.title for p in library[1:])
    assert live[0].metadata["creator"] == ["Forskare, Rut", "Holmqvist, Birgitta"]
    assert set(live[0].header.setSpecs) >= {"kind:report"} or set(live[0].header.setSpecs) >= {
        "kind:article"
    }


def test_sickle_lists_identifiers_of_a_set_and_the_sets(library, live_server):
    client = Sickle(f"{live_server.url}/oai")
    headers = list(client.ListIdentifiers(metadataPrefix="swepub_mods", set="area:barn-och-unga"))
    expected = [p for n, p in enumerate(library, start=1) if n % 2]
    assert sorted(h.identifier for h in headers) == sorted(
        f"oai:bryggan.example:publication/{p.pk}" for p in expected
    )
    deleted = {h.identifier for h in headers if h.deleted}
    assert deleted == {f"oai:bryggan.example:publication/{library[0].pk}"}  # it was withdrawn
    specs = {s.setSpec for s in client.ListSets()}
    assert {"kind:report", "kind:article", "area:barn-och-unga"} <= specs
    formats = {f.metadataPrefix for f in client.ListMetadataFormats()}
    assert formats == {"oai_dc", "mods", "swepub_mods"}


def test_the_diva_style_harvester_of_external_monitoring_reads_our_swepub_mods(
    library, live_server
):
    source = Source.objects.create(
        name="Bryggan", kind=Source.Kind.OAI, url=f"{live_server.url}/oai", metadata_prefix="swepub_mods",
        delay_seconds=0, max_retries=0, timeout_seconds=10,
    )  # fmt: skip
    run = monitoring.run_execute(run=HarvestRun.objects.create(source=source), match=False)
    assert run.status == HarvestRun.Status.SUCCEEDED, run.log
    assert run.pages == 3
    record = Record.objects.get(doi="10.5555/bryggan.3")
    assert record.title == "Rapport 3 om placerade barn"
    assert record.authors[0]["orcid"] == "0000-0002-1825-0097"
    assert record.venue == "Nordic Social Work Research"
    assert Record.objects.count() == 7  # the withdrawn one is reported deleted, not as a record
    assert not Record.objects.filter(doi="10.5555/bryggan.1").exists()
    assert Publication.objects.count() == 9
