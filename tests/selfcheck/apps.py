"""A small hand-written app for the self-check tests: a task list that opens its settings."""

from __future__ import annotations

from replicast.spec.models import AppSpec, Element, Event, Role, Screen, Style, Transition, VideoMeta

WIDTH, HEIGHT = 640, 360


def _text(id_: str, bbox: list[int], text: str, colour: str, size: float, role: Role = "text") -> Element:
    bold = "bold" if role == "heading" else "normal"
    level = 1 if role == "heading" else None
    return Element(
        id=id_,
        role=role,
        bbox=bbox,
        text=text,
        level=level,
        style=Style(color=colour, font_size=size, font_weight=bold),
    )


def tasks_spec(images: tuple[str | None, str | None] = (None, None)) -> AppSpec:
    """home --(click "Open settings")--> settings, after a hover that changes nothing."""
    home = Screen(
        id="home",
        t=0.0,
        background="#f8fafc",
        image=images[0],
        elements=[
            _text("title", [40, 34, 171, 31], "Harbor tasks", "#111827", 28, role="heading"),
            _text("left", [40, 93, 186, 17], "Two things left to do today", "#374151", 16),
            _text("first", [40, 133, 116, 17], "Water the plants", "#1f2937", 16),
            Element(
                id="open",
                role="button",
                bbox=[40, 200, 180, 44],
                text="Open settings",
                style=Style(color="#ffffff", background="#2563eb", radius=6, font_size=16),
            ),
        ],
    )
    settings = Screen(
        id="settings",
        t=1.4,
        background="#fff7ed",
        image=images[1],
        elements=[
            _text("s-title", [40, 34, 110, 31], "Settings", "#7c2d12", 28, role="heading"),
            _text("s-note", [40, 103, 285, 17], "Reminders arrive every morning at eight", "#9a3412", 16),
        ],
    )
    return AppSpec(
        video=VideoMeta(width=WIDTH, height=HEIGHT, fps=30, duration=3.0),
        screens=[home, settings],
        events=[
            Event(t=0.6, type="hover", x=200, y=50, target="title"),
            Event(t=1.2, type="click", x=130, y=222, target="open"),
        ],
        transitions=[Transition.model_validate({"from": "home", "to": "settings", "event": 1})],
    )
