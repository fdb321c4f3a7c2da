"""The instrument library: data dictionaries, versions frozen by data, scoring, licences."""

import numpy as np
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from bryggan.followup import dictionary, services
from bryggan.followup.answers import scaled_matrix, subscale_scores
from bryggan.followup.models import Instrument, Item, Subscale
from tests.conftest import client_for
from tests.followup.conftest import DICTIONARY, enrol, measure


def test_a_data_dictionary_round_trips(world):
    text = dictionary.export(world.version)
    again = dictionary.parse(text)
    assert again.errors == []
    assert [i.code for i in again.items] == [i.code for i in world.version.items.all()]
    (subscale,) = again.subscales
    assert subscale.items == ["mood1", "mood2", "mood3"]
    assert subscale.method == "mean" and subscale.min_answered == 2
    likert = again.items[0]
    assert likert.choices[0] == [1, "Aldrig"] and likert.required
    assert again.items[1].reverse_coded


def test_a_bad_dictionary_is_refused_with_row_numbers_and_nothing_changes(world, as_coordinator):
    before = list(world.version.items.values_list("code", flat=True))
    bad = (
        "variable,type,label,choices,min,max\n"
        "q1,likert,Fråga,1 Aldrig | 2 Ofta,,\n"
        "Q 2,numeric,Fråga två,,10,1\n"
        "q3,colour,Fråga tre,,,\n"
        "q1,text,Dubblett,,,\n"
    )
    version = world.version
    version.measurements.all().delete()
    version.frozen_at = None
    version.save(update_fields=["frozen_at"])
    response = as_coordinator.post(
        version.get_absolute_url() + "importera/",
        {"file": SimpleUploadedFile("dd.csv", bad.encode(), content_type="text/csv")},
        follow=True,
    )
    text = response.content.decode()
    assert "Rad 2" in text and "Rad 3" in text and "Rad 4" in text and "Rad 5" in text
    assert list(world.version.items.values_list("code", flat=True)) == before


def test_a_dictionary_needs_its_columns():
    parsed = dictionary.parse("name,question\nq1,Hur mår du?\n")
    assert parsed.errors and "variable" in parsed.errors[0]


def test_a_version_with_data_is_frozen(world, as_coordinator):
    (subject,) = enrol(world, world.unit, 1)
    measure(world, subject, world.baseline)
    world.version.refresh_from_db()
    assert world.version.is_frozen
    item = world.version.items.first()
    response = as_coordinator.post(
        world.version.get_absolute_url() + f"fragor/{item.pk}/",
        {"code": item.code, "kind": "likert", "text": "Ändrad", "choices": "1, A | 2, B"},
    )
    assert "frysta" in response.content.decode()
    item.refresh_from_db()
    assert item.text != "Ändrad"
    with pytest.raises(ValidationError):
        services.dictionary_import(version=world.version, text=DICTIONARY)
    # A new version starts as a copy and can be changed.
    response = as_coordinator.post(
        world.version.instrument.get_absolute_url() + "ny-version/",
        {"label": "2", "note": "Ny formulering", "copy_from": world.version.pk},
    )
    new = world.version.instrument.versions.get(label="2")
    assert new.items.count() == world.version.items.count()
    assert new.subscales.get().items.count() == 3
    assert not new.is_frozen


def test_coordinators_build_a_version_item_by_item(cast, as_coordinator, as_worker):
    response = as_coordinator.post(
        "/uppfoljning/instrument/nytt/",
        {"name": "Föräldraskap (demo)", "licence": "own", "licence_note": "", "description": ""},
    )
    instrument = Instrument.objects.get(name="Föräldraskap (demo)")
    assert response.status_code == 302
    base = instrument.versions.get().get_absolute_url()
    for n in range(1, 4):
        response = as_coordinator.post(
            base + "fragor/ny/",
            {
                "code": f"p{n}",
                "kind": "likert",
                "text": f"Fråga {n}",
                "choices": "1, Aldrig | 2, Ibland | 3, Ofta",
            },
        )
        assert response.status_code == 302
    response = as_coordinator.post(
        base + "fragor/ny/", {"code": "p1", "kind": "numeric", "text": "Dubblett"}
    )
    assert "redan" in response.content.decode()
    items = list(instrument.versions.get().items.all())
    response = as_coordinator.post(
        base + "delskalor/ny/",
        {
            "code": "parenting",
            "label": "Föräldraskap",
            "method": "sum",
            "items": [i.pk for i in items],
            "min_answered": 2,
            "higher_is_better": "on",
        },
    )
    assert response.status_code == 302
    assert Subscale.objects.get(code="parenting").items.count() == 3
    assert (
        as_worker.post(base + "fragor/ny/", {"code": "x1", "kind": "text", "text": "X"}).status_code
        == 403
    )
    assert as_worker.get(base).status_code == 200  # staff read the library


def test_scoring_sum_mean_reverse_coding_and_minimum_answered(world):
    items, subscales, members = services.measures_of(world.version)
    rows = [
        [5, 1, 4, 8, 1, 1, [1], None, None],  # mood2 reverse-coded: 1 counts as 5
        [1, None, None, 8, 1, 1, [1], None, None],  # one item only: below the minimum of 2
        [3, None, 5, 8, 1, 1, [1], None, None],
    ]
    matrix = scaled_matrix(items, rows)
    scores = subscale_scores(subscales, items, matrix, members)
    assert scores[0, 0] == pytest.approx((5 + 5 + 4) / 3)
    assert np.isnan(scores[1, 0])
    assert scores[2, 0] == pytest.approx(4.0)
    subscale = subscales[0]
    subscale.method = Subscale.Method.SUM
    summed = subscale_scores([subscale], items, matrix, members)
    assert summed[0, 0] == pytest.approx(14)
    assert summed[2, 0] == pytest.approx(12)  # prorated: mean 4 times three items


def test_a_licence_that_forbids_copies_hides_the_dictionary(world, as_worker, as_coordinator):
    instrument = world.version.instrument
    instrument.licence = "permission"
    instrument.save(update_fields=["licence"])
    url = world.version.get_absolute_url() + "datadictionary.csv"
    assert as_worker.get(url).status_code == 403
    assert as_coordinator.get(url).status_code == 200
    page = as_worker.get(instrument.get_absolute_url()).content.decode()
    assert "får inte kopieras" in page


def test_yes_no_items_get_their_labels(world):
    school = world.version.items.get(code="school")
    assert school.kind == Item.Kind.YESNO
    assert school.value_labels == {1: "Ja", 0: "Nej"}


def test_an_item_cannot_reuse_the_missing_codes(world):
    spec = dictionary.ItemSpec(
        code="q9", kind="single", text="X", choices=[[-9, "Vet ej"], [1, "Ja"]]
    )
    assert dictionary.check_item(spec)


def test_the_outsider_sees_no_library(cast):
    assert client_for(cast.outsider).get("/uppfoljning/instrument/").status_code == 403


def test_stored_answers_parse_the_same_whatever_the_json_spacing(world):
    from bryggan.followup.answers import parse_rows

    items = [i for i in world.version.items.all() if i.kind == "likert"]
    compact = parse_rows(items, ["[1,2,null]", "[3,null,5]"])[0]
    spaced = parse_rows(items, ["[1, 2, null]", "[3, null, 5]"])[0]
    assert np.array_equal(compact, spaced, equal_nan=True)
    assert np.isnan(compact[0, 2]) and compact[1, 2] == 5
