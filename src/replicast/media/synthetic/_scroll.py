"""A page larger than the viewport, and the frames a recording shows while it scrolls, with exact offsets.

page = tall_page()                                        # 640 x 1500, rows of distinct cards
frames = scrolled_frames(page, glide_offsets(0, 480, 12), header=header_bar())
board = board_page()                                      # 1600 x 360, a grid of distinct cards
frames = panned_frames(board, [(x, 0) for x in glide_offsets(0, 300, 12)], (640, 360))
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import numpy as np
from PIL import Image, ImageDraw

from replicast.media.base import Rgb
from replicast.media.synthetic._draw import draw_cursor
from replicast.media.synthetic._layout import font

WIDTH, VIEW_H, PAGE_H, HEADER_H = 640, 360, 1500, 48
BOARD_W = 1600
WORDS = (
    "copper", "brass", "steel", "tin", "zinc", "nickel", "iron", "lead", "gold", "silver", "cobalt", "chrome",
)  # fmt: skip


def tall_page(width: int = WIDTH, height: int = PAGE_H) -> Rgb:
    """Rows of cards with different text and shades, none like another (no periodic ambiguity)."""
    im = Image.new("RGB", (width, height), (246, 247, 249))
    d = ImageDraw.Draw(im)
    y, n = 16, 0
    while y < height - 40:
        h = 44 + (n * 17) % 40
        shade = 255 - (n * 23) % 40
        d.rounded_rectangle(
            (24, y, width - 24, y + h), radius=6, fill=(shade, 255, shade), outline=(200, 205, 210)
        )
        words = " ".join(WORDS[(n * 5 + k) % len(WORDS)] for k in range(2 + n % 5))
        d.text((40, y + h // 2), f"{n + 1}. {words}", fill=(30, 35, 40), font=font(15), anchor="lm")
        d.rectangle(
            (width - 120, y + 10, width - 40, y + h - 10), fill=(37, 99, 235) if n % 3 else (220, 38, 38)
        )
        y += h + 12
        n += 1
    return np.asarray(im, dtype=np.uint8)


def board_page(width: int = BOARD_W, height: int = VIEW_H) -> Rgb:
    """A grid of cards of different widths, heights, text and shades, none like another along either
    axis (a page that scrolls sideways, or both ways)."""
    im = Image.new("RGB", (width, height), (246, 247, 249))
    d = ImageDraw.Draw(im)
    x, col = 16, 0
    while x < width - 60:
        w = 130 + (col * 37) % 90
        y, row = 16 + (col * 13) % 30, 0
        while y < height - 40:
            n = col * 7 + row
            h = 48 + (n * 17) % 40
            shade = 225 - (n * 23) % 60
            d.rounded_rectangle(
                (x, y, x + w, y + h), radius=6, fill=(255, shade, shade), outline=(200, 205, 210)
            )
            d.text((x + 10, y + 14), f"{n + 1} {WORDS[n % len(WORDS)]}", fill=(30, 35, 40), font=font(14))
            bx = x + 10 + (n * 29) % (w - 50)
            d.rectangle((bx, y + h - 16, bx + 30, y + h - 8), fill=(37, 99, 235) if n % 3 else (22, 163, 74))
            y += h + 10
            row += 1
        x += w + 14
        col += 1
    return np.asarray(im, dtype=np.uint8)


def header_bar(width: int = WIDTH) -> Rgb:
    im = Image.new("RGB", (width, HEADER_H), (36, 59, 83))
    ImageDraw.Draw(im).text(
        (24, HEADER_H // 2), "Stockroom", fill=(255, 255, 255), font=font(20), anchor="lm"
    )
    return np.asarray(im, dtype=np.uint8)


def _arrow(img: Rgb, x: int, y: int) -> None:
    im = Image.fromarray(img)
    draw_cursor(im, x, y)
    img[:] = np.asarray(im)


def scrolled_frames(
    page: Rgb,
    offsets: Sequence[int],
    view_h: int = VIEW_H,
    header: Rgb | None = None,
    pointer: tuple[int, int] | None = (400, 200),
) -> Iterator[Rgb]:
    """The viewport at each page offset (the page y shown at the viewport's top, below a fixed
    `header` if any), with the arrow pointer drawn at `pointer`."""
    return panned_frames(page, [(0, y) for y in offsets], (page.shape[1], view_h), header, pointer)


def panned_frames(
    page: Rgb,
    positions: Sequence[tuple[int, int]],
    view: tuple[int, int],
    header: Rgb | None = None,
    pointer: tuple[int, int] | None = (400, 200),
) -> Iterator[Rgb]:
    """The `view` (width, height) viewport at each page position (x, y: the page point shown at its
    top-left corner, below a fixed `header` as wide as the view if any), with the arrow pointer drawn
    at `pointer`."""
    view_w, view_h = view
    top = header.shape[0] if header is not None else 0
    for x, y in positions:
        frame = np.empty((view_h, view_w, 3), np.uint8)
        if header is not None:
            frame[:top] = header
        frame[top:] = page[y : y + view_h - top, x : x + view_w]
        if pointer is not None:
            _arrow(frame, *pointer)
        yield frame


def glide_offsets(start: int, end: int, frames: int) -> list[int]:
    """Offsets of a smooth scroll from `start` to `end` (eased), one per frame."""
    u = np.linspace(0, 1, frames)
    u = u * u * (3 - 2 * u)
    return [round(start + (end - start) * v) for v in u]
