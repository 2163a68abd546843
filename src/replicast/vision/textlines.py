"""Engine-agnostic clean-up of OCR lines: tight boxes from ink, and splits where a line spans a wide gap.

OCR detectors pad their boxes and happily read two separate things on one row ("Home   About", or two
table cells) as one line. The scorer and codegen need one element per visual item, so a line is split
where the blank gap between two of its words is wide for its text size, or where a vertical rule (a table
border) runs through the gap.

    lines = refine_lines(rgb, [RawLine(text, box, score, words)])
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

import numpy as np
from numpy.typing import NDArray

from replicast.media.base import Rgb
from replicast.vision.base import Box, TextLine
from replicast.vision.typography import em_estimate

SPLIT_GAP_EM = 0.55
"""A blank gap at least this wide (in em) separates two items: a word space plus side bearings is about
0.4 em in UI fonts."""
NO_SPACE_EM = 0.15
"""A blank gap narrower than this (in em) is inside a word: a space leaves at least ~0.25 em."""
FAR_GAP_EM = 1.2
"""Words this far apart (by the recogniser's word boxes, whatever lies between) are separate items."""


@dataclass(frozen=True, slots=True)
class WordBox:
    """One word of a raw OCR line, with its approximate box in image pixels."""

    text: str
    box: Box


@dataclass(frozen=True, slots=True)
class RawLine:
    """A line as an OCR engine reported it: padded box, optional word boxes."""

    text: str
    box: Box
    score: float
    words: tuple[WordBox, ...] = ()


def clip_box(box: Box, width: int, height: int) -> Box | None:
    """The part of `box` inside a width x height image, or None when nothing is left."""
    x0, y0 = max(0, box.x), max(0, box.y)
    x1, y1 = min(width, box.x2), min(height, box.y2)
    if x1 <= x0 or y1 <= y0:
        return None
    return Box(x0, y0, x1 - x0, y1 - y0)


def column_median(px: NDArray[np.integer]) -> NDArray[np.float64]:
    """`np.median(px, axis=0)` of an N x C array (N > 0) of integers, without np.median's overhead: most
    calls here are on a few hundred pixels, where that overhead is most of the work."""
    n = px.shape[0]
    lo, hi = (n - 1) // 2, n // 2
    part = np.partition(px, [lo, hi], axis=0)
    mid: NDArray[np.float64] = (part[lo].astype(np.float64) + part[hi]) / 2
    return mid


def border_mode(patch: Rgb) -> NDArray[np.int16]:
    """The most common colour on the 1-px ring of a patch (jointly quantised to 5 bits per channel)."""
    ring = np.concatenate([patch[0], patch[-1], patch[:, 0], patch[:, -1]]).astype(np.int16)
    q = ring >> 3
    keys = (q[:, 0] << 10) | (q[:, 1] << 5) | q[:, 2]
    vals, counts = np.unique(keys, return_counts=True)
    best = vals[counts.argmax()]
    sel = ring[keys == best]
    return np.asarray(column_median(sel), dtype=np.int16)


def patch_mode(patch: Rgb) -> NDArray[np.int16]:
    """The most common colour of a patch (5-bit joint bins), as the median of its bin."""
    px = patch.reshape(-1, 3).astype(np.int16)
    q = px >> 3
    keys = (q[:, 0] << 10) | (q[:, 1] << 5) | q[:, 2]
    best = np.bincount(keys).argmax()
    return np.asarray(column_median(px[keys == best]), dtype=np.int16)


def ink_mask(patch: Rgb, background: NDArray[np.int16] | None = None) -> NDArray[np.bool_]:
    """Pixels that differ clearly from the patch's background colour."""
    bg = border_mode(patch) if background is None else background
    diff = np.abs(patch.astype(np.int16) - bg).max(axis=2)
    peak = float(np.percentile(diff, 99.5)) if diff.size else 0.0
    thr = max(18.0, 0.33 * peak)
    return np.asarray(diff > thr)


def _runs(flags: NDArray[np.bool_]) -> list[tuple[int, int]]:
    """[start, end) runs of True."""
    padded = np.concatenate([[False], flags, [False]]).astype(np.int8)
    d = np.diff(padded)
    starts = np.flatnonzero(d == 1)
    ends = np.flatnonzero(d == -1)
    return list(zip(starts.tolist(), ends.tolist(), strict=True))


def _text_rows(mask: NDArray[np.bool_]) -> tuple[int, int] | None:
    """The band of rows holding the glyphs: ink rows that are not full-width rules, grouped around the
    middle of the box."""
    h, w = mask.shape
    counts = mask.sum(axis=1)
    rows = (counts > 0) & (counts < 0.92 * w)
    runs = _runs(rows)
    if not runs:
        return None
    # merge runs split by a small gap (the dot of an i, a thin stroke)
    merged: list[list[int]] = []
    for s, e in runs:
        if merged and s - merged[-1][1] <= max(2, h // 12):
            merged[-1][1] = e
        else:
            merged.append([s, e])
    mid = h / 2
    best = max(merged, key=lambda r: (min(r[1], mid + h / 4) - max(r[0], mid - h / 4), r[1] - r[0]))
    return best[0], best[1]


def tighten(image: Rgb, box: Box, span: tuple[int, int] | None = None) -> Box:
    """The ink-tight box of the text inside `box` (the box itself when no ink is found). `span` limits the
    columns (image x, [x0, x1)) that may hold the text, e.g. from the OCR's first and last word boxes, so an
    icon beside the text stays out."""
    clipped = clip_box(box, image.shape[1], image.shape[0])
    if clipped is None or clipped.w < 2 or clipped.h < 2:
        return box
    patch = image[clipped.y : clipped.y2, clipped.x : clipped.x2]
    # the text's own background is the patch's commonest colour: the padded OCR box may reach past the
    # edges of a small button, so its border ring can be something else
    mask = ink_mask(patch, patch_mode(patch))
    band = _text_rows(mask)
    if band is None:
        return clipped
    r0, r1 = band
    cols = mask[r0:r1].any(axis=0)
    # a column inked over the whole padded height is a border of something else, not a glyph
    full = mask.sum(axis=0) >= 0.95 * clipped.h
    cols &= ~full
    if span is not None:
        lo, hi = max(0, span[0] - clipped.x), min(clipped.w, span[1] - clipped.x)
        if hi > lo and cols[lo:hi].any():
            cols[:lo] = False
            cols[hi:] = False
    cols = _drop_carets(mask[r0:r1], cols)
    idx = np.flatnonzero(cols)
    if idx.size == 0:
        return clipped
    rows = np.flatnonzero(mask[r0:r1][:, cols].any(axis=1))
    if rows.size:
        r0, r1 = r0 + int(rows[0]), r0 + int(rows[-1]) + 1
    return Box(clipped.x + int(idx[0]), clipped.y + r0, int(idx[-1] - idx[0] + 1), r1 - r0)


def _drop_carets(band: NDArray[np.bool_], cols: NDArray[np.bool_]) -> NDArray[np.bool_]:
    """Columns without a text caret: a thin bar (1-2 px, 2-4 at 2x) at either end of the line, apart from
    the glyphs, that reaches both above and below every other glyph."""
    cols = cols.copy()
    runs = _runs(cols)
    if len(runs) < 2:
        return cols
    for run, rest in ((runs[0], runs[1:]), (runs[-1], runs[:-1])):
        s, e = run
        if e - s > max(2, band.shape[0] // 8):
            continue
        bar = np.flatnonzero(band[:, s:e].any(axis=1))
        others = np.flatnonzero(band[:, [c for r in rest for c in range(*r)]].any(axis=1))
        if bar.size and others.size and bar[0] < others[0] - 1 and bar[-1] > others[-1] + 1:
            cols[s:e] = False
    return cols


def monospace_pitch(words: Sequence[WordBox]) -> float | None:
    """The character cell width when the words' widths are all the same per character (code), else None.
    Needs three words of three or more characters."""
    per_char = [w.box.w / len(w.text) for w in words if len(w.text) >= 3]
    if len(per_char) < 3:
        return None
    mid = float(np.median(per_char))
    if mid <= 0 or (max(per_char) - min(per_char)) / mid > 0.15:
        return None
    return mid


def _split_points(image: Rgb, line: RawLine, tight: Box) -> tuple[list[int], list[float]]:
    """Indices i such that the line splits between words[i-1] and words[i], and the blank gap (in em)
    at each of the len(words) - 1 word boundaries."""
    words = line.words
    gaps_em = [1.0] * max(0, len(words) - 1)
    if len(words) < 2:
        return [], gaps_em
    clipped = clip_box(line.box.union(tight), image.shape[1], image.shape[0])
    if clipped is None:
        return [], gaps_em
    patch = image[clipped.y : clipped.y2, clipped.x : clipped.x2]
    bg = patch_mode(patch)
    mask = ink_mask(patch, bg)
    t0, t1 = tight.y - clipped.y, tight.y2 - clipped.y
    text_mask = mask[t0:t1]
    if text_mask.size == 0:
        return [], gaps_em
    em = em_estimate(line.text, tight.h)
    # glyph columns, leaving out underline / strike-through rows (they bridge every gap)
    rows = text_mask.mean(axis=1) < 0.8
    col_ink: NDArray[np.bool_] = np.asarray(text_mask[rows].any(axis=0))
    # a vertical rule (a faint table border counts): marked over the text band and beyond it
    faint = np.abs(patch.astype(np.int16) - bg).max(axis=2) > 14
    rule = faint[t0:t1].mean(axis=0) >= 0.95
    above, below = faint[: max(0, t0)], faint[t1:]
    if above.shape[0] >= 2:
        rule &= above[-2:].all(axis=0)
    if below.shape[0] >= 2:
        rule &= below[:2].all(axis=0)
    # and thin: a column with clear background two pixels to either side
    clear = ~faint[t0:t1].any(axis=0)
    side = np.zeros_like(rule)
    side[2:-2] = clear[:-4] & clear[4:]
    rule &= side
    # blanks between glyphs: the margin before the first and after the last is no gap between words
    blanks = [(s, e) for s, e in _runs(~col_ink) if s > 0 and e < col_ink.size]
    pitch = monospace_pitch(words)
    # in monospace text a space is a whole cell wide: only a gap of more than two cells separates items
    split_gap = SPLIT_GAP_EM * em if pitch is None else max(SPLIT_GAP_EM * em, 2.5 * pitch)
    points: list[int] = []
    for i in range(1, len(words)):
        a, b = words[i - 1].box, words[i].box
        slack = round(em / 3)
        lo = max(0, min(a.x2, b.x) - clipped.x - slack)
        hi = min(clipped.w, max(a.x2, b.x) - clipped.x + slack)
        if hi <= lo:
            continue
        gap = max((e - s for s, e in blanks if s < hi and e > lo), default=0)
        gaps_em[i - 1] = gap / em
        # the recogniser's own word positions see past a checkbox or an icon sitting in the gap
        far = b.x - a.x2 >= FAR_GAP_EM * em
        if gap >= split_gap or far or bool(rule[lo:hi].any()):
            points.append(i)
    return points, gaps_em


def _spaced(text: str, words: Sequence[WordBox]) -> list[bool] | None:
    """For each word boundary, whether the recognised text has a space there (None: words don't match)."""
    out: list[bool] = []
    pos = 0
    for k, w in enumerate(words):
        at = text.find(w.text, pos)
        if at < 0:
            return None
        if k:
            out.append(bool(text[pos:at].strip() == "" and at > pos))
        pos = at + len(w.text)
    return out


def _join(words: Sequence[WordBox], spaces: Sequence[bool]) -> str:
    out = words[0].text
    for w, space in zip(words[1:], spaces, strict=True):
        out += (" " if space else "") + w.text
    return out.strip()


def refine_line(image: Rgb, line: RawLine) -> list[TextLine]:
    """One raw line as one or more tight text lines."""
    text = line.text.strip()
    if not text:
        return []
    em = em_estimate(text, line.box.h // 2)
    span = None
    if line.words:
        pad = round(em * 0.25)
        span = (line.words[0].box.x - pad, line.words[-1].box.x2 + pad)
    tight = tighten(image, line.box, span)
    points, gaps = _split_points(image, line, tight)
    spaces = _spaced(text, line.words) if line.words else None
    if spaces is not None:
        # add the spaces the ink shows but the recogniser left out ("idname"); keep the ones it put in
        spaces = [s or g >= NO_SPACE_EM * 2 for s, g in zip(spaces, gaps, strict=True)]
        text = _join(line.words, spaces)
    else:
        spaces = [True] * max(0, len(line.words) - 1)
    if not points:
        return [TextLine(text, tight, line.score)]
    out: list[TextLine] = []
    bounds = [0, *points, len(line.words)]
    for s, e in pairwise(bounds):
        group = line.words[s:e]
        seg_text = _join(group, spaces[s : e - 1])
        if not seg_text:
            continue
        x0 = max(group[0].box.x, line.box.x)
        x1 = min(group[-1].box.x2, line.box.x2)
        if x1 <= x0:
            continue
        seg = tighten(image, Box(x0, line.box.y, x1 - x0, line.box.h), (x0, x1))
        out.append(TextLine(seg_text, seg, line.score))
    return out or [TextLine(text, tight, line.score)]


def refine_lines(image: Rgb, lines: Sequence[RawLine]) -> list[TextLine]:
    """Tight, split text lines in reading order (top to bottom, then left to right)."""
    out = [t for line in lines for t in refine_line(image, line)]
    return sort_reading_order(out)


def sort_reading_order(lines: Sequence[TextLine]) -> list[TextLine]:
    """Lines sorted by row (lines whose vertical centres are within half a line height share a row),
    then left to right."""
    ordered = sorted(lines, key=lambda t: (t.box.cy, t.box.x))
    rows: list[list[TextLine]] = []
    for t in ordered:
        if rows and abs(t.box.cy - rows[-1][0].box.cy) <= 0.5 * max(4, min(t.box.h, rows[-1][0].box.h)):
            rows[-1].append(t)
        else:
            rows.append([t])
    return [t for row in rows for t in sorted(row, key=lambda t: t.box.x)]
