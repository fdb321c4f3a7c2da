"""The OAI-PMH 2.0 provider at /oai: every verb, every error, tokens, selective harvesting, deletions."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from unittest import mock

import pytest
from django.utils import timezone
from lxml import etree

from bryggan.library import importers, services
from bryggan.library.models import Publication
from bryggan.people.models import Person
from tests.library.conftest import make_publication

NS = {
    "o": "http://www.openarchives.org/OAI/2.0/",
    "dc": "http://purl.org/dc/elements/1.1/",
    "oai_dc": "http://www.openarchives.org/OAI/2.0/oai_dc/",
    "m": "http://www.loc.gov/mods/v3",
    "id": "http://www.openarchives.org/OAI/2.0/oai-identifier",
}


def oai(client, **params):
    response = client.get("/oai", params)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/xml; charset=utf-8"
    return etree.fromstring(response.content)


def error_code(root) -> str | None:
    error = root.find("o:error", NS)
    return error.get("code") if error is not None else None


def ident(pub: Publication) -> str:
    return f"oai:bryggan.example:publication/{pub.pk}"


def at(pub: Publication, moment: datetime) -> None:
    Publication.objects.filter(pk=pub.pk).update(updated_at=moment)


@pytest.fixture
def repository(cast, area, settings):
    """Five public reports and articles, one withdrawn, one made internal after harvest, one never public."""
    settings.LIBRARY_OAI_PAGE_SIZE = 2
    researcher = Person.objects.get(user=cast.researcher)
    pubs = {
        "a": make_publication(
            title="Unga och tramadol",
            subtitle="En intervjustudie",
            authors=[
                {"person": researcher, "orcid": "0000-0002-1825-0097"},
                {"family_name": "Holmqvist", "given_name": "Birgitta"},
                {"family_name": "Strand", "given_name": "Helena", "role": "editor"},
            ],
            doi="10.5555/tramadol",
            urn="urn:nbn:se:demo:1",
            priority_areas=[area],
            abstract_sv="Unga beskriver tramadol som ofarligt.",
            abstract_en="Young people describe tramadol as harmless.",
            publisher="Socialhögskolan",
            series="Rapport 2025:1",
        ),
        "b": make_publication(
            title="Stödgrupper för barn",
            kind="article",
            language="en",
            journal="Nordic Social Work Research",
            volume="12",
            issue="2",
            pages="45–67",
        ),
        "c": make_publication(
            title="Meningen med att bo här", kind="dissertation", isbn="978-91-7873-255-5"
        ),
        "d": make_publication(title="Kunskapsstyrning", priority_areas=[area]),
        "e": make_publication(title="Chefsmötet som lärande arena", kind="chapter"),
        "withdrawn": make_publication(title="Preliminära resultat"),
        "hidden": make_publication(title="Senare intern"),
        "never": make_publication(title="Alltid intern", visibility="internal"),
    }
    services.publication_withdraw(publication=pubs["withdrawn"], reason="Ersatt.")
    Publication.objects.filter(pk=pubs["hidden"].pk).update(visibility="internal")
    base = datetime(2025, 1, 10, 8, 0, 0, tzinfo=UTC)
    for n, key in enumerate(["a", "b", "c", "d", "e", "withdrawn", "hidden", "never"]):
        at(pubs[key], base + timedelta(days=n, seconds=0.5))
    return pubs


def test_identify_describes_the_repository(repository, anonymous, settings):
    settings.LIBRARY_OAI_ADMIN_EMAIL = "Biblioteket <bibliotek@example.org>"
    root = oai(anonymous, verb="Identify")
    assert root.find("o:request", NS).get("verb") == "Identify"
    identify = root.find("o:Identify", NS)
    assert identify.findtext("o:protocolVersion", namespaces=NS) == "2.0"
    assert identify.findtext("o:baseURL", namespaces=NS).endswith("/oai")
    assert identify.findtext("o:adminEmail", namespaces=NS) == "bibliotek@example.org"
    assert identify.findtext("o:earliestDatestamp", namespaces=NS) == "2025-01-10T08:00:00Z"
    assert identify.findtext("o:deletedRecord", namespaces=NS) == "persistent"
    assert identify.findtext("o:granularity", namespaces=NS) == "YYYY-MM-DDThh:mm:ssZ"
    assert identify.findtext(".//id:repositoryIdentifier", namespaces=NS) == "bryggan.example"


def test_metadata_formats_and_sets(repository, anonymous):
    formats = oai(anonymous, verb="ListMetadataFormats")
    assert formats.xpath("//o:metadataPrefix/text()", namespaces=NS) == [
        "oai_dc",
        "mods",
        "swepub_mods",
    ]
    for_item = oai(anonymous, verb="ListMetadataFormats", identifier=ident(repository["a"]))
    assert len(for_item.xpath("//o:metadataFormat", namespaces=NS)) == 3
    sets = oai(anonymous, verb="ListSets").xpath("//o:setSpec/text()", namespaces=NS)
    assert {"kind", "kind:report", "kind:dissertation", "area", "area:barn-och-unga"} <= set(sets)


def test_list_records_pages_with_resumption_tokens_and_reports_deletions(repository, anonymous):
    seen: list[tuple[str, bool]] = []
    root = oai(anonymous, verb="ListRecords", metadataPrefix="oai_dc")
    tokens = []
    while True:
        for record in root.xpath("//o:record", namespaces=NS):
            header = record.find("o:header", NS)
            seen.append(
                (header.findtext("o:identifier", namespaces=NS), header.get("status") == "deleted")
            )
        token = root.find(".//o:resumptionToken", NS)
        tokens.append(token)
        if token is None or not token.text:
            break
        root = oai(anonymous, verb="ListRecords", resumptionToken=token.text)
    pubs = repository
    assert seen == [
        (ident(pubs[k]), k in ("withdrawn", "hidden"))
        for k in ["a", "b", "c", "d", "e", "withdrawn", "hidden"]
    ]
    assert [(t.get("completeListSize"), t.get("cursor")) for t in tokens] == [
        ("7", "0"),
        ("7", "2"),
        ("7", "4"),
        ("7", "6"),
    ]
    assert tokens[0].get("expirationDate").endswith("Z")
    assert tokens[-1].text is None  # the last page ends the list with an empty token


def test_oai_dc_describes_the_publication(repository, anonymous):
    root = oai(
        anonymous, verb="GetRecord", identifier=ident(repository["a"]), metadataPrefix="oai_dc"
    )
    dc = root.find(".//oai_dc:dc", NS)
    assert dc.findtext("dc:title", namespaces=NS) == "Unga och tramadol: En intervjustudie"
    assert dc.xpath("dc:creator/text()", namespaces=NS) == ["Forskare, Rut", "Holmqvist, Birgitta"]
    assert dc.xpath("dc:contributor/text()", namespaces=NS) == ["Strand, Helena"]
    assert "https://doi.org/10.5555/tramadol" in dc.xpath("dc:identifier/text()", namespaces=NS)
    assert "info:eu-repo/semantics/report" in dc.xpath("dc:type/text()", namespaces=NS)
    assert dc.findtext("dc:language", namespaces=NS) == "swe"
    assert dc.find(
        "dc:description[@{http://www.w3.org/XML/1998/namespace}lang='en']", NS
    ).text.startswith("Young")
    header = root.find(".//o:header", NS)
    assert header.xpath("o:setSpec/text()", namespaces=NS) == ["kind:report", "area:barn-och-unga"]
    assert header.findtext("o:datestamp", namespaces=NS) == "2025-01-10T08:00:00Z"


def test_swepub_mods_round_trips_through_the_importer(repository, anonymous):
    pub = repository["a"]
    response = anonymous.get(
        "/oai", {"verb": "GetRecord", "identifier": ident(pub), "metadataPrefix": "swepub_mods"}
    )
    (entry,) = importers.parse_mods(response.content)
    fields = entry.fields
    assert entry.errors == []
    assert (fields["kind"], fields["title"], fields["subtitle"], fields["year"]) == (
        "report",
        pub.title,
        pub.subtitle,
        2024,
    )
    assert (fields["doi"], fields["urn"], fields["publisher"], fields["series"]) == (
        "10.5555/tramadol",
        "urn:nbn:se:demo:1",
        "Socialhögskolan",
        "Rapport 2025:1",
    )
    assert fields["abstract_en"] == pub.abstract_en and fields["abstract_sv"] == pub.abstract_sv
    assert [(a["family_name"], a["orcid"], a["role"]) for a in fields["authors"]] == [
        ("Forskare", "0000-0002-1825-0097", "author"),
        ("Holmqvist", "", "author"),
        ("Strand", "", "editor"),
    ]
    article = anonymous.get(
        "/oai",
        {"verb": "GetRecord", "identifier": ident(repository["b"]), "metadataPrefix": "mods"},
    )
    (entry,) = importers.parse_mods(article.content)
    assert (
        entry.fields["journal"],
        entry.fields["volume"],
        entry.fields["issue"],
        entry.fields["pages"],
    ) == (
        "Nordic Social Work Research",
        "12",
        "2",
        "45–67",
    )
    root = etree.fromstring(article.content)
    assert root.xpath("//m:genre[@authority='kb.se']/text()", namespaces=NS) == [
        "publication/journal-article"
    ]


def test_ssif_subjects_follow_swepub(cast, anonymous, social_work):
    pub = make_publication(subject_codes=[social_work])
    root = oai(anonymous, verb="GetRecord", identifier=ident(pub), metadataPrefix="swepub_mods")
    subject = root.find(".//m:subject[@lang='swe']", NS)
    assert subject.get("authority") == "uka.se"
    assert subject.get("{http://www.w3.org/1999/xlink}href") == "50402"
    assert subject.xpath("m:topic/text()", namespaces=NS) == [
        "Samhällsvetenskap",
        "Sociologi",
        "Socialt arbete",
    ]


def test_a_deleted_record_has_a_header_and_no_metadata(repository, anonymous):
    root = oai(
        anonymous,
        verb="GetRecord",
        identifier=ident(repository["withdrawn"]),
        metadataPrefix="oai_dc",
    )
    assert root.find(".//o:header", NS).get("status") == "deleted"
    assert root.find(".//o:metadata", NS) is None


def test_selective_harvesting_by_set_and_dates(repository, anonymous):
    def identifiers(**params):
        root = oai(anonymous, verb="ListIdentifiers", metadataPrefix="oai_dc", **params)
        found = root.xpath("//o:header/o:identifier/text()", namespaces=NS)
        token = root.find(".//o:resumptionToken", NS)
        while token is not None and token.text:
            root = oai(anonymous, verb="ListIdentifiers", resumptionToken=token.text)
            found += root.xpath("//o:header/o:identifier/text()", namespaces=NS)
            token = root.find(".//o:resumptionToken", NS)
        return found

    p = repository
    assert identifiers(set="area:barn-och-unga") == [ident(p["a"]), ident(p["d"])]
    assert identifiers(set="kind:dissertation") == [ident(p["c"])]
    assert identifiers(set="area") == [ident(p["a"]), ident(p["d"])]
    assert len(identifiers(set="kind")) == 7
    assert identifiers(**{"from": "2025-01-12", "until": "2025-01-13"}) == [
        ident(p["c"]),
        ident(p["d"]),
    ]
    # Second granularity: a datestamp of 08:00:00Z matches from and until of that very second.
    assert identifiers(**{"from": "2025-01-11T08:00:00Z", "until": "2025-01-11T08:00:00Z"}) == [
        ident(p["b"])
    ]
    assert identifiers(**{"from": "2025-01-15T08:00:01Z"}) == [ident(p["hidden"])]


def test_an_update_while_harvesting_neither_repeats_nor_loses_records(repository, anonymous):
    first = oai(anonymous, verb="ListIdentifiers", metadataPrefix="oai_dc")
    token = first.find(".//o:resumptionToken", NS).text
    Publication.objects.filter(pk=repository["a"].pk).update(updated_at=timezone.now())
    seen = first.xpath("//o:identifier/text()", namespaces=NS)
    while token:
        root = oai(anonymous, verb="ListIdentifiers", resumptionToken=token)
        seen += root.xpath("//o:identifier/text()", namespaces=NS)
        element = root.find(".//o:resumptionToken", NS)
        token = element.text if element is not None else None
    assert len(seen) == len(set(seen)) == 7
    later = oai(
        anonymous,
        verb="ListIdentifiers",
        metadataPrefix="oai_dc",
        **{"from": datetime.now(UTC).strftime("%Y-%m-%d")},
    )
    assert later.xpath("//o:identifier/text()", namespaces=NS) == [ident(repository["a"])]


def test_post_requests_are_answered(repository, anonymous):
    response = anonymous.post(
        "/oai",
        {"verb": "GetRecord", "identifier": ident(repository["b"]), "metadataPrefix": "oai_dc"},
    )
    assert b"St\xc3\xb6dgrupper" in response.content


BAD_ARGUMENTS = [
    ({"verb": "Identify", "set": "kind"}, "badArgument"),
    ({"verb": "ListRecords"}, "badArgument"),
    ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "color": "red"}, "badArgument"),
    ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2025-13-01"}, "badArgument"),
    ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "10 jan 2025"}, "badArgument"),
    (
        {"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2025-01-10T10:00:00"},
        "badArgument",
    ),
    (
        {
            "verb": "ListRecords",
            "metadataPrefix": "oai_dc",
            "from": "2025-01-10",
            "until": "2025-01-11T00:00:00Z",
        },
        "badArgument",
    ),
    (
        {
            "verb": "ListRecords",
            "metadataPrefix": "oai_dc",
            "from": "2025-02-01",
            "until": "2025-01-01",
        },
        "badArgument",
    ),
    (
        {"verb": "ListRecords", "metadataPrefix": "oai_dc", "set": "area:no-such-area"},
        "badArgument",
    ),
    ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "resumptionToken": "x"}, "badArgument"),
    ({"verb": "GetRecord", "metadataPrefix": "oai_dc"}, "badArgument"),
    ({"verb": "ListIdentifiers", "metadataPrefix": "oai_dc", "set": "nonsense"}, "badArgument"),
    ({"verb": "Fetch"}, "badVerb"),
    ({}, "badVerb"),
    ({"verb": "ListRecords", "metadataPrefix": "marcxml"}, "cannotDisseminateFormat"),
    (
        {
            "verb": "GetRecord",
            "identifier": "oai:bryggan.example:publication/1",
            "metadataPrefix": "marcxml",
        },
        "cannotDisseminateFormat",
    ),
    (
        {"verb": "GetRecord", "identifier": "oai:elsewhere.example:1", "metadataPrefix": "oai_dc"},
        "idDoesNotExist",
    ),
    (
        {"verb": "ListMetadataFormats", "identifier": "oai:bryggan.example:publication/999999"},
        "idDoesNotExist",
    ),
    ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2030-01-01"}, "noRecordsMatch"),
    ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "set": "kind:book"}, "noRecordsMatch"),
    ({"verb": "ListRecords", "resumptionToken": "not-a-token"}, "badResumptionToken"),
    ({"verb": "ListSets", "resumptionToken": "anything"}, "badResumptionToken"),
]


@pytest.mark.parametrize(("params", "code"), BAD_ARGUMENTS)
def test_bad_requests_get_the_protocol_error(repository, anonymous, params, code):
    root = oai(anonymous, **params)
    assert error_code(root) == code
    request = root.find("o:request", NS)
    if code in ("badVerb", "badArgument"):
        assert request.attrib == {}  # the protocol forbids echoing arguments it did not understand
    assert root.find("o:error", NS).text


def test_repeated_arguments_are_bad(repository, anonymous):
    assert (
        error_code(etree.fromstring(anonymous.get("/oai?verb=Identify&verb=Identify").content))
        == "badVerb"
    )
    repeated = anonymous.get("/oai?verb=ListRecords&metadataPrefix=oai_dc&metadataPrefix=mods")
    assert error_code(etree.fromstring(repeated.content)) == "badArgument"


def test_a_publication_never_offered_to_harvesters_does_not_exist_for_them(repository, anonymous):
    root = oai(
        anonymous, verb="GetRecord", identifier=ident(repository["never"]), metadataPrefix="oai_dc"
    )
    assert error_code(root) == "idDoesNotExist"


def test_expired_and_foreign_tokens_are_refused(repository, anonymous):
    token = (
        oai(anonymous, verb="ListRecords", metadataPrefix="oai_dc")
        .find(".//o:resumptionToken", NS)
        .text
    )
    assert (
        error_code(oai(anonymous, verb="ListIdentifiers", resumptionToken=token))
        == "badResumptionToken"
    )
    tampered = token[:-3] + ("AAA" if not token.endswith("AAA") else "BBB")
    assert (
        error_code(oai(anonymous, verb="ListRecords", resumptionToken=tampered))
        == "badResumptionToken"
    )
    two_days_later = time.time() + 2 * 24 * 3600
    with mock.patch("django.core.signing.time.time", return_value=two_days_later):
        root = oai(anonymous, verb="ListRecords", resumptionToken=token)
    assert error_code(root) == "badResumptionToken"
    assert "expired" in root.find("o:error", NS).text
