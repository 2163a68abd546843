"""The app-level modules: `src/App.tsx` (routes), `src/routes.ts` (paths), `src/viewport.ts` and README.

files = {"src/App.tsx": app_module(plans), "src/routes.ts": routes_module(plans), ...}
"""

from __future__ import annotations

from collections.abc import Sequence

from replicast.codegen.escape import js_string
from replicast.codegen.plan import ScreenPlan
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


def readme(plans: Sequence[ScreenPlan], video: VideoMeta) -> str:
    rows = [f"| `{p.component}` | `{p.path}` | {len(p.screen.elements)} |" for p in plans]
    return "\n".join(
        [
            "# Generated app",
            "",
            "Made by replicast from a screen recording: a Vite + React + TypeScript + Tailwind CSS",
            "project that looks like the recorded app and navigates the way it did.",
            "",
            "## Run it",
            "",
            "```sh",
            "npm install        # or: npm ci (the lockfile pins every package)",
            "npm run dev        # http://localhost:5173",
            "npm run build      # type-checks, then writes the static site to dist/",
            "npm run preview    # serves dist/",
            "```",
            "",
            "`dist/` needs no server: routing uses the URL hash (`index.html#/screen`), and asset paths",
            "are relative, so it works from any folder.",
            "",
            "## Layout",
            "",
            "```",
            "src/main.tsx                 entry point",
            "src/App.tsx                  routes, one per screen",
            "src/routes.ts                route paths",
            f"src/viewport.ts              the recording's viewport ({video.width}x{video.height})",
            "src/screens/*.tsx            one component per screen",
            "src/components/ScreenFrame   the viewport-sized canvas a screen draws on",
            "src/hooks/                   keyboard navigation",
            "src/assets/                  images cropped from the recording",
            "```",
            "",
            "Elements sit at the pixel positions they had in the video (Tailwind arbitrary values such",
            "as `left-[40px]`), with the colours and sizes sampled from it.",
            "",
            "## Screens",
            "",
            "| component | route | elements |",
            "|---|---|---|",
            *rows,
            "",
        ]
    )
