"""Encryption at rest: sealed on disk, a data key per object, tampering and truncation detected."""

from __future__ import annotations

import base64
import os
from pathlib import Path

import pytest

from replicast.errors import StorageError
from replicast.storage import LocalStore
from replicast.storage.crypto import CHUNK, MAGIC, EncryptedStore, new_master_key, parse_master_key


@pytest.fixture
def inner(tmp_path: Path) -> LocalStore:
    return LocalStore(tmp_path)


def test_the_plaintext_never_reaches_the_disk(inner: LocalStore, tmp_path: Path) -> None:
    secret = b"ada@example.com typed into the login form " * 100
    EncryptedStore(inner, os.urandom(32)).put_bytes("videos/t/v", secret)
    raw = (tmp_path / "videos" / "t" / "v").read_bytes()
    assert raw.startswith(MAGIC)
    assert b"ada@example.com" not in raw


@pytest.mark.parametrize("size", [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 3 * CHUNK])
def test_round_trip_at_chunk_boundaries(inner: LocalStore, size: int) -> None:
    store = EncryptedStore(inner, os.urandom(32))
    data = os.urandom(size)
    store.put_bytes("k", data)
    assert store.get_bytes("k") == data


def test_each_object_has_its_own_data_key(inner: LocalStore, tmp_path: Path) -> None:
    store = EncryptedStore(inner, os.urandom(32))
    store.put_bytes("a", b"same bytes")
    store.put_bytes("b", b"same bytes")
    assert (tmp_path / "a").read_bytes() != (tmp_path / "b").read_bytes()


def test_another_master_key_cannot_open_it(inner: LocalStore) -> None:
    EncryptedStore(inner, os.urandom(32)).put_bytes("k", b"data")
    with pytest.raises(StorageError, match="master key"):
        EncryptedStore(inner, os.urandom(32)).get_bytes("k")


def test_a_flipped_bit_is_detected(inner: LocalStore, tmp_path: Path) -> None:
    store = EncryptedStore(inner, os.urandom(32))
    store.put_bytes("k", os.urandom(2 * CHUNK))
    raw = bytearray((tmp_path / "k").read_bytes())
    raw[-100] ^= 1
    (tmp_path / "k").write_bytes(bytes(raw))
    with pytest.raises(StorageError, match="altered"):
        store.get_bytes("k")


def test_a_truncated_object_is_detected_even_at_a_chunk_boundary(inner: LocalStore, tmp_path: Path) -> None:
    store = EncryptedStore(inner, os.urandom(32))
    store.put_bytes("k", os.urandom(3 * CHUNK))
    raw = (tmp_path / "k").read_bytes()
    header = len(raw) - 4 * 16 - 3 * CHUNK  # three full chunks and an empty last one, each with a tag
    (tmp_path / "k").write_bytes(raw[: header + 2 * (CHUNK + 16)])  # drop whole chunks
    with pytest.raises(StorageError, match="truncated"):
        store.get_bytes("k")


def test_a_plain_object_is_not_mistaken_for_a_sealed_one(inner: LocalStore) -> None:
    inner.put_bytes("k", b"plain video bytes, not sealed")
    with pytest.raises(StorageError, match="not encrypted"):
        EncryptedStore(inner, os.urandom(32)).get_bytes("k")


def test_master_keys_parse_from_base64_of_32_bytes() -> None:
    assert len(parse_master_key(new_master_key())) == 32
    with pytest.raises(ValueError, match="32 bytes"):
        parse_master_key(base64.b64encode(b"short").decode())
    with pytest.raises(ValueError, match="base64"):
        parse_master_key("not base64 !!")
