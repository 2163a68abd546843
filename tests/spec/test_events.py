"""The events contract of replicast.json: a double click is a click pressed twice (`count` 2)."""

from __future__ import annotations

import pytest

from replicast.errors import SpecError
from replicast.spec.models import AppSpec, Event, VideoMeta
from replicast.spec.schema import spec_to_dict, validate_spec_dict

VIDEO = VideoMeta(width=640, height=360, fps=30, duration=4.0)


def test_a_click_is_written_with_count_1_and_a_double_click_with_count_2() -> None:
    spec = AppSpec(
        video=VIDEO, events=[Event(t=1.0, type="click", x=10, y=20), Event(t=2.0, type="click", count=2)]
    )
    written = spec_to_dict(spec)["events"]
    assert [(e["type"], e["count"]) for e in written] == [("click", 1), ("click", 2)]
    assert AppSpec.model_validate(spec_to_dict(spec)) == spec


def test_an_event_without_a_count_reads_as_pressed_once() -> None:
    data = spec_to_dict(AppSpec(video=VIDEO))
    data["events"] = [{"t": 1.0, "type": "click", "x": 10, "y": 20}]
    validate_spec_dict(data)
    assert AppSpec.model_validate(data).events[0].count == 1


@pytest.mark.parametrize(
    "event",
    [{"t": 1.0, "type": "dblclick"}, {"t": 1.0, "type": "click", "count": 0}],
    ids=["dblclick", "count 0"],
)
def test_a_dblclick_type_or_a_count_below_1_is_no_event(event: dict[str, object]) -> None:
    data = spec_to_dict(AppSpec(video=VIDEO))
    data["events"] = [event]
    with pytest.raises(SpecError):
        validate_spec_dict(data)
