"""Synthetic UI pictures for the metric tests, drawn with OpenCV (RGB)."""

from __future__ import annotations

import cv2
import numpy as np

from replicast.selfcheck.visual import Rgb


def page(
    lines: tuple[str, ...] = ("Harbor tasks", "Two things left to do", "Water the plants"),
    background: tuple[int, int, int] = (248, 250, 252),
    ink: tuple[int, int, int] = (17, 24, 39),
    size: tuple[int, int] = (640, 360),
) -> Rgb:
    """A page of text lines and a button."""
    w, h = size
    img = np.empty((h, w, 3), np.uint8)
    img[...] = background
    for i, line in enumerate(lines):
        cv2.putText(img, line, (40, 60 + 40 * i), cv2.FONT_HERSHEY_SIMPLEX, 0.8, ink, 2, cv2.LINE_AA)
    cv2.rectangle(img, (40, 220), (220, 264), (37, 99, 235), -1)
    cv2.putText(img, "Open", (90, 250), cv2.FONT_HERSHEY_SIMPLEX, 0.8, (255, 255, 255), 2, cv2.LINE_AA)
    return img


def flat(colour: tuple[int, int, int], size: tuple[int, int] = (640, 360)) -> Rgb:
    img = np.empty((size[1], size[0], 3), np.uint8)
    img[...] = colour
    return img
