"""Encryption at rest: an `ObjectStore` wrapper that seals every object with AES-256-GCM.

Each object gets its own random data key, stored with it wrapped (AES-GCM) by the master key, so the
master key never touches the data and rotating it means rewrapping 60 bytes per object. The data is
cut into 64 KiB chunks, each sealed on its own with a nonce made of its index and a last-chunk flag
(the STREAM construction), so objects of any size stream in constant memory and a reordered,
truncated or extended object fails to open instead of yielding altered plaintext.

    store = EncryptedStore(LocalStore(root), parse_master_key(settings_value))
    store.put_bytes("videos/t/abc", data)      # on disk: header + sealed chunks

Layout: b"RCX1" | wrap nonce (12) | wrapped data key (48) | chunk 0 | chunk 1 | ... | last chunk,
each chunk its plaintext (64 KiB, the last one shorter, possibly empty) plus a 16-byte tag.
"""

from __future__ import annotations

import base64
import binascii
import io
import os
from collections.abc import Iterator
from typing import BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from replicast.errors import StorageError
from replicast.storage.base import ObjectStore, ObjectWriter

MAGIC = b"RCX1"
CHUNK = 64 * 1024
TAG = 16
_WRAP_AAD = b"replicast/data-key/v1"
_HEADER = len(MAGIC) + 12 + 32 + TAG


def parse_master_key(text: str) -> bytes:
    """The 32-byte master key from its base64 text. Raises ValueError when it is not one."""
    try:
        key = base64.b64decode(text.strip(), validate=True)
    except (binascii.Error, ValueError) as ex:
        raise ValueError("the encryption key is not valid base64") from ex
    if len(key) != 32:
        raise ValueError(f"the encryption key must be 32 bytes (base64 of 32 random bytes), got {len(key)}")
    return key


def new_master_key() -> str:
    """A fresh master key as base64 text (for settings)."""
    return base64.b64encode(os.urandom(32)).decode()


def _nonce(index: int, last: bool) -> bytes:
    return index.to_bytes(11, "big") + (b"\x01" if last else b"\x00")


class _SealingWriter(ObjectWriter):
    def __init__(self, inner: ObjectWriter, master: AESGCM) -> None:
        super().__init__()
        self._inner = inner
        data_key = AESGCM.generate_key(bit_length=256)
        wrap_nonce = os.urandom(12)
        self._header = MAGIC + wrap_nonce + master.encrypt(wrap_nonce, data_key, _WRAP_AAD)
        self._aead = AESGCM(data_key)
        self._buffer = bytearray()
        self._index = 0
        self._inner.write(self._header)

    def _write(self, data: bytes) -> None:
        self._buffer += data
        # seal a chunk only once more data follows it: the last chunk must carry the last flag
        while len(self._buffer) > CHUNK:
            self._seal(bytes(self._buffer[:CHUNK]), last=False)
            del self._buffer[:CHUNK]

    def _seal(self, plain: bytes, last: bool) -> None:
        self._inner.write(self._aead.encrypt(_nonce(self._index, last), plain, self._header))
        self._index += 1

    def _commit(self, key: str) -> None:
        self._seal(bytes(self._buffer), last=True)
        self._buffer.clear()
        self._inner.commit(key)

    def _commit_if_absent(self, key: str) -> bool:
        self._seal(bytes(self._buffer), last=True)
        self._buffer.clear()
        return self._inner.commit_if_absent(key)

    def _abort(self) -> None:
        self._inner.abort()


class _OpeningReader(io.RawIOBase):
    """Plaintext of a sealed object, decrypted a chunk at a time as it is read."""

    def __init__(self, raw: BinaryIO, master: AESGCM, key: str) -> None:
        super().__init__()
        self._raw = raw
        self._key = key
        header = raw.read(_HEADER)
        if len(header) != _HEADER or not header.startswith(MAGIC):
            raw.close()
            raise StorageError(f"object {key!r} is not encrypted by replicast (or is damaged)")
        nonce, wrapped = header[4:16], header[16:]
        try:
            self._aead = AESGCM(master.decrypt(nonce, wrapped, _WRAP_AAD))
        except InvalidTag as ex:
            raw.close()
            raise StorageError(f"object {key!r}: its data key does not open with this master key") from ex
        self._header = header
        self._index = 0
        self._pending = raw.read(CHUNK + TAG)
        self._plain = b""
        self._finished = False

    def readable(self) -> bool:
        return True

    def _next_chunk(self) -> None:
        following = self._raw.read(CHUNK + TAG)
        last = not following
        try:
            self._plain = self._aead.decrypt(_nonce(self._index, last), self._pending, self._header)
        except InvalidTag as ex:
            raise StorageError(f"object {self._key!r} is truncated or was altered") from ex
        self._index += 1
        self._pending = following
        self._finished = last

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        while not self._plain and not self._finished:
            self._next_chunk()
        n = min(len(buffer), len(self._plain))
        buffer[:n] = self._plain[:n]
        self._plain = self._plain[n:]
        return n

    def close(self) -> None:
        self._raw.close()
        super().close()


class EncryptedStore(ObjectStore):
    """Seals what it writes and opens what it reads; everything else goes straight to `inner`."""

    def __init__(self, inner: ObjectStore, master_key: bytes) -> None:
        if len(master_key) != 32:
            raise ValueError("the master key must be 32 bytes")
        self.inner = inner
        self._master = AESGCM(master_key)

    def writer(self) -> ObjectWriter:
        return _SealingWriter(self.inner.writer(), self._master)

    def open(self, key: str) -> BinaryIO:
        reader = _OpeningReader(self.inner.open(key), self._master, key)
        return io.BufferedReader(reader, buffer_size=CHUNK)

    def exists(self, key: str) -> bool:
        return self.inner.exists(key)

    def delete(self, key: str) -> None:
        self.inner.delete(key)

    def keys(self, prefix: str = "") -> Iterator[str]:
        return self.inner.keys(prefix)
