"""Text metrics from ink: font size (em) and the inline box a browser would give a line.

Ratios are for the sans-serif UI fonts browsers fall back to (Arial/Helvetica/Liberation Sans, Inter,
Roboto): cap height ~0.72 em, x-height ~0.52 em, descender ~0.21 em, content area (ascent + descent)
~1.15 em with the baseline 0.905 em below its top.

    em = em_estimate("Sign in", ink_height=12)       # -> ~16.7
    box = inline_box("Sign in", ink_box)              # the <span>'s box, as the DOM would report it
"""

from __future__ import annotations

from replicast.vision.base import Box

CAP = 0.72
X_HEIGHT = 0.52
DESCENT = 0.21
ASCENT_BOX = 0.905
CONTENT = 1.15

# not "Q": its tail dips a pixel or two at UI sizes (Arial 0.06 em), far from a descender's 0.21
_DESCENDERS = frozenset("gjpqy()[]{}|/@$,;_")
# "i" and "j" by their dots, which reach about as high as a capital
_TALL = frozenset("bdfhijklt!?#%&0123456789'\"()[]{}|/\\@$")


def _has_tall(text: str) -> bool:
    return any(c in _TALL or c.isupper() for c in text)


def has_descender(text: str) -> bool:
    return any(c in _DESCENDERS for c in text)


def ink_ratio(text: str) -> float:
    """Ink height of `text` in em: ascender-to-descender, cap height or x-height, by its letters."""
    top = CAP if _has_tall(text) or not any(c.isalpha() for c in text) else X_HEIGHT
    return top + (DESCENT if has_descender(text) else 0.0)


def em_estimate(text: str, ink_height: int) -> float:
    """The font size (px) of a line whose glyphs span `ink_height` rows."""
    return max(1.0, ink_height / ink_ratio(text))


EDGE_ROWS = 0.5
"""Rows of ink a recorded line shows beyond its glyphs' true height: antialiased edges, hinting and the
codec's blur make partly covered rows whole (measured on the eval recordings against their DOM's font
sizes: 16 px lines span 12 rows of ink over capitals and ascenders, where 0.72 em is 11.5). `em_estimate`,
to which the detectors' thresholds are tuned, reads 16 px text as 16.7."""


def css_font_px(text: str, em: float) -> float:
    """The CSS font size of a line of `text` whose `em_estimate` is `em`."""
    return max(1.0, em - EDGE_ROWS / ink_ratio(text))


def inline_box(text: str, ink: Box) -> Box:
    """The box a browser reports for a line of `text` whose ink is `ink`: content-area tall, from just
    left of the first glyph to just right of the last."""
    em = em_estimate(text, ink.h)
    baseline = ink.y2 - (DESCENT * em if has_descender(text) else 0.0)
    top = baseline - ASCENT_BOX * em
    x, w = inline_span(ink, em)
    return Box(x, round(top), w, max(1, round(CONTENT * em)))


def inline_span(ink: Box, em: float) -> tuple[int, int]:
    """x and width of the inline box of text whose ink is `ink` in a font `em` px: just left of the first
    glyph to just right of the last (side bearings, 0.04 em)."""
    pad = 0.04 * em
    return round(ink.x - pad), max(1, round(ink.w + 2 * pad))
