"""RSS and Atom feeds of new publications and digests, found through <link rel="alternate">."""

from __future__ import annotations

import feedparser

from bryggan.library import services
from tests.library.conftest import make_publication


def test_rss_and_atom_carry_new_public_publications_and_digests(cast, anonymous):
    report = make_publication(
        title="Unga och tramadol",
        abstract_sv="Unga beskriver tramadol som ofarligt.",
        authors=[
            {"family_name": "Lundgren", "given_name": "Karin"},
            {"family_name": "Karlsson", "given_name": "Fatima"},
        ],
    )
    make_publication(title="Intern rapport", visibility="internal")
    withdrawn = make_publication(title="Dragen tillbaka")
    services.publication_withdraw(publication=withdrawn, reason="Fel.")
    services.digest_save(
        title="Vad socialsekreterare behöver veta",
        summary="Fråga om läkemedel.",
        practice="Fråga i bedömningssamtal.",
        publications=[report],
        visibility="public",
    )
    rss = anonymous.get("/bibliotek/rss/")
    assert rss["Content-Type"].startswith("application/rss+xml")
    feed = feedparser.parse(rss.content)
    assert not feed.bozo, feed.bozo_exception
    assert feed.version == "rss20"
    titles = [entry.title for entry in feed.entries]
    assert "Unga och tramadol" in titles
    assert any("Vad socialsekreterare behöver veta" in t for t in titles)
    assert "Intern rapport" not in titles
    assert "Dragen tillbaka" not in titles
    entry = next(e for e in feed.entries if e.title == "Unga och tramadol")
    assert entry.link.endswith(report.get_absolute_url())
    assert entry.summary == "Unga beskriver tramadol som ofarligt."
    atom = feedparser.parse(anonymous.get("/bibliotek/atom/").content)
    assert not atom.bozo
    assert atom.version == "atom10"
    assert {e.title for e in atom.entries} == set(titles)
    assert all(e.id.startswith("http") for e in atom.entries)


def test_pages_link_the_feeds_for_readers_to_find(cast, anonymous):
    report = make_publication()
    for url in ("/bibliotek/", report.get_absolute_url(), "/forskning-i-korthet/"):
        html = anonymous.get(url).content.decode()
        assert '<link rel="alternate" type="application/rss+xml"' in html
        assert 'href="/bibliotek/rss/"' in html
        assert '<link rel="alternate" type="application/atom+xml"' in html
        assert 'href="/bibliotek/atom/"' in html
