"""The AppSpec contract (`replicast.json`): pydantic models, JSON Schema export and validation.

from replicast.spec import AppSpec, write_spec
write_spec(spec, out_dir / "replicast.json")
"""

from replicast.spec.models import (
    SPEC_VERSION,
    AppSpec,
    Element,
    Entity,
    EntityField,
    Event,
    EventType,
    Response,
    Role,
    Screen,
    Style,
    TableLayout,
    Transition,
    VideoMeta,
    Viewport,
)
from replicast.spec.schema import json_schema, read_spec, validate_spec_dict, write_spec

__all__ = [
    "SPEC_VERSION",
    "AppSpec",
    "Element",
    "Entity",
    "EntityField",
    "Event",
    "EventType",
    "Response",
    "Role",
    "Screen",
    "Style",
    "TableLayout",
    "Transition",
    "VideoMeta",
    "Viewport",
    "json_schema",
    "read_spec",
    "validate_spec_dict",
    "write_spec",
]
