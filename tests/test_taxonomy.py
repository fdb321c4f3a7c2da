"""Priority areas and topics: browsing and editing by coordinators."""

import pytest

from bryggan.taxonomy.models import PriorityArea, SubjectCode, Topic

pytestmark = pytest.mark.django_db


def test_ssif_codes_are_loaded_with_their_hierarchy():
    social_work = SubjectCode.objects.get(code="50402")
    assert social_work.name_sv == "Socialt arbete"
    assert social_work.parent.code == "504" and social_work.parent.parent.code == "5"


def test_a_coordinator_adds_and_edits_a_priority_area(cast, as_coordinator, anonymous):
    response = as_coordinator.post(
        "/omraden/nytt/", {"name_sv": "Våld i nära relationer", "name_en": "Domestic violence"}
    )
    area = PriorityArea.objects.get(name_sv="Våld i nära relationer")
    assert response["Location"] == area.get_absolute_url()
    as_coordinator.post(
        f"/omraden/{area.slug}/andra/", {"name_sv": "Våld i nära relationer", "description": "Ny"}
    )
    area.refresh_from_db()
    assert area.description == "Ny"
    assert "Våld i nära relationer" in anonymous.get("/omraden/").content.decode()


def test_a_coordinator_adds_a_topic_with_subject_codes(cast, as_coordinator):
    code = SubjectCode.objects.get(code="50402")
    as_coordinator.post(
        "/amnen/nytt/", {"name_sv": "Hemlöshet", "kind": "topic", "subject_codes": [code.pk]}
    )
    assert list(Topic.objects.get(name_sv="Hemlöshet").subject_codes.all()) == [code]


def test_an_empty_name_is_refused_and_nothing_is_saved(cast, as_coordinator):
    response = as_coordinator.post(
        "/amnen/nytt/", {"name_sv": "", "name_en": "Homelessness", "kind": "topic"}
    )
    assert response.status_code == 200
    assert 'value="Homelessness"' in response.content.decode()
    assert not Topic.objects.filter(name_en="Homelessness").exists()


def test_staff_without_the_coordinator_role_cannot_edit_the_taxonomy(cast, as_worker):
    assert as_worker.post("/omraden/nytt/", {"name_sv": "X"}).status_code == 403
    assert not PriorityArea.objects.filter(name_sv="X").exists()
