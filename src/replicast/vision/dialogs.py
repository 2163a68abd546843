"""Dialogs: a box opened over the page while a scrim dims everything else.

Read from two images of the same page: before the dialog (`page`) and with it (`shown`). Under a scrim
every pixel of the page is darkened by one factor (`shown = k * page`, k well under 1, the same all over);
the dialog is the box where `shown` is brighter than the dimmed page would be. A page that changed
otherwise (a new page, a scroll) has no single factor and shows no dialog.

    scrim = find_dialog(before_rgb, after_rgb)
    if scrim is not None:
        elements = modal(elements, scrim)     # a "dialog" element; the page under the scrim is inert
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

import cv2
import numpy as np

from replicast.media.base import Rgb
from replicast.spec.models import INTERACTIVE_ROLES
from replicast.vision.base import Box
from replicast.vision.elements import DetectedElement
from replicast.vision.style import LUMA


@dataclass(frozen=True, slots=True)
class DialogConfig:
    max_dim: float = 0.85
    """the scrim darkens the page to at most this share of its brightness..."""
    min_dim: float = 0.15
    """...and keeps at least this share (else the page is gone, not dimmed)."""
    tolerance: float = 12.0
    """levels a dimmed pixel may differ from `k * page` (video noise)."""
    explained: float = 0.9
    """share of the pixels outside the dialog that the one factor must explain."""
    min_side: float = 0.1
    """the dialog is at least this share of the screen's width and height."""
    max_area: float = 0.8
    """...and at most this share of its area."""


@dataclass(frozen=True, slots=True)
class Scrim:
    """A dialog over a dimmed page: the dialog's box, and the share of brightness the page kept."""

    box: Box
    factor: float


def find_dialog(page: Rgb, shown: Rgb, cfg: DialogConfig | None = None) -> Scrim | None:
    """The dialog `shown` has over `page` dimmed by a scrim, or None."""
    cfg = cfg or DialogConfig()
    if page.shape != shown.shape:
        return None
    luma = LUMA.astype(np.float32)
    a = page.astype(np.float32) @ luma
    b = shown.astype(np.float32) @ luma
    h, w = a.shape
    lit = a >= 48  # dark pixels say little about a factor
    if float(lit.mean()) < 0.2:
        return None
    ratios = b[lit] / a[lit]
    k = float(np.median(ratios))
    if not cfg.min_dim <= k <= cfg.max_dim:
        return None
    residual = b - k * a
    brighter = (residual > cfg.tolerance).astype(np.uint8)
    # the dialog's own dark ink (text, borders) breaks its bright area up: close the gaps
    size = max(3, round(0.01 * min(h, w)) | 1)
    closed = cv2.morphologyEx(brighter, cv2.MORPH_CLOSE, np.ones((size, size), np.uint8))
    n, _, stats, _ = cv2.connectedComponentsWithStats(closed, connectivity=8)
    if n < 2:
        return None
    best = 1 + int(np.argmax(stats[1:, cv2.CC_STAT_AREA]))
    x, y, bw, bh, area = (int(v) for v in stats[best])
    box = Box(x, y, bw, bh)
    if bw < cfg.min_side * w or bh < cfg.min_side * h or box.area > cfg.max_area * w * h:
        return None
    if area < 0.6 * box.area:
        return None  # scattered changes, not one box
    outside = np.ones((h, w), bool)
    outside[y : y + bh, x : x + bw] = False
    fits = np.abs(residual[outside]) <= cfg.tolerance
    if float(fits.mean()) < cfg.explained:
        return None
    return Scrim(box, k)


def modal(elements: Sequence[DetectedElement], scrim: Scrim) -> list[DetectedElement]:
    """`elements` with a "dialog" at the scrim's box; the controls under the scrim, which no pointer
    reaches while the dialog is open, become what they show (their text, or a plain box)."""
    d = scrim.box
    out: list[DetectedElement] = []
    for e in elements:
        inside = e.box.intersection(d) >= 0.5 * e.box.area
        if inside or e.role not in INTERACTIVE_ROLES:
            out.append(e)
            continue
        out.append(
            replace(
                e,
                role="text" if e.text else "container",
                placeholder=None,
                value=None,
                checked=None,
                selected=None,
                expanded=None,
            )
        )
    out.append(DetectedElement("dialog", d))
    return out
