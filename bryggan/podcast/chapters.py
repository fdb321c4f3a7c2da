"""Chapters in the Podcasting 2.0 JSON chapters format (version 1.2.0).

Editors may upload a JSON chapters file or type one chapter per line ("12:30 Title"); both
become the same JSON document, which the feed references with <podcast:chapters>.
"""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import urlparse

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

VERSION = "1.2.0"
MAX_CHAPTERS = 500
_LINE = re.compile(r"^\s*(?:(\d{1,2}):)?(\d{1,2}):(\d{2})(?:\.(\d{1,3}))?\s+(.+?)\s*$")


def _http_url(value: Any) -> bool:
    if not isinstance(value, str):
        return False
    parts = urlparse(value)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and value >= 0


def normalise(document: Any, *, duration: float | None = None) -> dict[str, Any]:
    """Check a chapters document and return it in canonical form, or raise ValidationError."""
    if not isinstance(document, dict) or not isinstance(document.get("chapters"), list):
        raise ValidationError(_("A chapters file is a JSON object with a list called chapters."))
    items = document["chapters"]
    if not items:
        raise ValidationError(_("Give at least one chapter."))
    if len(items) > MAX_CHAPTERS:
        raise ValidationError(_("At most %(n)d chapters.") % {"n": MAX_CHAPTERS})
    chapters: list[dict[str, Any]] = []
    for n, item in enumerate(items, start=1):
        if not isinstance(item, dict) or not _number(item.get("startTime")):
            raise ValidationError(
                _("Chapter %(n)d needs a startTime in seconds (0 or more).") % {"n": n}
            )
        title = item.get("title")
        if not isinstance(title, str) or not title.strip():
            raise ValidationError(_("Chapter %(n)d needs a title.") % {"n": n})
        chapter: dict[str, Any] = {"startTime": item["startTime"], "title": title.strip()[:200]}
        if chapters and chapter["startTime"] <= chapters[-1]["startTime"]:
            raise ValidationError(
                _("Chapter %(n)d must start after the chapter before it.") % {"n": n}
            )
        if duration is not None and chapter["startTime"] >= duration:
            raise ValidationError(_("Chapter %(n)d starts after the end of the audio.") % {"n": n})
        if "endTime" in item:
            if not _number(item["endTime"]) or item["endTime"] <= chapter["startTime"]:
                raise ValidationError(_("Chapter %(n)d must end after it starts.") % {"n": n})
            chapter["endTime"] = item["endTime"]
        for key in ("url", "img"):
            if key in item:
                if not _http_url(item[key]):
                    raise ValidationError(
                        _("Chapter %(n)d: %(key)s must be a web address (https://…).")
                        % {"n": n, "key": key}
                    )
                chapter[key] = item[key]
        if "toc" in item:
            if not isinstance(item["toc"], bool):
                raise ValidationError(_("Chapter %(n)d: toc must be true or false.") % {"n": n})
            chapter["toc"] = item["toc"]
        chapters.append(chapter)
    return {"version": VERSION, "chapters": chapters}


def parse_json(data: bytes, *, duration: float | None = None) -> dict[str, Any]:
    """Parse an uploaded JSON chapters file."""
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as error:
        raise ValidationError(_("The chapters file is not valid JSON.")) from error
    return normalise(document, duration=duration)


def parse_lines(text: str, *, duration: float | None = None) -> dict[str, Any]:
    """Parse one chapter per line, "H:MM:SS Title" or "M:SS Title"."""
    items = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        match = _LINE.match(line)
        if match is None:
            raise ValidationError(
                _("Line %(line)d: write a time and a title, for example “12:30 Discussion”.")
                % {"line": number}
            )
        hours, minutes, seconds, fraction, title = match.groups()
        start: float = int(hours or 0) * 3600 + int(minutes) * 60 + int(seconds)
        if fraction:
            start += int(fraction.ljust(3, "0")) / 1000
        items.append({"startTime": start, "title": title})
    return normalise({"chapters": items}, duration=duration)


def as_lines(document: dict[str, Any] | None) -> str:
    """Return a chapters document as editable lines."""
    from bryggan.podcast.transcripts import timestamp

    if not document:
        return ""
    return "\n".join(
        f"{timestamp(c['startTime'])} {c['title']}" for c in document.get("chapters", [])
    )
