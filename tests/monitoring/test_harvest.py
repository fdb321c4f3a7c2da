"""Harvesting through real HTTP from a local server that replays recorded responses."""

import gzip
import json

import pytest

from bryggan.monitoring import services
from bryggan.monitoring.models import HarvestRun, Record, RecordSource, Source
from tests.monitoring.conftest import recorded

XML = "text/xml; charset=utf-8"
JSON = "application/json"


def oai_source(url: str, **extra) -> Source:
    return Source.objects.create(
        name="GIH DiVA", kind=Source.Kind.OAI, url=url, metadata_prefix="swepub_mods",
        set_spec="gih", delay_seconds=0, max_retries=2, timeout_seconds=5, **extra,
    )  # fmt: skip


def oai_pages(query: dict[str, str]):
    if query.get("resumptionToken") == "gih-page-2":
        return 200, recorded("oai_gih_page2.xml"), XML
    if query.get("resumptionToken"):
        return 200, recorded("oai_bad_token.xml"), XML
    return 200, recorded("oai_gih_page1.xml"), XML


def harvest(source: Source) -> HarvestRun:
    run = HarvestRun.objects.create(source=source, harvest_from=source.last_harvested_at)
    return services.run_execute(run=run)


@pytest.mark.django_db
def test_it_harvests_swepub_mods_pages_with_a_resumption_token(server) -> None:
    source = oai_source(server.route("/oai", oai_pages))
    run = harvest(source)
    assert run.status == HarvestRun.Status.SUCCEEDED
    assert (run.fetched, run.new, run.pages, run.total) == (20, 20, 2, 20)
    assert server.requests[0][1] == {
        "verb": "ListRecords",
        "metadataPrefix": "swepub_mods",
        "set": "gih",
    }
    assert server.requests[1][1] == {"verb": "ListRecords", "resumptionToken": "gih-page-2"}
    record = Record.objects.get(provenance__external_id="oai:DiVA.org:gih-5041")
    assert record.doi == "10.1080/14763141.2017.1359330"
    assert record.authors[0]["orcid"] == "0000-0002-4901-0010"
    assert record.venue == "Sports Biomechanics"
    assert record.year == 2017


@pytest.mark.django_db
def test_a_second_harvest_is_incremental_and_duplicates_nothing(server) -> None:
    source = oai_source(server.route("/oai", oai_pages))
    harvest(source)
    source.refresh_from_db()
    assert source.last_harvested_at is not None
    run = harvest(source)
    assert run.status == HarvestRun.Status.SUCCEEDED
    assert server.requests[2][1]["from"] == f"{source.last_harvested_at:%Y-%m-%d}"
    assert (run.fetched, run.new, run.updated) == (20, 0, 0)
    assert Record.objects.count() == 20
    assert RecordSource.objects.count() == 20


@pytest.mark.django_db
def test_it_retries_with_back_off_and_then_succeeds(server) -> None:
    url = server.sequence(
        "/oai",
        [(503, b"busy", "text/plain"), (500, b"oops", "text/plain"),
         (200, recorded("liu-new-diva.xml"), XML)],
    )  # fmt: skip
    run = harvest(oai_source(url))
    assert run.status == HarvestRun.Status.SUCCEEDED
    assert len(server.requests) == 3
    warnings = [line["text"] for line in run.log if line["level"] == "warning"]
    assert len(warnings) == 2 and "HTTP 503" in warnings[0]
    assert Record.objects.get().title.startswith("Intimate relationships as perceived")


@pytest.mark.django_db
def test_it_gives_up_after_the_retries_with_a_clear_message(server) -> None:
    url = server.sequence("/oai", [(502, b"bad gateway", "text/plain")])
    run = harvest(oai_source(url))
    assert run.status == HarvestRun.Status.FAILED
    assert len(server.requests) == 3  # one try and two retries
    assert "Gave up after 3 attempts" in run.log[-1]["text"]


@pytest.mark.django_db
def test_broken_xml_stops_the_run_and_resume_continues_after_the_saved_page(server) -> None:
    broken = {"value": True}

    def answer(query):
        if query.get("resumptionToken") == "gih-page-2" and broken["value"]:
            return 200, recorded("oai_gih_page2.xml")[:5000], XML
        return oai_pages(query)

    source = oai_source(server.route("/oai", answer))
    run = harvest(source)
    assert run.status == HarvestRun.Status.FAILED
    assert "broken XML" in next(line for line in run.log if line["level"] == "error")["text"]
    assert (run.new, run.cursor) == (10, "gih-page-2")
    assert Record.objects.count() == 10
    broken["value"] = False
    run = services.run_execute(run=run)
    assert run.status == HarvestRun.Status.SUCCEEDED
    assert server.requests[-1][1] == {"verb": "ListRecords", "resumptionToken": "gih-page-2"}
    assert (run.fetched, run.new) == (20, 20)
    assert Record.objects.count() == 20


@pytest.mark.django_db
def test_an_expired_resumption_token_restarts_the_list_without_duplicates(server) -> None:
    source = oai_source(server.route("/oai", oai_pages))
    run = HarvestRun.objects.create(
        source=source, status=HarvestRun.Status.FAILED, cursor="expired-token", pages=1
    )
    run = services.run_execute(run=run)
    assert run.status == HarvestRun.Status.SUCCEEDED
    assert any("expired" in line["text"] for line in run.log)
    assert Record.objects.count() == 20
    run = HarvestRun.objects.create(source=source, cursor="expired-token")
    services.run_execute(run=run)
    assert Record.objects.count() == 20


@pytest.mark.django_db
def test_a_timeout_is_logged_and_retried(server, settings) -> None:
    import time

    def slow(query):
        time.sleep(1.5)
        return 200, recorded("mau.xml"), XML

    source = oai_source(server.route("/oai", slow))
    source.timeout_seconds = 0.5
    source.max_retries = 1
    source.save()
    run = harvest(source)
    assert run.status == HarvestRun.Status.FAILED
    assert "did not answer within 0.5 seconds" in run.log[-1]["text"]


def openalex(query):
    cursor = query.get("cursor")
    if cursor == "*":
        return 200, recorded("openalex_works_page1.json"), JSON
    if cursor.startswith("IlsxNjA5MzcyODAwMDAwLCAnaHR0cHM6Ly9vcGVuYWxleC5vcmcvVzEwMDAn"):
        return 200, recorded("openalex_works_page2.json"), JSON
    return 200, recorded("openalex_works_last.json"), JSON


@pytest.mark.django_db
def test_openalex_pages_by_cursor_and_merges_with_the_oai_record_by_doi(server) -> None:
    harvest(oai_source(server.route("/oai", oai_pages)))
    source = Source.objects.create(
        name="OpenAlex", kind=Source.Kind.OPENALEX, url=server.route("/works", openalex),
        query="social work", email="fou@example.org", api_key="secret", delay_seconds=0,
    )  # fmt: skip
    run = harvest(source)
    assert run.status == HarvestRun.Status.SUCCEEDED
    assert (run.fetched, run.new, run.updated, run.pages) == (3, 2, 1, 3)
    first = server.requests[-3][1]
    assert first["search"] == "social work" and first["mailto"] == "fou@example.org"
    assert first["api_key"] == "secret" and first["cursor"] == "*"
    kayak = Record.objects.get(doi="10.1080/14763141.2017.1359330")
    assert sorted(p.source.name for p in kayak.provenance.all()) == ["GIH DiVA", "OpenAlex"]
    placed = Record.objects.get(doi="10.1177/14680173261100001")
    assert placed.abstract == "Children in out-of-home care Sweden leave school early.".replace(
        "care Sweden", "care in Sweden"
    )
    assert placed.oa_url.endswith(".pdf")
    assert placed.authors[0] == {
        "name": "Lena Exempelsson", "family": "Exempelsson", "given": "Lena", "orcid": "0000-0002-1825-0097",
    }  # fmt: skip


@pytest.mark.django_db
def test_an_invalid_api_key_fails_at_once_with_a_clear_message(server) -> None:
    url = server.sequence("/works", [(403, b'{"error": "invalid api key"}', JSON)])
    source = Source.objects.create(
        name="OpenAlex",
        kind=Source.Kind.OPENALEX,
        url=url,
        query="x",
        api_key="bad",
        delay_seconds=0,
    )
    run = harvest(source)
    assert run.status == HarvestRun.Status.FAILED
    assert len(server.requests) == 1
    assert "refused access (HTTP 403)" in run.log[-1]["text"]


@pytest.mark.django_db
def test_broken_json_is_a_clear_failure(server) -> None:
    url = server.sequence("/works", [(200, b'{"meta": {"count": 3}, "results": [', JSON)])
    source = Source.objects.create(
        name="OpenAlex", kind=Source.Kind.OPENALEX, url=url, query="x", delay_seconds=0
    )
    run = harvest(source)
    assert run.status == HarvestRun.Status.FAILED
    assert "broken JSON" in run.log[-1]["text"]


@pytest.mark.django_db
def test_crossref_pages_by_cursor_skips_untitled_records_and_dedups_across_sources(server) -> None:
    harvest(
        Source.objects.create(
            name="OpenAlex", kind=Source.Kind.OPENALEX, url=server.route("/works", openalex),
            query="x", delay_seconds=0,
        )
    )  # fmt: skip
    answers = {
        "*": "crossref_works_page1.json",
        "DnF1ZXJ5VGhlbkZldGNoBgAAAAAA": "crossref_works_page2.json",
    }
    source = Source.objects.create(
        name="Crossref", kind=Source.Kind.CROSSREF, query="social work", delay_seconds=0,
        url=server.route("/cr", lambda q: (200, recorded(answers.get(q["cursor"], "crossref_works_last.json")), JSON)),
    )  # fmt: skip
    run = harvest(source)
    assert run.status == HarvestRun.Status.SUCCEEDED
    assert (run.fetched, run.new, run.updated, run.failed) == (3, 1, 1, 1)
    assert any("no title" in line["text"] for line in run.log)
    assert Record.objects.filter(doi="10.1177/14680173261100001").count() == 1
    assert Record.objects.get(doi="10.1093/bjsw/bcaf999").year == 2026


@pytest.mark.django_db
def test_a_journal_feed_is_harvested_with_feedparser(server) -> None:
    source = Source.objects.create(
        name="NSWR", kind=Source.Kind.FEED, delay_seconds=0,
        url=server.route("/rss", lambda q: (200, recorded("journal.rss"), "application/rss+xml")),
    )  # fmt: skip
    run = harvest(source)
    assert (run.status, run.new) == (HarvestRun.Status.SUCCEEDED, 2)
    record = Record.objects.get(doi="10.1080/2156857x.2026.0000001")
    assert record.venue == "Nordic Social Work Research"
    assert record.authors[0]["family"] == "Påhittad"
    assert record.year == 2026


@pytest.mark.django_db
def test_dedup_falls_back_to_title_year_and_first_author(server) -> None:
    harvest(oai_source(server.route("/oai", oai_pages)))
    from bryggan.monitoring.normalise import Item, author

    source = Source.objects.create(name="Other", kind=Source.Kind.FEED, url="https://x.example.org")
    counts, _problems = services.records_import(
        source=source,
        items=[
            Item(
                external_id="x-1",
                title="THREE-DIMENSIONAL kinematic analysis and power output of elite flat-water kayakers",
                year=2017,
                authors=[author(name="A. Bjerkefors")],
            )
        ],
    )
    assert (counts["new"], counts["updated"]) == (0, 1)
    assert Record.objects.count() == 20


def write_snapshot(path, works, *, truncate: bool = False) -> None:
    lines = [json.dumps(w) for w in works]
    text = "\n".join(lines) + "\n"
    if truncate:
        text = text[: len(text) - 40]
    path.write_bytes(gzip.compress(text.encode()) if str(path).endswith(".gz") else text.encode())


def works(n: int) -> list[dict]:
    return [
        {
            "id": f"https://openalex.org/W{i}",
            "doi": f"https://doi.org/10.9999/test.{i}",
            "title": f"Study number {i} of social work",
            "publication_year": 2026,
            "authorships": [{"author": {"display_name": "Test Person", "orcid": None}}],
        }
        for i in range(n)
    ]


@pytest.mark.django_db
def test_a_truncated_snapshot_keeps_what_was_read_and_says_so(tmp_path) -> None:
    path = tmp_path / "works.jsonl"
    write_snapshot(path, works(5), truncate=True)
    source = Source.objects.create(
        name="Snapshot", kind=Source.Kind.OPENALEX_SNAPSHOT, snapshot_path=str(path)
    )
    run = harvest(source)
    assert (run.new, run.failed) == (4, 1)
    assert any("truncated" in line["text"] for line in run.log)


@pytest.mark.django_db
def test_a_snapshot_run_resumes_from_its_line(tmp_path) -> None:
    path = tmp_path / "works.jsonl.gz"
    write_snapshot(path, works(7))
    source = Source.objects.create(
        name="Snapshot", kind=Source.Kind.OPENALEX_SNAPSHOT, snapshot_path=str(path)
    )
    run = HarvestRun.objects.create(source=source, status=HarvestRun.Status.FAILED, cursor="5")
    run = services.run_execute(run=run)
    assert (run.status, run.new) == (HarvestRun.Status.SUCCEEDED, 2)
    assert set(Record.objects.values_list("doi", flat=True)) == {"10.9999/test.5", "10.9999/test.6"}


@pytest.mark.django_db
def test_a_missing_snapshot_file_is_a_clear_failure(tmp_path) -> None:
    source = Source.objects.create(
        name="Snapshot",
        kind=Source.Kind.OPENALEX_SNAPSHOT,
        snapshot_path=str(tmp_path / "none.jsonl"),
    )
    run = harvest(source)
    assert run.status == HarvestRun.Status.FAILED
    assert "cannot be read" in run.log[-1]["text"]


PAGE_2 = "IlsxNjA5MzcyODAwMDAwLCAnaHR0cHM6Ly9vcGVuYWxleC5vcmcvVzEwMDAn"


@pytest.mark.django_db
def test_broken_json_on_a_later_page_keeps_the_saved_pages_and_resume_continues(server) -> None:
    broken = {"value": True}

    def answer(query):
        if query["cursor"].startswith(PAGE_2) and broken["value"]:
            return 200, recorded("openalex_works_page2.json")[:300], JSON
        return openalex(query)

    source = Source.objects.create(
        name="OpenAlex", kind=Source.Kind.OPENALEX, url=server.route("/works", answer),
        query="x", delay_seconds=0,
    )  # fmt: skip
    run = harvest(source)
    assert run.status == HarvestRun.Status.FAILED
    assert "broken JSON" in next(line for line in run.log if line["level"] == "error")["text"]
    assert any("2 records fetched before the error are saved" in line["text"] for line in run.log)
    assert (run.new, Record.objects.count()) == (2, 2)
    assert run.cursor.startswith(PAGE_2)
    broken["value"] = False
    run = services.run_execute(run=run)
    assert run.status == HarvestRun.Status.SUCCEEDED
    assert server.requests[-2][1]["cursor"].startswith(PAGE_2)  # not from "*" again
    assert (run.fetched, run.new) == (3, 3)
    assert Record.objects.count() == 3
    assert RecordSource.objects.count() == 3


@pytest.mark.django_db
def test_a_timeout_on_a_later_page_is_resumed_without_losing_or_repeating_records(
    server,
) -> None:
    import time

    slow = {"value": True}

    def answer(query):
        if query.get("resumptionToken") == "gih-page-2" and slow["value"]:
            time.sleep(1.0)
        return oai_pages(query)

    source = oai_source(server.route("/oai", answer))
    source.timeout_seconds, source.max_retries = 0.3, 0
    source.save()
    run = harvest(source)
    assert run.status == HarvestRun.Status.FAILED
    assert "did not answer within 0.3 seconds" in run.log[-2]["text"]
    assert (run.new, run.cursor, Record.objects.count()) == (10, "gih-page-2", 10)
    slow["value"] = False
    run = services.run_execute(run=run)
    assert run.status == HarvestRun.Status.SUCCEEDED
    assert (run.new, Record.objects.count(), RecordSource.objects.count()) == (20, 20, 20)


@pytest.mark.django_db
def test_a_key_refused_mid_run_keeps_the_first_pages_and_a_new_key_resumes(server) -> None:
    def answer(query):
        if query.get("api_key") != "good" and query["cursor"] != "*":
            return 401, b'{"error": "API key expired"}', JSON
        return openalex(query)

    source = Source.objects.create(
        name="OpenAlex", kind=Source.Kind.OPENALEX, url=server.route("/works", answer),
        query="x", api_key="old", delay_seconds=0,
    )  # fmt: skip
    run = harvest(source)
    assert run.status == HarvestRun.Status.FAILED
    assert any("refused access (HTTP 401)" in line["text"] for line in run.log)
    assert Record.objects.count() == 2
    source.api_key = "good"
    source.save()
    run.refresh_from_db()
    run = services.run_execute(run=run)
    assert run.status == HarvestRun.Status.SUCCEEDED
    assert Record.objects.count() == 3


@pytest.mark.django_db
def test_a_truncated_gzip_snapshot_keeps_the_lines_read_and_says_where_it_broke(tmp_path) -> None:
    path = tmp_path / "works.jsonl.gz"
    whole = gzip.compress(("\n".join(json.dumps(w) for w in works(400)) + "\n").encode())
    path.write_bytes(whole[: len(whole) * 3 // 4])
    source = Source.objects.create(
        name="Snapshot", kind=Source.Kind.OPENALEX_SNAPSHOT, snapshot_path=str(path)
    )
    run = harvest(source)
    assert run.status == HarvestRun.Status.FAILED
    assert "The snapshot file broke off after line" in run.log[-2]["text"]
    saved = Record.objects.count()
    assert 0 < saved < 400 and run.new == saved
    run = services.run_execute(run=run)  # the file is still cut: nothing is added twice
    assert run.status == HarvestRun.Status.FAILED
    assert Record.objects.count() == saved
    assert RecordSource.objects.count() == saved


@pytest.mark.django_db
def test_snapshot_works_without_a_title_are_skipped_and_named_in_the_log(tmp_path) -> None:
    path = tmp_path / "works.jsonl"
    rows = works(3)
    rows[1]["title"] = None
    write_snapshot(path, rows)
    source = Source.objects.create(
        name="Snapshot", kind=Source.Kind.OPENALEX_SNAPSHOT, snapshot_path=str(path)
    )
    run = harvest(source)
    assert (run.status, run.new, run.failed) == (HarvestRun.Status.SUCCEEDED, 2, 1)
    assert any(
        "W1" in line["text"] and "no title" in line["text"]
        for line in run.log
        if line["level"] == "problem"
    )
