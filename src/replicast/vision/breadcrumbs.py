"""Breadcrumbs: a row of short names joined by separator glyphs ("Home / Library / Data").

The texts of one baseline, side by side at word gaps, are read as tokens (one box each); a run of names
with the same crumb separator ("/", ">", "›", "»", "→") between every two of them, each name at most a
few words, is a breadcrumb when its names are links (by colour or underline, or by their place in a bar
across the top), except perhaps the last one: that one, drawn as plain text, is the page shown (its
`current`). A sentence with a slash in it ("read / write") is body text throughout: no breadcrumb.

    texts, trails = breadcrumbs(rgb, text_elements, body)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from itertools import pairwise

from replicast.media.base import Rgb
from replicast.spec.models import Role
from replicast.spec.texts import CRUMB_SEPARATORS
from replicast.vision.base import Box
from replicast.vision.elements import DetectedElement
from replicast.vision.menus import font_em
from replicast.vision.style import (
    Colour,
    background_around,
    distance,
    hex_colour,
    is_link_colour,
    text_colour,
)
from replicast.vision.texts import BodyText, token_boxes

MAX_WORDS = 4
"""words in one name of a trail."""
MAX_CHARS = 32
COLOUR_APART = 40.0
"""the current page's name differs this much (max channel) in colour from the linked names."""
_TEXTUAL = frozenset({"text", "link"})


@dataclass(frozen=True, slots=True)
class _Token:
    text: str
    box: Box
    source: int
    """index of the element it was read from."""
    link: bool
    """its element is a link (by colour, underline or place), or its own colour is a link's."""
    colour: Colour | None


def breadcrumbs(
    image: Rgb, texts: Sequence[DetectedElement], body: BodyText
) -> tuple[list[DetectedElement], list[DetectedElement]]:
    """`texts` with each breadcrumb split into its names (links; the last one `current` when it is
    plain text) and separators (text), and the "breadcrumb" elements around them."""
    out: list[DetectedElement] = []
    trails: list[DetectedElement] = []
    done: set[int] = set()
    for chain in _chains(texts, body):
        tokens = _tokens(image, texts, chain, body)
        names = _names(tokens) if tokens is not None else None
        if names is None or tokens is None:
            continue
        parts: list[DetectedElement] = []
        for k, name in enumerate(names):
            current = k == len(names) - 1 and _current(names)
            role: Role = "text" if current else "link"
            parts.append(_part(texts[name[0].source], role, name, current=current or None))
            if k < len(names) - 1:
                sep = tokens[tokens.index(name[-1]) + 1]
                parts.append(_part(texts[sep.source], "text", [sep]))
        whole = parts[0].box
        for p in parts[1:]:
            whole = whole.union(p.box)
        out.extend(parts)
        trails.append(DetectedElement("breadcrumb", whole))
        done.update(chain)
    out.extend(e for i, e in enumerate(texts) if i not in done)
    return out, trails


def _part(
    src: DetectedElement, role: Role, tokens: Sequence[_Token], current: bool | None = None
) -> DetectedElement:
    """One name or separator of a trail: the columns of its words, the rows of the line it was read in,
    the colour of its own ink."""
    text = " ".join(t.text for t in tokens)
    cols = tokens[0].box.union(tokens[-1].box)
    box = src.box if text == src.text else Box(cols.x, src.box.y, cols.w, src.box.h)
    colour = tokens[0].colour
    style = replace(src.style, color=hex_colour(colour)) if colour is not None else src.style
    return replace(src, role=role, box=box, text=text, level=None, current=current, style=style)


def _chains(texts: Sequence[DetectedElement], body: BodyText) -> list[list[int]]:
    """Runs of text elements on one baseline, one font size, each at most a couple of spaces after the
    one before (what one line of text is made of). A separator read alone joins any row it sits on:
    its ink says little about the font size."""
    cands = sorted(
        (i for i, e in enumerate(texts) if e.role in _TEXTUAL and e.text and "\n" not in e.text),
        key=lambda i: (texts[i].box.cy, texts[i].box.x),
    )
    rows: list[list[int]] = []
    for i in sorted(cands, key=lambda i: texts[i].text in CRUMB_SEPARATORS):
        e = texts[i]
        em = font_em(e, body)
        glyph = (e.text or "").strip() in CRUMB_SEPARATORS
        row = next(
            (
                r
                for r in rows
                if abs(texts[r[0]].box.cy - e.box.cy) <= 0.3 * font_em(texts[r[0]], body)
                and (glyph or abs(font_em(texts[r[0]], body) - em) <= 0.2 * em)
            ),
            None,
        )
        if row is None:
            rows.append([i])
        else:
            row.append(i)
    chains: list[list[int]] = []
    for row in rows:
        row.sort(key=lambda i: texts[i].box.x)
        chain = [row[0]]
        for a, b in pairwise(row):
            if 0 <= texts[b].box.x - texts[a].box.x2 <= 1.2 * font_em(texts[row[0]], body):
                chain.append(b)
            else:
                chains.append(chain)
                chain = [b]
        chains.append(chain)
    return [c for c in chains if any(t in CRUMB_SEPARATORS for i in c for t in (texts[i].text or "").split())]


def _tokens(
    image: Rgb, texts: Sequence[DetectedElement], chain: Sequence[int], body: BodyText
) -> list[_Token] | None:
    """The words of a chain, each with its box and whether it is drawn as a link."""
    out: list[_Token] = []
    for i in chain:
        e = texts[i]
        words = (e.text or "").split()
        if len(words) == 1:
            boxes: list[Box] | None = [e.box]
        else:
            bg = background_around(image, e.box, 1, 2)
            boxes = token_boxes(image, e.box, words, bg, font_em(e, body)) if bg is not None else None
        if boxes is None:
            return None
        for word, box in zip(words, boxes, strict=True):
            colour = text_colour(image, box)
            link = e.role == "link" or (colour is not None and is_link_colour(colour, body.colour))
            out.append(_Token(word, box, i, link, colour))
    return out


def _names(tokens: Sequence[_Token]) -> list[list[_Token]] | None:
    """The names of a trail: the tokens between separators, when the whole chain is one trail."""
    names: list[list[_Token]] = [[]]
    glyphs: set[str] = set()
    for t in tokens:
        if t.text in CRUMB_SEPARATORS:
            glyphs.add(t.text)
            names.append([])
        else:
            names[-1].append(t)
    if len(names) < 2 or len(glyphs) != 1 or any(not n for n in names):
        return None
    for n in names:
        words = " ".join(t.text for t in n)
        if len(n) > MAX_WORDS or len(words) > MAX_CHARS:
            return None
    if not all(t.link for n in names[:-1] for t in n):
        return None  # a sentence: its words are body text
    return names


def _current(names: Sequence[Sequence[_Token]]) -> bool:
    """Whether the trail's last name is the page shown, drawn unlike the linked names before it: not a
    link, or (a line read whole, all of it a link by its commonest colour) in another colour."""
    last, first = names[-1], names[0]
    if not all(t.link for t in last):
        return True
    a, b = first[0].colour, last[0].colour
    return a is not None and b is not None and distance(a, b) >= COLOUR_APART
