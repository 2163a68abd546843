"""Synthetic recordings shared by the pipeline tests: a small sign-in flow with known truth."""

from __future__ import annotations

from replicast.media.synthetic import (
    Button,
    Checkbox,
    Click,
    Key,
    Label,
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


__all__ = ["HOME", "SIGN_IN", "Key", "enter_script", "sign_in_script"]
