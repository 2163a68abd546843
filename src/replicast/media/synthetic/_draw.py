"""Drawing a timeline's frames with PIL: widgets, the focused input's blinking caret, the cursor (an
arrow, a hand or an I-beam, as over what it is on)."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
from PIL import Image, ImageDraw

from replicast.media.base import Rgb
from replicast.media.synthetic._layout import font, hit_test, text_anchor, widget_font
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
HAND = (
    (-1, 1), (0, 0), (1, 0), (2, 1), (2, 6), (4, 6), (5, 7), (7, 7), (8, 8), (10, 8), (11, 9),
    (11, 14), (9, 17), (-2, 17), (-5, 12), (-6, 9), (-5, 8), (-3, 9), (-1, 11),
)  # fmt: skip
"""A pointing hand, hotspot at its fingertip (0, 0): black with a white outline, and white lines
between its fingers (`FINGERS`)."""
FINGERS = (((2, 9), (2, 14)), ((5, 9), (5, 14)), ((8, 10), (8, 14)))
IBEAM = (((0, -7), (0, 7)), ((-3, -8), (3, -8)), ((-3, 8), (3, 8)))
"""An I-beam as strokes, hotspot at its middle (0, 0): black with a white outline."""


def _darker(c: Color, f: float = 0.78) -> Color:
    return (int(c[0] * f), int(c[1] * f), int(c[2] * f))


def draw_screen(
    screen: SyntheticScreen, state: State, size: tuple[int, int], hovered: str | None = None
) -> Image.Image:
    """The screen in `state`, without caret or cursor, and without the widget being dragged; the link
    `hovered` in its hover colour."""
    im = Image.new("RGB", size, screen.background)
    for w in screen.widgets:
        if state.dragging is None or w.id != state.dragging.widget:
            lit = isinstance(w, Label) and w.id == hovered and w.hover is not None
            draw_widget(im, _lit(w) if lit else w, state)
    return im


def _lit(w: Widget) -> Widget:
    """A link in its hover colour."""
    return replace(w, color=w.hover) if isinstance(w, Label) and w.hover is not None else w


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


def draw_cursor(im: Image.Image, x: float, y: float, look: Widget | None = None) -> None:
    """The pointer with its hotspot at (x, y), as it looks over widget `look` (the arrow over none)."""
    d = ImageDraw.Draw(im)
    match look:
        case TextInput():
            for width, fill in ((3, WHITE), (1, (0, 0, 0))):
                for (x0, y0), (x1, y1) in IBEAM:
                    d.line((x + x0, y + y0, x + x1, y + y1), fill=fill, width=width)
        case Button() | Checkbox() | Label():
            d.polygon([(x + px, y + py) for px, py in HAND], fill=(0, 0, 0), outline=WHITE, width=1)
            for (x0, y0), (x1, y1) in FINGERS:
                d.line((x + x0, y + y0, x + x1, y + y1), fill=WHITE, width=1)
        case _:
            d.polygon([(x + px, y + py) for px, py in ARROW], fill=(0, 0, 0), outline=WHITE, width=1)


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
        self._cached: tuple[tuple[State, str | None], Image.Image] | None = None

    def frame(self, t: float) -> Rgb:
        tl = self._timeline
        state = tl.state_at(t)
        screen = tl.script.screen(state.screen)
        c = cursor_at(tl.cursor, t)
        under = self._under(screen, t, c.x, c.y)
        hovered = under.id if isinstance(under, Label) else None
        key = (replace(state, caret_t0=0.0), hovered)
        if self._cached is None or self._cached[0] != key:
            self._cached = (key, draw_screen(screen, state, tl.size, hovered))
        im = self._cached[1].copy()
        draw_caret(im, screen, state, t)
        if state.dragging is not None:
            # the widget held follows the pointer from where it was pressed
            held = state.dragging
            w = screen.widget(held.widget)
            moved = replace(w, box=w.box.offset(round(c.x - held.x), round(c.y - held.y)))
            draw_widget(im, moved, state)
        if tl.script.pointer:
            if tl.script.ibeam and isinstance(hit_test(screen, c.x, c.y), TextInput):
                draw_ibeam(im, c.x, c.y)
            else:
                draw_cursor(im, c.x, c.y, under)
        return np.asarray(im, dtype=np.uint8)

    def _under(self, screen: SyntheticScreen, t: float, x: float, y: float) -> Widget | None:
        """What the pointer shows its look for at `t` (with `Script.looks`): what it is on, once it
        moved since the screen was shown (a browser updates both on a move)."""
        tl = self._timeline
        if not tl.script.looks:
            return None
        shown = tl.shown_at(t)
        was = cursor_at(tl.cursor, shown)
        keys = [(k.x, k.y) for k in tl.cursor if shown < k.t <= t]
        moved = any(at != (was.x, was.y) for at in [*keys, (x, y)])
        return hit_test(screen, x, y) if moved else None
