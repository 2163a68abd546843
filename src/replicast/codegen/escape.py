"""The one place where untrusted text becomes source code.

Everything read from a video (element text, placeholders, ids, key names, asset paths) is untrusted. It
reaches generated TypeScript/JSX only through these helpers:

- `js_string`: a double-quoted JS string literal, used inside JSX as `{"..."}` (never as raw JSX text or
  a `"..."` JSX attribute, which have no escapes);
- `identifier` / `slug` / `asset_file_name`: names reduced to `[A-Za-z0-9_]` (or `-`, `.` for paths);
- `static_value`: a guard for the few values written verbatim (Tailwind classes built from numbers and
  validated colours), which raises instead of letting a stray character through.

    >>> js_string('</script> ${x}')
    '"\\\\u003c/script\\\\u003e ${x}"'
    >>> identifier("login page", style="pascal")
    'LoginPage'
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Container
from typing import Literal

_HTML_SENSITIVE = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"}
# control, format (bidi overrides: "trojan source"), surrogate, private, unassigned, line/para separators
_ESCAPED_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})
_WORD = re.compile(r"[A-Za-z0-9]+")
_STATIC_SAFE = re.compile(r"[A-Za-z0-9 _\-\[\]#.:/%,]*")
MAX_IDENTIFIER = 40
IMAGE_EXTENSIONS = frozenset({".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif"})


def js_string(value: str) -> str:
    """A JS/TS string literal whose value is exactly `value`, safe anywhere an expression is.

    JSON escaping handles backslashes and control characters; on top of that `<`, `>`, `&` are
    escaped (so no `</script>` or HTML-looking text ever appears in a file), as are U+2028/2029
    (line terminators in older JS), lone surrogates (not encodable as UTF-8) and invisible format
    characters such as bidi overrides. Other non-ASCII text stays readable. Quotes are chosen as
    prettier chooses them: double, unless the text holds more double quotes than single ones.
    """
    single = value.count('"') > value.count("'")
    body = json.dumps(value, ensure_ascii=False)[1:-1]
    out: list[str] = ["'" if single else '"']
    i = 0
    while i < len(body):
        ch = body[i]
        if ch == "\\":
            nxt = body[i + 1]
            out.append('"' if single and nxt == '"' else ch + nxt)
            i += 2
            continue
        if ch == "'" and single:
            out.append("\\'")
        elif ch in _HTML_SENSITIVE:
            out.append(_HTML_SENSITIVE[ch])
        elif unicodedata.category(ch) in _ESCAPED_CATEGORIES:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
        i += 1
    out.append(out[0])
    return "".join(out)


def js_value(literal: str) -> str:
    """The value of a literal `js_string` wrote (for tests and tools): the inverse of `js_string`."""
    if literal[:1] == '"':
        return str(json.loads(literal))
    body = literal[1:-1]
    out: list[str] = []
    i = 0
    while i < len(body):
        ch = body[i]
        if ch == "\\":
            nxt = body[i + 1]
            out.append("'" if nxt == "'" else ch + nxt)
            i += 2
            continue
        out.append('\\"' if ch == '"' else ch)
        i += 1
    return str(json.loads('"' + "".join(out) + '"'))


def _words(text: str) -> list[str]:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return _WORD.findall(folded)


def identifier(text: str, *, style: Literal["camel", "pascal"] = "camel", fallback: str = "item") -> str:
    """A TS identifier made of `[A-Za-z0-9]` from arbitrary text.

    Accents are folded, anything else is a word break. Never starts with a digit: `fallback` is put in
    front (and used alone when no word survives). `fallback` must itself be a valid identifier. At
    most MAX_IDENTIFIER characters: a 200-character label makes a name, not a line of code.
    """
    if not re.fullmatch(r"[A-Za-z][A-Za-z0-9]*", fallback):
        raise ValueError(f"fallback {fallback!r} is not a plain identifier")
    words = _words(text)
    if not words or words[0][0].isdigit():
        words = [fallback, *words]
    head, *rest = words
    first = head[0].upper() + head[1:] if style == "pascal" else head[0].lower() + head[1:]
    return (first + "".join(w[0].upper() + w[1:] for w in rest))[:MAX_IDENTIFIER]


def slug(text: str, *, fallback: str = "screen") -> str:
    """A lowercase `[a-z0-9-]` path segment, e.g. for routes: `"Sign in!"` → `"sign-in"`."""
    return "-".join(w.lower() for w in _words(text)) or fallback


def unique(name: str, taken: Container[str], *, sep: str = "") -> str:
    """`name`, or `name2`, `name3`, ... (with `sep` before the number): the first not in `taken`."""
    if name not in taken:
        return name
    n = 2
    while f"{name}{sep}{n}" in taken:
        n += 1
    return f"{name}{sep}{n}"


def asset_file_name(path: str) -> str | None:
    """A safe file name for an image asset path, or None when it is not an allowed image type.

    Only the last path component is kept (no `..`, no directories), reduced to `[a-z0-9-]` plus the
    lowercased extension.
    """
    base = path.replace("\\", "/").rsplit("/", 1)[-1]
    stem, dot, ext = base.rpartition(".")
    suffix = f".{ext.lower()}"
    if not dot or suffix not in IMAGE_EXTENSIONS:
        return None
    return slug(stem, fallback="asset") + suffix


def static_value(value: str) -> str:
    """`value` unchanged when it is safe to write verbatim in a JSX attribute string; else ValueError.

    Only for values the generator builds itself (Tailwind classes from numbers and `#rrggbb`
    colours, attribute keywords): letters, digits, space and `_-[]#.:/%,`.
    """
    if not _STATIC_SAFE.fullmatch(value):
        raise ValueError(f"refusing to write {value!r} verbatim into generated code")
    return value
