"""Typing that changed the page around its field (a search box filtering a table), built for real:
once the field holds what the recording typed, the page shows what the recording showed then, with
the field still focused and holding the text. Typing that changes only its field stays on the screen.

Slow (one build, node_modules from the shared cache); needs npm and Chromium, and fails without them.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import expect

from replicast.codegen.behaviour import Navigation, screen_navigations
from replicast.spec.models import AppSpec, Element, Event, Screen
from tests.codegen.serving import built_and_served
from tests.codegen.specs import transition, video
from tests.codegen.test_list_app import opened

pytestmark = pytest.mark.slow

PEOPLE = ["Airi Satou", "Tokyo", "Angelica Ramos", "London", "Ashton Cox", "San Francisco"]
LONDON = ["Angelica Ramos", "London", "Bradley Greer", "London", "Bruno Nash", "London"]


def _table(id_: str, t: float, cells: list[str], value: str | None) -> Screen:
    search = Element(id=f"{id_}q", role="input", bbox=[700, 40, 200, 30], placeholder="Search", value=value)
    rows = [
        Element(id=f"{id_}c{k}", role="text", bbox=[40 + 300 * (k % 2), 100 + 40 * (k // 2), 250, 24], text=c)
        for k, c in enumerate(cells)
    ]
    return Screen(id=id_, t=t, elements=[search, *rows])


def search_spec() -> AppSpec:
    return AppSpec(
        video=video(),
        screens=[_table("all", 0.0, PEOPLE, None), _table("lon", 2.0, LONDON, "Lon")],
        events=[
            Event(t=0.5, type="click", x=800, y=55, target="allq"),
            Event(t=1.0, type="type", x=800, y=55, text="Lon", target="lonq"),
        ],
        transitions=[transition("all", "lon", 1, "input", ["Lon"])],
    )


def test_typing_that_changed_the_page_navigates_and_typing_into_a_field_alone_does_not() -> None:
    assert screen_navigations(search_spec()) == {
        "all": (Navigation(to="lon", on="input", element="allq", key="Lon"),)
    }
    alone = search_spec()
    alone.screens[1] = _table("lon", 2.0, PEOPLE, "Lon")  # only the field changed

    assert screen_navigations(alone) == {}


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with built_and_served(search_spec(), tmp_path_factory.mktemp("search") / "app") as url:
        yield url


def test_the_typed_search_shows_the_rows_the_recording_showed(served: str) -> None:
    with opened(served) as page:
        field = page.get_by_placeholder("Search")
        field.click()
        page.keyboard.type("Lo", delay=30)
        page.wait_for_timeout(200)
        expect(page.get_by_text("Airi Satou", exact=True)).to_be_visible()

        page.keyboard.type("n")

        expect(page.get_by_text("Bradley Greer", exact=True)).to_be_visible()
        expect(page.get_by_text("Airi Satou", exact=True)).to_have_count(0)
        field = page.get_by_placeholder("Search")
        expect(field).to_be_focused()
        expect(field).to_have_value("Lon")
