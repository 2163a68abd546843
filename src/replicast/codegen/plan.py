"""Names for the generated project: one component, route and file per screen.

Screen ids come from the spec and are untrusted, so every name is derived through `escape` and made
unique. The screen shown first in the recording becomes the index route `/`.

    plans = plan_screens(spec)
    plans[0].component, plans[0].path     # ("S1Screen", "/")
"""

from __future__ import annotations

import re
from dataclasses import dataclass

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
