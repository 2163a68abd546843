"""Find the web page's viewport in a recording that may also show browser chrome, a desktop or bars.

`detect_viewport(lumas)` looks at a few frames from the start of a recording and returns a `Viewport`:
where the page lies in video pixels and its device pixel ratio. The pipeline then runs on the page
alone (`media.crop.CroppedSource(source, viewport.crop)`), in CSS pixels, and maps what it found back
to video pixels with `Viewport.box_to_video` / `point_to_video` (video px = offset + scale * CSS px).

    lumas = first_lumas(source)                       # a few frames of the first second
    vp = detect_viewport(lumas)
    page = CroppedSource(source, vp.crop) if not vp.is_whole(source.info) else source

How, in order (each step is conservative: without clear evidence the whole frame is the page):

1. Letterbox: near-black rows (columns) of one flat level at both opposite edges, of equal thickness
   (within `bar_symmetry` px), flat in every sampled frame, and never crossed by an `activity` box.
2. Browser chrome: a window's toolbar ends in a horizontal edge (Chromium draws a 1 px separator)
   spanning at least `min_window` of the frame; the band above it must look like a browser: an
   tab strip (an edge across at least 30% of the window, where the inactive strip meets the toolbar)
   and below it an omnibox (a flat field at least `omnibox_width` of the window wide, 14-76 px tall,
   of another shade than the toolbar). The page starts below the edge (below a 1-2 px separator line)
   and spans the edge's width; when the window is narrower than the screen (a desktop around it),
   its bottom is where its side borders end.
3. Scale (1 or 2): with chrome, from the omnibox height (28-36 px at 1x, twice that at 2x). Without,
   from text: at 1x most text strokes are 1-2 px wide, at 2x 3-4 px (`thin_stroke_share`: 0.44-0.66
   of stroke runs are 1-2 px on real 1x pages, 0.07 on the same pages at 2x; the cut is 0.28).
   Video size alone never sets the scale.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

import cv2
import numpy as np
from numpy.typing import NDArray

from replicast.media.base import Gray, VideoInfo, VideoSource
from replicast.media.crop import Crop
from replicast.spec.models import Viewport as SpecViewport
from replicast.vision.base import Box

Found = Literal["frame", "letterbox", "browser"]


@dataclass(frozen=True, slots=True)
class Viewport:
    """The page's viewport: its top-left in video px, its size in CSS px and the device pixel ratio.

    Video px = (x, y) + scale * CSS px. A recording of the page alone is (0, 0, video size, 1.0).
    """

    x: int
    y: int
    width: int
    height: int
    scale: float = 1.0
    found: Found = "frame"
    """how it was found: the whole frame, inside letterbox bars, or below browser chrome."""

    @property
    def video_box(self) -> Box:
        """The viewport's region of the video frame, in video px."""
        return Box(self.x, self.y, round(self.width * self.scale), round(self.height * self.scale))

    @property
    def crop(self) -> Crop:
        """What `CroppedSource` needs to yield the page in CSS px."""
        b = self.video_box
        return Crop(b.x, b.y, b.w, b.h, self.scale)

    def is_whole(self, info: VideoInfo) -> bool:
        """True when the page is the whole frame at 1x: nothing to crop or scale."""
        return (self.x, self.y, self.scale) == (0, 0, 1.0) and (self.width, self.height) == (
            info.width,
            info.height,
        )

    def point_to_video(self, x: float, y: float) -> tuple[float, float]:
        """A point in CSS px of the page (what the pipeline sees after cropping) → video px."""
        return self.x + x * self.scale, self.y + y * self.scale

    def point_to_page(self, x: float, y: float) -> tuple[float, float]:
        """A point in video px → CSS px of the page."""
        return (x - self.x) / self.scale, (y - self.y) / self.scale

    def box_to_video(self, box: Box) -> Box:
        """A box in CSS px of the page → video px (rounded outwards to whole pixels)."""
        s = self.scale
        x0, y0 = int(np.floor(self.x + box.x * s)), int(np.floor(self.y + box.y * s))
        x1, y1 = int(np.ceil(self.x + box.x2 * s)), int(np.ceil(self.y + box.y2 * s))
        return Box(x0, y0, x1 - x0, y1 - y0)

    def box_to_page(self, box: Box) -> Box:
        """A box in video px → CSS px of the page (rounded outwards)."""
        s = self.scale
        x0, y0 = int(np.floor((box.x - self.x) / s)), int(np.floor((box.y - self.y) / s))
        x1, y1 = int(np.ceil((box.x2 - self.x) / s)), int(np.ceil((box.y2 - self.y) / s))
        return Box(x0, y0, x1 - x0, y1 - y0)

    def to_spec(self) -> SpecViewport:
        """The `AppSpec.viewport` record."""
        return SpecViewport(x=self.x, y=self.y, width=self.width, height=self.height, scale=self.scale)


@dataclass(frozen=True, slots=True)
class ViewportConfig:
    bar_level: int = 24
    """letterbox bars are no brighter than this (full-range luma)."""
    bar_flat: int = 6
    """and vary along their length by no more than this."""
    bar_min: int = 2
    """px: thinner dark edges are the page's own borders."""
    bar_symmetry: int = 3
    """px: opposite bars of a letterbox agree in thickness this closely."""
    edge: int = 8
    """luma step between a browser toolbar and the page (the separator line)."""
    min_window: float = 0.4
    """a browser window spans at least this share of the frame's width."""
    chrome_max: float = 0.35
    """the toolbar ends within this share of the frame's height."""
    omnibox_width: float = 0.25
    """an omnibox is at least this share of the window wide."""
    omnibox_shade: float = 2.5
    """levels by which the omnibox's fill differs from the toolbar's."""
    thin_1x: float = 0.28
    """share of 1-2 px text-stroke runs at or above which text is drawn at 1x (see thin_stroke_share)."""


def first_lumas(source: VideoSource, seconds: float = 1.0, count: int = 3) -> list[Gray]:
    """`count` lumas spread over the first `seconds` of `source` (decodes only that much)."""
    out: list[Gray] = []
    step = seconds / max(1, count - 1)
    for frame in source.frames():
        if frame.t + 1e-6 >= len(out) * step:
            out.append(frame.luma)
            if len(out) == count:
                break
    return out


def detect_viewport(
    lumas: Sequence[Gray], cfg: ViewportConfig | None = None, activity: Iterable[Box] = ()
) -> Viewport:
    """Where the page is in frames like `lumas` (same size; the first is examined most closely).

    `activity`: boxes (video px) where the recording changed, e.g. a gap's deltas; letterbox bars
    are never crossed by them. Raises ValueError without frames or with frames of different sizes.
    """
    cfg = cfg or ViewportConfig()
    if not lumas:
        raise ValueError("detect_viewport needs at least one frame")
    h, w = lumas[0].shape
    if any(g.shape != (h, w) for g in lumas):
        raise ValueError("detect_viewport: frames differ in size")
    region = _letterbox(lumas, cfg, list(activity))
    found: Found = "frame" if region == Box(0, 0, w, h) else "letterbox"
    first = lumas[0]
    browser = _browser(first, region, cfg)
    scale: float
    if browser is not None:
        region, scale = browser
        found = "browser"
    else:
        scale = text_scale(first[region.y : region.y2, region.x : region.x2], cfg)
    return Viewport(
        region.x,
        region.y,
        max(1, round(region.w / scale)),
        max(1, round(region.h / scale)),
        scale,
        found,
    )


# -- letterbox -----------------------------------------------------------------------------------


def _dark_lines(g: Gray, cfg: ViewportConfig, axis: int) -> NDArray[np.bool_]:
    """Per row (axis 1) or column (axis 0): dark and flat enough to be a bar."""
    lo, hi = g.min(axis=axis), g.max(axis=axis)
    flat: NDArray[np.bool_] = (hi <= cfg.bar_level) & (hi.astype(np.int16) - lo <= cfg.bar_flat)
    return flat


def _leading(flags: NDArray[np.bool_]) -> int:
    off = np.nonzero(~flags)[0]
    return int(off[0]) if len(off) else len(flags)


def _letterbox(lumas: Sequence[Gray], cfg: ViewportConfig, activity: list[Box]) -> Box:
    h, w = lumas[0].shape
    top = bottom = h
    left = right = w
    for g in lumas:
        rows, cols = _dark_lines(g, cfg, 1), _dark_lines(g, cfg, 0)
        top, bottom = min(top, _leading(rows)), min(bottom, _leading(rows[::-1]))
        left, right = min(left, _leading(cols)), min(right, _leading(cols[::-1]))
    if top >= h or left >= w:  # a black frame: nothing to go by
        return Box(0, 0, w, h)

    def pair(a: int, b: int, side: int) -> tuple[int, int]:
        if min(a, b) < cfg.bar_min or abs(a - b) > cfg.bar_symmetry or a + b >= side // 2:
            return 0, 0
        return a, b

    top, bottom = pair(top, bottom, h)
    left, right = pair(left, right, w)
    # the pointer and the page never move inside a bar
    if any(b.y < top or b.y2 > h - bottom for b in activity):
        top = bottom = 0
    if any(b.x < left or b.x2 > w - right for b in activity):
        left = right = 0
    return Box(left, top, w - left - right, h - top - bottom)


# -- browser chrome ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Run:
    y: int
    x0: int
    x1: int

    @property
    def length(self) -> int:
        return self.x1 - self.x0


def _longest_runs(flags: NDArray[np.bool_]) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """Per row of a boolean image: the start and length of its longest run of True."""
    h, w = flags.shape
    padded = np.zeros((h, w + 2), np.int8)
    padded[:, 1:-1] = flags
    d = np.diff(padded, axis=1)
    starts = np.full(h, 0, np.int64)
    lengths = np.zeros(h, np.int64)
    ys_up, xs_up = np.nonzero(d == 1)
    xs_dn = np.nonzero(d == -1)[1]
    # rises and falls pair up in order within each row
    run_len = xs_dn - xs_up
    for y, x, n in zip(ys_up.tolist(), xs_up.tolist(), run_len.tolist(), strict=True):
        if n > lengths[y]:
            lengths[y], starts[y] = n, x
    return starts, lengths


def _edge_runs(g: Gray, region: Box, cfg: ViewportConfig, limit: int) -> list[_Run]:
    """Horizontal edges (row y differs from row y-1) at least `min_window` of the region wide."""
    band = g[region.y : region.y + limit, region.x : region.x2].astype(np.int16)
    step = np.abs(np.diff(band, axis=0)) > cfg.edge
    starts, lengths = _longest_runs(step)
    need = cfg.min_window * region.w
    return [
        _Run(region.y + 1 + i, region.x + int(starts[i]), region.x + int(starts[i] + lengths[i]))
        for i in range(len(lengths))
        if lengths[i] >= need
    ]


def _browser(g: Gray, region: Box, cfg: ViewportConfig) -> tuple[Box, float] | None:
    """The page's box below a browser toolbar, and the scale read off the omnibox; None without one."""
    limit = min(region.h, int(region.h * cfg.chrome_max) + 2)
    runs = _edge_runs(g, region, cfg, limit)
    widest = 0
    for i, run in enumerate(runs):
        widest = max(widest, run.length)
        # a separator line (1 px at 1x, 2 at 2x) makes edges 1-3 rows apart: the page starts at the last
        if i + 1 < len(runs) and runs[i + 1].y - run.y <= 3:
            continue
        # the toolbar's bottom spans the whole window: no edge above it is wider
        if run.length < 0.95 * widest:
            continue
        top = _window_top(runs[:i], run, region)
        omnibox = _omnibox(g, top + 12, run, cfg)
        if omnibox is None:
            continue
        tabs = _tab_edge(g, top, omnibox, run, cfg)
        # the tab strip's shade is not the toolbar's
        if tabs is None or not _two_shades(g, tabs, run, cfg):
            continue
        scale = 2.0 if omnibox.h >= 46 else 1.0
        bottom = _window_bottom(g, run, region, cfg)
        return Box(run.x0, run.y, run.length, bottom - run.y), scale
    return None


def _window_top(above: list[_Run], run: _Run, region: Box) -> int:
    """The window's top edge: an earlier edge as wide as the toolbar's bottom, else the region's top."""
    for r in above:
        if abs(r.x0 - run.x0) <= 4 and abs(r.x1 - run.x1) <= 4 and run.y - r.y >= 40:
            return r.y
    return region.y


def _tab_edge(g: Gray, top: int, omnibox: Box, run: _Run, cfg: ViewportConfig) -> int | None:
    """The bottom of the tab strip: the lowest edge above the omnibox across a good part of the window
    (where the inactive strip meets the toolbar; the active tab merges with it)."""
    y0, y1 = top + 12, omnibox.y - 3
    if y1 <= y0:
        return None
    band = g[y0 - 1 : y1, run.x0 : run.x1].astype(np.int16)
    step = np.abs(np.diff(band, axis=0)) > cfg.edge / 2
    _, lengths = _longest_runs(step)
    wide = np.nonzero(lengths >= 0.3 * run.length)[0]
    return y0 + int(wide[-1]) if len(wide) else None


def _mode(pixels: Gray) -> int:
    return int(np.bincount(pixels.ravel()).argmax())


def _two_shades(g: Gray, tabs: int, run: _Run, cfg: ViewportConfig) -> bool:
    """The tab strip (just above its edge) and the toolbar (just above the separator) differ."""
    strip = _mode(g[max(0, tabs - 4) : tabs - 1, run.x0 : run.x1])
    toolbar = _mode(g[run.y - 8 : run.y - 3, run.x0 : run.x1])
    return abs(strip - toolbar) >= cfg.omnibox_shade


def _omnibox(g: Gray, tabs: int, run: _Run, cfg: ViewportConfig) -> Box | None:
    """A wide flat field of its own shade in the toolbar, between `tabs` and the page: the lowest such
    field (the strip of tabs above it can look like one too)."""
    band = g[tabs : run.y, run.x0 : run.x1].astype(np.int16)
    if band.shape[0] < 20:
        return None
    flat = np.zeros(band.shape, np.bool_)
    flat[:, 1:] = np.abs(np.diff(band, axis=1)) <= 2
    starts, lengths = _longest_runs(flat)
    need = cfg.omnibox_width * run.length
    # the toolbar's own shade: the most common level just above the separator
    toolbar = _mode(g[run.y - 8 : run.y - 3, run.x0 : run.x1])
    rows: list[int] = []
    for y in range(band.shape[0]):
        if lengths[y] < need:
            continue
        level = float(band[y, starts[y] : starts[y] + lengths[y]].mean())
        if abs(level - toolbar) >= cfg.omnibox_shade:
            rows.append(y)
    best: tuple[int, int] | None = None
    for y0, y1 in _spans(rows):
        # the field lies inside the toolbar, clear of the separator below it
        if 14 <= y1 - y0 <= 76 and tabs + y1 <= run.y - 3:
            best = (y0, y1)
    if best is None:
        return None
    y0, y1 = best
    xs = int(np.median(starts[y0:y1]))
    return Box(run.x0 + xs, tabs + y0, int(np.median(lengths[y0:y1])), y1 - y0)


def _spans(rows: list[int]) -> list[tuple[int, int]]:
    """Consecutive row numbers as [start, end) spans, allowing one-row breaks (text, a focus ring)."""
    out: list[tuple[int, int]] = []
    for y in rows:
        if out and y - out[-1][1] <= 1:
            out[-1] = (out[-1][0], y + 1)
        else:
            out.append((y, y + 1))
    return out


def _window_bottom(g: Gray, run: _Run, region: Box, cfg: ViewportConfig) -> int:
    """Where the page ends: the region's bottom, or, for a window narrower than the screen, where its
    side borders (vertical edges at the page's left and right) end."""
    if run.x0 <= region.x + 2 and run.x1 >= region.x2 - 2:
        return region.y2
    ends: list[int] = []
    for x in (run.x0, run.x1):
        if x <= region.x or x >= region.x2:
            continue
        col = np.abs(g[run.y : region.y2, x].astype(np.int16) - g[run.y : region.y2, x - 1]) > cfg.edge
        off = np.nonzero(~col)[0]
        # small breaks (a pixel that matches by chance) are tolerated: take the end of the long run
        ends.append(run.y + _run_end(off, len(col)))
    return max(ends) if ends else region.y2


def _run_end(off: NDArray[np.int64], n: int, gap: int = 3) -> int:
    """Length of the leading run of True, where runs of up to `gap` False count as True."""
    if len(off) == 0:
        return n
    prev = -1
    streak_start = 0
    for y in off.tolist():
        if y != prev + 1:
            streak_start = y
        prev = y
        if y - streak_start + 1 > gap:
            return streak_start
    return n


# -- scale ---------------------------------------------------------------------------------------


def text_scale(luma: Gray, cfg: ViewportConfig | None = None) -> float:
    """The device pixel ratio (1.0 or 2.0) read off the thickness of text strokes in `luma`."""
    cfg = cfg or ViewportConfig()
    thin = thin_stroke_share(luma)
    if thin is None:
        return 1.0
    return 1.0 if thin >= cfg.thin_1x else 2.0


def thin_stroke_share(luma: Gray) -> float | None:
    """The share of text-stroke runs (horizontal runs of pixels that stand out from their surround by
    more than 80 levels: black-hat for dark text, top-hat for light text) that are 1-2 px long, or None
    where there is too little text to tell. Body text at 1x is drawn with 1-2 px stems (0.44-0.66 on
    real pages, bold headings included); at 2x the same stems are 3-4 px (0.07)."""
    if luma.size == 0:
        return None
    k = cv2.getStructuringElement(cv2.MORPH_RECT, (15, 15))
    counts = np.zeros(13, np.int64)
    for op in (cv2.MORPH_BLACKHAT, cv2.MORPH_TOPHAT):
        mask = cv2.morphologyEx(luma, op, k) > 80
        padded = np.zeros((mask.shape[0], mask.shape[1] + 2), np.int8)
        padded[:, 1:-1] = mask
        d = np.diff(padded, axis=1)
        lengths = np.nonzero(d == -1)[1] - np.nonzero(d == 1)[1]
        counts += np.bincount(lengths[lengths <= 12], minlength=13)[:13]
    total = int(counts[1:].sum())
    if total < 200:
        return None
    return float(counts[1:3].sum() / total)


__all__ = [
    "Found",
    "Viewport",
    "ViewportConfig",
    "detect_viewport",
    "first_lumas",
    "text_scale",
    "thin_stroke_share",
]
