"""The drop shadow around a box, measured from the page just outside it, as CSS box-shadows.

A CSS shadow `0 dy blur rgba(0,0,0,a)` is the box moved down by `dy` and blurred by a Gaussian of
sigma = blur / 2. Outside the left or right side (no offset) it darkens a page of grey level `page` by
`A * (1 - Phi(k / sigma))` at `k` px out, with `A = a * page`. UI shadows are often two: a tight one
(a few px, the paper's edge) over a wide, faint one (the lift). So:

- the wide one is fitted to the sides' darkening from `TIGHT` px out: sigma on a grid, `A` by least
  squares;
- what is left right at the edge, when it is clearly more, is the tight one;
- the bottom's and the top's darkening (each against its own far page), fitted with the same sigma
  and `A`, give `dy`: their mean, or 0 when they disagree or neither can be read.

A side is read along the middle half of its length, a line of median lumas going outward, so text or a
neighbour across part of it does not count. The profile must fall (a neighbour further out stops it),
and the page it falls to must agree on the two sides.

    for s in measure_shadow(rgb, card_box):   # tight first, then wide
        s.dy, s.blur, s.alpha                 # 24, 50, 0.1 -> box-shadow: 0 24px 50px rgba(0,0,0,0.1)
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from statistics import NormalDist

import numpy as np
from numpy.typing import NDArray

from replicast.media.base import Rgb
from replicast.vision.base import Box
from replicast.vision.style import LUMA

REACH = 64
"""How far out a shadow is looked for, px."""
VISIBLE = 2.0
"""Darkening (grey levels) a shadow's reach ends at."""
MIN_EDGE = 3.0
"""Darkening right at the left and right edges a shadow needs (less is no shadow, or a faint border)."""
MIN_REACH = 4
"""A shadow reaches at least this far out of the sides; 1-3 px is a border's business."""
TIGHT = 6
"""px out from the edge where the wide shadow is fitted from (a tight one has faded by then)."""
TIGHT_MIN = 4.0
"""Darkness (grey levels) at the edge beyond the wide shadow's that makes a tight shadow of its own."""
_EDGE_PX = 3
"""The first px outside a box may be its own anti-aliased edge: the shadow's fall is checked past them."""
_PHI = NormalDist()


@dataclass(frozen=True, slots=True)
class Shadow:
    """One black drop shadow: CSS `box-shadow: 0 {dy}px {blur}px rgba(0,0,0,{alpha})`."""

    dy: int
    blur: int
    alpha: float


def _profile(image: Rgb, box: Box, side: str) -> NDArray[np.float64] | None:
    """Median luma of the lines parallel to `side`, going outward from the box's edge, as far as `REACH`
    or the image's edge (None: fewer than 8 lines of room)."""
    h, w = image.shape[:2]
    rows = slice(box.y + box.h // 4, box.y + 3 * box.h // 4)
    cols = slice(box.x + box.w // 4, box.x + 3 * box.w // 4)
    if side == "left":
        n = min(REACH, box.x)
        band, axis, flip = image[rows, box.x - n : box.x], 0, True
    elif side == "right":
        n = min(REACH, w - box.x2)
        band, axis, flip = image[rows, box.x2 : box.x2 + n], 0, False
    elif side == "top":
        n = min(REACH, box.y)
        band, axis, flip = image[box.y - n : box.y, cols], 1, True
    else:
        n = min(REACH, h - box.y2)
        band, axis, flip = image[box.y2 : box.y2 + n, cols], 1, False
    if n < 8 or band.size == 0:
        return None
    lines: NDArray[np.float64] = np.median(band.astype(np.float64) @ LUMA, axis=axis)
    lines = lines[::-1] if flip else lines
    # a page texture alternates line by line: average neighbours
    return _smooth(lines)


def _smooth(lines: NDArray[np.float64]) -> NDArray[np.float64]:
    """Each line averaged with its two neighbours (the first and last with themselves), along the last
    axis (a row of lines per sigma, or one profile)."""
    p = np.pad(lines, [(0, 0)] * (lines.ndim - 1) + [(1, 1)], mode="edge")
    return np.asarray((p[..., :-2] + p[..., 1:-1] + p[..., 2:]) / 3, np.float64)


def _reach(lines: NDArray[np.float64], page: float) -> int | None:
    """How far out the darkening stays visible; None when the lines do not fall off toward the page
    before anything else comes (a neighbour, the image's edge)."""
    dark = page - lines
    faint = np.flatnonzero(dark < VISIBLE)
    if faint.size == 0:
        return None
    end = int(faint[0])
    if end == 0:  # no darkening, or something lighter than the page right at the edge
        return 0 if dark[:2].mean() > -VISIBLE else None
    return end if _falls(dark[: end + 1]) else None


def _falls(dark: NDArray[np.float64]) -> bool:
    """Whether the darkening only falls going out, past the first px (the box's own soft edge): darker
    again further out is another element."""
    tail = dark[_EDGE_PX:]
    return not tail.size or float((tail - np.minimum.accumulate(tail)).max()) <= 4.0


_SIGMAS = np.arange(1.0, 40.5, 0.5)
"""The wide shadow's sigmas tried, px."""
_ERFC = np.frompyfunc(math.erfc, 1, 1)


def _tail(sigma: float | NDArray[np.float64], ks: NDArray[np.float64]) -> NDArray[np.float64]:
    """1 - Phi(k / sigma): the share of a blurred edge's darkness left k px out (a row per sigma when
    `sigma` is an array of them)."""
    sig = np.asarray(sigma, np.float64)
    z = ks / (sig[:, None] if sig.ndim else sig) / math.sqrt(2)
    return 0.5 * np.asarray(_ERFC(z), np.float64)


def _fit_edge(
    ks: NDArray[np.float64], ys: NDArray[np.float64], sigmas: NDArray[np.float64]
) -> tuple[float, float]:
    """(sigma, A) of the blurred edge `A * (1 - Phi(k / sigma))` that best fits darkening `ys` at `ks`
    px out (lines in a row, smoothed as the profiles are): every sigma of `sigmas` at once, A by least
    squares for each."""
    f = _smooth(_tail(sigmas, ks))  # one row per sigma
    a = np.maximum(0.0, (f @ ys) / np.maximum((f * f).sum(axis=1), 1e-9))
    err = ((a[:, None] * f - ys) ** 2).sum(axis=1)
    best = int(np.argmin(err))  # the first of equals, as the smallest sigma
    return float(sigmas[best]), float(a[best])


def _fit_wide(dark: NDArray[np.float64]) -> tuple[float, float]:
    """(sigma, A) of the Gaussian edge that best fits `dark` from `TIGHT` px out."""
    return _fit_edge(np.arange(TIGHT, dark.size, dtype=np.float64), dark[TIGHT:], _SIGMAS)


def _fit_tight(rest: NDArray[np.float64]) -> tuple[float, float]:
    """(sigma, A) of the tight shadow: the darkening the wide one leaves near the edge, each line's
    centre half a px out from where it starts."""
    n = min(rest.size, 3 * TIGHT)
    return _fit_edge(np.arange(n, dtype=np.float64) + 0.5, rest[:n], np.arange(0.5, TIGHT + 0.25, 0.25))


def _fit_offset(dark: NDArray[np.float64], sigma: float, a: float) -> float:
    """The offset toward this side that best fits its darkening, given the shadow's sigma and A."""
    ks = np.arange(TIGHT, dark.size, dtype=np.float64)
    offs = np.arange(-sigma, 2 * sigma + 1, 1.0)
    err = ((a * _tail(sigma, ks[None, :] - offs[:, None]) - dark[TIGHT:]) ** 2).sum(axis=1)
    return float(offs[int(np.argmin(err))])


def _far(lines: NDArray[np.float64] | None, page: float) -> float:
    """The page level a side's shadow fades to: its own far lines when it has the full reach (a page
    shaded top to bottom differs above and below a box), else the left and right sides' page."""
    if lines is None or lines.size < REACH:
        return page
    return float(np.median(lines[-8:]))


def _until_blocked(lines: NDArray[np.float64] | None, page: float) -> NDArray[np.float64] | None:
    """The darkening of a side up to a few px past where the shadow fades, or all of it when it has not
    faded within reach but keeps falling (a shadow cast far down); None when something else is there."""
    if lines is None:
        return None
    dark = page - lines
    reach = _reach(lines, page)
    if reach is not None:
        return dark[: max(reach + 4, TIGHT + 4)]
    return dark if _falls(dark) and bool((dark >= VISIBLE).all()) else None


def measure_shadow(image: Rgb, box: Box) -> tuple[Shadow, ...]:
    """The drop shadows outside `box` (its edge at the box's sides), tight first; () when there is none or
    it cannot be read (no room on the sides, a neighbour too close, an uneven page)."""
    if min(box.w, box.h) < 16:
        return ()
    profiles = {s: _profile(image, box, s) for s in ("left", "right", "top", "bottom")}
    left, right = profiles["left"], profiles["right"]
    if left is None or right is None or min(left.size, right.size) < REACH // 2:
        return ()
    far_l, far_r = float(np.median(left[-8:])), float(np.median(right[-8:]))
    if abs(far_l - far_r) > 6:
        return ()
    page = (far_l + far_r) / 2
    reach_l, reach_r = _reach(left, page), _reach(right, page)
    if reach_l is None or reach_r is None or min(reach_l, reach_r) < MIN_REACH:
        return ()
    if abs(reach_l - reach_r) > max(6, 0.5 * max(reach_l, reach_r)):
        return ()
    n = min(left.size, right.size)
    dark = page - (left[:n] + right[:n]) / 2
    if dark[:2].mean() < MIN_EDGE:
        return ()
    sigma, a = _fit_wide(dark)
    out: list[Shadow] = []
    edge = float(dark[:2].mean())
    rest = edge - a / 2  # the wide shadow's darkness right at the edge is A / 2
    if rest >= TIGHT_MIN:
        tight_sigma, tight_a = _fit_tight(dark - a * _tail(sigma, np.arange(dark.size, dtype=np.float64)))
        blur = max(1, round(2 * tight_sigma))
        out.append(Shadow(dy=max(1, blur // 2), blur=blur, alpha=round(min(tight_a / page, 0.6), 2)))
    if a / page >= 0.02 and sigma >= TIGHT / 2:
        offsets: list[float] = []
        for side, sign in (("bottom", 1.0), ("top", -1.0)):
            fall = _until_blocked(profiles[side], _far(profiles[side], page))
            if fall is not None and fall.size > TIGHT + 2:
                offsets.append(sign * _fit_offset(fall, sigma, a))
        # a shadow falls down, by at most about half its blur; top and bottom that disagree say nothing
        dy = float(np.mean(offsets)) if offsets and np.ptp(offsets) <= sigma else 0.0
        dy = min(max(dy, 0.0), sigma)
        out.append(Shadow(dy=round(dy), blur=round(2 * sigma), alpha=round(min(a / page, 0.6), 2)))
    return tuple(out)
