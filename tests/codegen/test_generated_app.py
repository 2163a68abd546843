"""One generated app, built for real: hostile text everywhere, and it type-checks, lints, renders each
text exactly in Chromium, runs no script, and passes its own replay test.

Slow (one build per module, node_modules from the shared cache); needs npm and Chromium, and fails
without them.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from replicast.codegen import build_project, generate_project
from replicast.codegen.build import default_cache_dir, install_from_cache
from replicast.errors import BuildError
from tests.codegen.serving import serve_dist
from tests.codegen.specs import HOSTILE_TEXTS, PNG, hostile_spec

pytestmark = pytest.mark.slow
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The hostile spec's project, installed from the dependency cache and built."""
    project = tmp_path_factory.mktemp("hostile") / "app"
    generate_project(hostile_spec(), project, {"../../etc/passwd.png": PNG})
    result = build_project(project)
    assert result.ok and "tsc -b && vite build" in result.log_tail
    return project


@pytest.fixture(scope="module")
def served(app: Path) -> Iterator[str]:
    with serve_dist(app) as url:
        yield url


SHOWN = """() => Object.fromEntries([...document.querySelectorAll("[data-testid]")].map((e) => [
  e.dataset.testid,
  {text: e.textContent, placeholder: e.getAttribute("placeholder"), label: e.getAttribute("aria-label")},
]))"""


def run(cmd: list[str], cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        cmd, cwd=cwd, capture_output=True, text=True, timeout=300, env={**os.environ, **env}, check=False
    )


def test_the_build_is_a_relocatable_static_site(app: Path) -> None:
    index = (app / "dist" / "index.html").read_text()

    assert 'src="./assets/' in index and 'href="./assets/' in index
    assert "pwned" not in index


def test_the_code_is_prettier_formatted_and_eslint_clean(app: Path) -> None:
    install_from_cache(app / "lint", default_cache_dir(), 300)

    prettier = run([str(app / "node_modules" / ".bin" / "prettier"), "--check", "."], app)
    eslint_bin = str(app / "lint" / "node_modules" / ".bin" / "eslint")
    eslint = run([eslint_bin, "--config", "lint/eslint.config.js", "."], app)

    assert prettier.returncode == 0, prettier.stdout + prettier.stderr
    assert eslint.returncode == 0, eslint.stdout + eslint.stderr


def test_every_text_renders_exactly_and_no_script_runs(served: str) -> None:
    spec = hostile_spec()
    first = spec.screens[0]
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 720})
            dialogs: list[str] = []
            page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
            errors: list[str] = []
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto(served)
            page.wait_for_selector("[data-testid]")

            shown = page.evaluate(SHOWN)
            scripts = page.evaluate("() => document.scripts.length")
            handlers = page.evaluate(
                """() => [...document.querySelectorAll("*")].flatMap((e) => [...e.attributes])
                     .filter((a) => a.name.startsWith("on") || /^\\s*javascript:/i.test(a.value)).length"""
            )
            pwned = page.evaluate("() => 'pwned' in window")
        finally:
            browser.close()

    texts = {e.id: e.text for e in first.elements if e.role == "text"}
    assert {i: shown[i]["text"] for i in texts} == texts
    button = next(e for e in first.elements if e.role == "button")
    assert shown[button.id]["text"] == button.text
    field = next(e for e in first.elements if e.role == "input")
    assert shown[field.id]["placeholder"] == field.placeholder and shown[field.id]["label"] == field.text
    assert set(HOSTILE_TEXTS) <= {v["text"] for v in shown.values()}
    assert (dialogs, errors, scripts, handlers, pwned) == ([], [], 1, 0, False)


def assert_replay_passes(app: Path) -> None:
    """The generated tests/replay.spec.ts passes against the built `app` (on a free port)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]

    result = run(["npx", "playwright", "test"], app, REPLAY_PORT=str(port), CHROMIUM=CHROMIUM)

    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "1 passed" in result.stdout


def test_the_replay_test_passes(app: Path) -> None:
    assert_replay_passes(app)


# a node script that prints, as JSON, every string value in the built JS (literals and template parts),
# read with the parser of the project's own bundler
COLLECT_STRINGS = textwrap.dedent(
    """\
    import { readdirSync, readFileSync } from "node:fs";
    import { parseAst } from "rolldown/parseAst";

    const found = [];
    const walk = (node) => {
      if (Array.isArray(node)) return node.forEach(walk);
      if (!node || typeof node !== "object") return;
      if (node.type === "Literal" && typeof node.value === "string") found.push(node.value);
      if (node.type === "TemplateElement") found.push(node.value.cooked);
      for (const key of Object.keys(node)) walk(node[key]);
    };
    const dir = "dist/assets";
    for (const file of readdirSync(dir).filter((f) => f.endsWith(".js"))) {
      walk(parseAst(readFileSync(`${dir}/${file}`, "utf8")));
    }
    process.stdout.write(JSON.stringify(found));
    """
)


def test_every_text_is_in_the_bundle_verbatim(app: Path) -> None:
    (app / "collect.mjs").write_text(COLLECT_STRINGS)
    try:
        strings = json.loads(run(["node", "collect.mjs"], app).stdout)
    finally:
        (app / "collect.mjs").unlink()

    for text in HOSTILE_TEXTS:
        assert text in strings, text


def test_a_type_error_fails_the_build(app: Path) -> None:
    broken = app / "src" / "broken.ts"
    broken.write_text('export const n: number = "text";\n')
    try:
        with pytest.raises(BuildError, match="TS2322"):
            build_project(app)
    finally:
        broken.unlink()
