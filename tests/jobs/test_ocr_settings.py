"""The OCR settings reach the engine: provider and int8 from Settings through the worker and the child."""

from __future__ import annotations

from pathlib import Path

import pytest

from replicast.errors import EngineError
from replicast.jobs.config import worker_config
from replicast.jobs.convert import ConvertOptions, convert
from replicast.jobs.run import ChildJob, convert_in_child
from replicast.media.limits import VideoLimits
from replicast.settings import Settings


def test_a_worker_takes_the_ocr_provider_and_int8_from_settings() -> None:
    plain = worker_config(Settings(_env_file=None))  # type: ignore[call-arg]
    assert (plain.ocr_provider, plain.ocr_int8, plain.ocr_int8_detector) == ("cpu", False, False)
    gpu = worker_config(Settings(ocr_provider="cuda", ocr_int8=True, ocr_int8_detector=True))  # type: ignore[call-arg]
    assert (gpu.ocr_provider, gpu.ocr_int8, gpu.ocr_int8_detector) == ("cuda", True, True)


def test_the_environment_picks_the_ocr_provider_and_int8(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REPLICAST_OCR_PROVIDER", "cuda")
    monkeypatch.setenv("REPLICAST_OCR_INT8", "true")
    monkeypatch.setenv("REPLICAST_OCR_INT8_DETECTOR", "true")
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    assert (settings.ocr_provider, settings.ocr_int8, settings.ocr_int8_detector) == ("cuda", True, True)


def test_the_child_passes_the_ocr_options_to_convert(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    seen: list[ConvertOptions] = []

    def fake_convert(opts: ConvertOptions, report: object) -> object:
        seen.append(opts)
        raise EngineError("stop here")

    monkeypatch.setattr("replicast.jobs.convert.convert", fake_convert)
    monkeypatch.setattr("replicast.media.probe.probe_video", lambda video, limits: None)
    job = ChildJob(tmp_path / "v.mp4", tmp_path / "out", VideoLimits(), 1, "cuda", True, True)
    with pytest.raises(EngineError, match="stop here"):
        convert_in_child(job, lambda p: None)
    opts = seen[0]
    assert (opts.ocr_provider, opts.ocr_int8, opts.ocr_int8_detector, opts.ocr_threads) == (
        "cuda",
        True,
        True,
        1,
    )


def test_convert_on_cuda_without_a_cuda_runtime_fails_clearly(
    tiny_video: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import onnxruntime

    monkeypatch.setattr(onnxruntime, "get_available_providers", lambda: ["CPUExecutionProvider"])
    with pytest.raises(EngineError, match="onnxruntime-gpu"):
        convert(ConvertOptions(video=tiny_video, out_dir=tmp_path / "out", ocr_provider="cuda"))
