"""Check uploaded audio and artwork by their content, never by file name or declared type."""

from __future__ import annotations

import hashlib
import struct
from dataclasses import dataclass
from typing import IO

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from mutagen import MutagenError
from mutagen.mp3 import MP3
from mutagen.mp4 import MP4, Atoms
from PIL import Image, UnidentifiedImageError

ARTWORK_MIN = 1400
ARTWORK_MAX = 3000
ARTWORK_MAX_BYTES = 10 * 1024 * 1024


@dataclass(frozen=True)
class AudioInfo:
    mime: str  # audio/mpeg or audio/x-m4a
    ext: str  # mp3 or m4a
    size: int
    duration: float
    sha256: str


@dataclass(frozen=True)
class ImageInfo:
    mime: str  # image/jpeg or image/png
    ext: str
    width: int
    height: int
    size: int
    sha256: str


def _digest(fileobj: IO[bytes]) -> tuple[str, int]:
    fileobj.seek(0)
    digest = hashlib.sha256()
    size = 0
    for chunk in iter(lambda: fileobj.read(1024 * 1024), b""):
        digest.update(chunk)
        size += len(chunk)
    fileobj.seek(0)
    return digest.hexdigest(), size


def _mp4_handlers(fileobj: IO[bytes]) -> list[bytes]:
    """Return the handler type of every track in an MPEG-4 file (b"soun", b"vide", ...)."""
    fileobj.seek(0)
    atoms = Atoms(fileobj)
    handlers = []
    for trak in atoms.path(b"moov")[-1].findall(b"trak"):
        try:
            hdlr = trak[b"mdia", b"hdlr"]
        except KeyError:
            continue
        fileobj.seek(hdlr.offset + 16)  # size, name, version/flags, pre_defined
        handlers.append(struct.unpack("4s", fileobj.read(4))[0])
    fileobj.seek(0)
    return handlers


def _looks_like_mp4(head: bytes) -> bool:
    return len(head) >= 12 and head[4:8] == b"ftyp"


def inspect_audio(fileobj: IO[bytes]) -> AudioInfo:
    """Return what an uploaded MP3 or M4A file holds, or raise ValidationError with the reason."""
    fileobj.seek(0)
    head = fileobj.read(12)
    fileobj.seek(0)
    not_audio = _("This file is not MP3 or M4A audio. Upload an .mp3 or .m4a file.")
    if _looks_like_mp4(head):
        try:
            mp4 = MP4(fileobj)
            handlers = _mp4_handlers(fileobj)
        except (MutagenError, KeyError, IndexError, struct.error, ValueError) as error:
            raise ValidationError(not_audio) from error
        if b"vide" in handlers:
            raise ValidationError(
                _("This MPEG-4 file contains video. Upload the sound only, as M4A or MP3.")
            )
        codec = getattr(mp4.info, "codec", "") or ""
        if b"soun" not in handlers or not codec.startswith(("mp4a", "alac")):
            raise ValidationError(not_audio)
        mime, ext = "audio/x-m4a", "m4a"
        duration = float(getattr(mp4.info, "length", 0) or 0)
    else:
        try:
            mp3 = MP3(fileobj)
        except (MutagenError, ValueError) as error:
            raise ValidationError(not_audio) from error
        info = mp3.info
        # mutagen finds a frame sync even in noise now and then; a real MP3 is MPEG layer III
        # with a sane sample rate and is not flagged as sketchy.
        if getattr(info, "layer", 3) != 3 or getattr(info, "sketchy", False):
            raise ValidationError(not_audio)
        mime, ext = "audio/mpeg", "mp3"
        duration = float(getattr(info, "length", 0) or 0)
    if duration <= 0:
        raise ValidationError(_("The audio file has no playable length."))
    sha, size = _digest(fileobj)
    return AudioInfo(mime=mime, ext=ext, size=size, duration=duration, sha256=sha)


def check_artwork(fileobj: IO[bytes]) -> ImageInfo:
    """Check podcast artwork: a square JPEG or PNG in RGB, 1400–3000 pixels wide."""
    sha, size = _digest(fileobj)
    if size > ARTWORK_MAX_BYTES:
        raise ValidationError(
            _("The image is larger than %(mb)d MB.") % {"mb": ARTWORK_MAX_BYTES // (1024 * 1024)}
        )
    try:
        with Image.open(fileobj) as image:
            image_format = image.format
            width, height = image.size
            mode = image.mode
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError) as error:
        raise ValidationError(_("This file is not a JPEG or PNG image.")) from error
    finally:
        fileobj.seek(0)
    if image_format not in ("JPEG", "PNG"):
        raise ValidationError(
            _("Artwork must be JPEG or PNG, not %(format)s.") % {"format": image_format}
        )
    if width != height:
        raise ValidationError(
            _("Artwork must be square; this image is %(w)d × %(h)d pixels.")
            % {"w": width, "h": height}
        )
    if not ARTWORK_MIN <= width <= ARTWORK_MAX:
        raise ValidationError(
            _(
                "Artwork must be between %(min)d and %(max)d pixels wide; this image is "
                "%(w)d × %(h)d."
            )
            % {"min": ARTWORK_MIN, "max": ARTWORK_MAX, "w": width, "h": height}
        )
    if mode not in ("RGB", "RGBA", "P", "L"):
        raise ValidationError(
            _("Artwork must use the RGB colour space (this image is %(mode)s).") % {"mode": mode}
        )
    mime, ext = ("image/png", "png") if image_format == "PNG" else ("image/jpeg", "jpg")
    return ImageInfo(mime=mime, ext=ext, width=width, height=height, size=size, sha256=sha)
