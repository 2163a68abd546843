"""Lines of running text that wrapped in one paragraph become one text element.

OCR reads a paragraph line by line, but a page writes it as one element whose text the browser wrapped:
the generated app should hold the paragraph as one text too (one `<p>`, its lines kept where the
recording broke them), or its text blocks and its semantics differ from the page's.

    texts = join_paragraphs(texts)      # text elements in reading order, wrapped lines merged

Two lines are one paragraph when they look alike (role text, same size, weight and colour), start at the
same x (or share their centre), follow at a line pitch of 1-1.9 em, and the upper one is full: at least
`MIN_FULL_EM` wide and not much shorter than the paragraph's longest line, since a browser breaks a line
only where the next word no longer fits, and no marker (bullet, icon, checkbox) precedes the lower one.
Short lines stacked at a tight pitch (a nav menu, a list) stay apart.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from replicast.spec.models import rgb_of
from replicast.vision.base import Box
from replicast.vision.elements import DetectedElement
from replicast.vision.style import distance

PITCH_EM = (1.0, 1.9)
"""Baseline-to-baseline distance of wrapped lines, in font sizes: CSS line heights run 1.15-1.8."""
MIN_FULL_EM = 20.0
"""A line that wrapped is at least this wide (in font sizes): running text is set 45-75 characters
(about 22-37 em) wide; list items and menu entries are mostly shorter."""
MARKER_GAP_EM = 2.5
"""An icon, image or box ending this close (in font sizes) left of a line marks it as a list item of
its own (a bullet, a check mark, a checkbox), never a wrapped continuation."""
FULL_SHARE = 0.75
"""...and at least this share of the paragraph's longest line."""
ALIGN_EM = 0.5
"""Left edges (or centres) of lines in one paragraph agree within this (in font sizes)."""
SIZE_TOLERANCE = 0.15
COLOUR_TOLERANCE = 40.0


def _size(e: DetectedElement) -> float:
    return e.style.font_size or e.box.h / 1.2


def _alike(a: DetectedElement, b: DetectedElement) -> bool:
    sa, sb = a.style, b.style
    if a.role != "text" or b.role != "text" or sa.font_weight != sb.font_weight:
        return False
    if sa.underline or sb.underline:
        return False
    if abs(_size(a) - _size(b)) > SIZE_TOLERANCE * max(_size(a), _size(b)):
        return False
    if (sa.color is None) != (sb.color is None):
        return False
    return (
        sa.color is None
        or sb.color is None
        or distance(rgb_of(sa.color), rgb_of(sb.color)) <= COLOUR_TOLERANCE
    )


def _marked(line: DetectedElement, others: Sequence[DetectedElement]) -> bool:
    """Whether a non-text element (bullet, icon, checkbox) sits just left of `line`, on its row."""
    reach = MARKER_GAP_EM * _size(line)
    return any(
        o.role not in ("text", "heading", "link")
        and line.box.x - reach <= o.box.x2 <= line.box.x + 2
        and o.box.y < line.box.y2
        and line.box.y < o.box.y2
        for o in others
    )


def _follows(
    block: Sequence[DetectedElement], line: DetectedElement, others: Sequence[DetectedElement]
) -> bool:
    """Whether `line` continues the paragraph `block` (its lines top to bottom)."""
    last = block[-1]
    if not _alike(last, line) or _marked(line, others):
        return False
    em = _size(last)
    pitch = line.box.y - last.box.y
    if not PITCH_EM[0] * em <= pitch <= PITCH_EM[1] * em or line.box.y < last.box.y2 - 0.25 * em:
        return False
    left = abs(line.box.x - block[0].box.x) <= ALIGN_EM * em
    centred = abs(line.box.cx - block[0].box.cx) <= ALIGN_EM * em
    if not (left or centred):
        return False
    longest = max(e.box.w for e in (*block, line))
    return all(e.box.w >= MIN_FULL_EM * em and e.box.w >= FULL_SHARE * longest for e in block)


def _merge(block: Sequence[DetectedElement]) -> DetectedElement:
    first = block[0]
    union = first.box
    for e in block[1:]:
        union = union.union(e.box)
    pitch = (block[-1].box.y - first.box.y) / (len(block) - 1)
    # each line's box is its inline box; a line box of `pitch` centres it (CSS half-leading)
    half = max(0, round((pitch - first.box.h) / 2))
    box = Box(union.x, union.y - half, union.w, max(union.h, round(pitch * len(block))))
    return replace(
        first,
        box=box,
        text="\n".join(e.text or "" for e in block),
        style=replace(first.style, line_height=round(pitch, 1)),
        score=min(e.score for e in block),
    )


def join_paragraphs(elements: Sequence[DetectedElement]) -> list[DetectedElement]:
    """`elements` with each run of wrapped text lines replaced by one multi-line text element (text joined
    by newlines, box the union, `style.line_height` the line pitch). Other elements pass unchanged."""
    ordered = sorted(elements, key=lambda e: (e.box.y, e.box.x))
    blocks: list[list[DetectedElement]] = []
    open_blocks: list[list[DetectedElement]] = []
    for e in ordered:
        host = next((b for b in open_blocks if _follows(b, e, ordered)), None) if e.role == "text" else None
        if host is not None:
            host.append(e)
            continue
        block = [e]
        blocks.append(block)
        if e.role == "text":
            open_blocks.append(block)
    return [b[0] if len(b) == 1 else _merge(b) for b in blocks]
