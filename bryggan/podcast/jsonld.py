"""schema.org JSON-LD for podcast pages (PodcastSeries and PodcastEpisode)."""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.utils.safestring import SafeString, mark_safe

from bryggan.podcast.models import Episode, Show


def _inert(data: dict[str, Any]) -> SafeString:
    text = json.dumps(data, ensure_ascii=False)
    # Keep the JSON inert inside <script>: no "</script>" or HTML comment can break out.
    return mark_safe(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def _iso_duration(seconds: float | None) -> str | None:
    if seconds is None:
        return None
    total = round(seconds)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"PT{hours}H{minutes}M{secs}S" if hours else f"PT{minutes}M{secs}S"


def _people(credits: list[Any]) -> list[dict[str, Any]]:
    people = []
    for credit in credits:
        entry: dict[str, Any] = {"@type": "Person", "name": credit.display_name}
        if credit.affiliation:
            entry["affiliation"] = {"@type": "Organization", "name": credit.affiliation}
        people.append(entry)
    return people


def series(show: Show, credits: list[Any]) -> dict[str, Any]:
    base = settings.SITE_URL
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "PodcastSeries",
        "name": show.title,
        "description": show.description,
        "url": f"{base}{show.get_absolute_url()}",
        "webFeed": f"{base}{show.feed_path}",
        "inLanguage": show.language,
    }
    if show.artwork:
        data["image"] = f"{base}{show.artwork_path}"
    if show.author:
        data["publisher"] = {"@type": "Organization", "name": show.author}
    hosts = [c for c in credits if c.is_host]
    if hosts:
        data["author"] = _people(hosts)
    return data


def series_ld(show: Show, credits: list[Any]) -> SafeString:
    return _inert(series(show, credits))


def episode_ld(episode: Episode, credits: list[Any]) -> SafeString:
    base = settings.SITE_URL
    show = episode.show
    page = f"{base}{episode.get_absolute_url()}"
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "PodcastEpisode",
        "name": episode.title,
        "description": episode.description,
        "url": page,
        "inLanguage": show.language,
        "partOfSeries": {
            "@type": "PodcastSeries",
            "name": show.title,
            "url": f"{base}{show.get_absolute_url()}",
            "webFeed": f"{base}{show.feed_path}",
        },
    }
    if episode.publish_at:
        data["datePublished"] = episode.publish_at.date().isoformat()
    if episode.number is not None:
        data["episodeNumber"] = episode.number
    if episode.season is not None:
        data["partOfSeason"] = {"@type": "PodcastSeason", "seasonNumber": episode.season}
    if episode.audio:
        media: dict[str, Any] = {
            "@type": "AudioObject",
            "contentUrl": f"{base}{episode.audio_path}",
            "encodingFormat": episode.audio_type,
            "contentSize": str(episode.audio_size),
            "duration": _iso_duration(episode.audio_duration),
        }
        if episode.transcript_text:
            media["transcript"] = episode.transcript_text[:5000]
        data["associatedMedia"] = media
        data["timeRequired"] = _iso_duration(episode.audio_duration)
    image = episode.artwork_path or show.artwork_path
    if image:
        data["image"] = f"{base}{image}"
    hosts = [c for c in credits if c.is_host]
    guests = [c for c in credits if not c.is_host]
    if hosts:
        data["author"] = _people(hosts)
    if guests:
        data["contributor"] = _people(guests)
    return _inert(data)
