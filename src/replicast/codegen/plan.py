"""Names for the generated project: one component, route and file per screen.

Screen ids come from the spec and are untrusted, so every name is derived through `escape` and made
unique. The screen shown first in the recording becomes the index route `/`. A screen the recording
showed again (`Screen.same_as`) is the same route: `merge_revisits` drops it and leads its transitions
to the earlier one. A scrolled page is one route too: `merge_pages` has its first view draw it whole.

    plans = plan_screens(merge_revisits(merge_pages(spec)))
    plans[0].component, plans[0].path     # ("S1Screen", "/")
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from replicast.codegen.behaviour import element_at
from replicast.codegen.escape import identifier, slug, unique
from replicast.spec.models import AppSpec, Screen

EMPTY_SCREEN = Screen(id="start", t=0.0)


@dataclass(frozen=True, slots=True)
class ScreenPlan:
    screen: Screen
    component: str
    """PascalCase component name, also the module name under src/screens/ (e.g. "LoginScreen")."""
    route_key: str
    """camelCase key in `paths` (src/routes.ts), e.g. "login"."""
    path: str
    """Route path: "/" for the first screen, else "/<slug>"."""


def merge_pages(spec: AppSpec) -> AppSpec:
    """`spec` with each scrolled page (`AppSpec.pages`) drawn whole by its first view: that screen holds
    the page's elements, the later views show it again (`same_as`, for `merge_revisits`), and an event
    that acted on a scrolled view targets the page's element where the page was then."""
    screens = {s.id: s for s in spec.screens}
    first_view: dict[str, str] = {}
    pages = {p.id: p for p in spec.pages if p.elements and any(v in screens for v in p.screens)}
    if not pages:
        return spec
    for p in pages.values():
        first_view[p.id] = min((v for v in p.screens if v in screens), key=lambda v: screens[v].t)
    events = list(spec.events)
    for tr in spec.transitions:
        view = screens.get(tr.from_)
        if view is None or view.page not in pages or tr.event is None or tr.event >= len(events):
            continue
        page, event = pages[view.page], events[tr.event]
        if event.x is None or event.y is None or event.target in {e.id for e in page.elements}:
            continue
        x = event.x if event.x < page.left else event.x + (view.scroll_x or 0)
        y = event.y if event.y < page.header else event.y + (view.scroll_y or 0)
        hit = element_at(page.elements, x, y)
        events[tr.event] = event.model_copy(update={"target": hit.id if hit is not None else None})
    out: list[Screen] = []
    for s in spec.screens:
        first = first_view.get(s.page or "")
        if first == s.id:
            page = pages[s.page or ""]
            size = {"height": page.height, "width": page.width if page.width > spec.video.width else None}
            out.append(s.model_copy(update={"elements": list(page.elements), **size}))
        elif first is not None and s.same_as is None:
            out.append(s.model_copy(update={"same_as": first}))
        else:
            out.append(s)
    return spec.model_copy(update={"screens": out, "events": events})


def merge_revisits(spec: AppSpec) -> AppSpec:
    """`spec` without the screens that show an earlier one again; transitions to and from them lead to
    and from that one. A `same_as` naming no earlier screen keeps its screen."""
    order = {s.id: i for i, s in enumerate(spec.screens)}
    again = {s.id: s.same_as for s in spec.screens if s.same_as is not None}

    def first(screen_id: str) -> str:
        # only ever back to an earlier screen: no cycle
        while (to := again.get(screen_id)) in order and order[to] < order[screen_id]:
            screen_id = to
        return screen_id

    kept = [s for s in spec.screens if first(s.id) == s.id]
    if len(kept) == len(spec.screens):
        return spec
    transitions = [
        t.model_copy(update={"from_": first(t.from_), "to": first(t.to)}) for t in spec.transitions
    ]
    return spec.model_copy(update={"screens": kept, "transitions": transitions})


def plan_screens(spec: AppSpec) -> tuple[ScreenPlan, ...]:
    """One plan per screen, the first screen (earliest `t`) first; a spec without screens gets one
    empty screen so the app still has something to show."""
    screens = list(spec.screens) or [EMPTY_SCREEN]
    start = min(range(len(screens)), key=lambda i: (screens[i].t, i))
    ordered = [screens[start], *screens[:start], *screens[start + 1 :]]
    components: set[str] = set()
    keys: set[str] = set()
    paths: set[str] = {"/"}
    plans: list[ScreenPlan] = []
    for i, screen in enumerate(ordered):
        component = identifier(screen.id, style="pascal", fallback="Screen")
        if not component.endswith("Screen") and not re.fullmatch(r"Screen\d+", component):
            component += "Screen"
        component = unique(component, components)
        key = unique(identifier(screen.id, fallback="screen"), keys, sep="_")
        path = "/" if i == 0 else unique("/" + slug(screen.id), paths, sep="-")
        components.add(component)
        keys.add(key)
        paths.add(path)
        plans.append(ScreenPlan(screen=screen, component=component, route_key=key, path=path))
    return tuple(plans)
