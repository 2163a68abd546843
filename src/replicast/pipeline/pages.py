"""Scrolled pages: the states a recording scrolled through, stitched into one full-height page and parsed.

Consecutive states joined by scroll events are views of one page when `stitch` lines them up; the page
is then read (OCR and element detection) as one tall image, so what the generated screen draws is all
that the recording scrolled past, and each view keeps its viewport position (`offsets`).

    pages = scrolled_pages(states, behaviour, engines)
    pages[0].states, pages[0].offsets      # (2, 3, 4), (0, 360, 610)
    pages[0].image                         # the page, header and footer once
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from replicast.media.base import Rgb
from replicast.pipeline.behaviour import Behaviour
from replicast.pipeline.parse import Engines, ScreenState
from replicast.pipeline.stitch import ShiftConfig, stitch
from replicast.vision.base import TextLine
from replicast.vision.elements import DetectedElement

FIXED_SHARE = 0.02
"""a page whose scroll left more of its width than this fixed (a sidebar) is not stitched."""


@dataclass(frozen=True, slots=True)
class ScrolledPage:
    index: int
    states: tuple[int, ...]
    """the states that show it, in time order."""
    offsets: tuple[int, ...]
    """per state: the page y of its viewport's top."""
    header: int
    footer: int
    image: Rgb = field(repr=False, compare=False)
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
        if found.fixed > FIXED_SHARE * found.image.shape[1]:
            # a fixed sidebar beside the scrolled content: pasted down the page it would repeat, and a
            # page drawn in one flow has no place that stays put
            continue
        pages.append(
            ScrolledPage(
                index=len(pages),
                states=tuple(i for i, _ in kept),
                offsets=tuple(o for _, o in kept),
                header=found.header,
                footer=found.footer,
                image=found.image,
            )
        )
    return pages


def parse_page(page: ScrolledPage, engines: Engines) -> ScrolledPage:
    """The page with its text lines and elements read from the stitched image."""
    lines = tuple(engines.ocr.read(page.image))
    elements = tuple(engines.detect(page.image, lines))
    return ScrolledPage(
        page.index, page.states, page.offsets, page.header, page.footer, page.image, lines, elements
    )


def scrolled_pages(
    states: Sequence[ScreenState], behaviour: Behaviour, engines: Engines, cfg: ShiftConfig | None = None
) -> list[ScrolledPage]:
    """Stitch and parse the pages the recording scrolled through."""
    return [parse_page(p, engines) for p in stitch_pages(states, behaviour, cfg)]
