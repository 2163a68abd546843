"""Screen modules: semantic tags per role, styles as Tailwind classes, imports only when used."""

from __future__ import annotations

from replicast.codegen.behaviour import Navigation
from replicast.codegen.plan import ScreenPlan, plan_screens
from replicast.codegen.screens import GENERATED_HEADER, screen_module
from replicast.spec.models import AppSpec, Element, Screen, Style
from tests.codegen.specs import sign_in_spec, video


def render(
    elements: list[Element], navs: tuple[Navigation, ...] = (), assets: dict[str, str] | None = None
) -> str:
    screen = Screen(id="s1", t=0, elements=elements)
    plan = ScreenPlan(screen=screen, component="S1Screen", route_key="s1", path="/")
    return screen_module(
        plan,
        viewport=(1280, 720),
        navigations=navs,
        route_keys={"s1": "s1", "s2": "s2"},
        asset_files=assets or {},
    )


def el(role: str, **fields: object) -> Element:
    return Element.model_validate({"id": role, "role": role, "bbox": [10, 20, 100, 30], **fields})


def test_a_button_with_style() -> None:
    style = Style(color="#ffffff", background="#2563eb", border_color="#1d4ed8", font_size=14, radius=6.4)

    source = render([el("button", text="Save", style=style)])

    assert '<button\n        type="button"' in source
    for cls in ("ml-[10px]", "mt-[20px]", "w-[100px]", "h-[30px]", "text-[#ffffff]"):
        assert cls in source
    for cls in ("bg-[#2563eb]", "border border-[#1d4ed8]", "text-[14px]", "rounded-[6px]"):
        assert cls in source
    assert '{"Save"}' in source


def test_roles_become_semantic_tags() -> None:
    cases: dict[str, tuple[str, dict[str, object]]] = {
        "heading": ("<h3", {"level": 3, "text": "T"}),
        "text": ("<p", {"text": "T"}),
        "badge": ("<span", {"text": "3"}),
        "link": ("<a", {"text": "More"}),
        "textarea": ("<textarea", {}),
        "nav": ("<nav", {}),
        "card": ("<section", {}),
        "list": ('role="list"', {}),
        "dialog": ('role="dialog"', {}),
        "container": ("<div", {}),
    }
    for role, (tag, fields) in cases.items():
        assert tag in render([el(role, **fields)]), role


def test_inputs_carry_placeholder_value_and_a_label() -> None:
    source = render([el("input", placeholder="Email", value="ada@example.com")])

    assert 'type="email"' in source
    assert 'placeholder={"Email"}' in source
    assert 'defaultValue={"ada@example.com"}' in source
    assert 'aria-label={"Email"}' in source


def test_password_fields_are_password_inputs() -> None:
    assert 'type="password"' in render([el("input", placeholder="Password")])
    assert 'type="password"' in render([el("input", value="••••••")])
    assert "defaultValue" not in render([el("input", value="••••••")])


def test_toggles_and_selects() -> None:
    source = render([el("checkbox", checked=True, text="Remember me"), el("radio"), el("switch")])

    assert source.count('type="checkbox"') == 2
    assert 'type="radio"' in source and 'role="switch"' in source
    assert "defaultChecked" in source and 'aria-label={"Remember me"}' in source
    assert '<option>{"Paris"}</option>' in render([el("select", value="Paris")])


def test_list_items_nest_in_ul_and_tables_carry_aria_roles() -> None:
    source = render(
        [
            el("list"),
            Element(id="li", role="listitem", bbox=[10, 20, 100, 10], text="One", parent="list"),
            Element(id="t", role="table", bbox=[0, 100, 200, 100]),
            Element(id="r", role="row", bbox=[0, 100, 200, 20], parent="t"),
            Element(id="c", role="cell", bbox=[0, 100, 50, 20], parent="r", text="A1"),
        ]
    )

    assert "<ul" in source and "<li" in source
    for role in ("table", "row", "cell"):
        assert f'role="{role}"' in source


def test_a_list_holding_other_things_falls_back_to_aria_roles() -> None:
    source = render([el("list"), Element(id="x", role="button", bbox=[10, 20, 10, 10], parent="list")])

    assert 'role="list"' in source and "<ul" not in source


def test_icon_only_button_gets_a_label_and_its_image() -> None:
    source = render([el("button", asset="assets/gear.png")], assets={"assets/gear.png": "gear.png"})

    assert 'aria-label={"Button"}' in source
    assert 'import gearPng from "../assets/gear.png";' in source
    assert 'src={gearPng} alt=""' in source


def test_a_labelled_button_draws_its_icon_beside_the_label_and_centres_both() -> None:
    button = Element(id="b", role="button", bbox=[100, 400, 500, 44], text="Register with Google")
    icon = Element(id="i", role="icon", bbox=[296, 413, 17, 17], asset="assets/g.png")

    source = render([button, icon], assets={"assets/g.png": "g.png"})

    # in the flow before the label, not laid over it (the label centred alone would cover it)
    opened = source.index('data-testid={"b"}')
    assert source.index('src={gPng} alt=""', opened) < source.index('{"Register with Google"}', opened)
    assert "absolute" not in source
    assert "flex items-center justify-center gap-[6px]" in source


def test_a_side_nav_item_set_left_keeps_its_indent_and_a_centred_one_is_centred() -> None:
    left = Element(id="l", role="link", bbox=[0, 227, 250, 43], text="Widgets", style=Style(text_indent=58))
    centred = Element(id="c", role="link", bbox=[0, 270, 250, 43], text="Charts")

    source = render([left, centred])

    first, second = source.index('data-testid={"l"}'), source.index('data-testid={"c"}')
    at_left = source[source.rfind("<a", 0, first) : first]
    at_centre = source[source.rfind("<a", 0, second) : second]
    assert "pl-[58px]" in at_left and "justify-center" not in at_left
    assert "justify-center" in at_centre and "pl-[" not in at_centre


def test_an_icon_across_a_buttons_middle_stays_where_it_was_drawn() -> None:
    button = Element(id="b", role="button", bbox=[100, 400, 500, 44], text="Go")
    icon = Element(id="i", role="icon", bbox=[340, 413, 40, 17], asset="assets/g.png")

    source = render([button, icon], assets={"assets/g.png": "g.png"})

    assert "absolute left-[240px] top-[13px]" in source


def test_struck_text_is_drawn_struck() -> None:
    source = render([el("text", text="Book flights", style=Style(strike=True)), el("link", text="Open")])

    assert source.count("line-through") == 1


def test_images_without_a_crop_are_labelled_boxes() -> None:
    source = render([el("image", text="Logo"), el("icon")])

    assert 'role="img"' in source and 'aria-label={"Logo"}' in source
    assert 'aria-hidden="true"' in source
    assert "<img" not in source


def test_navigation_handlers_and_their_imports() -> None:
    navs = (
        Navigation(to="s2", on="click", element="button"),
        Navigation(to="s2", on="click", element="link"),
        Navigation(to="s2", on="key", element="input", key="Enter"),
        Navigation(to="s2", on="key", element=None, key="Escape"),
    )

    source = render([el("button", text="Go"), el("link", text="Next"), el("input")], navs)

    assert 'import { Link, useNavigate } from "react-router-dom";' in source
    assert 'import { paths } from "../routes";' in source
    assert "onClick={() => navigate(paths.s2)}" in source
    assert "<Link\n" in source and "to={paths.s2}" in source
    assert (
        'onKeyDown={(event) => {\n          if (event.key === "Enter") navigate(paths.s2);\n        }}'
        in source
    )
    assert "const screenKeys: Readonly<Record<string, string>> = { Escape: paths.s2 };" in source
    assert "useKeyNavigation(screenKeys);" in source


def test_a_static_screen_imports_only_the_frame() -> None:
    source = render([el("text", text="Hello")])

    assert source.startswith(GENERATED_HEADER)
    assert "react-router-dom" not in source and "paths" not in source and "navigate" not in source
    assert 'import { ScreenFrame } from "../components/ScreenFrame";' in source


def test_passive_text_lets_clicks_through_to_controls() -> None:
    source = render([el("input"), el("text", text="Search")])

    assert source.count("pointer-events-none") == 1
    assert "relative" in source and "absolute" in source  # a field cannot hold text: an overlay


def test_text_inside_a_button_is_its_content() -> None:
    source = render([el("button", text="Go"), el("text", text="!")])

    assert "<span" in source and "pointer-events-none" not in source


def test_tall_screens_tell_the_frame_their_height_and_backgrounds_are_classes() -> None:
    screen = Screen(
        id="s",
        t=0,
        background="#fafafa",
        elements=[Element(id="x", role="text", bbox=[0, 1500, 10, 20], text="end")],
    )
    plan = ScreenPlan(screen=screen, component="SScreen", route_key="s", path="/")

    source = screen_module(plan, viewport=(1280, 720), navigations=(), route_keys={"s": "s"}, asset_files={})

    assert '<ScreenFrame className="bg-[#fafafa] flex flex-col items-start" height={1520}>' in source


def test_a_page_that_fades_from_top_to_bottom_is_a_gradient() -> None:
    screen = Screen(id="s", t=0, background="#4e73df", background_end="#224abe")
    plan = ScreenPlan(screen=screen, component="SScreen", route_key="s", path="/")

    source = screen_module(plan, viewport=(1280, 720), navigations=(), route_keys={"s": "s"}, asset_files={})

    assert 'className="bg-linear-to-b from-[#4e73df] to-[#224abe]"' in source


def test_screen_plans_name_and_route_every_screen_uniquely() -> None:
    spec = AppSpec(
        video=video(),
        screens=[
            Screen(id="a b", t=2),
            Screen(id="a-b", t=0),
            Screen(id="1", t=3),
            Screen(id="screen", t=4),
            Screen(id="ScreenFrame", t=5),
        ],
    )

    plans = plan_screens(spec)

    assert [(p.component, p.route_key, p.path) for p in plans] == [
        ("ABScreen", "aB", "/"),
        ("ABScreen2", "aB_2", "/a-b"),
        ("Screen1", "screen1", "/1"),
        ("Screen", "screen", "/screen"),
        ("ScreenFrameScreen", "screenFrame", "/screenframe"),
    ]


def test_a_spec_without_screens_still_has_a_first_screen() -> None:
    plans = plan_screens(AppSpec(video=video()))

    assert [p.path for p in plans] == ["/"]


def test_the_sign_in_flow_renders() -> None:
    plans = plan_screens(sign_in_spec())

    assert [p.component for p in plans] == ["SignInScreen", "HomeScreen", "SettingsScreen"]


def test_a_full_width_bar_stopping_short_of_the_edge_means_the_page_scrolled() -> None:
    bar = Element(id="bar", role="nav", bbox=[0, 0, 1265, 40])
    plan = ScreenPlan(
        screen=Screen(id="s", t=0, elements=[bar]), component="SScreen", route_key="s", path="/"
    )

    source = screen_module(plan, viewport=(1280, 720), navigations=(), route_keys={"s": "s"}, asset_files={})

    assert "height={721}" in source


def test_text_in_a_field_is_a_value_when_it_was_typed_else_a_placeholder() -> None:
    faint = Style(color="#747474", background="#f8f8f8")
    typed = frozenset({"Read chapter 4"})

    def source(text: str) -> str:
        field = el("input", text=text, value=text, style=faint)
        plan = ScreenPlan(
            screen=Screen(id="s1", t=0, elements=[field]), component="S", route_key="s1", path="/"
        )
        return screen_module(
            plan, viewport=(1280, 720), navigations=(), route_keys={"s1": "s1"}, asset_files={}, typed=typed
        )

    before, after = source("What needs to be done?"), source("Read chapter 4")

    assert 'placeholder={"What needs to be done?"}' in before and "defaultValue" not in before
    assert 'defaultValue={"Read chapter 4"}' in after


def test_a_scroll_that_showed_another_view_is_a_wheel_navigation() -> None:
    source = render([el("text", text="Top")], (Navigation(to="s2", on="scroll", element=None, key="down"),))

    assert 'import { useScrollNavigation } from "../hooks/useScrollNavigation";' in source
    assert "const scrollTo = { down: paths.s2 } as const;" in source
    assert "  useScrollNavigation(scrollTo);" in source


def test_a_scroll_sideways_to_another_view_is_a_wheel_navigation_too() -> None:
    navs = (
        Navigation(to="s2", on="scroll", element=None, key="right"),
        Navigation(to="s1", on="scroll", element=None, key="up"),
    )

    source = render([el("text", text="Left")], navs)

    assert "const scrollTo = { right: paths.s2, up: paths.s1 } as const;" in source


def test_a_page_wider_than_the_viewport_is_laid_out_as_wide() -> None:
    wide = Screen(id="s1", t=0, width=2000, elements=[el("text", text="Far", bbox=[1800, 40, 120, 20])])
    plan = ScreenPlan(screen=wide, component="S", route_key="s1", path="/")

    source = screen_module(
        plan, viewport=(1280, 720), navigations=(), route_keys={"s1": "s1"}, asset_files={}
    )

    assert "width={2000}" in source and "height=" not in source


def test_a_container_with_nothing_to_click_lets_clicks_through_and_one_with_a_control_does_not() -> None:
    def box(id_: str, role: str, bbox: list[int], **fields: object) -> Element:
        return Element.model_validate({"id": id_, "role": role, "bbox": bbox, **fields})

    source = render(
        [
            box("side", "link", [0, 300, 200, 40], text="Skills"),
            box("table", "table", [150, 280, 650, 120]),
            box("cell", "text", [320, 290, 300, 30], text="School", parent="table"),
            box("form", "container", [300, 500, 400, 100]),
            box("go", "button", [320, 520, 100, 40], text="Go", parent="form"),
        ]
    )

    def classes_of(test_id: str) -> str:
        at = source.index(f'data-testid={{"{test_id}"}}')
        return source[source.rindex("className=", 0, at) : at]

    assert "pointer-events-none" in classes_of("table")
    assert "pointer-events-none" not in classes_of("form")


def _bar_over(under: Element, bar_colour: str) -> str:
    """The className of a top bar in `bar_colour` with a link in it, laid over `under` on a screen."""
    bar = Element.model_validate(
        {"id": "bar", "role": "nav", "bbox": [0, 0, 1265, 56], "style": {"background": bar_colour}}
    )
    link = Element(id="home", role="link", bbox=[300, 18, 40, 20], text="Home", parent="bar")
    source = render([under, bar, link])
    at = source.index('data-testid={"bar"}')
    return source[source.rindex("className=", 0, at) : at]


def _panel(bbox: list[int], colour: str) -> Element:
    return Element.model_validate(
        {"id": "panel", "role": "container", "bbox": bbox, "style": {"background": colour}}
    )


def test_a_bar_laid_over_a_grey_column_keeps_its_white_though_the_screen_is_white() -> None:
    # AdminLTE: a white top bar across the top of the grey content column, on a white screen
    classes = _bar_over(_panel([250, 0, 1030, 720], "#f3f4f9"), "#ffffff")

    # (the screen's white is what the theme calls the page)
    assert "bg-page" in classes or "bg-[#ffffff]" in classes, classes


def test_a_bar_crossing_a_sidebar_of_its_colour_keeps_it_over_the_rest() -> None:
    # AdminLTE dark: a #343a40 bar from the screen's left edge, a #343a40 sidebar under its first 250 px
    classes = _bar_over(_panel([0, 0, 255, 720], "#343a40"), "#343a40")

    assert " bg-" in classes, classes


def test_underlined_text_is_underlined() -> None:
    source = render([el("link", text="json", style=Style(underline=True)), el("text", text="plain")])

    assert source.count(" underline") == 1


def test_a_paragraph_is_one_text_that_keeps_its_lines_and_line_height() -> None:
    style = Style(font_size=14, line_height=24)
    source = render([el("text", text="Bring to the table\nwin-win strategies", style=style)])

    assert source.count("<p") == 1
    assert "whitespace-pre" in source and "leading-[24px]" in source
    assert '"Bring to the table\\nwin-win strategies"' in source


def test_fields_the_recording_focused_show_that_look_instead_of_the_browser_ring() -> None:
    fields = [el("input", placeholder="Email"), el("select", value="Paris"), el("button", text="Go")]
    fields[1] = fields[1].model_copy(update={"id": "city"})
    plain = render(fields)
    assert "outline-hidden" not in plain and "focus:" not in plain

    screen = Screen(id="s1", t=0, elements=fields)
    plan = ScreenPlan(screen=screen, component="S1Screen", route_key="s1", path="/")
    looks = {"input": "#bac8f3", "city": None}
    source = screen_module(
        plan, viewport=(1280, 720), navigations=(), route_keys={"s1": "s1"}, asset_files={}, focus_looks=looks
    )
    assert source.count("outline-hidden") == 2
    assert source.count("focus:border-[#bac8f3]") == 1


def test_tabs_are_a_tablist_of_tab_buttons_with_the_active_one_selected() -> None:
    source = render(
        [
            Element(id="tl", role="tablist", bbox=[10, 20, 300, 40]),
            Element(id="a", role="tab", bbox=[10, 20, 100, 40], text="Home", selected=True),
            Element(id="b", role="tab", bbox=[110, 20, 100, 40], text="Profile", selected=False),
        ]
    )

    assert 'role="tablist"' in source
    assert 'role="tab"' in _tag_holding(source, "Home") and 'role="tab"' in _tag_holding(source, "Profile")
    assert 'aria-selected="true"' in _tag_holding(source, "Home")
    assert 'aria-selected="false"' in _tag_holding(source, "Profile")


def test_a_breadcrumb_is_a_labelled_nav_of_an_ordered_list_ending_at_the_current_page() -> None:
    source = render(
        [
            Element(id="bc", role="breadcrumb", bbox=[10, 20, 200, 20]),
            Element(id="home", role="link", bbox=[10, 20, 40, 20], text="Home"),
            Element(id="sep", role="text", bbox=[55, 20, 8, 20], text="/"),
            Element(id="here", role="text", bbox=[70, 20, 60, 20], text="Data", current=True),
        ]
    )

    assert 'aria-label="Breadcrumb"' in source[source.index("<nav") : source.index("<ol")]
    assert source.index("<ol") < source.index("<li") < source.index('{"Home"}')
    assert source.count("<li") == 3
    assert 'aria-hidden="true"' in _tag_holding(source, "/")
    assert 'aria-current="page"' in _tag_holding(source, "Data")
    assert "aria-current" not in _tag_holding(source, "Home")


def test_accordion_headers_are_buttons_saying_whether_they_are_open() -> None:
    source = render(
        [
            Element(id="acc", role="accordion", bbox=[10, 20, 500, 200]),
            Element(id="h1", role="button", bbox=[10, 20, 500, 56], text="Shipping", expanded=True),
            Element(id="p", role="text", bbox=[30, 90, 300, 20], text="Orders ship in two days."),
            Element(id="h2", role="button", bbox=[10, 164, 500, 56], text="Returns", expanded=False),
        ]
    )

    assert 'aria-expanded="true"' in _tag_holding(source, "Shipping")
    assert 'aria-expanded="false"' in _tag_holding(source, "Returns")


def test_a_dialog_is_modal_and_named_by_its_heading() -> None:
    source = render(
        [
            Element(id="d", role="dialog", bbox=[300, 200, 400, 200]),
            Element(id="t", role="heading", bbox=[320, 220, 300, 30], text="Delete this project?", level=2),
            Element(id="ok", role="button", bbox=[320, 300, 120, 36], text="Delete"),
        ]
    )

    assert 'role="dialog"' in source and 'aria-modal="true"' in source
    assert 'aria-label={"Delete this project?"}' in source


def _tag_holding(source: str, text: str) -> str:
    """The opening tag of the element whose content is the string literal `text`."""
    end = source.index(f'{{"{text}"}}')
    return source[source.rfind("<", 0, end) : end]


def test_a_checkbox_drawn_by_an_icon_is_the_icon_under_a_transparent_input() -> None:
    box = Element(id="s1e2", role="checkbox", bbox=[366, 282, 41, 41], checked=True)
    icon = Element(id="s1e1", role="icon", bbox=[379, 295, 15, 15], asset="assets/s1e1.png")

    source = render([icon, box], assets={"assets/s1e1.png": "s1e1.png"})

    label = source.index("<label")
    control = source.index('type="checkbox"', label)
    drawing = source.index("<img", control)
    assert label < control < drawing < source.index("</label>")
    assert "absolute inset-0 m-0 opacity-0 cursor-pointer pointer-events-auto" in source
    assert "defaultChecked" in source
    assert 'data-testid={"s1e2"}' in source and 'data-testid={"s1e2-look"}' not in source.split("<input")[1]
    assert source.count('type="checkbox"') == 1
