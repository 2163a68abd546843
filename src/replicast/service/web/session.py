"""The web page's sign-in: the API key in an HttpOnly, SameSite=Strict session cookie.

Why a cookie and not sessionStorage: the key never becomes readable by JavaScript (a script injected
through some untrusted text could not carry it off), and the browser sends it by itself with what
a page cannot add headers to: `<img>` keyframes, the `<video>` player's range requests, the
`EventSource` progress stream and the zip download link. It is a session cookie (no Max-Age), so it
dies with the browser session, as sessionStorage would. The cookie holds the key itself and is
checked by the same `authenticate` as `Authorization: Bearer`: nothing new is stored server-side,
revoking the key signs the page out at its next request, and N replicas need no shared secret.

Cross-site requests: SameSite=Strict keeps the cookie off requests started by other sites, and a
cookie-authenticated request that changes something (any method but GET/HEAD/OPTIONS) must also carry
the `X-Replicast-CSRF` header (which a cross-origin page cannot add without a CORS preflight this
service never grants) and, where the browser sends one, an `Origin` naming this host.

    key = session_key(request)          # in get_caller: the cookie's key when there is no Bearer header
    set_session(response, key, secure=request.url.scheme == "https")
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from fastapi import Request, Response

from replicast.errors import AuthError

COOKIE = "replicast_key"
CSRF_HEADER = "X-Replicast-CSRF"
_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
_COOKIE_VALUE = re.compile(r"[A-Za-z0-9_-]{1,200}")

# why the sign-in page is shown: fixed texts chosen by a code, so a link cannot make the page say anything
REASONS: dict[str, str] = {
    "signed-out": "You are signed out.",
    "required": "Sign in with an API key to continue.",
    "revoked": "Your API key has been revoked or has expired. Sign in with a current key.",
    "unknown": "Your API key is no longer known to this service. Sign in with a current key.",
    "expired": "Your session has ended. Sign in again to continue.",
}


def reason_for(ex: AuthError) -> str:
    """The sign-in page's reason code for an authentication failure."""
    text = str(ex)
    if "revoked" in text:
        return "revoked"
    if "unknown" in text or "malformed" in text:
        return "unknown"
    return "expired"


def same_origin(request: Request) -> bool:
    """Whether the request's `Origin` (when the browser sent one) names this host."""
    origin = request.headers.get("origin")
    if origin is None:
        return True
    host = request.headers.get("host", "")
    return origin != "null" and urlsplit(origin).netloc == host


def cookie_key(request: Request) -> str | None:
    """The key in the session cookie, if there is a well-formed one (not yet authenticated)."""
    value = request.cookies.get(COOKIE)
    return value if value is not None and _COOKIE_VALUE.fullmatch(value) else None


def session_key(request: Request) -> str | None:
    """The API key the web page's cookie carries, or None without one.

    Raises AuthError for a cookie-authenticated request that changes something without the CSRF header
    or from another origin.
    """
    key = cookie_key(request)
    if key is None:
        return None
    unsafe = request.method not in _SAFE_METHODS
    if unsafe and (request.headers.get(CSRF_HEADER) != "1" or not same_origin(request)):
        raise AuthError(f"cross-site request refused (a page's request must send {CSRF_HEADER}: 1)")
    return key


def set_session(response: Response, key: str, *, secure: bool) -> None:
    response.set_cookie(COOKIE, key, httponly=True, samesite="strict", secure=secure, path="/")


def clear_session(response: Response, *, secure: bool) -> None:
    response.delete_cookie(COOKIE, httponly=True, samesite="strict", secure=secure, path="/")


def safe_next(target: str | None, default: str = "/jobs") -> str:
    """`target` when it is a path on this site (no scheme, no host, no `//` or backslash tricks)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or any(ord(c) < 32 for c in target):
        return default
    return target
