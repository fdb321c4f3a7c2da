"""The query language, Swedish stems and snippets, without a database; FTS5 never sees bad syntax."""

import sqlite3

from hypothesis import given, settings
from hypothesis import strategies as st

from bryggan.search.text import (
    MAX_TERMS,
    fts5_expression,
    highlight,
    index_text,
    parse,
    snippet,
    stems,
)


def test_swedish_inflections_share_a_stem():
    assert stems("placering placeringar placeringen") == ["placering"] * 3
    assert stems("barnen barn") == ["barn"] * 2


def test_stop_words_are_left_out_as_postgresql_does():
    assert stems("barn och unga i Jönköping") == ["barn", "ung", "jönköping"]


def test_the_query_language():
    query = parse('familjehem "psykisk ohälsa" -äldre or hvb')
    assert query.groups == [[["familjehem"], ["psykisk", "ohäls"]], [["hvb"]]]
    assert query.excluded == ["äldr"]
    assert fts5_expression(query) == (
        '(("familjehem" AND "psykisk ohäls") OR ("hvb")) NOT ("äldr")'
    )


def test_long_queries_are_cut():
    query = parse(" ".join(f"ord{n}" for n in range(50)))
    assert query.truncated and sum(len(p) for g in query.groups for p in g) == MAX_TERMS


def test_snippets_mark_matches_and_escape_everything():
    text = "Inledning. " * 40 + "Om <b>placeringar</b> & familjehem. " + "Slut. " * 40
    html = snippet(text, {"placering"})
    assert "<mark>placeringar</mark>" in html and "&lt;b&gt;" in html and "&amp;" in html
    assert html.startswith("… ") and html.endswith(" …") and len(html) < 400
    assert highlight("Placering av barn", {"placering"}) == "<mark>Placering</mark> av barn"


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_no_input_gives_an_fts5_syntax_error(text):
    db = sqlite3.connect(":memory:")
    db.execute("CREATE VIRTUAL TABLE f USING fts5(title, body, keywords)")
    db.execute("INSERT INTO f VALUES (?, ?, ?)", (index_text("Placering av barn"), "", ""))
    query = parse(text)
    if query.is_empty:
        return
    for expression in (fts5_expression(query), fts5_expression(query, title_only=True)):
        db.execute("SELECT rowid FROM f WHERE f MATCH ?", (expression,)).fetchall()
