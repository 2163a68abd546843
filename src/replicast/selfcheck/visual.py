"""Pixel-level comparison of a video keyframe with the app's screenshot.

SSIM (Wang et al. 2004, Gaussian window) on the grey images, and colour-histogram similarity: the earth
mover's distance between the colour histograms in CIELAB, tolerant of the small shifts video compression
makes. Each is also normalised against a flat page in the keyframe's dominant colour, so that a blank
page scores 0 and the keyframe itself 1. Plus a change test and a difference overlay for the report.
Images are RGB uint8 arrays (H, W, 3). Pure.

    scores = visual_scores(keyframe, screenshot)     # VisualScores(ssim=0.93, ssim_norm=0.81, ...)
    picture, share = diff_overlay(keyframe, screenshot, width=640)
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np
import numpy.typing as npt

Rgb = npt.NDArray[np.uint8]
Grey = npt.NDArray[np.float64]

SSIM_WIDTH = 400
"""SSIM is computed at this width: the structure of a UI survives it, anti-aliasing noise does not"""
_C1 = (0.01 * 255) ** 2
_C2 = (0.03 * 255) ** 2
_BINS = 8  # per channel: 512 colour bins
_HIST_SIZE = (160, 90)
_MIN_BIN_SHARE = 0.002
_TOLERANCE_DE = 3.0
_COLOUR_SCALE_DE = 60.0
"""the distance at which colours count as wholly different (a light theme against a dark one)"""


@dataclass(frozen=True, slots=True)
class VisualScores:
    ssim: float
    ssim_norm: float
    """(ssim - ssim of a flat page) / (1 - that), clipped to 0..1"""
    colour: float
    """colour-histogram similarity: 1 - earth mover's distance / 60 ΔE"""
    colour_norm: float

    @property
    def score(self) -> float:
        return 0.5 * self.ssim_norm + 0.5 * self.colour_norm


def fit(image: Rgb, size: tuple[int, int]) -> Rgb:
    """`image` at (width, height), resized only when it differs."""
    if (image.shape[1], image.shape[0]) == size:
        return image
    interp = cv2.INTER_AREA if image.shape[1] > size[0] else cv2.INTER_LINEAR
    return np.asarray(cv2.resize(image, size, interpolation=interp), dtype=np.uint8)


def _grey(image: Rgb, width: int = SSIM_WIDTH) -> Grey:
    h, w = image.shape[:2]
    small = fit(image, (width, max(1, round(h * width / w))))
    return np.asarray(cv2.cvtColor(small, cv2.COLOR_RGB2GRAY), dtype=np.float64)


def _blur(a: Grey) -> Grey:
    return np.asarray(cv2.GaussianBlur(a, (11, 11), 1.5), dtype=np.float64)


def ssim(x: Grey, y: Grey) -> float:
    """Mean structural similarity of two grey images of one size."""
    mx, my = _blur(x), _blur(y)
    sxx = _blur(x * x) - mx * mx
    syy = _blur(y * y) - my * my
    sxy = _blur(x * y) - mx * my
    m = ((2 * mx * my + _C1) * (2 * sxy + _C2)) / ((mx * mx + my * my + _C1) * (sxx + syy + _C2))
    return float(m.mean())


def colour_signature(image: Rgb) -> npt.NDArray[np.float32]:
    """The image's colour histogram as a signature for the earth mover's distance: one row per 8x8x8
    RGB bin holding at least 0.2 % of the pixels, (weight, L*, a*, b*) with the bin's mean colour."""
    small = fit(image, _HIST_SIZE)
    lab = cv2.cvtColor(small.astype(np.float32) / 255, cv2.COLOR_RGB2LAB).reshape(-1, 3)
    q = small.reshape(-1, 3).astype(np.int64) * _BINS // 256
    idx = (q[:, 0] * _BINS + q[:, 1]) * _BINS + q[:, 2]
    counts = np.bincount(idx, minlength=_BINS**3).astype(np.float64)
    sums = np.stack([np.bincount(idx, weights=lab[:, c], minlength=_BINS**3) for c in range(3)], axis=1)
    keep = counts / counts.sum() >= _MIN_BIN_SHARE
    if not keep.any():  # a picture of noise: every colour is rare, keep them all
        keep = counts > 0
    weights = counts[keep] / counts[keep].sum()
    return np.hstack([weights[:, None], sums[keep] / counts[keep, None]]).astype(np.float32)


def colour_distance(a: npt.NDArray[np.float32], b: npt.NDArray[np.float32]) -> float:
    """Earth mover's distance (Rubner et al. 2000) between two colour signatures, in CIELAB ΔE, where
    moving a colour by less than `_TOLERANCE_DE` is free (video compression shifts colours that much)."""
    ground = np.linalg.norm(a[:, None, 1:] - b[None, :, 1:], axis=2) - _TOLERANCE_DE
    cost = np.maximum(ground, 0).astype(np.float32)
    distance, _, _ = cv2.EMD(
        np.ascontiguousarray(a[:, :1]), np.ascontiguousarray(b[:, :1]), cv2.DIST_USER, cost
    )
    return float(distance)


def colour_similarity(a: Rgb, b: Rgb) -> float:
    """1 - colour_distance / `_COLOUR_SCALE_DE`, clipped to 0..1."""
    return max(0.0, 1.0 - colour_distance(colour_signature(a), colour_signature(b)) / _COLOUR_SCALE_DE)


def dominant_colour(image: Rgb) -> tuple[int, int, int]:
    """The most common colour of `image` (sampled small)."""
    small = fit(image, _HIST_SIZE).reshape(-1, 3)
    colours, counts = np.unique(small, axis=0, return_counts=True)
    r, g, b = (int(v) for v in colours[counts.argmax()])
    return r, g, b


def _normalise(value: float, base: float) -> float:
    if base >= 0.999:
        return 1.0 if value >= 0.999 else 0.0
    return max(0.0, min(1.0, (value - base) / (1.0 - base)))


def visual_scores(keyframe: Rgb, app: Rgb) -> VisualScores:
    """Compare the app's screenshot with the keyframe (the screenshot is resized to it if needed)."""
    h, w = keyframe.shape[:2]
    app = fit(app, (w, h))
    flat = np.empty_like(keyframe)
    flat[...] = dominant_colour(keyframe)
    gk, ga, gf = _grey(keyframe), _grey(app), _grey(flat)
    s, s0 = ssim(gk, ga), ssim(gk, gf)
    sig = colour_signature(keyframe)
    d = colour_distance(sig, colour_signature(app))
    d0 = colour_distance(sig, colour_signature(flat))
    c, c0 = max(0.0, 1 - d / _COLOUR_SCALE_DE), max(0.0, 1 - d0 / _COLOUR_SCALE_DE)
    return VisualScores(ssim=s, ssim_norm=_normalise(s, s0), colour=c, colour_norm=_normalise(c, c0))


def changed(a: Rgb, b: Rgb, threshold: int = 16, share: float = 0.0002) -> bool:
    """A visible change: more than `share` of the pixels differ by more than `threshold` grey levels."""
    if a.shape != b.shape:
        return True
    ga = cv2.cvtColor(a, cv2.COLOR_RGB2GRAY).astype(np.int16)
    gb = cv2.cvtColor(b, cv2.COLOR_RGB2GRAY).astype(np.int16)
    return float((np.abs(ga - gb) > threshold).mean()) > share


_HIGHLIGHT = np.array([226, 0, 116], dtype=np.float64)  # magenta: reads on light and dark UIs alike
_MILD = np.array([255, 190, 40], dtype=np.float64)  # amber: the same thing in a slightly other colour


def diff_overlay(keyframe: Rgb, app: Rgb, width: int, threshold: int = 40) -> tuple[Rgb, float]:
    """The app's screenshot washed out, with the regions that differ from the keyframe tinted magenta
    and boxed, and those that differ only slightly in colour (more than a quarter of `threshold`) tinted
    amber; plus the share of the picture that differs (magenta). Both are scaled to `width` first."""
    h, w = keyframe.shape[:2]
    size = (width, max(1, round(h * width / w)))
    k, a = fit(keyframe, size), fit(fit(app, (w, h)), size)
    # blurred first: a glyph drawn one pixel off is not a difference worth showing
    bk = cv2.GaussianBlur(k, (5, 5), 0).astype(np.int16)
    ba = cv2.GaussianBlur(a, (5, 5), 0).astype(np.int16)
    gap = np.abs(bk - ba).max(axis=2)
    mask = (gap > threshold).astype(np.uint8)
    mask = cv2.morphologyEx(mask, cv2.MORPH_OPEN, np.ones((2, 2), np.uint8))
    mild = (gap > threshold // 4) & ~mask.astype(bool)
    share = float(mask.mean())
    out = a.astype(np.float64) * 0.35 + 255 * 0.65
    out[mild] = out[mild] * 0.6 + _MILD * 0.4
    hit = mask.astype(bool)
    out[hit] = out[hit] * 0.25 + _HIGHLIGHT * 0.75
    picture = np.ascontiguousarray(out.clip(0, 255).astype(np.uint8))
    grown = cv2.dilate(mask, np.ones((9, 9), np.uint8))
    contours, _ = cv2.findContours(grown, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    for c in contours:
        x, y, bw, bh = cv2.boundingRect(c)
        if bw * bh >= 48:
            cv2.rectangle(picture, (x, y), (x + bw - 1, y + bh - 1), (176, 0, 90), 2)
    return picture, share
