"""Text comparisons shared by the stage that reads a recording's texts and the code drawn from them.

shape("2 items left") == shape("1 item left")        # "# item left": a counter, two values
similar("What needs to be done?", "What needs to be dene?")   # an OCR slip
"""

from __future__ import annotations

import difflib
import re

DIGITS = re.compile(r"\d+")
CRUMB_SEPARATORS = frozenset({"/", ">", "›", "»", "→"})
"""Glyphs that join the names of a breadcrumb ("Home / Library"): decoration between its steps."""


def shape(text: str) -> str:
    """A text with its numbers and plural endings blanked: "2 items left" and "1 item left" agree."""
    return " ".join(w.rstrip("s") for w in DIGITS.sub("#", text.casefold()).split())


def similar(a: str, b: str, ratio: float = 0.8) -> bool:
    """Whether two texts read alike (case aside), as two readings of one text by OCR do."""
    return difflib.SequenceMatcher(None, a.casefold(), b.casefold()).ratio() >= ratio
