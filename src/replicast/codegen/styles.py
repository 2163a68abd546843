"""Tailwind classes for an element's size and its sampled `Style`, through the app's theme.

Sizes are CSS px written as arbitrary values (`w-[120px]`); colours and font sizes are theme tokens
(`text-ink`, `bg-blue-500`, `text-base`) or, for a colour the theme does not know, the spec's validated
`#rrggbb`. Every class passes `escape.static_value`, so nothing else can slip in.

    size_classes(rect)                              # ["h-[32px]", "w-[120px]"]
    text_classes(element, theme)                    # ["text-xl", "font-bold", "text-ink"]
    box_classes(element, theme, background="#2563eb")  # ["bg-blue-600", "rounded-[6px]"]
"""

from __future__ import annotations

import re

from replicast.codegen.escape import static_value
from replicast.codegen.nesting import Rect
from replicast.codegen.theme import Theme, font_px
from replicast.spec.models import FIELD_ROLES, BoxShadow, Element, Style

_COLOUR = re.compile(r"#[0-9a-f]{6}")
# average advance of a character, in font sizes (proportional sans-serif, mixed case)
_CHAR_WIDTH = 0.55
FIELD_BORDER = "#d1d5db"


def px(value: float) -> str:
    n = round(value)
    return f"{n}px" if n >= 0 else f"-{-n}px"


def _colour(value: str) -> str:
    if not _COLOUR.fullmatch(value):
        raise ValueError(f"not a #rrggbb colour: {value!r}")
    return value


def size_classes(rect: Rect) -> list[str]:
    return [f"h-[{px(rect.h)}]", f"w-[{px(rect.w)}]"]


def text_wider_than_box_needs(element: Element) -> bool:
    """Whether the box is much wider than its text: a nav item or tab whose text is centred in it."""
    size = font_px(element) or 16
    longest = max((len(line) for line in (element.text or "").splitlines()), default=0)
    return element.bbox[2] > 1.6 * longest * _CHAR_WIDTH * size + 16


def text_classes(element: Element, theme: Theme, *, placeholder: bool = False) -> list[str]:
    """Font size, weight and colour. For a field that shows its `placeholder`, the colour seen is the
    placeholder's, and what is typed takes the app's body text colour."""
    style = element.style or Style()
    classes: list[str] = []
    size = font_px(element)
    if size is not None:
        classes.append(f"text-{theme.font_size(size)}")
    if style.font_weight == "bold" or (style.font_weight is None and element.role == "heading"):
        classes.append("font-bold")
    if style.underline:
        classes.append("underline")
    if style.strike:
        classes.append("line-through")
    if style.italic:
        # a field seen showing its placeholder: the lean is the placeholder's, not the typed text's
        classes.append("placeholder:italic" if placeholder and element.role in FIELD_ROLES else "italic")
    if style.line_height is not None:
        classes.append(f"leading-[{px(style.line_height)}]")
    if style.color:
        token = theme.colour(_colour(style.color))
        if placeholder and element.role in FIELD_ROLES:
            classes.append(f"placeholder:text-{token}")
            if "ink" in theme.values:
                classes.append("text-ink")
        else:
            classes.append(f"text-{token}")
    return classes


def box_classes(element: Element, theme: Theme, background: str | None) -> list[str]:
    """Background (only the one the caller decided to paint), border and radius."""
    style = element.style or Style()
    classes: list[str] = []
    if background is not None and style.background_end:
        # a vertical gradient from the fill's top colour
        top = theme.colour(_colour(style.background or background))
        end = theme.colour(_colour(style.background_end))
        classes.append(f"bg-linear-to-b from-{top} to-{end}")
    elif background is not None:
        classes.append(f"bg-{theme.colour(_colour(background))}")
    if style.border_color:
        classes.extend(("border", f"border-{theme.colour(_colour(style.border_color))}"))
    elif style.border_bottom:
        classes.extend(("border-b", f"border-{theme.colour(_colour(style.border_bottom))}"))
    elif element.role in FIELD_ROLES and style.background is None:
        # a field always shows its edge (preflight removes the browser's): a neutral grey one, unless
        # its pixels were read and showed a fill with no border (a borderless field on a card)
        classes.extend(("border", f"border-{theme.colour(FIELD_BORDER)}"))
    if style.radius:
        radius = min(style.radius, min(element.bbox[2], element.bbox[3]) / 2)
        classes.append(
            "rounded-full" if radius >= min(element.bbox[2:]) / 2 - 1 else f"rounded-[{px(radius)}]"
        )
    if style.shadows:
        classes.append(shadow_class(style.shadows))
    return classes


def shadow_class(shadows: list[BoxShadow]) -> str:
    """`shadow-[0_3px_6px_#00000021,0_24px_43px_#0000001a]`: black shadows, each opacity as its colour's
    alpha."""
    layers = [
        f"0_{px(s.dy)}_{px(s.blur)}_#000000{max(0, min(255, round(s.alpha * 255))):02x}" for s in shadows
    ]
    return f"shadow-[{','.join(layers)}]"


def field_padding(element: Element) -> list[str]:
    """Inner padding of a text field: more in a pill-shaped one, where the text keeps off the curve."""
    style = element.style or Style()
    h = element.bbox[3]
    pill = style.radius is not None and style.radius >= h / 3
    return ["px-4" if pill else "px-3"]


def class_name(classes: list[str]) -> str:
    """The className string, checked to hold only generator-made classes."""
    return static_value(" ".join(dict.fromkeys(c for c in classes if c)))
