"""What the model is shown: keyframes, then the icon and image crops the parser cut out, named."""

from __future__ import annotations

from pathlib import Path

from PIL import Image

from replicast.refine import PromptLimits, build_messages
from tests.codegen.specs import hostile_spec, sign_in_spec


def test_crops_follow_the_keyframes_each_named_and_only_from_inside_the_output(tmp_path: Path) -> None:
    spec = sign_in_spec()
    (tmp_path / "assets").mkdir()
    Image.new("RGB", (120, 40), (30, 60, 200)).save(tmp_path / "assets" / "logo.png")
    (_, user) = build_messages(tmp_path, spec, PromptLimits())
    parts = user["content"]
    named = [p["text"] for p in parts if p["type"] == "text" and p["text"].startswith("crop of ")]
    assert named == ["crop of logo (image), assets/logo.png:"]
    after = parts[parts.index({"type": "text", "text": named[0]}) + 1]
    assert after["type"] == "image_url" and after["image_url"]["url"].startswith("data:image/png;base64,")

    # an asset path pointing outside the output folder is never read
    (_, user) = build_messages(tmp_path, hostile_spec(), PromptLimits())
    assert not any(p["type"] == "text" and p["text"].startswith("crop of ") for p in user["content"])
    assert build_messages(tmp_path, spec, PromptLimits(max_crops=0))[1]["content"][-1]["type"] != "image_url"
