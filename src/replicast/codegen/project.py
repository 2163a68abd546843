"""AppSpec → the files of a Vite + React + TypeScript + Tailwind project.

    files = project_files(spec, assets)                # {"src/App.tsx": b"...", ...}: pure
    written = generate_project(spec, Path("out"), assets)

The fixed part (package.json with pinned versions and its package-lock.json, tsconfig, vite, prettier
and playwright configs, ESLint's opt-in `lint/` package, entry point, screen frame) is copied from
`template/`; the rest is generated from the spec, first mapped to the page's CSS px with its text
colours restored: screens, shared components, theme (src/index.css), routes, the data layer and its
migration, the replay test and the README. Assets are the cropped images named by `Element.asset`,
keyed by that same path; they are written to `src/assets/` and imported by the screens that show
them, so Vite fingerprints them.

Dependencies: why ESLint is opt-in. The app's own install (React, router, supabase-js, Tailwind, Vite,
TypeScript 7, prettier, @playwright/test) takes ~7 s with a warm npm cache; ESLint with
typescript-eslint and the React hooks plugin adds ~150 packages and triples that, and typescript-eslint
needs the TypeScript 6 API (TypeScript 7 has none). So ESLint lives in `lint/` with its own lockfile
(TypeScript 6 API there), installed by `npm run lint` on first use or from the build cache in tests.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path

from replicast.codegen.app import app_module, readme, routes_module, viewport_module
from replicast.codegen.behaviour import arrival_focus, screen_navigations
from replicast.codegen.components import ComponentRegistry, component_module
from replicast.codegen.datalayer import data_files
from replicast.codegen.escape import asset_file_name, unique
from replicast.codegen.focus import focus_looks
from replicast.codegen.fonts import fit_sizes, font_family
from replicast.codegen.geometry import css_spec
from replicast.codegen.listmodel import ListModel, list_model
from replicast.codegen.listscreen import ListCode, collapse, extra_elements
from replicast.codegen.paint import restore_text_colours
from replicast.codegen.plan import merge_pages, merge_revisits, plan_screens
from replicast.codegen.replay import replay_test
from replicast.codegen.schema import SQL_HEADER, migration_sql, plan_tables
from replicast.codegen.screens import GENERATED_HEADER, page_colour, screen_module
from replicast.codegen.theme import Theme, build_theme, spec_usage
from replicast.spec.models import AppSpec, Screen

log = logging.getLogger(__name__)

# template files whose real name npm or git would treat specially inside a Python package
_RENAMED = {
    "gitignore": ".gitignore",
    "prettierrc.json": ".prettierrc.json",
    "prettierignore": ".prettierignore",
    "env.example": ".env.example",
}
MIGRATIONS = "supabase/migrations"
FIXED_TIME = datetime(2000, 1, 1, tzinfo=UTC)
"""The migration timestamp of a project built by the pure `project_files` (generate_project uses now)."""


def _template_files(root: Traversable, prefix: str = "") -> Iterator[tuple[str, bytes]]:
    for item in sorted(root.iterdir(), key=lambda t: t.name):
        if item.name.startswith((".", "__")):
            continue
        rel = prefix + _RENAMED.get(item.name, item.name)
        if item.is_dir():
            yield from _template_files(item, rel + "/")
        else:
            yield rel, item.read_bytes()


def template_files() -> dict[str, bytes]:
    """The fixed files every generated project starts from, by relative path."""
    return dict(_template_files(files("replicast.codegen").joinpath("template")))


def _normalise(path: str) -> str:
    path = path.replace("\\", "/")
    while path.startswith("./"):
        path = path[2:]
    return path


def plan_assets(spec: AppSpec, assets: Mapping[str, bytes]) -> dict[str, str]:
    """Element.asset → file name under src/assets/, for every asset that was given and is an image."""
    given = {_normalise(k) for k in assets}
    names: dict[str, str] = {}
    by_key: dict[str, str] = {}
    for screen in spec.screens:
        for e in screen.elements:
            if e.asset is None or e.asset in names:
                continue
            key = _normalise(e.asset)
            name = asset_file_name(key)
            if key not in given or name is None:
                log.debug("element %s: asset %r not given or not an image; drawn as a box", e.id, e.asset)
                continue
            if key not in by_key:
                stem, ext = name.rsplit(".", 1)
                by_key[key] = f"{unique(stem, {n.rsplit('.', 1)[0] for n in by_key.values()}, sep='-')}.{ext}"
            names[e.asset] = by_key[key]
    return names


def index_css(theme: Theme) -> str:
    """src/index.css: Tailwind, scanning only src/, and the app's theme."""
    return "\n".join(
        [
            "/* Tailwind scans only src/ for classes: the same CSS wherever the project sits (even in a",
            "   gitignored folder of another repository). */",
            '@import "tailwindcss" source(none);',
            '@source "./";',
            "",
            "/* The recorded app's palette and type scale (Tailwind's defaults are cleared). */",
            theme.css(),
            "",
        ]
    )


def project_files(
    spec: AppSpec, assets: Mapping[str, bytes] | None = None, *, created: datetime = FIXED_TIME
) -> dict[str, bytes]:
    """Every file of the project by relative path (POSIX separators). Pure apart from reading the
    package's template; `created` names the migration (`supabase/migrations/<UTC time>_init.sql`)."""
    assets = assets or {}
    out = template_files()
    page = css_spec(merge_pages(spec))
    family = font_family(page)
    if family is not None:  # the sizes the app's font gives the recorded widths
        page = fit_sizes(page, family)
    page = restore_text_colours(page)
    tables = plan_tables(page.entities)
    # the screens of a list kept in state are one screen drawn from data
    lists = list_model(page, tables)
    shown = merge_revisits(collapse(page, lists) if lists is not None else page)
    plans = plan_screens(shown)
    asset_files = plan_assets(_with_rows(shown, lists), assets)
    navigations = screen_navigations(shown)
    focus = arrival_focus(shown, navigations)
    looks = focus_looks(page, focus)
    route_keys = {p.screen.id: p.route_key for p in plans}
    usage = spec_usage(page, [page_colour(p.screen) for p in plans])
    theme = build_theme(usage, family.stack if family is not None else None)
    viewport = (page.video.width, page.video.height)
    typed = frozenset(e.text for e in page.events if e.type == "type" and e.text)
    components = ComponentRegistry(taken={"ScreenFrame", *(p.component for p in plans)})
    for plan in plans:
        source = screen_module(
            plan,
            viewport=viewport,
            navigations=navigations.get(plan.screen.id, ()),
            route_keys=route_keys,
            asset_files=asset_files,
            theme=theme,
            components=components,
            typed=typed,
            focus=focus.get(plan.screen.id),
            focus_looks=looks,
            code=ListCode(lists) if lists is not None and plan.screen.id == lists.base.id else None,
        )
        out[f"src/screens/{plan.component}.tsx"] = source.encode()
    for component in components.components():
        out[f"src/components/{component.name}.tsx"] = component_module(component, GENERATED_HEADER).encode()
    out["src/index.css"] = index_css(theme).encode()
    out["src/App.tsx"] = app_module(plans).encode()
    out["src/routes.ts"] = routes_module(plans).encode()
    out["src/viewport.ts"] = viewport_module(page.video).encode()
    for rel, source in data_files(tables).items():
        out[rel] = source.encode()
    if tables:
        out[f"{MIGRATIONS}/{created.astimezone(UTC):%Y%m%d%H%M%S}_init.sql"] = migration_sql(tables).encode()
    out["README.md"] = readme(plans, page.video, tables).encode()
    out["tests/replay.spec.ts"] = replay_test(shown, plans, navigations, lists, focus).encode()
    given = {_normalise(k): v for k, v in assets.items()}
    for asset, name in asset_files.items():
        out[f"src/assets/{name}"] = given[_normalise(asset)]
    return out


def _with_rows(spec: AppSpec, lists: ListModel | None) -> AppSpec:
    """`spec` with what the list's screen draws besides its base (for their assets) as one more screen."""
    if lists is None:
        return spec
    rows = Screen(id=f"{lists.base.id}-rows", t=0.0, elements=extra_elements(lists))
    return spec.model_copy(update={"screens": [*spec.screens, rows]})


def _remove_stale(out_dir: Path, tree: Mapping[str, bytes]) -> None:
    """Remove what an earlier run generated that this spec no longer has (a screen would not
    type-check, a second init migration would not apply)."""
    stale = [("src/screens", "*.tsx", GENERATED_HEADER), (MIGRATIONS, "*_init.sql", SQL_HEADER)]
    for folder, pattern, header in stale:
        where = out_dir.joinpath(*folder.split("/"))
        if not where.is_dir():
            continue
        for old in where.glob(pattern):
            rel = f"{folder}/{old.name}"
            if rel not in tree and old.read_text(encoding="utf-8", errors="replace").startswith(header):
                log.info("removing stale generated file %s", old)
                old.unlink()


def generate_project(spec: AppSpec, out_dir: Path, assets: Mapping[str, bytes] | None = None) -> list[Path]:
    """Write the project for `spec` into `out_dir` (created if needed) and return the written paths.

    Files already there are overwritten; screens a previous run generated that this spec no longer
    has are removed (they would not type-check). Nothing else is touched, and nothing is run.
    Raises OSError when the directory cannot be written.
    """
    tree = project_files(spec, assets, created=datetime.now(UTC))
    _remove_stale(out_dir, tree)
    written: list[Path] = []
    for rel, data in sorted(tree.items()):
        path = out_dir.joinpath(*rel.split("/"))
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        written.append(path)
    log.info("wrote %d files of the app to %s", len(written), out_dir)
    return written
