"""Prometheus metrics of one service instance, in a registry of its own (so apps never collide).

    metrics = Metrics(job_counts=lambda: {...}, queue_depth=executor.queue_depth)
    metrics.observe_request("GET", "/v1/jobs/{job_id}", 200, 0.004)
    body = metrics.render()           # GET /metrics

Series: `replicast_http_request_duration_seconds{method,route,status}` (histogram by route template),
`replicast_http_errors_total{route,status}` (4xx and 5xx), `replicast_jobs{state}` (from the database
at scrape time), `replicast_queue_depth`, `replicast_job_stage_duration_seconds{stage}`,
`replicast_job_duration_seconds{state}`, `replicast_cache_hits_total`, `replicast_cache_misses_total`,
`replicast_upload_bytes_total`, and the model requests of refining jobs run in this process
(`refine.metrics`: `replicast_model_*`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Mapping

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from replicast.db.jobs import JobState
from replicast.refine.metrics import RefineMetrics

log = logging.getLogger(__name__)

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
_LATENCY_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)
_STAGE_BUCKETS = (0.01, 0.05, 0.1, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 300.0, 900.0, 3600.0)


class _LiveGauges(Collector):
    """Values read when Prometheus scrapes: jobs by state and the queue depth."""

    def __init__(self, job_counts: Callable[[], Mapping[str, int]], queue_depth: Callable[[], int]) -> None:
        self._job_counts = job_counts
        self._queue_depth = queue_depth

    def describe(self) -> Iterator[Metric]:
        # names only: registering must not query the database
        yield GaugeMetricFamily("replicast_jobs", "Jobs by state", labels=["state"])
        yield GaugeMetricFamily("replicast_queue_depth", "Jobs waiting for a worker")

    def collect(self) -> Iterator[Metric]:
        jobs = GaugeMetricFamily("replicast_jobs", "Jobs by state", labels=["state"])
        try:
            counts = self._job_counts()
        except Exception:  # a scrape must not fail because the database is briefly unavailable
            log.warning("metrics: could not count jobs", exc_info=True)
            counts = {}
        for state in JobState:
            jobs.add_metric([state.value], float(counts.get(state.value, 0)))
        yield jobs
        yield GaugeMetricFamily(
            "replicast_queue_depth", "Jobs waiting for a worker", value=float(self._queue_depth())
        )


class Metrics:
    def __init__(
        self,
        job_counts: Callable[[], Mapping[str, int]] = dict,
        queue_depth: Callable[[], int] = int,
    ) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        r = self.registry
        self.latency = Histogram(
            "replicast_http_request_duration_seconds",
            "HTTP request latency by route template",
            ["method", "route", "status"],
            buckets=_LATENCY_BUCKETS,
            registry=r,
        )
        self.errors = Counter(
            "replicast_http_errors_total",
            "HTTP responses with status 400 or over",
            ["route", "status"],
            registry=r,
        )
        self.stage = Histogram(
            "replicast_job_stage_duration_seconds",
            "Time jobs spend per stage",
            ["stage"],
            buckets=_STAGE_BUCKETS,
            registry=r,
        )
        self.job = Histogram(
            "replicast_job_duration_seconds",
            "Job run time by outcome",
            ["state"],
            buckets=_STAGE_BUCKETS,
            registry=r,
        )
        self.cache_hits = Counter(
            "replicast_cache_hits_total", "Jobs answered from the result cache", registry=r
        )
        self.cache_misses = Counter("replicast_cache_misses_total", "Jobs that had to run", registry=r)
        self.upload_bytes = Counter("replicast_upload_bytes_total", "Video bytes received", registry=r)
        self.refine = RefineMetrics(r)  # model requests of jobs run in this process (`refine` option)
        r.register(_LiveGauges(job_counts, queue_depth))

    def observe_request(self, method: str, route: str, status: int, seconds: float) -> None:
        self.latency.labels(method, route, str(status)).observe(seconds)
        if status >= 400:
            self.errors.labels(route, str(status)).inc()

    # JobHooks, for the JobTracker
    def stage_finished(self, stage: str, seconds: float) -> None:
        if stage and stage != "starting":
            self.stage.labels(stage).observe(seconds)

    def job_finished(self, state: JobState, seconds: float) -> None:
        self.job.labels(state.value).observe(seconds)

    def render(self) -> bytes:
        return generate_latest(self.registry)
