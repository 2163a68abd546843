"""Scrolled pages: the states a recording scrolled through, stitched into one page image and parsed.

Consecutive states joined by scroll events are views of one page when `stitch` lines them up; the page
is then read (OCR and element detection) as one image, as tall and as wide as the recording scrolled,
so what the generated screen draws is all that the recording scrolled past, and each view keeps its
viewport position (`offsets`).

    pages = scrolled_pages(states, behaviour, engines)
    pages[0].states                        # (2, 3, 4)
    pages[0].offsets                       # (Offset(0, 0), Offset(0, 360), Offset(0, 610))
    pages[0].image                         # the page, header and footer once
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from replicast.media.base import Rgb
from replicast.media.held import Held, hold
from replicast.pipeline.behaviour import Behaviour
from replicast.pipeline.parse import Engines, ParseConfig, ScreenReader, ScreenState, reread
from replicast.pipeline.stitch import Offset, ShiftConfig, stitch
from replicast.vision.base import Box, TextLine
from replicast.vision.elements import DetectedElement

FIXED_SHARE = 0.02
"""a page whose scroll left more of its width (a sidebar beside a scroll down) or of its height (a top
bar above a scroll sideways) than this fixed is not stitched."""


@dataclass(frozen=True, slots=True)
class ScrolledPage:
    index: int
    states: tuple[int, ...]
    """the states that show it, in time order."""
    offsets: tuple[Offset, ...]
    """per state: the page position of its viewport's top-left corner."""
    header: int
    footer: int
    held_image: Held = field(repr=False, compare=False)
    left: int = 0
    right: int = 0
    lines: tuple[TextLine, ...] = ()
    elements: tuple[DetectedElement, ...] = ()

    @property
    def image(self) -> Rgb:
        """The stitched page (read-only)."""
        return self.held_image.array()

    @property
    def height(self) -> int:
        return int(self.held_image.shape[0])

    @property
    def width(self) -> int:
        return int(self.held_image.shape[1])


def scroll_runs(states: Sequence[ScreenState], behaviour: Behaviour) -> list[tuple[int, ...]]:
    """Runs of two or more consecutive states, each reached from the one before by a scroll."""
    scrolls = {
        (c.before, c.after)
        for c in behaviour.changes
        if c.event < len(behaviour.events) and behaviour.events[c.event].type == "scroll"
    }
    runs: list[tuple[int, ...]] = []
    run: list[int] = []
    for s in states:
        if run and (run[-1], s.index) in scrolls:
            run.append(s.index)
            continue
        if len(run) >= 2:
            runs.append(tuple(run))
        run = [s.index]
    if len(run) >= 2:
        runs.append(tuple(run))
    return runs


def stitch_pages(
    states: Sequence[ScreenState], behaviour: Behaviour, cfg: ShiftConfig | None = None
) -> list[ScrolledPage]:
    """The pages of the scroll runs whose states line up (a state that does not is left out; a run
    with fewer than two that do makes no page). Not yet parsed."""
    pages: list[ScrolledPage] = []
    for run in scroll_runs(states, behaviour):
        found = stitch([states[i].image for i in run], cfg=cfg)
        kept = [(i, o) for i, o in zip(run, found.offsets, strict=True) if o is not None]
        if len(kept) < 2 or len({o for _, o in kept}) < 2:
            continue
        h, w = states[run[0]].image.shape[:2]
        if found.fixed_cols > FIXED_SHARE * w or found.fixed_rows > FIXED_SHARE * h:
            # a fixed sidebar beside the scrolled content (or a top bar above a sideways scroll):
            # pasted along the page it would repeat, and a page drawn in one flow has no place that
            # stays put
            continue
        pages.append(
            ScrolledPage(
                index=len(pages),
                states=tuple(i for i, _ in kept),
                offsets=tuple(o for _, o in kept),
                header=found.header,
                footer=found.footer,
                held_image=hold(found.image),
                left=found.left,
                right=found.right,
            )
        )
    return pages


def parse_page(page: ScrolledPage, states: Sequence[ScreenState], engines: Engines) -> ScrolledPage:
    """The page with its text lines (`page_lines`: from its views' lines) and its elements, detected
    on the stitched image."""
    views = [states[i] for i in page.states]
    height, width = views[0].held_image.shape[:2]
    lines = tuple(page_lines(page, [v.lines for v in views], (width, height), engines.ocr))
    elements = tuple(engines.detect(page.image, lines))
    return replace(page, lines=lines, elements=elements)


def page_lines(
    page: ScrolledPage,
    views: Sequence[Sequence[TextLine]],
    view_size: tuple[int, int],
    ocr: ScreenReader,
    cfg: ParseConfig | None = None,
) -> list[TextLine]:
    """The text lines of the stitched page, from those its views (`views[k]`: what the screen at
    `page.offsets[k]`, `view_size` (w, h) px, read) without reading it all again.

    `stitch` pastes each view's scrolled band at its offset, later views over earlier ones, and the
    fixed edges (header, footer, side columns) from the first. So a line a view read inside its band is
    on the page, moved by the view's offset, unless a later view's band covers any of it; a line in a
    fixed edge is the first view's. What crosses from one to another (a seam: where one view's pixels
    meet another's, or the band meets a fixed edge) is read again from the page image with every line
    it cuts. Raises EngineError.
    """
    w, h = view_size
    band = Box(page.left, page.header, w - page.left - page.right, h - page.header - page.footer)
    rects = [band.offset(o.x, o.y) for o in page.offsets]
    fixed = [  # (part of the view, how far it moves onto the page)
        (Box(0, 0, w, page.header), (0, 0)),
        (Box(0, h - page.footer, w, page.footer), (0, page.height - h)),
        (Box(0, 0, page.left, h), (0, 0)),
        (Box(w - page.right, 0, page.right, h), (page.width - w, 0)),
    ]
    lines: list[TextLine] = []
    for k, (found, o) in enumerate(zip(views, page.offsets, strict=True)):
        for line in found:
            if line.box.within(band):
                moved = line.box.offset(o.x, o.y)
                if not any(moved.intersection(r) for r in rects[k + 1 :]):
                    lines.append(replace(line, box=moved))
                continue
            edge = next(((dx, dy) for part, (dx, dy) in fixed if k == 0 and line.box.within(part)), None)
            if edge is not None:
                lines.append(replace(line, box=line.box.offset(*edge)))
    return reread(ocr, page.image, lines, _seams(rects, page.width, page.height), cfg or ParseConfig())


def _seams(rects: Sequence[Box], width: int, height: int) -> list[Box]:
    """Each band's edges inside the page (not along its border), two px across."""
    out: list[Box] = []
    for r in rects:
        out += [Box(r.x, y - 1, r.w, 2) for y in (r.y, r.y2) if 0 < y < height]
        out += [Box(x - 1, r.y, 2, r.h) for x in (r.x, r.x2) if 0 < x < width]
    return out


def scrolled_pages(
    states: Sequence[ScreenState], behaviour: Behaviour, engines: Engines, cfg: ShiftConfig | None = None
) -> list[ScrolledPage]:
    """Stitch and parse the pages the recording scrolled through."""
    return [parse_page(p, states, engines) for p in stitch_pages(states, behaviour, cfg)]
