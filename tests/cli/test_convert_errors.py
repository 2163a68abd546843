"""`replicast convert` on bad input: one clear line on stderr, a non-zero exit, no traceback, nothing lost."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest


def run_cli(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "replicast", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def assert_one_line_error(proc: subprocess.CompletedProcess[str], *needles: str) -> None:
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr
    lines = [ln for ln in proc.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1, proc.stderr
    for n in needles:
        assert n in lines[0], lines[0]


def test_missing_file(tmp_path: Path) -> None:
    proc = run_cli("convert", tmp_path / "nope.mp4", "-o", tmp_path / "out")
    assert_one_line_error(proc, "no such file")
    assert not (tmp_path / "out").exists()


def test_zero_byte_file(tmp_path: Path) -> None:
    video = tmp_path / "empty.mp4"
    video.write_bytes(b"")
    proc = run_cli("convert", video, "-o", tmp_path / "out")
    assert_one_line_error(proc, "empty")


@pytest.mark.parametrize("name", ["random.mp4", "random.webm"])
def test_random_bytes_named_as_video(tmp_path: Path, name: str) -> None:
    video = tmp_path / name
    video.write_bytes(bytes(range(256)) * 64)
    proc = run_cli("convert", video, "-o", tmp_path / "out")
    assert_one_line_error(proc, name)


def test_text_file(tmp_path: Path) -> None:
    video = tmp_path / "notes.txt"
    video.write_text("not a video\n" * 100)
    proc = run_cli("convert", video, "-o", tmp_path / "out")
    assert_one_line_error(proc, "notes.txt")


def test_folder_instead_of_file(tmp_path: Path) -> None:
    proc = run_cli("convert", tmp_path, "-o", tmp_path / "out")
    assert_one_line_error(proc, "not a file")


def test_foreign_output_folder_is_left_alone(tmp_path: Path) -> None:
    out = tmp_path / "mine"
    out.mkdir()
    (out / "thesis.tex").write_text("precious")
    video = tmp_path / "v.mp4"
    video.write_bytes(b"\x00" * 10)
    proc = run_cli("convert", video, "-o", out)
    assert proc.returncode == 2
    assert (out / "thesis.tex").read_text() == "precious"


def test_help_documents_every_option() -> None:
    proc = run_cli("convert", "--help")
    assert proc.returncode == 0
    for opt in ("--out", "--build", "--force", "--ocr-threads", "--max-mb", "--max-minutes", "--quiet"):
        assert opt in proc.stdout, opt


def test_refine_without_a_model_says_what_to_set(tmp_path: Path) -> None:
    proc = run_cli("convert", tmp_path / "rec.mp4", "-o", tmp_path / "out", "--refine")
    assert_one_line_error(proc, "--refine needs a model", "REPLICAST_REFINE_BASE_URL")
    assert not (tmp_path / "out").exists()


def test_running_out_of_memory_is_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from typer.testing import CliRunner

    from replicast.cli import main

    def starved(*_: object, **__: object) -> None:
        raise MemoryError

    video = tmp_path / "v.mp4"
    video.write_bytes(b"\\0")
    monkeypatch.setattr(main, "convert", starved)
    res = CliRunner().invoke(main.app, ["convert", str(video), "-o", str(tmp_path / "out"), "--quiet"])

    assert res.exit_code == 1
    assert "ran out of memory" in res.output and "Traceback" not in res.output
