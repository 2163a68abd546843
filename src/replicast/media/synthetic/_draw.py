"""Drawing a timeline's frames with PIL: widgets, the focused input's blinking caret, the cursor (an
arrow, or an I-beam over a text input)."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
from PIL import Image, ImageDraw

from replicast.media.base import Rgb
from replicast.media.synthetic._layout import font, text_anchor, widget_font
from replicast.media.synthetic._model import (
    ACCENT,
    BORDER,
    ERROR,
    MUTED,
    TEXT,
    WHITE,
    Button,
    Checkbox,
    Color,
    Disclosure,
    Label,
    Scrim,
    SyntheticScreen,
    TextInput,
    Widget,
)
from replicast.media.synthetic._timeline import State, Timeline
from replicast.media.synthetic._truth import cursor_at

OPEN_FILL: Color = (231, 241, 255)
OPEN_INK: Color = (12, 99, 228)

BLINK_S = 0.5
"""The caret shows for this long, then hides for this long; a keystroke restarts the cycle."""

ARROW = ((0, 0), (0, 16), (4, 12), (7, 19), (10, 18), (7, 11), (12, 11))
"""The X11 `left_ptr` arrow as a polygon, hotspot at its tip (0, 0): black with a white outline."""
IBEAM_HALF = 8
"""px from the I-beam's hotspot (its middle) to its ends."""


def _darker(c: Color, f: float = 0.78) -> Color:
    return (int(c[0] * f), int(c[1] * f), int(c[2] * f))


def draw_screen(screen: SyntheticScreen, state: State, size: tuple[int, int]) -> Image.Image:
    """The screen in `state`, without caret or cursor, and without the widget being dragged."""
    im = Image.new("RGB", size, screen.background)
    for w in screen.widgets:
        if state.dragging is None or w.id != state.dragging.widget:
            draw_widget(im, w, state)
    return im


def draw_widget(im: Image.Image, w: Widget, state: State) -> None:
    """One widget as `state` shows it."""
    d = ImageDraw.Draw(im)
    at, anchor = text_anchor(w)
    b = w.box
    rect = (b.x, b.y, b.x2 - 1, b.y2 - 1)
    match w:
        case Scrim():
            dark = Image.new("RGB", (b.w, b.h), (0, 0, 0))
            im.paste(Image.blend(im.crop((b.x, b.y, b.x2, b.y2)), dark, w.opacity), (b.x, b.y))
        case Label():
            if w.fill is not None:
                d.rectangle(rect, fill=w.fill)
            d.text(at, w.text, fill=w.color, font=widget_font(w), anchor=anchor)
        case Button():
            d.rounded_rectangle(rect, radius=4, fill=_darker(w.fill) if state.pressed == w.id else w.fill)
            d.text(at, w.text, fill=w.color, font=widget_font(w), anchor=anchor)
        case TextInput():
            focused = state.focus == w.id
            edge = ERROR if w.invalid else ACCENT if focused else MUTED
            d.rectangle(rect, fill=WHITE, outline=edge, width=2 if focused else 1)
            value = state.value(w.id)
            text, color = (value, TEXT) if value else (w.placeholder, MUTED)
            if text:
                d.text(at, text, fill=color, font=widget_font(w), anchor=anchor)
        case Disclosure():
            # an open header is tinted, its title and chevron blue (bootstrap's accordion)
            ink = OPEN_INK if w.expanded else TEXT
            d.rectangle(rect, fill=OPEN_FILL if w.expanded else WHITE, outline=BORDER)
            d.text(at, w.text, fill=ink, font=widget_font(w), anchor=anchor)
            # a 12 x 7 px chevron 20 px in from the right end, pointing up while the section is open
            x, y = b.x2 - 32, round(b.cy) - 3
            tip, base = (y, y + 6) if w.expanded else (y + 6, y)
            d.line([(x, base), (x + 6, tip), (x + 12, base)], fill=ink, width=2)
        case Checkbox():
            if state.is_checked(w.id):
                d.rounded_rectangle(rect, radius=3, fill=ACCENT)
                tick = [
                    (b.x + b.w * 0.22, b.cy),
                    (b.x + b.w * 0.42, b.y + b.h * 0.72),
                    (b.x + b.w * 0.78, b.y + b.h * 0.28),
                ]
                d.line(tick, fill=WHITE, width=max(2, b.w // 8), joint="curve")
            else:
                d.rounded_rectangle(rect, radius=3, fill=WHITE, outline=MUTED, width=2)
            if w.label:
                d.text(at, w.label, fill=TEXT, font=widget_font(w), anchor=anchor)


def caret_visible(state: State, t: float) -> bool:
    return state.focus is not None and int((t - state.caret_t0) / BLINK_S) % 2 == 0


def draw_caret(im: Image.Image, screen: SyntheticScreen, state: State, t: float) -> None:
    if state.focus is None or not caret_visible(state, t):
        return
    w = screen.widget(state.focus)
    if not isinstance(w, TextInput):
        return
    (x, cy), _ = text_anchor(w)
    x += font(w.size).getlength(state.value(w.id)) + 1
    half = w.size * 0.6
    ImageDraw.Draw(im).line((x, cy - half, x, cy + half), fill=TEXT, width=1)


def draw_cursor(im: Image.Image, x: float, y: float) -> None:
    ImageDraw.Draw(im).polygon([(x + px, y + py) for px, py in ARROW], fill=(0, 0, 0), outline=WHITE, width=1)


def draw_ibeam(im: Image.Image, x: float, y: float) -> None:
    """The X11 `xterm` I-beam centred on its hotspot: a stem with short bars at both ends, black with a
    white outline."""
    d = ImageDraw.Draw(im)
    x, y = round(x), round(y)
    for colour, pad in ((WHITE, 1), ((0, 0, 0), 0)):
        d.rectangle((x - pad, y - IBEAM_HALF - pad, x + pad, y + IBEAM_HALF + pad), fill=colour)
        for end in (y - IBEAM_HALF, y + IBEAM_HALF):
            d.rectangle((x - 3 - pad, end - pad, x + 3 + pad, end + pad), fill=colour)


class Renderer:
    """Draws a timeline's frames, redrawing widgets only when the state changes."""

    def __init__(self, timeline: Timeline) -> None:
        self._timeline = timeline
        self._cached: tuple[State, Image.Image] | None = None

    def frame(self, t: float) -> Rgb:
        tl = self._timeline
        state = tl.state_at(t)
        screen = tl.script.screen(state.screen)
        key = replace(state, caret_t0=0.0)
        if self._cached is None or self._cached[0] != key:
            self._cached = (key, draw_screen(screen, state, tl.size))
        im = self._cached[1].copy()
        draw_caret(im, screen, state, t)
        c = cursor_at(tl.cursor, t)
        if state.dragging is not None:
            # the widget held follows the pointer from where it was pressed
            held = state.dragging
            w = screen.widget(held.widget)
            moved = replace(w, box=w.box.offset(round(c.x - held.x), round(c.y - held.y)))
            draw_widget(im, moved, state)
        if tl.script.pointer:
            over = next((w for w in reversed(screen.widgets) if w.box.contains_point(c.x, c.y)), None)
            if tl.script.ibeam and isinstance(over, TextInput):
                draw_ibeam(im, c.x, c.y)
            else:
                draw_cursor(im, c.x, c.y)
        return np.asarray(im, dtype=np.uint8)
