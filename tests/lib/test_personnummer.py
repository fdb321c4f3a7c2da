"""The identity-number finder: the examples of BRIEF.md and generated numbers in every format."""

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bryggan.lib import personnummer
from bryggan.lib.personnummer import luhn_digit

VALID = ["640823-3234", "811218-9876", "19121212-1212", "701063-2391"]


@pytest.mark.parametrize("number", VALID)
def test_the_brief_examples_validate(number):
    assert personnummer.is_valid(number)
    assert personnummer.find(f"Klient {number} i rapporten")


def test_a_wrong_check_digit_is_not_a_number():
    assert not personnummer.is_valid("640823-3235")
    assert personnummer.find("640823-3235") == []


def test_samordningsnummer_has_sixty_added_to_the_day():
    (hit,) = personnummer.find("701063-2391")
    assert hit.kind == personnummer.SAMORDNINGSNUMMER
    (hit,) = personnummer.find("640823-3234")
    assert hit.kind == personnummer.PERSONNUMMER


@pytest.mark.parametrize(
    "text",
    ["6408233234", "196408233234", "19640823-3234", "640823+3234", "640823 3234", "640823–3234"],
)
def test_every_common_format_is_found(text):
    assert personnummer.find(f"x {text} y")


@pytest.mark.parametrize(
    "text",
    [
        "641323-3234",  # month 13
        "640230-3234",  # 30 February
        "12345678901234",  # a longer run of digits
        "kod BU-K7M2QX",
        "3.1415926535",
        "2024-05-06",
    ],
)
def test_other_numbers_are_left_alone(text):
    assert personnummer.find(text) == []


def test_the_masked_rendering_never_holds_the_whole_number():
    (hit,) = personnummer.find("Anteckning: 19640823-3234.")
    assert hit.masked == "********-**34"
    assert "0823" not in hit.masked


def test_cells_are_named_by_row_and_column():
    rows = [["BU-AAAA", "3"], ["BU-BBBB", "pnr 811218-9876"]]
    (hit,) = personnummer.scan_cells(rows, ["subject", "note"])
    assert (hit.row, hit.column) == (2, "note")
    assert "9876" not in hit.masked


@st.composite
def identity_numbers(draw, *, valid: bool = True):
    born = draw(st.dates(min_value=date(1900, 1, 1), max_value=date(2025, 12, 31)))
    coordination = draw(st.booleans())
    serial = draw(st.integers(min_value=0, max_value=999))
    day = born.day + (60 if coordination else 0)
    yymmdd = f"{born:%y%m}{day:02d}"
    check = luhn_digit(f"{yymmdd}{serial:03d}")
    if not valid:
        check = (check + draw(st.integers(min_value=1, max_value=9))) % 10
    with_century = draw(st.booleans())
    separator = draw(st.sampled_from(["", "-", "+", " "] if not with_century else ["", "-"]))
    prefix = f"{born.year // 100}" if with_century else ""
    return f"{prefix}{yymmdd}{separator}{serial:03d}{check}"


TEXT_AROUND = st.text(alphabet=st.characters(blacklist_categories=("Nd",)), max_size=30)


@settings(max_examples=300, deadline=None)
@given(identity_numbers(), TEXT_AROUND, TEXT_AROUND)
def test_generated_valid_numbers_are_always_found(number, before, after):
    hits = personnummer.find(f"{before} {number} {after}")
    assert len(hits) >= 1
    assert all(number not in hit.masked for hit in hits)


@settings(max_examples=300, deadline=None)
@given(identity_numbers(valid=False), TEXT_AROUND, TEXT_AROUND)
def test_numbers_with_a_wrong_check_digit_are_never_found(number, before, after):
    assert personnummer.find(f"{before} {number} {after}") == []


@settings(max_examples=200, deadline=None)
@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2025, 12, 31)))
def test_a_date_that_does_not_exist_is_refused(day):
    # No month has a 32nd day.
    yymmdd = f"{day:%y%m}32"
    check = luhn_digit(f"{yymmdd}123")
    assert personnummer.find(f"{yymmdd}-123{check}") == []
