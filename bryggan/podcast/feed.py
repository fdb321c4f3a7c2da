"""The RSS 2.0 feed of a show, with the itunes and Podcasting 2.0 (podcast) namespaces.

Only released episodes are in it (published, publication time passed), newest first. Every
item keeps the GUID it got when it was created. URLs are absolute, built on SITE_URL.

A show may have hundreds of episodes and apps poll the feed often, so the episodes and their
credits are read as plain rows in two queries (no model objects, no transcripts or JSON), and
URLs are put together from the show's paths instead of reverse() per item.
"""

from __future__ import annotations

import re
from collections import defaultdict
from email.utils import format_datetime
from typing import Any

from django.conf import settings
from django.db.models import BooleanField, Case, Value, When
from django.urls import reverse
from lxml import etree

from bryggan.podcast.models import Episode, EpisodeCredit, Show, ShowCredit

ITUNES = "http://www.itunes.com/dtds/podcast-1.0.dtd"
PODCAST = "https://podcastindex.org/namespace/1.0"
ATOM = "http://www.w3.org/2005/Atom"
CONTENT = "http://purl.org/rss/1.0/modules/content/"
# Podcast taxonomy groups of the roles Bryggan records (podcastindex.org person taxonomy).
TAXONOMY_GROUPS = {"producer": "creative direction", "editor": "writing"}
NSMAP = {"itunes": ITUNES, "podcast": PODCAST, "atom": ATOM, "content": CONTENT}
EPISODE_COLUMNS = (
    "pk",
    "guid",
    "slug",
    "title",
    "description",
    "show_notes_html",
    "season",
    "number",
    "episode_type",
    "explicit",
    "artwork",
    "artwork_type",
    "artwork_hash",
    "audio_type",
    "audio_size",
    "audio_duration",
    "transcript_format",
    "publish_at",
    "updated_at",
)
CREDIT_COLUMNS = (
    "episode_id",
    "role",
    "name",
    "person__given_name",
    "person__family_name",
    "person__slug",
    "person__visibility",
)


def _it(name: str) -> str:
    return f"{{{ITUNES}}}{name}"


def _pc(name: str) -> str:
    return f"{{{PODCAST}}}{name}"


# Characters XML 1.0 does not allow; lxml refuses them, so they are dropped from any text.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _text(parent: Any, tag: str, text: str, **attrib: str) -> Any:
    element = etree.SubElement(parent, tag, attrib)
    element.text = _NOT_XML.sub("", text)
    return element


def _person(parent: Any, credit: dict[str, Any], people_path: str) -> None:
    attrib = {"role": credit["role"], "group": TAXONOMY_GROUPS.get(credit["role"], "cast")}
    if credit["person__slug"]:
        name = f"{credit['person__given_name']} {credit['person__family_name']}"
        if credit["person__visibility"] == "public":
            attrib["href"] = f"{people_path}{credit['person__slug']}/"
    else:
        name = credit["name"]
    _text(parent, _pc("person"), name, **attrib)


def released_rows(show: Show) -> list[dict[str, Any]]:
    """The released episodes of `show` as plain rows, newest first."""
    return list(
        Episode.objects.filter(show=show)
        .released()
        .annotate(
            has_chapters=Case(
                When(chapters__isnull=True, then=Value(False)),
                default=Value(True),
                output_field=BooleanField(),
            )
        )
        .values(*EPISODE_COLUMNS, "has_chapters")
    )


def build_feed(show: Show) -> bytes:
    """Return the feed of `show` as UTF-8 XML."""
    base = settings.SITE_URL
    show_url = f"{base}{show.get_absolute_url()}"
    # The people directory's URL for a slug, taken apart once for all the items.
    people_path = f"{base}{reverse('people:person', args=['x'])}".removesuffix("x/")
    rows = released_rows(show)
    credits: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for credit in (
        EpisodeCredit.objects.filter(episode_id__in=[row["pk"] for row in rows])
        .order_by("position", "pk")
        .values(*CREDIT_COLUMNS)
    ):
        credits[credit["episode_id"]].append(credit)

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
    # The newest change to the show or its released episodes: the same feed gets the same bytes.
    changed = max(
        [show.updated_at, *(r["updated_at"] for r in rows), *(r["publish_at"] for r in rows)]
    )
    _text(channel, "lastBuildDate", format_datetime(changed))
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
    for credit in (
        ShowCredit.objects.filter(show=show).order_by("position", "pk").values(*CREDIT_COLUMNS[1:])
    ):
        _person(channel, credit, people_path)

    for row in rows:
        page = f"{show_url}{row['slug']}/"
        item = etree.SubElement(channel, "item")
        _text(item, "title", row["title"])
        _text(item, "link", page)
        _text(item, "guid", row["guid"], isPermaLink="false")
        _text(item, "pubDate", format_datetime(row["publish_at"]))
        _text(item, "description", row["show_notes_html"] or row["description"])
        if row["show_notes_html"]:
            _text(item, f"{{{CONTENT}}}encoded", row["show_notes_html"])
        _text(item, _it("summary"), row["description"])
        ext = "m4a" if row["audio_type"] == "audio/x-m4a" else "mp3"
        etree.SubElement(
            item,
            "enclosure",
            url=f"{page}ljud.{ext}",
            length=str(row["audio_size"] or 0),
            type=row["audio_type"],
        )
        _text(item, _it("duration"), str(round(row["audio_duration"] or 0)))
        _text(item, _it("episodeType"), row["episode_type"])
        _text(item, _it("explicit"), "true" if row["explicit"] else "false")
        if row["season"] is not None:
            _text(item, _it("season"), str(row["season"]))
            _text(item, _pc("season"), str(row["season"]))
        if row["number"] is not None:
            _text(item, _it("episode"), str(row["number"]))
            _text(item, _pc("episode"), str(row["number"]))
        if row["artwork"]:
            art_ext = "png" if row["artwork_type"] == "image/png" else "jpg"
            href = f"{page}omslag.{art_ext}?v={row['artwork_hash'][:12]}"
            etree.SubElement(item, _it("image"), href=href)
        if row["transcript_format"]:
            etree.SubElement(
                item,
                _pc("transcript"),
                url=f"{page}transkript.{row['transcript_format']}",
                type="text/vtt" if row["transcript_format"] == "vtt" else "application/x-subrip",
                language=show.language,
                rel="captions",
            )
        if row["has_chapters"]:
            etree.SubElement(
                item, _pc("chapters"), url=f"{page}kapitel.json", type="application/json+chapters"
            )
        for credit in credits.get(row["pk"], ()):
            _person(item, credit, people_path)
    return etree.tostring(rss, xml_declaration=True, encoding="UTF-8")
