"""What a text line looks like (size, colour, weight, underline, word boxes) and what it is (text, heading,
link), decided against the page's body text.

    infos = [analyse_line(rgb, i, line) for i, line in enumerate(lines)]
    body = body_text(infos)
    elements = [el for info in infos for el in line_elements(rgb, info, body)]
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, replace
from itertools import pairwise

import cv2
import numpy as np
from numpy.typing import NDArray

from replicast.media.base import Rgb
from replicast.spec.models import Role
from replicast.vision.base import Box, TextLine
from replicast.vision.elements import DetectedElement, ElementStyle, FontWeight
from replicast.vision.style import (
    LUMA,
    Colour,
    background_around,
    chroma,
    colour_mode,
    distance,
    hex_colour,
    is_link_colour,
    text_colour,
)
from replicast.vision.textlines import clip_box
from replicast.vision.typography import em_estimate, has_descender, ink_ratio, inline_box, inline_span

BOLD_STEM = 0.115
"""Stem width (em) above which a line is bold. On screen recordings regular (400) UI text measures
0.08-0.105 em, medium (500) 0.095-0.11 and bold (600+) mostly 0.12-0.19: the cut sits between medium and
semi-bold, nearer bold, since a regular line called bold looks worse than a bold one called regular."""
LIGHT_TEXT_GAMMA = 1.25
"""Browsers draw light text on a dark fill with wider anti-aliasing fringes than dark text on light (the
same regular face measured ~0.10 em instead of ~0.09); raising its coverage to this power takes them back
without thinning a bold face that was drawn without that boost (PIL, some renderers) below `BOLD_STEM`."""
PART_UNDERLINE = 2.5
"""An unbroken rule under a line at least this many line heights long is an underline (no glyph has a
horizontal stroke that long)."""
HEADING_RATIO = 1.3
"""A line this many times the body font size is a heading."""
ITALIC_SLANT = 0.1
"""Slant (px across per px up) from which a line is italic: obliques lean 0.2-0.25, upright text 0."""
ITALIC_GAIN = 1.02
"""...when undoing that slant makes the strokes' column profile this much sharper than upright."""
_SLANTS = (0.0, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35)
"""Slants tried: upright, and leaning right as italics and obliques do."""
_SLANT_FINE = 4


@dataclass(frozen=True, slots=True)
class TextInfo:
    """One OCR line with what its pixels say about it."""

    index: int
    line: TextLine
    text: str
    """The line's text, without a leading icon glyph the recogniser read as a letter."""
    ink: Box
    """Glyph box without an underline."""
    box: Box
    """The inline box a browser would report."""
    em: float
    colour: Colour | None
    background: Colour | None
    weight: FontWeight
    underline: bool
    italic: bool = False
    strike: bool = False
    """A line through the glyphs (a done item)."""

    @property
    def n_words(self) -> int:
        return len(self.text.split())


@dataclass(frozen=True, slots=True)
class BodyText:
    """The page's dominant text: its size and colour."""

    em: float
    colour: Colour | None


def _normalised(diff: NDArray[np.float64] | NDArray[np.int16]) -> NDArray[np.float64] | None:
    """Per-pixel difference from the background as glyph coverage 0..1 (1 from the 90th percentile of the
    strong differences up); None when nothing differs by 16 levels."""
    if not diff.size or float(diff.max()) < 16:
        return None
    strong = diff[diff > 0.3 * float(diff.max())]
    peak = max(1.0, _percentile_90(strong))
    cov: NDArray[np.float64] = np.clip(diff / peak, 0.0, 1.0)
    return cov


def _percentile_90(values: NDArray[np.float64] | NDArray[np.int16]) -> float:
    """`np.percentile(values, 90)` (linear interpolation) from two order statistics: np.percentile sorts,
    and its overhead is most of the work on the small arrays here."""
    n = values.size
    at = 0.9 * (n - 1)
    lo = int(at)
    hi = min(lo + 1, n - 1)
    part = np.partition(values.ravel(), [lo, hi])
    a, b, t = float(part[lo]), float(part[hi]), at - lo
    # numpy's lerp: from the nearer end, so that t = 1 gives b exactly
    return b - (b - a) * (1 - t) if t >= 0.5 else a + (b - a) * t


def _channel_diff(patch: Rgb, bg: Colour) -> NDArray[np.int16]:
    """The largest per-channel difference of each pixel from `bg`."""
    diff: NDArray[np.int16] = np.abs(patch.astype(np.int16) - np.asarray(bg, np.int16)).max(axis=2)
    return diff


def _ink(patch: Rgb, bg: Colour) -> NDArray[np.bool_]:
    """The pixels that are mostly glyph."""
    cov = _normalised(_channel_diff(patch, bg))
    return np.zeros(patch.shape[:2], bool) if cov is None else cov >= 0.45


def _underline_rows(mask: NDArray[np.bool_], unbroken: bool = False) -> int:
    """How many bottom rows of a glyph box are an underline (nearly full-width ink). Boxes less than ~1.3
    times as wide as tall are left alone: the foot serif of a "1" is full-width too. `unbroken`: the
    rule must be one run (for text without descenders: browsers break an underline only where one
    crosses it); the feet of "12" fill its bottom row but for the gap between the glyphs."""
    h, w = mask.shape
    if h < 6 or w < 1.3 * h:
        return 0
    n = 0
    for r in range(h - 1, max(-1, h - 4), -1):
        if mask[r].mean() >= 0.85 and (not unbroken or _longest_run(mask[r])[1] >= 0.85 * w):
            n = h - r
        elif n:
            break
    if not n:
        return 0
    # the underline is separated from the glyphs by a lighter row (else it is a bar or a box edge)
    above = h - n - 1
    if above < 2:
        return 0
    return n + 1 if mask[above].mean() < 0.6 else 0


def _longest_run(row: NDArray[np.bool_]) -> tuple[int, int]:
    """(start, length) of the longest run of True in `row`."""
    padded = np.concatenate(([0], row.astype(np.int8), [0]))
    edges = np.flatnonzero(np.diff(padded))
    if edges.size == 0:
        return 0, 0
    starts, ends = edges[::2], edges[1::2]
    k = int((ends - starts).argmax())
    return int(starts[k]), int(ends[k] - starts[k])


def _part_underline_rows(mask: NDArray[np.bool_]) -> int:
    """How many bottom rows of a glyph box are an underline under some of its words only (a link inside
    a sentence): one unbroken run of ink at least `PART_UNDERLINE` box heights long, with a lighter row
    above it. Those rows are no glyph: the size measured from the ink must leave them out."""
    h, _ = mask.shape
    if h < 6:
        return 0
    for r in range(h - 1, max(-1, h - 4), -1):
        start, length = _longest_run(mask[r])
        if length >= PART_UNDERLINE * h:
            # the rule and the blank rows between it and the glyphs (at least one, at most two)
            top = r
            while top > max(0, r - 2) and mask[top - 1, start : start + length].mean() < 0.6:
                top -= 1
            return h - top if top < r and top >= 2 else 0
    return 0


def _line_below(image: Rgb, ink: Box, bg: Colour) -> bool:
    """A full-width rule within a few pixels under a line's glyphs (an underline the box left out)."""
    if ink.w < 1.3 * ink.h:
        return False
    reach = max(2, ink.h // 4)
    c = clip_box(Box(ink.x, ink.y2, ink.w, reach), image.shape[1], image.shape[0])
    if c is None:
        return False
    mask = _ink(image[c.y : c.y2, c.x : c.x2], bg)
    return bool(mask.size) and float(mask.mean(axis=1).max()) >= 0.85


def font_weight(patch: Rgb, bg: Colour, text: str) -> FontWeight:
    """The weight of a line: "bold" when the stems of the glyphs in `patch` (its glyph box) are wider than
    `BOLD_STEM` em."""
    stem = stem_width(patch, bg, text)
    return "bold" if stem is not None and stem > BOLD_STEM else "normal"


def is_italic(patch: Rgb, bg: Colour, text: str) -> bool:
    """Whether the glyphs in `patch` (a line's glyph box) lean: shearing the rows back by the slant that
    lines the vertical strokes up best sharpens the column profile (sum of squares) clearly over the
    upright one. Needs 4 letters and 8 px of height."""
    h = patch.shape[0]
    if h < 8 or sum(c.isalpha() for c in text) < 4:
        return False
    cov = _stroke_coverage(patch, bg)
    if cov is None:
        return False
    # 4x wider, so each row moves by whole columns (interpolating would blur a sheared profile only)
    fine = cv2.resize(cov.astype(np.float32), None, fx=_SLANT_FINE, fy=1, interpolation=cv2.INTER_LINEAR)
    pad = _SLANT_FINE * h  # more than any row moves: no row wraps around
    rows = np.arange(h) - (h - 1) / 2
    sharp: dict[float, float] = {}
    for s in _SLANTS:
        shifts = np.round(_SLANT_FINE * s * rows).astype(np.intp)
        # the column profile of the rows each moved right by its shift
        cols = np.zeros(fine.shape[1] + 2 * pad, np.float32)
        for r, d in enumerate(shifts.tolist()):
            cols[pad + d : pad + d + fine.shape[1]] += fine[r]
        sharp[float(s)] = float((cols.astype(np.float64) ** 2).sum())
    best = max(sharp, key=lambda s: sharp[s])
    return best >= ITALIC_SLANT and sharp[best] >= ITALIC_GAIN * sharp[0.0]


def stem_width(patch: Rgb, bg: Colour, text: str) -> float | None:
    """The width of the strokes of the glyphs in `patch` (a line's glyph box) in em, the em taken from the
    ink's height and the letters of `text`. None for a line of symbols only ("✎", "▼": no weight to
    read) and when no strokes stand out from `bg`."""
    if not any(c.isalnum() for c in text):
        return None
    cov = _stroke_coverage(patch, bg)
    if cov is None:
        return None
    if cov.shape[1] >= 1.3 * cov.shape[0]:
        # an underline is no stroke, but the descenders below it still count towards the line's height
        cov = np.where(((cov >= 0.45).mean(axis=1) >= 0.85)[:, None], 0.0, cov)
    cov = _without_solid_blobs(cov)
    rows = np.flatnonzero((cov >= 0.45).any(axis=1))
    if rows.size == 0:
        return None
    em = (int(rows[-1]) - int(rows[0]) + 1) / ink_ratio(text)
    stem = _stem_px(cov, 0.4 * em)
    return None if stem is None else stem / em


def _stroke_coverage(patch: Rgb, bg: Colour) -> NDArray[np.float64] | None:
    """How much of each pixel (0..1) is glyph, from luma: a video keeps luma sharp and smears chroma over
    2x2 pixels, which would widen coloured strokes. Text that differs from its background in hue only
    falls back to the largest channel difference. None when nothing stands out."""
    signed = patch.astype(np.float64) @ LUMA - float(np.asarray(bg, np.float64) @ LUMA)
    diff = np.abs(signed)
    cov = _normalised(diff)
    if cov is None:
        return _normalised(_channel_diff(patch, bg))
    light = float(np.median(signed[diff > 0.3 * float(diff.max())])) > 0
    return np.power(cov, LIGHT_TEXT_GAMMA) if light else cov


def _without_solid_blobs(cov: NDArray[np.float64]) -> NDArray[np.float64]:
    """`cov` with solid glyphs cleared: a filled shape at least 0.6 of the line's height, squarish and
    70% inked is an icon (a logo, a badge), not a letter: a bold "H" or "M" fills only ~55% of its box."""
    mask = (cov >= 0.45).astype(np.uint8)
    rows = np.flatnonzero(mask.any(axis=1))
    if rows.size == 0:
        return cov
    height = int(rows[-1]) - int(rows[0]) + 1
    _, labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    w = stats[:, cv2.CC_STAT_WIDTH]
    h = stats[:, cv2.CC_STAT_HEIGHT]
    solid = (h >= max(4.0, 0.6 * height)) & (w >= 0.6 * h) & (stats[:, cv2.CC_STAT_AREA] >= 0.7 * w * h)
    solid[0] = False  # the background
    if not solid.any():
        return cov
    return np.where(solid[labels], 0.0, cov)


def _stem_px(cov: NDArray[np.float64], longest: float) -> float | None:
    """Median soft width (px) of the horizontal ink runs in `cov`. Most rows of a line cross vertical stems
    and the sides of bowls, whose width is what a font's weight changes. A run is a stretch above 0.2
    coverage with at least one pixel above 0.45 (a stroke, not a lone anti-aliasing fringe); its soft width
    (summed coverage) is sub-pixel, so 1.1 px regular and 1.8 px bold stems stay apart at 12 px. Runs longer
    than `longest` px are crossbars and serifs, not stems. None with fewer than 3 runs."""
    on = cov > 0.2
    edges = np.diff(np.pad(on, ((0, 0), (1, 1))).astype(np.int8), axis=1)
    r0, c0 = np.nonzero(edges == 1)
    _, c1 = np.nonzero(edges == -1)
    # row-major order: each row's starts and ends pair up one to one
    soft = np.pad(np.cumsum(np.where(on, cov, 0.0), axis=1), ((0, 0), (1, 0)))
    core = np.pad(np.cumsum(cov >= 0.45, axis=1), ((0, 0), (1, 0)))
    widths = soft[r0, c1] - soft[r0, c0]
    keep = (core[r0, c1] > core[r0, c0]) & (widths <= longest)
    if int(keep.sum()) < 3:
        return None
    return float(np.median(widths[keep]))


def analyse_line(image: Rgb, index: int, line: TextLine) -> TextInfo:
    """Size, colour, weight and underline of one line."""
    text = line.text.strip()
    ink = clip_box(line.box, image.shape[1], image.shape[0]) or line.box
    bg = background_around(image, ink, 1, 2)
    underline = italic = False
    weight: FontWeight = "normal"
    if bg is not None and ink.w >= 2 and ink.h >= 2:
        patch = image[ink.y : ink.y2, ink.x : ink.x2]
        mask = _ink(patch, bg)
        cut = _underline_rows(mask, unbroken=not has_descender(text))
        if cut:
            underline = True
            ink = Box(ink.x, ink.y, ink.w, max(1, ink.h - cut))
        else:
            underline = _line_below(image, ink, bg)
            if not has_descender(text):  # else the rule runs through the descenders' rows: they stay
                ink = Box(ink.x, ink.y, ink.w, max(1, ink.h - _part_underline_rows(mask)))
        weight = font_weight(patch, bg, text)
        italic = is_italic(patch, bg, text)
    if bg is not None:
        text, ink = _strip_icon_prefix(image, text, ink, bg)
    em = em_estimate(text, ink.h)
    colour = text_colour(image, ink, bg)
    # a glyph alone ("x", "+", "-") has full rows of its own in the middle
    strike = bg is not None and len(text) >= 3 and _struck(image, ink, bg)
    box = inline_box(text, ink)
    return TextInfo(index, line, text, ink, box, em, colour, bg, weight, underline, italic, strike)


def _struck(image: Rgb, ink: Box, bg: Colour) -> bool:
    """A line through the glyphs: a row of ink across the line (90 % of it) in the middle of its ink,
    30 to 80 % of its height down, where glyphs have no full rows of their own (their bars and serifs
    lie at the top and on the baseline)."""
    if ink.h < 6:
        return False
    patch = image[ink.y + round(0.3 * ink.h) : ink.y + round(0.8 * ink.h), ink.x : ink.x2].astype(np.int16)
    mask = np.abs(patch - np.asarray(bg, np.int16)).max(axis=2) > 40
    return bool(mask.size) and float(mask.mean(axis=1).max()) >= 0.9


def is_check_mark(image: Rgb, info: TextInfo) -> bool:
    """Whether a line read as a lone "V" (or a check sign) is a check mark drawn as an icon: its ink is
    lopsided, a short stroke down-right into a long one up-right, where a "V" is its own mirror image
    (at most one stray pixel column off: >= 0.55 of the ink overlaps its mirror, a check mark 0.1)."""
    if info.text not in _CHECK_READINGS or info.background is None or info.ink.w < 4 or info.ink.h < 4:
        return False
    b = info.ink
    mask = _ink(image[b.y : b.y2, b.x : b.x2], info.background)
    ys, xs = np.nonzero(mask)
    if len(xs) < 8:
        return False
    mask = mask[ys.min() : ys.max() + 1, xs.min() : xs.max() + 1]
    mirror = mask[:, ::-1]
    return int((mask & mirror).sum()) < _CHECK_SYMMETRY * int((mask | mirror).sum())


_CHECK_READINGS = frozenset({"V", "v", "√", "✓", "✔"})
_CHECK_SYMMETRY = 0.35


def _ideograph(c: str) -> bool:
    return unicodedata.name(c, "").startswith(("CJK UNIFIED IDEOGRAPH", "CJK COMPATIBILITY IDEOGRAPH"))


def glyph_icons(infos: Sequence[TextInfo]) -> set[int]:
    """The lines (their `index`) that are an icon font's glyph the recogniser took for an ideograph: a
    lone one ("田" for a grid of squares, "三" for a menu's bars) on a screen whose other text holds no
    ideograph (a Chinese page's lone characters are words)."""
    lone = {t.index for t in infos if len(t.text.strip()) == 1 and _ideograph(t.text.strip())}
    written = any(_ideograph(c) for t in infos if t.index not in lone for c in t.text)
    return set() if written else lone


def _strip_icon_prefix(image: Rgb, text: str, ink: Box, bg: Colour) -> tuple[str, Box]:
    """Drop a leading one-character token that is taller than a capital of the rest of the line, or an
    ideograph before words without any: an icon font glyph (a "G" logo before "Register with Google",
    "田" for a table's icon before "Tables")."""
    tokens = text.split()
    if len(tokens) < 2 or len(tokens[0]) != 1:
        return text, ink
    boxes = token_boxes(image, ink, tokens, bg, em_estimate(text, ink.h))
    if boxes is None:
        return text, ink
    spans = [_ink_rows(image, b, bg) for b in boxes]
    if any(s is None for s in spans):
        return text, ink
    rest = " ".join(tokens[1:])
    top = min(s[0] for s in spans[1:] if s is not None)
    bottom = max(s[1] for s in spans[1:] if s is not None)
    em_rest = em_estimate(rest, bottom - top)
    first = spans[0]
    glyph = _ideograph(tokens[0]) and not any(_ideograph(c) for c in rest)
    if first is None or (first[1] - first[0] <= 1.25 * 0.72 * em_rest and not glyph):
        return text, ink
    rest_box = boxes[1].union(boxes[-1])
    return rest, Box(rest_box.x, top, rest_box.w, bottom - top)


def _ink_rows(image: Rgb, box: Box, bg: Colour) -> tuple[int, int] | None:
    """Top and bottom (exclusive) image rows holding ink inside `box`."""
    c = clip_box(box, image.shape[1], image.shape[0])
    if c is None:
        return None
    mask = _ink(image[c.y : c.y2, c.x : c.x2], bg)
    rows = np.flatnonzero(mask.any(axis=1))
    if rows.size == 0:
        return None
    return c.y + int(rows[0]), c.y + int(rows[-1]) + 1


def body_text(infos: Sequence[TextInfo]) -> BodyText:
    """The size and colour most of the page's characters have."""
    if not infos:
        return BodyText(16.0, None)
    ems = np.array([t.em for t in infos])
    weights = np.array([max(1, len(t.text)) for t in infos], dtype=np.float64)
    order = np.argsort(ems)
    cum = np.cumsum(weights[order])
    em = float(ems[order][int(np.searchsorted(cum, cum[-1] / 2))])
    near = [t for t in infos if abs(t.em - em) <= 0.15 * em and t.colour is not None]
    # body copy sits on the page's commonest text background (button labels do not) ...
    bgs = np.array([t.background for t in near for _ in t.text if t.background is not None], dtype=np.uint8)
    page_bg = colour_mode(bgs) if bgs.size else None
    if page_bg is not None:
        near = [t for t in near if t.background is not None and distance(t.background, page_bg) <= 24] or near
    # ... and is near-grey almost everywhere; saturated text is links, badges or buttons
    grey = [t for t in near if t.colour is not None and chroma(t.colour) < 45]
    near = grey or near
    colour = None
    if near:
        px = np.array([t.colour for t in near for _ in range(len(t.text))], dtype=np.uint8)
        colour = colour_mode(px)
    return BodyText(em, colour)


def heading_level(info: TextInfo, body: BodyText) -> int | None:
    """1..6 when the line is a heading by size (or short, bold and a little larger), else None."""
    r = info.em / body.em
    if r >= HEADING_RATIO:
        return 1 if r >= 2.0 else 2 if r >= 1.6 else 3
    if info.weight == "bold" and r >= 1.12 and info.n_words <= 8:
        return 4
    return None


def style_of(info: TextInfo) -> ElementStyle:
    return ElementStyle(
        color=hex_colour(info.colour) if info.colour else None,
        background=hex_colour(info.background) if info.background else None,
        font_size=round(info.em, 1),
        font_weight=info.weight,
        underline=info.underline or None,
        italic=info.italic or None,
        strike=info.strike or None,
    )


_WORD = re.compile(r"\S+")


def word_boxes(image: Rgb, info: TextInfo) -> list[Box] | None:
    """Boxes of the whitespace-separated words of a line (see `token_boxes`)."""
    if info.background is None:
        return None
    return token_boxes(image, info.ink, _WORD.findall(info.text), info.background, info.em)


def token_boxes(
    image: Rgb, ink: Box, tokens: Sequence[str], background: Colour, em: float
) -> list[Box] | None:
    """Boxes of `tokens` written left to right in `ink`: the ink columns cut at the widest blank gaps, as
    many cuts as there are token boundaries, an underline left out. None when the ink does not split
    that way."""
    if len(tokens) < 2:
        return None
    c = clip_box(ink, image.shape[1], image.shape[0])
    if c is None:
        return None
    mask = _ink(image[c.y : c.y2, c.x : c.x2], background)
    under = max(_underline_rows(mask), _part_underline_rows(mask))
    if under:
        # an underline bridges the spaces between the words it runs under: its own rows are cleared, along
        # it only (an "_" above it or a descender beside it keeps its ink)
        x0, length = max((_longest_run(row) for row in mask[mask.shape[0] - under :]), key=lambda r: r[1])
        along = slice(x0, x0 + length)
        rule = [r for r in range(mask.shape[0] - under, mask.shape[0]) if mask[r, along].mean() >= 0.85]
        mask = mask.copy()
        mask[rule, along] = False
    cols: NDArray[np.bool_] = np.asarray(mask.any(axis=0))
    idx = np.flatnonzero(cols)
    if idx.size == 0:
        return None
    gaps: list[tuple[int, int, int]] = []  # (width, start, end) of blank runs between ink
    start = None
    for x in range(int(idx[0]), int(idx[-1]) + 1):
        if not cols[x]:
            if start is None:
                start = x
        elif start is not None:
            gaps.append((x - start, start, x))
            start = None
    need = len(tokens) - 1
    if len(gaps) < need:
        return None
    widest = sorted(gaps, key=lambda g: -g[0])[:need]
    if min(g[0] for g in widest) < max(1.0, 0.12 * em):
        return None
    cuts = sorted(widest, key=lambda g: g[1])
    bounds = [int(idx[0])]
    for _, s0, e0 in cuts:
        bounds += [s0, e0]
    bounds.append(int(idx[-1]) + 1)
    return [Box(c.x + a, c.y, b - a, c.h) for a, b in zip(bounds[0::2], bounds[1::2], strict=True)]


def _monospace(tokens: Sequence[str], boxes: Sequence[Box], em: float) -> bool:
    """Code: words whose ink widths are the same per character and whose spaces are a whole cell wide
    (proportional UI fonts space words at ~0.4 em of blank, monospace at ~0.65)."""
    per_char = [b.w / len(t) for t, b in zip(tokens, boxes, strict=True) if len(t) >= 3]
    if len(per_char) < 2:
        return False
    mid = float(np.median(per_char))
    gaps = [b.x - a.x2 for a, b in pairwise(boxes)]
    return mid > 0 and (max(per_char) - min(per_char)) / mid <= 0.12 and float(np.median(gaps)) >= 0.55 * em


def _underlined(image: Rgb, box: Box, info: TextInfo) -> bool:
    """A full-width row of ink along the bottom edge of a word, inside its box (when the line's box kept
    the underline) or just below it."""
    reach = max(2, round(0.25 * info.em))
    band = clip_box(Box(box.x, box.y2 - reach, box.w, 2 * reach), image.shape[1], image.shape[0])
    if band is None or info.background is None or box.w < info.em:
        return False
    mask = _ink(image[band.y : band.y2, band.x : band.x2], info.background)
    return bool(mask.size) and float(mask.mean(axis=1).max()) >= 0.85


def _spaced(image: Rgb, box: Box, info: TextInfo) -> bool:
    """Whether the "_" the recogniser read in an underlined word (`box`) is the underline seen through a
    space: the widest blank run between its glyphs above the underline is a space's width (an underscore
    is twice that: 0.5 to 0.56 em in common sans faces, a space 0.28 to 0.32)."""
    if not _underlined(image, box, info) or info.background is None:
        return False
    reach = max(2, round(0.25 * info.em))
    above = clip_box(Box(box.x, box.y, box.w, max(1, box.h - reach)), image.shape[1], image.shape[0])
    if above is None:
        return False
    columns = _ink(image[above.y : above.y2, above.x : above.x2], info.background).any(axis=0)
    inked = np.flatnonzero(columns)
    if len(inked) < 2:
        return False
    gap = int(np.diff(inked).max()) - 1
    return 0 < gap < _UNDERSCORE_EM * info.em


_UNDERSCORE_EM = 0.45
_UNDERSCORED_SPACE = re.compile(r"(?<=[^\W_])_(?=[^\W_])")


def _unspaced(image: Rgb, text: str, box: Box, info: TextInfo) -> str:
    """`text` (drawn in `box`) with each "_" between letters read as a space where it is the underline
    seen through one (`_spaced`)."""
    return _UNDERSCORED_SPACE.sub(" ", text) if "_" in text and _spaced(image, box, info) else text


CAPS_LABEL_EM = 0.9
"""A label set in bold capitals is at most this many body ems (bootstrap's .text-xs, 0.7 rem)."""


def _caps_label(info: TextInfo, body: BodyText) -> bool:
    """A small label in bold capitals (three letters or more, none lower case): a card's or a section's
    caption, which a colour does not make a link."""
    letters = [c for c in info.text if c.isalpha()]
    return (
        len(letters) >= 3
        and all(c.isupper() for c in letters)
        and info.weight == "bold"
        and info.em <= CAPS_LABEL_EM * body.em
    )


def _link_words(
    image: Rgb, boxes: Sequence[Box], info: TextInfo, body: BodyText, under: Sequence[bool], by_colour: bool
) -> list[bool]:
    """Which words are links: underlined ones (`under`), and (unless `by_colour` is off) ones in a link
    colour. One small word's colour is noisy (video chroma is blurred and subsampled), so the line is
    cut by colour only when some words are plainly body text and others plainly link-coloured;
    otherwise the line's colour as a whole decides."""
    if not by_colour:
        return list(under)
    colours = [text_colour(image, b, info.background) for b in boxes]
    link = [c is not None and is_link_colour(c, body.colour, info.background) for c in colours]
    # the body's colour, or a neutral grey (muted text: a footer's "Copyright ... All rights reserved")
    plain = [
        c is not None
        and not lk
        and (
            chroma(c) < NEUTRAL_CHROMA
            or (body.colour is not None and distance(c, body.colour) <= 40 and chroma(c) < 45)
        )
        for c, lk in zip(colours, link, strict=True)
    ]
    if any(link) and any(plain):
        # words that are plainly neither side with the links
        return [u or lk or not p for u, lk, p in zip(under, link, plain, strict=True)]
    whole = info.colour is not None and is_link_colour(info.colour, body.colour, info.background)
    return [u or whole for u in under]


NEUTRAL_CHROMA = 20
"""A word whose colour has less chroma than this is grey: plain text beside a link, whatever the body."""

WEIGHT_CUT_EM = 0.45
"""A blank at least this wide (in em) between a bold word and a regular one parts two items: a row of
filters with the selected one set bold, about 0.55 em apart, which OCR reads as one line. A word space
leaves 0.3-0.4 em of blank, but after a comma in a wide font up to 0.55: a sentence whose bold word
follows a comma may come out as two texts side by side, which shows the same."""


def _bold_in_part(image: Rgb, info: TextInfo, body: BodyText) -> bool:
    """A line a heading only by its weight (bold, a little larger than the body) whose words change
    weight across a wide blank: a row of filters, the selected one bold, read as one line, whose bold
    word outweighs the rest. Items, not a heading."""
    if info.em / body.em >= HEADING_RATIO or info.weight != "bold":
        return False
    boxes = word_boxes(image, info)
    tokens = _WORD.findall(info.text)
    return boxes is not None and bool(_weight_changes(image, tokens, boxes, info))


def _weight_changes(image: Rgb, tokens: Sequence[str], boxes: Sequence[Box], info: TextInfo) -> set[int]:
    """The words that start a new item: after a blank of `WEIGHT_CUT_EM` or more, in another weight than
    the word before."""
    if info.background is None:
        return set()
    bg = info.background
    wide = [i for i in range(1, len(boxes)) if boxes[i].x - boxes[i - 1].x2 >= WEIGHT_CUT_EM * info.em]
    # each word's weight once, though it may stand beside two wide gaps
    stems = {
        k: stem_width(image[b.y : b.y2, b.x : b.x2], bg, tokens[k])
        for k in {j for i in wide for j in (i - 1, i)}
        for b in [boxes[k]]
    }
    starts: set[int] = set()
    for i in wide:
        wa, wb = stems[i - 1], stems[i]
        if wa is not None and wb is not None and (wa > BOLD_STEM) != (wb > BOLD_STEM):
            starts.add(i)
    return starts


def _element(image: Rgb, role: Role, text: str, ink: Box, info: TextInfo, underline: bool) -> DetectedElement:
    """A run of a line's words: its own colour (the line's is that of its commoner run) and underline,
    and the line's top and height (its words' ink boxes are as tall as the line's, whatever letters
    they hold: measured alone, a run without descenders would look a larger font)."""
    colour = text_colour(image, ink, info.background) or info.colour
    x, w = inline_span(ink, info.em)
    box = Box(x, info.box.y, w, info.box.h)
    sub = replace(info, text=text, ink=ink, box=box, underline=underline, colour=colour)
    return DetectedElement(role, sub.box, text, style=style_of(sub), score=info.line.score)


def line_elements(image: Rgb, info: TextInfo, body: BodyText) -> list[DetectedElement]:
    """One line as text / heading / link elements; a line mixing plain and link words is cut into runs."""
    level = heading_level(info, body)
    link_colour = info.colour is not None and is_link_colour(info.colour, body.colour, info.background)
    if level is not None and not info.underline and not _bold_in_part(image, info, body):
        return [
            DetectedElement(
                "heading", info.box, info.text, level=level, style=style_of(info), score=info.line.score
            )
        ]
    # a small bold capitals label in a colour (a stat card's "EARNINGS (MONTHLY)") is no link
    caption = _caps_label(info, body)
    link_colour = link_colour and not caption
    boxes = word_boxes(image, info)
    tokens = _WORD.findall(info.text)
    if boxes is None:
        role: Role = "link" if info.underline or link_colour else "text"
        text = _unspaced(image, info.text, info.ink, info)
        return [DetectedElement(role, info.box, text, style=style_of(info), score=info.line.score)]
    # syntax-highlighted code colours keywords, not links: only underlines count in monospace text
    by_colour = not _monospace(tokens, boxes, info.em) and not caption
    under = [_underlined(image, b, info) for b in boxes]
    flags = _link_words(image, boxes, info, body, under, by_colour)
    # code sets keywords bold a cell's width from the words beside them: no items to part
    starts = _weight_changes(image, tokens, boxes, info) if by_colour else set()
    # an underlined word's "_" where a space's width lies blank is the underline seen through a space
    spaced = [_unspaced(image, t, b, info) for t, b in zip(tokens, boxes, strict=True)]
    if (all(flags) or not any(flags)) and not starts:
        role = "link" if flags[0] else "text"
        text = info.text if spaced == tokens else " ".join(spaced)
        return [DetectedElement(role, info.box, text, style=style_of(info), score=info.line.score)]
    tokens = spaced
    out: list[DetectedElement] = []
    i = 0
    while i < len(tokens):
        j = i
        # a run of link words ends at a list comma or before a parenthesis: "json, CSV (advanced)"
        while (
            j + 1 < len(tokens)
            and flags[j + 1] == flags[i]
            and j + 1 not in starts
            and not (flags[i] and (tokens[j][-1] in ",;|" or tokens[j + 1][0] == "("))
        ):
            j += 1
        text = " ".join(tokens[i : j + 1])
        ink = boxes[i].union(boxes[j])
        # a link found by its underline inside a sentence draws it: the line as a whole has none
        underline = flags[i] and all(under[i : j + 1])
        out.append(_element(image, "link" if flags[i] else "text", text, ink, info, underline))
        i = j + 1
    return out
