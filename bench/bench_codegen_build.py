#!/usr/bin/env python3
"""How much the shared dependency cache saves when building generated projects.

Generates one small app twice and builds each with `build_project`:
  cold     an empty dependency cache: one `npm ci` (from npm's own download cache) into it, then the build
  cached   a second project with the same lockfile: node_modules hard-linked from the cache, then the build
and prints install, build and total seconds of each, and the cold / cached ratio of the totals.

    .venv/bin/python bench/bench_codegen_build.py
    .venv/bin/python bench/bench_codegen_build.py --projects 3
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from replicast.codegen import build_project, generate_project
from replicast.spec.models import AppSpec, Element, Screen, Style, VideoMeta


def spec() -> AppSpec:
    form = Screen(
        id="sign-in",
        t=0.0,
        background="#f8fafc",
        elements=[
            Element(id="h", role="heading", level=1, bbox=[40, 40, 300, 40], text="Welcome back"),
            Element(id="email", role="input", bbox=[40, 120, 320, 36], placeholder="Email"),
            Element(
                id="go",
                role="button",
                bbox=[40, 180, 120, 36],
                text="Sign in",
                style=Style(color="#ffffff", background="#2563eb", radius=6),
            ),
        ],
    )
    return AppSpec(video=VideoMeta(width=1280, height=720, fps=30, duration=5.0), screens=[form])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--projects", type=int, default=2, help="projects built against the warm cache")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="replicast-bench-") as tmp:
        root = Path(tmp)
        cache = root / "cache"
        rows: list[tuple[str, float, float]] = []
        for i in range(1 + args.projects):
            out = root / f"app{i}"
            generate_project(spec(), out)
            t0 = time.monotonic()
            result = build_project(out, cache_dir=cache)
            total = time.monotonic() - t0
            rows.append(("cold" if i == 0 else f"cached{i}", result.install_s, total))
            name = rows[-1][0]
            took = f"install {result.install_s:6.2f} s  build {result.build_s:6.2f} s"
            print(f"{name:>8}: {took}  total {total:6.2f} s")
        cold = rows[0][2]
        cached = min(r[2] for r in rows[1:])
        install = rows[0][1] / max(0.01, min(r[1] for r in rows[1:]))
        print(f"cold / cached total: {cold / cached:.1f}x  (install alone: {install:.0f}x)")


if __name__ == "__main__":
    main()
