"""Replay the recorded events on the served app in headless Chromium, looking after each one.

Chromium is Debian's (`/usr/bin/chromium` unless told otherwise), driven through Playwright with its
executable path and a fresh profile; it reaches nothing but 127.0.0.1. The page opens at the recording's
viewport (CSS size and device scale factor), so screenshots have the keyframes' pixel size. Events are
replayed in order at their coordinates; the recorded pause after each is shortened to at most
`settle_s`, as a generated app waits for nothing but its own render.

    captures = replay(url, plan_steps(spec), Geometry.of(spec), BrowserConfig())
    captures[3].screenshot, captures[3].blocks

Raises CheckUnavailableError when Chromium or Playwright is missing, CheckError when Chromium fails.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import cv2
import numpy as np

from replicast.errors import CheckError, CheckUnavailableError
from replicast.selfcheck.blocks import TextBlock
from replicast.selfcheck.steps import Geometry, Step
from replicast.selfcheck.visual import Rgb
from replicast.spec.keys import NAMED_KEYS
from replicast.spec.models import Event

log = logging.getLogger(__name__)

DEFAULT_CHROMIUM = Path("/usr/bin/chromium")
RENDER_WAIT_MS = 5000
LAUNCH_ARGS = (
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
    # the app is served on loopback; anything else it asks for must fail fast, not hang the check
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
)

# Every visible run of text in the page, one block per element that holds text directly, plus the
# value (else the placeholder) of each field; boxes in CSS px of the viewport, colours as [r, g, b]
# (resolved through a canvas, so oklch()/color() values from Tailwind come out as sRGB too).
TEXT_BLOCKS_JS = r"""(() => {
  const W = innerWidth, H = innerHeight, blocks = [];
  const ctx = document.createElement('canvas').getContext('2d', {willReadFrequently: true});
  const cache = new Map();
  const rgb = (css) => {
    if (!cache.has(css)) {
      ctx.clearRect(0, 0, 1, 1); ctx.fillStyle = '#000'; ctx.fillStyle = css; ctx.fillRect(0, 0, 1, 1);
      const d = ctx.getImageData(0, 0, 1, 1).data;
      cache.set(css, [d[0], d[1], d[2]]);
    }
    return cache.get(css);
  };
  const visible = (el) => el.checkVisibility({checkOpacity: true, checkVisibilityCSS: true});
  const push = (text, rects, color) => {
    let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    for (const r of rects) {
      if (r.width < 1 || r.height < 1) continue;
      x0 = Math.min(x0, r.left); y0 = Math.min(y0, r.top);
      x1 = Math.max(x1, r.right); y1 = Math.max(y1, r.bottom);
    }
    x0 = Math.max(0, x0); y0 = Math.max(0, y0); x1 = Math.min(W, x1); y1 = Math.min(H, y1);
    text = text.replace(/\s+/g, ' ').trim();
    if (!text || x1 - x0 < 1 || y1 - y0 < 1) return;
    blocks.push({text, bbox: [x0, y0, x1 - x0, y1 - y0], color: rgb(color)});
  };
  const owners = new Map();
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const el = n.parentElement;
    if (!el || !n.nodeValue.trim() || el.closest('script,style,noscript,template,select,textarea')) continue;
    if (!owners.has(el)) owners.set(el, []);
    owners.get(el).push(n);
  }
  for (const [el, nodes] of owners) {
    if (!visible(el)) continue;
    const rects = [];
    for (const n of nodes) {
      const range = document.createRange();
      range.selectNodeContents(n);
      rects.push(...range.getClientRects());
    }
    push(nodes.map((n) => n.nodeValue).join(' '), rects, getComputedStyle(el).color);
  }
  for (const el of document.querySelectorAll('input, textarea, select')) {
    const type = (el.getAttribute('type') || '').toLowerCase();
    if (['hidden', 'checkbox', 'radio', 'range', 'color', 'file'].includes(type) || !visible(el)) continue;
    let text = el.tagName === 'SELECT' ? (el.selectedOptions[0] || {}).text || '' : el.value;
    let color = getComputedStyle(el).color;
    if (type === 'password' && text) text = '\u2022'.repeat(text.length);
    if (!text && el.placeholder) {
      text = el.placeholder;
      color = getComputedStyle(el, '::placeholder').color;
    }
    if (['button', 'submit', 'reset'].includes(type)) text = el.value;
    push(text || '', [el.getBoundingClientRect()], color);
  }
  return blocks;
})()"""

_SETTLE_JS = "() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))"

_KEYS = {
    **NAMED_KEYS,
    "del": "Delete",
    "space": "Space",
    "ctrl": "Control",
    "control": "Control",
    "control_l": "Control",
    "shift": "Shift",
    "alt": "Alt",
    "cmd": "Meta",
    "meta": "Meta",
    "super": "Meta",
}


@dataclass(frozen=True, slots=True)
class BrowserConfig:
    executable: Path | None = None
    """Chromium to drive; None: /usr/bin/chromium, else `chromium` on PATH"""
    settle_s: float = 0.3
    """the longest wait after an event before looking (never longer than the recording waited)"""
    min_settle_s: float = 0.15
    timeout_s: float = 15.0
    """for loading the page and each browser action"""


@dataclass(frozen=True, slots=True)
class Capture:
    step: int
    screenshot: Rgb | None
    """RGB, the keyframes' pixel size; None when the page could not be captured"""
    blocks: tuple[TextBlock, ...]
    """the page's text blocks, boxes in video px"""
    error: str | None = None
    """why the event could not be replayed, or the page not captured"""


def find_chromium(executable: Path | None = None) -> Path:
    """The Chromium to use. Raises CheckUnavailableError naming where it looked."""
    if executable is not None:
        candidates = [executable]
    else:
        found = shutil.which("chromium") or shutil.which("chromium-browser")
        candidates = [DEFAULT_CHROMIUM] + ([Path(found)] if found else [])
    for path in candidates:
        if path.is_file() and os.access(path, os.X_OK):
            return path
    raise CheckUnavailableError(
        f"Chromium not found at {candidates[0]}: install Debian's chromium package "
        "(apt-get install chromium) or set REPLICAST_CHROMIUM_PATH"
    )


def playwright_key(key: str) -> str:
    """A recorded key (`Return`, `ctrl+a`, `Control+a`, `esc`) in Playwright's spelling (`Control+a`)."""
    parts = [p for p in key.strip().split("+") if p] or ["+"]
    return "+".join(_KEYS.get(p.lower(), p) for p in parts)


def _screenshot(page: Any) -> Rgb:
    png = page.screenshot(type="png", animations="disabled", caret="hide")
    bgr = cv2.imdecode(np.frombuffer(png, np.uint8), cv2.IMREAD_COLOR)
    if bgr is None:
        raise CheckError("Chromium returned a screenshot that does not decode")
    return np.ascontiguousarray(bgr[..., ::-1])


def _blocks(page: Any, geo: Geometry) -> tuple[TextBlock, ...]:
    raw: list[dict[str, Any]] = page.evaluate(TEXT_BLOCKS_JS)
    out = []
    for b in raw:
        x, y, w, h = (float(v) for v in b["bbox"])
        r, g, bl = (int(v) for v in b["color"])
        out.append(TextBlock(str(b["text"]), geo.to_video((x, y, w, h)), (r, g, bl)))
    return tuple(out)


def _wait_for_render(page: Any, timeout_ms: float) -> None:
    """Wait until React has rendered into #root (it renders after `load`); a page that never does is
    scored as it stands."""
    from playwright.sync_api import Error as PlaywrightError

    try:
        page.wait_for_selector("#root > *", state="attached", timeout=timeout_ms)
    except PlaywrightError:
        log.warning("nothing rendered into #root within %.0f ms", timeout_ms)


def _act(page: Any, event: Event, geo: Geometry) -> str | None:
    """Do one event; returns why it was not replayed, or None."""
    point = geo.to_css(event.x, event.y) if event.x is not None and event.y is not None else None
    mouse, keyboard = page.mouse, page.keyboard
    if event.type in ("click", "hover", "scroll", "drag") and point is None:
        return f"{event.type} without coordinates"
    if event.type == "click" and point is not None:
        mouse.move(*point, steps=4)
        mouse.click(*point, click_count=event.count)  # count 2: a double click, as `mouse.dblclick`
    elif event.type == "hover" and point is not None:
        mouse.move(*point, steps=4)
    elif event.type == "drag" and point is not None:
        mouse.move(*point, steps=4)
        mouse.down()
        mouse.move(point[0] + (event.dx or 0) / geo.scale, point[1] + (event.dy or 0) / geo.scale, steps=10)
        mouse.up()
    elif event.type == "scroll" and point is not None:
        mouse.move(*point)
        mouse.wheel((event.dx or 0) / geo.scale, (event.dy or 0) / geo.scale)
    elif event.type == "type":
        keyboard.type(event.text or "", delay=12)
    elif event.type == "key":
        if not event.text:
            return "key event without a key"
        keyboard.press(playwright_key(event.text))
    else:  # navigate: the recording's URL means nothing to the generated app
        return f"{event.type} events are not replayed"
    return None


def _look(page: Any, step: Step, geo: Geometry, note: str | None) -> Capture:
    try:
        page.evaluate(_SETTLE_JS)
        shot = _screenshot(page)
        blocks = _blocks(page, geo)
    except Exception as ex:  # a crashed or navigated-away page: the step scores 0, the check goes on
        log.warning("step %d: could not capture the page: %s", step.index, ex)
        return Capture(step.index, None, (), f"capture failed: {ex}")
    return Capture(step.index, shot, blocks, note)


def replay(
    url: str,
    steps: Sequence[Step],
    geo: Geometry,
    config: BrowserConfig,
    on_step: Callable[[int, int], None] = lambda done, total: None,
) -> list[Capture]:
    """Open `url` and capture the page at every step. Raises CheckUnavailableError, CheckError."""
    executable = find_chromium(config.executable)
    try:
        from playwright.sync_api import Error as PlaywrightError
        from playwright.sync_api import sync_playwright
    except ImportError as ex:
        raise CheckUnavailableError(
            "Playwright is not installed: pip install 'replicast[check]' to run the self-check"
        ) from ex
    captures: list[Capture] = []
    timeout_ms = config.timeout_s * 1000
    with tempfile.TemporaryDirectory(prefix="replicast-chromium-") as profile, sync_playwright() as pw:
        try:
            context = pw.chromium.launch_persistent_context(
                profile,
                executable_path=str(executable),
                headless=True,
                args=list(LAUNCH_ARGS),
                # headless Playwright hides scrollbars; the recordings show them
                ignore_default_args=["--hide-scrollbars"],
                viewport={"width": geo.width, "height": geo.height},
                device_scale_factor=geo.scale,
                timeout=timeout_ms,
            )
        except PlaywrightError as ex:
            raise CheckError(f"Chromium ({executable}) did not start: {str(ex).splitlines()[0]}") from ex
        try:
            page = context.pages[0] if context.pages else context.new_page()
            page.set_default_timeout(timeout_ms)
            try:
                page.goto(url, wait_until="load")
            except PlaywrightError as ex:
                raise CheckError(f"the app did not load from {url}: {str(ex).splitlines()[0]}") from ex
            _wait_for_render(page, min(timeout_ms, RENDER_WAIT_MS))
            for step in steps:
                note = None
                if step.event is not None:
                    try:
                        note = _act(page, step.event, geo)
                    except PlaywrightError as ex:
                        note = f"{step.event.type} failed: {str(ex).splitlines()[0]}"
                        log.warning("step %d: %s", step.index, note)
                wait = min(config.settle_s, max(config.min_settle_s, step.t_next - step.t))
                time.sleep(wait if step.event is not None else config.settle_s)
                captures.append(_look(page, step, geo, note))
                on_step(len(captures), len(steps))
        finally:
            context.close()
    return captures
