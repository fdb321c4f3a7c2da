"""Coordinators configure sources and start harvests; the run page shows progress without JS."""

from django.test import override_settings

from bryggan.monitoring.models import HarvestRun, Record, Source
from tests.monitoring.test_harvest import oai_pages

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def test_only_coordinators_see_sources(cast, as_worker, as_coordinator, anonymous) -> None:
    assert as_worker.get("/omvarldsbevakning/kallor/").status_code == 403
    assert anonymous.get("/omvarldsbevakning/kallor/").status_code == 302
    assert as_coordinator.get("/omvarldsbevakning/kallor/").status_code == 200


def test_a_source_needs_what_its_kind_needs(cast, as_coordinator) -> None:
    response = as_coordinator.post(
        "/omvarldsbevakning/kallor/ny/",
        {
            "name": "DiVA",
            "kind": "oai",
            "url": "",
            "delay_seconds": 1,
            "max_retries": 3,
            "timeout_seconds": 30,
        },
    )
    assert response.status_code == 200
    assert not Source.objects.exists()
    assert 'value="DiVA"' in response.text


@override_settings(TASKS=IMMEDIATE)
def test_harvest_now_runs_in_the_background_and_shows_progress(
    cast, as_coordinator, server, django_capture_on_commit_callbacks
) -> None:
    url = server.route("/oai", oai_pages)
    response = as_coordinator.post(
        "/omvarldsbevakning/kallor/ny/",
        {
            "name": "GIH", "kind": "oai", "url": url, "metadata_prefix": "swepub_mods", "set_spec": "",
            "delay_seconds": 0, "max_retries": 1, "timeout_seconds": 5, "active": "on",
        },
    )  # fmt: skip
    assert response.status_code == 302
    source = Source.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        response = as_coordinator.post(f"/omvarldsbevakning/kallor/{source.pk}/skorda/")
    run = HarvestRun.objects.get()
    assert response["Location"] == f"/omvarldsbevakning/korningar/{run.pk}/"
    response = as_coordinator.get(response["Location"])
    assert (run.status, run.fetched, run.total) == (HarvestRun.Status.SUCCEEDED, 20, 20)
    assert Record.objects.count() == 20
    assert "<progress" in response.text
    assert response.status_code == 200


def test_a_failed_run_can_be_resumed_from_its_page(cast, as_coordinator) -> None:
    source = Source.objects.create(
        name="X", kind="oai", url="https://x.example.org", metadata_prefix="oai_dc"
    )
    run = HarvestRun.objects.create(source=source, status=HarvestRun.Status.FAILED, cursor="tok")
    response = as_coordinator.get(f"/omvarldsbevakning/korningar/{run.pk}/")
    assert (
        "Resume where it stopped" in response.text or "Fortsätt där den stannade" in response.text
    )
    response = as_coordinator.post(f"/omvarldsbevakning/korningar/{run.pk}/fortsatt/")
    run.refresh_from_db()
    assert (run.status, run.cursor) == (HarvestRun.Status.QUEUED, "tok")
