"""Which backgrounds to paint: the page's colour, containers' colours, and element boxes that differ.

The vision stage samples a background around every element, text included. Painting each sample would
draw a visible box around every text wherever the sample is a few levels off, so a background is
painted only where it differs clearly from what the element sits on:

- the page colour is the screen's sampled colour, refined by what the texts lying on the page agree on
  (a sample taken just around text is closer than a whole-frame mode, which a texture or compression
  shifts);
- a container without a colour of its own takes the colour its texts agree on when that differs from
  its surroundings (a header bar whose texts sit on blue is blue);
- any other element's box is painted only when it differs clearly from its container's colour; text
  needs a larger difference, since its sample is the least reliable.

Text colours are restored from what video compression did to them (`restore_text_colour`).

    page = page_background(screen, roots)
    bg = own_background(placed, parent_bg)       # None: transparent, the container shows through
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

from replicast.codegen.nesting import Placed
from replicast.spec.models import CONTAINER_ROLES, AppSpec, Screen, rgb_of

Rgb = tuple[int, int, int]
TEXT_ROLES = frozenset({"text", "heading", "link", "label"})
GROUPS = frozenset({"breadcrumb", "tablist", "accordion"})
"""Groupings no paint of their own shows: their parent's colour shows through them, and their texts
tell what colour that is."""
_CLEAR = 6
"""Channel difference from which a box reads as a different colour, not a sampling jitter (a box's
colour is the mode of many pixels, so a small difference is real: a card a shade off its page)."""
_CLEAR_TEXT = 48
"""The same for a text's box: sampled from a thin ring around anti-aliased glyphs, it drifts more."""
_AGREE = 10
_PAGE_DRIFT = 28
DEFAULT_PAGE = "#ffffff"


def hex_colour(c: Iterable[float]) -> str:
    r, g, b = (max(0, min(255, round(v))) for v in c)
    return f"#{r:02x}{g:02x}{b:02x}"


def distance(a: str, b: str) -> int:
    """Largest channel difference between two #rrggbb colours."""
    return max(abs(x - y) for x, y in zip(rgb_of(a), rgb_of(b), strict=True))


def luma(colour: str) -> float:
    r, g, b = rgb_of(colour)
    return 0.299 * r + 0.587 * g + 0.114 * b


def contrast(a: str, b: str) -> float:
    """Luma difference of two colours, 0..255."""
    return abs(luma(a) - luma(b))


def consensus(colours: Sequence[str], agree: int = _AGREE) -> str | None:
    """The colour most of `colours` agree on (within `agree` per channel), as their per-channel median,
    or None when no colour has a strict majority."""
    if not colours:
        return None
    best: list[str] = []
    for c in dict.fromkeys(colours):
        near = [d for d in colours if distance(c, d) <= agree]
        if len(near) > len(best):
            best = near
    if 2 * len(best) <= len(colours):
        return None
    channels = list(zip(*(rgb_of(c) for c in best), strict=True))
    return hex_colour(sorted(ch)[len(ch) // 2] for ch in channels)


def _text_backgrounds(nodes: Iterable[Placed]) -> list[str]:
    out: list[str] = []
    for p in nodes:
        e = p.element
        if e.role in GROUPS:
            out.extend(_text_backgrounds(p.children))
        elif e.role in TEXT_ROLES and e.style and e.style.background:
            out.append(e.style.background)
    return out


def page_background(screen: Screen, roots: Sequence[Placed]) -> str:
    """The page's colour: what the texts lying directly on the page agree on when it is near the
    screen's sampled colour, else the sampled colour."""
    sampled = screen.background
    around_texts = consensus(_text_backgrounds(roots))
    if sampled is None:
        return around_texts or DEFAULT_PAGE
    if around_texts is not None and distance(around_texts, sampled) <= _PAGE_DRIFT:
        return around_texts
    return sampled


def own_background(placed: Placed, parent_bg: str) -> str | None:
    """The colour to paint behind `placed`, or None to let its container show through."""
    e = placed.element
    if e.role in GROUPS:
        return None
    sampled = e.style.background if e.style else None
    if e.role in CONTAINER_ROLES:
        # what its texts sit on is the best evidence of a container's colour
        inside = consensus(_text_backgrounds(placed.children))
        if inside is not None and (sampled is None or distance(inside, sampled) <= _AGREE):
            sampled = inside
    if sampled is None:
        return None
    if e.style is not None and e.style.raised:
        return sampled  # a box that stands off the page hides what is under it (its shadow, another's)
    threshold = _CLEAR_TEXT if e.role in TEXT_ROLES else _CLEAR
    return sampled if distance(sampled, parent_bg) >= threshold else None


_CHROMA_GAIN = 1.5
"""How much of a thin glyph's own chroma a 4:2:0 video keeps (about two thirds: each chroma sample
covers 2x2 pixels, so a 1-2 px stroke shares it with the background); measured on recorded pages."""
_THIN_STROKE = 2.0
_FULL_STROKE = 5.0
"""Stroke widths (px) up to which a glyph loses the most colour to 2x2 chroma samples, and from
which it loses none that matters."""
_STEM_EM = {"normal": 0.1, "bold": 0.15}
"""Stroke width of UI sans-serif faces, in font sizes (see vision.texts.BOLD_STEM)."""
_LIGHT_TEXT = 210
_DARK_GROUND = 170


def _ycbcr(c: Rgb) -> tuple[float, float, float]:
    r, g, b = c
    return (
        0.299 * r + 0.587 * g + 0.114 * b,
        -0.1687 * r - 0.3313 * g + 0.5 * b,
        0.5 * r - 0.4187 * g - 0.0813 * b,
    )


def _chroma_gain(stroke: float | None) -> float:
    """`_CHROMA_GAIN` for strokes up to `_THIN_STROKE` px, falling to 1 (nothing lost) at
    `_FULL_STROKE`: a stroke wider than a chroma sample keeps its own colour in its core."""
    if stroke is None or stroke <= _THIN_STROKE:
        return _CHROMA_GAIN
    share = max(0.0, 1 - (stroke - _THIN_STROKE) / (_FULL_STROKE - _THIN_STROKE))
    return 1 + (_CHROMA_GAIN - 1) * share


def restore_text_colour(sampled: str, background: str, stroke: float | None = None) -> str:
    """The colour a text was drawn in, from the colour its glyphs show in a video; `stroke` is the
    glyphs' stroke width in px when known.

    Video keeps full-resolution brightness but quarter-resolution colour, so thin text takes some
    of its background's colour: its chroma is pulled towards the background's and is pushed back by
    `_CHROMA_GAIN` (brightness is kept); wide strokes (large or bold text) keep theirs. Light text
    on a dark or saturated ground (a button label) is white whose edges took the ground's colour.
    """
    y, cb, cr = _ycbcr(rgb_of(sampled))
    by, bcb, bcr = _ycbcr(rgb_of(background))
    if y >= _LIGHT_TEXT and by <= _DARK_GROUND:
        return "#ffffff"
    gain = _chroma_gain(stroke)
    cb = bcb + gain * (cb - bcb)
    cr = bcr + gain * (cr - bcr)
    return hex_colour((y + 1.402 * cr, y - 0.344136 * cb - 0.714136 * cr, y + 1.772 * cb))


def restore_text_colours(spec: AppSpec) -> AppSpec:
    """`spec` with every element's text colour restored against its sampled background (or the
    screen's)."""
    screens = []
    for screen in spec.screens:
        elements = []
        for e in screen.elements:
            style = e.style
            if style is None or style.color is None:
                elements.append(e)
                continue
            ground = style.background or screen.background or DEFAULT_PAGE
            size = style.font_size
            stroke = None if size is None else size * _STEM_EM[style.font_weight or "normal"]
            restored = style.model_copy(update={"color": restore_text_colour(style.color, ground, stroke)})
            elements.append(e.model_copy(update={"style": restored}))
        screens.append(screen.model_copy(update={"elements": elements}))
    return spec.model_copy(update={"screens": screens})


def most_common(colours: Iterable[str]) -> str | None:
    counts = Counter(colours)
    return counts.most_common(1)[0][0] if counts else None
