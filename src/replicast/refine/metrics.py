"""Prometheus series of model requests, registered in a given registry (the service's, or the
inference service's own).

    metrics = RefineMetrics(registry)
    client = ChatClient(config, cache, observer=metrics)

Series: `replicast_model_request_duration_seconds{outcome}` (ok, cached, error),
`replicast_model_tokens_total{kind}` (input, output), `replicast_model_cost_total`,
`replicast_model_cache_hits_total`, `replicast_model_requests_total{outcome}`.
Needs prometheus-client (the `service` extra).
"""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Histogram

_BUCKETS = (0.01, 0.1, 0.5, 1.0, 2.5, 5.0, 10.0, 20.0, 30.0, 60.0, 120.0, 300.0)


class RefineMetrics:
    """An `Observer` for `ChatClient` that counts into Prometheus series."""

    def __init__(self, registry: CollectorRegistry) -> None:
        self.latency = Histogram(
            "replicast_model_request_duration_seconds",
            "Model request latency (retries included) by outcome",
            ["outcome"],
            buckets=_BUCKETS,
            registry=registry,
        )
        self.requests = Counter(
            "replicast_model_requests_total", "Model requests by outcome", ["outcome"], registry=registry
        )
        self.tokens = Counter(
            "replicast_model_tokens_total", "Model tokens by kind", ["kind"], registry=registry
        )
        self.cost = Counter(
            "replicast_model_cost_total", "Model cost at the configured prices", registry=registry
        )
        self.cache_hits = Counter(
            "replicast_model_cache_hits_total", "Model requests answered from the cache", registry=registry
        )

    def observe(
        self, *, outcome: str, latency_s: float, input_tokens: int, output_tokens: int, cost: float
    ) -> None:
        self.requests.labels(outcome).inc()
        self.latency.labels(outcome).observe(latency_s)
        if outcome == "cached":
            self.cache_hits.inc()
        self.tokens.labels("input").inc(input_tokens)
        self.tokens.labels("output").inc(output_tokens)
        self.cost.inc(cost)
