"""The client-data guard: identity numbers (BRIEF.md's examples) and what looks like a client's details."""

import pytest

from bryggan.questions.guard import check_text, find_client_details, find_identity_numbers


@pytest.mark.parametrize("number", ["640823-3234", "811218-9876", "19121212-1212", "701063-2391"])
def test_it_finds_the_valid_identity_numbers_of_the_brief(number):
    found = find_identity_numbers(f"Gäller {number} i ärendet")
    assert [f.text for f in found] == [number]


def test_it_tells_a_coordination_number_from_a_personnummer():
    assert find_identity_numbers("701063-2391")[0].kind == "samordningsnummer"
    assert find_identity_numbers("640823-3234")[0].kind == "personnummer"


@pytest.mark.parametrize(
    "text", ["640823-3235", "6408233235", "2019-2023", "år 2024 var 1 234 567 kr"]
)
def test_it_ignores_what_fails_the_check(text):
    assert find_identity_numbers(text) == []


@pytest.mark.parametrize("number", ["6408233234", "640823+3234", "196408233234", "640823 3234"])
def test_it_finds_numbers_without_or_with_other_separators(number):
    assert len(find_identity_numbers(number)) == 1


def test_the_finding_is_masked_in_messages():
    assert find_identity_numbers("640823-3234")[0].masked == "640823-****"


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Hur hjälper vi klienten Anna, 14 år, som skolkar?", "named_client"),
        ("Vi träffade Anna (14 år) i veckan", "name_and_age"),
        ("Den 14-åriga Sara har svårt i skolan", "name_and_age"),
        ("Mamman Fatima vill ha stöd", "named_client"),
        ("Ring mig på 070-123 45 67", "phone"),
        ("Familjen bor på Storgatan 12 i Lund", "address"),
        ("Adress 553 21 Jönköping", "address"),
    ],
)
def test_it_finds_what_looks_like_client_details(text, kind):
    assert kind in {f.kind for f in find_client_details(text)}


@pytest.mark.parametrize(
    "text",
    [
        "Barn 7–12 år i stödgrupper: vilka effekter har de?",
        "Ungdomar 13–20 år som använder tramadol",
        "Hur fungerar stödgrupper för barn i Jönköping sedan 2019?",
        "Vad säger forskningen om HVB för unga 15-17 år?",
        "Vilka insatser minskar återfall efter 12 månader?",
    ],
)
def test_ordinary_questions_pass(text):
    assert check_text(text) == []
