"""Prometheus metrics: requests, latency, errors, read-model position and lag."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram

REGISTRY = CollectorRegistry()
REQUESTS = Counter(
    "khuyencong_http_requests_total", "HTTP requests", ["path", "status"], registry=REGISTRY
)
LATENCY = Histogram(
    "khuyencong_http_request_seconds",
    "HTTP request latency",
    ["path"],
    registry=REGISTRY,
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5),
)
GRAPHQL_ERRORS = Counter(
    "khuyencong_graphql_errors_total", "GraphQL errors by code", ["code"], registry=REGISTRY
)
EVENTS_POSITION = Gauge("khuyencong_events_position", "Last stored event", registry=REGISTRY)
READ_MODEL_POSITION = Gauge(
    "khuyencong_read_model_position", "Last event applied to views", registry=REGISTRY
)
READ_MODEL_LAG = Gauge(
    "khuyencong_read_model_lag_events", "Events not yet applied", registry=REGISTRY
)
PUBLIC_ANSWERS = Counter(
    "khuyencong_public_answers_total",
    "Anonymous dashboard queries: answered from the kept answer of the current position (hit), "
    "or executed (miss)",
    ["result"],
    registry=REGISTRY,
)
KEPT_ANSWERS = Counter(
    "khuyencong_kept_answers_total",
    "Signed-in queries by role (kind): answered from the answer kept for the caller's scope at the "
    "current position (hit), executed (miss), or an older kept answer dropped for room (eviction)",
    ["kind", "result"],
    registry=REGISTRY,
)
KEPT_ANSWERS_BYTES = Gauge(
    "khuyencong_kept_answers_bytes", "Bytes held by the kept signed-in answers", registry=REGISTRY
)
REPLICA_LAG_BYTES = Gauge(
    "khuyencong_replica_lag_bytes",
    "WAL written on the primary and not yet replayed on the replica the API reads",
    registry=REGISTRY,
)
REPLICA_LAG_SECONDS = Gauge(
    "khuyencong_replica_lag_seconds",
    "Seconds since the replica's last replayed transaction, while it has WAL to replay",
    registry=REGISTRY,
)
