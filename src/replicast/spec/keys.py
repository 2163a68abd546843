"""Recorded key names (xdotool/X11 and Playwright spellings, lower-cased) → the DOM's key names.

The named keys both the generated app (KeyboardEvent.key) and the self-check's browser (Playwright)
spell the same way; each adds what it spells differently (Space, modifiers).
"""

from __future__ import annotations

NAMED_KEYS: dict[str, str] = {
    "return": "Enter",
    "enter": "Enter",
    "kp_enter": "Enter",
    "esc": "Escape",
    "escape": "Escape",
    "tab": "Tab",
    "backspace": "Backspace",
    "delete": "Delete",
    "up": "ArrowUp",
    "down": "ArrowDown",
    "left": "ArrowLeft",
    "right": "ArrowRight",
    "page_up": "PageUp",
    "pageup": "PageUp",
    "page_down": "PageDown",
    "pagedown": "PageDown",
    "home": "Home",
    "end": "End",
}
