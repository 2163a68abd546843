"""API keys: made once, shown once, stored as a hash, checked on every request.

A key reads `rc_<key id>_<secret>`: the key id (16 hex digits) is public and names the key in lists
and logs; the secret is 256 random bits (43 base64url characters) of which only a SHA-256 is stored.
A slow password hash would add nothing against guessing 256 random bits, and would cost every request.

    key = create_api_key(db, tenant="acme", name="ci")       # replicast keys create --tenant acme
    print(key.text)                                          # the only time the secret is seen
    principal = authenticate(db, key.text)                   # raises AuthError when unusable
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass

from sqlalchemy import select

from replicast.db import Database
from replicast.db.keys import add_key, get_or_create_tenant
from replicast.db.models import ApiKey
from replicast.errors import AuthError

PREFIX = "rc"
_KEY = re.compile(rf"{PREFIX}_(?P<id>[0-9a-f]{{16}})_(?P<secret>[A-Za-z0-9_-]{{43}})")


@dataclass(frozen=True, slots=True)
class NewKey:
    key_id: str
    tenant: str
    text: str = ""

    def __repr__(self) -> str:  # never the secret
        return f"NewKey(key_id={self.key_id!r}, tenant={self.tenant!r})"


@dataclass(frozen=True, slots=True)
class Principal:
    """Who is calling: the tenant whose data they may see, and the key they used."""

    tenant_id: str
    key_id: str


def hash_secret(key_id: str, secret: str) -> str:
    return hashlib.sha256(f"{key_id}:{secret}".encode()).hexdigest()


def parse_key(text: str) -> tuple[str, str]:
    """The key id and secret of a key. Raises AuthError when `text` is not shaped like a key."""
    match = _KEY.fullmatch(text.strip())
    if match is None:
        raise AuthError("malformed API key")
    return match["id"], match["secret"]


def create_api_key(db: Database, tenant: str, name: str = "") -> NewKey:
    """A new key for `tenant` (created if new). The returned text is the only copy of the secret."""
    key_id = secrets.token_hex(8)
    secret = secrets.token_urlsafe(32)
    with db.write() as s:
        owner = get_or_create_tenant(s, tenant)
        add_key(s, owner.id, key_id, hash_secret(key_id, secret), name)
    return NewKey(key_id=key_id, tenant=tenant, text=f"{PREFIX}_{key_id}_{secret}")


def authenticate(db: Database, text: str) -> Principal:
    """The caller behind a key. Raises AuthError for a malformed, unknown or revoked key."""
    key_id, secret = parse_key(text)
    # a plain SELECT, not the ORM: this runs on every request
    query = select(ApiKey.secret_hash, ApiKey.tenant_id, ApiKey.revoked_at).where(ApiKey.id == key_id)
    with db.engine.connect() as conn:
        row = conn.execute(query).first()
    if row is None or not hmac.compare_digest(row.secret_hash, hash_secret(key_id, secret)):
        raise AuthError("unknown API key")
    if row.revoked_at is not None:
        raise AuthError("revoked API key")
    return Principal(tenant_id=row.tenant_id, key_id=key_id)
