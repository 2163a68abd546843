"""AppSpecs for the codegen tests: a small sign-in flow, and the same flow full of hostile text."""

from __future__ import annotations

import base64
from collections.abc import Sequence

from replicast.spec.models import (
    AppSpec,
    Element,
    Entity,
    EntityField,
    Event,
    Screen,
    Style,
    TableLayout,
    Transition,
    VideoMeta,
)

# a 1x1 PNG
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)

HOSTILE_TEXTS = (
    "</script><script>alert('pwned')</script>",
    "{pwned} } { {{",
    "`${pwned}` and ${globalThis.pwned}",
    "quote \" apostrophe ' backslash \\ end",
    "line one\nline two\r\nline three\ttab",
    "sep \u2028 para \u2029 nul \x00 bell \x07 del \x7f",
    "bidi \u202e pwned \u2066 zwj \u200d bom \ufeff",
    "unicode: café 日本語 emoji 😀 combining e\u0301",
    "<!-- pwned --> &amp; &lt; <img src=x onerror=alert(1)>",
    "*/ pwned /* // pwned",
    "<> {} ${} `` </",
    "javascript:alert(document.domain)",
    "'); DROP TABLE x; --",
    "A label that goes on and on " * 7 + "and ends here at two hundred characters, exactly!"[:4],
    "RTL: مرحبا بالعالم and שלום עולם",
)
# entity and field names: what a form's heading or label might read
HOSTILE_NAMES = (
    "</script><script>alert(1)</script>",
    "{}",
    "<>",
    "${pwned}",
    "`pwned`",
    "line\u2028sep\u2029para",
    "javascript:alert(1)",
    "'); DROP TABLE x; --",
    "Name " * 40,
    "emoji 😀🎉",
    "עברית RTL שלום",
    "",
)


def video() -> VideoMeta:
    return VideoMeta(width=1280, height=720, fps=30, duration=12.0)


def transition(
    src: str, dst: str, event: int, kind: str | None = None, texts: Sequence[str] = ()
) -> Transition:
    """`src` -> `dst` after `event`; with `kind`, the response the app gave (its `texts`)."""
    response = {"response": {"kind": kind, "texts": list(texts)}} if kind is not None else {}
    return Transition.model_validate({"from": src, "to": dst, "event": event, **response})


def sign_in_spec() -> AppSpec:
    """Sign-in screen → (click Sign in) → home screen; Enter on home → settings."""
    sign_in = Screen(
        id="sign-in",
        t=0.0,
        background="#f8fafc",
        elements=[
            Element(id="h", role="heading", level=1, bbox=[40, 40, 300, 40], text="Welcome back"),
            Element(id="email", role="input", bbox=[40, 120, 320, 36], placeholder="Email"),
            Element(id="pw", role="input", bbox=[40, 170, 320, 36], placeholder="Password"),
            Element(
                id="go",
                role="button",
                bbox=[40, 230, 120, 36],
                text="Sign in",
                style=Style(
                    color="#ffffff", background="#2563eb", radius=6, font_size=14, font_weight="bold"
                ),
            ),
            Element(id="logo", role="image", bbox=[1100, 20, 120, 40], asset="assets/logo.png"),
        ],
    )
    home = Screen(
        id="home",
        t=4.0,
        elements=[
            Element(id="nav", role="nav", bbox=[0, 0, 1280, 60], style=Style(background="#111827")),
            Element(id="home-link", role="link", bbox=[20, 20, 60, 20], text="Home", parent="nav"),
            Element(id="settings-link", role="link", bbox=[100, 20, 80, 20], text="Settings", parent="nav"),
            Element(id="list", role="list", bbox=[40, 100, 400, 90]),
            Element(id="li1", role="listitem", bbox=[40, 100, 400, 40], text="First", parent="list"),
            Element(id="li2", role="listitem", bbox=[40, 150, 400, 40], text="Second", parent="list"),
            Element(id="done", role="checkbox", bbox=[460, 110, 20, 20], checked=True),
        ],
    )
    settings = Screen(
        id="settings", t=8.0, elements=[Element(id="t", role="text", bbox=[40, 40, 200, 20], text="Settings")]
    )
    return AppSpec(
        video=video(),
        screens=[sign_in, home, settings],
        events=[
            Event(t=1.0, type="click", x=200, y=138, target="email"),
            Event(t=2.0, type="type", x=200, y=138, text="ada@example.com"),
            Event(t=3.5, type="click", x=100, y=248, target="go"),
            Event(t=6.0, type="click", x=140, y=30, target="settings-link"),
        ],
        transitions=[transition("sign-in", "home", 2), transition("home", "settings", 3)],
    )


def hostile_spec() -> AppSpec:
    """Every text field, id and key carries hostile text; screen ids collide once sanitised."""
    elements = [
        Element(id=f"t{i} {text}", role="text", bbox=[20, 20 + 30 * i, 600, 24], text=text)
        for i, text in enumerate(HOSTILE_TEXTS)
    ]
    elements += [
        Element(
            id="</Route>",
            role="button",
            bbox=[700, 20, 200, 40],
            text=HOSTILE_TEXTS[0],
            placeholder=HOSTILE_TEXTS[1],
        ),
        Element(
            id="in",
            role="input",
            bbox=[700, 80, 300, 36],
            placeholder=HOSTILE_TEXTS[2],
            text=HOSTILE_TEXTS[3],
        ),
        Element(id="ta", role="textarea", bbox=[700, 130, 300, 80], value=HOSTILE_TEXTS[4]),
        Element(
            id="sel", role="select", bbox=[700, 230, 300, 36], value=HOSTILE_TEXTS[5], text=HOSTILE_TEXTS[6]
        ),
        Element(id="h", role="heading", level=3, bbox=[700, 280, 300, 30], text=HOSTILE_TEXTS[7]),
        Element(
            id="img",
            role="image",
            bbox=[700, 320, 40, 40],
            text=HOSTILE_TEXTS[8],
            asset="../../etc/passwd.png",
        ),
        Element(id="ic", role="icon", bbox=[760, 320, 40, 40], text=HOSTILE_TEXTS[9]),
        Element(id="a", role="link", bbox=[700, 380, 200, 20], text=HOSTILE_TEXTS[2]),
    ]
    first = Screen(id="</Route><script>", t=0.0, elements=elements)
    second = Screen(
        id="${pwned}",
        t=5.0,
        elements=[
            Element(id="x", role="badge", bbox=[10, 10, 100, 20], text=HOSTILE_TEXTS[3]),
            *hostile_table(20, 100),
        ],
    )
    third = Screen(id="{pwned}", t=6.0)  # sanitises to the same name as the second
    entities = [
        Entity(name=name, fields=[EntityField(name=other, type="text") for other in HOSTILE_NAMES])
        for name in HOSTILE_NAMES
    ]
    return AppSpec(
        video=video(),
        screens=[first, second, third],
        entities=entities,
        events=[
            Event(t=1.0, type="click", x=800, y=40, target="</Route>"),
            Event(t=5.5, type="key", text='"'),
            Event(t=6.5, type="key", text="Control+a"),
        ],
        transitions=[
            transition("</Route><script>", "${pwned}", 0),
            transition("${pwned}", "{pwned}", 1),
            transition("{pwned}", "</Route><script>", 2),
        ],
    )


def hostile_table(x: int, y: int) -> list[Element]:
    """A table with its grid: a header naming its columns and three rows of cells in hostile text (the
    rows are plain data: the app draws them from an array)."""
    widths, head, row = (300, 300, 300), 30, 32
    layout = TableLayout(
        header=[y, head],
        rows=[[y + head + row * k, row] for k in range(3)],
        columns=[[x + sum(widths[:j]), w] for j, w in enumerate(widths)],
        row_rule="#aaaaaa",
        column_rule="#eeeeee",
    )
    out = [Element(id="grid", role="table", bbox=[x, y, sum(widths), head + 3 * row], table=layout)]
    names = ("</th><script>alert(1)</script>", '{"', "${key}")
    for j, name in enumerate(names):
        left = x + sum(widths[:j]) + 4
        out.append(Element(id=f"th{j} {name}", role="text", bbox=[left, y + 5, 280, 20], text=name))
    for k in range(3):
        for j in range(3):
            left, top = x + sum(widths[:j]) + 4, y + head + row * k + 6
            text = HOSTILE_TEXTS[(3 * k + j) % len(HOSTILE_TEXTS)].splitlines()[0][:30]
            out.append(Element(id=f"td{k}{j} </td>", role="text", bbox=[left, top, 280, 20], text=text))
    return out


def _rows(
    ids: tuple[str, str, str], texts: tuple[str, str, str], selected: int | None = None
) -> list[Element]:
    """Three rows of a task list, 40 px apart; `selected` drawn white on blue."""
    return [
        Element(
            id=i,
            role="listitem" if k == selected else "text",
            bbox=[40, 100 + 40 * k, 300, 28],
            text=t,
            style=Style(color="#ffffff", background="#2563eb") if k == selected else None,
        )
        for k, (i, t) in enumerate(zip(ids, texts, strict=True))
    ]


def gestures_spec() -> AppSpec:
    """A task list: double-click a row to edit it, type, Enter; ArrowDown selects the next row; the
    first row dragged below the last. One screen per state, as the pipeline reads them."""
    title = Element(id="h", role="heading", level=1, bbox=[40, 30, 300, 40], text="Tasks")
    texts = ("Write the brief", "Review designs", "Ship release")
    edited = ("Write the brief today", *texts[1:])

    def editor(sid: str, value: str) -> Screen:
        field = Element(
            id=f"{sid}-f", role="input", bbox=[32, 94, 320, 40], value=value, style=Style(color="#111827")
        )
        return Screen(
            id=sid,
            t=2.0,
            background="#ffffff",
            elements=[title, field, *_rows(("a2", "a3", "a4"), texts)[1:]],
        )

    screens = [
        Screen(id="list", background="#ffffff", t=0.0, elements=[title, *_rows(("r1", "r2", "r3"), texts)]),
        editor("editing", texts[0]),
        editor("typed", edited[0]),
        Screen(
            id="edited", background="#ffffff", t=5.0, elements=[title, *_rows(("e1", "e2", "e3"), edited)]
        ),
        Screen(
            id="selected",
            background="#ffffff",
            t=7.0,
            elements=[title, *_rows(("s1", "s2", "s3"), edited, selected=1)],
        ),
        Screen(
            id="moved",
            background="#ffffff",
            t=9.0,
            elements=[title, *_rows(("m1", "m2", "m3"), (*edited[1:], edited[0]))],
        ),
    ]
    return AppSpec(
        video=video(),
        screens=screens,
        events=[
            Event(t=1.0, type="click", count=2, x=100, y=114, target="r1"),
            Event(t=2.5, type="type", x=180, y=114, text=" today", target="editing-f"),
            Event(t=4.5, type="key", x=100, y=114, text="Enter", target="typed-f"),
            Event(t=6.5, type="key", text="ArrowDown"),
            Event(t=8.0, type="drag", x=100, y=114, dx=0, dy=80, target="e1"),
        ],
        transitions=[
            Transition.model_validate({"from": a, "to": b, "event": k, "response": {"kind": kind}})
            for k, (a, b, kind) in enumerate(
                [
                    ("list", "editing", "edit"),
                    ("editing", "typed", "input"),
                    ("typed", "edited", "edit"),
                    ("edited", "selected", "select"),
                    ("selected", "moved", "reorder"),
                ]
            )
        ],
    )
