"""Placed spec elements → semantic JSX: one tag per role, text as escaped literals, navigation handlers.

    renderer = ElementRenderer(navigations, route_refs, asset_imports)
    nodes = [renderer.node(p) for p in place_elements(screen.elements)]
    renderer.uses_navigate, renderer.uses_link     # which imports the screen module needs

Role → tag: button/tab → <button>, link → <Link> (when it navigates) or <a>, input → <input>,
textarea, checkbox/radio/switch → <input type=...>, select → <select>, heading → <h1>..<h6>,
text → <p> (<span> inside phrasing), badge → <span>, image/icon → <img> (a labelled box when the
crop is missing), list/listitem → <ul>/<li>, table/row/cell → <table>/<tr>/<td> (ARIA roles on <div>
where the children do not fit), nav → <nav>, card → <section>, dialog/alert/container → <div>.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from replicast.codegen.behaviour import Navigation
from replicast.codegen.escape import js_string
from replicast.codegen.jsx import Attr, Expr, Node
from replicast.codegen.layout import Placed
from replicast.codegen.styles import box_classes, class_name, style_classes
from replicast.spec.models import Element

_TEXT_CENTRED = frozenset({"text", "heading", "link", "badge", "listitem", "cell", "alert"})
_PASSIVE = frozenset({"text", "heading", "image", "icon", "badge"})
_CONTAINER_TAGS = {"nav": "nav", "card": "section", "container": "div", "dialog": "div", "alert": "div"}
_CONTAINER_ROLES = {"dialog": "dialog", "alert": "alert"}
_BULLETS = re.compile(r"[•●∙·*]+")
_HANDLER_PROPS = {"click": "onClick", "dblclick": "onDoubleClick", "hover": "onMouseEnter"}


@dataclass(slots=True)
class ElementRenderer:
    """Renders the elements of one screen and records what the screen module must import."""

    navigations: Mapping[str, tuple[Navigation, ...]]
    """element id → navigations it triggers."""
    route_refs: Mapping[str, str]
    """screen id → TS expression of its route path, e.g. "paths.login"."""
    asset_imports: Mapping[str, str]
    """Element.asset → the identifier its image is imported as."""
    uses_navigate: bool = field(default=False, init=False)
    uses_link: bool = field(default=False, init=False)

    def node(self, placed: Placed, parent_tag: str | None = None) -> Node:
        """JSX for `placed` and its children; `parent_tag` is the tag it is rendered inside."""
        e = placed.element
        tag, attrs, text = self._tag_and_attrs(placed, parent_tag)
        classes = [*box_classes(placed), *self._role_classes(e, tag, parent_tag), *style_classes(e)]
        attrs = [*attrs, Attr.static("className", class_name(classes)), Attr.text("data-testid", e.id)]
        children: list[Node | Expr] = []
        if tag == "select":
            children.append(Node("option", (), (Expr.text(text or ""),)))
        elif text:
            children.append(Expr.text(text))
        image = self._inner_image(e, placed, tag)
        if image is not None:
            children.append(image)
        kids = [self.node(c, tag) for c in placed.children]
        if tag == "table" and kids:
            children.append(Node("tbody", (), tuple(kids)))
        else:
            children.extend(kids)
        return Node(tag, tuple(sorted(attrs, key=_attr_rank)), tuple(children))

    # ---------------------------------------------------------------- tags

    def _tag_and_attrs(self, placed: Placed, parent_tag: str | None) -> tuple[str, list[Attr], str | None]:
        """(tag, attributes, text child)."""
        e = placed.element
        role = e.role
        handlers = self._handlers(e)
        if role in ("button", "tab"):
            attrs = [Attr.static("type", "button")]
            if role == "tab":
                attrs.append(Attr.static("role", "tab"))
            attrs.extend(self._name_if_unlabelled(placed))
            return "button", [*attrs, *handlers], e.text
        if role == "link":
            return self._link(placed, handlers)
        if role in ("input", "textarea"):
            return role, [*self._field_attrs(e), *handlers], None
        if role in ("checkbox", "radio", "switch"):
            attrs = [Attr.static("type", "radio" if role == "radio" else "checkbox")]
            if role == "switch":
                attrs.append(Attr.static("role", "switch"))
            if e.checked:
                attrs.append(Attr.flag("defaultChecked"))
            if e.text:
                attrs.append(Attr.text("aria-label", e.text))
            return "input", [*attrs, *handlers], None
        if role == "select":
            option = e.value or e.text or e.placeholder or ""
            label = [Attr.text("aria-label", e.text)] if e.text and e.text != option else []
            return "select", [*label, *handlers], option
        if role == "heading":
            return f"h{e.level or 2}", handlers, e.text
        if role == "text":
            return ("span" if parent_tag in _INLINE_PARENT_TAGS else "p"), handlers, e.text
        if role == "badge":
            return "span", handlers, e.text
        if role in ("image", "icon"):
            return self._image(e, handlers, parent_tag)
        return self._container(placed, parent_tag, handlers)

    def _container(
        self, placed: Placed, parent_tag: str | None, handlers: list[Attr]
    ) -> tuple[str, list[Attr], str | None]:
        e = placed.element
        kid_roles = [c.element.role for c in placed.children]
        if e.role == "list":
            if all(r == "listitem" for r in kid_roles):
                return "ul", handlers, e.text
            return "div", [Attr.static("role", "list"), *handlers], e.text
        if e.role == "listitem":
            if parent_tag == "ul":
                return "li", handlers, e.text
            return "div", [Attr.static("role", "listitem"), *handlers], e.text
        if e.role == "table":
            if not e.text and all(_fits_tr(c) for c in placed.children):
                return "table", handlers, None
            return "div", [Attr.static("role", "table"), *handlers], e.text
        if e.role == "row":
            if parent_tag == "table":
                return "tr", handlers, None
            return "div", [Attr.static("role", "row"), *handlers], e.text
        if e.role == "cell":
            if parent_tag == "tr":
                return "td", handlers, e.text
            return "div", [Attr.static("role", "cell"), *handlers], e.text
        role_attr = [Attr.static("role", _CONTAINER_ROLES[e.role])] if e.role in _CONTAINER_ROLES else []
        return _CONTAINER_TAGS.get(e.role, "div"), [*role_attr, *handlers], e.text

    def _link(self, placed: Placed, handlers: list[Attr]) -> tuple[str, list[Attr], str | None]:
        e = placed.element
        click = next((n for n in self.navigations.get(e.id, ()) if n.on == "click"), None)
        named = self._name_if_unlabelled(placed)
        if click is None:
            # <a> without href: the HTML placeholder link, for a destination the recording never showed
            return "a", [*named, *handlers], e.text
        self.uses_link = True
        return "Link", [Attr.expr("to", self.route_refs[click.to]), *named, *handlers], e.text

    def _field_attrs(self, e: Element) -> list[Attr]:
        attrs: list[Attr] = []
        if e.role == "input":
            attrs.append(Attr.static("type", _input_type(e)))
        # text inside an empty-looking field is most often its placeholder; as a value, typing
        # into the field would append to it
        placeholder = e.placeholder or (e.text if not e.value else None)
        if placeholder:
            attrs.append(Attr.text("placeholder", placeholder))
        if e.value and not _BULLETS.fullmatch(e.value):
            attrs.append(Attr.text("defaultValue", e.value))
        label = e.text or e.placeholder
        if label:
            attrs.append(Attr.text("aria-label", label))
        return attrs

    def _image(
        self, e: Element, handlers: list[Attr], parent_tag: str | None
    ) -> tuple[str, list[Attr], str | None]:
        src = self.asset_imports.get(e.asset) if e.asset else None
        alt = e.text or ""
        if src is not None:
            return "img", [Attr.expr("src", src), Attr.text("alt", alt), *handlers], None
        tag = "span" if parent_tag in _INLINE_PARENT_TAGS else "div"
        if alt:
            return tag, [Attr.static("role", "img"), Attr.text("aria-label", alt), *handlers], None
        return tag, [Attr.static("aria-hidden", "true"), *handlers], None

    def _inner_image(self, e: Element, placed: Placed, tag: str) -> Node | None:
        """The crop of an icon-only button or link, drawn inside it."""
        if tag not in ("button", "a", "Link") or _has_text(placed) or not e.asset:
            return None
        src = self.asset_imports.get(e.asset)
        if src is None:
            return None
        attrs = (Attr.expr("src", src), Attr.static("alt", ""), Attr.static("className", "h-full w-full"))
        return Node("img", attrs)

    # ---------------------------------------------------------------- behaviour and classes

    def _handlers(self, e: Element) -> list[Attr]:
        attrs: list[Attr] = []
        keys: list[Navigation] = []
        for nav in self.navigations.get(e.id, ()):
            if nav.on == "key":
                keys.append(nav)
                continue
            if nav.on == "click" and e.role == "link":
                continue  # a <Link to=...>
            self.uses_navigate = True
            attrs.append(Attr.expr(_HANDLER_PROPS[nav.on], f"() => navigate({self.route_refs[nav.to]})"))
        if keys:
            self.uses_navigate = True
            checks = " ".join(
                f"if (event.key === {js_string(n.key or '')}) navigate({self.route_refs[n.to]});"
                for n in keys
            )
            attrs.append(Attr.expr("onKeyDown", f"(event) => {{ {checks} }}"))
        return attrs

    def _role_classes(self, e: Element, tag: str, parent_tag: str | None) -> list[str]:
        classes: list[str] = []
        if e.text and tag not in ("input", "textarea", "select"):
            classes.append("whitespace-pre")
            if e.role in _TEXT_CENTRED:
                classes.extend(("flex", "items-center"))
        if e.role in ("input", "textarea", "select"):
            classes.append("px-2")
        interactive = bool(self.navigations.get(e.id))
        if interactive and e.role not in ("button", "tab", "link", "input", "textarea", "select"):
            classes.append("cursor-pointer")
        # passive boxes overlapping a control must not swallow the clicks meant for it
        if e.role in _PASSIVE and not interactive and parent_tag not in _INLINE_PARENT_TAGS:
            classes.append("pointer-events-none")
        return classes

    def _name_if_unlabelled(self, placed: Placed) -> list[Attr]:
        """aria-label for an icon-only control, whose content gives it no accessible name."""
        if _has_text(placed):
            return []
        e = placed.element
        label = e.placeholder or e.value or {"link": "Link", "tab": "Tab"}.get(e.role, "Button")
        return [Attr.text("aria-label", label)]


# the tags PHRASING_HOSTS render as: what they hold must be phrasing content too
_INLINE_PARENT_TAGS = frozenset({"button", "a", "Link", "span", "p", "h1", "h2", "h3", "h4", "h5", "h6"})
# attribute order in the output: what the element is, then how it looks, then state, then behaviour
_ATTR_ORDER = ("type", "role", "to", "src", "alt", "className", "data-testid")


def _attr_rank(attr: Attr) -> int:
    name = attr.source.split("=", 1)[0]
    if name in _ATTR_ORDER:
        return _ATTR_ORDER.index(name)
    return len(_ATTR_ORDER) + (1 if name.startswith("on") else 0)


def _has_text(placed: Placed) -> bool:
    return bool(placed.element.text) or any(_has_text(c) for c in placed.children)


def _fits_tr(row: Placed) -> bool:
    return row.element.role == "row" and all(c.element.role == "cell" for c in row.children)


def _input_type(e: Element) -> str:
    hints = " ".join(s for s in (e.text, e.placeholder) if s).lower()
    if "password" in hints or (e.value is not None and _BULLETS.fullmatch(e.value)):
        return "password"
    return "text"
