"""`PyAvSource`: the `VideoSource` that decodes real files with FFmpeg through PyAV.

The file is probed (and so limited) when the source is made. Frames are decoded with FFmpeg's
threads (by default on all cores but one, left to the consumer), in a thread of their own that stays
up to `READ_AHEAD_BYTES` of frames ahead of the consumer (so decoding and what the consumer does with
each frame run side by side); each yields its Y
plane straight out of the decoder (a zero-copy view, no colour conversion) and converts to RGB only
when `Frame.rgb()` is called.

    with PyAvSource(Path("recording.mp4")) as src:
        print(src.info.width, src.info.height, src.info.duration)
        for frame in src.frames():
            use(frame.t, frame.luma)

`Frame.y` is in the stream's levels (`Frame.limited` for the 16..235 of H.264 and VP9 screen
recordings); `Frame.luma` is full range (0..255), like `rgb_to_luma`, so thresholds mean the same for
every source. The matrix is the stream's own (BT.601 or BT.709), so saturated colours may differ
from `rgb_to_luma` by a few levels; greys agree.

Times are `pts * time_base` relative to the first decoded frame, so variable-frame-rate recordings
keep their real timing. Display rotation (phone recordings) is applied to luma and RGB alike, and
a stream whose frame size changes midway is scaled back to its first size, so every frame of one
source has the shape of `info`.
"""

from __future__ import annotations

import logging
import math
import os
import queue
import threading
import weakref
from collections.abc import Callable, Generator, Iterator
from pathlib import Path
from types import TracebackType

import av
import av.error
import numpy as np
from av.container import InputContainer
from av.video.frame import VideoFrame
from av.video.stream import VideoStream

from replicast.errors import VideoDecodeError, VideoRejectedError
from replicast.media.base import Frame, Gray, Rgb, VideoInfo, expand_limited
from replicast.media.limits import VideoLimits
from replicast.media.probe import decoder_options, open_container, probe_video, video_stream

log = logging.getLogger(__name__)

_LUMA_FIRST_FORMATS = frozenset(
    {
        "yuv420p",
        "yuvj420p",
        "yuv422p",
        "yuvj422p",
        "yuv444p",
        "yuvj444p",
        "yuv440p",
        "yuvj440p",
        "yuv411p",
        "yuvj411p",
        "yuv410p",
        "yuva420p",
        "yuva422p",
        "yuva444p",
        "nv12",
        "nv21",
        "nv16",
        "nv24",
        "nv42",
        "gray",
    }
)
"""8-bit pixel formats whose first plane is the Y plane, one byte per pixel."""

READ_AHEAD_BYTES = 96 << 20
"""Decoded pictures held ahead of the consumer, in bytes (about 30 frames at 1080p, 8 at 4K): enough
to ride out a consumer's slow stretch (a burst of changes while the pointer moves, a keyframe turned
into RGB) with the decoder still busy, and its own (an I-frame), never the whole video. With 8 frames
the decoder sat idle through a second of pointer movement and the consumer through the next still
one; segmenting the bench recording took a tenth longer."""
READ_AHEAD_FRAMES = (4, 64)
"""The least and most frames read ahead, whatever their size."""

_FULL_RANGE_FORMATS = frozenset({"yuvj420p", "yuvj422p", "yuvj444p", "yuvj440p", "yuvj411p", "gray"})
_AVCOL_RANGE_JPEG = 2


class PyAvSource:
    """A video file decoded by PyAV. Use as a context manager; `frames()` may be iterated more than once.

    `threads` is FFmpeg's decoder thread count; 0 lets FFmpeg pick one per core; None (the default)
    leaves one core to the consumer: the frames' analysis runs beside the decoder, and on 2 cores a
    decoder with one thread and the analysis on the other core finish sooner than two decoder
    threads with the analysis crowding in between them (bench_segment: 1.70 times ffmpeg's decode
    time against 1.81).

    Each `Frame`'s `y` is a view into its decoded picture (width * height * 1.5 bytes for 4:2:0),
    which stays alive while the frame or its `y` is held: hold on to lumas or RGB arrays, not to every
    Frame of a long video.

    Raises (when made) what `probe_video` raises: VideoNotFoundError, VideoRejectedError,
    VideoDecodeError.
    """

    def __init__(
        self, path: Path | str, limits: VideoLimits | None = None, threads: int | None = None
    ) -> None:
        if threads is not None and threads < 0:
            raise ValueError(f"threads must be >= 0, got {threads}")
        self._path = Path(path)
        self._limits = limits if limits is not None else VideoLimits()
        self._threads = threads if threads is not None else max(1, len(os.sched_getaffinity(0)) - 1)
        self._info = probe_video(self._path, self._limits)
        self._live: weakref.WeakSet[Generator[Frame, None, None]] = weakref.WeakSet()
        self._closed = False

    @property
    def info(self) -> VideoInfo:
        return self._info

    @property
    def path(self) -> Path:
        return self._path

    @property
    def threads(self) -> int:
        """FFmpeg's decoder thread count (0: FFmpeg's pick)."""
        return self._threads

    def __enter__(self) -> PyAvSource:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Stop every unfinished `frames()` iterator and close its file. Frames already yielded stay valid.

        Not thread-safe: close a source from the thread that iterates it.
        """
        self._closed = True
        for iterator in list(self._live):
            iterator.close()  # runs its `finally`, which closes the container it holds

    def frames(self) -> Iterator[Frame]:
        """Frames in presentation order.

        Raises VideoDecodeError when the stream breaks midway, VideoRejectedError when a video whose
        headers declared no duration runs past `limits.max_duration_s`.
        """
        if self._closed:
            raise ValueError(f"PyAvSource({self._path.name}) is closed")
        iterator = self._decode()
        self._live.add(iterator)
        return iterator

    def frame_at(self, t: float) -> Frame:
        """The frame shown at `t` seconds from the first frame, timed as `frames()` times it: seeks to
        the keyframe before `t` and decodes forward from there (at most one group of pictures).

        Raises VideoDecodeError when no frame decodes there.
        """
        name = self._path.name
        with open_container(self._path, self._limits) as container:
            stream = video_stream(container, self._path)
            stream.codec_context.options = decoder_options(self._limits)
            stream.thread_type = "AUTO"
            stream.thread_count = self._threads
            time_base = float(stream.time_base) if stream.time_base else 0.0
            start = stream.start_time if stream.start_time is not None else 0
            shown: Frame | None = None
            try:
                if time_base and t > 0:
                    container.seek(start + int(t / time_base), stream=stream, backward=True)
                for frame in container.decode(stream):
                    # timed as `_frames_of` times it, to the last bit
                    at = (frame.pts - start) * time_base if frame.pts is not None else 0.0
                    if shown is not None and at > t + 1e-6:
                        break
                    shown = self._frame(frame, round(at * self._info.fps), at)
            except av.error.FFmpegError as ex:
                raise VideoDecodeError(f"{name}: no frame decodes at {t:.2f} s ({_reason(ex)})") from ex
        if shown is None:
            raise VideoDecodeError(f"{name}: no frame decodes at {t:.2f} s")
        return shown

    def _frame(self, frame: VideoFrame, index: int, t: float) -> Frame:
        """`frame` as a `Frame`: turned upright and at the size of `info`."""
        k = self._info.rotation // 90
        size = (self._info.height, self._info.width) if k % 2 else (self._info.width, self._info.height)
        if (frame.width, frame.height) != size:
            log.debug("%s: frame %d resized to %dx%d", self._path.name, index, *size)
            frame = frame.reformat(width=size[0], height=size[1])
        y, limited = plane_of(frame, k)
        return Frame(index=index, t=t, y=y, _to_rgb=_rgb_of(frame, k), limited=limited)

    def _decode(self) -> Generator[Frame, None, None]:
        """The frames a decoding thread puts in a bounded queue; closing this stops the thread and
        closes the file (before `close` returns). PyAV releases the GIL while FFmpeg reads and
        decodes, so the thread costs the consumer little."""
        ahead: queue.Queue[Frame | _End] = queue.Queue(
            maxsize=read_ahead(self._info.width, self._info.height)
        )
        stop = threading.Event()
        worker = threading.Thread(
            target=self._read_ahead, args=(ahead, stop), name=f"decode {self._path.name}", daemon=True
        )
        worker.start()
        try:
            while True:
                item = ahead.get()
                if isinstance(item, _End):
                    if item.error is not None:
                        raise item.error
                    return
                yield item
        finally:
            stop.set()
            worker.join()

    def _read_ahead(self, ahead: queue.Queue[Frame | _End], stop: threading.Event) -> None:
        """Decode into `ahead` until the end, an error (passed on to the consumer) or `stop`."""
        end = _End()
        try:
            with open_container(self._path, self._limits) as container:
                stream = video_stream(container, self._path)
                stream.codec_context.options = decoder_options(self._limits)
                stream.thread_type = "AUTO"
                stream.thread_count = self._threads
                for frame in self._frames_of(container, stream):
                    if not _put(ahead, frame, stop):
                        return
        except Exception as ex:  # every error reaches the consumer, raised there
            end = _End(ex)
        _put(ahead, end, stop)

    def _frames_of(self, container: InputContainer, stream: VideoStream) -> Iterator[Frame]:
        name = self._path.name
        time_base = float(stream.time_base) if stream.time_base else 0.0
        step = 1.0 / self._info.fps if self._info.fps > 0 else 1 / 30
        first_pts: int | None = None
        index, t = 0, -math.inf
        decoded = container.decode(stream)
        while True:
            try:
                frame = next(decoded)
            except StopIteration:
                return
            except av.error.FFmpegError as ex:
                where = f"frame {index}, t={t:.2f} s" if index else "the first frame"
                raise VideoDecodeError(f"{name}: decoding failed at {where} ({_reason(ex)})") from ex
            if frame.pts is not None and time_base:
                if first_pts is None:
                    first_pts = frame.pts
                t_next = (frame.pts - first_pts) * time_base
            else:
                t_next = t + step if index else 0.0
            # out-of-order or repeated timestamps in a damaged file: keep time moving forward
            t = t_next if t_next > t else t + 1e-6
            if t > self._limits.max_duration_s:
                raise VideoRejectedError(
                    f"{name}: runs past the {self._limits.max_duration_s:g} s limit (frame at {t:.1f} s)"
                )
            yield self._frame(frame, index, t)
            index += 1


def read_ahead(width: int, height: int) -> int:
    """How many frames of `width` x `height` (4:2:0, 1.5 bytes a pixel) to decode ahead of the consumer."""
    least, most = READ_AHEAD_FRAMES
    return max(least, min(most, READ_AHEAD_BYTES * 2 // max(1, 3 * width * height)))


class _End:
    """The last item of a read-ahead queue: the end of the stream, or the error that ended it."""

    __slots__ = ("error",)

    def __init__(self, error: Exception | None = None) -> None:
        self.error = error


def _put(ahead: queue.Queue[Frame | _End], item: Frame | _End, stop: threading.Event) -> bool:
    """Put `item` in the queue once there is room; False (not put) once `stop` is set."""
    while not stop.is_set():
        try:
            # a timeout, not a blocking put: a consumer gone (stop set) must not leave us waiting
            ahead.put(item, timeout=0.05)
            return True
        except queue.Full:
            continue
    return False


def plane_of(frame: VideoFrame, quarter_turns: int = 0) -> tuple[Gray, bool]:
    """The frame's Y plane as the decoder left it, rotated `quarter_turns` x 90° CCW, and whether it
    holds limited-range (16..235) levels: a zero-copy H x W view (rows may be padded) unless rotated.
    Formats without an 8-bit Y plane (RGB, high bit depth, palette) go through swscale to full-range
    grey."""
    fmt = frame.format.name
    if fmt in _LUMA_FIRST_FORMATS:
        plane = frame.planes[0]
        rows = np.frombuffer(memoryview(plane), np.uint8, count=plane.line_size * frame.height)
        y: Gray = rows.reshape(frame.height, plane.line_size)[:, : frame.width]
        limited = not (fmt in _FULL_RANGE_FORMATS or frame.color_range == _AVCOL_RANGE_JPEG)
    else:
        y, limited = np.asarray(frame.to_ndarray(format="gray"), dtype=np.uint8), False
    if quarter_turns % 4:
        y = np.ascontiguousarray(np.rot90(y, quarter_turns))
    return y, limited


def luma_of(frame: VideoFrame, quarter_turns: int = 0) -> Gray:
    """The frame's luma as a compact H x W uint8 array, full range, rotated `quarter_turns` x 90° CCW."""
    y, limited = plane_of(frame, quarter_turns)
    return expand_limited(y) if limited else y.copy()


def _rgb_of(frame: VideoFrame, quarter_turns: int) -> Callable[[], Rgb]:
    """Convert on demand; the closure is the only holder of the decoded frame."""

    def to_rgb() -> Rgb:
        rgb: Rgb = np.asarray(frame.to_ndarray(format="rgb24"), dtype=np.uint8)
        if quarter_turns % 4:
            rgb = np.ascontiguousarray(np.rot90(rgb, quarter_turns))
        return rgb

    return to_rgb


def read_frame_at(path: Path, t: float, limits: VideoLimits | None = None) -> Rgb:
    """The RGB frame shown at `t` seconds from the first frame (the last one starting at or before `t`).

    Raises what `probe_video` raises, and VideoDecodeError when no frame decodes there.
    """
    with PyAvSource(path, limits) as source:
        return source.frame_at(t).rgb()


def _reason(ex: BaseException) -> str:
    strerror = getattr(ex, "strerror", None)
    return str(strerror) if strerror else str(ex) or type(ex).__name__
