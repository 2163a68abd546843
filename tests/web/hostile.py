"""A job result full of hostile text, published by a stand-in runner (no conversion, milliseconds).

Every string a video could put in a result (element text, typed text, entity and field names, file
contents, the uploaded file's name) carries markup or script here, so the page tests can show none of it
is ever interpreted.
"""

from __future__ import annotations

import io
import json
import threading
import zipfile
from collections.abc import Callable
from typing import Any

import numpy as np
from PIL import Image

from replicast.jobs.config import Stores
from replicast.jobs.payload import JobRequest, JobResult
from replicast.jobs.run import MANIFEST, PROJECT_ZIP, SPEC
from replicast.pipeline.run import Progress

SCRIPT = "<script>window.__pwned = 1</script>"
ATTR = '" onmouseover="window.__pwned = 2" x="'
IMG = "<img src=x onerror=window.__pwned=3>"
WIDTH, HEIGHT = 320, 180
SOURCE = f"// {SCRIPT}\nexport const label = {json.dumps(IMG)};\n"
APP_TEXT = "Hostile preview app"


def spec() -> dict[str, Any]:
    return {
        "version": "1",
        "video": {"width": WIDTH, "height": HEIGHT, "fps": 30, "duration": 4.0},
        "screens": [
            {
                "id": "s1",
                "t": 0.0,
                "image": "keyframes/001.png",
                "elements": [
                    {"id": "s1e1", "role": "heading", "bbox": [10, 10, 200, 24], "text": SCRIPT},
                    {"id": "s1e2", "role": "input", "bbox": [10, 50, 200, 30], "text": ATTR},
                    {"id": "s1e3", "role": "button", "bbox": [10, 100, 90, 30], "text": IMG},
                ],
            },
            {
                "id": "s2",
                "t": 2.5,
                "image": "keyframes/002.png",
                "elements": [{"id": "s2e1", "role": "text", "bbox": [10, 10, 150, 20], "text": "Done"}],
            },
        ],
        "events": [
            {"t": 1.0, "type": "click", "x": 110.0, "y": 65.0, "target": "s1e2"},
            {"t": 1.4, "type": "type", "x": 110.0, "y": 65.0, "text": IMG, "target": "s1e2"},
            {"t": 2.2, "type": "click", "x": 55.0, "y": 115.0, "target": "s1e3"},
        ],
        "transitions": [{"from": "s1", "to": "s2", "event": 2}],
        "entities": [
            {
                "name": SCRIPT,
                "source": "form",
                "screen": "s1",
                "fields": [{"name": ATTR, "type": "text", "required": True, "example": IMG}],
            }
        ],
    }


def _png(shade: int) -> bytes:
    buf = io.BytesIO()
    Image.fromarray(np.full((HEIGHT, WIDTH, 3), shade, np.uint8)).save(buf, format="PNG")
    return buf.getvalue()


def project_zip() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("package.json", json.dumps({"name": "hostile", "scripts": {"build": "vite build"}}))
        zf.writestr("src/App.tsx", SOURCE)
        zf.writestr("check/step-000.png", _png(200))
        zf.writestr(
            "dist/index.html",
            '<!doctype html><html><head><script type="module" src="./assets/app.js"></script></head>'
            '<body><div id="root"></div></body></html>',
        )
        # the built "app" reports what its sandbox lets it reach
        zf.writestr(
            "dist/assets/app.js",
            "const probe = (f) => { try { return String(f()); } catch (e) { return 'blocked'; } };\n"
            "localStorage.setItem('k', 'v');\n"
            "document.getElementById('root').textContent = [\n"
            f"  {json.dumps(APP_TEXT)},\n"
            "  'cookie:' + probe(() => document.cookie),\n"
            "  'parent:' + probe(() => window.parent.document.title),\n"
            "  'storage:' + localStorage.getItem('k'),\n"
            "].join(' | ');\n",
        )
    return buf.getvalue()


def report() -> dict[str, Any]:
    step = {
        "index": 0,
        "t": 0.0,
        "event_index": None,
        "action": f"page loaded {SCRIPT}",
        "screen": "s1",
        "keyframe": "keyframes/001.png",
        "screenshot": "check/step-000.png",
        "visual": {"score": 0.5},
        "blocks": {"score": 0.75},
        "score": 0.625,
        "note": IMG,
    }
    summary = {"overall": 0.7, "visual": 0.5, "blocks": 0.75, "word_recall": 1.0, "behaviour": 0.9}
    return {"summary": summary, "steps": [step]}


def publishing_runner(
    stores: Stores,
) -> Callable[[JobRequest, Callable[[Progress], None], threading.Event], JobResult]:
    """A runner that publishes the hostile result for any video whose name does not contain 'bad'."""

    def run(
        request: JobRequest, report_: Callable[[Progress], None], cancelled: threading.Event
    ) -> JobResult:
        from replicast.errors import VideoRejectedError

        report_(Progress("decode", 0, 1))
        if "bad" in request.video_name:
            raise VideoRejectedError(f"{request.video_name}: the codec {IMG} is not allowed")
        objects = {
            SPEC: json.dumps(spec()).encode(),
            PROJECT_ZIP: project_zip(),
            "keyframes/001.png": _png(240),
            "keyframes/002.png": _png(180),
            "report.json": json.dumps(report()).encode(),
            "report.html": b"<!doctype html><p>report</p>",
        }
        for name, data in objects.items():
            stores.objects.put_bytes(f"{request.result_key}/{name}", data)
        result = JobResult(
            job_id=request.job_id,
            result_key=request.result_key,
            files={name: len(data) for name, data in objects.items()},
            screens=2,
            events=3,
            built=True,
            seconds=0.01,
        )
        stores.objects.put_bytes(f"{request.result_key}/{MANIFEST}", result.model_dump_json().encode())
        return result

    return run
