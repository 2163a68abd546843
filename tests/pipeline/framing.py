"""Put a page's frames where real recordings put them: inside a browser window, on a desktop, between
letterbox bars. The browser is drawn like Chromium's: a tab strip with the active tab, a toolbar with
an omnibox pill, a 1 px separator line, then the page."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFont

from replicast.media.base import Rgb
from replicast.vision.base import Box

TAB_STRIP = (211, 227, 253)
TOOLBAR = (255, 255, 255)
OMNIBOX = (233, 238, 246)
SEPARATOR = (225, 227, 225)
TAB_H, TOOLBAR_H = 40, 46
"""CSS px at 1x, as Debian's Chromium draws them."""


@dataclass(frozen=True, slots=True)
class Framed:
    """The framed picture's size and where the page lies in it (video px)."""

    size: tuple[int, int]
    page: Box


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    try:
        return ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", size)
    except OSError:
        return ImageFont.load_default(size)


def chrome(width: int, scale: int = 1, title: str = "Harbor", url: str = "127.0.0.1:8000/index.html") -> Rgb:
    """A browser's tab strip and toolbar, `width` video px wide, drawn at `scale`."""
    s = scale
    h = (TAB_H + TOOLBAR_H + 1) * s
    im = Image.new("RGB", (width, h), TOOLBAR)
    d = ImageDraw.Draw(im)
    d.rectangle((0, 0, width - 1, TAB_H * s - 1), fill=TAB_STRIP)
    d.rounded_rectangle((8 * s, 6 * s, 230 * s, TAB_H * s + 4 * s), radius=8 * s, fill=TOOLBAR)
    d.text((40 * s, 23 * s), title, fill=(32, 33, 36), font=_font(12 * s), anchor="lm")
    d.text((244 * s, 21 * s), "+", fill=(60, 64, 67), font=_font(18 * s), anchor="mm")
    top = TAB_H * s
    d.rounded_rectangle((110 * s, top + 6 * s, width - 90 * s, top + 40 * s - 1), radius=17 * s, fill=OMNIBOX)
    d.text((150 * s, top + 23 * s), url, fill=(32, 33, 36), font=_font(13 * s), anchor="lm")
    for i, glyph in enumerate(("<", ">", "C")):
        d.text(((20 + 30 * i) * s, top + 23 * s), glyph, fill=(95, 99, 104), font=_font(14 * s), anchor="mm")
    d.rectangle((0, h - s, width - 1, h - 1), fill=SEPARATOR)
    return np.asarray(im, dtype=np.uint8)


def in_browser(
    frames: Iterable[Rgb],
    scale: int = 1,
    desktop: tuple[int, int] | None = None,
    at: tuple[int, int] = (0, 0),
) -> tuple[Framed, Iterator[Rgb]]:
    """Each page frame upscaled by `scale` (text strokes and all) below browser chrome; the window at
    `at` on a `desktop` (a blue-grey gradient with a panel) of that size, or alone."""
    it = iter(frames)
    first = next(it)
    ph, pw = first.shape[0] * scale, first.shape[1] * scale
    bar = chrome(pw, scale)
    win_h = bar.shape[0] + ph
    size = desktop or (pw, win_h)
    x0, y0 = at if desktop else (0, 0)
    back = _desktop(size) if desktop else np.zeros((win_h, pw, 3), np.uint8)
    framed = Framed(size, Box(x0, y0 + bar.shape[0], pw, ph))

    def frames_out() -> Iterator[Rgb]:
        for page in (first, *it):
            out = back.copy()
            out[y0 : y0 + bar.shape[0], x0 : x0 + pw] = bar
            big = page if scale == 1 else cv2.resize(page, (pw, ph), interpolation=cv2.INTER_CUBIC)
            out[framed.page.y : framed.page.y2, x0 : x0 + pw] = big
            yield out

    return framed, frames_out()


def _desktop(size: tuple[int, int]) -> Rgb:
    w, h = size
    ramp = np.linspace(0, 1, h, dtype=np.float32)[:, None, None]
    img = np.array([40, 60, 90], np.float32) * (1 - ramp) + np.array([90, 110, 140], np.float32) * ramp
    out = np.broadcast_to(img, (h, w, 3)).astype(np.uint8).copy()
    out[h - 28 :, :] = (30, 30, 34)  # a panel along the bottom
    return out


def letterboxed(frames: Iterable[Rgb], size: tuple[int, int]) -> tuple[Framed, Iterator[Rgb]]:
    """Each frame centred on a black canvas of `size` (bars top and bottom, or left and right)."""
    it = iter(frames)
    first = next(it)
    h, w = first.shape[:2]
    x0, y0 = (size[0] - w) // 2, (size[1] - h) // 2
    framed = Framed(size, Box(x0, y0, w, h))

    def frames_out() -> Iterator[Rgb]:
        for page in (first, *it):
            out = np.zeros((size[1], size[0], 3), np.uint8)
            out[y0 : y0 + h, x0 : x0 + w] = page
            yield out

    return framed, frames_out()
