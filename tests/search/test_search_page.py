"""The search page: Swedish stemming, highlighted snippets, facets and filters, pages, bad input."""

import re

import pytest

from bryggan.arenas.models import Event
from tests.search.conftest import make_event

pytestmark = pytest.mark.django_db


def titles(response) -> list[str]:
    html = response.content.decode()
    return [
        re.sub(r"<[^>]+>", "", t)
        for t in re.findall(r'class="search-hit-title"><a href="[^"]*">(.*?)</a>', html)
    ]


def test_every_page_has_a_search_box_in_the_header(cast, anonymous):
    html = anonymous.get("/").content.decode()
    assert 'role="search"' in html and 'action="/sok/"' in html and 'name="q"' in html


def test_an_inflected_swedish_word_finds_its_other_forms(world, anonymous):
    # "placeringar" (plural) finds "Placering" in a title and "placeringen" in a description.
    response = anonymous.get("/sok/", {"q": "placeringar"})
    assert response.status_code == 200
    assert titles(response) == ["Placering av barn i familjehem"]
    html = response.content.decode()
    assert "<mark>Placering</mark> av barn i familjehem" in html
    assert "om <mark>placeringen</mark> av barn" in html


def test_english_words_find_english_labels(world, anonymous):
    # The kind label is indexed in both languages: "seminar" finds a research seminar.
    assert titles(anonymous.get("/sok/", {"q": "research seminar"})) == [
        "Placering av barn i familjehem"
    ]


def test_the_title_ranks_above_the_description(cast, anonymous):
    make_event("Ett seminarium", description="Här nämns tramadol en gång i texten.")
    make_event("Unga och tramadol", description="Om unga.")
    assert titles(anonymous.get("/sok/", {"q": "tramadol"})) == [
        "Unga och tramadol",
        "Ett seminarium",
    ]


def test_markup_in_records_is_escaped_in_titles_and_snippets(cast, anonymous):
    make_event(
        "<script>alert(1)</script> barnkonventionen",
        description="<img src=x onerror=alert(1)> om barnkonventionen & rättigheter",
    )
    html = anonymous.get("/sok/", {"q": "barnkonventionen"}).content.decode()
    assert "<script>alert(1)" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; <mark>barnkonventionen</mark>" in html


def test_facets_count_results_and_filter_them(world, anonymous):
    make_event("Placeringar i Värnamo", year=2023, kind=Event.Kind.WORKSHOP)
    html = anonymous.get("/sok/", {"q": "placering"}).content.decode()
    assert "2 results" in html or "2 träffar" in html
    assert re.search(r'href="\?q=placering&amp;year=2024">2024 <span class="count">\(1\)', html)
    assert re.search(r'href="\?q=placering&amp;topic=familjehem">Familjehemsvård', html)
    assert re.search(r'href="\?q=placering&amp;area=placerade-barn">Placerade barn och unga', html)
    assert "Svenska" in html

    only_2023 = anonymous.get("/sok/", {"q": "placering", "year": "2023"})
    assert titles(only_2023) == ["Placeringar i Värnamo"]
    by_topic = anonymous.get("/sok/", {"q": "placering", "topic": "familjehem"})
    assert titles(by_topic) == ["Placering av barn i familjehem"]
    by_area = anonymous.get("/sok/", {"q": "placering", "area": "placerade-barn"})
    assert titles(by_area) == ["Placering av barn i familjehem"]
    # A chosen filter can be removed again.
    assert 'href="?q=placering"' in only_2023.content.decode()


def test_kinds_and_languages_filter(world, anonymous):
    assert titles(anonymous.get("/sok/", {"q": "placering", "kind": "event", "language": "sv"}))
    assert titles(anonymous.get("/sok/", {"q": "placering", "kind": "person"})) == []
    assert titles(anonymous.get("/sok/", {"q": "placering", "language": "en"})) == []


def test_results_come_in_pages(cast, anonymous):
    for n in range(25):
        make_event(f"Seminarium om kunskapsstyrning {n}")
    first = anonymous.get("/sok/", {"q": "kunskapsstyrning"})
    second = anonymous.get("/sok/", {"q": "kunskapsstyrning", "page": "2"})
    assert len(titles(first)) == 20 and len(titles(second)) == 5
    assert set(titles(first)).isdisjoint(titles(second))
    html = first.content.decode()
    assert 'href="?q=kunskapsstyrning&amp;page=2" rel="next"' in html
    # Past the last page shows the last page; a page that is not a number shows the first.
    assert titles(anonymous.get("/sok/", {"q": "kunskapsstyrning", "page": "99"})) == titles(second)
    assert titles(anonymous.get("/sok/", {"q": "kunskapsstyrning", "page": "x"})) == titles(first)


def test_newest_first_orders_by_date(cast, anonymous):
    make_event("Samverkan 2020", year=2020)
    make_event("Samverkan 2026", year=2026)
    make_event("Samverkan samverkan samverkan 2022", year=2022)
    newest = titles(anonymous.get("/sok/", {"q": "samverkan", "sort": "newest"}))
    assert newest == ["Samverkan 2026", "Samverkan samverkan samverkan 2022", "Samverkan 2020"]


def test_phrases_alternatives_and_exclusions(cast, anonymous):
    make_event("Unga vuxna i Jönköping")
    make_event("Vuxna och unga i Lund")
    make_event("Äldreomsorg i Eksjö")
    assert titles(anonymous.get("/sok/", {"q": '"unga vuxna"'})) == ["Unga vuxna i Jönköping"]
    assert sorted(titles(anonymous.get("/sok/", {"q": "jönköping or eksjö"}))) == [
        "Unga vuxna i Jönköping",
        "Äldreomsorg i Eksjö",
    ]
    assert titles(anonymous.get("/sok/", {"q": "vuxna -lund"})) == ["Unga vuxna i Jönköping"]


def test_an_empty_search_explains_itself(cast, anonymous):
    response = anonymous.get("/sok/")
    assert response.status_code == 200
    assert "search-hits" not in response.content.decode()
    only_common = anonymous.get("/sok/", {"q": "och att det"}).content.decode()
    assert "very common words" in only_common or "mycket vanliga ord" in only_common


@pytest.mark.parametrize(
    "q",
    [
        '"',
        '"unbalanced phrase',
        "barn*",
        "*",
        "NEAR(barn unga)",
        "barn AND OR NOT unga",
        "title:barn",
        "^barn",
        "(barn",
        "barn)",
        "{barn}",
        "-",
        "--barn",
        "or or or",
        "barn + unga",
        "'; DROP TABLE search_fts; --",
        "\x00\x01",
        "🙂 placering",
        "é" * 300,
    ],
)
def test_search_syntax_characters_never_break_the_search(world, anonymous, q):
    response = anonymous.get("/sok/", {"q": q})
    assert response.status_code == 200
    api = anonymous.get("/api/v1/search", {"q": q})
    assert api.status_code == 200
    assert anonymous.get("/api/v1/search/suggest", {"q": q}).status_code == 200


def test_a_very_long_query_is_cut_with_a_message(world, anonymous):
    long_query = "placering " + " ".join(f"ord{n}" for n in range(400))
    response = anonymous.get("/sok/", {"q": long_query})
    html = response.content.decode()
    assert response.status_code == 200
    assert "200" in html and ("first" in html or "första" in html)


def test_unknown_filters_filter_to_nothing_rather_than_failing(world, anonymous):
    for params in (
        {"topic": "finns-inte"},
        {"area": "finns-inte"},
        {"kind": "okänt"},
        {"year": "abc"},
        {"year": "-5"},
        {"sort": "konstigt"},
    ):
        response = anonymous.get("/sok/", {"q": "placering", **params})
        assert response.status_code == 200


def test_the_page_is_in_swedish_by_default(world, anonymous):
    html = anonymous.get("/sok/", {"q": "placering"}).content.decode()
    assert "<h1>Sök</h1>" in html
    assert "Evenemang" in html, html[html.find("<main") :]
