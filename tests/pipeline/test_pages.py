"""page_lines(): a stitched page's text from what its views read, only the seams read again."""

from __future__ import annotations

import numpy as np

from replicast.media.base import Rgb
from replicast.media.held import hold
from replicast.pipeline.pages import ScrolledPage, page_lines
from replicast.pipeline.stitch import Offset
from replicast.vision.base import Box, TextLine

W, H, HEADER = 400, 300, 40
"""the viewport: a sticky header 40 px tall above a band that scrolls."""


def line(text: str, x: int, y: int, w: int = 120) -> TextLine:
    return TextLine(text, Box(x, y, w, 16), 0.99)


# the page as the truth: the header's title, then lines down the page; one scroll step is 120 px, and
# some lines lie across a view's band edge (160, 280: where a later band begins; 300, 420: where one ends)
TITLE = line("Stock take", 10, 12)
BODY = [line(f"row {y}", 20, y) for y in (60, 100, 152, 200, 240, 272, 292, 330, 380, 412, 460, 500)]
OFFSETS = (Offset(0, 0), Offset(0, 120), Offset(0, 240))
PAGE_H = 240 + H


class PageReader:
    """Reads the truth lines of the page: all of them, or those whose centre is in a region."""

    def __init__(self) -> None:
        self.full_reads = 0
        self.regions: list[Box] = []

    def read(self, image: Rgb, *, text_px: float | None = None) -> list[TextLine]:
        self.full_reads += 1
        return [TITLE, *BODY]

    def read_region(self, image: Rgb, box: Box) -> list[TextLine]:
        self.regions.append(box)
        return [t for t in (TITLE, *BODY) if box.contains_point(t.box.cx, t.box.cy)]


def seen_from(o: Offset) -> list[TextLine]:
    """What a view at `o` read: the title, and each body line in its band moved into the viewport, cut
    where the band's edges cut it (a line half under the header is read as its lower half)."""
    out = [TITLE]
    for t in BODY:
        top, bottom = max(t.box.y - o.y, HEADER), min(t.box.y2 - o.y, H)
        if bottom - top >= 4:
            out.append(
                TextLine(
                    t.text[: 1 + (len(t.text) - 1) * (bottom - top) // 16],
                    Box(t.box.x, top, t.box.w, bottom - top),
                    0.9,
                )
            )
    return out


def scrolled() -> ScrolledPage:
    image = np.zeros((PAGE_H, W, 3), np.uint8)
    return ScrolledPage(0, (0, 1, 2), OFFSETS, HEADER, 0, hold(image))


def test_the_page_has_each_line_once_where_it_lies() -> None:
    reader = PageReader()
    got = page_lines(scrolled(), [seen_from(o) for o in OFFSETS], (W, H), reader)

    assert sorted((t.text, t.box) for t in got) == sorted((t.text, t.box) for t in [TITLE, *BODY])


def test_only_the_seams_are_read_again() -> None:
    reader = PageReader()
    page_lines(scrolled(), [seen_from(o) for o in OFFSETS], (W, H), reader)

    assert reader.full_reads == 0
    read = sum(b.area for b in reader.regions)
    assert 0 < read <= 0.3 * W * PAGE_H
    # the seams: where the header meets the band, and each later view's band begins and ends
    for y in (HEADER, HEADER + 120, HEADER + 240, H, H + 120):
        assert any(b.y <= y <= b.y2 for b in reader.regions), y


def test_a_footer_line_is_the_first_views_at_the_foot_of_the_page() -> None:
    # Given views of a page with a fixed footer (30 px) that each show its line
    total = line("Total 12", 20, 278, w=100)
    page = ScrolledPage(
        0, (0, 1), (Offset(0, 0), Offset(0, 120)), 0, 30, hold(np.zeros((420, W, 3), np.uint8))
    )

    class Reader(PageReader):
        def read_region(self, image: Rgb, box: Box) -> list[TextLine]:
            self.regions.append(box)
            return []

    got = page_lines(page, [[total], [total]], (W, H), Reader())

    # Then it is there once, at the page's foot
    assert [(t.text, t.box) for t in got] == [("Total 12", Box(20, 278 + 120, 100, 16))]
