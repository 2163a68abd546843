"""Synthetic recordings shared by the pipeline tests: a small sign-in flow with known truth."""

from __future__ import annotations

from replicast.media.synthetic import (
    Button,
    Checkbox,
    Click,
    Key,
    Label,
    Move,
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


__all__ = ["HOME", "SIGN_IN", "Key", "enter_script", "sign_in_script", "under_pointer_script"]
