"""The app's palette and type scale as Tailwind v4 theme tokens (`@theme` in src/index.css).

Colours sampled from a video jitter by a few levels between elements that share one colour, so the
colours are clustered first; each cluster becomes one token named after what it is used for (`page`,
`ink`) or its hue and lightness (`blue-600`, `gray-300`). Font sizes cluster the same way and are
named on the usual ladder around the body size (`text-base`, `text-sm`, `text-xl`, ...). Tailwind's
default palette and scale are cleared, so every colour and size in the app comes from its theme.

    theme = build_theme(spec)
    theme.colour("#0a7bff")        # "blue-500": use as bg-blue-500 / text-blue-500 / border-blue-500
    theme.font_size(16.4)           # "base": text-base
    theme.css()                     # the @theme block
"""

from __future__ import annotations

import colorsys
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from replicast.codegen.escape import unique
from replicast.codegen.paint import distance
from replicast.spec.models import AppSpec, Element, Style, rgb_of

_COLOUR_CLUSTER = 10
"""Colours within this many levels per channel are one colour seen twice."""
_SNAP = 6
"""A cluster this close to white or black is white or black."""
_SIZE_CLUSTER = 0.75
_SMALLER = ("sm", "xs", "2xs", "3xs", "4xs")
_LARGER = ("lg", "xl", "2xl", "3xl", "4xl", "5xl", "6xl", "7xl", "8xl", "9xl")
_HUES = (
    (15, "red"),
    (40, "orange"),
    (65, "yellow"),
    (160, "green"),
    (200, "cyan"),
    (250, "blue"),
    (290, "violet"),
    (335, "pink"),
    (360, "red"),
)
# roles whose box is tight around their text, so the box height says how big the text is
_TEXT_BOXED_ROLES = frozenset({"text", "heading", "link", "badge"})
# a text box is ~1.15-1.3x the font size (normal line height, or an OCR box around the glyphs)
_LINE_TO_FONT = 0.8
_TOKEN = re.compile(r"[a-z0-9][a-z0-9-]*")


def estimated_font_px(element: Element) -> int | None:
    """Font size guessed from a tight text box when the spec did not sample one."""
    if element.role not in _TEXT_BOXED_ROLES or not element.text:
        return None
    lines = element.text.count("\n") + 1
    return max(10, min(64, round(element.bbox[3] / lines * _LINE_TO_FONT)))


def font_px(element: Element) -> float | None:
    style = element.style or Style()
    return style.font_size if style.font_size is not None else estimated_font_px(element)


def _family(colour: str) -> str:
    r, g, b = (v / 255 for v in rgb_of(colour))
    h, lightness, s = colorsys.rgb_to_hls(r, g, b)
    if lightness >= 0.995:
        return "white"
    if lightness <= 0.02:
        return "black"
    step = max(50, min(950, round((1 - lightness) * 20) * 50))
    if s < 0.12 or max(r, g, b) - min(r, g, b) < 0.06:
        return f"gray-{step}"
    hue = h * 360
    name = next(n for limit, n in _HUES if hue < limit)
    return f"{name}-{step}"


def _cluster_colours(weights: Mapping[str, float]) -> dict[str, str]:
    """colour → its cluster's representative (the heaviest member, snapped to white/black)."""
    reps: list[str] = []
    out: dict[str, str] = {}
    for c, _ in sorted(weights.items(), key=lambda kv: (-kv[1], kv[0])):
        rep = next((r for r in reps if distance(r, c) <= _COLOUR_CLUSTER), None)
        if rep is None:
            rep = c
            for extreme in ("#ffffff", "#000000"):
                if distance(c, extreme) <= _SNAP:
                    rep = extreme
            reps.append(rep)
        out[c] = rep
    return out


def _cluster_sizes(weights: Mapping[float, float]) -> dict[float, float]:
    """font size → its cluster's size (the heaviest member, rounded to a whole px)."""
    reps: list[float] = []
    out: dict[float, float] = {}
    for size, _ in sorted(weights.items(), key=lambda kv: (-kv[1], kv[0])):
        rep = next((r for r in reps if abs(r - size) <= _SIZE_CLUSTER), None)
        if rep is None:
            rep = float(round(size))
            reps.append(rep)
        out[size] = rep
    return out


@dataclass(frozen=True, slots=True)
class Theme:
    colours: Mapping[str, str] = field(default_factory=dict)
    """sampled #rrggbb → token name."""
    values: Mapping[str, str] = field(default_factory=dict)
    """token name → #rrggbb."""
    sizes: Mapping[float, str] = field(default_factory=dict)
    """sampled font size → token name."""
    size_values: Mapping[str, float] = field(default_factory=dict)
    font: str | None = None
    """the CSS font-family of the app's text (None: Tailwind's default sans-serif stack)."""

    def _token(self, sampled: str) -> str | None:
        token = self.colours.get(sampled)
        if token is None:
            near = [(distance(v, sampled), n) for n, v in self.values.items()]
            best = min(near, default=None)
            token = best[1] if best is not None and best[0] <= _COLOUR_CLUSTER else None
        return token

    def colour(self, sampled: str) -> str:
        """The token for a colour (its cluster's, or the nearest within the cluster distance), or an
        arbitrary value `[#rrggbb]` for a colour unlike any in the theme."""
        token = self._token(sampled)
        return token if token is not None else f"[{sampled}]"

    def colour_value(self, sampled: str) -> str:
        """The #rrggbb the theme paints for a colour."""
        token = self._token(sampled)
        return self.values[token] if token is not None else sampled

    def font_size(self, px: float) -> str:
        token = self.sizes.get(px)
        return token if token is not None else f"[{round(px)}px]"

    def css(self) -> str:
        """The `@theme` block: the app's colours and font sizes, Tailwind's defaults cleared."""
        lines = ["@theme {", "  --color-*: initial;", "  --text-*: initial;"]
        if self.font is not None:
            lines.append(f"  --font-sans: {self.font};")
        lines += [f"  --color-{name}: {value};" for name, value in self.values.items()]
        for name, size in sorted(self.size_values.items(), key=lambda kv: kv[1]):
            lines.append(f"  --text-{name}: {size / 16:g}rem; /* {size:g}px */")
        lines.append("}")
        return "\n".join(lines)


@dataclass(slots=True)
class ThemeUsage:
    """What the app paints: colours and font sizes with how much they are used."""

    colours: dict[str, float] = field(default_factory=dict)
    sizes: dict[float, float] = field(default_factory=dict)
    page: Counter[str] = field(default_factory=Counter)
    ink: Counter[str] = field(default_factory=Counter)

    def add_colour(self, colour: str, weight: float = 1.0) -> None:
        self.colours[colour] = self.colours.get(colour, 0.0) + weight

    def add_size(self, size: float, weight: float = 1.0) -> None:
        self.sizes[size] = self.sizes.get(size, 0.0) + weight


def spec_usage(spec: AppSpec, pages: Iterable[str] = ()) -> ThemeUsage:
    """Every colour and font size the spec's styles name, weighted by how much text they carry."""
    usage = ThemeUsage()
    for page in pages:
        usage.page[page] += 1
        usage.add_colour(page, 50)
    for screen in spec.screens:
        if screen.background_end is not None:  # the bottom of a page's gradient weighs as a page
            usage.add_colour(screen.background_end, 50)
        for e in screen.elements:
            weight = max(1, len(e.text or ""))
            size = font_px(e)
            if size is not None:
                usage.add_size(size, weight)
            if e.table is not None:
                for c in (e.table.row_rule, e.table.column_rule):
                    if c:
                        usage.add_colour(c)
            style = e.style
            if style is None:
                continue
            if style.color:
                usage.add_colour(style.color, weight)
                if e.role in ("text", "heading", "label"):
                    usage.ink[style.color] += weight
            for c in (style.background, style.background_end, style.border_color, style.border_bottom):
                if c:
                    usage.add_colour(c)
    return usage


def build_theme(usage: ThemeUsage, font: str | None = None) -> Theme:
    """Tokens for what `usage` collected; `font` is the app's font-family."""
    reps = _cluster_colours(usage.colours)
    names: dict[str, str] = {}
    taken: set[str] = set()

    def name(rep: str, wanted: str) -> None:
        if rep not in names:
            token = unique(wanted, taken, sep="-")
            names[rep] = token
            taken.add(token)

    if usage.page:
        name(reps[usage.page.most_common(1)[0][0]], "page")
    if usage.ink:
        name(reps[usage.ink.most_common(1)[0][0]], "ink")
    for rep in dict.fromkeys(reps.values()):
        name(rep, _family(rep))
    colours = {c: names[r] for c, r in reps.items()}
    values = {names[r]: r for r in dict.fromkeys(reps.values())}

    size_reps = _cluster_sizes(usage.sizes)
    scale = sorted(set(size_reps.values()))
    size_names: dict[float, str] = {}
    if scale:
        body_sample = max(usage.sizes.items(), key=lambda kv: (kv[1], -kv[0]))[0]
        body = size_reps[body_sample]
        below = [s for s in scale if s < body][::-1]
        above = [s for s in scale if s > body]
        size_names[body] = "base"
        for s, n in zip(below, _SMALLER, strict=False):
            size_names[s] = n
        for s, n in zip(above, _LARGER, strict=False):
            size_names[s] = n
    sizes = {s: size_names[r] for s, r in size_reps.items() if r in size_names}
    size_values = {n: s for s, n in size_names.items()}
    for token in (*values, *size_values):
        if not _TOKEN.fullmatch(token):
            raise ValueError(f"bad theme token {token!r}")
    return Theme(colours=colours, values=values, sizes=sizes, size_values=size_values, font=font)
