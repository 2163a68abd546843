"""Where a widget's text goes and what box its ink covers: shared by drawing, hit-testing and truth."""

from __future__ import annotations

import math
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from replicast.media.synthetic._model import (
    Button,
    Checkbox,
    Disclosure,
    Label,
    Scrim,
    SyntheticScreen,
    TextInput,
    Widget,
)
from replicast.vision.base import Box

Font = ImageFont.FreeTypeFont | ImageFont.ImageFont

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
"""DejaVu Sans (Debian's fonts-dejavu-core); PIL's built-in font stands in where it is missing."""


@lru_cache(maxsize=32)
def font(size: int, bold: bool = False) -> Font:
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    try:
        return ImageFont.truetype(str(FONT_DIR / name), size)
    except OSError:
        return ImageFont.load_default(size)


def widget_font(w: Widget) -> Font:
    if isinstance(w, Scrim):  # shows no text
        return font(16)
    return font(w.size, w.bold if isinstance(w, Label) else False)


def text_anchor(w: Widget) -> tuple[tuple[float, float], str]:
    """The point a widget's text is drawn at, and the PIL anchor (`lm` left-middle, `mm` centred)."""
    match w:
        case Button():
            return (w.box.cx, w.box.cy), "mm"
        case TextInput():
            return (w.box.x + 8, w.box.cy), "lm"
        case Checkbox():
            return (w.box.x2 + 8, w.box.cy), "lm"
        case Disclosure():
            return (w.box.x + 16, w.box.cy), "lm"
        case Label():
            return (w.box.x + w.pad, w.box.cy), "lm"
    return (w.box.x, w.box.cy), "lm"


_MEASURE = ImageDraw.Draw(Image.new("RGB", (1, 1)))


def ink_box(w: Widget, text: str) -> Box:
    """The box `text` covers when drawn as `w`'s text (PIL's text bbox: the glyphs' extents)."""
    at, anchor = text_anchor(w)
    x0, y0, x1, y1 = _MEASURE.textbbox(at, text, font=widget_font(w), anchor=anchor)
    return Box(math.floor(x0), math.floor(y0), math.ceil(x1 - x0), math.ceil(y1 - y0))


def shown_text(w: Widget, value: str) -> tuple[str, bool]:
    """The text a widget shows, and whether it is a placeholder. `value` is an input's current value."""
    match w:
        case Label() | Button() | Disclosure():
            return w.text, False
        case TextInput():
            return (value, False) if value else (w.placeholder, True)
        case Checkbox():
            return w.label, False
        case Scrim():
            return "", False


def hit_test(screen: SyntheticScreen, x: float, y: float) -> Widget | None:
    """The topmost clickable widget at (x, y) (a label only if it is a link); a checkbox's label counts
    as the checkbox, as in HTML. A scrim hides what lies under it."""
    for w in reversed(screen.widgets):
        if isinstance(w, Label) and w.goto is None:
            continue
        if isinstance(w, Scrim):
            if w.box.contains_point(x, y):
                return None
            continue
        if w.box.contains_point(x, y):
            return w
        if isinstance(w, Checkbox) and w.label and ink_box(w, w.label).contains_point(x, y):
            return w
    return None
