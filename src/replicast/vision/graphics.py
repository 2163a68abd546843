"""Icons and images: the ink no text or control accounts for.

extra = graphics(rgb, elements, body)
"""

from __future__ import annotations

from collections.abc import Sequence

import cv2
import numpy as np
from numpy.typing import NDArray

from replicast.media.base import Rgb
from replicast.vision.base import Box
from replicast.vision.elements import DetectedElement, ElementStyle
from replicast.vision.shapes import gradient
from replicast.vision.style import background_around, hex_colour
from replicast.vision.texts import BodyText


def graphics(
    image: Rgb,
    elements: Sequence[DetectedElement],
    body: BodyText,
    controls: Sequence[DetectedElement] = (),
    labels: Sequence[Box] = (),
) -> list[DetectedElement]:
    """Images (large, many-coloured non-text regions) and icons (small non-text ink outside them), from
    the connected blobs of strong edges that no element found so far covers. `controls` (buttons,
    fields: some of `elements`) are looked into, and so are a side nav's block links: ink in a field,
    a button or an item that is neither its outline nor its text (`labels`: the ink boxes of the lines
    they carry) is its icon (an envelope in a field, a logo in a round button, an item's glyph)."""
    h, w = image.shape[:2]
    edges = np.asarray(cv2.dilate((gradient(image) > 24).astype(np.uint8), np.ones((3, 3), np.uint8)))
    _, _, stats, _ = cv2.connectedComponentsWithStats(edges, connectivity=8)
    em = body.em
    # fields and buttons: an envelope in a field, a logo in a round button, a brand's mark beside a
    # button's label; a side nav's block link set left: its item's icon (other links are left
    # alone: a row of them is often a nav bar's box)
    hosts = [
        e.box
        for e in controls
        if e.role in ("input", "textarea", "button") or (not e.text and e.role == "link")
    ] + [e.box for e in elements if e.role == "link" and e.style.text_indent is not None]
    pad = max(1, round(0.15 * em))  # a glyph's dilated edges reach a little past its ink
    # a count badge sits on its icon's corner (their edges join): the icon is found around it, but a
    # badge alone is no icon
    badges = [e.box for e in elements if e.role == "badge"]
    taken = [e.box for e in elements if e.box not in hosts and e.role != "badge"] + [
        Box(b.x - pad, b.y - pad, b.w + 2 * pad, b.h + 2 * pad) for b in labels
    ]
    st = stats[1:].astype(np.int64)
    bw, bh = st[:, cv2.CC_STAT_WIDTH], st[:, cv2.CC_STAT_HEIGHT]
    st = st[(bw >= 6) & (bh >= 6) & (bw * bh < 0.5 * w * h)]
    rects = np.stack([st[:, 0], st[:, 1], st[:, 0] + st[:, 2], st[:, 1] + st[:, 3]], axis=1)
    areas = st[:, 2] * st[:, 3]
    # every blob against every box at once (hundreds of blobs, hundreds of boxes a screen)
    keep = ~(_overlaps(rects, taken) >= 0.3 * areas[:, None]).any(axis=1)
    keep &= ~(_overlaps(rects, badges) >= 0.6 * areas[:, None]).any(axis=1)
    inter = _overlaps(rects, hosts)
    host_areas = np.array([hb.area for hb in hosts], np.int64)
    union = areas[:, None] + host_areas[None, :] - inter
    keep &= ~(inter >= 0.6 * np.maximum(union, 1)).any(axis=1)
    blobs = [
        (Box(int(r[0]), int(r[1]), int(r[2]), int(r[3])), int(r[cv2.CC_STAT_AREA]) / int(a))
        for r, a in zip(st[keep], areas[keep], strict=True)
    ]
    images: list[DetectedElement] = []
    for b, density in blobs:
        if min(b.w, b.h) >= 2.5 * em and density >= 0.35:
            patch = image[b.y : b.y2 : 2, b.x : b.x2 : 2].reshape(-1, 3).astype(np.int32) >> 4
            colours = len(np.unique((patch[:, 0] << 8) | (patch[:, 1] << 4) | patch[:, 2]))
            if colours >= 48:
                bg = background_around(image, b, 1, 2)
                style = ElementStyle(background=hex_colour(bg)) if bg else ElementStyle()
                images.append(DetectedElement("image", b, None, style=style))
    icons = [
        DetectedElement("icon", b, None)
        for b, density in blobs
        if max(b.w, b.h) <= 3.0 * em
        and density >= 0.2
        and b.w <= 4 * b.h
        and b.h <= 4 * b.w
        and not any(b.intersection(i.box) >= 0.5 * b.area for i in images)
    ]
    return images + icons


def _overlaps(rects: NDArray[np.int64], boxes: Sequence[Box]) -> NDArray[np.int64]:
    """The intersection area of each of `rects` (rows of x0, y0, x1, y1) with each of `boxes`."""
    if not boxes:
        return np.zeros((len(rects), 0), np.int64)
    b = np.array([[o.x, o.y, o.x2, o.y2] for o in boxes], np.int64)
    iw = np.minimum(rects[:, None, 2], b[None, :, 2]) - np.maximum(rects[:, None, 0], b[None, :, 0])
    ih = np.minimum(rects[:, None, 3], b[None, :, 3]) - np.maximum(rects[:, None, 1], b[None, :, 1])
    return np.asarray(np.clip(iw, 0, None) * np.clip(ih, 0, None), np.int64)
