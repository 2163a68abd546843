"""Data the app keeps, inferred from what the recording shows: forms filled in and lists grown.

- A form (two or more fields on one screen, filled in and then submitted) becomes an entity whose
  fields are the form's fields, named by their labels or placeholders and typed from the values typed.
  An editor a double click opened over a list item's label (an `edit` response) is no form field.
  Password fields are never columns: signing in is the auth provider's job. A form of only an email
  (or user name) and a password is a sign-in form and becomes no entity.
- Text typed into one field and then shown as a new row of a list (type + Enter, or + a button)
  becomes an entity of list items with a `title`, and a `done` flag when the rows carry checkboxes
  or the recording ticked one (a toggle response, or a clear of the done rows).

    entities = infer_entities(states, behaviour, responses)
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from replicast.pipeline.assemble import screen_id
from replicast.pipeline.behaviour import Behaviour, InferredEvent, single_click
from replicast.pipeline.parse import ScreenState
from replicast.pipeline.responses import ReadResponse
from replicast.spec.models import FIELD_ROLES, Entity, EntityField, FieldType
from replicast.vision.base import Box
from replicast.vision.elements import DetectedElement

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[a-z]{2,}$", re.IGNORECASE)
_NUMBER = re.compile(r"^[+-]?\d+([.,]\d+)?$")
_DATE = re.compile(r"^\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}$")
_URL = re.compile(r"^(https?://|www\.)\S+$", re.IGNORECASE)
_BULLETS = frozenset("•*●·")
_VERBS = {
    "create",
    "add",
    "new",
    "save",
    "submit",
    "register",
    "sign",
    "up",
    "in",
    "send",
    "update",
    "an",
    "a",
}


@dataclass(slots=True)
class _Field:
    """One form field as seen across the screens it was on."""

    box: Box
    name: str = ""
    password: bool = False
    example: str | None = None


def infer_entities(
    states: Sequence[ScreenState], behaviour: Behaviour, responses: Sequence[ReadResponse] = ()
) -> list[Entity]:
    """Entities in the order they were first seen, with unique names; `responses` (one per state
    change) tell which list rows were ticked."""
    registry: list[_Field] = []
    forms: list[tuple[list[int], ScreenState]] = []
    editors = [
        states[c.after].elements[r.target].box
        for c, r in zip(behaviour.changes, responses, strict=False)
        if r.kind == "edit"
        and r.target is not None
        and states[c.after].elements[r.target].role in FIELD_ROLES
    ]
    for state in states:
        ids = [
            _register(registry, el)
            for el in state.elements
            if el.role in FIELD_ROLES and not any(el.box.iou(b) > 0.5 for b in editors)
        ]
        if len(ids) >= 2:
            forms.append((ids, state))
    for ev in behaviour.events:
        if ev.type == "type" and ev.text and ev.x is not None and ev.y is not None:
            for f in registry:
                if f.box.contains_point(ev.x, ev.y):
                    f.example = ev.text
                    if f.name == ev.text:  # first seen already typed into: no label known
                        f.name = ""
    found: list[Entity] = []
    seen: list[set[int]] = []
    for ids, state in sorted(forms, key=lambda f: -len(f[0])):
        if any(set(ids) <= s for s in seen):
            continue  # the same form on another screen it went through while being filled in
        seen.append(set(ids))
        entity = _form_entity([registry[i] for i in sorted(ids)], state)
        if entity is not None:
            found.append(entity)
    found.sort(key=lambda e: e.screen or "")
    ticked = any(r.kind == "clear" or (r.kind == "toggle" and r.texts) for r in responses)
    found.extend(_list_entities(states, behaviour, ticked))
    return _unique_names(found)


def _register(registry: list[_Field], el: DetectedElement) -> int:
    # the first time a field is seen it shows its placeholder (whatever the detector called it)
    name = (el.placeholder or el.text or "").strip()
    password = "passw" in name.casefold() or (bool(el.value) and set(el.value or "") <= _BULLETS)
    for i, f in enumerate(registry):
        if f.box.iou(el.box) > 0.7:
            f.name = f.name or name
            f.password = f.password or password
            return i
    registry.append(_Field(el.box, name, password))
    return len(registry) - 1


def _form_entity(fields: list[_Field], state: ScreenState) -> Entity | None:
    if not any(f.example for f in fields):
        return None  # never filled in: a toolbar's filter or a search bar, not data the app keeps
    columns = [
        EntityField(name=f.name, type=_guess_type(f.name, f.example), example=f.example)
        for f in fields
        if f.name and not f.password and _keepable(f.name)
    ]
    checks = [e for e in state.elements if e.role == "checkbox" and e.text and _keepable(e.text)]
    columns.extend(EntityField(name=e.text or "", type="boolean") for e in checks)
    if not columns:
        return None
    if len([c for c in columns if c.type != "boolean"]) <= 1 and any(f.password for f in fields):
        return None  # sign-in: email (or user name) + password
    return Entity(
        name=_entity_name(state), fields=_unique_fields(columns), screen=screen_id(state.index), source="form"
    )


def _list_entities(states: Sequence[ScreenState], behaviour: Behaviour, ticked: bool) -> list[Entity]:
    """Type + submit, after which the typed text shows outside any field: a list of such items."""
    out: list[Entity] = []
    events = behaviour.events
    for change in behaviour.changes:
        ev = events[change.event]
        if not (ev.type == "key" or single_click(ev)) or change.event == 0:
            continue
        typed = _last_typed(events[: change.event])
        if typed is None or not typed.text:
            continue
        before, after = states[change.before], states[change.after]
        entries = [e.box for e in after.elements if e.role in FIELD_ROLES]
        had = {(e.text or "").strip() for e in before.elements if e.role not in FIELD_ROLES}
        shown = [
            e
            for e in after.elements
            if e.role not in FIELD_ROLES
            and (e.text or "").strip() == typed.text
            and typed.text not in had
            and not any(b.intersection(e.box) > 0.5 * e.box.area for b in entries)
            # a new row, not the field's own value on the line it was typed on
            and not (typed.y is not None and abs(e.box.cy - typed.y) < max(e.box.h, 12))
        ]
        if not shown:
            continue
        rows_have_checks = any(
            e.role == "checkbox" and abs(e.box.cy - shown[0].box.cy) < shown[0].box.h for e in after.elements
        )
        fields = [EntityField(name="title", type="text", required=True, example=typed.text)]
        if rows_have_checks or ticked:
            fields.append(EntityField(name="done", type="boolean", required=True))
        out.append(
            Entity(
                name=_entity_name(after, plural=True),
                fields=fields,
                screen=screen_id(after.index),
                source="list",
            )
        )
        break
    return out


def _last_typed(events: Sequence[InferredEvent]) -> InferredEvent | None:
    for ev in reversed(events):
        if ev.type == "type":
            return ev
        if ev.type == "scroll" or single_click(ev):
            return None
    return None


def _keepable(name: str) -> bool:
    return 0 < len(name) <= 60


def _guess_type(name: str, example: str | None) -> FieldType:
    low = name.casefold()
    ex = (example or "").strip()
    if "mail" in low or _EMAIL.match(ex):
        return "email"
    if "date" in low or "birth" in low or _DATE.match(ex):
        return "date"
    if "url" in low or "website" in low or _URL.match(ex):
        return "url"
    if any(w in low for w in ("age", "amount", "price", "quantity", "number", "count")) or (
        ex and _NUMBER.match(ex)
    ):
        return "number"
    return "text"


def _entity_name(state: ScreenState, plural: bool = False) -> str:
    """From the screen's most prominent heading (or its first button), made singular."""
    headings = [e for e in state.elements if e.role == "heading" and e.text]
    source = max(headings, key=lambda e: e.box.h, default=None)
    if source is None:
        source = next((e for e in state.elements if e.role == "button" and e.text), None)
    words = (
        [w for w in re.findall(r"[A-Za-z]+", source.text or "") if w.casefold() not in _VERBS]
        if source
        else []
    )
    if not words:
        return "Item" if plural else "Record"
    word = words[-1]
    if word.casefold().endswith("s") and len(word) > 3:
        word = word[:-1]
    return str(word[:1].upper() + word[1:].lower())


def _unique_fields(fields: list[EntityField]) -> list[EntityField]:
    seen: set[str] = set()
    out: list[EntityField] = []
    for f in fields:
        key = f.name.casefold()
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out


def _unique_names(entities: list[Entity]) -> list[Entity]:
    seen: dict[str, int] = {}
    out: list[Entity] = []
    for e in entities:
        n = seen.get(e.name, 0)
        seen[e.name] = n + 1
        out.append(e if n == 0 else e.model_copy(update={"name": f"{e.name}{n + 1}"}))
    return out
