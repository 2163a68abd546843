"""Parse the stable screens of a timeline into text lines and UI elements.

Spans that differ only by where the pointer rests form one screen state. OCR runs in full on the first
state and again only where the page changed since the reading it is compared with (basis.py: the previous
state, an earlier state it looks like, or the previous state scrolled), so a minute of video costs a few
full-screen reads. A state that looks just like an earlier one takes that one's lines and elements.

    states = parse_states(timeline, track, engines)
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from itertools import pairwise
from typing import Protocol

import cv2
import numpy as np

from replicast.media.base import Gray, Rgb
from replicast.media.held import Held, hold
from replicast.pipeline.basis import Seen, choose_basis
from replicast.pipeline.carets import shown_carets
from replicast.pipeline.changes import covered_area, expand, merge_boxes
from replicast.pipeline.pointer import PointerTrack, pointer_pixels
from replicast.pipeline.segment import StableSpan, Timeline
from replicast.vision.base import Box, TextLine, union_of
from replicast.vision.dialogs import Scrim, find_dialog, modal
from replicast.vision.elements import DetectedElement
from replicast.vision.textlines import clip_box

Detector = Callable[[Rgb, Sequence[TextLine]], list[DetectedElement]]


class ScreenReader(Protocol):
    """An OCR engine that can also read one region of an image cheaply."""

    def read(self, image: Rgb, *, text_px: float | None = None) -> list[TextLine]: ...

    def read_region(self, image: Rgb, box: Box) -> list[TextLine]: ...


@dataclass(frozen=True, slots=True)
class Engines:
    ocr: ScreenReader
    detect: Detector


@dataclass(frozen=True, slots=True)
class ParseConfig:
    full_read_share: float = 0.35
    """above this share of the screen changed, read the whole screen again."""
    pad: int = 6
    """px around a changed region read again, so a cut line is read whole."""
    merge_waste: float = 0.5
    """two overlapping regions are read as one box when at most this share of it lies outside both
    (else apart: a scrollbar's thumb beside a scrolled-in band must not make one screen-high box)."""


@dataclass(frozen=True, slots=True)
class ScreenState:
    """One distinct state of the page, seen in one or more consecutive stable spans."""

    index: int
    spans: tuple[int, ...]
    t_start: float
    t_end: float
    held_image: Held = field(repr=False, compare=False)
    held_luma: Held = field(repr=False, compare=False)
    lines: tuple[TextLine, ...]
    elements: tuple[DetectedElement, ...]
    changed: tuple[Box, ...]
    """regions that differ from the previous state."""

    @property
    def image(self) -> Rgb:
        """The keyframe without the pointer and the caret (read-only)."""
        return self.held_image.array()

    @property
    def luma(self) -> Gray:
        """The keyframe's full-range luma, pointer and caret included (read-only)."""
        return self.held_luma.array()

    @property
    def t(self) -> float:
        return self.t_start


def _ignore(_: int, __: int) -> None:
    return None


def group_spans(timeline: Timeline, track: PointerTrack) -> list[list[int]]:
    """Consecutive spans whose pages are the same (only the pointer moved) grouped together."""
    groups: list[list[int]] = [[0]] if timeline.spans else []
    for i, gap in enumerate(track.gaps):
        if gap.net:
            groups.append([i + 1])
        else:
            groups[-1].append(i + 1)
    return groups


def parse_states(
    timeline: Timeline,
    track: PointerTrack,
    engines: Engines,
    cfg: ParseConfig | None = None,
    on_step: Callable[[int, int], None] = _ignore,
) -> list[ScreenState]:
    """One ScreenState per group of spans; `on_step(done, total)` reports progress."""
    cfg = cfg or ParseConfig()
    groups = group_spans(timeline, track)
    states: list[ScreenState] = []
    seen: list[Seen] = []
    text_px: float | None = None  # the smallest text read so far: the detector may look at less
    under: Rgb | None = None  # the page as it was before the dialog now open dimmed it
    was: Box | None = None  # where the pointer rested in the previous state's keyframe
    for n, group in enumerate(groups):
        span = _clearest(timeline, track, group)
        image = clean_image(timeline, track, group, span)
        changed: list[Box] = []
        now = Seen.of(image)
        if n == 0:
            lines = list(engines.ocr.read(image))
            elements = engines.detect(image, lines)
        else:
            changed = _changed_since(timeline, track, group[0])
            basis = choose_basis(seen, now, changed, cfg.pad)
            if basis.elements is not None:
                lines, elements = list(basis.lines), list(basis.elements)
            else:
                lines = reread(engines.ocr, image, list(basis.lines), list(basis.changed), cfg, text_px)
                if (pointer := track.at(span.index)) is not None:
                    lines = kept_under_pointer(lines, seen[-1], was, now.grey, pointer)
                elements = engines.detect(image, lines)
        seen.append(replace(now, lines=tuple(lines), elements=tuple(elements)))
        was = track.at(span.index)
        text_px = min((px for px in (text_px, smallest_text(lines, image.shape[0])) if px), default=None)
        scrim, under = _dialog(states[-1].image if states else None, under, image)
        if scrim is not None:
            elements = modal(elements, scrim)
        first, last = timeline.spans[group[0]], timeline.spans[group[-1]]
        states.append(
            ScreenState(
                index=n,
                spans=tuple(group),
                t_start=first.t_start,
                t_end=last.t_end,
                held_image=hold(image),
                held_luma=span.held_luma,
                lines=tuple(lines),
                elements=tuple(elements),
                changed=tuple(changed),
            )
        )
        on_step(n + 1, len(groups))
    return states


def _dialog(previous: Rgb | None, under: Rgb | None, image: Rgb) -> tuple[Scrim | None, Rgb | None]:
    """The dialog open in `image` over a dimmed page, and the page it dims: the page seen before a
    dialog opened (`under`) while that dialog stays, else the previous state's image."""
    if under is not None:
        scrim = find_dialog(under, image)
        if scrim is not None:
            return scrim, under
    if previous is None:
        return None, None
    scrim = find_dialog(previous, image)
    return scrim, previous if scrim is not None else None


def _clearest(timeline: Timeline, track: PointerTrack, group: list[int]) -> StableSpan:
    """The span of the group that lasted longest: its keyframe is the settled state."""
    del track
    return max((timeline.spans[i] for i in group), key=lambda s: s.t_end - s.t_start)


def clean_image(timeline: Timeline, track: PointerTrack, group: list[int], span: StableSpan) -> Rgb:
    """The span's keyframe without the pointer and the text caret, which OCR would read as letters.

    The pointer's patch is taken from another span of the same state where the pointer was elsewhere,
    or of another state that looks the same around it; failing that, the pointer's own pixels (its
    learned look, else its whole box) and the caret are painted over from their surroundings.
    """
    image = span.rgb.copy()
    h, w = image.shape[:2]
    mask = np.zeros((h, w), np.uint8)
    pointer = track.at(span.index)
    if pointer is not None:
        box = expand(pointer, 2, w, h)
        donor = next(
            (
                timeline.spans[i]
                for i in group
                if (r := track.at(i)) is not None and not expand(r, 2, w, h).intersection(box)
            ),
            None,
        ) or _donor_elsewhere(timeline, track, span, box)
        if donor is not None:
            image[box.y : box.y2, box.x : box.x2] = donor.rgb[box.y : box.y2, box.x : box.x2]
        elif (shape := pointer_pixels(track, span.luma, box)) is not None:
            # only the pointer's own pixels (and a fringe): the text it rests on keeps the rest of its ink
            mask |= np.asarray(cv2.dilate(shape.astype(np.uint8), np.ones((3, 3), np.uint8)), np.uint8)
        else:
            mask[box.y : box.y2, box.x : box.x2] = 1
    for c in shown_carets(timeline, track, span):
        b = expand(c, 1, w, h)
        mask[b.y : b.y2, b.x : b.x2] = 1
    if mask.any():
        return np.asarray(cv2.inpaint(image, mask, 3, cv2.INPAINT_TELEA), dtype=np.uint8)
    return image


DONOR_SEARCH = 24
"""How many spans around a keyframe (nearest in time first) may lend the pixels under its pointer."""
_RING_PX = 4


def _donor_elsewhere(
    timeline: Timeline, track: PointerTrack, span: StableSpan, box: Box
) -> StableSpan | None:
    """A span of another state where the pointer was elsewhere and the pixels around `box` are as in
    `span`: what lies under the pointer then was most likely what lies under it now (a link the pointer
    rested on since before the page changed elsewhere, a field's text it hovered over while typing). A
    change under the pointer that reaches past it (more text typed) shows in the ring and disqualifies."""
    h, w = span.rgb.shape[:2]
    ring = expand(box, _RING_PX, w, h)
    here = span.rgb[ring.y : ring.y2, ring.x : ring.x2].astype(np.int16)
    inner = np.zeros(here.shape[:2], bool)
    inner[box.y - ring.y : box.y2 - ring.y, box.x - ring.x : box.x2 - ring.x] = True
    others = sorted(
        (s for s in timeline.spans if s.index != span.index),
        key=lambda s: abs(s.t_start - span.t_start),
    )[:DONOR_SEARCH]
    for other in others:
        r = track.at(other.index)
        if r is None or expand(r, 2, w, h).intersection(ring):
            continue
        diff = np.abs(other.rgb[ring.y : ring.y2, ring.x : ring.x2].astype(np.int16) - here).max(axis=2)
        if int(diff[~inner].max(initial=0)) <= 24 and float(diff[~inner].mean()) <= 2.0:
            return other
    return None


def _changed_since(timeline: Timeline, track: PointerTrack, span: int) -> list[Box]:
    """Page regions that differ between the previous state's last span and this span."""
    del timeline
    return list(track.gaps[span - 1].net)


def smallest_text(lines: Sequence[TextLine], height: int) -> float | None:
    """The height (px) of the smallest text among `lines` of a screen `height` px tall: the 10th
    percentile of the heights of lines of three letters or digits or more, away from the top and bottom
    edges (a line the screen's edge cuts, or a lone symbol, tells nothing of the text's size); None with
    fewer than `_SIZED_LINES` such lines."""
    heights = [
        t.box.h
        for t in lines
        if sum(c.isalnum() for c in t.text) >= 3 and t.box.y > 2 and t.box.y2 < height - 2
    ]
    if len(heights) < _SIZED_LINES:
        return None
    return float(np.percentile(heights, 10))


_SIZED_LINES = 5


def reread(
    ocr: ScreenReader,
    image: Rgb,
    lines: list[TextLine],
    changed: list[Box],
    cfg: ParseConfig,
    text_px: float | None = None,
) -> list[TextLine]:
    """`lines` (read from an image like `image`) with those `changed` touches read again from `image`:
    each region, `cfg.pad` px around it and grown over the lines it cuts, is read on its own, unless
    they cover more than `cfg.full_read_share` of the image (then the whole image is read). Raises
    EngineError."""
    h, w = image.shape[:2]
    regions = [expand(b, cfg.pad, w, h) for b in changed]
    if covered_area(regions, w, h) > cfg.full_read_share * w * h:
        return list(ocr.read(image, text_px=text_px))
    # a line touched by a change is read again whole: widen each region over the lines it cuts, and
    # over a line it continues on the same row (text typed or shown at a line's end or start)
    grown = True
    while grown:
        grown = False
        for i in range(len(regions)):
            for line in lines:
                b = line.box
                reach = Box(b.x - b.h, b.y, b.w + 2 * b.h, b.h)
                if reach.intersection(regions[i]) and not _inside(line.box, regions[i]):
                    regions[i] = regions[i].union(expand(line.box, 2, w, h))
                    grown = True
        regions = merge_boxes(regions, waste=cfg.merge_waste)
    kept = [ln for ln in lines if not any(ln.box.intersection(r) for r in regions)]
    fresh: list[TextLine] = []
    for i, r in enumerate(regions):
        # a line whose centre lies where regions overlap was read with the first of them
        earlier = regions[:i]
        fresh.extend(
            t
            for t in ocr.read_region(image, r)
            if not any(e.contains_point(t.box.cx, t.box.cy) for e in earlier)
        )
    return sorted([*kept, *fresh], key=lambda ln: (ln.box.y, ln.box.x))


def kept_under_pointer(
    lines: list[TextLine], before: Seen, was: Box | None, grey: Gray, pointer: Box
) -> list[TextLine]:
    """`lines` with each line the resting pointer covers part of read as the state `before` read it
    (the pointer then at `was`, elsewhere), where that line's ink outside the pointer is the same: a
    line under the pointer is read with the pointer painted out, which loses the strokes it hid
    ('temp_c' as 'temn_c', or a line broken in two where the pointer was), while the earlier reading
    saw them all. The ink is what stands out from the line's own background, so a link that the
    hovering pointer recoloured or underlined is still the same line. A line broken in two under the
    pointer is mended from the earlier reading where that reads the same on either side (`_mended`)."""
    h, w = grey.shape
    hidden = expand(pointer, 3, w, h)
    away = expand(was, 3, w, h) if was is not None else None
    gone: set[int] = set()
    kept: list[TextLine] = []
    for old in before.lines:
        if not old.box.intersection(hidden) or (away is not None and away.intersection(old.box)):
            continue
        around = expand(old.box, 2, w, h)
        parts = [
            k for k, t in enumerate(lines) if k not in gone and around.intersection(t.box) >= 0.8 * t.box.area
        ]
        # none read there: the pointer hid so much of a short line that nothing was read ("Login"), unless
        # a line read now runs over it (read with more around it: no line to add)
        if not parts and any(t.box.intersection(old.box) for t in lines):
            continue
        if parts and not any(lines[k].box.intersection(hidden) for k in parts):
            continue
        if " ".join(lines[k].text for k in parts) == old.text:
            continue
        box = union_of([old.box, *(lines[k].box for k in parts)])
        if _same_ink(before.grey, grey, box, hidden):
            gone.update(parts)
            kept.append(old)
    out = [t for k, t in enumerate(lines) if k not in gone] + kept
    return _mended(sorted(out, key=lambda t: (t.box.y, t.box.x)), before.lines, hidden)


def _mended(lines: list[TextLine], earlier: Sequence[TextLine], hidden: Box) -> list[TextLine]:
    """`lines` with a line the pointer (`hidden`) broke in two read as before: two lines side by side
    with the pointer in the gap between them, where the lines read earlier along that stretch, joined,
    begin with the left one and end with the right one, with letters between that the pointer hid. This
    holds where the ink does not (a filter set bold by the click that left the pointer on it) and where
    the lines were grouped otherwise ("All", "Active Completed" read as "All Active Com", "ted")."""
    row = sorted((t for t in lines if t.box.y < hidden.y2 and hidden.y < t.box.y2), key=lambda t: t.box.x)
    for left, right in pairwise(row):
        if not (left.box.x2 < hidden.x2 and hidden.x < right.box.x):  # the gap does not meet the pointer
            continue
        if min(left.box.y2, right.box.y2) - max(left.box.y, right.box.y) < 0.5 * min(left.box.h, right.box.h):
            continue  # not one row
        # the earlier reading may stand a little wider: the same words in a lighter weight
        span = left.box.union(right.box).grown(max(2, left.box.h // 4))
        olds = sorted((o for o in earlier if _inside(o.box, span)), key=lambda t: t.box.x)
        text = " ".join(o.text for o in olds)
        if (
            text.startswith(left.text)
            and text.endswith(right.text)
            and len(left.text) + len(right.text) < len(text)
        ):
            return sorted(
                [t for t in lines if t is not left and t is not right] + olds,
                key=lambda t: (t.box.y, t.box.x),
            )
        whole = _hidden_word(left, right, [o for o in earlier if o.box.y < span.y2 and span.y < o.box.y2])
        if whole is not None:
            # the earlier line ran on past the parts ("Active Completed" now "Active", "Com", "ted", the
            # selected filter set apart): the word the two parts begin and end
            return sorted(
                [t for t in lines if t is not left and t is not right] + [whole],
                key=lambda t: (t.box.y, t.box.x),
            )
    return lines


def _hidden_word(left: TextLine, right: TextLine, row: Sequence[TextLine]) -> TextLine | None:
    """The words an earlier line of the row (`row`) read where `left` and `right` now stand apart with
    the pointer between them: a run of its text from a word beginning with `left`'s text to a word
    ending with `right`'s, with about as many letters between as the gap between the parts holds."""
    over = [o for o in row if o.box.x < right.box.x2 and left.box.x < o.box.x2]
    text = " ".join(o.text for o in sorted(over, key=lambda o: o.box.x))
    per_letter = left.box.w / max(1, len(left.text))
    hid = (right.box.x - left.box.x2) / per_letter
    starts = (k for k in range(len(text)) if text.startswith(left.text, k) and (k == 0 or text[k - 1] == " "))
    for i in starts:
        j = text.find(right.text, i + len(left.text) + 1)
        end = j + len(right.text)
        if j < 0 or (end < len(text) and text[end] != " "):
            continue
        if abs((j - i - len(left.text)) - hid) <= max(2.0, 0.5 * hid):
            # as tall as the earlier line stood there: the hidden letters may have reached higher or
            # lower than the parts' ('Com', 'ted' lack the p of 'Completed')
            box = left.box.union(right.box)
            for o in over:
                box = box.union(Box(box.x, o.box.y, box.w, o.box.h))
            return TextLine(text[i:end], box, min(left.score, right.score))
    return None


def _same_ink(a: Gray, b: Gray, box: Box, hidden: Box) -> bool:
    """Whether `a` and `b` show the same ink in `box` outside `hidden` (80 % of it in both; the box's
    lowest rows, where a hover underline appears, left out)."""
    h, w = a.shape
    region = clip_box(box, w, h)
    if region is None:
        return False
    rows = slice(region.y, region.y2 - max(1, region.h // 6))
    cols = slice(region.x, region.x2)
    keep = np.ones((rows.stop - rows.start, region.w), bool)
    hy0, hy1 = max(hidden.y, rows.start) - rows.start, min(hidden.y2, rows.stop) - rows.start
    hx0, hx1 = max(hidden.x, region.x) - region.x, min(hidden.x2, region.x2) - region.x
    if hy1 > hy0 and hx1 > hx0:
        keep[hy0:hy1, hx0:hx1] = False
    inks = []
    for g in (a, b):
        patch = g[rows, cols].astype(np.int16)
        inks.append((np.abs(patch - int(np.median(patch))) > _INK_LEVELS) & keep)
    both, either = int((inks[0] & inks[1]).sum()), int((inks[0] | inks[1]).sum())
    return either >= _MIN_INK_PX and both >= 0.8 * either


_INK_LEVELS = 48
"""grey levels from the line's background (its median) at which a pixel is ink."""
_MIN_INK_PX = 20


def _inside(a: Box, b: Box) -> bool:
    return a.x >= b.x and a.y >= b.y and a.x2 <= b.x2 and a.y2 <= b.y2
