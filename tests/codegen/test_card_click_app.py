"""A click the recording showed on a card's background, built for real: the card leads on, but a
click on a field or a box to tick inside the card is that control's own (AdminLTE's form card: a click
in the gap between two fields blurred one; in the app, clicking the email field went to that screen).

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


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    form = Screen(
        id="form",
        t=0.0,
        elements=[
            Element(id="card", role="card", bbox=[40, 40, 640, 400]),
            Element(id="title", role="heading", bbox=[60, 60, 300, 30], text="Quick example", parent="card"),
            Element(
                id="email", role="input", bbox=[60, 120, 600, 38], placeholder="Enter email", parent="card"
            ),
            Element(id="agree", role="checkbox", bbox=[60, 200, 16, 16], checked=False, parent="card"),
            Element(
                id="terms", role="text", bbox=[84, 198, 300, 20], text="I agree to the terms", parent="card"
            ),
        ],
    )
    after = Screen(
        id="after",
        t=2.0,
        elements=[Element(id="done", role="heading", bbox=[60, 60, 300, 30], text="Blurred view")],
    )
    spec = AppSpec(
        video=video(),
        screens=[form, after],
        # the click landed on the card between the field and the box
        events=[Event(t=1.0, type="click", x=360, y=180, target="card")],
        transitions=[transition("form", "after", 0, "change")],
    )
    with built_and_served(spec, tmp_path_factory.mktemp("card") / "app") as url:
        yield url


def test_a_field_or_box_inside_the_card_keeps_its_click(served: str) -> None:
    with opened(served) as page:
        field = page.get_by_placeholder("Enter email")
        field.click()
        expect(field).to_be_focused()
        page.get_by_role("checkbox").click()
        expect(page.get_by_role("checkbox")).to_be_checked()
        page.wait_for_timeout(200)
        expect(page.get_by_text("Quick example", exact=True)).to_be_visible()
        expect(page.get_by_text("Blurred view", exact=True)).to_have_count(0)


def test_a_click_on_the_card_itself_leads_on(served: str) -> None:
    with opened(served) as page:
        expect(page.get_by_text("Quick example", exact=True)).to_be_visible()
        page.mouse.click(360, 180)
        expect(page.get_by_text("Blurred view", exact=True)).to_be_visible()
