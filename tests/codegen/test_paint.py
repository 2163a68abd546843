"""Backgrounds worth painting, the page colour, and text colours restored from video chroma."""

from __future__ import annotations

from replicast.codegen.nesting import nest_elements
from replicast.codegen.paint import (
    consensus,
    distance,
    own_background,
    page_background,
    restore_text_colour,
)
from replicast.codegen.styles import box_classes, text_classes
from replicast.codegen.theme import Theme
from replicast.spec.models import BoxShadow, Element, Screen, Style


def text(id_: str, x: int, y: int, bg: str, role: str = "text") -> Element:
    return Element(
        id=id_, role=role, bbox=[x, y, 80, 20], text=id_, style=Style(background=bg, color="#111111")
    )


def test_consensus_needs_a_strict_majority() -> None:
    assert consensus(["#ececec", "#ebebeb", "#ededed", "#000000"]) == "#ececec"
    assert consensus(["#ffffff", "#000000"]) is None
    assert consensus([]) is None


def test_the_page_takes_what_its_texts_agree_on_near_the_sampled_colour() -> None:
    # a textured page: the frame's mode is darker than what surrounds the texts
    screen = Screen(
        id="s",
        t=0,
        background="#dcdcdc",
        elements=[text("a", 10, 10, "#ececec"), text("b", 10, 40, "#ebebeb"), text("c", 10, 70, "#ededed")],
    )

    assert page_background(screen, nest_elements(screen.elements)) == "#ececec"


def test_texts_on_something_else_do_not_move_the_page() -> None:
    screen = Screen(
        id="s",
        t=0,
        background="#ffffff",
        elements=[text("a", 10, 10, "#1d4ed8"), text("b", 10, 40, "#1d4ed8")],
    )

    assert page_background(screen, nest_elements(screen.elements)) == "#ffffff"


def test_a_text_box_a_shade_off_its_container_is_not_painted() -> None:
    (placed,) = nest_elements([text("a", 0, 0, "#fafafa")])

    assert own_background(placed, "#ffffff") is None
    assert own_background(placed, "#1d4ed8") == "#fafafa"


def test_a_container_takes_the_colour_its_texts_sit_on() -> None:
    bar = Element(id="bar", role="nav", bbox=[0, 0, 1280, 40])
    (nav,) = nest_elements(
        [bar, text("home", 10, 10, "#27678f", "link"), text("lib", 100, 10, "#27678f", "link")]
    )

    assert own_background(nav, "#f8fafb") == "#27678f"
    assert all(own_background(c, "#27678f") is None for c in nav.children)


def test_a_box_that_differs_clearly_is_painted() -> None:
    button = Element(id="b", role="button", bbox=[0, 0, 80, 30], style=Style(background="#f4f4f4"))
    (placed,) = nest_elements([button])

    assert own_background(placed, "#ffffff") == "#f4f4f4"


def test_thin_text_gets_its_colour_back() -> None:
    # a link drawn in #007bff and recorded in 4:2:0 video reads as a washed-out blue
    restored = restore_text_colour("#3773b3", "#ffffff")
    assert distance(restored, "#007bff") < distance("#3773b3", "#007bff")
    # grey text stays grey, and a light label on a button is white
    assert restore_text_colour("#666666", "#ffffff") == "#666666"
    assert restore_text_colour("#cbffff", "#007afe") == "#ffffff"


def test_wide_strokes_keep_the_colour_they_showed() -> None:
    # a 94 px bold heading: its glyph cores are many chroma samples wide, nothing to restore
    assert restore_text_colour("#bb5b35", "#ffffff", stroke=14) == "#bb5b35"
    thin = restore_text_colour("#bb5b35", "#ffffff", stroke=1.6)
    middling = restore_text_colour("#bb5b35", "#ffffff", stroke=3.5)
    assert distance(thin, "#bb5b35") > distance(middling, "#bb5b35") > 0


def test_a_raised_card_is_painted_even_in_the_page_colour() -> None:
    shadow = [BoxShadow(dy=2, blur=4, alpha=0.2), BoxShadow(dy=25, blur=50, alpha=0.1)]
    card = Element(
        id="c",
        role="card",
        bbox=[0, 0, 300, 100],
        style=Style(background="#ededed", shadows=shadow, raised=True),
    )
    flat = card.model_copy(update={"style": Style(background="#ededed")})
    (placed,) = nest_elements([card])
    assert own_background(placed, "#ececec") == "#ededed"
    (placed,) = nest_elements([flat])
    assert own_background(placed, "#ececec") is None
    assert box_classes(card, Theme(), None)[-1] == "shadow-[0_2px_4px_#00000033,0_25px_50px_#0000001a]"


def test_an_italic_placeholder_leans_and_what_is_typed_does_not() -> None:
    style = Style(color="#757575", font_size=24, italic=True)
    field = Element(id="f", role="input", bbox=[0, 0, 400, 60], text="What needs to be done?", style=style)
    label = Element(id="t", role="text", bbox=[0, 0, 400, 30], text="an aside", style=style)
    assert "placeholder:italic" in text_classes(field, Theme(), placeholder=True)
    assert "italic" not in text_classes(field, Theme(), placeholder=True)
    assert "italic" in text_classes(label, Theme())


def test_a_bar_holding_a_breadcrumb_takes_the_colour_its_texts_sit_on_and_the_trail_none() -> None:
    bar = Element(id="bar", role="nav", bbox=[0, 0, 800, 40])
    trail = Element(id="trail", role="breadcrumb", bbox=[10, 10, 200, 20])
    roots = nest_elements(
        [bar, trail, text("home", 10, 10, "#27688f", "link"), text("docs", 100, 10, "#27688f")]
    )

    (nav,) = roots
    (crumbs,) = nav.children
    assert own_background(nav, "#ffffff") == "#27688f"
    assert own_background(crumbs, "#27688f") is None


def test_a_gradient_fill_is_painted_as_a_vertical_gradient() -> None:
    bar = Element(
        id="b",
        role="container",
        bbox=[0, 0, 500, 15],
        style=Style(background="#9c8880", background_end="#827670"),
    )
    theme = Theme(
        colours={"#9c8880": "tan", "#827670": "umber"}, values={"tan": "#9c8880", "umber": "#827670"}
    )

    assert box_classes(bar, theme, "#9c8880") == ["bg-linear-to-b from-tan to-umber"]
    assert box_classes(bar, theme, None) == []  # a parent that paints it decides: nothing of its own


def test_a_rule_under_a_box_is_a_bottom_border() -> None:
    bar = Element(id="b", role="container", bbox=[0, 0, 500, 16], style=Style(border_bottom="#655e5c"))
    theme = Theme(colours={"#655e5c": "umber"}, values={"umber": "#655e5c"})

    assert box_classes(bar, theme, None) == ["border-b", "border-umber"]
