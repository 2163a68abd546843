"""Synthetic screens drawn with PIL for the vision tests, with the exact boxes of what was drawn."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from replicast.media.base import Rgb
from replicast.vision.base import Box, TextLine

FONT_DIR = "/usr/share/fonts/truetype/dejavu"


def font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(f"{FONT_DIR}/DejaVuSans{'-Bold' if bold else ''}.ttf", size)


@dataclass
class Canvas:
    """A page to draw UI on; `lines` collects the exact ink boxes of the text drawn (what a perfect OCR
    would report), `boxes` the named boxes of the controls."""

    width: int = 640
    height: int = 400
    background: tuple[int, int, int] = (255, 255, 255)
    lines: list[TextLine] = field(default_factory=list)
    boxes: dict[str, Box] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.img = Image.new("RGB", (self.width, self.height), self.background)
        self.draw = ImageDraw.Draw(self.img)

    def text(self, x: int, y: int, s: str, size: int = 16, colour=(33, 37, 41), bold: bool = False) -> Box:
        f = font(size, bold)
        before = np.asarray(self.img, dtype=np.int16)
        self.draw.text((x, y), s, fill=colour, font=f)
        # the exact ink box: where the drawing changed the page
        changed = np.abs(np.asarray(self.img, dtype=np.int16) - before).max(axis=2) > 24
        ys, xs = np.nonzero(changed)
        box = Box(int(xs.min()), int(ys.min()), int(xs.max() - xs.min() + 1), int(ys.max() - ys.min() + 1))
        self.lines.append(TextLine(s, box, 0.99))
        return box

    def runs(self, x: int, y: int, parts: list[tuple[str, tuple[int, int, int]]], size: int = 16) -> Box:
        """One line drawn in coloured runs (words joined by single spaces), read as one OCR line."""
        f = font(size)
        before = np.asarray(self.img, dtype=np.int16)
        cx = x
        for k, (s, colour) in enumerate(parts):
            self.draw.text((cx, y), s, fill=colour, font=f)
            cx += round(self.draw.textlength(s + (" " if k < len(parts) - 1 else ""), font=f))
        changed = np.abs(np.asarray(self.img, dtype=np.int16) - before).max(axis=2) > 24
        ys, xs = np.nonzero(changed)
        box = Box(int(xs.min()), int(ys.min()), int(xs.max() - xs.min() + 1), int(ys.max() - ys.min() + 1))
        self.lines.append(TextLine(" ".join(s for s, _ in parts), box, 0.99))
        return box

    def join(self, n: int) -> Box:
        """The last `n` texts drawn read as one OCR line (words a little more than a space apart)."""
        parts = self.lines[-n:]
        del self.lines[-n:]
        box = parts[0].box
        for p in parts[1:]:
            box = box.union(p.box)
        self.lines.append(TextLine(" ".join(p.text for p in parts), box, 0.99))
        return box

    def text_centred(self, box: Box, s: str, size: int = 16, colour=(255, 255, 255)) -> Box:
        f = font(size)
        x0, y0, x1, y1 = self.draw.textbbox((0, 0), s, font=f)
        x = box.x + (box.w - (x1 - x0)) // 2 - x0
        y = box.y + (box.h - (y1 - y0)) // 2 - y0
        return self.text(x, y, s, size, colour)

    def rect(self, name: str, box: Box, fill=None, outline=None, radius: int = 0, width: int = 1) -> Box:
        self.draw.rounded_rectangle(
            [box.x, box.y, box.x2 - 1, box.y2 - 1], radius=radius, fill=fill, outline=outline, width=width
        )
        self.boxes[name] = box
        return box

    def rgb(self) -> Rgb:
        return np.asarray(self.img, dtype=np.uint8).copy()


def form_screen() -> Canvas:
    """A heading, an input with a placeholder, a checkbox with its label, a filled button, a link."""
    c = Canvas()
    c.text(40, 24, "Sign in", size=32, colour=(20, 20, 20), bold=True)
    c.text(40, 80, "Enter your account details below to continue.", size=16)
    field_box = c.rect(
        "input", Box(40, 120, 320, 40), fill=(255, 255, 255), outline=(206, 212, 218), radius=4
    )
    c.boxes["placeholder"] = c.text(54, 131, "Email address", size=16, colour=(150, 150, 150))
    assert field_box.h == 40
    c.rect("checkbox", Box(40, 184, 16, 16), fill=(255, 255, 255), outline=(120, 120, 120))
    c.boxes["label"] = c.text(66, 183, "Remember me", size=16)
    button = c.rect("button", Box(40, 224, 140, 40), fill=(0, 123, 255), radius=4)
    c.boxes["button_text"] = c.text_centred(button, "Sign In", size=16)
    c.boxes["link"] = c.text(40, 290, "Forgot your password?", size=16, colour=(0, 100, 230))
    return c
