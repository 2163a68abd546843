"""Install and build a generated project with npm.

    result = build_project(Path("out"))       # npm ci (lockfile present) or npm install, then npm run build
    result.install_s, result.build_s, result.dist_dir

The only side-effecting part of codegen: it runs npm in the project directory. Each step runs in its
own process group so a timeout also stops the tools npm started (vite, tsc).
"""

from __future__ import annotations

import logging
import os
import shutil
import signal
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from replicast.errors import BuildError

log = logging.getLogger(__name__)

LOG_TAIL_CHARS = 4000
_MESSAGE_TAIL_LINES = 12


@dataclass(frozen=True, slots=True)
class BuildResult:
    ok: bool
    """True when install and build succeeded and dist/index.html exists."""
    install_s: float
    build_s: float
    log_tail: str
    """The last LOG_TAIL_CHARS characters of npm's combined output."""
    dist_dir: Path


def _npm() -> str:
    npm = shutil.which("npm")
    if npm is None:
        raise BuildError("npm was not found on PATH: install Node.js 20.19+ (with npm) to build the app")
    return npm


def _run(cmd: list[str], cwd: Path, timeout_s: float) -> tuple[int | None, str]:
    """(exit code, combined output) of `cmd`; exit code None when it timed out, in which case the
    whole process group is killed."""
    env = {**os.environ, "npm_config_update_notifier": "false", "npm_config_fund": "false"}
    with subprocess.Popen(
        cmd,
        cwd=cwd,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        errors="replace",
        start_new_session=True,
    ) as proc:
        try:
            out, _ = proc.communicate(timeout=max(timeout_s, 0.001))
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            out, _ = proc.communicate()
            return None, out
    return proc.returncode, out


def _summary(output: str) -> str:
    lines = [ln for ln in output.strip().splitlines() if ln.strip()]
    return "\n".join(lines[-_MESSAGE_TAIL_LINES:])


def build_project(out_dir: Path, timeout_s: float = 600, *, check: bool = True) -> BuildResult:
    """Install dependencies and build `out_dir` into `out_dir/dist`, within `timeout_s` in all.

    Uses `npm ci` when package-lock.json is present (reproducible, fails if it disagrees with
    package.json), else `npm install`; both prefer the npm cache, as the lockfile pins every
    version and its integrity hash. Raises BuildError when npm is missing, the directory holds no
    package.json, a step fails or the time runs out; with `check=False` a failed step is returned
    as a result with `ok=False` instead (npm missing still raises).
    """
    npm = _npm()
    if not (out_dir / "package.json").is_file():
        raise BuildError(f"{out_dir} has no package.json: not a generated project")
    deadline = time.monotonic() + timeout_s
    install = "ci" if (out_dir / "package-lock.json").is_file() else "install"
    steps = (
        ("install", f"npm {install}", [npm, install, "--prefer-offline", "--no-audit", "--no-fund"]),
        ("build", "npm run build", [npm, "run", "build"]),
    )
    output: list[str] = []
    took = {"install": 0.0, "build": 0.0}
    failure: str | None = None
    for step, label, cmd in steps:
        log.info("%s: %s", out_dir, label)
        t0 = time.monotonic()
        try:
            code, out = _run(cmd, out_dir, deadline - t0)
        except OSError as ex:
            raise BuildError(f"could not run {label} in {out_dir}: {ex}") from ex
        took[step] = round(time.monotonic() - t0, 2)
        output.append(out)
        if code is None:
            failure = f"{label} timed out ({timeout_s:g} s for install and build)"
        elif code != 0:
            failure = f"{label} failed (exit {code})"
        if failure is not None:
            break
    if failure is None and not (out_dir / "dist" / "index.html").is_file():
        failure = "npm run build succeeded but wrote no dist/index.html"
    text = "".join(output)
    result = BuildResult(
        ok=failure is None,
        install_s=took["install"],
        build_s=took["build"],
        log_tail=text[-LOG_TAIL_CHARS:],
        dist_dir=out_dir / "dist",
    )
    if failure is not None:
        log.warning("%s: %s", out_dir, failure)
        if check:
            raise BuildError(f"{failure}:\n{_summary(text)}")
    else:
        log.info("%s: built in %.1f s (install %.1f s)", out_dir, result.build_s, result.install_s)
    return result
