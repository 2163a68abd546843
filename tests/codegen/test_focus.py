"""focus_looks: the focused look of the fields the recording clicked into or arrived focused in."""

from __future__ import annotations

from replicast.codegen.focus import focus_looks
from replicast.spec.models import AppSpec, Element, Screen, Style
from tests.codegen.specs import video


def _field(eid: str, border: str | None, y: int = 100) -> Element:
    style = Style(border_color=border) if border else None
    return Element(id=eid, role="input", bbox=[100, y, 300, 40], placeholder="Email", style=style)


def _spec(before: Element, after: Element, *others: Element) -> AppSpec:
    return AppSpec.model_validate(
        {
            "video": video(),
            "screens": [
                Screen(id="s1", t=0, elements=[before, *others]),
                Screen(id="s2", t=1, elements=[after]),
            ],
            "events": [{"t": 0.5, "type": "click", "x": 250, "y": 120, "target": before.id}],
            "transitions": [{"from": "s1", "to": "s2", "event": 0, "response": {"kind": "focus"}}],
        }
    )


def test_a_clicked_field_takes_the_border_colour_the_next_keyframe_showed() -> None:
    spec = _spec(_field("s1e1", "#d1d3e2"), _field("s2e1", "#bac8f3"), _field("s1e2", "#d1d3e2", y=200))
    # the same field on the next screen looks the same; the field never clicked keeps the browser ring
    assert focus_looks(spec) == {"s1e1": "#bac8f3", "s2e1": "#bac8f3"}


def test_a_field_whose_border_did_not_change_or_that_moved_away_keeps_the_browser_ring() -> None:
    assert focus_looks(_spec(_field("s1e1", "#d1d3e2"), _field("s2e1", "#d1d3e2"))) == {}
    assert focus_looks(_spec(_field("s1e1", None), _field("s2e1", "#bac8f3", y=400))) == {}


def test_a_field_focused_on_arrival_looks_as_sampled() -> None:
    spec = _spec(_field("s1e1", None), _field("s2e1", None))
    assert focus_looks(spec, {"s2": "s2e1"}) == {"s2e1": None, "s1e1": None}


def test_a_click_that_changed_nothing_shows_no_ring_on_that_field_anywhere() -> None:
    spec = _spec(_field("s1e1", None), _field("s2e1", None))
    spec = spec.model_copy(update={"transitions": []})  # the click into s1e1 left the keyframe alone
    assert focus_looks(spec) == {"s1e1": None, "s2e1": None}
