"""Theme tokens: clustered colours named by use and hue, font sizes on a ladder around the body size."""

from __future__ import annotations

from replicast.codegen.geometry import css_spec
from replicast.codegen.theme import ThemeUsage, build_theme
from replicast.spec.models import AppSpec, Element, Event, Screen, Style, VideoMeta, Viewport


def usage() -> ThemeUsage:
    u = ThemeUsage()
    for colour, weight in (("#2563eb", 5), ("#2664ea", 2), ("#111827", 40), ("#fefefe", 3), ("#dc2626", 1)):
        u.add_colour(colour, weight)
    u.ink["#111827"] += 40
    u.page["#fefefe"] += 1
    for size, weight in ((16.2, 30), (15.9, 10), (14, 5), (24, 3), (32.4, 1)):
        u.add_size(size, weight)
    return u


def test_jittered_samples_share_one_token_and_roles_name_the_main_ones() -> None:
    theme = build_theme(usage())

    assert theme.colour("#2563eb") == theme.colour("#2664ea") == "blue-450"
    assert theme.colour("#111827") == "ink" and theme.colour("#fefefe") == "page"
    assert theme.values["page"] == "#ffffff"  # snapped to white
    assert theme.colour("#dc2626").startswith("red-")
    assert theme.colour("#123456") == "[#123456]"  # unlike any token: an arbitrary value


def test_font_sizes_form_a_ladder_around_the_body_size() -> None:
    theme = build_theme(usage())

    assert [theme.font_size(s) for s in (16.2, 15.9, 14, 24, 32.4, 50)] == [
        "base",
        "base",
        "sm",
        "lg",
        "xl",
        "[50px]",
    ]
    css = theme.css()
    assert "--color-*: initial;" in css and "--text-base: 1rem; /* 16px */" in css


def test_css_px_come_from_the_viewport() -> None:
    spec = AppSpec(
        video=VideoMeta(width=1920, height=1080, fps=30, duration=1),
        viewport=Viewport(x=100, y=50, width=800, height=500, scale=2),
        screens=[
            Screen(
                id="s",
                t=0,
                elements=[
                    Element(
                        id="e", role="text", bbox=[300, 150, 200, 40], style=Style(font_size=32, radius=8)
                    )
                ],
            )
        ],
        events=[Event(t=0, type="click", x=500, y=250)],
    )

    page = css_spec(spec)

    assert (page.video.width, page.video.height) == (800, 500)
    element = page.screens[0].elements[0]
    assert element.bbox == [100, 50, 100, 20]
    assert element.style is not None and (element.style.font_size, element.style.radius) == (16, 4)
    assert (page.events[0].x, page.events[0].y) == (200, 100)
