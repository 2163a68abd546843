"""Tenants and their API keys (rows only: making and checking key strings is `service.apikeys`).

with db.write() as s:
    tenant = get_or_create_tenant(s, "acme")
    add_key(s, tenant.id, key_id, secret_hash, name="ci")
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from replicast.db.models import ApiKey, Tenant, new_id, utcnow


@dataclass(frozen=True, slots=True)
class KeyInfo:
    """An API key as `keys list` shows it (never the secret)."""

    key_id: str
    tenant: str
    name: str
    created_at: datetime
    revoked_at: datetime | None


def get_or_create_tenant(s: Session, name: str) -> Tenant:
    tenant = s.scalars(select(Tenant).where(Tenant.name == name)).one_or_none()
    if tenant is None:
        tenant = Tenant(id=new_id("ten"), name=name, created_at=utcnow())
        s.add(tenant)
        s.flush()
    return tenant


def add_key(s: Session, tenant_id: str, key_id: str, secret_hash: str, name: str = "") -> ApiKey:
    key = ApiKey(id=key_id, tenant_id=tenant_id, secret_hash=secret_hash, name=name, created_at=utcnow())
    s.add(key)
    s.flush()
    return key


def get_key(s: Session, key_id: str) -> ApiKey | None:
    return s.get(ApiKey, key_id)


def list_keys(s: Session, tenant: str | None = None) -> list[KeyInfo]:
    query = select(ApiKey, Tenant.name).join(Tenant, Tenant.id == ApiKey.tenant_id)
    if tenant is not None:
        query = query.where(Tenant.name == tenant)
    rows = s.execute(query.order_by(ApiKey.created_at, ApiKey.id)).all()
    return [KeyInfo(k.id, name, k.name, k.created_at, k.revoked_at) for k, name in rows]


def revoke_key(s: Session, key_id: str) -> bool:
    """Revoke the key; False when there is no such key or it was revoked already."""
    done = s.execute(
        update(ApiKey).where(ApiKey.id == key_id, ApiKey.revoked_at.is_(None)).values(revoked_at=utcnow())
    )
    return bool(getattr(done, "rowcount", 0))
