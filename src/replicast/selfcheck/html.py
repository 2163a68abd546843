"""`OUT/report.html`: the self-check as one self-contained page a person can look at.

A summary (overall score, the families behind it, a table of steps) and, for each step, the event that
led there, the video's keyframe and the app's screenshot side by side, a difference overlay and the
step's scores. Images are downscaled JPEGs in data URIs; the page loads nothing from anywhere (no
fonts, scripts or stylesheets), so it opens offline and leaks nothing. Every text from the recording is
HTML-escaped. Pure: returns a string.

    html = render_report(report, [StepImages(keyframe, screenshot, overlay), ...], title="todomvc")
"""

from __future__ import annotations

import base64
import html
from collections.abc import Sequence
from dataclasses import dataclass

import cv2
import numpy as np

from replicast.selfcheck.report import CheckReport, Refinement, StepReport, Summary
from replicast.selfcheck.visual import Rgb, fit

IMAGE_WIDTH = 800
"""report pictures are scaled to this width (fewer px for long runs, see `image_width`)"""
_JPEG_QUALITY = 80
_GOOD, _FAIR = 0.8, 0.5


@dataclass(frozen=True, slots=True)
class StepImages:
    keyframe: Rgb | None
    screenshot: Rgb | None
    overlay: Rgb | None


def image_width(steps: int) -> int:
    """Picture width for a report of `steps` steps: three JPEGs of ~30-60 KB per step keep the page to
    a few MB however long the recording."""
    return IMAGE_WIDTH if steps <= 24 else 640 if steps <= 48 else 480


def data_uri(image: Rgb, width: int = IMAGE_WIDTH) -> str:
    """`image` scaled to `width` (never up) as a JPEG data URI."""
    h, w = image.shape[:2]
    if w > width:
        image = fit(image, (width, max(1, round(h * width / w))))
    ok, buf = cv2.imencode(
        ".jpg", np.ascontiguousarray(image[..., ::-1]), [cv2.IMWRITE_JPEG_QUALITY, _JPEG_QUALITY]
    )
    if not ok:  # cannot happen for a uint8 RGB array; an empty picture beats a broken report
        return ""
    return "data:image/jpeg;base64," + base64.b64encode(buf.tobytes()).decode("ascii")


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _grade(value: float | None) -> str:
    if value is None:
        return "na"
    return "good" if value >= _GOOD else "fair" if value >= _FAIR else "poor"


def _num(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


def _score(label: str, value: float | None, hint: str = "") -> str:
    width = 0 if value is None else round(max(0.0, min(1.0, value)) * 100)
    title = f' title="{_e(hint)}"' if hint else ""
    return (
        f'<div class="score {_grade(value)}"{title}><span class="label">{_e(label)}</span>'
        f'<span class="value">{_num(value)}</span>'
        f'<span class="bar" aria-hidden="true"><span style="width:{width}%"></span></span></div>'
    )


def _card(title: str, value: float | None, parts: list[tuple[str, float | None, str]]) -> str:
    rows = "".join(_score(label, v, hint) for label, v, hint in parts)
    return (
        f'<section class="card"><h3>{_e(title)} <span class="pill {_grade(value)}">{_num(value)}</span></h3>'
        f"{rows}</section>"
    )


def _summary(report: CheckReport) -> str:
    s: Summary = report.summary
    verdict = {
        "good": "close to the recording",
        "fair": "partly like the recording",
        "poor": "far from the recording",
    }
    grade = _grade(s.overall)
    cards = [
        _card(
            "Pixels",
            s.visual,
            [
                ("SSIM", s.ssim, "structural similarity of the grey images"),
                ("SSIM vs blank", s.ssim_norm, "0 = a blank page in the main colour, 1 = the keyframe"),
                ("Colours", s.colour, "colour-histogram similarity (earth mover's distance in CIELAB)"),
                ("Colours vs blank", s.colour_norm, "0 = a blank page in the main colour, 1 = the keyframe"),
            ],
        ),
        _card(
            "Text blocks",
            s.blocks,
            [
                ("Block match", s.block_match, "share of text, on both sides, in matched blocks"),
                ("Text", s.text, "similarity of matched texts"),
                ("Position", s.position, "how close matched blocks lie"),
                ("Text colour", s.text_colour, "CIEDE2000 of matched text colours"),
                ("Words shown", s.word_recall, "share of the recording's words the app shows"),
            ],
        ),
        _card(
            "Behaviour",
            s.behaviour,
            [
                ("Changes", s.change_f1, "the app changed when the video changed (F1)"),
                ("Text follows", s.text_toward, "how far the app's text moved toward the new screen's"),
            ],
        ),
    ]
    w, h, scale = report.viewport
    problems = (
        f'<p class="warn">{s.steps_with_problems} of {s.steps} steps could not be fully replayed; '
        "see their notes below.</p>"
        if s.steps_with_problems
        else ""
    )
    return (
        '<section aria-labelledby="summary-h"><h2 id="summary-h">Summary</h2>'
        f'<div class="hero"><div class="big {grade}"><span class="value">{_num(s.overall)}</span>'
        '<span class="label">overall</span></div>'
        f"<p>The app is <strong>{verdict[grade]}</strong>: fidelity {_num(s.fidelity)} "
        f"(pixels and text blocks), behaviour {_num(s.behaviour)}. "
        f"{s.steps} steps replayed at {w}×{h} CSS px (scale {scale:g}) in Chromium "
        f"in {report.took_s:.1f} s.</p></div>{problems}"
        f'<div class="cards">{"".join(cards)}</div>{_step_table(report.steps)}</section>'
    )


def _step_table(steps: Sequence[StepReport]) -> str:
    rows = []
    for st in steps:
        b = st.behaviour
        beh = (
            "–"
            if b is None
            else ("✓ " if b.agrees else "✗ ")
            + (
                "both changed"
                if b.video_changed and b.app_changed
                else "video changed, app did not"
                if b.video_changed
                else "app changed, video did not"
                if b.app_changed
                else "neither changed"
            )
        )
        rows.append(
            f'<tr><th scope="row"><a href="#step-{st.index}">{st.index}</a></th><td>{st.t:.2f} s</td>'
            f"<td>{_e(st.action)}</td><td>{_e(st.screen or '–')}</td>"
            f'<td class="{_grade(st.visual.score if st.visual else None)}">'
            f"{_num(st.visual.score if st.visual else None)}</td>"
            f'<td class="{_grade(st.blocks.score if st.blocks else None)}">'
            f"{_num(st.blocks.score if st.blocks else None)}</td>"
            f'<td>{beh}</td><td class="{_grade(st.score)}">{_num(st.score)}</td></tr>'
        )
    return (
        '<div class="table-wrap"><table><caption>Steps</caption><thead><tr><th scope="col">#</th>'
        '<th scope="col">Time</th><th scope="col">Action</th><th scope="col">Video screen</th>'
        '<th scope="col">Pixels</th><th scope="col">Text blocks</th><th scope="col">Behaviour</th>'
        f'<th scope="col">Step score</th></tr></thead><tbody>{"".join(rows)}</tbody></table></div>'
    )


def _figure(image: Rgb | None, caption: str, alt: str, width: int) -> str:
    if image is None:
        body = f'<div class="missing" role="img" aria-label="{_e(alt)}">no picture</div>'
    else:
        body = f'<img src="{data_uri(image, width)}" alt="{_e(alt)}">'
    return f"<figure>{body}<figcaption>{_e(caption)}</figcaption></figure>"


def _step(st: StepReport, images: StepImages, width: int) -> str:
    when = f"{st.t:.2f} s"
    screen = st.screen or "no screen"
    parts: list[tuple[str, float | None, str]] = []
    if st.visual is not None:
        v = st.visual
        parts += [("SSIM", v.ssim, ""), ("SSIM vs blank", v.ssim_norm, ""), ("Colours", v.colour, "")]
    if st.blocks is not None:
        blk = st.blocks
        parts += [
            (
                "Block match",
                blk.block_match,
                f"{blk.matched} of {blk.keyframe_blocks} video / {blk.app_blocks} app blocks",
            ),
            ("Text", blk.text, ""),
            ("Position", blk.position, ""),
            ("Text colour", blk.colour, ""),
        ]
    parts.append(("Words shown", st.word_recall, ""))
    if st.behaviour is not None and st.behaviour.text_toward is not None:
        parts.append(("Text follows", st.behaviour.text_toward, ""))
    scores = "".join(_score(label, v, hint) for label, v, hint in parts)
    b = st.behaviour
    change = (
        ""
        if b is None
        else f'<p class="change {"good" if b.agrees else "poor"}">'
        + ("✓ " if b.agrees else "✗ ")
        + f"video {'changed' if b.video_changed else 'did not change'}, "
        f"app {'changed' if b.app_changed else 'did not change'}</p>"
    )
    note = f'<p class="warn">{_e(st.note)}</p>' if st.note else ""
    diff = "" if st.diff_share is None else f" · {st.diff_share * 100:.1f}% of the picture differs"
    return (
        f'<article id="step-{st.index}" aria-labelledby="step-{st.index}-h">'
        f'<h3 id="step-{st.index}-h"><span class="n">{st.index}</span> {_e(st.action)}'
        f' <span class="pill {_grade(st.score)}">{_num(st.score)}</span></h3>'
        f'<p class="meta">at {when} · video screen {_e(screen)}{diff}</p>{note}'
        '<div class="trio">'
        + _figure(
            images.keyframe, f"Video · {screen}", f"The video at step {st.index}, screen {screen}", width
        )
        + _figure(images.screenshot, "App", f"The generated app after step {st.index}", width)
        + _figure(
            images.overlay,
            "Difference: magenta differs, amber is a slightly other colour",
            f"Where the app differs from the video at step {st.index}, highlighted",
            width,
        )
        + f'</div><div class="step-scores">{scores}</div>{change}</article>'
    )


_CSS = """
:root{--bg:#f6f7f9;--fg:#1d2330;--muted:#5b6475;--card:#fff;--line:#dde1e8;--good:#17803d;--fair:#a15c00;
--poor:#c0262d;--good-bg:#e3f5e8;--fair-bg:#fdf0d9;--poor-bg:#fde4e4;--accent:#3451b2;color-scheme:light dark}
@media (prefers-color-scheme:dark){:root{--bg:#14171d;--fg:#e7eaf0;--muted:#a3abba;--card:#1d2129;
--line:#323846;--good:#5fd08a;--fair:#f2b351;--poor:#ff7b7b;--good-bg:#17301f;--fair-bg:#3a2c12;
--poor-bg:#3d1c1c;--accent:#8fa8ff}}
*{box-sizing:border-box}body{margin:0;background:var(--bg);color:var(--fg);
font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif}
header,main,footer{max-width:1440px;margin:0 auto;padding:0 24px}header{padding-top:24px}
h1{font-size:1.6rem;margin:0 0 4px}h2{font-size:1.25rem;margin:32px 0 12px}
h3{font-size:1.05rem;margin:0 0 8px}
a{color:var(--accent)}.sub,.meta{color:var(--muted);margin:0 0 8px}
.hero{display:flex;gap:24px;align-items:center;background:var(--card);border:1px solid var(--line);
border-radius:12px;padding:16px 20px}.hero p{margin:0;max-width:70ch}
.big{display:flex;flex-direction:column;align-items:center;justify-content:center;min-width:112px;height:112px;
border-radius:50%;border:6px solid currentColor}.big .value{font-size:2rem;font-weight:700;line-height:1}
.big .label{font-size:.8rem;color:var(--muted)}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(280px,1fr));gap:16px;margin:16px 0}
.card,article{background:var(--card);border:1px solid var(--line);border-radius:12px;padding:16px 20px}
.score{display:grid;grid-template-columns:9.5em 3em 1fr;gap:8px;align-items:center;font-size:.92rem}
.score .value{font-variant-numeric:tabular-nums;font-weight:600;text-align:right}
.bar{height:8px;background:var(--line);border-radius:4px;overflow:hidden}.bar span{display:block;height:100%;
background:currentColor}
.good{color:var(--good)}.fair{color:var(--fair)}.poor{color:var(--poor)}.na{color:var(--muted)}
.score .label{color:var(--fg)}
.pill{display:inline-block;padding:0 8px;border-radius:999px;font-size:.85rem;font-weight:600;
font-variant-numeric:tabular-nums}.pill.good{background:var(--good-bg)}.pill.fair{background:var(--fair-bg)}
.pill.poor{background:var(--poor-bg)}
.table-wrap{overflow-x:auto}table{border-collapse:collapse;width:100%;background:var(--card);
border:1px solid var(--line);border-radius:12px;font-size:.92rem}caption{text-align:left;font-weight:600;
padding:0 0 6px}th,td{padding:6px 10px;border-bottom:1px solid var(--line);text-align:left}
td.good,td.fair,td.poor,td.na{font-weight:600;font-variant-numeric:tabular-nums}
article{margin:0 0 20px}article h3 .n{display:inline-block;min-width:1.8em;padding:0 6px;margin-right:4px;
border-radius:6px;background:var(--line);text-align:center}
.trio{display:grid;grid-template-columns:repeat(3,minmax(0,1fr));gap:12px;margin:8px 0 12px}
@media (max-width:900px){.trio{grid-template-columns:1fr}}
figure{margin:0}figure img,.missing{width:100%;height:auto;display:block;border:1px solid var(--line);
border-radius:6px}.missing{aspect-ratio:16/9;display:grid;place-items:center;color:var(--muted)}
figcaption{font-size:.85rem;color:var(--muted);margin-top:4px}
.step-scores{display:grid;grid-template-columns:repeat(auto-fit,minmax(300px,1fr));gap:2px 24px}
.warn{background:var(--fair-bg);color:var(--fg);border-left:4px solid var(--fair);padding:6px 10px;
border-radius:4px}.change{font-weight:600;margin:8px 0 0}
details{background:var(--card);border:1px solid var(--line);border-radius:12px;padding:10px 20px;
margin:16px 0}
summary{cursor:pointer;font-weight:600}footer{color:var(--muted);font-size:.85rem;padding-bottom:32px}
:focus-visible{outline:3px solid var(--accent);outline-offset:2px}
body:has(#one-column:checked) .trio{grid-template-columns:1fr;max-width:1000px}
.toggle{margin:0 0 12px}
"""

_HOW = """<details><summary>How to read this report</summary><ul>
<li>Each step replays one recorded event on the built app in headless Chromium, at the recorded coordinates
and viewport, then compares the app with the video's keyframe of the screen shown before the next event.</li>
<li><strong>Pixels</strong>: SSIM and colour-histogram similarity; “vs blank” rescales them so a blank page in
the keyframe's main colour scores 0.</li>
<li><strong>Text blocks</strong> (as in Design2Code): the recording's text (OCR) is paired with the app's
text; block match counts the text that found a partner on both sides, then text, position and colour
of the pairs. Step score = mean of pixels and text blocks.</li>
<li><strong>Behaviour</strong>: whether the app changed when the video changed, and how far its text moved
toward the new screen's text.</li>
<li>Scores run from 0 to 1; at least 0.8 is marked good, at least 0.5 fair, below that poor.</li>
</ul></details>"""


REFINEMENT_MARK = "<!-- refinement -->"


def _refinement(ref: Refinement | None) -> str:
    if ref is None:
        return ""
    verdict = "kept" if ref.kept else "not kept: the app is the deterministic one"
    files = ", ".join(ref.files) if ref.files else "none"
    notes = f"<p>The model's notes (untrusted): {_e(ref.notes)}</p>" if ref.notes else ""
    return (
        '<section aria-labelledby="refine-h"><h2 id="refine-h">Model refinement</h2>'
        f"<p><strong>{_e(verdict)}</strong> — {_e(ref.reason)}</p>"
        f"<p>Model {_e(ref.model)} · files {_e(files)} · overall {_num(ref.baseline_overall)} deterministic, "
        f"{_num(ref.refined_overall)} refined · {ref.requests} requests, {ref.cache_hits} cache hits, "
        f"{ref.input_tokens} input and {ref.output_tokens} output tokens, cost {ref.cost:.4f} · "
        f"{ref.seconds:.1f} s</p>{notes}</section>"
    )


def with_refinement(page: str, ref: Refinement) -> str:
    """`page` (a rendered report) with the refinement section in place of any earlier one."""
    head, mark, tail = page.partition(REFINEMENT_MARK)
    if not mark:
        return page
    if tail.startswith('<section aria-labelledby="refine-h">'):
        tail = tail.split("</section>", 1)[1]
    return f"{head}{REFINEMENT_MARK}{_refinement(ref)}{tail}"


def render_report(report: CheckReport, images: Sequence[StepImages], title: str) -> str:
    """The whole page. `images` has one entry per step, in order."""
    width = image_width(len(report.steps))
    steps = "".join(_step(st, im, width) for st, im in zip(report.steps, images, strict=True))
    return (
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        f"<title>Self-check · {_e(title)}</title><style>{_CSS}</style></head><body>"
        f'<header><h1>Self-check: {_e(title)}</h1><p class="sub">How faithfully the generated app replays '
        f"the recording · {_e(report.created)}</p></header><main>{_summary(report)}"
        f"{REFINEMENT_MARK}{_refinement(report.refinement)}{_HOW}"
        f'<section aria-labelledby="steps-h"><h2 id="steps-h">Steps</h2>'
        '<p class="toggle"><input type="checkbox" id="one-column"> <label for="one-column">Show the '
        f"pictures one under another, larger</label></p>{steps}</section></main>"
        "<footer><p>Made by replicast's self-check from replicast.json, the keyframes and the built app; "
        "the same numbers are in report.json.</p></footer></body></html>\n"
    )
