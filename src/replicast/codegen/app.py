"""The app-level modules: `src/App.tsx` (routes), `src/routes.ts` (paths), `src/viewport.ts` and README.

files = {"src/App.tsx": app_module(plans), "src/routes.ts": routes_module(plans), ...}
"""

from __future__ import annotations

from collections.abc import Sequence

from replicast.codegen.escape import js_string
from replicast.codegen.plan import ScreenPlan
from replicast.codegen.schema import Table
from replicast.codegen.screens import GENERATED_HEADER
from replicast.spec.models import VideoMeta


def routes_module(plans: Sequence[ScreenPlan]) -> str:
    entries = [f"  {p.route_key}: {js_string(p.path)}," for p in plans]
    return "\n".join(
        [
            GENERATED_HEADER,
            "/** One route per screen seen in the recording; the first screen is the index route. */",
            "export const paths = {",
            *entries,
            "} as const;",
            "",
        ]
    )


def viewport_module(video: VideoMeta) -> str:
    return "\n".join(
        [
            GENERATED_HEADER,
            "/** The recording's viewport in CSS px: screens are laid out at this size. */",
            f"export const viewport = {{ width: {video.width}, height: {video.height} }} as const;",
            "",
        ]
    )


def app_module(plans: Sequence[ScreenPlan]) -> str:
    imports = [f'import {{ {p.component} }} from "./screens/{p.component}";' for p in plans]
    routes = [f"        <Route path={{paths.{p.route_key}}} element={{<{p.component} />}} />" for p in plans]
    return "\n".join(
        [
            GENERATED_HEADER,
            'import { HashRouter, Navigate, Route, Routes } from "react-router-dom";',
            'import { paths } from "./routes";',
            *imports,
            "",
            "/**",
            " * The app: one route per screen. HashRouter keeps dist/ a static site that works from any",
            " * folder and needs no server rewrites.",
            " */",
            "export function App() {",
            "  return (",
            "    <HashRouter>",
            "      <Routes>",
            *routes,
            f'        <Route path="*" element={{<Navigate to={{paths.{plans[0].route_key}}} replace />}} />',
            "      </Routes>",
            "    </HashRouter>",
            "  );",
            "}",
            "",
        ]
    )


def readme(plans: Sequence[ScreenPlan], video: VideoMeta, tables: Sequence[Table] = ()) -> str:
    """README.md: what the project is, how to run, test, lint it and connect Supabase."""
    screens = [f"- `{p.component}` at `#{p.path}` ({len(p.screen.elements)} elements)" for p in plans]
    lines = [
        "# Generated app",
        "",
        "Made by replicast from a screen recording: a Vite + React + TypeScript + Tailwind CSS project",
        "that looks like the recorded app and behaves the way it did.",
        "",
        "## Run it",
        "",
        "```sh",
        "npm ci             # installs exactly what package-lock.json pins",
        "npm run dev        # http://localhost:5173",
        "npm run build      # type-checks (TypeScript 7), then writes the static site to dist/",
        "npm run preview    # serves dist/",
        "```",
        "",
        "`dist/` needs no server: routing uses the URL hash (`index.html#/screen`), and asset paths are",
        "relative, so it works from any folder.",
        "",
        "## Check it",
        "",
        "```sh",
        "npm run typecheck  # tsc -b",
        "npm run lint       # prettier --check, then ESLint (installed into lint/ on first use)",
        "npm run format     # prettier --write",
        "npm run test:replay  # the recording replayed in Chromium (tests/replay.spec.ts)",
        "```",
        "",
        "The replay test drives a Chromium you already have: set `CHROMIUM` to its path if it is not",
        "`/usr/bin/chromium`. It builds nothing itself: run `npm run build` first.",
        "",
        "## Layout",
        "",
        "```",
        "src/main.tsx                 entry point",
        "src/App.tsx                  routes, one per screen",
        "src/routes.ts                route paths",
        f"src/viewport.ts              the recording's viewport ({video.width}x{video.height} CSS px)",
        "src/index.css                Tailwind and the app's theme (palette, type scale)",
        "src/screens/*.tsx            one component per screen",
        "src/components/              the screen frame and the parts that repeat",
        "src/hooks/                   keyboard navigation and data hooks",
        "src/lib/                     the data layer (when the recording showed records)",
        "tests/replay.spec.ts         the recording as a Playwright test",
        "```",
        "",
        "Screens lay their elements out with flex rows and columns at the sizes and spacing seen in the",
        "video; colours and font sizes are theme tokens (`bg-page`, `text-ink`, `text-base`).",
        "",
        "## Screens",
        "",
        *screens,
        "",
    ]
    if tables:
        lines += _data_readme(tables)
    return "\n".join(lines)


def _data_readme(tables: Sequence[Table]) -> list[str]:
    listed = [f"- `{t.name}` ({len(t.columns)} fields), used through `{t.hook}()`" for t in tables]
    return [
        "## Data",
        "",
        *listed,
        "",
        "Out of the box the app keeps these records in the browser (localStorage). To keep them in",
        "Supabase:",
        "",
        "1. Create a project at https://supabase.com (or run one locally with `npx supabase start`).",
        "2. Apply the migrations in `supabase/migrations/`: `npx supabase link --project-ref <ref>`",
        "   then `npx supabase db push`, or run the SQL file in the dashboard's SQL editor.",
        "3. Enable anonymous sign-ins (Authentication → Sign In / Providers), or add your own sign-in:",
        "   every row belongs to the user who created it, and row-level security shows each user only",
        "   their own rows.",
        "4. Copy `.env.example` to `.env.local`, set `VITE_SUPABASE_URL` and `VITE_SUPABASE_ANON_KEY`",
        "   (Project settings → API), and restart `npm run dev` or rebuild.",
        "",
        "`src/lib/database.types.ts` describes the tables; after changing the schema regenerate it with",
        "`npx supabase gen types typescript --linked > src/lib/database.types.ts`.",
        "",
    ]
