"""Assemble the AppSpec from parsed screen states and inferred behaviour.

spec = assemble(meta, states, behaviour, image_paths)
"""

from __future__ import annotations

from collections.abc import Sequence

from replicast.pipeline.behaviour import Behaviour, TargetRef
from replicast.pipeline.pages import ScrolledPage
from replicast.pipeline.parse import ScreenState
from replicast.pipeline.responses import ReadResponse
from replicast.pipeline.viewport import Viewport
from replicast.spec.models import (
    AppSpec,
    BoxShadow,
    Element,
    Entity,
    Event,
    Page,
    Response,
    Screen,
    Style,
    TableLayout,
    Transition,
    VideoMeta,
)
from replicast.vision.base import Box
from replicast.vision.elements import DetectedElement, ElementStyle, Span, TableGrid
from replicast.vision.page import PagePaint
from replicast.vision.shadow import Shadow
from replicast.vision.style import hex_colour
from replicast.vision.typography import css_font_px

ASSET_ROLES = frozenset({"image", "icon"})


def screen_id(state: int) -> str:
    return f"s{state + 1}"


def element_id(state: int, element: int) -> str:
    return f"s{state + 1}e{element + 1}"


def assemble(
    video: VideoMeta,
    states: Sequence[ScreenState],
    behaviour: Behaviour,
    images: Sequence[str | None] = (),
    backgrounds: Sequence[PagePaint] = (),
    entities: Sequence[Entity] = (),
    responses: Sequence[ReadResponse | None] = (),
    revisits: Sequence[int | None] = (),
    pages: Sequence[ScrolledPage] = (),
    page_images: Sequence[str | None] = (),
) -> AppSpec:
    """The AppSpec of one recording. `images[i]` is the keyframe path of states[i] relative to OUT;
    `revisits[i]` the earlier state that states[i] shows again (`identity.ScreenIds.revisits`): the
    screen is then `same_as` that one, and transitions to and from it name that one. `pages` are the
    scrolled pages (`page_images[i]`: the path of pages[i]'s image); their states are their views."""

    def again(state: int) -> int:
        earlier = revisits[state] if state < len(revisits) else None
        return state if earlier is None else earlier

    view = {state: (p, at) for p in pages for state, at in zip(p.states, p.offsets, strict=True)}
    screens = [
        Screen(
            id=screen_id(s.index),
            t=round(s.t_start, 3),
            t_start=round(s.t_start, 3),
            t_end=round(s.t_end, 3),
            background=hex_colour(backgrounds[s.index].top) if s.index < len(backgrounds) else None,
            background_end=_end(backgrounds[s.index]) if s.index < len(backgrounds) else None,
            image=images[s.index] if s.index < len(images) else None,
            same_as=screen_id(again(s.index)) if again(s.index) != s.index else None,
            page=page_id(view[s.index][0].index) if s.index in view else None,
            scroll_x=view[s.index][1].x if s.index in view else None,
            scroll_y=view[s.index][1].y if s.index in view else None,
            elements=[_element(s.index, k, e) for k, e in enumerate(s.elements)],
        )
        for s in states
    ]
    events = [
        Event(
            t=round(max(0.0, e.t), 3),
            type=e.type,
            count=e.count,
            x=None if e.x is None else round(e.x, 1),
            y=None if e.y is None else round(e.y, 1),
            text=e.text,
            target=_ref(e.target),
            dx=None if e.dx is None else round(e.dx, 1),
            dy=e.dy,
        )
        for e in behaviour.events
    ]
    transitions = [
        Transition.model_validate(
            {
                "from": screen_id(again(c.before)),
                "to": screen_id(again(c.after)),
                "event": c.event,
                "response": _response(
                    c.after, responses[k] if k < len(responses) else None, states, again(c.after)
                ),
            }
        )
        for k, c in enumerate(behaviour.changes)
    ]
    return AppSpec(
        video=video,
        screens=screens,
        pages=[_page(p, page_images[p.index] if p.index < len(page_images) else None) for p in pages],
        events=events,
        transitions=transitions,
        entities=list(entities),
    )


def page_id(page: int) -> str:
    return f"p{page + 1}"


def _page(p: ScrolledPage, image: str | None) -> Page:
    pid = page_id(p.index)
    return Page(
        id=pid,
        width=p.width,
        height=p.height,
        image=image,
        header=p.header,
        footer=p.footer,
        left=p.left,
        right=p.right,
        screens=[screen_id(s) for s in p.states],
        elements=[_element_named(f"{pid}e{k + 1}", e) for k, e in enumerate(p.elements)],
    )


def to_video_coordinates(spec: AppSpec, vp: Viewport) -> AppSpec:
    """The spec of a cropped (and maybe 2x) page, with boxes and points mapped back to video pixels as
    the contract wants them, and the viewport recorded."""

    def element(e: Element) -> Element:
        table = None
        if e.table is not None:
            x, y = vp.point_to_video(0, 0)
            table = e.table.mapped(lambda v: round(x + v * vp.scale), lambda v: round(y + v * vp.scale))
        # sizes in the style too: they were measured on the page shrunk to CSS px
        style = None if e.style is None else e.style.scaled(vp.scale)
        return e.model_copy(
            update={"bbox": vp.box_to_video(Box(*e.bbox)).as_list(), "table": table, "style": style}
        )

    def event(e: Event) -> Event:
        upd: dict[str, float | None] = {}
        if e.x is not None and e.y is not None:
            upd["x"], upd["y"] = (round(v, 1) for v in vp.point_to_video(e.x, e.y))
        if e.dx is not None:
            upd["dx"] = e.dx * vp.scale
        if e.dy is not None:
            upd["dy"] = e.dy * vp.scale
        return e.model_copy(update=upd)

    def scaled(v: int | None) -> int | None:
        return None if v is None else round(v * vp.scale)

    screens = [
        s.model_copy(
            update={
                "elements": [element(e) for e in s.elements],
                "scroll_x": scaled(s.scroll_x),
                "scroll_y": scaled(s.scroll_y),
            }
        )
        for s in spec.screens
    ]
    pages = [
        p.model_copy(
            update={
                "elements": [element(e) for e in p.elements],
                "width": round(p.width * vp.scale),
                "height": round(p.height * vp.scale),
                "header": round(p.header * vp.scale),
                "footer": round(p.footer * vp.scale),
                "left": round(p.left * vp.scale),
                "right": round(p.right * vp.scale),
            }
        )
        for p in spec.pages
    ]
    return spec.model_copy(
        update={
            "screens": screens,
            "pages": pages,
            "events": [event(e) for e in spec.events],
            "viewport": vp.to_spec(),
        }
    )


def _response(
    state: int, r: ReadResponse | None, states: Sequence[ScreenState], shown: int
) -> Response | None:
    """The response, its target named in the screen `shown` (the earlier screen `state` shows again)."""
    if r is None:
        return None
    target = None if r.target is None else _same_element(states, state, shown, r.target)
    return Response(
        kind=r.kind,
        target=target,
        texts=list(r.texts),
        counters=list(r.counters),
    )


def _same_element(states: Sequence[ScreenState], state: int, shown: int, k: int) -> str | None:
    """The id, in state `shown`, of element k of state `state` (the same picture, so the same element
    where the detector found the same role in nearly the same place); None when there is none."""
    if shown == state:
        return element_id(state, k)
    mine = states[state].elements[k]
    for j, e in enumerate(states[shown].elements):
        inter = e.box.intersection(mine.box)
        if e.role == mine.role and inter >= 0.8 * max(e.box.area, mine.box.area):
            return element_id(shown, j)
    return None


def _ref(ref: TargetRef | None) -> str | None:
    return None if ref is None else element_id(ref.state, ref.element)


def asset_path(state: int, element: int) -> str:
    """Where the crop of an image or icon element is kept, relative to OUT."""
    return f"assets/{element_id(state, element)}.png"  # as `_element_named` names it


def _element(state: int, k: int, e: DetectedElement) -> Element:
    return _element_named(element_id(state, k), e)


def _element_named(eid: str, e: DetectedElement) -> Element:
    return Element(
        id=eid,
        role=e.role,
        bbox=e.box.as_list(),
        text=e.text,
        placeholder=e.placeholder,
        value=e.value,
        checked=e.checked,
        selected=e.selected,
        expanded=e.expanded,
        current=e.current,
        level=e.level,
        style=_style(e.style, e.text or e.value or e.placeholder or ""),
        asset=f"assets/{eid}.png" if e.role in ASSET_ROLES else None,
        table=None if e.table is None else _table(e.table),
    )


def _table(grid: TableGrid) -> TableLayout:
    def span(s: Span) -> list[int]:
        return [s.start, s.size]

    return TableLayout(
        header=None if grid.header is None else span(grid.header),
        rows=[span(r) for r in grid.rows],
        columns=[span(c) for c in grid.columns],
        row_rule=grid.row_rule,
        column_rule=grid.column_rule,
    )


def _end(paint: PagePaint) -> str | None:
    return None if paint.bottom is None else hex_colour(paint.bottom)


def _shadow(s: Shadow) -> BoxShadow:
    return BoxShadow(dy=s.dy, blur=s.blur, alpha=s.alpha)


def _style(s: ElementStyle, text: str) -> Style | None:
    """The spec's style of an element showing `text`: its font size in CSS px (`css_font_px`: the
    detectors' em reads a 16 px line as 16.7)."""
    if s == ElementStyle():
        return None
    return Style(
        color=s.color,
        background=s.background,
        background_end=s.background_end,
        border_color=s.border_color,
        border_bottom=s.border_bottom,
        font_size=None if s.font_size is None else round(css_font_px(text, s.font_size), 1),
        font_weight=s.font_weight,
        underline=s.underline,
        italic=s.italic,
        strike=s.strike,
        line_height=s.line_height,
        text_indent=s.text_indent,
        radius=s.radius,
        shadows=[_shadow(x) for x in s.shadows] or None,
        raised=s.raised,
    )
