"""Reports: the figures, paired change, suppression, and differencing attacks that must fail."""

import statistics
from datetime import timedelta

import numpy as np
import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from bryggan.followup import reports, services
from bryggan.followup.models import FollowupPlan
from bryggan.lib.suppression import SUPPRESSED, determined_cells
from tests.conftest import client_for
from tests.followup.conftest import answers, enrol

RECENT = timedelta(days=5)


def _put(world, subject, occasion, day, **kw):
    return services.measurement_save(
        subject=subject,
        occasion=occasion,
        version=world.version,
        measured_on=day,
        raw=answers(**kw),
    )


def _api(client, world, **params):
    query = "&".join(f"{k}={v}" for k, v in params.items())
    response = client.get(f"/api/v1/followup/plans/{world.plan.slug}/report?{query}")
    assert response.status_code == 200, response.content
    return response.json()


def _item(report, code, occasion="Start"):
    return next(r for r in report["items"] if r["code"] == code and r["occasion"] == occasion)


def test_n_mean_sd_and_median_are_right(world, cast):
    sleeps = [6, 7, 7.5, 8, 9, 10, 11, 5.5, 8, 12]  # two batches of five enter the report
    subjects = enrol(world, world.unit, len(sleeps))
    for subject, sleep in zip(subjects, sleeps, strict=True):
        _put(
            world, subject, world.baseline, world.plan.start + timedelta(days=20), sleep=str(sleep)
        )
    data = _api(client_for(cast.manager), world, unit="BU")
    row = _item(data, "sleep")
    assert row["n"] == 10
    assert row["mean"] == pytest.approx(statistics.mean(sleeps))
    assert row["sd"] == pytest.approx(statistics.stdev(sleeps))
    assert row["median"] == pytest.approx(statistics.median(sleeps))
    assert "indikationer" in data["note"]


def test_paired_change_cohens_d_and_improved_unchanged_worse(world, cast):
    before = [1, 2, 2, 3, 3, 4, 2, 1, 3, 2]
    after = [3, 4, 4, 5, 5, 4, 2, 1, 3, 2]
    subjects = enrol(world, world.unit, len(before))
    for subject, b, a in zip(subjects, before, after, strict=True):
        _put(world, subject, world.baseline, world.plan.start + timedelta(days=20), mood=b)
        _put(world, subject, world.later, world.plan.start + timedelta(days=120), mood=a)
    data = _api(client_for(cast.researcher), world)
    (change,) = [c for c in data["changes"] if c["code"] == "wellbeing"]
    # wellbeing = mean(mood1, 6 - mood2 reversed, mood3) with mood2 = 6 - mood: (2*mood + 4) / 3
    x0 = (2 * np.array(before) + 4) / 3
    x1 = (2 * np.array(after) + 4) / 3
    d_expected = (x1 - x0).mean() / np.sqrt((x0.std(ddof=1) ** 2 + x1.std(ddof=1) ** 2) / 2)
    r = np.corrcoef(x0, x1)[0, 1]
    half = 1.959963984540054 * np.sqrt((1 / 10 + d_expected**2 / 20) * 2 * (1 - r))
    assert change["n"] == 10
    assert change["change"] == pytest.approx((x1 - x0).mean())
    assert change["d"] == pytest.approx(d_expected)
    assert change["d_low"] == pytest.approx(d_expected - half)
    assert change["d_high"] == pytest.approx(d_expected + half)
    threshold = 0.5 * x0.std(ddof=1)
    assert change["threshold"] == pytest.approx(threshold)
    assert [change["improved"], change["unchanged"], change["worse"]] == [5, 5, 0]
    assert change["improved_share"] == pytest.approx(50.0)


def test_every_report_says_it_gives_indications_and_shows_missing(filled, cast):
    page = (
        client_for(cast.manager).get(filled.plan.get_absolute_url() + "rapport/").content.decode()
    )
    assert "Systematisk uppföljning ger indikationer, inte bevis för effekt." in page
    assert "Bortfall" in page
    assert '<svg class="chart" role="img"' in page and "<title" in page
    assert "Delskalornas värden per tillfälle (diagrammets siffror)" in page


def test_small_figures_are_shown_as_two_dots(world, cast):
    subjects = enrol(world, world.unit, 6)
    for n, subject in enumerate(subjects):
        _put(
            world,
            subject,
            world.baseline,
            world.plan.start + timedelta(days=20),
            school="nej" if n < 2 else "ja",
        )
    row = _item(_api(client_for(cast.manager), world, unit="BU"), "school")
    by_label = {cell["label"]: cell for cell in row["distribution"]}
    assert by_label["Nej"]["n"] == SUPPRESSED and by_label["Nej"]["share"] == SUPPRESSED
    # with the row total shown, the other answer would give the hidden one away: it hides too
    assert by_label["Ja"]["n"] == SUPPRESSED


def _two_periods(world):
    """Unit BU: five subjects last year, five this year; in this year's group two answer no."""
    early = enrol(world, world.unit, 5, on=world.plan.start + timedelta(days=10))
    late = enrol(world, world.unit, 5, on=timezone.localdate() - RECENT)
    other = enrol(world, world.other, 10, on=world.plan.start + timedelta(days=10))
    for n, subject in enumerate(early + other):
        _put(
            world,
            subject,
            world.baseline,
            world.plan.start + timedelta(days=20),
            school="ja" if n % 4 else "nej",
        )
    for n, subject in enumerate(late):
        _put(world, subject, world.baseline, timezone.localdate(), school="nej" if n < 2 else "ja")
    return early[0].period, late[0].period


def test_a_differencing_attack_across_two_period_filters_fails(world, cast):
    first, second = _two_periods(world)
    client = client_for(cast.researcher)
    units, periods = ["BU", "VUX", None], [first, second, None]
    nos = {}
    for unit in units:
        for period in periods:
            params = {k: v for k, v in (("unit", unit), ("period", period)) if v}
            row = _item(_api(client, world, **params), "school")
            nos[(unit, period)] = next(c["n"] for c in row["distribution"] if c["label"] == "Nej")
    assert nos[("BU", second)] == SUPPRESSED
    # The attack: "BU, all periods" minus "BU, first period" would give the hidden figure.
    assert SUPPRESSED in (nos[("BU", None)], nos[("BU", first)])
    # And no combination of every published figure gives it (nor any other hidden figure).
    hidden = np.array([[nos[(u, p)] == SUPPRESSED for p in periods] for u in units])
    assert not (determined_cells(hidden.shape, hidden) & hidden).any()


def test_a_differencing_attack_over_time_fails(world, cast):
    subjects = enrol(world, world.unit, 10)
    day = world.plan.start + timedelta(days=20)
    for subject in subjects[:5]:
        _put(world, subject, world.baseline, day, sleep="8")
    client = client_for(cast.manager)
    before = _api(client, world, unit="BU")
    # Two more children are measured: a report before and after must not tell them apart.
    _put(world, subjects[5], world.baseline, day, sleep="4")
    _put(world, subjects[6], world.baseline, day, sleep="13")
    after = _api(client, world, unit="BU")
    assert _item(after, "sleep") == _item(before, "sleep")
    page = client_for(cast.worker).get(world.plan.get_absolute_url() + "rapport/").content.decode()
    assert "2 mätningar från dina enheter väntar" in page
    # Once five are waiting they enter together.
    for subject in subjects[7:]:
        _put(world, subject, world.baseline, day, sleep="8")
    assert _item(_api(client, world, unit="BU"), "sleep")["n"] == 10


def test_units_are_compared_with_the_plan_total(filled, cast):
    response = client_for(cast.researcher).get(filled.plan.get_absolute_url() + "jamforelse/")
    page = response.content.decode()
    assert "Barn och unga" in page and "Vuxenenheten" in page and "Alla enheter i planen" in page
    assert '<svg class="chart" role="img"' in page
    data = (
        client_for(cast.researcher)
        .get(f"/api/v1/followup/plans/{filled.plan.slug}/comparison")
        .json()
    )
    (comparison,) = data["comparisons"]
    assert [row["unit"] for row in comparison["rows"]][-1] == "Alla enheter i planen"


def test_a_too_low_suppression_minimum_is_refused(world, as_coordinator):
    data = {
        "title": world.plan.title,
        "kind": world.plan.kind,
        "intervention": "x",
        "target_group": "y",
        "question": "z",
        "start": world.plan.start.isoformat(),
        "report_period": world.plan.report_period,
        "suppression_minimum": 2,
        "status": "active",
    }
    response = as_coordinator.post(world.plan.get_absolute_url() + "andra/", data)
    assert "kan aldrig vara lägre än 3" in response.content.decode()
    world.plan.refresh_from_db()
    assert world.plan.suppression_minimum == 5
    with pytest.raises(ValidationError):
        services.plan_save(plan=world.plan, suppression_minimum=2)

    with pytest.raises(IntegrityError), transaction.atomic():
        FollowupPlan.objects.filter(pk=world.plan.pk).update(suppression_minimum=2)


def test_the_report_is_built_from_one_canonical_table(filled):
    canvas = reports.load(filled.plan)
    assert canvas.shape == (2, 1)
    whole = reports.build(filled.plan, canvas=canvas)
    one = reports.build(filled.plan, unit=canvas.units[0], canvas=canvas)
    assert whole.unit_label == "Alla enheter i planen"
    assert one.unit_label == "Barn och unga"
