"""Settings: the only module that reads the environment (variables prefixed `REPLICAST_`).

settings = Settings()                 # REPLICAST_OCR_THREADS=2 replicast convert ...
REPLICAST_DATA_DIR=/srv/replicast REPLICAST_WORKERS=4 replicast serve

The service's settings (data_dir onwards) describe the embedded default: a SQLite database and a local
object store under `data_dir`, and a pool of `workers` child processes, each limited in memory, CPU
time, open files and wall-clock time.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="REPLICAST_", extra="ignore", frozen=True)

    ocr_provider: Literal["cpu", "cuda"] = Field("cpu", description="onnxruntime execution provider for OCR")
    ocr_threads: int | None = Field(None, ge=1, description="CPU threads for OCR (unset: all cores)")
    ocr_int8: bool = Field(
        False,
        description="recognise text with an int8-quantized copy of the recognition model, made once into "
        "~/.cache/replicast/models (needs the `int8` extra): faster, slightly less accurate "
        "(docs/adr/0002-int8-recognition.md)",
    )
    ocr_int8_detector: bool = Field(
        False,
        description="find text lines with an int8-quantized copy of the detection model, made once into "
        "~/.cache/replicast/models (needs the `int8` extra): parsing about a quarter faster where the CPU "
        "runs int8 natively (VNNI), lines parted a little differently (docs/adr/0002-int8-recognition.md)",
    )
    max_video_bytes: int = Field(2 * 1024**3, gt=0)
    max_video_seconds: float = Field(7200.0, gt=0)
    max_video_side: int = Field(4096, gt=0)
    max_video_fps: float = Field(120.0, gt=0)
    chromium_path: Path | None = Field(
        None, description="Chromium for the self-check (unset: /usr/bin/chromium, else chromium on PATH)"
    )

    # optional model refinement (`convert --refine`, job option `refine`, `replicast inference`)
    refine_base_url: str | None = Field(
        None,
        description="OpenAI-compatible chat-completions endpoint (…/v1): OpenAI, Gemini's "
        "https://generativelanguage.googleapis.com/v1beta/openai, vLLM, Ollama, llama.cpp, or a "
        "`replicast inference` service; unset: refinement is off",
    )
    refine_model: str | None = Field(None, description="model name sent with each request")
    refine_api_key: SecretStr | None = Field(
        None, repr=False, description="bearer key for REFINE_BASE_URL (never logged or stored)"
    )
    refine_timeout_s: float = Field(180.0, gt=0, description="how long one model request may take")
    refine_max_retries: int = Field(4, ge=0, description="retries of a request answered 429 or 5xx")
    refine_backoff_s: float = Field(1.0, gt=0, description="first retry delay; doubles per retry")
    refine_max_backoff_s: float = Field(
        30.0, gt=0, description="longest wait between retries (also caps a server's Retry-After)"
    )
    refine_max_concurrency: int = Field(4, ge=1, description="model requests in flight at once per process")
    refine_max_tokens: int = Field(16000, ge=256, description="most tokens the model may answer with")
    refine_max_images: int = Field(6, ge=0, description="keyframes sent with a request")
    refine_input_price: float = Field(
        0.0, ge=0, description="price of one million input tokens (for the cost in reports and metrics)"
    )
    refine_output_price: float = Field(0.0, ge=0, description="price of one million output tokens")
    refine_cache_dir: Path | None = Field(
        None,
        description="inference cache of `convert --refine` (unset: ~/.cache/replicast/inference); the "
        "service and workers keep it in their object store under inference/",
    )
    inference_host: str = Field("127.0.0.1", description="address `replicast inference` listens on")
    inference_port: int = Field(8100, ge=0, le=65535)
    inference_token: SecretStr | None = Field(
        None, repr=False, description="bearer token `replicast inference` requires (unset: none)"
    )

    # the service (`replicast serve`)
    host: str = Field("127.0.0.1", description="address `replicast serve` listens on")
    port: int = Field(8000, ge=0, le=65535)
    data_dir: Path = Field(Path("replicast-data"), description="home of the SQLite database and object store")
    database_url: str | None = Field(
        None, repr=False, description="SQLAlchemy URL (unset: SQLite at DATA_DIR/replicast.db)"
    )
    store_dir: Path | None = Field(None, description="local object store (unset: DATA_DIR/objects)")
    encryption_key: SecretStr | None = Field(
        None,
        repr=False,
        description="master key (32 bytes, base64) wrapping per-object AES-GCM keys for videos at rest",
    )
    workers: int = Field(2, ge=1, description="jobs run at once by the local pool")
    job_timeout_s: float = Field(1800.0, gt=0, description="wall-clock limit of one job")
    job_memory_mb: int = Field(4096, ge=256, description="address-space limit of a job's child process")
    job_cpu_s: int = Field(3600, ge=1, description="CPU-time limit of a job's child process")
    job_open_files: int = Field(256, ge=32, description="open-files limit of a job's child process")
    job_max_attempts: int = Field(
        3, ge=1, description="runs of a job interrupted by restarts before it fails"
    )
    job_quota: int = Field(500, ge=1, description="queued plus running jobs allowed per API key")
    max_batch_videos: int = Field(500, ge=1)
    rate_limit: str | None = Field(
        "600/minute", description="per-key request rate (`limits` notation); unset: no limit"
    )
    rate_limit_storage: str = Field(
        "memory://", repr=False, description="`limits` storage URI (redis://... across API replicas)"
    )
    rate_limit_fail_open: bool = Field(
        True,
        description="when the rate-limit store (Redis) does not answer: let requests through unlimited, "
        "with a warning in the log (true), or refuse them with 503 (false)",
    )
    rate_limit_timeout_s: float = Field(
        0.5, gt=0, description="how long a request waits for the rate-limit store (connect, then answer)"
    )
    sse_interval_s: float = Field(0.5, gt=0, description="how often a progress stream looks for changes")
    log_level: str = Field("INFO")

    # at scale (docs/deploy.md): PostgreSQL, Celery on RabbitMQ or Redis, an S3-compatible store
    database_pool_size: int = Field(10, ge=1, description="connections kept open per process (not SQLite)")
    database_max_overflow: int = Field(10, ge=0, description="extra connections a process may open at peaks")
    executor: Literal["local", "celery"] = Field(
        "local", description="where `replicast serve` runs jobs: its own pool, or Celery workers (broker)"
    )
    broker_url: str = Field(
        "amqp://guest:guest@127.0.0.1:5672//",
        repr=False,
        description="Celery broker: amqp://... (RabbitMQ) or redis://...",
    )
    broker_queue: str = Field("replicast", description="the broker queue jobs go through")
    broker_check_timeout_s: float = Field(
        2.0, gt=0, description="how long /readyz waits for the broker before it reports it down"
    )
    broker_redelivery_s: float = Field(
        7200.0,
        gt=0,
        description="when the broker hands an unacknowledged job to another worker: Redis's visibility "
        "timeout (set from this), RabbitMQ's consumer_timeout (set it in rabbitmq.conf to at least this)",
    )
    job_hard_limit_s: float | None = Field(
        None, gt=0, description="Celery's hard time limit per job (unset: JOB_TIMEOUT_S + 600)"
    )
    job_lease_s: float = Field(
        60.0, gt=0, description="a running job's lease: a worker silent this long loses the job to another"
    )
    job_retries: int = Field(5, ge=0, description="retries of a job the database or store failed (backoff)")
    job_retry_backoff_s: float = Field(2.0, gt=0, description="first retry delay; doubles up to 5 minutes")
    job_requeue_after_s: float = Field(
        900.0, gt=0, description="a queued job untouched this long is published again (a lost message)"
    )
    worker_concurrency: int = Field(1, ge=1, description="jobs one `replicast worker` runs at once")
    s3_bucket: str | None = Field(None, description="store objects in this S3 bucket (unset: local store)")
    s3_prefix: str = Field("", description="key prefix inside the bucket")
    s3_endpoint_url: str | None = Field(None, description="S3-compatible endpoint (unset: AWS)")
    s3_region: str | None = Field(None)
    s3_access_key_id: SecretStr | None = Field(None, repr=False, description="unset: boto3's own lookup")
    s3_secret_access_key: SecretStr | None = Field(None, repr=False)
    s3_multipart_threshold_mb: int = Field(64, ge=5, description="objects this big go up in parts")
    s3_part_size_mb: int = Field(16, ge=5, description="size of one part of a multipart upload")

    def resolved_database_url(self) -> str:
        """The database URL, defaulting to SQLite in `data_dir`."""
        return self.database_url or f"sqlite:///{self.data_dir / 'replicast.db'}"

    def resolved_store_dir(self) -> Path:
        return self.store_dir or self.data_dir / "objects"

    def resolved_hard_limit_s(self) -> float:
        """Celery's hard time limit: the sandbox's wall-clock limit plus room for a build and a check."""
        return self.job_hard_limit_s or self.job_timeout_s + 600.0
