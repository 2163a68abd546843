"""Every object store keeps the same contract: whole objects, visible only once committed."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from replicast.errors import ObjectNotFoundError
from replicast.storage import LocalStore, MemoryStore, ObjectStore
from replicast.storage.crypto import EncryptedStore


@pytest.fixture(params=["local", "memory", "encrypted"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[ObjectStore]:
    if request.param == "local":
        yield LocalStore(tmp_path / "objects")
    elif request.param == "memory":
        yield MemoryStore()
    else:
        yield EncryptedStore(LocalStore(tmp_path / "objects"), os.urandom(32))


def test_put_then_get_returns_the_bytes(store: ObjectStore) -> None:
    store.put_bytes("a/b/c.bin", b"hello")
    assert store.get_bytes("a/b/c.bin") == b"hello"
    assert store.exists("a/b/c.bin")


def test_a_missing_key_raises_object_not_found(store: ObjectStore) -> None:
    with pytest.raises(ObjectNotFoundError):
        store.open("nope/x")
    assert not store.exists("nope/x")


def test_an_uncommitted_writer_leaves_nothing(store: ObjectStore) -> None:
    with store.writer() as w:
        w.write(b"partial")
    assert list(store.keys()) == []


def test_an_exception_inside_the_writer_discards_it(store: ObjectStore) -> None:
    with pytest.raises(RuntimeError), store.writer() as w:
        w.write(b"x" * 1000)
        raise RuntimeError("client went away")
    assert list(store.keys()) == []


def test_commit_replaces_an_existing_object_whole(store: ObjectStore) -> None:
    store.put_bytes("k", b"first version")
    store.put_bytes("k", b"second")
    assert store.get_bytes("k") == b"second"


def test_large_objects_stream_in_chunks(store: ObjectStore, tmp_path: Path) -> None:
    data = os.urandom(3 * 1024 * 1024 + 17)
    src = tmp_path / "big.bin"
    src.write_bytes(data)
    assert store.put_file("videos/t/big", src) == len(data)
    out = tmp_path / "copy.bin"
    store.get_file("videos/t/big", out)
    assert out.read_bytes() == data


def test_keys_and_delete_prefix(store: ObjectStore) -> None:
    for key in ("results/t1/a/x", "results/t1/a/y", "results/t1/b/z", "videos/t1/v"):
        store.put_bytes(key, b"1")
    assert sorted(store.keys("results/t1/a/")) == ["results/t1/a/x", "results/t1/a/y"]
    assert store.delete_prefix("results/t1/a/") == 2
    assert sorted(store.keys()) == ["results/t1/b/z", "videos/t1/v"]


def test_delete_of_a_missing_key_is_quiet(store: ObjectStore) -> None:
    store.delete("never/there")


@pytest.mark.parametrize("key", ["", "/abs", "a/../b", "../x", "a//b", "a/.hidden", "a b", "x" * 600])
def test_keys_that_could_escape_are_refused(store: ObjectStore, key: str) -> None:
    with pytest.raises(ValueError, match="not a valid object key"):
        store.put_bytes(key, b"x")


def test_a_conditional_write_keeps_the_first_object(store: ObjectStore) -> None:
    assert store.put_bytes("results/t/k/result.json", b"first", if_absent=True)
    assert not store.put_bytes("results/t/k/result.json", b"second", if_absent=True)
    assert store.get_bytes("results/t/k/result.json") == b"first"
    assert sorted(store.keys()) == ["results/t/k/result.json"]


def test_a_conditional_write_of_a_new_key_stores_it(store: ObjectStore, tmp_path: Path) -> None:
    src = tmp_path / "f.bin"
    src.write_bytes(b"abc" * 1000)
    assert store.put_file("a/new", src, if_absent=True) == 3000
    assert store.get_bytes("a/new") == b"abc" * 1000
