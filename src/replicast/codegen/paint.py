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

    page = page_background(screen, roots)
    bg = own_background(placed, parent_bg)       # None: transparent, the container shows through
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

from replicast.codegen.nesting import Placed
from replicast.spec.models import Screen

Rgb = tuple[int, int, int]
TEXT_ROLES = frozenset({"text", "heading", "link", "label"})
CONTAINER_ROLES = frozenset(
    {"container", "card", "nav", "list", "listitem", "table", "row", "cell", "dialog", "alert"}
)
_CLEAR = 6
"""Channel difference from which a box reads as a different colour, not a sampling jitter (a box's
colour is the mode of many pixels, so a small difference is real: a card a shade off its page)."""
_CLEAR_TEXT = 48
"""The same for a text's box: sampled from a thin ring around anti-aliased glyphs, it drifts more."""
_AGREE = 10
_PAGE_DRIFT = 28
DEFAULT_PAGE = "#ffffff"


def rgb(colour: str) -> Rgb:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def hex_colour(c: Iterable[float]) -> str:
    r, g, b = (max(0, min(255, round(v))) for v in c)
    return f"#{r:02x}{g:02x}{b:02x}"


def distance(a: str, b: str) -> int:
    """Largest channel difference between two #rrggbb colours."""
    return max(abs(x - y) for x, y in zip(rgb(a), rgb(b), strict=True))


def luma(colour: str) -> float:
    r, g, b = rgb(colour)
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
    channels = list(zip(*(rgb(c) for c in best), strict=True))
    return hex_colour(sorted(ch)[len(ch) // 2] for ch in channels)


def _text_backgrounds(nodes: Iterable[Placed]) -> list[str]:
    return [
        p.element.style.background
        for p in nodes
        if p.element.role in TEXT_ROLES and p.element.style and p.element.style.background
    ]


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
    sampled = e.style.background if e.style else None
    if e.role in CONTAINER_ROLES:
        # what its texts sit on is the best evidence of a container's colour
        inside = consensus(_text_backgrounds(placed.children))
        if inside is not None and (sampled is None or distance(inside, sampled) <= _AGREE):
            sampled = inside
    if sampled is None:
        return None
    threshold = _CLEAR_TEXT if e.role in TEXT_ROLES else _CLEAR
    return sampled if distance(sampled, parent_bg) >= threshold else None


def most_common(colours: Iterable[str]) -> str | None:
    counts = Counter(colours)
    return counts.most_common(1)[0][0] if counts else None
