"""Design2Code-style comparison of text blocks: what the keyframe says where, against what the app says.

The keyframe's blocks are the spec's elements that carry text (OCR), with their box and `style.color`;
the app's come from its DOM (see `browser.TEXT_BLOCKS_JS`). Blocks are paired greedily by text
similarity (difflib ratio ≥ 0.5 on normalised words), as Design2Code (Si et al. 2024) does, and scored:

- block_match: characters in matched blocks / all characters, on both sides (unmatched text on either
  side lowers it: missing text and invented text alike);
- text: mean similarity of the matched pairs' texts;
- position: 1 - the larger of the centres' x and y distances over the viewport's width and height;
- colour: 1 - CIEDE2000 distance / 100 of the text colours (pairs where the spec has no colour skip it;
  None when none has one);
- score: block_match x mean(text, position, colour), so a page with no matching text scores 0.

    scores = compare_blocks(keyframe_blocks(screen), app_blocks, width=1280, height=720)
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

import numpy as np

from replicast.spec.models import FIELD_ROLES, Screen, rgb_of

_WORD = re.compile(r"\w+", re.UNICODE)
_MIN_RATIO = 0.5


@dataclass(frozen=True, slots=True)
class TextBlock:
    text: str
    bbox: tuple[float, float, float, float]
    """[x, y, w, h] in video px"""
    colour: tuple[int, int, int] | None


@dataclass(frozen=True, slots=True)
class BlockScores:
    block_match: float
    text: float
    position: float
    colour: float | None
    """None when no matched pair has a colour on both sides"""
    matched: int
    keyframe_blocks: int
    app_blocks: int

    @property
    def score(self) -> float:
        parts = [self.text, self.position] + ([] if self.colour is None else [self.colour])
        return self.block_match * sum(parts) / len(parts)


def words(text: str) -> list[str]:
    return _WORD.findall(unicodedata.normalize("NFKC", text).casefold())


def _norm(text: str) -> str:
    # words, or the raw text for word-less blocks such as password bullets
    return " ".join(words(text)) or " ".join(text.split())


def hex_colour(value: str | None) -> tuple[int, int, int] | None:
    if value is None or not re.fullmatch(r"#[0-9a-fA-F]{6}", value):
        return None
    return rgb_of(value)


def keyframe_blocks(screen: Screen | None) -> list[TextBlock]:
    """The screen's text as blocks: each element with text that no child element repeats.

    An input shows its value, else its placeholder (which OCR reads just the same)."""
    if screen is None:
        return []
    texts: dict[str, str] = {}
    for e in screen.elements:
        text = e.text or (e.value or e.placeholder if e.role in FIELD_ROLES else None)
        if text and text.strip():
            texts[e.id] = text
    parents_with_text = {e.parent for e in screen.elements if e.id in texts and e.parent in texts}
    blocks = []
    for e in screen.elements:
        if e.id not in texts or e.id in parents_with_text:
            continue
        x, y, w, h = e.bbox
        colour = hex_colour(e.style.color) if e.style is not None else None
        blocks.append(TextBlock(texts[e.id], (float(x), float(y), float(w), float(h)), colour))
    return blocks


def word_similarity(a: list[str], b: list[str]) -> float:
    """F1 of the two word multisets (1 when both are empty)."""
    if not a and not b:
        return 1.0
    inter = sum((Counter(a) & Counter(b)).values())
    return 2 * inter / (len(a) + len(b))


def word_recall(expected: list[str], got: list[str]) -> float:
    """Share of the expected words (as a multiset) that `got` has."""
    if not expected:
        return 1.0
    return sum((Counter(expected) & Counter(got)).values()) / len(expected)


def _lab(rgb: tuple[int, int, int]) -> tuple[float, float, float]:
    """sRGB (D65) → CIE L*a*b*."""
    c = np.array(rgb, dtype=np.float64) / 255
    c = np.where(c > 0.04045, ((c + 0.055) / 1.055) ** 2.4, c / 12.92)
    m = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]])
    xyz = m @ c / np.array([0.95047, 1.0, 1.08883])
    f = np.where(xyz > (6 / 29) ** 3, np.cbrt(xyz), xyz / (3 * (6 / 29) ** 2) + 4 / 29)
    return float(116 * f[1] - 16), float(500 * (f[0] - f[1])), float(200 * (f[1] - f[2]))


def ciede2000(rgb1: tuple[int, int, int], rgb2: tuple[int, int, int]) -> float:
    """CIEDE2000 colour difference (Sharma, Wu, Dalal 2005) of two sRGB colours; ~0..100+."""
    l1, a1, b1 = _lab(rgb1)
    l2, a2, b2 = _lab(rgb2)
    c_bar = (np.hypot(a1, b1) + np.hypot(a2, b2)) / 2
    g = 0.5 * (1 - np.sqrt(c_bar**7 / (c_bar**7 + 25.0**7)))
    a1p, a2p = (1 + g) * a1, (1 + g) * a2
    c1p, c2p = np.hypot(a1p, b1), np.hypot(a2p, b2)
    h1p = np.degrees(np.arctan2(b1, a1p)) % 360
    h2p = np.degrees(np.arctan2(b2, a2p)) % 360
    dl, dc = l2 - l1, c2p - c1p
    dh = h2p - h1p
    if c1p * c2p == 0:
        dh = 0.0
    elif dh > 180:
        dh -= 360
    elif dh < -180:
        dh += 360
    d_hh = 2 * np.sqrt(c1p * c2p) * np.sin(np.radians(dh / 2))
    l_bar, c_bar_p = (l1 + l2) / 2, (c1p + c2p) / 2
    h_sum = h1p + h2p
    if c1p * c2p == 0:
        h_bar = h_sum
    elif abs(h1p - h2p) <= 180:
        h_bar = h_sum / 2
    else:
        h_bar = (h_sum + 360) / 2 if h_sum < 360 else (h_sum - 360) / 2
    t = (
        1
        - 0.17 * np.cos(np.radians(h_bar - 30))
        + 0.24 * np.cos(np.radians(2 * h_bar))
        + 0.32 * np.cos(np.radians(3 * h_bar + 6))
        - 0.20 * np.cos(np.radians(4 * h_bar - 63))
    )
    sl = 1 + 0.015 * (l_bar - 50) ** 2 / np.sqrt(20 + (l_bar - 50) ** 2)
    sc = 1 + 0.045 * c_bar_p
    sh = 1 + 0.015 * c_bar_p * t
    rt = (
        -2
        * np.sqrt(c_bar_p**7 / (c_bar_p**7 + 25.0**7))
        * np.sin(np.radians(60 * np.exp(-(((h_bar - 275) / 25) ** 2))))
    )
    return float(np.sqrt((dl / sl) ** 2 + (dc / sc) ** 2 + (d_hh / sh) ** 2 + rt * (dc / sc) * (d_hh / sh)))


def _pairs(ref: list[TextBlock], app: list[TextBlock]) -> list[tuple[float, int, int]]:
    """Greedy one-to-one pairs (similarity, i, j), best first."""
    candidates = []
    app_norm = [_norm(b.text) for b in app]
    for i, r in enumerate(ref):
        rn = _norm(r.text)
        if not rn:
            continue
        for j, an in enumerate(app_norm):
            if not an:
                continue
            sm = difflib.SequenceMatcher(None, rn, an, autojunk=False)
            if sm.real_quick_ratio() < _MIN_RATIO or sm.quick_ratio() < _MIN_RATIO:
                continue
            ratio = sm.ratio()
            if ratio >= _MIN_RATIO:
                candidates.append((ratio, i, j))
    candidates.sort(key=lambda c: (-c[0], c[1], c[2]))
    used_i: set[int] = set()
    used_j: set[int] = set()
    pairs = []
    for ratio, i, j in candidates:
        if i not in used_i and j not in used_j:
            used_i.add(i)
            used_j.add(j)
            pairs.append((ratio, i, j))
    return pairs


def compare_blocks(ref: list[TextBlock], app: list[TextBlock], width: float, height: float) -> BlockScores:
    """Score the app's text blocks against the keyframe's; `width`/`height`: the viewport in video px."""
    ref = [b for b in ref if b.text.strip()]
    app = [b for b in app if b.text.strip()]
    if not ref and not app:
        return BlockScores(1.0, 1.0, 1.0, 1.0, 0, 0, 0)
    pairs = _pairs(ref, app)
    if not pairs:
        return BlockScores(0.0, 0.0, 0.0, 0.0, 0, len(ref), len(app))
    total = sum(len(b.text) for b in ref) + sum(len(b.text) for b in app)
    matched = sum(len(ref[i].text) + len(app[j].text) for _, i, j in pairs)
    positions, colours = [], []
    for _, i, j in pairs:
        r, a = ref[i], app[j]
        dx = abs((r.bbox[0] + r.bbox[2] / 2) - (a.bbox[0] + a.bbox[2] / 2)) / width
        dy = abs((r.bbox[1] + r.bbox[3] / 2) - (a.bbox[1] + a.bbox[3] / 2)) / height
        positions.append(1 - min(1.0, max(dx, dy)))
        if r.colour is not None and a.colour is not None:
            colours.append(max(0.0, 1 - ciede2000(r.colour, a.colour) / 100))
    return BlockScores(
        block_match=matched / total,
        text=float(np.mean([p[0] for p in pairs])),
        position=float(np.mean(positions)),
        colour=float(np.mean(colours)) if colours else None,
        matched=len(pairs),
        keyframe_blocks=len(ref),
        app_blocks=len(app),
    )
