"""The app generated from a recorded list, built for real: it keeps the rows in state, type-checks, is
prettier/ESLint clean, passes its replay test, and works beyond what was recorded (rows edited in
place too).

Slow (one build, node_modules from the shared cache); needs npm and Chromium, and fails without them.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect, sync_playwright

from replicast.codegen import build_project, generate_project
from replicast.codegen.build import default_cache_dir, install_from_cache
from replicast.codegen.listmodel import list_model
from replicast.codegen.schema import plan_tables
from tests.codegen.lists import FIELD, TICK_X, edited_list_spec, footer_y, row_y
from tests.codegen.serving import serve_dist
from tests.codegen.test_generated_app import assert_replay_passes, run

pytestmark = pytest.mark.slow
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = tmp_path_factory.mktemp("list") / "app"
    generate_project(edited_list_spec(), project)
    result = build_project(project)
    assert result.ok, result.log_tail
    return project


@contextmanager
def opened(url: str) -> Iterator[Page]:
    """A Chromium page at `url`, 1280 x 720, once the app has rendered (React renders after `load`)."""
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 720})
            page.goto(url)
            page.wait_for_selector("#root > *", state="attached")
            yield page
        finally:
            browser.close()


@pytest.fixture(scope="module")
def served(app: Path) -> Iterator[str]:
    with serve_dist(app) as url:
        yield url


def test_the_code_is_prettier_formatted_and_eslint_clean(app: Path) -> None:
    install_from_cache(app / "lint", default_cache_dir(), 300)

    prettier = run([str(app / "node_modules" / ".bin" / "prettier"), "--check", "."], app)
    eslint = run(
        [str(app / "lint" / "node_modules" / ".bin" / "eslint"), "--config", "lint/eslint.config.js", "."],
        app,
    )

    assert prettier.returncode == 0, prettier.stdout + prettier.stderr
    assert eslint.returncode == 0, eslint.stdout + eslint.stderr


def test_the_replay_test_passes(app: Path) -> None:
    assert_replay_passes(app)


def test_rows_are_added_ticked_filtered_cleared_and_kept(served: str) -> None:
    field_x, field_y = FIELD[0] + FIELD[2] / 2, FIELD[1] + FIELD[3] / 2
    spec = edited_list_spec()
    lists = list_model(spec, plan_tables(spec.entities))
    assert lists is not None
    ids = {e.text: e.id for e in lists.base.elements}
    with opened(served) as page:
        titles = page.get_by_test_id("s6-list-title")
        counter = page.get_by_test_id(ids["1 item left"])
        expect(titles).to_have_count(0)
        expect(counter).to_have_count(0)  # no rows, no footer

        # three rows, none of them recorded
        page.mouse.click(field_x, field_y)
        for title in ("Bread", "Jam", "Tea"):
            page.keyboard.type(f"  {title} ")
            page.keyboard.press("Enter")
        page.keyboard.press("Enter")  # nothing typed: nothing added
        expect(titles).to_have_text(["Bread", "Jam", "Tea"])
        expect(counter).to_have_text("3 items left")
        expect(page.get_by_role("textbox")).to_have_value("")

        # tick the second row where the recording ticked one
        page.mouse.click(TICK_X, row_y(1))
        expect(counter).to_have_text("2 items left")
        expect(page.get_by_test_id(ids["Remove finished (1)"])).to_have_text("Remove finished (1)")
        expect(page.get_by_role("checkbox", name="Jam")).to_have_attribute("aria-checked", "true")

        page.get_by_text("Finished", exact=True).click()
        expect(titles).to_have_text(["Jam"])
        page.get_by_text("Open", exact=True).click()
        expect(titles).to_have_text(["Bread", "Tea"])
        page.get_by_text("Everything", exact=True).click()

        # the rows outlive a reload (the local data source)
        page.reload()
        expect(titles).to_have_text(["Bread", "Jam", "Tea"])

        page.mouse.click(820, footer_y(3))  # "Remove finished"
        expect(titles).to_have_text(["Bread", "Tea"])
        expect(page.get_by_test_id(ids["Remove finished (1)"])).to_be_hidden()


def test_a_double_click_edits_a_row_in_place(served: str) -> None:
    field_x, field_y = FIELD[0] + FIELD[2] / 2, FIELD[1] + FIELD[3] / 2
    with opened(served) as page:
        titles = page.get_by_test_id("s6-list-title")
        page.mouse.click(field_x, field_y)
        for title in ("Bread", "Jam"):
            page.keyboard.type(title)
            page.keyboard.press("Enter")
        expect(titles).to_have_text(["Bread", "Jam"])

        # the editor opens on the row with its title and the focus; Enter keeps what it holds
        titles.nth(1).dblclick()
        editor = page.get_by_role("textbox", name="Jam")
        expect(editor).to_be_focused()
        expect(editor).to_have_value("Jam")
        page.keyboard.type(" and honey")
        page.keyboard.press("Enter")
        expect(titles).to_have_text(["Bread", "Jam and honey"])

        # Escape leaves the title as it was; the new one outlives a reload
        titles.nth(0).dblclick()
        page.keyboard.type(" rolls")
        page.keyboard.press("Escape")
        expect(titles).to_have_text(["Bread", "Jam and honey"])
        page.reload()
        expect(titles).to_have_text(["Bread", "Jam and honey"])
