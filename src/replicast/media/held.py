"""Images kept for later stages in bounded memory, however long the recording.

Every stable span keeps its keyframe (luma and RGB: 8 MB at 1080p) and every screen state its cleaned
image for the stages after segmentation; a busy minute has 40 spans and 20 states, two hours thousands.
So each is `hold()`en rather than kept as an array: the most recently used stay arrays up to the
store's budget of bytes; older ones are packed (lz4: a UI screen packs 10-20x in a few ms) into an
unlinked temporary file and unpacked when asked for again (a few ms). Memory stays near the budget;
the disk takes the rest (well under 1 MB a 1080p keyframe) and gives it back when they are dropped.

    held = hold(frame.rgb())
    held.array()      # the image again, read-only (it must not be changed once held)
"""

from __future__ import annotations

import functools
import logging
import os
import tempfile
import threading
import weakref
from collections import OrderedDict

import lz4.block
import numpy as np
from numpy.typing import NDArray

log = logging.getLogger(__name__)

RAW_BUDGET = 256 << 20
"""Bytes of held images a process keeps unpacked: the 30 most recent 1080p keyframes."""

Image = NDArray[np.uint8]


class _Spill:
    """One unlinked temporary file that packed images are appended to, closed when none is left in it."""

    __slots__ = ("end", "fd", "live")

    def __init__(self) -> None:
        with tempfile.TemporaryFile() as f:  # unlinked on creation: nothing is left behind by a crash
            self.fd = os.dup(f.fileno())
        self.end = 0
        self.live = 0

    def write(self, data: bytes) -> tuple[int, int]:
        """(offset, length) of `data`, appended. Raises OSError (a full disk)."""
        at = self.end
        os.pwrite(self.fd, data, at)
        self.end += len(data)
        self.live += 1
        return at, len(data)

    def read(self, at: int, length: int) -> bytes:
        return os.pread(self.fd, length, at)

    def close(self) -> None:
        os.close(self.fd)


class Held:
    """One image held by a `HeldStore`: an array while recently used, else packed in the store's file."""

    __slots__ = ("__weakref__", "_at", "_raw", "_spill", "_store", "dtype", "shape")

    def __init__(self, store: HeldStore, raw: Image) -> None:
        self._store = store
        self._raw: Image | None = raw
        self._spill: _Spill | None = None
        self._at = (0, 0)
        self.shape: tuple[int, ...] = raw.shape
        self.dtype = raw.dtype

    @property
    def nbytes(self) -> int:
        return int(np.prod(self.shape)) * self.dtype.itemsize

    def array(self) -> Image:
        """The image, read-only. Raises OSError when its packed bytes cannot be read back."""
        raw = self._raw
        if raw is not None:
            self._store.touch(self)
            return raw
        return self._store.unpack(self)


class _Ref(weakref.ref[Held]):
    """The store's weak reference to one held image, with what it needs once the image is gone."""

    __slots__ = ("key", "nbytes", "spill")

    def __new__(cls, held: Held, store: HeldStore) -> _Ref:
        return super().__new__(cls, held, store.forget)

    def __init__(self, held: Held, store: HeldStore) -> None:  # the reference itself is made by __new__
        self.key = id(held)
        self.nbytes = held.nbytes
        self.spill: _Spill | None = None


class HeldStore:
    """Held images of one process: at most `budget` bytes of them unpacked (the least recently used
    are packed out first), the rest in temporary files. Safe to use from several threads."""

    def __init__(self, budget: int = RAW_BUDGET) -> None:
        self.budget = budget
        self._lock = threading.RLock()  # re-entered when an image dies while the store works
        self._refs: dict[int, _Ref] = {}
        self._unpacked: OrderedDict[int, int] = OrderedDict()
        """id of each held image that is an array -> its bytes; least recently used first."""
        self.unpacked_bytes = 0
        self._spill: _Spill | None = None
        self._disk_failed = False
        os.register_at_fork(after_in_child=functools.partial(_after_fork, weakref.ref(self)))

    def hold(self, array: Image) -> Held:
        """`array` held: it is made read-only (a copy when it is a view that is not contiguous)."""
        raw = np.ascontiguousarray(array)
        raw.flags.writeable = False
        held = Held(self, raw)
        with self._lock:
            self._refs[id(held)] = _Ref(held, self)
            self._unpacked[id(held)] = held.nbytes
            self.unpacked_bytes += held.nbytes
            self._pack_out(keep=id(held))
        return held

    def touch(self, held: Held) -> None:
        with self._lock:
            if id(held) in self._unpacked:
                self._unpacked.move_to_end(id(held))

    def unpack(self, held: Held) -> Image:
        with self._lock:
            if held._raw is not None:
                return held._raw
            assert held._spill is not None
            data = lz4.block.decompress(held._spill.read(*held._at), uncompressed_size=held.nbytes)
            raw = np.frombuffer(data, held.dtype).reshape(held.shape)  # read-only: bytes
            held._raw = raw
            self._unpacked[id(held)] = held.nbytes
            self.unpacked_bytes += held.nbytes
            self._pack_out(keep=id(held))
            return raw

    def _pack_out(self, keep: int) -> None:
        """Drop the arrays of the least recently used images (all but `keep`) until within budget,
        packing each into the file the first time (its packed bytes never change)."""
        while self.unpacked_bytes > self.budget and len(self._unpacked) > 1 and not self._disk_failed:
            key, nbytes = next(iter(self._unpacked.items()))
            if key == keep:
                self._unpacked.move_to_end(key)
                continue
            held = self._refs[key]()
            if held is None:  # dying: `forget` is on its way
                break
            if held._spill is None and not self._packed(held):
                return
            del self._unpacked[key]
            self.unpacked_bytes -= nbytes
            held._raw = None

    def _packed(self, held: Held) -> bool:
        """Whether `held` was written to the file; when the disk fails, images stay arrays from then on."""
        raw = held._raw
        assert raw is not None
        try:
            if self._spill is None:
                self._spill = _Spill()
            held._at = self._spill.write(lz4.block.compress(raw.data, store_size=False))
        except OSError as ex:
            log.warning("held images stay in memory: cannot write them to a temporary file: %s", ex)
            self._disk_failed = True
            return False
        held._spill = self._spill
        self._refs[id(held)].spill = self._spill
        return True

    def forget(self, ref: weakref.ref[Held]) -> None:
        """A held image is gone: its array and its place in the file are given back."""
        assert isinstance(ref, _Ref)
        with self._lock:
            self._refs.pop(ref.key, None)
            if self._unpacked.pop(ref.key, None) is not None:
                self.unpacked_bytes -= ref.nbytes
            spill = ref.spill
            if spill is not None:
                spill.live -= 1
                if spill.live == 0:
                    spill.close()
                    if spill is self._spill:
                        self._spill = None

    def after_fork(self) -> None:
        """In a forked child: a lock of its own, and a file of its own to write to (the parent goes on
        appending to the one they share; images already in it are still read from it)."""
        self._lock = threading.RLock()
        self._spill = None

    def spilled_files(self) -> int:
        """Temporary files open (for tests)."""
        with self._lock:
            return len({id(r.spill) for r in self._refs.values() if r.spill is not None})


def _after_fork(store: weakref.ref[HeldStore]) -> None:
    if (alive := store()) is not None:
        alive.after_fork()


_STORE = HeldStore()


def hold(array: Image) -> Held:
    """`array` held by the process's store (see the module's docstring); it must not change afterwards."""
    return _STORE.hold(array)
