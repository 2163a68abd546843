"""Cursor pagination: an opaque cursor naming the last item of a page (its time and id).

rows = list_jobs(s, tenant, limit=limit + 1, after=decode_cursor(cursor))
items, next_cursor = page(rows, limit)
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Sequence
from datetime import datetime
from typing import Protocol, TypeVar

from replicast.errors import InputError


class Pageable(Protocol):
    @property
    def id(self) -> str: ...

    @property
    def created_at(self) -> datetime: ...


T = TypeVar("T", bound=Pageable)


def encode_cursor(item: Pageable) -> str:
    raw = json.dumps([item.created_at.isoformat(), item.id]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str | None) -> tuple[datetime, str] | None:
    """The (created_at, id) a cursor names. Raises InputError (400) for one this service did not make."""
    if not cursor:
        return None
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        at, last = json.loads(raw)
        when = datetime.fromisoformat(at)
        if not isinstance(last, str) or when.tzinfo is None:
            raise ValueError(cursor)
    except (binascii.Error, ValueError, TypeError, UnicodeDecodeError) as ex:
        raise InputError("malformed cursor") from ex
    return when, last


def page(rows: Sequence[T], limit: int) -> tuple[list[T], str | None]:
    """The first `limit` rows and the cursor after them (None when `rows` held no more)."""
    items = list(rows[:limit])
    more = len(rows) > limit
    return items, encode_cursor(items[-1]) if more and items else None
