"""Accordions: full-width header rows stacked one on another, each a label with a chevron at its end.

A header looks like a select (a wide box, its label at the left, a small chevron at the right end); what
tells a stack of headers from a form's selects is how they stack and where their chevrons point:
- headers of one x and width, each right on the one before (sharing a border), or with one open section
  between a header and the next;
- an open header's chevron points up (the closed ones' down), or down where the closed ones' point
  right; its section (anything) lies between it and the next header.
A stack of >= 3 headers, or of 2 with one open, is an accordion; its headers are buttons whose
`expanded` says whether their section is open. Selects in a form stand apart, labels between them, all
pointing down: they stay selects.

    elements, accordions = find_accordions(rgb, elements, body)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Literal

import numpy as np

from replicast.media.base import Rgb
from replicast.spec.models import rgb_of
from replicast.vision.base import Box
from replicast.vision.controls import ink_box
from replicast.vision.elements import DetectedElement
from replicast.vision.texts import BodyText

Direction = Literal["up", "down", "left", "right"]


@dataclass(frozen=True, slots=True)
class AccordionConfig:
    touch_em: float = 0.3
    """headers this close (em, at least 4 px) lie on one another."""
    max_section_em: float = 40.0
    """an open section between two headers is at most this tall, in em."""
    min_width_em: float = 10.0
    """a header is at least this wide, in em."""
    chevron_band_em: float = 2.5
    """the chevron lies within this many em of the header's right end."""


def find_accordions(
    image: Rgb, elements: Sequence[DetectedElement], body: BodyText, cfg: AccordionConfig | None = None
) -> tuple[list[DetectedElement], list[DetectedElement]]:
    """`elements` with the headers of each accordion turned into buttons (`expanded` set), and an
    "accordion" element around each stack."""
    cfg = cfg or AccordionConfig()
    em = body.em
    out = list(elements)
    heads = [
        i for i, e in enumerate(out) if e.role == "select" and e.text and e.box.w >= cfg.min_width_em * em
    ]
    pointing = {i: _chevron_direction(image, out[i], em, cfg) for i in heads}
    extra: list[DetectedElement] = []
    for stack in _stacks(out, heads):
        dirs = [pointing[i] for i in stack]
        open_ = [_open(d, dirs) for d in dirs]
        run = [0]
        for k in range(1, len(stack)):
            a, b = out[stack[run[-1]]].box, out[stack[k]].box
            gap = b.y - a.y2
            on = gap <= max(4.0, cfg.touch_em * em)
            below_open = open_[run[-1]] and 0 < gap <= cfg.max_section_em * em
            if on or below_open:
                run.append(k)
                continue
            extra.extend(_accordion(out, stack, run, open_))
            run = [k]
        extra.extend(_accordion(out, stack, run, open_))
    return out, extra


def _accordion(
    out: list[DetectedElement], stack: Sequence[int], run: Sequence[int], open_: Sequence[bool]
) -> list[DetectedElement]:
    """Turn the run's headers into buttons when they make an accordion; the accordion, or nothing."""
    if len(run) < 2 or (len(run) < 3 and not any(open_[k] for k in run)):
        return []
    for k in run:
        i = stack[k]
        out[i] = replace(out[i], role="button", expanded=open_[k], placeholder=None, value=None)
    whole = out[stack[run[0]]].box
    for k in run[1:]:
        whole = whole.union(out[stack[k]].box)
    return [DetectedElement("accordion", whole)]


def _stacks(elements: Sequence[DetectedElement], heads: Sequence[int]) -> list[list[int]]:
    """Headers grouped by their left edge and width, each group top to bottom."""
    groups: list[list[int]] = []
    for i in sorted(heads, key=lambda i: elements[i].box.y):
        b = elements[i].box
        for g in groups:
            c = elements[g[0]].box
            if abs(c.x - b.x) <= 4 and abs(c.w - b.w) <= 6:
                g.append(i)
                break
        else:
            groups.append([i])
    return [g for g in groups if len(g) >= 2]


def _open(d: Direction | None, dirs: Sequence[Direction | None]) -> bool:
    """Whether a header whose chevron points `d` is open, among headers pointing `dirs`."""
    return d == "up" or (d == "down" and "right" in dirs)


def _chevron_direction(image: Rgb, e: DetectedElement, em: float, cfg: AccordionConfig) -> Direction | None:
    """Where the chevron at a header's right end points: to the side its ink narrows towards."""
    b = e.box
    x0 = max(b.x + b.w // 2, b.x2 - round(cfg.chevron_band_em * em))
    fill = rgb_of(e.style.background) if e.style.background else None
    ink = ink_box(image, Box(x0, b.y, b.x2 - x0, b.h), fill, inset=3)
    if ink is None or fill is None or ink.w < 4 or ink.h < 3:
        return None
    patch = image[ink.y : ink.y2, ink.x : ink.x2].astype(np.int16)
    mask = np.abs(patch - np.asarray(fill, np.int16)).max(axis=2) > 40
    return _narrowing(mask)


def _spans(mask: np.ndarray) -> list[int]:
    """Per row of `mask`: the distance from its first to its last set pixel (0 for an empty row)."""
    out: list[int] = []
    for row in mask:
        xs = np.flatnonzero(row)
        out.append(int(xs[-1] - xs[0] + 1) if xs.size else 0)
    return out


def _narrowing(mask: np.ndarray) -> Direction | None:
    """The side a glyph narrows towards: a "v" is wide at its top and a point at its bottom (down)."""
    rows, cols = _spans(mask), _spans(mask.T)
    third_r, third_c = max(1, len(rows) // 3), max(1, len(cols) // 3)
    top, bottom = float(np.mean(rows[:third_r])), float(np.mean(rows[-third_r:]))
    left, right = float(np.mean(cols[:third_c])), float(np.mean(cols[-third_c:]))
    if mask.shape[1] >= mask.shape[0]:  # wider than tall: points up or down
        if top >= 1.6 * bottom + 1:
            return "down"
        if bottom >= 1.6 * top + 1:
            return "up"
        return None
    if left >= 1.6 * right + 1:
        return "right"
    if right >= 1.6 * left + 1:
        return "left"
    return None
