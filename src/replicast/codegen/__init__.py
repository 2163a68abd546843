"""AppSpec → a Vite + React + TypeScript + Tailwind project, and building it with npm.

    from replicast.codegen import build_project, generate_project

    written = generate_project(spec, Path("out"), assets={"assets/logo.png": png_bytes})
    result = build_project(Path("out"))           # npm ci + npm run build → out/dist/index.html

`generate_project` only writes files (one component per screen under src/screens/, routes in
src/App.tsx, pinned package.json + package-lock.json from `template/`). Text from the video reaches
the code only through `codegen.escape`. `build_project` is the one function that runs anything.
"""

from replicast.codegen.build import BuildResult, build_project
from replicast.codegen.project import generate_project, project_files

__all__ = ["BuildResult", "build_project", "generate_project", "project_files"]
