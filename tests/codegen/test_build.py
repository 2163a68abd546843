"""Building the generated project: npm driven through a fake (the real one: test_generated_app.py)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from replicast.codegen import build_project
from replicast.errors import BuildError

FAKE_NPM = """\
#!/bin/sh
# fake npm: logs its arguments (and where it ran) to $FAKE_NPM_LOG, fails the step named in
# $FAKE_NPM_FAIL, hangs in the step named in $FAKE_NPM_HANG (with a child process), installs one
# package on ci/install, builds dist/index.html
echo "$@ @ $(basename "$PWD")" >> "$FAKE_NPM_LOG"
echo "npm says: $1"
case "$1" in
  "$FAKE_NPM_FAIL") echo "something went wrong in $1" >&2; exit 3 ;;
  "$FAKE_NPM_HANG") sleep 60 & echo $! > "$FAKE_NPM_LOG.child"; wait ;;
  ci|install) mkdir -p node_modules/left-pad && echo "module.exports = 1" > node_modules/left-pad/index.js ;;
  run) [ -n "$FAKE_NPM_NO_DIST" ] || { mkdir -p dist && echo '<!doctype html>' > dist/index.html; } ;;
esac
"""


@pytest.fixture
def fake_npm(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project directory named "app", with a fake `npm` first on PATH."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    npm = bin_dir / "npm"
    npm.write_text(FAKE_NPM)
    npm.chmod(npm.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}")
    monkeypatch.setenv("FAKE_NPM_LOG", str(tmp_path / "npm-calls.log"))
    return project(tmp_path / "app")


def project(path: Path, lock: str | None = None) -> Path:
    path.mkdir()
    (path / "package.json").write_text("{}")
    if lock is not None:
        (path / "package-lock.json").write_text(lock)
    return path


def calls(tmp_path: Path) -> list[str]:
    log = tmp_path / "npm-calls.log"
    return log.read_text().splitlines() if log.exists() else []


def test_install_then_build(fake_npm: Path, tmp_path: Path) -> None:
    result = build_project(fake_npm)

    assert calls(tmp_path) == ["install --prefer-offline --no-audit --no-fund @ app", "run build @ app"]
    assert result.ok and result.dist_dir == fake_npm / "dist"
    assert "npm says: run" in result.log_tail
    assert result.install_s >= 0 and result.build_s >= 0


def test_a_lockfile_installs_once_into_the_cache_and_links_from_there(fake_npm: Path, tmp_path: Path) -> None:
    # Given two projects with the same lockfile and a third with another
    cache = tmp_path / "cache"
    (fake_npm / "package-lock.json").write_text('{"lockfileVersion": 3}')
    twin = project(tmp_path / "twin", lock='{"lockfileVersion": 3}')
    other = project(tmp_path / "other", lock='{"lockfileVersion": 3, "other": true}')

    # When all are built
    for p in (fake_npm, twin, other):
        build_project(p, cache_dir=cache)

    # Then npm ci ran once per dependency set, in the cache, never in a project
    ci = [c for c in calls(tmp_path) if c.startswith("ci ")]
    assert len(ci) == 2 and not any(c.endswith(("@ app", "@ twin", "@ other")) for c in ci)
    assert [c for c in calls(tmp_path) if c.startswith("run ")] == [
        "run build @ app",
        "run build @ twin",
        "run build @ other",
    ]
    # and each project's files are hard links into the cache
    a = (fake_npm / "node_modules" / "left-pad" / "index.js").stat()
    b = (twin / "node_modules" / "left-pad" / "index.js").stat()
    assert (a.st_ino, a.st_dev) == (b.st_ino, b.st_dev) and a.st_nlink >= 3


def test_a_project_already_linked_is_kept(fake_npm: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    (fake_npm / "package-lock.json").write_text("{}")
    build_project(fake_npm, cache_dir=cache)
    (fake_npm / "node_modules" / ".vite").mkdir()  # what a build leaves behind

    build_project(fake_npm, cache_dir=cache)

    assert (fake_npm / "node_modules" / ".vite").is_dir()


def test_a_failed_cache_install_leaves_no_cache_entry(
    fake_npm: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FAKE_NPM_FAIL", "ci")
    cache = tmp_path / "cache"
    (fake_npm / "package-lock.json").write_text("{}")

    with pytest.raises(BuildError, match=r"npm ci failed \(exit 3\)"):
        build_project(fake_npm, cache_dir=cache)

    assert list(cache.iterdir()) == []


def test_a_failed_install_raises_with_the_step_and_its_output(
    fake_npm: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FAKE_NPM_FAIL", "install")

    with pytest.raises(BuildError, match=r"npm install failed \(exit 3\)") as info:
        build_project(fake_npm)

    assert "something went wrong in install" in str(info.value)
    assert calls(tmp_path) == ["install --prefer-offline --no-audit --no-fund @ app"]


def test_without_check_a_failure_is_a_result(fake_npm: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FAKE_NPM_FAIL", "run")

    result = build_project(fake_npm, check=False)

    assert not result.ok
    assert "something went wrong in run" in result.log_tail


def test_a_build_without_dist_index_fails(fake_npm: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FAKE_NPM_NO_DIST", "1")

    with pytest.raises(BuildError, match=r"no dist/index\.html"):
        build_project(fake_npm)


def test_running_out_of_time_stops_npm_and_its_children(
    fake_npm: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FAKE_NPM_HANG", "install")

    with pytest.raises(BuildError, match="npm install timed out"):
        build_project(fake_npm, timeout_s=1)

    proc = Path("/proc") / (tmp_path / "npm-calls.log.child").read_text().strip()
    try:
        alive = (
            b"sleep" in (proc / "cmdline").read_bytes() and (proc / "stat").read_text().split()[2] not in "ZX"
        )
    except OSError:
        alive = False  # gone (a reused pid runs something else)
    assert not alive


def test_missing_npm_is_named(fake_npm: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))

    with pytest.raises(BuildError, match="npm was not found"):
        build_project(fake_npm)


def test_a_directory_without_package_json_is_refused(fake_npm: Path) -> None:
    (fake_npm / "package.json").unlink()

    with pytest.raises(BuildError, match=r"no package\.json"):
        build_project(fake_npm)
