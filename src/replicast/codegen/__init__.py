"""AppSpec → a Vite + React + TypeScript + Tailwind project, and building it with npm.

    from replicast.codegen import build_project, generate_project

    written = generate_project(spec, Path("out"), assets={"assets/logo.png": png_bytes})
    result = build_project(Path("out"))     # node_modules from the shared cache, then npm run build

`generate_project` only writes files; `build_project` (and `run_replay_test`, the project's own
Playwright test against the build) are the only functions that run anything. The
stages, each a pure module:

- `geometry`: video px → the page's CSS px (`AppSpec.viewport`);
- `paint`: page and container colours, which boxes to paint, text colours restored from video chroma;
- `nesting` and `layout`: which element holds which, then rows/columns (XY-cut) as flex classes;
- `theme`: the palette and type scale as Tailwind `@theme` tokens;
- `elements`, `components`, `screens`, `app`: semantic JSX per screen, repeated parts as components
  drawn from data arrays, routes (`plan`, `behaviour`: names and navigation);
- `schema` and `datalayer`: entities → Supabase migration (RLS on `auth.uid()`), types, data sources
  (supabase-js or localStorage) and a hook per table;
- `replay`: `tests/replay.spec.ts`, the recording as a Playwright test.

Text from the video reaches code only through `escape` (string literals, plain identifiers, quoted SQL).
"""

from replicast.codegen.build import BuildResult, ReplayTestResult, build_project, run_replay_test
from replicast.codegen.project import generate_project, project_files

__all__ = [
    "BuildResult",
    "ReplayTestResult",
    "build_project",
    "generate_project",
    "project_files",
    "run_replay_test",
]
