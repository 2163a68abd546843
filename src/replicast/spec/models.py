"""AppSpec models: what replicast understood of a recording (DESIGN.md 3.1).

Coordinates are video pixels, times are seconds from the first frame. The models are the public
contract: they change by adding optional fields; a breaking change bumps `SPEC_VERSION` and gets an ADR.

    spec = AppSpec(video=VideoMeta(width=1280, height=720, fps=30, duration=12.0), screens=[...])
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

SPEC_VERSION: Literal["1"] = "1"

Role = Literal[
    "button",
    "link",
    "input",
    "textarea",
    "checkbox",
    "radio",
    "switch",
    "select",
    "tab",
    "tablist",
    "breadcrumb",
    "accordion",
    "text",
    "heading",
    "image",
    "icon",
    "list",
    "listitem",
    "nav",
    "card",
    "table",
    "row",
    "cell",
    "badge",
    "alert",
    "dialog",
    "container",
]
INTERACTIVE_ROLES: frozenset[str] = frozenset(
    {"button", "link", "input", "textarea", "checkbox", "radio", "switch", "select", "tab"}
)
FIELD_ROLES: frozenset[str] = frozenset({"input", "textarea", "select"})
"""roles that hold a value a person enters or picks."""
CONTAINER_ROLES: frozenset[str] = frozenset(
    {
        "container",
        "card",
        "nav",
        "list",
        "listitem",
        "table",
        "row",
        "cell",
        "dialog",
        "alert",
        "tablist",
        "breadcrumb",
        "accordion",
    }
)
"""Roles that only hold other elements (they carry no text of their own)."""
EventType = Literal["click", "type", "key", "scroll", "navigate", "hover", "drag"]
"""A double click is a `click` with `count` 2 (see `Event.count`)."""

BBox = Annotated[list[int], Field(min_length=4, max_length=4, description="[x, y, w, h] in video pixels")]
Span = Annotated[
    list[int], Field(min_length=2, max_length=2, description="[start, size] along one axis, video pixels")
]
Colour = Annotated[str, Field(pattern=r"^#[0-9a-f]{6}$", description="#rrggbb")]


def rgb_of(colour: str) -> tuple[int, int, int]:
    """The channels (0..255) of a "#rrggbb" colour."""
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class VideoMeta(_Model):
    width: int = Field(gt=0)
    height: int = Field(gt=0)
    fps: float = Field(gt=0)
    duration: float = Field(ge=0)
    codec: str | None = None
    container: str | None = None


class Viewport(_Model):
    """Where the web page's viewport lies in the video, and its CSS size.

    Video px = (x, y) + scale * CSS px. A recording of the page alone has x = y = 0 and scale 1.
    """

    x: int = Field(0, ge=0)
    y: int = Field(0, ge=0)
    width: int = Field(gt=0, description="CSS px")
    height: int = Field(gt=0, description="CSS px")
    scale: float = Field(1.0, gt=0, description="device pixel ratio (2 for a HiDPI recording)")


class BoxShadow(_Model):
    """One black drop shadow: CSS `box-shadow: 0 {dy}px {blur}px rgba(0, 0, 0, {alpha})`."""

    dy: float = Field(ge=-200, le=200, description="px the shadow sits below the box (negative: above)")
    blur: float = Field(ge=0, le=400, description="blur radius, px")
    alpha: float = Field(gt=0, le=1, description="opacity of the black shadow")


class Style(_Model):
    """Style sampled from pixels."""

    color: Colour | None = None
    background: Colour | None = None
    background_end: Colour | None = Field(
        default=None, description="the fill fades vertically from `background` at the top to this colour"
    )
    border_color: Colour | None = None
    border_bottom: Colour | None = Field(
        default=None, description="a 1 px rule along the bottom edge only, inside the box"
    )
    font_size: float | None = Field(default=None, gt=0, description="text height in px")
    font_weight: Literal["normal", "bold"] | None = None
    underline: bool | None = Field(default=None, description="the text is underlined")
    italic: bool | None = Field(default=None, description="the text leans (italic or oblique)")
    strike: bool | None = Field(default=None, description="the text has a line through it (a done item)")
    line_height: float | None = Field(
        default=None, gt=0, description="px between the baselines of a multi-line text's lines"
    )
    text_indent: float | None = Field(
        default=None,
        ge=0,
        description="px from the box's left edge to its text, for a text set left in a box much wider "
        "than it (a side nav's item); none: centred",
    )
    radius: float | None = Field(default=None, ge=0)
    shadows: list[BoxShadow] | None = Field(default=None, description="drop shadows, tight first")
    raised: bool | None = Field(
        default=None, description="stands off the page (casts a shadow or lies on one): opaque"
    )

    def scaled(self, k: float) -> Style:
        """The style with its sizes (font size, line height, indent, radius, shadows) `k` times larger:
        from the page's CSS px to a HiDPI video's px (k = scale) and back (k = 1 / scale)."""
        if k == 1:
            return self

        def times(v: float | None) -> float | None:
            return None if v is None else round(v * k, 1)

        return self.model_copy(
            update={
                "font_size": times(self.font_size),
                "radius": times(self.radius),
                "line_height": times(self.line_height),
                "text_indent": times(self.text_indent),
                "shadows": None
                if self.shadows is None
                else [x.model_copy(update={"dy": times(x.dy), "blur": times(x.blur)}) for x in self.shadows],
            }
        )


class TableLayout(_Model):
    """How a table's cells line up: its header row (when it has one), its body rows and its columns.

    They tile the table's bbox: the header row at its top, the body rows under it top to bottom, the
    columns left to right, each starting where the one before ends. The cells' contents are the table's
    child elements (texts, links, icons), each in the row and column its box falls in.
    """

    header: Span | None = Field(default=None, description="[y, h] of the header row (column names)")
    rows: list[Span] = Field(min_length=1, description="[y, h] of each body row, top to bottom")
    columns: list[Span] = Field(min_length=1, description="[x, w] of each column, left to right")
    row_rule: Colour | None = Field(
        default=None,
        description="a 1 px line along the top of each body row but a first one with no header above it",
    )
    column_rule: Colour | None = Field(
        default=None, description="a 1 px line along the right edge of each body cell"
    )

    def mapped(self, x: Callable[[float], int], y: Callable[[float], int]) -> TableLayout:
        """The layout with each edge moved by `x` (columns) and `y` (rows): another coordinate space."""

        def span(s: list[int], f: Callable[[float], int]) -> list[int]:
            return [f(s[0]), max(0, f(s[0] + s[1]) - f(s[0]))]

        return self.model_copy(
            update={
                "header": None if self.header is None else span(self.header, y),
                "rows": [span(r, y) for r in self.rows],
                "columns": [span(c, x) for c in self.columns],
            }
        )


class Element(_Model):
    id: str
    role: Role
    bbox: BBox
    text: str | None = None
    placeholder: str | None = None
    value: str | None = None
    checked: bool | None = None
    selected: bool | None = Field(default=None, description="a tab: whether it is the active one")
    expanded: bool | None = Field(
        default=None, description="an accordion's header button: whether its section is open"
    )
    current: bool | None = Field(
        default=None, description="a breadcrumb's item: it names the page shown (aria-current)"
    )
    level: int | None = Field(default=None, ge=1, le=6, description="heading level")
    parent: str | None = Field(default=None, description="id of the enclosing element")
    style: Style | None = None
    asset: str | None = Field(default=None, description="path of a cropped image/icon, relative to OUT")
    input_type: Literal["text", "email", "password", "search", "number", "tel", "url", "date"] | None = None
    label: str | None = Field(default=None, description="accessible name when it is not the text")
    table: TableLayout | None = Field(default=None, description="a table's header row, body rows and columns")


class Screen(_Model):
    id: str
    t: float = Field(ge=0, description="time of the keyframe that shows this screen")
    t_start: float | None = Field(default=None, ge=0)
    t_end: float | None = Field(default=None, ge=0)
    background: Colour | None = Field(default=None, description="the page's colour behind the elements")
    background_end: Colour | None = Field(
        default=None, description="the page fades vertically from `background` at the top to this colour"
    )
    image: str | None = Field(default=None, description="keyframe PNG, relative to OUT")
    same_as: str | None = Field(default=None, description="id of an earlier screen this one shows again")
    page: str | None = Field(
        default=None, description="id of the scrolled page (`AppSpec.pages`) this keyframe is a view of"
    )
    scroll_x: int | None = Field(default=None, ge=0, description="page x of the viewport's left edge, px")
    scroll_y: int | None = Field(default=None, ge=0, description="page y of the viewport's top edge, px")
    height: int | None = Field(
        default=None, gt=0, description="px the screen's page is tall, when taller than the viewport"
    )
    width: int | None = Field(
        default=None, gt=0, description="px the screen's page is wide, when wider than the viewport"
    )
    elements: list[Element] = Field(default_factory=list)


class Page(_Model):
    """A page larger than the viewport: the keyframes that scrolled through it stitched into one image.

    Its element boxes are page px (video scale, the page's top-left at the viewport's top-left when
    scrolled to the top left); its views are the screens with `page` = its id, each at its `scroll_x`
    and `scroll_y`.
    """

    id: str
    width: int = Field(gt=0)
    height: int = Field(gt=0)
    image: str | None = Field(default=None, description="the stitched page PNG, relative to OUT")
    header: int = Field(0, ge=0, description="px at the viewport's top that stayed put (a sticky header)")
    footer: int = Field(0, ge=0, description="px at the viewport's bottom that stayed put")
    left: int = Field(0, ge=0, description="px at the viewport's left that stayed put (a fixed sidebar)")
    right: int = Field(0, ge=0, description="px at the viewport's right that stayed put")
    screens: list[str] = Field(
        default_factory=list, description="ids of the screens that show it, in time order"
    )
    elements: list[Element] = Field(default_factory=list)


class Event(_Model):
    """One thing the person did. A drag presses at (x, y), carries `target` and releases at
    (x + dx, y + dy); a scroll moves the page by (`dx`, `dy`) (positive: the view went right, down; the
    content moved left, up). A double click is a click with `count` 2."""

    t: float = Field(ge=0)
    type: EventType
    count: int = Field(
        default=1, ge=1, description="presses in quick succession, as the DOM's `detail`: 2 is a double click"
    )
    x: float | None = None
    y: float | None = None
    text: str | None = Field(default=None, description="typed string, or the key for a key event")
    target: str | None = Field(default=None, description="id of the element the event acted on")
    dx: float | None = Field(default=None, description="px a drag moved the pointer (or a scroll the page)")
    dy: float | None = Field(default=None, description="px a drag moved the pointer (or a scroll the page)")


ResponseKind = Literal[
    "navigate",
    "input",
    "toggle",
    "list_add",
    "list_remove",
    "filter",
    "clear",
    "open",
    "close",
    "scroll",
    "hover",
    "focus",
    "select",
    "edit",
    "reorder",
    "tab",
    "expand",
    "collapse",
    "sort",
    "validation",
    "change",
]


class Response(_Model):
    """What the app did in answer to an event, read from how the screen changed."""

    kind: ResponseKind
    target: str | None = Field(
        default=None, description="id (in the `to` screen) of the element that changed"
    )
    texts: list[str] = Field(
        default_factory=list,
        description="texts added (list_add), removed (list_remove, clear), typed (input), the item "
        "toggled (toggle), selected (select: a highlight moved to it), put in a field to edit (edit: a "
        "label turned into its editor) or moved (reorder: dragged to another place in its list), "
        "the name of the filter applied (filter), of the tab made active (tab: its panel shown), of the "
        "accordion header whose section opened or closed (expand, collapse), of the control that "
        "sorted the rows (sort: the same rows shown in another order; none when not seen), or the "
        "messages a form showed by its fields (validation: in an error colour, after a submit)",
    )
    counters: list[str] = Field(
        default_factory=list, description="texts with numbers that changed, as 'before -> after'"
    )


class Transition(_Model):
    from_: str = Field(alias="from")
    to: str
    event: int | None = Field(default=None, ge=0, description="index into events")
    response: Response | None = None


FieldType = Literal["text", "email", "number", "date", "boolean", "url"]


class EntityField(_Model):
    name: str = Field(description="as the recording labelled it, e.g. 'Email address'")
    type: FieldType
    required: bool = False
    example: str | None = Field(default=None, description="a value seen in the recording")


class Entity(_Model):
    """A kind of record the app keeps, inferred from a form or a list (→ a table)."""

    name: str = Field(description="singular, e.g. 'Todo', 'Account'")
    fields: list[EntityField] = Field(min_length=1)
    screen: str | None = Field(default=None, description="id of the screen where it was seen")
    source: Literal["form", "list", "table"] = "form"


class AppSpec(_Model):
    version: Literal["1"] = SPEC_VERSION
    generator: str = "replicast"
    video: VideoMeta
    viewport: Viewport | None = None
    screens: list[Screen] = Field(default_factory=list)
    pages: list[Page] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)
    transitions: list[Transition] = Field(default_factory=list)
    entities: list[Entity] = Field(default_factory=list)
