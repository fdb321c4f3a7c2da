"""The RSS 2.0 feed of a show, with the itunes and Podcasting 2.0 (podcast) namespaces.

Only released episodes are in it (published, publication time passed), newest first. Every
item keeps the GUID it got when it was created. URLs are absolute, built on SITE_URL.
"""

from __future__ import annotations

from email.utils import format_datetime
from typing import Any

from django.conf import settings
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone
from lxml import etree

from bryggan.podcast.models import Episode, EpisodeCredit, Show, ShowCredit

ITUNES = "http://www.itunes.com/dtds/podcast-1.0.dtd"
PODCAST = "https://podcastindex.org/namespace/1.0"
ATOM = "http://www.w3.org/2005/Atom"
CONTENT = "http://purl.org/rss/1.0/modules/content/"
# Podcast taxonomy groups of the roles Bryggan records (podcastindex.org person taxonomy).
TAXONOMY_GROUPS = {"producer": "creative direction", "editor": "writing"}
NSMAP = {"itunes": ITUNES, "podcast": PODCAST, "atom": ATOM, "content": CONTENT}


def _it(name: str) -> str:
    return f"{{{ITUNES}}}{name}"


def _pc(name: str) -> str:
    return f"{{{PODCAST}}}{name}"


def _text(parent: Any, tag: str, text: str, **attrib: str) -> Any:
    element = etree.SubElement(parent, tag, attrib)
    element.text = text
    return element


def _person(parent: Any, credit: Any, base: str) -> None:
    attrib = {"role": credit.role, "group": TAXONOMY_GROUPS.get(credit.role, "cast")}
    if credit.person_id and credit.person.visibility == "public":
        attrib["href"] = f"{base}{credit.person.get_absolute_url()}"
    _text(parent, _pc("person"), credit.display_name, **attrib)


def released_episodes(show: Show) -> Any:
    return (
        Episode.objects.filter(show=show)
        .released()
        .prefetch_related(
            Prefetch("credits", queryset=EpisodeCredit.objects.select_related("person"))
        )
    )


def build_feed(show: Show) -> bytes:
    """Return the feed of `show` as UTF-8 XML."""
    base = settings.SITE_URL
    show_url = f"{base}{show.get_absolute_url()}"
    show_path = show.get_absolute_url()
    rss = etree.Element("rss", nsmap=NSMAP, version="2.0")
    channel = etree.SubElement(rss, "channel")
    _text(channel, "title", show.title)
    _text(channel, "link", show_url)
    _text(channel, "description", show.description)
    _text(channel, "language", show.language)
    etree.SubElement(
        channel,
        f"{{{ATOM}}}link",
        href=f"{base}{show.feed_path}",
        rel="self",
        type="application/rss+xml",
    )
    _text(channel, "generator", "Bryggan")
    if show.copyright:
        _text(channel, "copyright", show.copyright)
    now = timezone.now()
    _text(channel, "lastBuildDate", format_datetime(now))
    if show.artwork:
        artwork = f"{base}{show.artwork_path}"
        etree.SubElement(channel, _it("image"), href=artwork)
        image = etree.SubElement(channel, "image")
        _text(image, "url", artwork)
        _text(image, "title", show.title)
        _text(image, "link", show_url)
    category = etree.SubElement(channel, _it("category"), text=show.category_parts[0])
    if len(show.category_parts) > 1:
        etree.SubElement(category, _it("category"), text=show.category_parts[1])
    _text(channel, _it("explicit"), "true" if show.explicit else "false")
    _text(channel, _it("type"), show.kind)
    _text(channel, _it("summary"), show.description)
    if show.author:
        _text(channel, _it("author"), show.author)
    if show.owner_name or show.owner_email:
        owner = etree.SubElement(channel, _it("owner"))
        if show.owner_name:
            _text(owner, _it("name"), show.owner_name)
        if show.owner_email:
            _text(owner, _it("email"), show.owner_email)
    _text(channel, _pc("guid"), str(show.podcast_guid))
    _text(channel, _pc("medium"), "podcast")
    for credit in ShowCredit.objects.filter(show=show).select_related("person"):
        _person(channel, credit, base)

    for episode in released_episodes(show):
        # Paths are put together by hand: reverse() for each of 500 items costs more than the rest.
        page = f"{base}{show_path}{episode.slug}/"
        item = etree.SubElement(channel, "item")
        _text(item, "title", episode.title)
        _text(item, "link", page)
        _text(item, "guid", episode.guid, isPermaLink="false")
        _text(item, "pubDate", format_datetime(episode.publish_at))
        _text(item, "description", episode.show_notes_html or episode.description)
        if episode.show_notes_html:
            _text(item, f"{{{CONTENT}}}encoded", episode.show_notes_html)
        _text(item, _it("summary"), episode.description)
        etree.SubElement(
            item,
            "enclosure",
            url=f"{page}ljud.{episode.audio_ext}",
            length=str(episode.audio_size or 0),
            type=episode.audio_type,
        )
        _text(item, _it("duration"), str(round(episode.audio_duration or 0)))
        _text(item, _it("episodeType"), episode.episode_type)
        _text(item, _it("explicit"), "true" if episode.explicit else "false")
        if episode.season is not None:
            _text(item, _it("season"), str(episode.season))
            _text(item, _pc("season"), str(episode.season))
        if episode.number is not None:
            _text(item, _it("episode"), str(episode.number))
            _text(item, _pc("episode"), str(episode.number))
        if episode.artwork:
            etree.SubElement(item, _it("image"), href=f"{base}{episode.artwork_path}")
        if episode.transcript_format:
            etree.SubElement(
                item,
                _pc("transcript"),
                url=f"{page}transkript.{episode.transcript_format}",
                type=episode.transcript_type,
                language=show.language,
                rel="captions",
            )
        if episode.chapters:
            etree.SubElement(
                item,
                _pc("chapters"),
                url=f"{page}kapitel.json",
                type="application/json+chapters",
            )
        for credit in episode.credits.all():
            _person(item, credit, base)
    return etree.tostring(rss, xml_declaration=True, encoding="UTF-8")


def feed_url(show: Show) -> str:
    return f"{settings.SITE_URL}{reverse('podcast:feed', args=[show.slug])}"
