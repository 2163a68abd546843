"""Icons and images: the ink no text or control accounts for.

extra = graphics(rgb, elements, body)
"""

from __future__ import annotations

from collections.abc import Sequence

import cv2
import numpy as np

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
    n, _, stats, _ = cv2.connectedComponentsWithStats(edges, connectivity=8)
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
    blobs: list[tuple[Box, float]] = []
    for k in range(1, n):
        x, y, bw, bh, area = (int(v) for v in stats[k])
        if bw < 6 or bh < 6 or bw * bh >= 0.5 * w * h:
            continue
        b = Box(x, y, bw, bh)
        if any(b.intersection(t) >= 0.3 * b.area for t in taken):
            continue
        if any(b.intersection(t) >= 0.6 * b.area for t in badges):
            continue
        if any(b.iou(hb) >= 0.6 for hb in hosts):
            continue
        blobs.append((b, area / b.area))
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
