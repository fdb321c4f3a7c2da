"""Transcripts in WebVTT or SubRip (SRT): parse and check them, and lay them out for reading.

The format is recognised by content, not by file name. A transcript that does not parse is
refused with the line where the problem is, so the editor can fix the file and upload it again.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_BYTES = 2 * 1024 * 1024
MAX_CUES = 20_000

_VTT_TIME = r"(?:(\d{2,}):)?([0-5]\d):([0-5]\d)\.(\d{3})"
_VTT_TIMING = re.compile(rf"^{_VTT_TIME}[ \t]+-->[ \t]+{_VTT_TIME}(?:[ \t]+.*)?$")
_SRT_TIME = r"(\d{1,3}):([0-5]\d):([0-5]\d)[,.](\d{1,3})"
_SRT_TIMING = re.compile(rf"^\s*{_SRT_TIME}\s*-->\s*{_SRT_TIME}(?:\s+.*)?$")
_VOICE = re.compile(r"<v(?:\.[^\s>]*)?[ \t]+([^>]+)>")
_TAG = re.compile(r"</?[^>]*>")
# "Anna: Hello" — a speaker label at the start of a cue, as many SRT transcripts write it.
_LABEL = re.compile(r"^([A-ZÅÄÖ][\w .'-]{0,40}):\s+(.+)$", re.DOTALL)


@dataclass(frozen=True)
class Cue:
    start: float
    end: float
    text: str
    speaker: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text, "speaker": self.speaker}


@dataclass(frozen=True)
class Transcript:
    format: str  # "vtt" or "srt"
    source: str
    cues: list[Cue]

    @property
    def plain_text(self) -> str:
        """The words of the transcript with speaker names, one cue per line (for search)."""
        lines = []
        for cue in self.cues:
            lines.append(f"{cue.speaker}: {cue.text}" if cue.speaker else cue.text)
        return "\n".join(lines)


def _seconds(hours: str | None, minutes: str, seconds: str, fraction: str) -> float:
    return (
        int(hours or 0) * 3600
        + int(minutes) * 60
        + int(seconds)
        + int(fraction.ljust(3, "0")) / 1000
    )


def _decode(data: bytes) -> str:
    if len(data) > MAX_BYTES:
        raise ValidationError(
            _("The transcript is larger than %(mb)d MB.") % {"mb": MAX_BYTES // (1024 * 1024)}
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")  # older SRT files are often saved in Windows-1252
        except UnicodeDecodeError as error:
            raise ValidationError(_("The transcript is not a text file (use UTF-8).")) from error
    if "\x00" in text:
        raise ValidationError(_("The transcript is not a text file (use UTF-8)."))
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _clean_text(lines: list[str]) -> tuple[str, str]:
    """Return (speaker, plain text) of a cue's payload, with markup removed."""
    payload = "\n".join(lines)
    speaker = ""
    voice = _VOICE.search(payload)
    if voice:
        speaker = voice.group(1).strip()
    text = html.unescape(_TAG.sub("", payload)).strip()
    text = re.sub(r"[ \t]+", " ", text)
    if not speaker:
        label = _LABEL.match(text)
        if label:
            speaker, text = label.group(1).strip(), label.group(2).strip()
    return speaker, text


def _blocks(text: str) -> list[tuple[int, list[str]]]:
    """Split into blocks separated by blank lines; each with the number of its first line."""
    blocks: list[tuple[int, list[str]]] = []
    current: list[str] = []
    start = 1
    for number, line in enumerate(text.split("\n"), start=1):
        if line.strip() == "":
            if current:
                blocks.append((start, current))
                current = []
            continue
        if not current:
            start = number
        current.append(line)
    if current:
        blocks.append((start, current))
    return blocks


def _check_order(cues: list[Cue], cue: Cue, line: int) -> None:
    if cue.end <= cue.start:
        raise ValidationError(
            _("Line %(line)d: the cue must end after it starts.") % {"line": line}
        )
    if cues and cue.start < cues[-1].start:
        raise ValidationError(_("Line %(line)d: the cues must be in time order.") % {"line": line})
    if len(cues) >= MAX_CUES:
        raise ValidationError(_("The transcript has more than %(n)d cues.") % {"n": MAX_CUES})


def parse_vtt(text: str) -> list[Cue]:
    blocks = _blocks(text)
    if not blocks or not re.match(r"^WEBVTT(?:[ \t].*)?$", blocks[0][1][0]):
        raise ValidationError(_("Line 1: a WebVTT file must start with WEBVTT."))
    cues: list[Cue] = []
    for line_no, lines in blocks[1:]:
        head = lines[0]
        if head.startswith(("NOTE", "STYLE", "REGION")) and "-->" not in head:
            continue
        timing_index = 0 if "-->" in head else 1
        if timing_index >= len(lines):
            raise ValidationError(
                _("Line %(line)d: a cue needs a time line such as 00:00:01.000 --> 00:00:04.000.")
                % {"line": line_no}
            )
        match = _VTT_TIMING.match(lines[timing_index].strip())
        if match is None:
            raise ValidationError(
                _(
                    "Line %(line)d: “%(text)s” is not a valid time line "
                    "(write 00:00:01.000 --> 00:00:04.000)."
                )
                % {"line": line_no + timing_index, "text": lines[timing_index][:60]}
            )
        g = match.groups()
        speaker, body = _clean_text(lines[timing_index + 1 :])
        cue = Cue(_seconds(*g[:4]), _seconds(*g[4:]), body, speaker)
        _check_order(cues, cue, line_no + timing_index)
        if body:
            cues.append(cue)
    return cues


def parse_srt(text: str) -> list[Cue]:
    cues: list[Cue] = []
    for line_no, lines in _blocks(text):
        timing_index = 1 if lines[0].strip().isdigit() else 0
        if timing_index >= len(lines):
            raise ValidationError(
                _("Line %(line)d: a cue needs a time line such as 00:00:01,000 --> 00:00:04,000.")
                % {"line": line_no}
            )
        match = _SRT_TIMING.match(lines[timing_index])
        if match is None:
            raise ValidationError(
                _(
                    "Line %(line)d: “%(text)s” is not a valid time line "
                    "(write 00:00:01,000 --> 00:00:04,000)."
                )
                % {"line": line_no + timing_index, "text": lines[timing_index][:60]}
            )
        g = match.groups()
        speaker, body = _clean_text(lines[timing_index + 1 :])
        cue = Cue(_seconds(*g[:4]), _seconds(*g[4:]), body, speaker)
        _check_order(cues, cue, line_no + timing_index)
        if body:
            cues.append(cue)
    return cues


def parse_transcript(data: bytes) -> Transcript:
    """Recognise and parse a WebVTT or SRT transcript, or raise ValidationError saying why."""
    text = _decode(data)
    first = text.lstrip("\ufeff \n\t")
    if first.startswith("WEBVTT"):
        fmt, cues = "vtt", parse_vtt(first)
    elif re.match(r"^\d*\s*\n?\s*\d{1,3}:\d{2}:\d{2}[,.]\d{1,3}\s*-->", first):
        fmt, cues = "srt", parse_srt(first)
    else:
        raise ValidationError(
            _("This is neither a WebVTT nor an SRT transcript. Upload a .vtt or .srt file.")
        )
    if not cues:
        raise ValidationError(_("The transcript has no text."))
    return Transcript(format=fmt, source=text, cues=cues)


def timestamp(seconds: float) -> str:
    """Return H:MM:SS or M:SS for a time in seconds."""
    total = int(seconds)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def paragraphs(cues: list[dict[str, Any]], *, gap: float = 3.0, size: int = 6) -> list[dict]:
    """Group stored cues into readable paragraphs: a new one when the speaker changes, after a
    pause, or every `size` cues; each paragraph keeps the time stamp of its first cue."""
    result: list[dict[str, Any]] = []
    previous: dict[str, Any] | None = None
    for cue in cues:
        new = (
            previous is None
            or cue.get("speaker", "") != previous.get("speaker", "")
            or cue["start"] - previous["end"] > gap
            or len(result[-1]["texts"]) >= size
        )
        if new:
            result.append(
                {
                    "start": cue["start"],
                    "stamp": timestamp(cue["start"]),
                    "seconds": int(cue["start"]),
                    "speaker": cue.get("speaker", ""),
                    "texts": [],
                }
            )
        result[-1]["texts"].append(cue["text"])
        previous = cue
    for paragraph in result:
        paragraph["text"] = " ".join(paragraph.pop("texts"))
    return result
