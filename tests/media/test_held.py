"""HeldStore: images held in bounded memory, packed into a temporary file past the budget."""

from __future__ import annotations

import gc
import logging
import os

import numpy as np
import pytest

from replicast.media import held as held_module
from replicast.media.held import HeldStore

SHAPE = (90, 160, 3)
NBYTES = 90 * 160 * 3


def screen(n: int) -> np.ndarray:
    """A UI-like picture (flat fills, a few marks) that differs from every other `n`."""
    img = np.full(SHAPE, 240, np.uint8)
    img[10:30, 10 : 10 + n % 140] = (30, 60, 200)
    img[50, n % 160] = n % 256
    return img


def test_past_the_budget_images_are_packed_and_come_back_the_same() -> None:
    store = HeldStore(budget=3 * NBYTES)
    images = [screen(n) for n in range(20)]
    held = [store.hold(img.copy()) for img in images]

    assert store.unpacked_bytes <= 3 * NBYTES
    assert store.spilled_files() == 1
    for h, img in zip(held, images, strict=True):
        assert np.array_equal(h.array(), img)
        assert store.unpacked_bytes <= 3 * NBYTES


def test_the_most_recently_read_images_stay_unpacked() -> None:
    store = HeldStore(budget=2 * NBYTES)
    held = [store.hold(screen(n)) for n in range(5)]  # 3 and 4 unpacked
    third = held[3].array()  # read: now more recent than 4

    first = held[0].array()  # unpacked again: the least recently read is packed

    assert held[4]._raw is None
    assert held[3].array() is third and held[0].array() is first


def test_held_images_are_read_only() -> None:
    store = HeldStore(budget=0)
    a, b = store.hold(screen(1)), store.hold(screen(2))
    for img in (a.array(), b.array()):  # one unpacked from the file, one never packed
        with pytest.raises(ValueError, match="read-only"):
            img[0, 0] = 0


def test_dropped_images_give_back_their_memory_and_file() -> None:
    store = HeldStore(budget=NBYTES)
    held = [store.hold(screen(n)) for n in range(6)]
    assert store.spilled_files() == 1
    spill = store._spill
    assert spill is not None

    del held
    gc.collect()

    assert store.unpacked_bytes == 0
    assert store.spilled_files() == 0 and store._spill is None
    with pytest.raises(OSError):
        os.fstat(spill.fd)  # closed


def test_a_full_disk_keeps_images_in_memory(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def full(self: object, data: bytes) -> tuple[int, int]:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(held_module._Spill, "write", full)
    store = HeldStore(budget=NBYTES)
    with caplog.at_level(logging.WARNING, logger="replicast.media.held"):
        held = [store.hold(screen(n)) for n in range(4)]

    assert all(np.array_equal(h.array(), screen(n)) for n, h in enumerate(held))
    assert store.unpacked_bytes == 4 * NBYTES
    assert "No space left on device" in caplog.text


def test_a_forked_child_packs_into_a_file_of_its_own() -> None:
    # Given an image packed before the fork and one the parent packs while the child runs
    store = HeldStore(budget=0)
    before = store.hold(screen(1))
    store.hold(screen(2))  # packs `before`
    readable, writable = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: waits for the parent's write, then packs its own images
        ok = False
        try:
            os.read(readable, 1)
            kept = [store.hold(screen(100 + n)) for n in range(3)]
            ok = all(np.array_equal(k.array(), screen(100 + n)) for n, k in enumerate(kept))
            ok = ok and np.array_equal(before.array(), screen(1))
        finally:
            os._exit(0 if ok else 1)
    during = store.hold(screen(3))
    store.hold(screen(4))  # packs `during`, after `before`
    os.write(writable, b"x")
    _, status = os.waitpid(pid, 0)

    # Then neither overwrote the other's packed bytes
    assert os.waitstatus_to_exitcode(status) == 0
    assert np.array_equal(during.array(), screen(3))
    assert np.array_equal(before.array(), screen(1))
