"""Jinja2 rendering for the web pages, with the headers every page gets.

Autoescape is on for every template: text read from a video reaches HTML only through `{{ }}`, which
escapes it. The pages' CSP allows this site's own scripts and styles only (no inline script or style
attributes), so even a missed escape could not run script; framing by other sites is refused.

    return render(request, "job.html", {"job": job}, status_code=200)
"""

from __future__ import annotations

import functools
from datetime import datetime
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from replicast import __version__
from replicast.service.web.views import ROLE_FAMILY

PAGE_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
    "media-src 'self' blob:; frame-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)
PAGE_HEADERS = {
    "Content-Security-Policy": PAGE_CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}


def _size(n: int | float) -> str:
    value = float(n)
    for unit in ("bytes", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{value:.0f} {unit}" if unit == "bytes" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{value:.1f} GB"


def _when(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M:%S UTC") if value else ""


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{value * 100:.0f}%"


def _seconds(value: float) -> str:
    minutes, seconds = divmod(max(0.0, value), 60)
    return f"{int(minutes)}:{seconds:05.2f}"


def _count(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


@functools.cache
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("replicast.service.web", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(size=_size, when=_when, pct=_pct, seconds=_seconds, count=_count)
    env.globals.update(version=__version__, role_family=ROLE_FAMILY)
    return env


def render(
    request: Request, template: str, context: dict[str, Any] | None = None, *, status_code: int = 200
) -> HTMLResponse:
    values = {"path": request.url.path, "signed_in": False, **(context or {})}
    body = environment().get_template(template).render(values)
    return HTMLResponse(body, status_code=status_code, headers=PAGE_HEADERS)
