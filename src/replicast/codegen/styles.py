"""Tailwind classes for an element's box and its sampled `Style`.

Positions and sizes are video pixels written as arbitrary values (`left-[40px]`); colours are the
spec's validated `#rrggbb`. Every class passes `escape.static_value`, so nothing else can slip in.

    box_classes(Placed(...))           # ["absolute", "left-[40px]", "top-[20px]", "h-[32px]", "w-[120px]"]
    style_classes(el.style, "heading") # ["text-[28px]", "font-bold", "text-[#111827]"]
"""

from __future__ import annotations

import re

from replicast.codegen.escape import static_value
from replicast.codegen.layout import Placed
from replicast.spec.models import Element, Style

_COLOUR = re.compile(r"#[0-9a-f]{6}")
# roles whose box is tight around their text, so the box height says how big the text is
_TEXT_BOXED_ROLES = frozenset({"text", "heading", "link", "badge"})
# a text box is ~1.15-1.3x the font size (normal line height, or an OCR box around the glyphs)
_LINE_TO_FONT = 0.8


def _px(value: float) -> str:
    n = round(value)
    return f"{n}px" if n >= 0 else f"-{-n}px"


def _colour(value: str) -> str:
    if not _COLOUR.fullmatch(value):
        raise ValueError(f"not a #rrggbb colour: {value!r}")
    return value


def box_classes(placed: Placed) -> list[str]:
    """Absolute position and size within the parent."""
    left = f"left-[{_px(placed.x)}]"
    top = f"top-[{_px(placed.y)}]"
    return ["absolute", left, top, f"h-[{_px(placed.height)}]", f"w-[{_px(placed.width)}]"]


def estimated_font_px(element: Element) -> int | None:
    """Font size guessed from a tight text box when the spec did not sample one."""
    if element.role not in _TEXT_BOXED_ROLES or not element.text:
        return None
    lines = element.text.count("\n") + 1
    return max(10, min(64, round(element.bbox[3] / lines * _LINE_TO_FONT)))


def style_classes(element: Element) -> list[str]:
    """Typography, colours, border and radius from the element's Style (and sensible defaults)."""
    style = element.style or Style()
    classes: list[str] = []
    size = style.font_size if style.font_size is not None else estimated_font_px(element)
    if size is not None:
        classes.append(f"text-[{_px(size)}]")
    if style.font_weight == "bold" or (style.font_weight is None and element.role == "heading"):
        classes.append("font-bold")
    if style.color:
        classes.append(f"text-[{_colour(style.color)}]")
    if style.background:
        classes.append(f"bg-[{_colour(style.background)}]")
    if style.border_color:
        classes.extend(("border", f"border-[{_colour(style.border_color)}]"))
    if style.radius:
        classes.append(f"rounded-[{_px(style.radius)}]")
    return classes


def class_name(classes: list[str]) -> str:
    """The className string, checked to hold only generator-made classes."""
    return static_value(" ".join(dict.fromkeys(classes)))
