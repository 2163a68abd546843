"""Install and build a generated project with npm.

    result = build_project(Path("out"))     # node_modules from the shared cache, then npm run build
    result.install_s, result.build_s, result.dist_dir

The only side-effecting part of codegen: it runs npm. A project with a lockfile gets its node_modules
from a cache of installed dependency sets keyed by that lockfile (one `npm ci` per set, then hard
links), so building a generated app takes seconds. Each npm step runs in its own process group so a
timeout also stops the tools npm started (vite, tsc).
"""

from __future__ import annotations

import hashlib
import logging
import os
import platform
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from replicast.errors import BuildError

log = logging.getLogger(__name__)

LOG_TAIL_CHARS = 4000
CACHE_MARKER = ".replicast-dependency-set"
"""File in a cached node_modules naming its dependency set (so a project already linked is kept)."""
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


def _run(
    cmd: list[str], cwd: Path, timeout_s: float, extra_env: dict[str, str] | None = None
) -> tuple[int | None, str]:
    """(exit code, combined output) of `cmd`; exit code None when it timed out, in which case the
    whole process group is killed."""
    env = {
        **os.environ,
        "npm_config_update_notifier": "false",
        "npm_config_fund": "false",
        **(extra_env or {}),
    }
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


def default_cache_dir() -> Path:
    """Where installed dependency sets are kept between builds: ~/.cache/replicast/node_modules."""
    return Path.home() / ".cache" / "replicast" / "node_modules"


def _node_version(timeout_s: float) -> str:
    node = shutil.which("node")
    if node is None:
        return "no-node"
    code, out = _run([node, "--version"], Path.cwd(), timeout_s)
    return out.strip() if code == 0 else "unknown-node"


def dependency_key(package_dir: Path, node_version: str) -> str:
    """What an installed node_modules depends on: the lockfile, the Node version and the platform
    (packages such as rolldown and lightningcss ship native binaries per platform)."""
    digest = hashlib.sha256()
    digest.update((package_dir / "package-lock.json").read_bytes())
    digest.update(f"\0{node_version}\0{sys.platform}\0{platform.machine()}".encode())
    return digest.hexdigest()[:24]


def _hardlink_tree(src: Path, dst: Path) -> None:
    """Copy a tree whose files are hard links to `src`'s (a copy where links are not possible)."""

    def link(a: str, b: str) -> object:
        try:
            os.link(a, b)
        except OSError:
            shutil.copy2(a, b)
        return b

    shutil.copytree(src, dst, symlinks=True, copy_function=link)


def _installed_key(package_dir: Path) -> str | None:
    try:
        return (package_dir / "node_modules" / CACHE_MARKER).read_text().strip()
    except OSError:
        return None


def install_from_cache(package_dir: Path, cache_dir: Path, timeout_s: float) -> tuple[bool, str]:
    """Give `package_dir` the node_modules its lockfile pins, from `cache_dir` (installing it there
    first when this dependency set was never installed). Returns (installed anew, npm's output).

    The project's node_modules is a tree of hard links into the cache, so it costs no space and a
    fraction of a second; tools that write into node_modules (vite's and tsc's caches) write new
    files of the project's own. Raises BuildError when npm fails or times out, OSError when the
    cache cannot be written.
    """
    deadline = time.monotonic() + timeout_s
    key = dependency_key(package_dir, _node_version(timeout_s))
    if _installed_key(package_dir) == key:
        return False, ""
    entry = cache_dir / key
    output = ""
    fresh = not (entry / "node_modules" / CACHE_MARKER).is_file()
    if fresh:
        cache_dir.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f"{key}.", suffix=".tmp", dir=cache_dir))
        try:
            for name in ("package.json", "package-lock.json"):
                shutil.copy2(package_dir / name, staging / name)
            log.info("installing dependency set %s into %s", key, cache_dir)
            cmd = [_npm(), "ci", "--prefer-offline", "--no-audit", "--no-fund", "--ignore-scripts"]
            code, output = _run(cmd, staging, deadline - time.monotonic())
            if code is None:
                raise BuildError(f"npm ci timed out ({timeout_s:g} s) installing the dependency cache")
            if code != 0:
                raise BuildError(f"npm ci failed (exit {code}) in the dependency cache:\n{_summary(output)}")
            (staging / "node_modules" / CACHE_MARKER).write_text(key + "\n")
            try:
                staging.rename(entry)
            except OSError:
                log.info("dependency set %s was installed meanwhile by another build", key)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    target = package_dir / "node_modules"
    if target.is_symlink() or target.is_file():
        target.unlink()
    elif target.exists():
        shutil.rmtree(target)
    _hardlink_tree(entry / "node_modules", target)
    return fresh, output


def build_project(
    out_dir: Path, timeout_s: float = 600, *, check: bool = True, cache_dir: Path | None = None
) -> BuildResult:
    """Install dependencies and build `out_dir` into `out_dir/dist`, within `timeout_s` in all.

    With a package-lock.json, node_modules comes from the shared dependency cache in `cache_dir`
    (default `default_cache_dir()`): one `npm ci` per dependency set, then hard links, so a build
    takes seconds. Without one, `npm install` runs in the project. Raises BuildError when npm is
    missing, the directory holds no package.json, a step fails or the time runs out; with
    `check=False` a failed step is returned as a result with `ok=False` instead (npm missing still
    raises).
    """
    npm = _npm()
    if not (out_dir / "package.json").is_file():
        raise BuildError(f"{out_dir} has no package.json: not a generated project")
    deadline = time.monotonic() + timeout_s
    output: list[str] = []
    took = {"install": 0.0, "build": 0.0}
    failure: str | None = None
    t0 = time.monotonic()
    if (out_dir / "package-lock.json").is_file():
        log.info("%s: node_modules from the dependency cache", out_dir)
        try:
            _, out = install_from_cache(out_dir, cache_dir or default_cache_dir(), timeout_s)
            output.append(out)
        except BuildError as ex:
            failure = str(ex)
        except OSError as ex:
            raise BuildError(f"could not use the dependency cache for {out_dir}: {ex}") from ex
    else:
        failure = _step(
            "npm install",
            [npm, "install", "--prefer-offline", "--no-audit", "--no-fund"],
            out_dir,
            deadline,
            timeout_s,
            output,
        )
    took["install"] = round(time.monotonic() - t0, 2)
    if failure is None:
        t0 = time.monotonic()
        failure = _step("npm run build", [npm, "run", "build"], out_dir, deadline, timeout_s, output)
        took["build"] = round(time.monotonic() - t0, 2)
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
        log.warning("%s: %s", out_dir, failure.splitlines()[0])
        if check:
            raise BuildError(failure if "\n" in failure else f"{failure}:\n{_summary(text)}")
    else:
        log.info("%s: built in %.1f s (install %.1f s)", out_dir, result.build_s, result.install_s)
    return result


def _step(
    label: str, cmd: list[str], cwd: Path, deadline: float, timeout_s: float, output: list[str]
) -> str | None:
    """Run one step; its failure message, or None."""
    log.info("%s: %s", cwd, label)
    try:
        code, out = _run(cmd, cwd, deadline - time.monotonic())
    except OSError as ex:
        raise BuildError(f"could not run {label} in {cwd}: {ex}") from ex
    output.append(out)
    if code is None:
        return f"{label} timed out ({timeout_s:g} s for install and build)"
    if code != 0:
        return f"{label} failed (exit {code})"
    return None


@dataclass(frozen=True, slots=True)
class ReplayTestResult:
    ok: bool
    took_s: float
    log_tail: str


def run_replay_test(out_dir: Path, chromium: Path, timeout_s: float = 300) -> ReplayTestResult:
    """Run the project's own replay test (`tests/replay.spec.ts`, Playwright driving `chromium`) against
    its built dist/, served by vite preview on a free loopback port. Needs a built project.

    Raises BuildError when npx is missing; a failing or timed-out test is a result with `ok=False`."""
    npx = shutil.which("npx")
    if npx is None:
        raise BuildError("npx was not found on PATH: install Node.js 20.19+ (with npm)")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    started = time.monotonic()
    env = {"REPLAY_PORT": str(port), "CHROMIUM": str(chromium), "CI": "1"}
    code, out = _run([npx, "--no-install", "playwright", "test"], out_dir, timeout_s, env)
    took = round(time.monotonic() - started, 2)
    if code is None:
        out += f"\nthe replay test timed out ({timeout_s:g} s)"
    return ReplayTestResult(ok=code == 0, took_s=took, log_tail=out[-LOG_TAIL_CHARS:])
