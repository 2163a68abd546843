"""The declarative model of a synthetic recording: screens of widgets, and the steps a user takes."""

from __future__ import annotations

from dataclasses import dataclass

from replicast.spec.models import Role
from replicast.vision.base import Box

Color = tuple[int, int, int]

TEXT: Color = (33, 37, 41)
MUTED: Color = (156, 163, 175)
ACCENT: Color = (37, 99, 235)
WHITE: Color = (255, 255, 255)
BORDER: Color = (222, 226, 230)
ERROR: Color = (220, 38, 38)


@dataclass(frozen=True, slots=True)
class Label:
    """A line of text, vertically centred in `box` and `pad` px in from its left; `fill` paints the box
    behind it (a highlighted row of a menu or a list). With `goto` it is a link: clicking it shows that
    screen, and its text takes the colour `hover` (when given) while the pointer is over it."""

    id: str
    box: Box
    text: str
    size: int = 16
    color: Color = TEXT
    bold: bool = False
    role: Role = "text"
    fill: Color | None = None
    pad: int = 0
    goto: str | None = None
    hover: Color | None = None


@dataclass(frozen=True, slots=True)
class Button:
    """A filled rectangle with centred text; clicking it shows `goto` (a screen id) from the release."""

    id: str
    box: Box
    text: str
    fill: Color = ACCENT
    color: Color = WHITE
    size: int = 16
    goto: str | None = None


@dataclass(frozen=True, slots=True)
class TextInput:
    """A bordered field showing `value`, or `placeholder` in grey while empty; clicking focuses it.
    An `invalid` field (one a form's validation rejected) has a red border."""

    id: str
    box: Box
    placeholder: str = ""
    value: str = ""
    size: int = 16
    invalid: bool = False


@dataclass(frozen=True, slots=True)
class Checkbox:
    """A square (`box`) with an optional label to its right; clicking either toggles `checked`."""

    id: str
    box: Box
    checked: bool = False
    label: str = ""
    size: int = 16


@dataclass(frozen=True, slots=True)
class Disclosure:
    """An accordion's header: a bordered row with its title at the left and a chevron near its right
    end, pointing up while its section is open (`expanded`), down while it is closed; clicking it
    shows `goto` (the accordion with the section opened or closed)."""

    id: str
    box: Box
    text: str
    expanded: bool = False
    goto: str | None = None
    size: int = 16


@dataclass(frozen=True, slots=True)
class Scrim:
    """A translucent dark layer over everything drawn before it (behind a dialog); not clickable."""

    id: str
    box: Box
    opacity: float = 0.5


Widget = Label | Button | TextInput | Checkbox | Disclosure | Scrim


@dataclass(frozen=True, slots=True)
class SyntheticScreen:
    """One screen of the fake app: widgets drawn in order over a plain background."""

    id: str
    widgets: tuple[Widget, ...]
    background: Color = WHITE

    def __post_init__(self) -> None:
        ids = [w.id for w in self.widgets]
        if len(ids) != len(set(ids)):
            raise ValueError(f"screen {self.id!r} has repeated widget ids: {ids}")

    def widget(self, widget_id: str) -> Widget:
        for w in self.widgets:
            if w.id == widget_id:
                return w
        raise ValueError(f"screen {self.id!r} has no widget {widget_id!r}")


Target = tuple[int, int] | str
"""A point in video pixels, or the id of a widget on the current screen (meaning its centre)."""


@dataclass(frozen=True, slots=True)
class Wait:
    seconds: float


@dataclass(frozen=True, slots=True)
class Move:
    """Glide the cursor to `to` over `duration` seconds (eased in and out)."""

    to: Target
    duration: float = 0.5


@dataclass(frozen=True, slots=True)
class Click:
    """Glide to `at` over `move` seconds (unless already there), press, and release `hold` later."""

    at: Target
    move: float = 0.4
    hold: float = 0.1


@dataclass(frozen=True, slots=True)
class DoubleClick:
    """Glide to `at` and press twice, `interval` apart (stamped as one `click` event with count 2);
    from the second release the app shows `goto` (a screen id), keeping the focus on a widget of the
    same id, or focusing widget `focus` (a label turned into a field to edit it)."""

    at: Target
    goto: str | None = None
    focus: str | None = None
    move: float = 0.4
    interval: float = 0.15
    hold: float = 0.08


@dataclass(frozen=True, slots=True)
class Drag:
    """Glide to `at`, press on the widget there, carry it to `to` over `duration` seconds (it follows
    the pointer), release: from the release the app shows `drop` (the list in its new order)."""

    at: Target
    to: Target
    drop: str
    move: float = 0.4
    duration: float = 0.8
    hold: float = 0.1


@dataclass(frozen=True, slots=True)
class Hover:
    """Glide to `at`; when it gets there the app shows `goto` (a menu, a tooltip), and the pointer
    drifts on `drift` px to the right over `linger` seconds, still over it: a `hover` event."""

    at: Target
    goto: str
    move: float = 0.5
    drift: int = 14
    linger: float = 0.3


@dataclass(frozen=True, slots=True)
class Type:
    """Type `text` into the focused input, one character every `interval` seconds; a backspace
    (`\\b`) deletes the last character, so the event's text is what the field was left holding."""

    text: str
    interval: float = 0.1


@dataclass(frozen=True, slots=True)
class Key:
    """Press a named key (`Enter`, `Tab`, `Escape`, ...); optionally clear the focused input, show a
    screen (which keeps the focus where it has a widget of the same id), or move the focus to
    widget `focus` (as Tab does)."""

    name: str
    clear: bool = False
    goto: str | None = None
    focus: str | None = None
    after: float = 0.1


@dataclass(frozen=True, slots=True)
class Show:
    """Switch to another screen with no user input (a redirect): a `navigate` event."""

    screen: str


Step = Wait | Move | Hover | Click | DoubleClick | Drag | Type | Key | Show


@dataclass(frozen=True, slots=True)
class Script:
    """Screens (the first is shown first), the steps taken on them, and the cursor's start.

    `pointer=False` records without the pointer drawn (a screen recorder set to hide it): the steps
    still happen where they say, but nothing shows where the pointer is. `looks=True` draws it as a
    browser does over what it is on: a hand over a link, a button or a checkbox, an I-beam over a text
    input, the arrow elsewhere; like a browser, its look and a link's hover colour follow the pointer's
    moves, so over a screen just shown it stays the arrow until it moves. `ibeam=True` only draws the
    X11 `xterm` I-beam (hotspot at its middle) wherever it is over a text input, at once.
    """

    screens: tuple[SyntheticScreen, ...]
    steps: tuple[Step, ...]
    cursor: tuple[int, int] = (12, 12)
    pointer: bool = True
    ibeam: bool = False
    looks: bool = False
    lead: float = 0.5
    tail: float = 0.5

    def __post_init__(self) -> None:
        if not self.screens:
            raise ValueError("a script needs at least one screen")
        ids = [s.id for s in self.screens]
        if len(ids) != len(set(ids)):
            raise ValueError(f"repeated screen ids: {ids}")

    def screen(self, screen_id: str) -> SyntheticScreen:
        for s in self.screens:
            if s.id == screen_id:
                return s
        raise ValueError(f"script has no screen {screen_id!r}")
