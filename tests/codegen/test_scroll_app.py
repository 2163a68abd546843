"""Views the recording showed one per scroll position, built for real: one wheel gesture moves to the
next view, which shows from its top though it stands a little taller than the window and the gesture
goes on after the move.

Slow (one build, node_modules from the shared cache); needs npm and Chromium, and fails without them.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import expect

from replicast.spec.models import AppSpec, Element, Event, Screen
from tests.codegen.serving import built_and_served
from tests.codegen.specs import transition, video
from tests.codegen.test_list_app import opened

pytestmark = pytest.mark.slow


def _view(id_: str, title: str, t: float) -> Screen:
    """A view whose last field runs 40 px past the bottom of a 720 px window (a form cut off there)."""
    return Screen(
        id=id_,
        t=t,
        elements=[
            Element(id=f"{id_}h", role="heading", bbox=[40, 40, 400, 40], text=title),
            Element(
                id=f"{id_}f", role="input", bbox=[40, 680, 600, 80], placeholder=f"{title}, at the bottom"
            ),
        ],
    )


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    spec = AppSpec(
        video=video(),
        screens=[_view("top", "First view", 0.0), _view("below", "Second view", 2.0)],
        events=[Event(t=1.0, type="scroll", x=640, y=400, dy=600)],
        transitions=[transition("top", "below", 0, "scroll")],
    )
    with built_and_served(spec, tmp_path_factory.mktemp("scroll") / "app") as url:
        yield url


def test_the_wheel_shows_the_next_view_from_its_top(served: str) -> None:
    with opened(served) as page:
        expect(page.get_by_text("First view", exact=True)).to_be_visible()
        page.mouse.move(640, 400)

        for _ in range(5):  # a gesture of five notches
            page.mouse.wheel(0, 120)
            page.wait_for_timeout(120)

        # Then the second view shows, from its top: its heading where the recording showed it
        heading = page.get_by_text("Second view", exact=True)
        expect(heading).to_be_visible()
        page.wait_for_timeout(300)  # a scroll of the window would have landed by now
        assert page.evaluate("() => [window.scrollX, window.scrollY]") == [0, 0]
        box = heading.bounding_box()
        assert box is not None and abs(box["y"] - 40) <= 4, box
