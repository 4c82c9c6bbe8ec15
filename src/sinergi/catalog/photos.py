"""Cleaning uploaded product photos with Pillow.

`clean_photo(name, data)` returns JPEG bytes of the picture as it should be seen:
1. refused unless it is a JPEG, PNG or WebP no larger than `MAX_BYTES` and `MAX_PIXELS`
   (a decompression bomb is refused before its pixels are decoded);
2. EXIF orientation applied (a phone photo taken upright shows upright);
3. every metadata block dropped — EXIF (GPS location, camera serial, time), XMP, ICC,
   comments: the pixels are copied into a new image that has none, so nothing the
   encoder might carry over survives;
4. resized to at most `DISPLAY_PX` (page) and `THUMB_PX` (card), JPEG quality 82/75.

Invariant: the output never contains the input's metadata; `PhotoError.message` is a
translated sentence naming the file, for the form.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass

from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_BYTES = 8 * 1024 * 1024
MAX_PIXELS = 40_000_000  # 40 MP: above any phone camera, below a decompression bomb
DISPLAY_PX = 1200
THUMB_PX = 360
FORMATS = {"JPEG", "PNG", "WEBP", "MPO"}  # MPO: what some phones call their JPEGs


class PhotoError(ValueError):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class CleanPhoto:
    image: bytes
    thumb: bytes
    width: int
    height: int


def _jpeg(picture: Image.Image, longest: int, quality: int) -> bytes:
    copy = picture.copy()
    copy.thumbnail((longest, longest), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    copy.save(out, format="JPEG", quality=quality, optimize=True, progressive=True)
    return out.getvalue()


def check_size(name: str, size: int) -> None:
    if size > MAX_BYTES:
        raise PhotoError(
            _("%(file)s is %(size).1f MB; photos up to %(limit)d MB are accepted.")
            % {"file": name, "size": size / 1024 / 1024, "limit": MAX_BYTES // 1024 // 1024}
        )


def clean_photo(name: str, data: bytes) -> CleanPhoto:
    check_size(name, len(data))
    unreadable = _("%(file)s is not a photo Sinergi can read (JPEG, PNG or WebP).") % {"file": name}
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            source = Image.open(io.BytesIO(data))
            if source.format not in FORMATS:
                raise PhotoError(unreadable)
            width, height = source.size
            if width * height > MAX_PIXELS:
                raise PhotoError(
                    _(
                        "%(file)s is %(w)d×%(h)d pixels; photos up to %(mp)d megapixels are "
                        "accepted."
                    )
                    % {"file": name, "w": width, "h": height, "mp": 40}
                )
            source.load()
            upright = ImageOps.exif_transpose(source)
    except PhotoError:
        raise
    except (
        UnidentifiedImageError,
        OSError,
        SyntaxError,
        ValueError,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
    ):
        raise PhotoError(unreadable) from None
    if upright.mode not in ("RGB", "L"):
        background = Image.new("RGB", upright.size, "white")
        rgba = upright.convert("RGBA")
        background.paste(rgba, mask=rgba.getchannel("A"))
        upright = background
    # A new image from the pixels alone: no info dict, no EXIF, XMP or ICC to carry over.
    bare = Image.frombytes(upright.mode, upright.size, upright.tobytes())
    display = _jpeg(bare, DISPLAY_PX, 82)
    shown = Image.open(io.BytesIO(display))
    return CleanPhoto(
        image=display,
        thumb=_jpeg(bare, THUMB_PX, 75),
        width=shown.width,
        height=shown.height,
    )
