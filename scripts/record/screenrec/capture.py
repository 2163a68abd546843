"""Grab the X display with ``ffmpeg -f x11grab`` into an H.264 mp4, and single frames for checks.

Time base: x11grab stamps every frame with the wall clock (``av_gettime()``, microseconds since the
epoch) right after waiting for its frame slot and just before copying the screen. ffmpeg prints the
first frame's stamp as ``start: <epoch seconds>`` on its input line and shifts the output so that
frame to be t=0. So ``video_t = time.time() - capture.start_epoch`` for any instant on this machine.
"""

from __future__ import annotations

import json
import logging
import re
import subprocess
import threading
import time
from collections import deque
from pathlib import Path

from .errors import ProcessFailedError

log = logging.getLogger(__name__)

_START_RE = re.compile(r"Input #0, x11grab.*?start: (\d+\.\d+)", re.DOTALL)
_STARTUP_TIMEOUT_S = 15.0


def grab_frame(ffmpeg: str, display: str, size: tuple[int, int], env: dict[str, str]) -> bytes:
    """One RGB24 frame of the display (``width * height * 3`` bytes, rows top to bottom).

    Raises:
        ProcessFailedError: when ffmpeg fails to grab.
    """
    w, h = size
    argv = [ffmpeg, "-nostdin", "-loglevel", "error", "-f", "x11grab", "-draw_mouse", "0"]
    argv += ["-video_size", f"{w}x{h}", "-i", f"{display}+0,0", "-frames:v", "1"]
    argv += ["-f", "rawvideo", "-pix_fmt", "rgb24", "-"]
    try:
        done = subprocess.run(argv, env=env, capture_output=True, timeout=20, check=False)
    except subprocess.TimeoutExpired as ex:
        raise ProcessFailedError("ffmpeg screenshot timed out") from ex
    if done.returncode != 0 or len(done.stdout) != w * h * 3:
        raise ProcessFailedError(f"ffmpeg screenshot failed: {done.stderr.decode(errors='replace')[-800:]}")
    return done.stdout


class ScreenCapture:
    """An ffmpeg process recording the display until :meth:`stop` (which finalises the mp4)."""

    def __init__(
        self,
        ffmpeg: str,
        display: str,
        size: tuple[int, int],
        out_path: Path,
        env: dict[str, str],
        *,
        fps: int = 30,
        crf: int = 23,
        preset: str = "ultrafast",
    ) -> None:
        self.argv = [ffmpeg, "-hide_banner", "-nostats", "-loglevel", "info", "-y"]
        self.argv += ["-f", "x11grab", "-draw_mouse", "1", "-framerate", str(fps)]
        self.argv += ["-video_size", f"{size[0]}x{size[1]}", "-i", f"{display}+0,0"]
        self.argv += ["-c:v", "libx264", "-preset", preset, "-crf", str(crf), "-pix_fmt", "yuv420p"]
        # the fps filter places every frame on the output grid by its real grab time; the default
        # "-fps_mode cfr" dup/drop logic alone tolerates +-1.1 frames and was seen drifting 3 frames
        self.argv += ["-vf", f"fps={fps}", "-fps_mode", "cfr", "-r", str(fps)]
        self.argv += ["-movflags", "+faststart", str(out_path)]
        self.out_path = out_path
        self.env = env
        self.start_epoch = 0.0
        self._proc: subprocess.Popen[bytes] | None = None
        self._stderr: deque[str] = deque(maxlen=400)
        self._reader: threading.Thread | None = None
        self._started = threading.Event()

    def start(self) -> ScreenCapture:
        """Start ffmpeg and wait until it has grabbed its first frame.

        Raises:
            ProcessFailedError: when ffmpeg exits or reports no start time in time.
        """
        log.debug("ffmpeg: %s", " ".join(self.argv))
        try:
            self._proc = subprocess.Popen(
                self.argv,
                env=self.env,
                stdin=subprocess.PIPE,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                start_new_session=True,
            )
        except OSError as ex:
            raise ProcessFailedError(f"cannot start ffmpeg: {ex}") from ex
        self._reader = threading.Thread(target=self._read_stderr, name="screenrec-ffmpeg", daemon=True)
        self._reader.start()
        deadline = time.monotonic() + _STARTUP_TIMEOUT_S
        while not self._started.wait(0.05):
            if self._proc.poll() is not None or time.monotonic() > deadline:
                self.kill()
                raise ProcessFailedError(f"ffmpeg did not start recording:\n{self.log_tail()}")
        log.info("capture started at epoch %.6f", self.start_epoch)
        return self

    def _read_stderr(self) -> None:
        assert self._proc is not None and self._proc.stderr is not None
        for raw in self._proc.stderr:
            line = raw.decode(errors="replace").rstrip()
            self._stderr.append(line)
            if not self._started.is_set():
                match = _START_RE.search("\n".join(self._stderr))
                if match:
                    self.start_epoch = float(match.group(1))
                    self._started.set()

    def log_tail(self, lines: int = 20) -> str:
        """The last lines ffmpeg wrote to stderr."""
        return "\n".join(list(self._stderr)[-lines:])

    def stop(self, timeout_s: float = 20.0) -> None:
        """Ask ffmpeg to finish (``q`` on stdin) and wait until the mp4 is written.

        Raises:
            ProcessFailedError: when ffmpeg fails or leaves no file behind.
        """
        proc = self._proc
        if proc is None:
            return
        try:
            assert proc.stdin is not None
            proc.stdin.write(b"q")
            proc.stdin.close()
        except (BrokenPipeError, OSError):
            pass  # already gone; the return code tells
        try:
            rc = proc.wait(timeout=timeout_s)
        except subprocess.TimeoutExpired:
            self.kill()
            raise ProcessFailedError(f"ffmpeg did not finish within {timeout_s:.0f} s") from None
        finally:
            self._close_pipes(proc)
            self._proc = None
        log.debug("ffmpeg finished:\n%s", self.log_tail(8))
        if rc != 0 or not self.out_path.is_file() or self.out_path.stat().st_size == 0:
            raise ProcessFailedError(f"ffmpeg failed (exit {rc}):\n{self.log_tail()}")

    def kill(self) -> None:
        """Stop ffmpeg hard (error path); the mp4 may be unusable afterwards."""
        proc, self._proc = self._proc, None
        if proc is None:
            return
        proc.kill()
        proc.wait(timeout=10)
        self._close_pipes(proc)

    def _close_pipes(self, proc: subprocess.Popen[bytes]) -> None:
        if self._reader is not None:
            self._reader.join(timeout=5)
        for pipe in (proc.stdin, proc.stderr):
            if pipe is not None and not pipe.closed:
                pipe.close()


def grab_png(ffmpeg: str, display: str, size: tuple[int, int], env: dict[str, str], path: Path) -> None:
    """Save one frame of the display (without the pointer) as a PNG.

    Raises:
        ProcessFailedError: when ffmpeg fails to grab.
    """
    w, h = size
    argv = [ffmpeg, "-nostdin", "-loglevel", "error", "-y", "-f", "x11grab", "-draw_mouse", "0"]
    argv += ["-video_size", f"{w}x{h}", "-i", f"{display}+0,0", "-frames:v", "1", str(path)]
    done = subprocess.run(argv, env=env, capture_output=True, timeout=20, check=False)
    if done.returncode != 0:
        raise ProcessFailedError(f"ffmpeg screenshot failed: {done.stderr.decode(errors='replace')[-800:]}")


def probe(ffprobe: str, path: Path) -> dict[str, float]:
    """Width, height, frame count and duration (s) of a video file.

    Raises:
        ProcessFailedError: when ffprobe cannot read the file.
    """
    argv = [ffprobe, "-v", "error", "-select_streams", "v:0", "-count_packets", "-of", "json"]
    argv += ["-show_entries", "stream=width,height,nb_read_packets:format=duration", str(path)]
    done = subprocess.run(argv, capture_output=True, text=True, timeout=60, check=False)
    try:
        info = json.loads(done.stdout)
        stream = info["streams"][0]
        return {
            "width": float(stream["width"]),
            "height": float(stream["height"]),
            "frames": float(stream["nb_read_packets"]),
            "duration": float(info["format"]["duration"]),
        }
    except (ValueError, KeyError, IndexError) as ex:
        raise ProcessFailedError(f"ffprobe cannot read {path}: {done.stderr.strip()}") from ex
