"""Prometheus metrics, in prometheus_client's process-global registry.

Counters and histograms move where things happen; the store's queue depths are read
when Prometheus scrapes (:func:`render`). Every metric is documented in the README
(tests assert deltas, since the registry outlives each test's app).

With several workers on one port (``MODERATO_WORKERS``) a scrape reaches one of them,
so the supervisor gives them prometheus_client's multiprocess directory
(``PROMETHEUS_MULTIPROC_DIR``, read when this module is imported): every worker writes
its values there, and :func:`render` adds them all up, whichever worker answers.
Gauges say how: queue depths are the database's (the latest read), backlogs and
memory are summed over the live workers.
"""

from __future__ import annotations

import os
import time
from typing import TYPE_CHECKING, Any, Literal, assert_never

import prometheus_client
from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, multiprocess
from prometheus_client.metrics import MetricWrapperBase

from service import __version__, refusals
from service.store.records import QUEUES

if TYPE_CHECKING:
    from service.pii import Scanner, ScanResult
    from service.store.records import PoolStats, QueueCounts

# The classic text format that generate_latest writes and every Prometheus reads
# (Litestar adds "; charset=utf-8" to text types itself).
CONTENT_TYPE = "text/plain; version=0.0.4"

# `_created` timestamps double the series count and nothing here reads them.
prometheus_client.disable_created_metrics()  # type: ignore[no-untyped-call]

_LATENCY = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)

HTTP_REQUESTS = Counter(
    "moderato_http_requests_total",
    "HTTP requests by method, route template and status code.",
    ["method", "route", "status"],
)
HTTP_DURATION = Histogram(
    "moderato_http_request_duration_seconds",
    "Time from receiving a request to sending the last byte of its response.",
    ["method", "route"],
    buckets=_LATENCY,
)
SUBMISSIONS = Counter(
    "moderato_submissions_total",
    "Comment submissions by outcome: published, pending, blocked, invalid, rate_limited, "
    "closed, unavailable, error.",
    ["outcome"],
)
FINDINGS = Counter(
    "moderato_findings_total",
    "Personal-information findings by type and action, from submissions or /v1/scan.",
    ["type", "action", "source"],
)
SCAN_DURATION = Histogram(
    "moderato_scan_duration_seconds",
    "Time to screen one text against the policies.",
    ["source"],
    buckets=(0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25),
)
RATE_LIMITED = Counter(
    "moderato_rate_limit_rejections_total",
    "Submissions refused by a per-client limit (article: per article per window; daily).",
    ["limit"],
)
COMMIT_DURATION = Histogram(
    "moderato_store_commit_duration_seconds",
    "Time to apply and durably commit one group-commit batch.",
    buckets=(0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5),
)
COMMIT_BATCH = Histogram(
    "moderato_store_commit_batch_size",
    "Writes committed together in one transaction (group commit).",
    buckets=(1, 2, 4, 8, 16, 32, 64, 128, 256),
)
WRITE_BACKLOG = Gauge(
    "moderato_store_write_backlog",
    "Writes accepted and not yet committed, at scrape time.",
    multiprocess_mode="livesum",
)
THREAD_CACHE = Gauge(
    "moderato_thread_cache_bytes",
    "Memory held by cached thread pages (MODERATO_THREAD_CACHE_BYTES bounds it), at scrape time.",
    multiprocess_mode="livesum",
)
QUEUE_DEPTH = Gauge(
    "moderato_queue_depth",
    "Comments in each moderation queue, at scrape time.",
    ["queue"],
    multiprocess_mode="mostrecent",
)
OLDEST_PENDING = Gauge(
    "moderato_oldest_pending_age_seconds",
    "Age of the oldest comment waiting in the pending queue (0 when it is empty).",
    multiprocess_mode="mostrecent",
)
DECISIONS = Counter("moderato_decisions_total", "Moderators' decisions by action.", ["action"])
PURGED = Counter(
    "moderato_retention_purged_total",
    "Rows purged by retention: comment_text, idempotency_key, report_fingerprint.",
    ["kind"],
)
POOL = Gauge(
    "moderato_store_pool_connections",
    "PostgreSQL: pooled database connections, busy or idle, at scrape time.",
    ["state"],
    multiprocess_mode="livesum",
)
FEED_EVENTS = Counter(
    "moderato_feed_events_total", "Change-feed events this process applied to its caches."
)
FEED_GAPS = Counter(
    "moderato_feed_gaps_total",
    "Times this process may have missed change-feed events and cleared its caches.",
)
# A gauge of 1 rather than an Info metric, which multiprocess mode cannot add up.
BUILD = Gauge(
    "moderato_build_info",
    "Always 1: the running version and the loaded policy set.",
    ["policy_version", "version"],
    multiprocess_mode="max",
)
# Set (by the supervisor of several workers) before this module was imported.
MULTIPROCESS = "PROMETHEUS_MULTIPROC_DIR" in os.environ

# -- requests ------------------------------------------------------------------------

_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
_children: dict[tuple[Any, ...], Any] = {}


def _child(metric: MetricWrapperBase, *values: str) -> Any:
    """``metric.labels(*values)``, remembered.

    ``labels`` takes a lock and builds tuples on every call, several microseconds on
    the path of every request; the label values here are few (routes, outcomes,
    policy types), so their children are kept.
    """
    key = (metric, *values)
    child = _children.get(key)
    if child is None:
        child = _children[key] = metric.labels(*values)
    return child


def record_request(method: str, route: str, status: int, seconds: float) -> None:
    # Methods come from clients: anything unusual shares one series.
    method = method if method in _METHODS else "OTHER"
    _child(HTTP_REQUESTS, method, route, str(status)).inc()
    _child(HTTP_DURATION, method, route).observe(seconds)


# -- screening and submissions --------------------------------------------------------


def observed_scan(scanner: Scanner, text: str, source: str) -> ScanResult:
    """``scanner.scan(text)``, timed, with its findings counted."""
    started = time.perf_counter()
    result = scanner.scan(text)
    _child(SCAN_DURATION, source).observe(time.perf_counter() - started)
    for finding in result.findings:
        _child(FINDINGS, finding.type, finding.action, source).inc()
    return result


# Submissions by outcome, as SUBMISSIONS counts them.
SubmissionOutcome = Literal[
    "published", "pending", "blocked", "invalid", "rate_limited", "closed", "unavailable", "error"
]


def count_submission(outcome: SubmissionOutcome) -> None:
    _child(SUBMISSIONS, outcome).inc()


def submission_outcome(reason: refusals.Reason) -> SubmissionOutcome:
    """What a submission refused for ``reason`` counts as."""
    match reason:
        case refusals.PolicyBlocked():
            return "blocked"
        case refusals.Invalid() | refusals.TooLarge() | refusals.IdempotencyKeyReused():
            return "invalid"
        case refusals.RateLimited():
            return "rate_limited"
        case refusals.ArticleClosed():
            return "closed"
        case refusals.NotReady() | refusals.ArticleSettingsChanging():
            return "unavailable"
        case (
            refusals.CommentNotFound()
            | refusals.TokenRefused()
            | refusals.Unauthenticated()
            | refusals.RoleTooLow()
            | refusals.KeyNotFound()
            | refusals.KeyNameTaken()
            | refusals.StaleVersion()
            | refusals.NotDecidable()
            | refusals.NotUndoable()
            | refusals.TextPurged()
            | refusals.ClaimedByOther()
        ):
            return "error"  # not what a submission is refused for
        case _:
            assert_never(reason)


# -- the store ------------------------------------------------------------------------


def observe_commit(batch_size: int, seconds: float) -> None:
    """The writer's ``observe`` hook, called on its thread after every committed batch."""
    COMMIT_BATCH.observe(batch_size)
    COMMIT_DURATION.observe(seconds)


def render(
    queues: QueueCounts | None,
    backlog: int,
    cache_bytes: int,
    policy_version: str | None,
    pool: PoolStats | None = None,
) -> bytes:
    """The exposition text, with the scrape-time gauges brought up to date first.

    ``queues`` is None when the store cannot be read; the gauges then keep their last
    values rather than dropping to a misleading zero.
    """
    if queues is not None:
        for queue in QUEUES:
            QUEUE_DEPTH.labels(queue).set(getattr(queues, queue))
        OLDEST_PENDING.set(queues.oldest_pending_age() or 0)
    WRITE_BACKLOG.set(backlog)
    THREAD_CACHE.set(cache_bytes)
    if pool is not None:
        POOL.labels("busy").set(pool.size - pool.idle)
        POOL.labels("idle").set(pool.idle)
    BUILD.labels(policy_version or "", __version__).set(1)
    if not MULTIPROCESS:
        return prometheus_client.generate_latest()
    every_worker = CollectorRegistry()
    multiprocess.MultiProcessCollector(every_worker)  # type: ignore[no-untyped-call]
    return prometheus_client.generate_latest(every_worker)


def forget_this_process() -> None:
    """A worker that stops takes its live gauges with it (multiprocess mode)."""
    if MULTIPROCESS:
        multiprocess.mark_process_dead(os.getpid())  # type: ignore[no-untyped-call]
