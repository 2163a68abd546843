"""Dialogs: a box over a page that a scrim dimmed uniformly, read from the page before and after."""

from __future__ import annotations

import numpy as np
from PIL import Image

from replicast.media.base import Rgb
from replicast.vision.base import Box
from replicast.vision.detect import detect_elements
from replicast.vision.dialogs import find_dialog, modal
from tests.vision.render import Canvas


def _page() -> Canvas:
    c = Canvas(width=640, height=360, background=(248, 249, 250))
    c.text(40, 24, "Projects", size=28, bold=True)
    c.text(40, 84, "Apollo launch plan", size=16)
    c.text(40, 124, "Gemini budget review", size=16)
    button = c.rect("delete", Box(440, 76, 120, 36), fill=(220, 38, 38), radius=4)
    c.text_centred(button, "Delete", size=16)
    return c


def _dimmed(rgb: Rgb, factor: float) -> Rgb:
    return np.clip(np.rint(rgb.astype(np.float64) * factor), 0, 255).astype(np.uint8)


def _with_dialog(page: Canvas, factor: float = 0.5) -> tuple[Canvas, Box]:
    c = Canvas(width=page.width, height=page.height)
    c.img.paste(Image.fromarray(_dimmed(page.rgb(), factor)))
    panel = c.rect("panel", Box(150, 110, 340, 140), fill=(255, 255, 255), radius=6)
    c.text(172, 140, "Delete this project?", size=18, bold=True)
    confirm = c.rect("confirm", Box(172, 196, 120, 36), fill=(220, 38, 38), radius=4)
    c.text_centred(confirm, "Delete", size=16)
    return c, panel


def test_a_bright_box_over_a_uniformly_dimmed_page_is_a_dialog() -> None:
    page = _page()
    shown, panel = _with_dialog(page)
    scrim = find_dialog(page.rgb(), shown.rgb())
    assert scrim is not None
    assert scrim.box.iou(panel) >= 0.9
    assert 0.45 <= scrim.factor <= 0.55


def test_the_page_under_the_scrim_is_inert_and_the_dialog_keeps_its_controls() -> None:
    page = _page()
    shown, panel = _with_dialog(page)
    scrim = find_dialog(page.rgb(), shown.rgb())
    assert scrim is not None
    els = modal(detect_elements(shown.rgb(), page.lines + shown.lines), scrim)
    (dialog,) = [e for e in els if e.role == "dialog"]
    assert dialog.box == scrim.box
    buttons = [e for e in els if e.role == "button"]
    assert [b.text for b in buttons] == ["Delete"]
    assert panel.intersection(buttons[0].box) == buttons[0].box.area
    assert any(e.role == "text" and e.text == "Delete" and e.box.x >= 440 for e in els)


def test_a_new_page_or_the_same_page_is_no_dialog() -> None:
    page = _page()
    other = Canvas(width=640, height=360, background=(30, 30, 30))
    other.text(40, 24, "Settings", size=28, colour=(200, 200, 200))
    assert find_dialog(page.rgb(), other.rgb()) is None
    assert find_dialog(page.rgb(), page.rgb()) is None


def test_a_page_dimmed_all_over_with_nothing_lit_is_no_dialog() -> None:
    page = _page()
    assert find_dialog(page.rgb(), _dimmed(page.rgb(), 0.5)) is None


def test_a_box_that_appears_on_an_undimmed_page_is_no_dialog() -> None:
    page = _page()
    shown, _ = _with_dialog(page, factor=1.0)
    assert find_dialog(page.rgb(), shown.rgb()) is None
