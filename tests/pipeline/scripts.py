"""Synthetic recordings shared by the pipeline tests: a small sign-in flow with known truth."""

from __future__ import annotations

from replicast.media.synthetic import (
    Button,
    Checkbox,
    Click,
    Hover,
    Key,
    Label,
    Move,
    Scrim,
    Script,
    SyntheticScreen,
    TextInput,
    Type,
    Wait,
)
from replicast.vision.base import Box

SIGN_IN = SyntheticScreen(
    "sign-in",
    (
        Label("title", Box(40, 24, 400, 40), "Sign in to Harbor", size=26, bold=True, role="heading"),
        TextInput("email", Box(40, 90, 320, 40), placeholder="Email address"),
        Checkbox("remember", Box(40, 150, 18, 18), label="Remember me"),
        Button("go", Box(40, 200, 140, 42), "Continue", goto="home"),
    ),
)
HOME = SyntheticScreen(
    "home",
    (
        Label("hello", Box(40, 24, 400, 40), "Welcome back", size=26, bold=True, role="heading"),
        Label("note", Box(40, 90, 500, 30), "You have 3 new messages"),
    ),
)

# an inbox and its settings page, each leading to the other
INBOX = SyntheticScreen(
    "inbox",
    (
        Label("hello", Box(40, 24, 400, 40), "Welcome back", size=26, bold=True, role="heading"),
        Label("note", Box(40, 80, 500, 30), "You have 3 new messages"),
        Button("settings", Box(40, 200, 140, 40), "Settings", goto="settings"),
    ),
)
SETTINGS = SyntheticScreen(
    "settings",
    (
        Label("head", Box(40, 24, 400, 40), "Settings", size=26, bold=True, role="heading"),
        Label("hint", Box(40, 80, 500, 30), "Choose how Harbor looks and sends mail", color=(90, 90, 90)),
        Button("back", Box(40, 140, 140, 40), "Back", goto="inbox"),
    ),
)


def sign_in_script() -> Script:
    """Click the email field, type, tick the checkbox, press Continue: four state changes."""
    return Script(
        (SIGN_IN, HOME),
        (
            Wait(0.8),
            Click("email", move=0.5),
            Wait(0.8),
            Type("ada@example.com", interval=0.08),
            Wait(1.2),
            Click("remember", move=0.5),
            Wait(1.0),
            Click("go", move=0.5),
            Wait(1.5),
        ),
        cursor=(500, 300),
    )


def enter_script() -> Script:
    """Type into a focused field and press Enter, which clears it (a todo-style input)."""
    return Script(
        (SIGN_IN,),
        (
            Wait(0.6),
            Click("email", move=0.4),
            Wait(0.8),
            Type("buy milk"),
            Wait(0.8),
            Key("Enter", clear=True),
            Wait(1.2),
        ),
        cursor=(500, 300),
    )


def under_pointer_script(scale: int = 2) -> Script:
    """Clicks whose effect lands under the pointer (a field's focus ring, a ticked box, a new page),
    and a long fast glide (a few frames apart), drawn `scale` times larger than `sign_in_script`."""

    def b(x: int, y: int, w: int, h: int) -> Box:
        return Box(x * scale, y * scale, w * scale, h * scale)

    sign_in = SyntheticScreen(
        "sign-in",
        (
            Label(
                "title", b(40, 24, 400, 40), "Sign in to Harbor", size=26 * scale, bold=True, role="heading"
            ),
            TextInput("email", b(40, 90, 320, 40), placeholder="Email address", size=16 * scale),
            Checkbox("remember", b(40, 150, 18, 18), label="Remember me", size=16 * scale),
            Button("go", b(40, 200, 140, 42), "Continue", goto="home", size=16 * scale),
        ),
    )
    home = SyntheticScreen(
        "home",
        (
            Label("hello", b(40, 24, 400, 40), "Welcome back", size=26 * scale, bold=True, role="heading"),
            Checkbox("dark", b(40, 90, 18, 18), label="Dark mode", size=16 * scale),
        ),
    )
    return Script(
        (sign_in, home),
        (
            Wait(0.6),
            Click("email", move=0.5),
            Wait(0.8),
            Click("remember", move=0.6),
            Wait(0.8),
            Move((560 * scale, 300 * scale), duration=0.15),
            Wait(0.6),
            Click("go", move=0.5),
            Wait(1.0),
            Click("dark", move=0.5),
            Wait(1.0),
        ),
        cursor=(500 * scale, 300 * scale),
    )


def form_script() -> Script:
    """Focus a field, type with a slip corrected by backspaces, Tab to the next field, tick a box,
    submit: focus, input, a key, toggle, navigate."""
    form = SyntheticScreen(
        "form",
        (
            Label("title", Box(40, 20, 400, 36), "Create an account", size=24, bold=True, role="heading"),
            TextInput("email", Box(40, 70, 320, 36), placeholder="Email address"),
            TextInput("name", Box(40, 120, 320, 36), placeholder="Full name"),
            Checkbox("terms", Box(40, 178, 18, 18), label="I accept the terms"),
            Button("go", Box(40, 220, 140, 40), "Sign up", goto="done"),
        ),
    )
    done = SyntheticScreen(
        "done",
        (
            Label("hello", Box(40, 20, 400, 36), "Account created", size=24, bold=True, role="heading"),
            Label("note", Box(40, 80, 500, 30), "Check your inbox to confirm"),
        ),
    )
    return Script(
        (form, done),
        (
            Wait(0.5),
            Click("email", move=0.5),
            Wait(0.7),
            Type("ada@exmaple\b\b\b\b\bample.com", interval=0.08),
            Wait(0.8),
            Key("Tab", focus="name"),
            Wait(0.8),
            Click("terms", move=0.5),
            Wait(0.8),
            Click("go", move=0.5),
            Wait(1.0),
        ),
        cursor=(520, 300),
    )


def _todo(screen_id: str, rows: tuple[str, ...]) -> SyntheticScreen:
    items = tuple(Label(f"row{k}", Box(56, 130 + 36 * k, 300, 28), t) for k, t in enumerate(rows))
    left = f"{len(rows)} item{'' if len(rows) == 1 else 's'} left"
    return SyntheticScreen(
        screen_id,
        (
            Label("title", Box(40, 20, 300, 36), "Groceries", size=24, bold=True, role="heading"),
            TextInput("new", Box(40, 70, 360, 40), placeholder="What needs doing?"),
            *items,
            Label("left", Box(40, 310, 200, 24), left, size=14, color=(90, 90, 90)),
        ),
    )


def todo_script() -> Script:
    """Type an item and press Enter: the item shows as a row and the counter goes up (list_add)."""
    return Script(
        (_todo("empty", ()), _todo("one", ("buy oat milk",))),
        (
            Wait(0.5),
            Click("new", move=0.5),
            Wait(0.7),
            Type("buy oat milk", interval=0.08),
            Wait(0.8),
            Key("Enter", goto="one"),
            Wait(1.0),
        ),
        cursor=(520, 300),
    )


def _projects(*extra: Label | Button | Scrim) -> SyntheticScreen:
    return SyntheticScreen(
        "dialog" if extra else "page",
        (
            Label("title", Box(40, 20, 300, 36), "Projects", size=24, bold=True, role="heading"),
            Label("apollo", Box(40, 80, 300, 28), "Apollo launch plan"),
            Label("gemini", Box(40, 120, 300, 28), "Gemini budget review"),
            Button("open", Box(440, 76, 120, 36), "Delete", fill=(220, 38, 38), goto="dialog"),
            *extra,
        ),
    )


def modal_script() -> Script:
    """A click opens a dialog over a dimmed page (open); Escape closes it (close)."""
    dialog = _projects(
        Scrim("scrim", Box(0, 0, 640, 360)),
        Button("panel", Box(150, 110, 340, 140), "", fill=(255, 255, 255)),
        Label("ask", Box(172, 140, 300, 30), "Delete this project?", size=18, bold=True),
        Button("confirm", Box(172, 196, 120, 36), "Delete", fill=(220, 38, 38)),
    )
    return Script(
        (_projects(), dialog),
        (Wait(0.5), Click("open", move=0.5), Wait(1.0), Key("Escape", goto="page"), Wait(1.0)),
        cursor=(520, 300),
    )


def hover_script() -> Script:
    """The pointer comes to a button and a tooltip shows beside it (hover)."""
    bar = (
        Label("title", Box(40, 20, 300, 36), "Reports", size=24, bold=True, role="heading"),
        Button("help", Box(40, 80, 100, 36), "Help"),
    )
    tip = Label("tip", Box(150, 84, 260, 28), "Opens the user guide", size=14, color=(90, 90, 90))
    return Script(
        (SyntheticScreen("bar", bar), SyntheticScreen("tip", (*bar, tip))),
        (Wait(0.5), Hover("help", goto="tip", move=0.6), Wait(1.0)),
        cursor=(520, 300),
    )


__all__ = [
    "HOME",
    "SIGN_IN",
    "Key",
    "enter_script",
    "form_script",
    "hover_script",
    "modal_script",
    "sign_in_script",
    "todo_script",
    "under_pointer_script",
]
