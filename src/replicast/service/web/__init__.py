"""The web page of `replicast serve`: server-rendered pages (Jinja2) with a little JavaScript.

Sign in with an API key, upload recordings (one or a batch) and follow their jobs live, look at what
was understood (keyframes with the detected elements, the event timeline under the video, the screen
graph, the data model), browse the generated code, try the built app in a sandboxed preview, read the
self-check and download the zip. The pages call the same API (`/v1/...`) with the same keys: the key
sits in an HttpOnly session cookie that the API accepts too (see `session`).

    install_web(app)          # in create_app: page routes, their JSON, the preview and /static
"""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles


def install_web(app: FastAPI) -> None:
    """Add the web page's routes and static files to `app`."""
    # imported here: `service.context` imports `web.session`, and the routes import `service.context`
    from replicast.service.web import jobpage, routes

    for router in (routes.router, routes.data_router, jobpage.router, jobpage.preview_router):
        app.include_router(router)
    app.mount("/static", StaticFiles(packages=[("replicast.service.web", "static")]), name="static")
