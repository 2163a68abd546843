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
from replicast.pipeline.behaviour import Behaviour
from replicast.pipeline.parse import Engines, ScreenState
from replicast.pipeline.stitch import Offset, ShiftConfig, stitch
from replicast.vision.base import TextLine
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
    image: Rgb = field(repr=False, compare=False)
    left: int = 0
    right: int = 0
    lines: tuple[TextLine, ...] = ()
    elements: tuple[DetectedElement, ...] = ()

    @property
    def height(self) -> int:
        return int(self.image.shape[0])

    @property
    def width(self) -> int:
        return int(self.image.shape[1])


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
                image=found.image,
                left=found.left,
                right=found.right,
            )
        )
    return pages


def parse_page(page: ScrolledPage, engines: Engines) -> ScrolledPage:
    """The page with its text lines and elements read from the stitched image."""
    lines = tuple(engines.ocr.read(page.image))
    elements = tuple(engines.detect(page.image, lines))
    return replace(page, lines=lines, elements=elements)


def scrolled_pages(
    states: Sequence[ScreenState], behaviour: Behaviour, engines: Engines, cfg: ShiftConfig | None = None
) -> list[ScrolledPage]:
    """Stitch and parse the pages the recording scrolled through."""
    return [parse_page(p, engines) for p in stitch_pages(states, behaviour, cfg)]
