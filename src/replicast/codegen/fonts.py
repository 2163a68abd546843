"""Which font family the recorded app used, told apart by how wide its texts are.

Text rendered at a given size takes a width fixed by the font's advance widths. The two metric
families of the web's sans-serif text differ by about 12 % in width: Helvetica/Arial (Liberation Sans,
Arimo: the usual `font-family` of UI kits) and Verdana/DejaVu Sans (what a page falls back to when it
names no installed font). For every text with a sampled size (a paragraph by its widest line), the
width each family would give the text is compared with the recorded box; the family whose widths fit
best (median log ratio) is the app's.

    family = font_family(spec)      # HELVETICA (None: cannot tell)
    family.stack                    # 'Arial, Helvetica, "Liberation Sans", Arimo, sans-serif'
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass

from replicast.spec.models import AppSpec, Element

_FIRST = 32
"""the tables hold the advance widths (per 1000 em) of the printable ASCII characters from here."""
_MIN_CHARS = 4
_MIN_TEXTS = 3
_MARGIN = 0.03
"""the best family's misfit is at least this much (log width) under the other's: about a third of
the gap between the families."""
_TEXT_ROLES = frozenset({"text", "heading", "link", "label", "badge"})
"""roles whose box is tight around their text (a button or field is wider than what it says)."""
_WIDTH_AGREES = 0.12
"""a size read from a text's width replaces the one read from its ink height when they differ by at
most this share: the height is whole pixels of hinted glyphs (one px is 8 % of a 12 px text's ink), the
width is tens of pixels of known advances."""

_HELVETICA_REGULAR = (
    278,
    278,
    355,
    556,
    556,
    889,
    667,
    191,
    333,
    333,
    389,
    584,
    278,
    333,
    278,
    278,
    556,
    556,
    556,
    556,
    556,
    556,
    556,
    556,
    556,
    556,
    278,
    278,
    584,
    584,
    584,
    556,
    1015,
    667,
    667,
    722,
    722,
    667,
    611,
    778,
    722,
    278,
    500,
    667,
    556,
    833,
    722,
    778,
    667,
    778,
    722,
    667,
    611,
    722,
    667,
    944,
    667,
    667,
    611,
    278,
    278,
    278,
    469,
    556,
    333,
    556,
    556,
    500,
    556,
    556,
    278,
    556,
    556,
    222,
    222,
    500,
    222,
    833,
    556,
    556,
    556,
    556,
    333,
    500,
    278,
    556,
    500,
    722,
    500,
    500,
    500,
    334,
    260,
    334,
    584,
)
_HELVETICA_BOLD = (
    278,
    333,
    474,
    556,
    556,
    889,
    722,
    238,
    333,
    333,
    389,
    584,
    278,
    333,
    278,
    278,
    556,
    556,
    556,
    556,
    556,
    556,
    556,
    556,
    556,
    556,
    333,
    333,
    584,
    584,
    584,
    611,
    975,
    722,
    722,
    722,
    722,
    667,
    611,
    778,
    722,
    278,
    556,
    722,
    611,
    833,
    722,
    778,
    667,
    778,
    722,
    667,
    611,
    722,
    667,
    944,
    667,
    667,
    611,
    333,
    278,
    333,
    584,
    556,
    333,
    556,
    611,
    556,
    611,
    556,
    333,
    611,
    611,
    278,
    278,
    556,
    278,
    889,
    611,
    611,
    611,
    611,
    389,
    556,
    333,
    611,
    556,
    778,
    556,
    556,
    500,
    389,
    280,
    389,
    584,
)
_VERDANA_REGULAR = (
    318,
    401,
    460,
    838,
    636,
    950,
    780,
    275,
    390,
    390,
    500,
    838,
    318,
    361,
    318,
    337,
    636,
    636,
    636,
    636,
    636,
    636,
    636,
    636,
    636,
    636,
    337,
    337,
    838,
    838,
    838,
    531,
    1000,
    684,
    686,
    698,
    770,
    632,
    575,
    775,
    752,
    295,
    295,
    656,
    557,
    863,
    748,
    787,
    603,
    787,
    695,
    635,
    611,
    732,
    684,
    989,
    685,
    611,
    685,
    390,
    337,
    390,
    838,
    500,
    500,
    613,
    635,
    550,
    635,
    615,
    352,
    635,
    634,
    278,
    278,
    579,
    278,
    974,
    634,
    612,
    635,
    635,
    411,
    521,
    392,
    634,
    592,
    818,
    592,
    592,
    525,
    636,
    337,
    636,
    838,
)
_VERDANA_BOLD = (
    348,
    456,
    521,
    838,
    696,
    1002,
    872,
    306,
    457,
    457,
    523,
    838,
    380,
    415,
    380,
    365,
    696,
    696,
    696,
    696,
    696,
    696,
    696,
    696,
    696,
    696,
    400,
    400,
    838,
    838,
    838,
    580,
    1000,
    774,
    762,
    734,
    830,
    683,
    683,
    821,
    837,
    372,
    372,
    775,
    637,
    995,
    837,
    850,
    733,
    850,
    770,
    720,
    682,
    812,
    774,
    1103,
    771,
    724,
    725,
    457,
    365,
    457,
    838,
    500,
    500,
    675,
    716,
    593,
    716,
    678,
    435,
    716,
    712,
    343,
    343,
    665,
    343,
    1042,
    712,
    687,
    716,
    716,
    493,
    595,
    478,
    712,
    652,
    924,
    645,
    652,
    582,
    712,
    365,
    712,
    838,
)


@dataclass(frozen=True, slots=True)
class FontFamily:
    name: str
    stack: str
    """the CSS `font-family` value."""
    regular: Sequence[int]
    bold: Sequence[int]

    def width(self, text: str, size: float, bold: bool = False) -> float:
        """The advance width of `text` at `size` px (characters outside ASCII count as an average one)."""
        table = self.bold if bold else self.regular
        average = sum(table) / len(table)
        units = sum(
            table[ord(c) - _FIRST] if _FIRST <= ord(c) < _FIRST + len(table) else average for c in text
        )
        return units * size / 1000


HELVETICA = FontFamily(
    "helvetica", 'Arial, Helvetica, "Liberation Sans", Arimo, sans-serif', _HELVETICA_REGULAR, _HELVETICA_BOLD
)
VERDANA = FontFamily(
    "verdana", '"DejaVu Sans", Verdana, "Bitstream Vera Sans", sans-serif', _VERDANA_REGULAR, _VERDANA_BOLD
)
FAMILIES = (HELVETICA, VERDANA)


def _width_at(family: FontFamily, e: Element, size: float) -> float | None:
    """How wide `e`'s text would be in `family` at `size` px; None for an element whose box does not
    tell (not tight around its text, no size, too short a text)."""
    lines = (e.text or "").strip().splitlines()
    if e.role not in _TEXT_ROLES or e.style is None or e.style.font_size is None:
        return None
    if not lines or len(lines[0]) < _MIN_CHARS or e.bbox[2] <= 0:
        return None
    bold = e.style.font_weight == "bold"
    # a paragraph's box is as wide as its widest line
    width = max(family.width(line.strip(), size, bold) for line in lines)
    return width if width > 0 else None


def misfit(family: FontFamily, elements: Sequence[Element]) -> float | None:
    """Median |log(recorded width / width in `family`)| over the texts that can tell; None if too few."""
    errors: list[float] = []
    for e in elements:
        expected = _width_at(family, e, e.style.font_size) if e.style and e.style.font_size else None
        if expected is not None:
            errors.append(abs(math.log(e.bbox[2] / expected)))
    return statistics.median(errors) if len(errors) >= _MIN_TEXTS else None


def fit_sizes(spec: AppSpec, family: FontFamily) -> AppSpec:
    """`spec` with each text's font size read from its width in `family` (the advances of the app's
    font), where that agrees with the size its ink height gave."""
    screens = [
        s.model_copy(update={"elements": [_fitted(e, family) for e in s.elements]}) for s in spec.screens
    ]
    return spec.model_copy(update={"screens": screens})


def _fitted(e: Element, family: FontFamily) -> Element:
    unit = _width_at(family, e, 1.0)
    if unit is None or e.style is None or e.style.font_size is None:
        return e
    fitted = e.bbox[2] / unit
    if abs(fitted / e.style.font_size - 1) > _WIDTH_AGREES:
        return e
    return e.model_copy(update={"style": e.style.model_copy(update={"font_size": round(fitted, 1)})})


def font_family(spec: AppSpec) -> FontFamily | None:
    """The family whose widths fit the recorded texts clearly best; None when too few texts tell or
    the fits are too close to call (the sizes read from the pixels are off by more than the families
    differ)."""
    elements = [e for s in spec.screens for e in s.elements]
    fits = sorted((m, i) for i, f in enumerate(FAMILIES) if (m := misfit(f, elements)) is not None)
    if len(fits) < len(FAMILIES) or fits[1][0] - fits[0][0] < _MARGIN:
        return None
    return FAMILIES[fits[0][1]]
