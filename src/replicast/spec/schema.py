"""JSON Schema export and validated reading/writing of `replicast.json`.

write_spec(spec, Path("out/replicast.json"))   # validates against the exported schema first
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

import jsonschema
from pydantic import ValidationError

from replicast.errors import SpecError
from replicast.spec.models import AppSpec


def json_schema() -> dict[str, Any]:
    """The JSON Schema of AppSpec as it is serialised (field aliases, e.g. `from`)."""
    schema = AppSpec.model_json_schema(by_alias=True, mode="serialization")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://replicast.dev/schema/replicast.json"
    return schema


@functools.cache
def _validator() -> jsonschema.protocols.Validator:
    """A validator of the schema, checked once (checking the schema itself costs more than a spec)."""
    schema = json_schema()
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def validate_spec_dict(data: Any) -> None:
    """Check a decoded replicast.json against the schema and the cross-references.

    Raises SpecError naming the first problem.
    """
    try:
        error = jsonschema.exceptions.best_match(_validator().iter_errors(data))
        if error is not None:
            raise error
    except jsonschema.ValidationError as ex:
        where = "/".join(str(p) for p in ex.absolute_path) or "(root)"
        raise SpecError(f"replicast.json at {where}: {ex.message}") from ex
    spec = AppSpec.model_validate(data)
    screen_ids = {s.id for s in spec.screens}
    element_ids = {e.id for s in spec.screens for e in s.elements}
    if len(screen_ids) != len(spec.screens):
        raise SpecError("replicast.json: duplicate screen ids")
    page_ids = {p.id for p in spec.pages}
    if len(page_ids) != len(spec.pages):
        raise SpecError("replicast.json: duplicate page ids")
    for screen in spec.screens:
        if screen.page is not None and screen.page not in page_ids:
            raise SpecError(f"replicast.json: screen {screen.id} is a view of unknown page {screen.page}")
    for page in spec.pages:
        if any(s not in screen_ids for s in page.screens):
            raise SpecError(f"replicast.json: page {page.id} names an unknown screen")
    for tr in spec.transitions:
        if tr.from_ not in screen_ids or tr.to not in screen_ids:
            raise SpecError(f"replicast.json: transition {tr.from_}->{tr.to} names an unknown screen")
        if tr.event is not None and tr.event >= len(spec.events):
            raise SpecError(f"replicast.json: transition names event {tr.event} of {len(spec.events)}")
    for ev in spec.events:
        if ev.target is not None and ev.target not in element_ids:
            raise SpecError(f"replicast.json: event at {ev.t:.2f}s targets unknown element {ev.target}")


def spec_to_dict(spec: AppSpec) -> dict[str, Any]:
    return spec.model_dump(mode="json", by_alias=True, exclude_none=True)


def write_spec(spec: AppSpec, path: Path) -> None:
    """Validate and write the spec as JSON. Raises SpecError when it does not validate."""
    data = spec_to_dict(spec)
    validate_spec_dict(data)
    path.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def read_spec(path: Path) -> AppSpec:
    """Read and validate a replicast.json. Raises SpecError."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as ex:
        raise SpecError(f"{path}: {ex}") from ex
    validate_spec_dict(data)
    try:
        return AppSpec.model_validate(data)
    except ValidationError as ex:
        raise SpecError(f"{path}: {ex}") from ex
