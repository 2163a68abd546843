"""Settings: the only module that reads the environment (variables prefixed `REPLICAST_`).

settings = Settings()                 # REPLICAST_OCR_THREADS=2 replicast convert ...
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="REPLICAST_", extra="ignore", frozen=True)

    ocr_provider: Literal["cpu", "cuda"] = Field("cpu", description="onnxruntime execution provider for OCR")
    ocr_threads: int | None = Field(None, ge=1, description="CPU threads for OCR (unset: all cores)")
    max_video_bytes: int = Field(2 * 1024**3, gt=0)
    max_video_seconds: float = Field(7200.0, gt=0)
    max_video_side: int = Field(4096, gt=0)
    max_video_fps: float = Field(120.0, gt=0)
    chromium_path: Path | None = Field(
        None, description="Chromium for the self-check (unset: /usr/bin/chromium, else chromium on PATH)"
    )
