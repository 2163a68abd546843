"""The live preview: a job's built app (`dist/` inside its project zip), served as untrusted content.

Generated code carries text from the video, so the preview must not run with this site's powers. Every
preview response has `Content-Security-Policy: sandbox allow-scripts` (an opaque origin: no cookies, no
storage, no same-origin reads of the API, also when opened outside its iframe), and the page embeds it
in `<iframe sandbox="allow-scripts">`. Its own CSP lets it load only its own files: no network
(`connect-src 'none'`), no forms posted anywhere, no framing by other sites.

An opaque origin sends no cookies, and module scripts are fetched in CORS mode, so preview URLs carry
their own credential: `/preview/<job>/<token>/index.html`, where the token (`<key id>.<expiry>.<mac>`)
is an HMAC of the job id and expiry under a key derived from the API key's stored hash. It reaches
one job's built app for an hour, and dies with the API key. Preview responses allow any origin to read
them (`Access-Control-Allow-Origin: *`): the token is the capability.

    token = make_token(secret_hash, key_id, job.id, now=time.time())
    principal_key = check_token(db, job_id, token, now=time.time())     # raises NotFoundError
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import mimetypes
import posixpath
import re
from importlib import resources

from fastapi import Response
from sqlalchemy import select

from replicast.db import Database
from replicast.db.models import ApiKey
from replicast.errors import NotFoundError
from replicast.service.apikeys import Principal
from replicast.service.web.results import Project

TOKEN_TTL_S = 3600
SHIM = "__replicast/preview-shim.js"
_TOKEN = re.compile(r"(?P<key>[0-9a-f]{16})\.(?P<exp>[0-9]{1,12})\.(?P<mac>[A-Za-z0-9_-]{43})")
_PATH = re.compile(r"[A-Za-z0-9._@+-]+(?:/[A-Za-z0-9._@+-]+)*")
CSP = (
    "sandbox allow-scripts; default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; font-src 'self' data:; media-src 'self' data: blob:; connect-src 'none'; "
    "form-action 'none'; base-uri 'none'; frame-ancestors 'self'"
)
_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".json": "application/json",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".webp": "image/webp",
    ".gif": "image/gif",
    ".ico": "image/x-icon",
    ".woff2": "font/woff2",
    ".woff": "font/woff",
    ".txt": "text/plain; charset=utf-8",
}


def _mac(secret_hash: str, job_id: str, expires: int) -> str:
    key = hmac.new(bytes.fromhex(secret_hash), b"replicast preview v1", hashlib.sha256).digest()
    digest = hmac.new(key, f"{job_id}\n{expires}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def make_token(secret_hash: str, key_id: str, job_id: str, *, now: float) -> str:
    expires = int(now) + TOKEN_TTL_S
    return f"{key_id}.{expires}.{_mac(secret_hash, job_id, expires)}"


def secret_hash_of(db: Database, key_id: str) -> str:
    with db.engine.connect() as conn:
        value = conn.execute(select(ApiKey.secret_hash).where(ApiKey.id == key_id)).scalar_one()
    return str(value)


def check_token(db: Database, job_id: str, token: str, *, now: float) -> Principal:
    """The key a preview token was made for. Raises NotFoundError for a bad, expired or revoked one
    (a 404, like any id the caller may not see)."""
    match = _TOKEN.fullmatch(token)
    gone = NotFoundError("this preview link is not valid (it expires after an hour: reload the job page)")
    if match is None or int(match["exp"]) < now:
        raise gone
    query = select(ApiKey.secret_hash, ApiKey.tenant_id, ApiKey.revoked_at).where(ApiKey.id == match["key"])
    with db.engine.connect() as conn:
        row = conn.execute(query).first()
    if row is None or row.revoked_at is not None:
        raise gone
    if not hmac.compare_digest(_mac(row.secret_hash, job_id, int(match["exp"])), match["mac"]):
        raise gone
    return Principal(tenant_id=row.tenant_id, key_id=match["key"])


def _headers() -> dict[str, str]:
    return {
        "Content-Security-Policy": CSP,
        "X-Content-Type-Options": "nosniff",
        "Access-Control-Allow-Origin": "*",
        "Cross-Origin-Resource-Policy": "cross-origin",
        "Referrer-Policy": "no-referrer",
        "Cache-Control": "private, max-age=300",
    }


def _shim() -> bytes:
    return resources.files("replicast.service.web").joinpath("static/preview-shim.js").read_bytes()


def _with_shim(html: bytes) -> bytes:
    """index.html with the storage shim as its first script (an opaque origin has no localStorage)."""
    tag = f'<script src="./{SHIM}"></script>'.encode()
    match = re.search(rb"<head[^>]*>", html, re.IGNORECASE)
    at = match.end() if match else 0
    return html[:at] + tag + html[at:]


def preview_file(project: Project, path: str) -> Response:
    """One file of the built app. Raises NotFoundError for a path the build does not have."""
    path = path or "index.html"
    if path == SHIM:
        return Response(_shim(), media_type=_TYPES[".js"], headers=_headers())
    if not _PATH.fullmatch(path) or ".." in path.split("/"):
        raise NotFoundError("no such file in the built app")
    name = f"dist/{path}"
    if not project.has(name):
        if not project.has("dist/index.html"):
            raise NotFoundError("this job's app was not built: run the job with the build option")
        raise NotFoundError(f"the built app has no {path!r}")
    data = project.read(name)
    suffix = posixpath.splitext(path)[1].lower()
    media = _TYPES.get(suffix) or mimetypes.guess_type(path)[0] or "application/octet-stream"
    if media.startswith("text/html"):
        data = _with_shim(data)
    return Response(data, media_type=media, headers=_headers())
