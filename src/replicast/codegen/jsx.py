"""A tiny JSX tree and printer, so generated screens read like hand-written, prettier-formatted code.

Nodes hold code, never raw text: text enters through `Attr.text` / `Expr.text`, which go through
`escape.js_string`; verbatim attribute strings go through `escape.static_value`.

    node = Node("button", (Attr.static("type", "button"),), (Expr.text("Sign in"),))
    print("\\n".join(print_node(node, indent=4)))
    #     <button type="button">{"Sign in"}</button>
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from replicast.codegen.escape import js_string, static_value

MAX_LINE = 100
_TAG = re.compile(r"[A-Za-z][A-Za-z0-9.]*")
_ATTR = re.compile(r"[A-Za-z][A-Za-z0-9\-]*")
_STRING_ATTR = re.compile(r'[A-Za-z][A-Za-z0-9\-]*="[^"\n]*"')
_LITERAL_ATTR = re.compile(r"""([A-Za-z][A-Za-z0-9\-]*)=\{("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')\}""")


@dataclass(frozen=True, slots=True)
class Attr:
    """One JSX attribute, already rendered: `name="static"`, `name={expression}` or a bare flag."""

    source: str

    @staticmethod
    def static(name: str, value: str) -> Attr:
        """`name="value"` for generator-built values (checked by `static_value`)."""
        return Attr(f'{_attr_name(name)}="{static_value(value)}"')

    @staticmethod
    def text(name: str, value: str) -> Attr:
        """`name={"..."}` for untrusted text (`name=""` when empty)."""
        if not value:
            return Attr(f'{_attr_name(name)}=""')
        return Attr(f"{_attr_name(name)}={{{js_string(value)}}}")

    @staticmethod
    def expr(name: str, code: str) -> Attr:
        """`name={code}` for an expression the generator wrote (never one containing raw text)."""
        return Attr(f"{_attr_name(name)}={{{code}}}")

    @staticmethod
    def flag(name: str) -> Attr:
        return Attr(_attr_name(name))


@dataclass(frozen=True, slots=True)
class Expr:
    """A JSX child expression `{code}`."""

    code: str

    @staticmethod
    def text(value: str) -> Expr:
        return Expr(js_string(value))


@dataclass(frozen=True, slots=True)
class Each:
    """A child `{array.map((params) => <node />)}`: `node` drawn once per item of a generated array."""

    array: str
    params: str
    node: Node


@dataclass(frozen=True, slots=True)
class Node:
    tag: str
    attrs: tuple[Attr, ...] = ()
    children: tuple[Node | Expr | Each, ...] = ()

    def __post_init__(self) -> None:
        if not _TAG.fullmatch(self.tag):
            raise ValueError(f"bad JSX tag {self.tag!r}")


def _attr_name(name: str) -> str:
    if not _ATTR.fullmatch(name):
        raise ValueError(f"bad JSX attribute name {name!r}")
    return name


def _one_line(node: Node | Expr | Each) -> str:
    if isinstance(node, Expr):
        return f"{{{node.code}}}"
    if isinstance(node, Each):
        return f"{{{node.array}.map(({node.params}) => {_one_line(node.node)})}}"
    head = " ".join((node.tag, *(a.source for a in node.attrs)))
    if not node.children:
        return f"<{head} />"
    return f"<{head}>{''.join(_one_line(c) for c in node.children)}</{node.tag}>"


def _attr_lines(attr: Attr, pad: str) -> list[str]:
    """An attribute on lines of its own: a multi-line expression keeps its inner indentation, and a
    string literal too long for the line moves inside its braces (as prettier prints them)."""
    if "\n" not in attr.source and len(pad) + len(attr.source) > MAX_LINE:
        literal = _LITERAL_ATTR.fullmatch(attr.source)
        if literal is not None:
            return [f"{pad}{literal[1]}={{", f"{pad}  {literal[2]}", f"{pad}}}"]
    return [pad + line for line in attr.source.split("\n")]


def print_node(node: Node | Expr | Each, indent: int = 0) -> list[str]:
    """Lines of JSX for `node`, one line when it fits in MAX_LINE, else prettier-style broken up."""
    pad = " " * indent
    flat = _one_line(node)
    multiline = "\n" in flat
    if not multiline and len(pad) + len(flat) <= MAX_LINE:
        return [pad + flat]
    inner = " " * (indent + 2)
    if isinstance(node, Each):  # the arrow's JSX in parentheses, on lines of its own
        head = f"{pad}{{{node.array}.map(({node.params}) => ("
        return [head, *print_node(node.node, indent + 2), f"{pad}))}}"]
    if isinstance(node, Expr):
        if multiline:  # code that spans lines keeps its shape, braces hugging its ends
            first, *middle, last = node.code.split("\n")
            return [f"{pad}{{{first}", *(pad + line for line in middle), f"{pad}{last}}}"]
        return [f"{pad}{{", inner + node.code, f"{pad}}}"]
    if node.attrs:
        head = " ".join((node.tag, *(a.source for a in node.attrs)))
        # prettier never breaks up an opening tag whose one attribute is a plain string
        lone_string = len(node.attrs) == 1 and _STRING_ATTR.fullmatch(node.attrs[0].source) is not None
        close = " />" if not node.children else ">"
        if "\n" not in head and (lone_string or len(pad) + len(f"<{head}{close}") <= MAX_LINE):
            lines = [f"{pad}<{head}{close}"]
        else:
            lines = [f"{pad}<{node.tag}", *(ln for a in node.attrs for ln in _attr_lines(a, inner))]
            lines.append(f"{pad}{'/>' if not node.children else '>'}")
    else:
        lines = [f"{pad}<{node.tag}{' />' if not node.children else '>'}"]
    if node.children:
        for child in node.children:
            lines.extend(print_node(child, indent + 2))
        lines.append(f"{pad}</{node.tag}>")
    return lines
