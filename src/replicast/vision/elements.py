"""What element detection reports: one `DetectedElement` per thing seen on a screen.

Coordinates are image pixels. `text` is what is visibly written on the element (for an input that is
its placeholder or its value, mirrored in `placeholder` / `value`); containers (nav, card, list, table)
carry no text, their children do, so no word is reported twice.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from replicast.spec.models import Role
from replicast.vision.base import Box
from replicast.vision.shadow import Shadow

FontWeight = Literal["normal", "bold"]


@dataclass(frozen=True, slots=True)
class ElementStyle:
    """Style sampled from pixels. Colours are "#rrggbb"; sizes are image pixels."""

    color: str | None = None
    background: str | None = None
    background_end: str | None = None
    """The bottom colour of a vertical gradient from `background` at the top."""
    border_color: str | None = None
    border_bottom: str | None = None
    """The colour of a rule along the bottom edge only (the box includes it)."""
    font_size: float | None = None
    font_weight: FontWeight | None = None
    underline: bool | None = None
    italic: bool | None = None
    strike: bool | None = None
    """A line through the text (a done item)."""
    line_height: float | None = None
    """Baseline-to-baseline distance of a multi-line text."""
    text_indent: float | None = None
    """How far right of the box's left edge its text starts, when it is set left in a box much wider
    than it (a side nav's item; None: centred, or as wide as its box)."""
    radius: float | None = None
    shadows: tuple[Shadow, ...] = ()
    """Drop shadows, tight first."""
    raised: bool | None = None
    """Stands off the page (casts a shadow, or lies on one): hides what is under it."""


@dataclass(frozen=True, slots=True)
class Span:
    """An extent along one axis, in image pixels."""

    start: int
    size: int

    @property
    def end(self) -> int:
        return self.start + self.size


@dataclass(frozen=True, slots=True)
class TableGrid:
    """How a table's cells line up (`spec.models.TableLayout`): they tile the table's box, the header row
    (if any) on top, then the body rows; the columns left to right."""

    rows: tuple[Span, ...]
    columns: tuple[Span, ...]
    header: Span | None = None
    row_rule: str | None = None
    """The colour of a 1 px line between each two rows (the header and the body's first too)."""
    column_rule: str | None = None
    """The colour of a 1 px line along the right edge of each body cell."""

    @property
    def box(self) -> Box:
        """The box the cells tile."""
        top = self.header.start if self.header is not None else self.rows[0].start
        x = self.columns[0].start
        return Box(x, top, self.columns[-1].end - x, self.rows[-1].end - top)


@dataclass(frozen=True, slots=True)
class DetectedElement:
    """One UI element found in a screen image."""

    role: Role
    box: Box
    text: str | None = None
    placeholder: str | None = None
    value: str | None = None
    checked: bool | None = None
    selected: bool | None = None
    """A tab: whether it is the active one."""
    expanded: bool | None = None
    """An accordion's header: whether its section is open."""
    current: bool | None = None
    """A breadcrumb's item: it names the page shown."""
    level: int | None = None
    style: ElementStyle = field(default_factory=ElementStyle)
    score: float = 1.0
    """Confidence 0..1: the OCR score for elements made from text, 1.0 for shapes."""
    table: TableGrid | None = None
    """A table's header row, body rows and columns."""
