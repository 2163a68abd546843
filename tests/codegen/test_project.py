"""The generated file tree: template, pinned packages, app modules, assets, and hostile text."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from replicast.codegen import generate_project, project_files
from replicast.codegen.escape import js_value
from replicast.codegen.plan import merge_revisits
from replicast.codegen.project import template_files
from replicast.codegen.screens import GENERATED_HEADER
from replicast.spec.models import AppSpec, Element, Event, Page, Screen, Transition
from tests.codegen.specs import HOSTILE_TEXTS, PNG, hostile_spec, sign_in_spec, transition, video

GOLDEN = Path(__file__).parent / "golden" / "sign_in"
GENERATED = ("README.md", "src/App.tsx", "src/routes.ts", "src/viewport.ts")
STRING_LITERAL = re.compile(r"'(?:[^'\\\n]|\\.)*'|\"(?:[^\"\\\n]|\\.)*\"")


def text(files: dict[str, bytes], path: str) -> str:
    return files[path].decode("utf-8")


def test_the_tree_has_every_part_of_a_vite_project() -> None:
    files = project_files(sign_in_spec(), {"assets/logo.png": PNG})

    assert set(files) == {
        ".gitignore",
        ".prettierrc.json",
        ".prettierignore",
        ".env.example",
        "lint/package.json",
        "lint/package-lock.json",
        "lint/eslint.config.js",
        "src/vite-env.d.ts",
        "playwright.config.ts",
        "tests/replay.spec.ts",
        "README.md",
        "index.html",
        "package.json",
        "package-lock.json",
        "tsconfig.json",
        "vite.config.ts",
        "src/main.tsx",
        "src/index.css",
        "src/App.tsx",
        "src/routes.ts",
        "src/viewport.ts",
        "src/components/ScreenFrame.tsx",
        "src/hooks/useKeyNavigation.ts",
        "src/hooks/useScrollNavigation.ts",
        "src/events.ts",
        "src/screens/SignInScreen.tsx",
        "src/screens/HomeScreen.tsx",
        "src/screens/SettingsScreen.tsx",
        "src/assets/logo.png",
    }
    assert files["src/assets/logo.png"] == PNG


def test_package_versions_are_pinned_and_locked() -> None:
    files = template_files()
    package = json.loads(files["package.json"])
    lock = json.loads(files["package-lock.json"])

    wanted = {**package["dependencies"], **package["devDependencies"]}
    assert {"react", "react-dom", "react-router-dom", "vite", "typescript", "tailwindcss"} <= set(wanted)
    assert all(re.fullmatch(r"\d+\.\d+\.\d+", v) for v in wanted.values()), wanted
    assert lock["packages"][""]["dependencies"] == package["dependencies"]
    assert lock["packages"][""]["devDependencies"] == package["devDependencies"]
    for name, version in wanted.items():
        assert lock["packages"][f"node_modules/{name}"]["version"] == version
    assert package["scripts"]["build"] == "tsc -b && vite build"


def test_the_build_is_relative_and_the_router_needs_no_server() -> None:
    files = project_files(sign_in_spec())

    assert 'base: "./"' in text(files, "vite.config.ts")
    assert "tailwindcss()" in text(files, "vite.config.ts")
    assert '@import "tailwindcss" source(none);' in text(files, "src/index.css")
    assert "<HashRouter>" in text(files, "src/App.tsx")
    assert '<div id="root"></div>' in text(files, "index.html")
    assert "export const viewport = { width: 1280, height: 720 } as const;" in text(files, "src/viewport.ts")


def test_routes_start_at_the_first_screen() -> None:
    files = project_files(sign_in_spec())

    routes = text(files, "src/routes.ts")
    assert 'signIn: "/",' in routes and 'home: "/home",' in routes
    assert "<Route path={paths.home} element={<HomeScreen />} />" in text(files, "src/App.tsx")
    assert '<Route path="*" element={<Navigate to={paths.signIn} replace />} />' in text(files, "src/App.tsx")


def test_a_screen_shown_again_is_the_same_route_and_the_way_back_leads_to_it() -> None:
    # Given: sign in → home → settings → (Home link) a screen that shows home again → settings again
    spec = sign_in_spec()
    again = Screen(id="home-again", t=10.0, same_as="home", elements=list(spec.screens[1].elements))
    settings = spec.screens[2].model_copy(
        update={
            "elements": [
                *spec.screens[2].elements,
                Element(id="back", role="link", bbox=[40, 80, 60, 20], text="Home"),
            ]
        }
    )
    spec = spec.model_copy(
        update={
            "screens": [*spec.screens[:2], settings, again],
            "events": [*spec.events, Event(t=9.0, type="click", x=60, y=90, target="back")],
            "transitions": [*spec.transitions, transition("settings", "home-again", 4)],
        }
    )

    # When the project is generated
    files = project_files(spec)

    # Then there is no route or component for the screen shown again, and Settings leads back to home
    assert not any("again" in path.casefold() for path in files)
    routes = text(files, "src/routes.ts")
    assert "again" not in routes.casefold() and routes.count(': "/') == 3
    settings_module = text(files, "src/screens/SettingsScreen.tsx")
    assert "paths.home" in settings_module and "Again" not in settings_module


def test_merge_revisits_leads_transitions_to_and_from_the_earlier_screen() -> None:
    spec = sign_in_spec()
    again = Screen(id="h2", t=10.0, same_as="home")
    later = Screen(id="x", t=12.0)
    spec = spec.model_copy(
        update={
            "screens": [*spec.screens, again, later],
            "transitions": [*spec.transitions, transition("settings", "h2", 3), transition("h2", "x", 3)],
        }
    )

    merged = merge_revisits(spec)

    assert [s.id for s in merged.screens] == ["sign-in", "home", "settings", "x"]
    assert [(t.from_, t.to) for t in merged.transitions][-2:] == [("settings", "home"), ("home", "x")]


def test_same_as_naming_a_later_or_unknown_screen_is_ignored() -> None:
    spec = sign_in_spec()
    screens = [
        spec.screens[0].model_copy(update={"same_as": "home"}),
        spec.screens[1],
        spec.screens[2].model_copy(update={"same_as": "nowhere"}),
    ]
    spec = spec.model_copy(update={"screens": screens})

    assert merge_revisits(spec) == spec


@pytest.mark.parametrize(("dx", "dy"), [(0, 500), (900, 0)])
def test_a_scrolled_page_is_one_screen_holding_all_of_it(dx: int, dy: int) -> None:
    # Given: a page seen at its top left and scrolled by (dx, dy), then a click on a link far into it
    width, height = 1280 + dx, 720 + dy
    far_x, far_y = 40 + dx + dx // 4, 40 + dy + dy // 4

    def heading(id_: str, text: str, x: int = 40, y: int = 40) -> Element:
        return Element(id=id_, role="heading", bbox=[x, y, 300, 40], text=text)

    def link(id_: str, x: int, y: int) -> Element:
        return Element(id=id_, role="link", bbox=[x, y, 120, 20], text="Next")

    top = Screen(id="top", t=0.0, page="p1", scroll_x=0, scroll_y=0, elements=[heading("a", "Top")])
    later = Screen(id="later", t=2.0, page="p1", scroll_x=dx, scroll_y=dy, elements=[link("b", far_x, far_y)])
    nxt = Screen(id="next", t=4.0, elements=[heading("n", "Next page")])
    page = Page(
        id="p1",
        width=width,
        height=height,
        screens=["top", "later"],
        elements=[
            heading("p1e1", "Top"),
            heading("p1e2", "Halfway", 40 + dx // 2, 40 + dy // 2),
            link("p1e3", far_x + dx, far_y + dy),
        ],
    )
    spec = AppSpec(
        video=video(),
        screens=[top, later, nxt],
        pages=[page],
        events=[
            Event(t=1.0, type="scroll", x=600, y=400, dx=dx or None, dy=dy or None),
            Event(t=3.0, type="click", x=far_x + 10, y=far_y + 10),
        ],
        transitions=[
            Transition.model_validate(
                {"from": "top", "to": "later", "event": 0, "response": {"kind": "scroll"}}
            ),
            transition("later", "next", 1),
        ],
    )

    files = project_files(spec)

    # Then one screen draws the whole page, as large as it was, the scrolled view has no route, and
    # its link leads on
    assert not any("later" in path.casefold() for path in files)
    top_module = text(files, "src/screens/TopScreen.tsx")
    assert "Halfway" in top_module and "paths.next" in top_module
    assert "useScrollNavigation" not in top_module
    assert (f"height={{{height}}}" in top_module) == (dy > 0)
    assert (f"width={{{width}}}" in top_module) == (dx > 0)
    # the replay scrolls the page natively and clicks the link where the page then is
    replay = text(files, "tests/replay.spec.ts")
    assert f"mouse.wheel({dx}, {dy})" in replay and "Next page" in replay


def test_generated_modules_match_the_golden_tree() -> None:
    files = project_files(sign_in_spec(), {"assets/logo.png": PNG})
    generated = {k: v for k, v in files.items() if k in GENERATED or k.startswith("src/screens/")}
    if os.environ.get("REPLICAST_UPDATE_GOLDEN") == "1":
        for rel, data in generated.items():
            (GOLDEN / rel).parent.mkdir(parents=True, exist_ok=True)
            (GOLDEN / rel).write_bytes(data)

    golden = {p.relative_to(GOLDEN).as_posix(): p.read_bytes() for p in GOLDEN.rglob("*") if p.is_file()}

    assert generated == golden, "run with REPLICAST_UPDATE_GOLDEN=1 and review the diff"


def test_assets_are_written_under_safe_names_and_missing_ones_are_skipped() -> None:
    spec = hostile_spec()

    files = project_files(spec, {"../../etc/passwd.png": PNG, "unused.png": PNG})

    assert [k for k in files if k.startswith("src/assets/")] == ["src/assets/passwd.png"]
    assert not any(".." in k for k in files)
    assert "<img" not in text(project_files(spec), "src/screens/RouteScriptScreen.tsx")


@pytest.mark.parametrize("asset_key", ["../../etc/passwd.png", "./../../etc/passwd.png"])
def test_asset_keys_are_matched_after_normalising(asset_key: str) -> None:
    files = project_files(hostile_spec(), {asset_key: PNG})

    assert "src/assets/passwd.png" in files


def test_hostile_text_reaches_code_only_inside_string_literals() -> None:
    files = project_files(hostile_spec(), {"../../etc/passwd.png": PNG})
    template = template_files()
    # the data layer's fixed modules hold no spec text (its types and hooks do)
    fixed = {f"src/lib/{m}.ts" for m in ("dataSource", "localDataSource", "supabaseDataSource", "data")}
    sources = {
        k: v.decode("utf-8")
        for k, v in files.items()
        if k.endswith((".ts", ".tsx")) and k not in template and k not in fixed
    }
    # App, routes, viewport, three screens, the replay test, the types, a hook per entity, and the
    # component the run of alike texts became
    assert len(sources) == 7 + 1 + len(hostile_spec().entities) + 1
    assert "src/components/TextItem.tsx" in sources

    for path, source in sources.items():
        code = STRING_LITERAL.sub('""', source)
        for marker in (
            "</script",
            "<script",
            "</Route>",
            "${",
            "`",
            "{{",
            "pwned /*",
            "// pwned",
            "alert(",
            "onerror",
            "\u202e",
            "😀",
            "café",
        ):
            assert marker not in code, (path, marker)
    screen = sources["src/screens/RouteScriptScreen.tsx"]
    for hostile in HOSTILE_TEXTS:
        literals = [js_value(m) for m in STRING_LITERAL.findall(screen)]
        assert hostile in literals


def test_hostile_ids_become_plain_names() -> None:
    files = project_files(hostile_spec())

    assert {k for k in files if k.startswith("src/screens/")} == {
        "src/screens/RouteScriptScreen.tsx",
        "src/screens/PwnedScreen.tsx",
        "src/screens/PwnedScreen2.tsx",
    }
    routes = text(files, "src/routes.ts")
    assert 'routeScript: "/",' in routes and 'pwned: "/pwned",' in routes and 'pwned_2: "/pwned-2",' in routes
    # the hostile key '"' is a quoted object key; the chord Control+a is not wired
    assert "const screenKeys: Readonly<Record<string, string>> = { '\"': paths.pwned_2 };" in text(
        files, "src/screens/PwnedScreen.tsx"
    )
    assert "useKeyNavigation" not in text(files, "src/screens/PwnedScreen2.tsx")


def test_generate_project_writes_the_tree_and_removes_stale_generated_screens(tmp_path: Path) -> None:
    stale = tmp_path / "src" / "screens" / "OldScreen.tsx"
    mine = tmp_path / "src" / "screens" / "Handwritten.tsx"
    stale.parent.mkdir(parents=True)
    stale.write_text(GENERATED_HEADER + "\nexport {};\n")
    mine.write_text("export {};\n")

    written = generate_project(sign_in_spec(), tmp_path, {"assets/logo.png": PNG})

    assert (tmp_path / ".gitignore").is_file()
    assert (tmp_path / "src" / "screens" / "HomeScreen.tsx").read_text().startswith(GENERATED_HEADER)
    assert sorted(p.relative_to(tmp_path).as_posix() for p in written) == sorted(
        project_files(sign_in_spec(), {"assets/logo.png": PNG})
    )
    assert not stale.exists()
    assert mine.exists()


def test_generation_is_deterministic() -> None:
    assert project_files(hostile_spec()) == project_files(hostile_spec())
