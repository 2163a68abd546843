"""Form controls from shapes and the text inside them: buttons, inputs, textareas, selects, checkboxes,
radios, switches and icon buttons.

Rules (RESEARCH.md 3.2), all relative to the font size of the text involved so they hold at 1x and 2x:
- button: a filled or outlined box, at most ~4 em tall, holding one short line centred in it (optionally
  after an icon); two capitals in a square tile are an avatar's initials (a badge) instead, and so is a
  filled chip hugging a word or a count in small type (under 2 em tall); an icon
  button is a plain square or circle holding one centred glyph;
- input: a bordered box (or a light one whose text is greyed like a placeholder, or one filled a few
  levels off the page, too faint for the edge map, found around such a text), wider than tall,
  1.3-4.5 em high, empty or holding one left-aligned line; a select is an input with a small chevron
  near its right edge; a textarea is an empty bordered box 4.5-16 em tall;
- checkbox / radio: a square / circle of 0.55-1.7 em right before a text line; a switch: a pill about a
  line tall with a knob at one end.

    found = find_controls(rgb, shapes, infos, body)
    found.elements, found.used          # the controls, and the indices of the lines they carry
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from itertools import pairwise

import cv2
import numpy as np
from numpy.typing import NDArray

from replicast.media.base import Rgb
from replicast.spec.models import Role
from replicast.vision.base import Box
from replicast.vision.elements import DetectedElement, ElementStyle
from replicast.vision.shapes import Shape, describe
from replicast.vision.style import Colour, colour_mode, contrast, distance, hex_colour, luminance, tinted_text
from replicast.vision.texts import BodyText, TextInfo
from replicast.vision.typography import inline_box

CHEVRONS = frozenset("vV▼▾⌄˅⏷ˇ∨")
TICKS = frozenset({"v", "V", "✓", "✔", "/", "x", "X", "×", "✗", "•", "●", "-"})
"""What a recogniser makes of a checkbox's tick or a radio's dot."""
_BULLETS = frozenset("0oO•*·●.")
FAINT_REACH_EM = 30
"""How far from its text a faint field is looked for (em; a search box is rarely wider)."""
FAINT_TOLERANCE = 3
"""Levels a faint field's fill may vary by (codec noise); its edge steps by more."""
MID_GREY = (0.12, 0.6)
"""Relative luminance of a placeholder's grey (bootstrap's #6c757d 0.17, sb-admin's #858796 0.25), where
dark text (#212529 0.02, #5a5c69 0.1) is below: a typed value or a row's label."""
GREY_SPREAD = 40
"""The most a placeholder's grey may differ between its channels (browsers grey them out; a title in the
brand's colour is no placeholder)."""
FAINT_SOLID = 0.85
"""The share of a faint field's box (less its text) in its fill colour: a box, not a run of the page."""
BADGE_HEIGHT = 1.95
"""A filled chip at most this many times its text's font size tall..."""
BADGE_FONT = 0.9
"""...whose text is at most this share of the body's font size..."""
BADGE_CONTRAST = 60
"""...and whose fill stands out this much (max channel) from around it is a badge, not a button."""


@dataclass(slots=True)
class Controls:
    """The controls found and the OCR lines they took."""

    elements: list[DetectedElement] = field(default_factory=list)
    used: set[int] = field(default_factory=set)
    glyphs: set[int] = field(default_factory=set)
    """Those of the lines that are an icon the recogniser read as a letter or two (a logo's "f" beside
    a label): their ink is the control's icon, not its text."""


def _inside(inner: Box, outer: Box, frac: float = 0.75) -> bool:
    return inner.area > 0 and inner.intersection(outer) >= frac * inner.area


def _shape_style(s: Shape, text: TextInfo | None) -> ElementStyle:
    return ElementStyle(
        color=hex_colour(text.colour) if text and text.colour else None,
        background=hex_colour(s.fill) if s.fill and (s.filled or s.outlined) else None,
        border_color=hex_colour(s.edge) if s.edge else None,
        font_size=round(text.em, 1) if text else None,
        font_weight=text.weight if text else None,
        italic=(text.italic or None) if text else None,
        radius=round(s.radius, 1),
    )


def ink_box(
    image: Rgb, box: Box, ref: Colour | None, exclude: Sequence[Box] = (), inset: int = 2
) -> Box | None:
    """Box of the pixels inside `box` (inset) that differ clearly from `ref`, ignoring `exclude`."""
    if ref is None:
        return None
    x0, y0 = max(0, box.x + inset), max(0, box.y + inset)
    x1, y1 = min(image.shape[1], box.x2 - inset), min(image.shape[0], box.y2 - inset)
    if x1 <= x0 or y1 <= y0:
        return None
    patch = image[y0:y1, x0:x1].astype(np.int16)
    mask = np.abs(patch - np.asarray(ref, np.int16)).max(axis=2) > 40
    for e in exclude:
        mask[max(0, e.y - y0) : max(0, e.y2 - y0), max(0, e.x - x0) : max(0, e.x2 - x0)] = False
    ys, xs = np.nonzero(mask)
    if ys.size < 3:
        return None
    return Box(
        x0 + int(xs.min()), y0 + int(ys.min()), int(xs.max() - xs.min() + 1), int(ys.max() - ys.min() + 1)
    )


VIVID = 80
"""A fill whose channels spread this far is a strong colour (a card's header, a button): no field's."""


def _light(s: Shape) -> bool:
    return s.fill is not None and luminance(s.fill) > 0.6


DARK_SURROUND = 0.1
"""Relative luminance under which what surrounds a box is a dark band (#343a40 is 0.04)."""


def _on_dark(s: Shape) -> bool:
    return s.outside is not None and luminance(s.outside) < DARK_SURROUND


def _vivid(fill: Colour | None) -> bool:
    return fill is not None and max(fill) - min(fill) >= VIVID


def _up_down(image: Rgb, ink: Box, ref: Colour | None) -> bool:
    """Two marks one above the other, each wider than tall, with blank rows between them: the up and
    down triangles of a select drawn by its stylesheet (bootstrap's custom-select)."""
    if ref is None:
        return False
    patch = image[ink.y : ink.y2, ink.x : ink.x2].astype(np.int16)
    rows = (np.abs(patch - np.asarray(ref, np.int16)).max(axis=2) > 40).any(axis=1)
    blank = np.flatnonzero(~rows)
    if blank.size == 0 or blank[-1] - blank[0] + 1 != blank.size:
        return False  # no gap, or more than one
    parts = (rows[: blank[0]], rows[blank[-1] + 1 :])
    return all(p.size > 0 and 1.2 * p.size <= ink.w for p in parts)


def _ink_density(image: Rgb, box: Box, ref: Colour | None) -> float:
    """Share of the pixels of `box` that differ clearly from `ref`."""
    if ref is None or box.area == 0:
        return 0.0
    patch = image[box.y : box.y2, box.x : box.x2].astype(np.int16)
    return float((np.abs(patch - np.asarray(ref, np.int16)).max(axis=2) > 40).mean())


def _pill_ink(image: Rgb, box: Box, fill: Colour | None) -> Box | None:
    """Box of the pixels inside a pill (a stadium as tall as `box`) that differ clearly from its fill;
    the corners of the box, outside the pill, do not count."""
    if fill is None or box.h < 4:
        return None
    patch = image[box.y : box.y2, box.x : box.x2].astype(np.int16)
    h, w = patch.shape[:2]
    r = h / 2
    ys, xs = np.mgrid[0:h, 0:w]
    px = np.clip(xs + 0.5, r, w - r)  # nearest point on the pill's centre segment
    inside = np.hypot(xs + 0.5 - px, ys + 0.5 - r) < r - 1.5
    mask = inside & (np.abs(patch - np.asarray(fill, np.int16)).max(axis=2) > 40)
    yy, xx = np.nonzero(mask)
    if yy.size < 3:
        return None
    return Box(
        box.x + int(xx.min()),
        box.y + int(yy.min()),
        int(xx.max() - xx.min() + 1),
        int(yy.max() - yy.min() + 1),
    )


def _is_icon_text(t: TextInfo) -> bool:
    """A 1-2 character OCR line that is really a glyph icon (a logo letter, an arrow, a field's "!" in a
    circle read as "①"); a one or two digit count is text."""
    s = t.text
    return len(s) <= 2 and not s.isdecimal()


def _merge_row(texts: list[TextInfo]) -> list[TextInfo]:
    """Lines side by side on one row (a label the OCR split at a gap) as one line."""
    if len(texts) < 2:
        return texts
    ordered = sorted(texts, key=lambda t: t.ink.x)
    first = ordered[0]
    if any(abs(t.ink.cy - first.ink.cy) > 0.35 * first.em for t in ordered[1:]):
        return texts
    if any(b.ink.x - a.ink.x2 > 1.5 * first.em for a, b in pairwise(ordered)):
        return texts  # separate items (a toolbar), not one label
    ink = first.ink
    for t in ordered[1:]:
        ink = ink.union(t.ink)
    text = " ".join(t.text for t in ordered)
    return [replace(first, text=text, ink=ink, box=inline_box(text, ink))]


def _centred(t: TextInfo, s: Shape, icon: Box | None) -> bool:
    """The content sits about as far from the box's left as from its right (a narrow field's value,
    padded at its left only, does not)."""
    content = t.box if icon is None else t.box.union(icon)
    return abs(content.cx - s.box.cx) <= 0.075 * s.box.w + 0.25 * t.em


ICON_BUTTON_EM = 3.6
"""An icon button is at most this many body ems tall (a floating action button's 56 px at 16 px text); a
larger tile holding a glyph is an icon on its painted ground (a dashboard's info box leads with a 70 px
one)."""
PHOTO_MID_TONES = 0.28
"""A glyph is drawn in two colours, its shape's fill and its ink, with a rim of blends between them: 12-19 %
of the pixels of an icon button's core (video's blur included) are like neither; an avatar's photo shows
32-43 %."""


def _mid_tones(image: Rgb, box: Box) -> float:
    """The share of `box`'s pixels that are like neither its commonest colour nor the median of the
    pixels clearly unlike that (its ink)."""
    px = image[box.y : box.y2, box.x : box.x2].reshape(-1, 3)
    fill = colour_mode(px)
    if fill is None:
        return 0.0
    px16 = px.astype(np.int16)
    off_fill = np.abs(px16 - np.asarray(fill, np.int16)).max(axis=1)
    far = px16[off_fill > 40]
    if not far.size:
        return 0.0
    off_ink = np.abs(px16 - np.median(far, axis=0)).max(axis=1)
    return float(((off_fill > 24) & (off_ink > 24)).mean())


def _password_text(t: TextInfo) -> str | None:
    s = t.text.replace(" ", "")
    if len(s) >= 3 and set(s) <= _BULLETS and len(set(s)) == 1:
        return "•" * len(s)
    return None


class _Finder:
    def __init__(
        self, image: Rgb, infos: Sequence[TextInfo], body: BodyText, shapes: Sequence[Shape] = ()
    ) -> None:
        self.image = image
        self.infos = list(infos)
        self.body = body
        self.shapes = list(shapes)
        self.out = Controls()
        self.taken: list[Box] = []
        self.abut = max(3, round(0.25 * body.em))
        """How far apart two boxes that share a border are found (the border may go to either)."""

    def free_texts_in(self, box: Box) -> list[TextInfo]:
        return [t for t in self.infos if t.index not in self.out.used and _inside(t.ink, box)]

    def overlaps_taken(self, box: Box) -> bool:
        return any(box.intersection(b) >= 0.5 * min(box.area, b.area) for b in self.taken)

    def add(self, el: DetectedElement, texts: Sequence[TextInfo]) -> None:
        self.out.elements.append(el)
        self.taken.append(el.box)
        self.out.used.update(t.index for t in texts)

    # ------------------------------------------------------------------ text-bearing controls
    def text_control(self, s: Shape) -> None:
        inner = self.free_texts_in(s.box)
        if not inner or self.overlaps_taken(s.box):
            return
        icons = [t for t in inner if _is_icon_text(t)]
        main = _merge_row([t for t in inner if not _is_icon_text(t)])
        if not main:
            # a lone short value ("=", "5") is the content, not an icon, unless it is the chevron
            main = sorted((t for t in icons if t.text not in CHEVRONS), key=lambda t: t.ink.x)[:1]
        if len(main) != 1:
            return
        t = main[0]
        self.out.glyphs.update(i.index for i in icons if i is not t)
        # the ink of one or two glyphs ("=", "-") or of password bullets says little about the font size
        em = t.em if len(t.text) > 2 and _password_text(t) is None else max(t.em, 0.8 * self.body.em)
        b = s.box
        if self._text_area(s, t, em):
            self.add(self._input(s, t, inner, "textarea"), inner)
            return
        if b.h > 4.5 * em or b.h < 1.15 * em or b.w < t.ink.w:
            return
        # the shape is the text's own background, not a box around it
        if b.h < t.ink.h + 0.3 * em:
            return
        if self._cell(s):
            return  # a cell of a table's grid: its text stays text
        chevron = self._chevron(s, t, icons, em)
        icon_box = None
        lead = [i for i in icons if i.ink.x2 <= t.ink.x]
        if lead:
            icon_box = lead[0].ink
        light = _light(s)
        near_left = t.ink.x - b.x <= max(3.0 * em, 0.3 * b.w)
        left = near_left and not _centred(t, s, icon_box)
        # at the screen's left edge (a sidebar's item), a label starting near the box's left after an
        # icon is set left though the two happen to fill the box about evenly
        edge = b.x <= em
        iconed = (
            edge and ink_box(self.image, Box(b.x, b.y, max(1, t.ink.x - b.x - 2), b.h), s.fill) is not None
        )
        wide = b.w >= 2.2 * b.h
        # a menu button's caret follows its centred label closely
        menu = chevron is not None and chevron.x - t.ink.x2 < 0.6 * em and _centred(t, s, chevron)
        # a field is light, or bordered (a dark theme's): a strongly coloured bar with a chevron is the
        # opened group of a menu
        field = light or s.outlined
        if (
            wide
            and (left or (near_left and iconed))
            and (light or (_vivid(s.fill) and edge))
            and s.filled
            and not s.outlined
            and _on_dark(s)
            and not self._placeholder_like(t, s)
        ):
            # a light box without a border on a dark band, holding its text at its left, is a lit item
            # (a dark sidebar's current page), as is a strongly coloured one at the screen's left edge
            # (its open group, a chevron at its end): a block link, its label where it was
            indent = float(t.ink.x - b.x)
            style = replace(_shape_style(s, t), text_indent=indent)
            self.add(DetectedElement("link", b, t.text, style=style), inner)
        elif (
            chevron is not None
            and not menu
            and field
            and (wide or (s.outlined and light and self._apart(s, t, chevron, em)))
        ):
            # a narrow one holds a short value ("10" entries a page) in a light field
            self.add(self._make("select", s, t, inner), inner)
        elif chevron is not None and not menu and wide and s.filled:
            self.add(self._make("button", s, t, inner), inner)
        elif left and self._message(s, t):
            return  # a message box (an alert): its text stays text
        elif (
            wide
            and left
            and b.h >= 1.3 * em
            and not _vivid(s.fill)
            and not self._header(s)
            and (
                self._placeholder_like(t, s)
                or (s.outlined and not self._stacked(s, abutting=True))
                or (s.filled and light and not self._stacked(s))
                or (light and any(_grouped_button(b, o) for o in self.shapes))
            )
        ):
            # a border or a light fill makes a field, unless its text is no placeholder and it is one of a
            # list's rows: a box of its width right below or above it, sharing its border (a lit one
            # close by), or a card's header band, closed by the rule under it; so does a light box ending
            # at a button (an input group)
            self.add(self._input(s, t, inner), inner)
        elif (s.filled or s.outlined) and _centred(t, s, icon_box) and b.h <= 4.0 * em and t.n_words <= 6:
            # two capitals in a square or circle are someone's initials (an avatar), not a command
            initials = len(t.text) == 2 and t.text.isalpha() and t.text.isupper() and b.w <= 1.25 * b.h
            self.add(self._make("badge" if initials or self._tag(s, t, em) else "button", s, t, inner), inner)
        elif (
            wide
            and left
            and b.w >= 6 * em
            and b.h >= 1.3 * em
            and not _vivid(s.fill)
            and self._placeholder_like(t, s)
            and not self._header(s)
        ):
            # a borderless field (e.g. a list's "new item" row) shows itself by its placeholder
            self.add(self._input(s, t, inner), inner)

    def _message(self, s: Shape, t: TextInfo) -> bool:
        """A wide box whose left-aligned text is a darker shade of its light tint: a message, no field."""
        return (
            s.filled
            and s.fill is not None
            and t.colour is not None
            and s.box.w >= 10 * self.body.em
            and tinted_text(t.colour, s.fill)
        )

    def _tag(self, s: Shape, t: TextInfo, em: float) -> bool:
        """A badge: a chip of strong colour hugging a word or a count set smaller than the body text (a
        button pads its label to ~2.3 of its font size; a badge to ~1.7)."""
        b = s.box
        body = self.body.em
        return (
            s.filled
            and s.fill is not None
            and s.outside is not None
            and distance(s.fill, s.outside) >= BADGE_CONTRAST
            and t.n_words <= 2
            and b.h <= BADGE_HEIGHT * em
            and t.em <= BADGE_FONT * body
            and b.w <= 8 * body
        )

    @staticmethod
    def _apart(s: Shape, t: TextInfo, chevron: Box, em: float) -> bool:
        """The value starts at the box's left and the chevron keeps to its right edge, apart from it (a
        menu button's caret follows its label closely)."""
        return t.ink.x - s.box.x <= 1.5 * em and chevron.x - t.ink.x2 >= 0.6 * em

    def _stacked(self, s: Shape, abutting: bool = False) -> bool:
        """Whether another box of the same width sits right above or below (rows of a list); `abutting`:
        touching it (sharing a border), not a field's margin away."""
        b = s.box
        reach = self.abut if abutting else 0.4 * b.h
        for o in self.shapes:
            c = o.box
            if c == b or abs(c.x - b.x) > 3 or abs(c.w - b.w) > 3 or not 0.7 <= c.h / b.h <= 1.4:
                continue
            if min(abs(c.y - b.y2), abs(b.y - c.y2)) <= reach:
                return True
        return False

    def _header(self, s: Shape) -> bool:
        """Whether it runs across the top of a box at least twice its height (sharing its top and side
        borders): the header of a card, not a field in it (a field keeps a margin from the card's)."""
        b, gap = s.box, self.abut
        return any(
            abs(o.box.x - b.x) <= gap and abs(o.box.x2 - b.x2) <= gap and abs(o.box.y - b.y) <= gap
            for o in self.shapes
            if o.box.h >= 2 * b.h
        )

    def _cell(self, s: Shape) -> bool:
        """Whether it is a cell of a bordered table: one of a row of three or more boxes abutting side
        by side, with a box of its width abutting above or below (a field may abut its button or a
        toggle beside it, or the field or the list under it, not all of that)."""
        b = s.box
        gap = self.abut
        boxes = [o.box for o in self.shapes if o.box != b]
        over = any(
            abs(c.x - b.x) <= gap and abs(c.x2 - b.x2) <= gap and min(abs(c.y - b.y2), abs(b.y - c.y2)) <= gap
            for c in boxes
        )
        if not over:
            return False

        def beside(a: Box, right: bool) -> Box | None:
            # a neighbour may span more rows (two cells the border between them failed to part)
            return next(
                (
                    c
                    for c in boxes
                    if c.y <= b.y + gap
                    and c.y2 >= b.y2 - gap
                    and abs((c.x - a.x2) if right else (a.x - c.x2)) <= gap
                ),
                None,
            )

        row = 1
        for right in (False, True):
            at = beside(b, right)
            while row < 3 and at is not None:
                row += 1
                at = beside(at, right)
        return row >= 3

    def _placeholder_like(self, t: TextInfo, s: Shape) -> bool:
        # struck through and greyed is a done item of a list, not a placeholder
        return s.fill is not None and not t.strike and _greyed_out(t, s.fill, self.infos, self.body)

    def _chevron(self, s: Shape, t: TextInfo, icons: Sequence[TextInfo], em: float) -> Box | None:
        b = s.box
        for i in icons:
            if i.text in CHEVRONS and i.ink.cx >= b.x + 0.7 * b.w:
                return i.ink
        band = Box(max(t.ink.x2 + 2, b.x2 - round(2.2 * em)), b.y, 0, b.h)
        band = Box(band.x, b.y, b.x2 - band.x, b.h)
        if band.w <= 4:
            return None
        ink = ink_box(self.image, band, s.fill, [i.ink for i in self.infos], inset=3)
        # a caret or triangle is small, wider than tall and at most half filled (or two triangles, up over
        # down); an envelope is solid and a lock is tall
        if (
            ink is not None
            and ink.w <= 1.1 * em
            and ink.h <= 0.75 * em
            and (ink.w >= 1.2 * ink.h or _up_down(self.image, ink, s.fill))
            and (ink.cx > b.x + 0.75 * b.w or b.x2 - ink.x2 <= 1.2 * em)
            and _ink_density(self.image, ink, s.fill) <= 0.62
        ):
            return ink
        return None

    def _text_area(self, s: Shape, t: TextInfo, em: float) -> bool:
        """A bordered light box 4.5-16 em tall holding only a placeholder at its top left (an empty
        text area, as `empty_control` finds one without)."""
        b = s.box
        return (
            s.outlined
            and _light(s)
            and 4.5 * em < b.h <= 16 * em
            and b.w >= 8 * em
            and t.ink.y - b.y <= 1.5 * em
            and t.ink.x - b.x <= 1.5 * em
            and self._placeholder_like(t, s)
        )

    def _input(
        self, s: Shape, t: TextInfo, inner: Sequence[TextInfo], role: Role = "input"
    ) -> DetectedElement:
        pw = _password_text(t)
        text = pw or t.text
        placeholder = value = None
        if pw is None and self._placeholder_like(t, s):
            placeholder = text
        else:
            value = text
        return DetectedElement(
            role, s.box, text, placeholder=placeholder, value=value, style=_shape_style(s, t)
        )

    def _make(self, role: Role, s: Shape, t: TextInfo, inner: Sequence[TextInfo]) -> DetectedElement:
        text = t.text
        if role == "select":
            text = " ".join(x.text for x in inner if x is t or x.text not in CHEVRONS).strip()
        return DetectedElement(role, s.box, text, style=_shape_style(s, t))

    # ------------------------------------------------------------------ text-less controls
    def empty_control(self, s: Shape) -> None:
        b = s.box
        if self.overlaps_taken(b) or any(_inside(c, b, 0.8) for c in self.taken):
            return
        inner = self.free_texts_in(b)
        if any(not _is_icon_text(t) for t in inner):
            return
        if self._toggle(s, inner):
            return
        em = self.body.em
        glyph_ink = ink_box(self.image, b, s.fill, inset=max(2, min(b.w, b.h) // 8))
        if self._icon_button(s):
            # a large tile holding a glyph is the glyph's painted ground (a dashboard's info box), no button
            role: Role = "icon" if b.h > ICON_BUTTON_EM * em else "button"
            self.add(DetectedElement(role, b, None, style=_shape_style(s, None)), inner)
            return
        if (
            s.outlined
            and not inner
            and b.w >= 2.2 * b.h
            and 1.4 * em <= b.h <= 4.5 * em
            and s.fill is not None
            and (_light(s) or not s.filled)  # a light field, or a dark one on a dark page
            and self._field_content_ok(s)
        ):
            self.add(DetectedElement("input", b, None, style=_shape_style(s, None)), [])
        elif (
            s.outlined
            and not inner
            and 4.5 * em < b.h <= 16 * em
            and b.w >= 8 * em
            and glyph_ink is None
            and _light(s)
        ):
            self.add(DetectedElement("textarea", b, None, style=_shape_style(s, None)), [])

    def switch(self, s: Shape) -> None:
        """A pill (aspect 1.5-2.6, fully rounded) about a line tall holding a round knob at one end and
        no text: a toggle switch, on when the knob sits at the right."""
        b = s.box
        em = self.body.em
        if not (s.filled or s.outlined) or not s.round or not 1.5 <= b.w / b.h <= 2.6:
            return
        if not max(12.0, 0.8 * em) <= b.h <= 2.4 * em or self.overlaps_taken(b) or self.free_texts_in(b):
            return
        knob = _pill_ink(self.image, b, s.fill)
        if knob is None or not 0.45 * b.h <= knob.h <= b.h or not 0.7 <= knob.w / knob.h <= 1.4:
            return
        if abs(knob.cx - b.cx) < 0.15 * b.w:
            return  # centred: not a knob at an end
        on = knob.cx > b.cx
        self.add(DetectedElement("switch", b, None, checked=on, style=_shape_style(s, None)), [])

    def _field_content_ok(self, s: Shape) -> bool:
        """What an empty-looking field may hold: nothing, password bullets or a caret (low ink) and an
        icon at either end."""
        b = s.box
        em = self.body.em
        ink = ink_box(self.image, b, s.fill, inset=3)
        if ink is None or ink.h <= 0.8 * em:
            return True
        inner = Box(b.x + round(1.8 * em), b.y, max(1, b.w - round(3.6 * em)), b.h)
        middle = ink_box(self.image, inner, s.fill, inset=3)
        return middle is None or middle.h <= 0.8 * em

    def _icon_button(self, s: Shape) -> bool:
        """A plain square, rounded square or circle (not a shield- or hexagon-shaped logo) holding one
        centred glyph with a margin around it."""
        b = s.box
        em = self.body.em
        if not (s.filled or s.outlined) or not 0.75 <= b.w / b.h <= 1.33:
            return False
        if not max(16.0, 1.3 * em) <= b.h <= 4.5 * em:
            return False
        if not (s.round or s.solidity >= 0.9):
            return False
        # look inside the inscribed circle (round) or the inset box, so corners outside the shape don't count
        k = 0.2 if s.round else 0.12
        core = Box(
            round(b.x + k * b.w), round(b.y + k * b.h), round((1 - 2 * k) * b.w), round((1 - 2 * k) * b.h)
        )
        ink = ink_box(self.image, core, s.fill, inset=0)
        if ink is None or _mid_tones(self.image, core) >= PHOTO_MID_TONES:
            return False  # a photo in a circle is an avatar, no glyph
        return abs(ink.cx - b.cx) <= 0.15 * b.w and abs(ink.cy - b.cy) <= 0.15 * b.h

    def _darker_mark(self, mark: Box, fill: Colour) -> bool:
        """Whether the pixels of `mark` that differ from `fill` are mostly darker than it."""
        patch = self.image[mark.y : mark.y2, mark.x : mark.x2].astype(np.int16)
        ref = np.asarray(fill, np.int16)
        differs = np.abs(patch - ref).max(axis=2) > 40
        if not differs.any():
            return False
        lum = patch.sum(axis=2)[differs]
        return float(np.median(lum)) < float(ref.sum())

    def _toggle(self, s: Shape, inner: Sequence[TextInfo]) -> bool:
        b = s.box
        if not 0.7 <= b.w / b.h <= 1.4 or not (s.filled or s.outlined) or b.h > 2.2 * self.body.em:
            return False
        if any(t.text not in TICKS for t in inner):
            return False  # a letter in it: a logo or an avatar, not a tick
        labels = [
            t
            for t in self.infos
            if t.index not in self.out.used
            and 0 <= t.ink.x - b.x2 <= 1.5 * t.em
            and abs(t.ink.cy - b.cy) <= 0.45 * t.em
            and 0.55 * t.em <= b.h <= 1.7 * t.em
        ]
        if not labels:
            return False
        outside = s.outside
        fill = s.fill
        # inside a circle, the corners of its box are the page: look within the inscribed square
        mark = ink_box(self.image, b, fill, inset=max(2, b.w // 4 if s.round else b.w // 5))
        if mark is not None and s.filled and fill is not None and self._darker_mark(mark, fill):
            return False  # a dark glyph on a coloured tile is a logo; a ticked box has a light tick
        solid = s.filled and fill is not None and outside is not None and distance(fill, outside) >= 60
        if solid and mark is None:
            return False  # a swatch of strong colour with nothing in it (a chart's legend): no box ticked
        checked = mark is not None
        role: Role = "radio" if s.round else "checkbox"
        self.add(DetectedElement(role, b, None, checked=checked, style=_shape_style(s, None)), inner)
        return True


def _faint_fields(
    image: Rgb, infos: Sequence[TextInfo], shapes: Sequence[Shape], body: BodyText
) -> list[Shape]:
    """Boxes too faint for the edge map around a short greyed line that no shape holds: a field filled a
    few levels off the page (a search box of #f8f9fc in a white top bar), found as the run of its own
    colour around the text, closed on every side, 1.3-4.5 em tall and at least 6 em wide. A grey line
    no greyer than the page's text (sb-admin's placeholders are its body grey) qualifies when its box
    ends at a filled button of its height (an input group: the search box and its button). Whether it
    is a field is for `text_control` to say."""
    h, w = image.shape[:2]
    out: list[Shape] = []
    greyed = _loose_placeholders(infos, shapes, body)
    for t in [*greyed, *_loose_lines(infos, shapes, greyed)]:
        em = t.em
        seed = (t.ink.x - max(3, round(0.4 * em)), round(t.ink.cy))
        # a field is at most 4.5 em tall, and its text starts near its left end
        x0, x1 = max(0, t.ink.x - round(4 * em)), min(w, t.ink.x2 + round(FAINT_REACH_EM * em))
        y0, y1 = max(0, t.ink.y - round(3 * em)), min(h, t.ink.y2 + round(3 * em))
        if not (x0 < seed[0] < x1 - 1 and y0 < seed[1] < y1 - 1):
            continue
        crop = np.ascontiguousarray(image[y0:y1, x0:x1])
        mask = np.zeros((y1 - y0 + 2, x1 - x0 + 2), np.uint8)
        tol = (FAINT_TOLERANCE,) * 3
        flags = 4 | cv2.FLOODFILL_FIXED_RANGE | cv2.FLOODFILL_MASK_ONLY | (1 << 8)
        _, _, _, (rx, ry, rw, rh) = cv2.floodFill(
            crop, mask, (seed[0] - x0, seed[1] - y0), 0, tol, tol, flags
        )
        region = Box(rx + x0, ry + y0, rw, rh)
        if rx == 0 or ry == 0 or rx + rw >= x1 - x0 or ry + rh >= y1 - y0:
            continue  # it ran on to the window's edge: the page itself, or no box
        if not (1.3 * em <= region.h <= 4.5 * em and region.w >= 6 * em and _inside(t.ink, region, 0.95)):
            continue
        solid = int(mask[1:-1, 1:-1][ry : ry + rh, rx : rx + rw].sum())
        if solid < FAINT_SOLID * (region.area - t.ink.area):
            continue
        if t in greyed or any(_grouped_button(region, s) for s in shapes):
            out.append(describe(image, region))
    return out


def _loose_lines(
    infos: Sequence[TextInfo], shapes: Sequence[Shape], greyed: Sequence[TextInfo]
) -> list[TextInfo]:
    """Lines that could be a placeholder but for their contrast: a few words in a regular mid grey that
    no box of their size holds (not in `greyed`, those that are greyed out)."""
    return [
        t
        for t in infos
        if t not in greyed
        and t.background is not None
        and t.colour is not None
        and MID_GREY[0] <= luminance(t.colour) <= MID_GREY[1]
        and _loose_grey(t, shapes)
    ]


def _grouped_button(field: Box, s: Shape) -> bool:
    """Whether `s` is a filled button joined to the right end of `field` (an input group): starting
    within 2 px of it, as tall within 2 px, its top and bottom at the field's."""
    b = s.box
    return (
        s.filled
        and abs(b.x - field.x2) <= 2
        and abs(b.y - field.y) <= 2
        and abs(b.y2 - field.y2) <= 2
        and b.w <= field.w
    )


UNDERLINE_CONTRAST = 30
"""Levels (max channel) a field's bottom border differs from the ground above it."""


def _underlined_fields(
    image: Rgb, infos: Sequence[TextInfo], shapes: Sequence[Shape], body: BodyText
) -> list[Shape]:
    """Fields drawn as a bottom border only (bootstrap's .form-control-border, Material's standard text
    field): a short greyed line that no shape holds, with a line of one colour under it, within an em,
    starting at most 1.5 em left of the text, running at least 6 em and under no other text. The field
    is the box above the line, padded above the text as the line is below it. Whether it is a field is
    for `text_control` to say."""
    h, w = image.shape[:2]
    out: list[Shape] = []
    for t in _loose_placeholders(infos, shapes, body):
        em = t.em
        ground = np.asarray(t.background, np.int16)
        x0, x1 = max(0, t.ink.x - round(2 * em)), min(w, t.ink.x2 + round(FAINT_REACH_EM * em))
        for y in range(t.ink.y2 + 2, min(h, t.ink.y2 + round(1.2 * em))):
            row = np.abs(image[y, x0:x1].astype(np.int16) - ground).max(axis=1) >= UNDERLINE_CONTRAST
            run = _run_through(row, t.ink.x - x0, t.ink.x2 - x0)
            if run is None:
                continue
            a, b = x0 + run[0], x0 + run[1]
            top = max(0, t.ink.y - (y - t.ink.y2))
            field = Box(a, top, b - a, y + 1 - top)
            # a field's line holds its one text, padded an em or so from its start (a tab strip's rule
            # runs under several labels)
            alone = not any(o is not t and o.ink.intersection(field) > 0 for o in infos)
            # nor does it go on after a gap (a table header's rule, parted at each cell)
            gap = round(0.5 * em)
            on = row[max(0, run[0] - gap) : max(0, run[0] - 1)].any() or row[run[1] + 1 : run[1] + gap].any()
            if b - a >= 6 * em and t.ink.x - a <= 1.5 * em and alone and not on:
                out.append(describe(image, field))
            break
    return out


def _loose_placeholders(infos: Sequence[TextInfo], shapes: Sequence[Shape], body: BodyText) -> list[TextInfo]:
    """Lines that look like a placeholder, a few words in regular grey of lower contrast than the page's
    text (a coloured or bold title is none), that no box of their size holds."""
    return [
        t
        for t in infos
        if t.background is not None and _loose_grey(t, shapes) and _greyed_out(t, t.background, infos, body)
    ]


def _loose_grey(t: TextInfo, shapes: Sequence[Shape]) -> bool:
    """A few words in regular grey that no box of their size holds."""
    return (
        t.n_words <= 6
        and t.weight != "bold"
        and _grey(t.colour)
        and not any(_inside(t.ink, s.box, 0.9) and s.box.h <= 4.5 * t.em for s in shapes)
    )


def _run_through(row: NDArray[np.bool_], start: int, end: int) -> tuple[int, int] | None:
    """The run of True in `row` that covers `start`..`end` (a line under the whole text)."""
    if start < 0 or end > row.size or not row[start:end].all():
        return None
    a, b = start, end
    while a > 0 and row[a - 1]:
        a -= 1
    while b < row.size and row[b]:
        b += 1
    return a, b


def _grey(colour: Colour | None) -> bool:
    return colour is not None and max(colour) - min(colour) <= GREY_SPREAD


def _greyed_out(t: TextInfo, fill: Colour, infos: Sequence[TextInfo], body: BodyText) -> bool:
    """Text of clearly lower contrast on `fill` than the page's text of its size (or its body text) would
    have there: placeholders are greyed out."""
    # a done item, struck through, greys out too but is no placeholder
    if t.colour is None or len(t.text) < 3 or t.strike:
        return False
    refs = [
        u.colour
        for u in infos
        if u is not t and u.colour is not None and 0.75 * t.em <= u.em <= 1.33 * t.em and len(u.text) >= 3
    ]
    if body.colour is not None:
        refs.append(body.colour)
    if not refs:
        return False
    return contrast(t.colour, fill) < 0.7 * max(contrast(c, fill) for c in refs)


def find_controls(image: Rgb, shapes: Sequence[Shape], infos: Sequence[TextInfo], body: BodyText) -> Controls:
    """Buttons, inputs, selects, toggles and icon buttons; `used` holds the indices of the lines they took."""
    f = _Finder(image, infos, body, shapes)
    glyphs = [t.box for t in infos]
    # shapes lying inside a text line, and small next to it, are glyph counters (the hole of an "o"); a
    # box the recogniser read as one letter (a ticked checkbox read as "V") is as large as its "line"
    cands = [
        s for s in shapes if not any(_inside(s.box, g, 0.8) and s.box.area < 0.5 * g.area for g in glyphs)
    ]
    cands += _faint_fields(image, infos, cands, body)
    cands += _underlined_fields(image, infos, cands, body)
    by_size = sorted(cands, key=lambda s: s.box.area)
    for s in by_size:
        f.text_control(s)
    for s in by_size:
        f.switch(s)
    for s in by_size:
        f.empty_control(s)
    return f.out
