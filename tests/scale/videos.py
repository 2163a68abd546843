"""Test recordings for the scale tests: one tiny synthetic recording, and cheap distinct copies of it.

Each copy is the same frames remuxed (no re-encoding) with its own title tag, so its bytes, its SHA-256
and so its result key differ, at a few milliseconds a copy instead of a render and an encode each.
"""

from __future__ import annotations

import io
from pathlib import Path

import av

from tests.jobs.recordings import tiny_recording


def recording(folder: Path) -> Path:
    """The synthetic recording the scale tests convert: 640x360, one screen, 1.5 s."""
    return tiny_recording(folder / "tiny.mp4")


def distinct_copies(video: Path, n: int) -> list[bytes]:
    """`n` copies of `video`, each with different bytes (a different title tag), same frames."""
    copies = []
    for i in range(n):
        out = io.BytesIO()
        with av.open(str(video)) as src, av.open(out, "w", format="mp4") as dst:
            dst.metadata["title"] = f"copy {i}"
            stream = src.streams.video[0]
            copy = dst.add_stream_from_template(stream)
            for packet in src.demux(stream):
                if packet.dts is None:
                    continue
                packet.stream = copy
                dst.mux(packet)
        copies.append(out.getvalue())
    return copies
