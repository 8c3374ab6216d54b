#!/usr/bin/env python3
"""Real Prometheus (Debian's 2.42) loaded with deterministic SuperSONIC data.

``Dataset`` generates, from a seed, 30 minutes of samples every 15 s ending
at the fixed evaluation time ``T`` (``EVAL_TIME``):

* Tempo service-graph series: ``traces_service_graph_request_total``,
  ``…_failed_total``, ``…_server_seconds_{bucket,sum,count}`` and
  ``…_client_seconds_*`` with Tempo's default buckets, for the edges
  Envoy pod → Triton pod (no ``connection_type`` label) and ``user`` →
  Triton pod (``connection_type="virtual_node"``), split over two
  ``__metrics_gen_instance`` values so only ``sum by (client, server)`` is right;
* ``traces_spanmetrics_calls_total`` for Triton's ``InferRequest`` and
  Envoy's ``ingress``;
* Triton ``nv_inference_*`` counters and ``nv_gpu_*`` gauges, Envoy
  ``envoy_http_downstream_rq_time_{sum,count}`` (``ingress_grpc``), all with
  ``pod``, ``release``, ``app``, ``namespace`` labels as SuperSONIC scrapes them.

``Dataset.expected()`` computes the numbers a client must find at ``T``
independently of sonicmap: Prometheus 2.42's extrapolated ``rate`` and
``histogram_quantile`` re-implemented here over the very samples written.

``PrometheusStack(workdir).start()`` writes the OpenMetrics file, backfills
all but the last minute with ``promtool tsdb create-blocks-from openmetrics``,
starts ``prometheus`` on an ephemeral loopback port (remote-write receiver and
exemplar storage on, retention 10y), then remote-writes the last minute with
exemplars (backfill drops exemplars). ``remote_write()`` pushes any series,
snappy-compressed by a literal-only encoder (valid snappy, no dependency).

CLI (for the Swift tests)::

    python3 prometheus_stack.py --workdir DIR --port-file P --expected-file E.json \\
        [--exemplar-traces-file X.json]

writes the port, the expected numbers (with ``evaluation_time``) and the
OTLP/JSON traces behind the exemplars (load them into the Tempo stand-in with
``--load-otlp-json``), then serves until SIGTERM or until its parent exits.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import shutil
import subprocess
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path

import httpc
import lifecycle
import pbwire

EVAL_TIME = 1_789_999_980          # T, unix seconds (2026-09-22T14:53:00Z)
STEP = 15
DURATION = 1800
TAIL = 60                          # the last minute goes in by remote write, with exemplars
TEMPO_BUCKETS = [0.1, 0.2, 0.4, 0.8, 1.6, 3.2, 6.4, 12.8, math.inf]
SAMPLING = 0.01                    # Envoy's tracing sampling rate in the data
GENERATORS = ["tempo-metrics-generator-0", "tempo-metrics-generator-1"]
COMMON = {"release": "supersonic", "app": "supersonic", "namespace": "cms"}
MODEL = "deeptau_2018v2p5"
ENVOYS = ["supersonic-envoy-58b98b5568-9ww7h", "supersonic-envoy-58b98b5568-k2x7p"]


@dataclass(frozen=True)
class PodProfile:
    """How one Triton pod behaves in the data."""
    latency_s: float       # median server-span latency
    spread: float          # lognormal sigma
    fail: float            # failure probability
    queue_ms: float
    gpu: float             # mean GPU utilisation
    sampled_rate: float    # sampled requests/s from each Envoy


TRITONS = {
    "supersonic-triton-74c49fcf8-rxzpm": PodProfile(0.004, 0.3, 0.0, 1.5, 0.38, 0.8),
    "supersonic-triton-74c49fcf8-945cg": PodProfile(0.020, 0.5, 0.005, 4.0, 0.45, 0.8),
    "supersonic-triton-74c49fcf8-b658d": PodProfile(0.180, 0.9, 0.07, 120.0, 0.92, 0.6),
}
USER_RATES = {"supersonic-triton-74c49fcf8-945cg": 0.05}   # Triton roots without an Envoy parent


def fmt_labels(labels: dict[str, str]) -> str:
    return ",".join(f'{k}="{v}"' for k, v in sorted(labels.items()))


def le_text(bound: float) -> str:
    return "+Inf" if math.isinf(bound) else repr(bound)


@dataclass
class Series:
    """One time series: metric name, labels, samples (unix s, value), exemplars."""
    name: str
    labels: dict[str, str]
    samples: list[tuple[int, float]] = field(default_factory=list)
    exemplars: list[tuple[int, float, str]] = field(default_factory=list)   # (ts, value, trace id hex)

    def matches(self, name: str, **labels: str) -> bool:
        return self.name == name and all(self.labels.get(k) == v for k, v in labels.items())


# ---- Prometheus 2.42 algorithms -------------------------------------------------------


def extrapolated_rate(samples: list[tuple[int, float]], at: int, window: int) -> float | None:
    """``rate(x[window])`` at ``at`` as Prometheus 2.42 computes it (closed range)."""
    start, end = at - window, at
    points = [(t, v) for t, v in samples if start <= t <= end]
    if len(points) < 2:
        return None
    result = points[-1][1] - points[0][1]
    last = 0.0
    for _, v in points:
        if v < last:
            result += last
        last = v
    to_start = float(points[0][0] - start)
    to_end = float(end - points[-1][0])
    sampled = float(points[-1][0] - points[0][0])
    average = sampled / (len(points) - 1)
    if result > 0 and points[0][1] >= 0:
        to_zero = sampled * (points[0][1] / result)
        to_start = min(to_start, to_zero)
    threshold = average * 1.1
    interval = sampled
    interval += to_start if to_start < threshold else average / 2
    interval += to_end if to_end < threshold else average / 2
    return result * (interval / sampled) / window


def bucket_quantile(q: float, buckets: list[tuple[float, float]]) -> float:
    """``histogram_quantile`` over (upper bound, cumulative count) pairs."""
    buckets = sorted(buckets)
    if not buckets or not math.isinf(buckets[-1][0]):
        return math.nan
    merged: list[list[float]] = []
    for bound, count in buckets:          # coalesce equal bounds
        if merged and merged[-1][0] == bound:
            merged[-1][1] += count
        else:
            merged.append([bound, count])
    for i in range(1, len(merged)):       # ensure monotonic
        merged[i][1] = max(merged[i][1], merged[i - 1][1])
    if len(merged) < 2 or merged[-1][1] == 0:
        return math.nan
    rank = q * merged[-1][1]
    b = next((i for i in range(len(merged) - 1) if merged[i][1] >= rank), len(merged) - 1)
    if b == len(merged) - 1:
        return merged[-2][0]
    if b == 0 and merged[0][0] <= 0:
        return merged[0][0]
    start, end, count = 0.0, merged[b][0], merged[b][1]
    if b > 0:
        start = merged[b - 1][0]
        count -= merged[b - 1][1]
        rank -= merged[b - 1][1]
    return start + (end - start) * (rank / count)


# ---- data generation -------------------------------------------------------------------


class _Histogram:
    """Cumulative Tempo histogram state for one series set."""

    def __init__(self):
        self.counts = [0] * len(TEMPO_BUCKETS)
        self.sum = 0.0

    def observe(self, seconds: float) -> None:
        self.sum += seconds
        for i, bound in enumerate(TEMPO_BUCKETS):
            if seconds <= bound:
                self.counts[i] += 1


class Dataset:
    """Deterministic SuperSONIC-shaped series and their expected query results."""

    def __init__(self, end: int = EVAL_TIME, duration: int = DURATION, step: int = STEP, seed: int = 7):
        self.end, self.step = end, step
        self.timestamps = list(range(end - duration, end + 1, step))
        self.rng = random.Random(seed)
        self.series: dict[tuple, Series] = {}
        self.traces: list[dict] = []
        self._histograms: dict[tuple, _Histogram] = {}
        self._counters: dict[tuple, float] = {}
        for ts in self.timestamps:
            self._generate_step(ts)

    # -- series bookkeeping
    def _series(self, name: str, labels: dict[str, str]) -> Series:
        key = (name, tuple(sorted(labels.items())))
        if key not in self.series:
            self.series[key] = Series(name, dict(labels))
        return self.series[key]

    def _counter(self, ts: int, name: str, labels: dict[str, str], increment: float) -> None:
        key = (name, tuple(sorted(labels.items())))
        self._counters[key] = self._counters.get(key, 0.0) + increment
        self._gauge(ts, name, labels, self._counters[key])

    def _gauge(self, ts: int, name: str, labels: dict[str, str], value: float) -> None:
        samples = self._series(name, labels).samples
        assert not samples or samples[-1][0] < ts, f"{name}{labels}: two samples at {ts}"
        samples.append((ts, value))

    def _write_histogram(self, ts: int, name: str, labels: dict[str, str], hist: _Histogram) -> None:
        for bound, count in zip(TEMPO_BUCKETS, hist.counts):
            self._gauge(ts, f"{name}_bucket", {**labels, "le": le_text(bound)}, float(count))
        self._gauge(ts, f"{name}_sum", labels, hist.sum)
        self._gauge(ts, f"{name}_count", labels, float(hist.counts[-1]))

    # -- one 15 s step
    def _poisson(self, lam: float) -> int:
        if lam > 50:
            return max(0, round(self.rng.gauss(lam, math.sqrt(lam))))
        limit, k, p = math.exp(-lam), 0, 1.0
        while True:
            p *= self.rng.random()
            if p <= limit:
                return k
            k += 1

    def _generate_step(self, ts: int) -> None:
        envoy_requests = {envoy: 0 for envoy in ENVOYS}
        envoy_ms = {envoy: 0.0 for envoy in ENVOYS}
        envoy_sampled = {envoy: 0 for envoy in ENVOYS}
        for pod, profile in TRITONS.items():
            true_total = 0
            for envoy in ENVOYS:
                true_n = self._poisson(profile.sampled_rate / SAMPLING * self.step)
                true_total += true_n
                envoy_requests[envoy] += true_n
                envoy_ms[envoy] += true_n * _mean_ms(profile) * self.rng.uniform(0.9, 1.1)
                sampled = self._poisson(true_n * SAMPLING)
                envoy_sampled[envoy] += sampled
                self._edge_step(ts, envoy, pod, profile, sampled, None)
            user_n = self._poisson(USER_RATES.get(pod, 0.0) * self.step)
            if pod in USER_RATES:
                self._edge_step(ts, "user", pod, profile, user_n, "virtual_node")
            self._triton_step(ts, pod, profile, true_total + user_n)
        for envoy in ENVOYS:
            self._envoy_step(ts, envoy, envoy_requests[envoy], envoy_ms[envoy], envoy_sampled[envoy])

    def _edge_step(self, ts: int, client: str, server: str, profile: PodProfile, n: int,
                   connection_type: str | None) -> None:
        base = {"client": client, "server": server}
        if connection_type:
            base["connection_type"] = connection_type
        per_generator = {g: [0, 0] for g in GENERATORS}
        last_seen = None
        for _ in range(n):
            generator = self.rng.choice(GENERATORS)
            server_s = self.rng.lognormvariate(math.log(profile.latency_s), profile.spread)
            client_s = server_s + self.rng.uniform(0.0005, 0.003)
            failed = self.rng.random() < profile.fail
            per_generator[generator][0] += 1
            per_generator[generator][1] += failed
            labels = {**base, "__metrics_gen_instance": generator}
            self._hist(labels, "server").observe(server_s)
            self._hist(labels, "client").observe(client_s)
            if generator == GENERATORS[0]:
                last_seen = (labels, server_s, client_s)
        if last_seen and connection_type is None and ts > self.end - TAIL:
            self._add_exemplar(ts, *last_seen)
        for generator, (total, failed) in per_generator.items():
            labels = {**base, "__metrics_gen_instance": generator}
            self._counter(ts, "traces_service_graph_request_total", labels, total)
            if profile.fail > 0:
                self._counter(ts, "traces_service_graph_request_failed_total", labels, failed)
            for side in ("server", "client"):
                self._write_histogram(ts, f"traces_service_graph_request_{side}_seconds", labels,
                                      self._hist(labels, side))

    def _hist(self, labels: dict[str, str], side: str) -> _Histogram:
        key = (side, tuple(sorted(labels.items())))
        return self._histograms.setdefault(key, _Histogram())

    def _add_exemplar(self, ts: int, labels: dict[str, str], server_s: float, client_s: float) -> None:
        trace_id = self.rng.randbytes(16)
        if len(self.traces) % 3 == 0:
            trace_id = bytes(1) + trace_id[1:]          # a leading zero byte, trimmed in labels
        bound = next(b for b in TEMPO_BUCKETS if server_s <= b)
        series = self._series("traces_service_graph_request_server_seconds_bucket", {**labels, "le": le_text(bound)})
        series.exemplars.append((ts, server_s, trace_id.hex().lstrip("0")))
        self.traces.append(_exemplar_trace(self.rng, trace_id, labels["client"], labels["server"],
                                           ts, server_s, client_s))

    def _envoy_step(self, ts: int, envoy: str, requests: int, total_ms: float, sampled: int) -> None:
        labels = {"envoy_http_conn_manager_prefix": "ingress_grpc", "pod": envoy, **COMMON}
        self._counter(ts, "envoy_http_downstream_rq_time_count", labels, requests)
        self._counter(ts, "envoy_http_downstream_rq_time_sum", labels, round(total_ms))
        # Every request answered 200 and sent on to Triton: Envoy rejected none.
        self._counter(ts, "envoy_http_downstream_rq_xx", {**labels, "envoy_response_code_class": "2"}, requests)
        self._counter(ts, "envoy_cluster_upstream_rq_total", {"envoy_cluster_name": "triton_grpc_service", "pod": envoy, **COMMON}, requests)
        spans = {"service": envoy, "span_name": "ingress", "span_kind": "SPAN_KIND_CLIENT",
                 "status_code": "STATUS_CODE_UNSET"}
        self._counter(ts, "traces_spanmetrics_calls_total", spans, sampled)

    def _triton_step(self, ts: int, pod: str, profile: PodProfile, n: int) -> None:
        labels = {"pod": pod, "model": MODEL, "version": "1", **COMMON}
        executions = math.ceil(n * 0.8)                  # dynamic batching
        self._counter(ts, "nv_inference_count", labels, n)
        self._counter(ts, "nv_inference_exec_count", labels, executions)
        infer_ms = max(0.5, profile.latency_s * 1000 - profile.queue_ms)
        for phase, mean_ms in (("queue", profile.queue_ms), ("compute_input", 0.05),
                               ("compute_infer", infer_ms), ("compute_output", 0.03)):
            self._counter(ts, f"nv_inference_{phase}_duration_us", labels,
                          round(executions * mean_ms * 1000 * self.rng.uniform(0.8, 1.2)))
        spans = {"service": pod, "span_name": "InferRequest", "span_kind": "SPAN_KIND_SERVER",
                 "status_code": "STATUS_CODE_UNSET"}
        self._counter(ts, "traces_spanmetrics_calls_total", spans, n)
        gpu = {"pod": pod, "gpu_uuid": f"GPU-{pod[-5:]}", **COMMON}
        self._gauge(ts, "nv_gpu_utilization", gpu, round(min(1.0, profile.gpu * self.rng.uniform(0.9, 1.1)), 4))
        self._gauge(ts, "nv_gpu_memory_used_bytes", gpu, float(round(16e9 * profile.gpu * 0.5)))
        self._gauge(ts, "nv_gpu_memory_total_bytes", gpu, 16945512448.0)

    # -- output
    def openmetrics(self, until: int) -> str:
        """OpenMetrics text of all samples at or before ``until`` (unix s)."""
        lines = []
        by_family: dict[str, list[Series]] = {}
        for series in self.series.values():
            by_family.setdefault(_family(series.name), []).append(series)
        for family, members in by_family.items():
            lines.append(f"# TYPE {family} {_family_type(family)}")
            for series in members:
                label_text = fmt_labels(series.labels)
                lines += [f"{series.name}{{{label_text}}} {value!r} {ts}" for ts, value in series.samples if ts <= until]
        lines.append("# EOF")
        return "\n".join(lines) + "\n"

    def tail_write_request(self, after: int) -> bytes:
        """prompb.WriteRequest of every sample (and exemplar) after ``after``."""
        return write_request([(s, [(t, v) for t, v in s.samples if t > after],
                               [e for e in s.exemplars if e[0] > after]) for s in self.series.values()])

    def otlp_traces(self) -> dict:
        """OTLP/JSON (Collector form) of the traces behind the exemplars."""
        return {"resourceSpans": [rs for trace in self.traces for rs in trace]}

    # -- expectations
    def find(self, name: str, **labels: str) -> list[Series]:
        return [s for s in self.series.values() if s.matches(name, **labels)]

    def rate(self, name: str, window: int, at: int | None = None, **labels: str) -> float:
        """``sum(rate(name{labels}[window]))`` at ``at`` (default T)."""
        rates = [extrapolated_rate(s.samples, at or self.end, window) for s in self.find(name, **labels)]
        return sum(r for r in rates if r is not None)

    def quantile(self, q: float, side: str, window: int, **labels: str) -> float:
        """``histogram_quantile(q, sum by (le) (rate(..._{side}_seconds_bucket{labels}[window])))``."""
        per_le: dict[float, float] = {}
        for series in self.find(f"traces_service_graph_request_{side}_seconds_bucket", **labels):
            rate = extrapolated_rate(series.samples, self.end, window)
            if rate is not None:
                bound = float(series.labels["le"])
                per_le[bound] = per_le.get(bound, 0.0) + rate
        return bucket_quantile(q, list(per_le.items()))

    def last(self, name: str, **labels: str) -> float:
        [series] = self.find(name, **labels)
        return next(v for t, v in reversed(series.samples) if t <= self.end)

    def edges(self) -> list[tuple[str, str, str | None]]:
        found = {(s.labels["client"], s.labels["server"], s.labels.get("connection_type"))
                 for s in self.find("traces_service_graph_request_total")}
        return sorted(found, key=lambda e: (e[0], e[1]))

    def expected(self, window: int = 300) -> dict:
        """What a client must read at T, computed from the samples written."""
        edges = []
        for client, server, connection_type in self.edges():
            sel = {"client": client, "server": server}
            total = self.rate("traces_service_graph_request_total", window, **sel)
            failed = self.rate("traces_service_graph_request_failed_total", window, **sel)
            server_sum = self.rate("traces_service_graph_request_server_seconds_sum", window, **sel)
            edge = {"client": client, "server": server, "connection_type": connection_type,
                    "rate": total, "failed_rate": failed, "failed_ratio": failed / total if total else None,
                    "server_avg_ms": server_sum / total * 1000 if total else None}
            for side in ("server", "client"):
                for q in (0.5, 0.9, 0.95, 0.99):
                    edge[f"{side}_p{round(q * 100)}"] = _finite(self.quantile(q, side, window, **sel))
            edges.append(edge)
        return {"evaluation_time": self.end, "window_seconds": window, "sampling": SAMPLING,
                "edges": edges, "tritons": self._expected_tritons(window), "envoys": self._expected_envoys(window)}

    def _expected_tritons(self, window: int) -> dict:
        out = {}
        for pod in TRITONS:
            exec_rate = self.rate("nv_inference_exec_count", window, pod=pod)
            phases = {f"{phase}_ms": self.rate(f"nv_inference_{phase}_duration_us", window, pod=pod) / (exec_rate * 1000)
                      for phase in ("queue", "compute_input", "compute_infer", "compute_output")}
            gpu = {"gpu_utilization": self.last("nv_gpu_utilization", pod=pod),
                   "gpu_memory_ratio": self.last("nv_gpu_memory_used_bytes", pod=pod)
                   / self.last("nv_gpu_memory_total_bytes", pod=pod)}
            out[pod] = {"inferences_per_s": self.rate("nv_inference_count", window, pod=pod),
                        "span_calls_per_s": self.rate("traces_spanmetrics_calls_total", window, service=pod),
                        **phases, **gpu}
        return out

    def _expected_envoys(self, window: int) -> dict:
        out = {}
        for envoy in ENVOYS:
            count = self.rate("envoy_http_downstream_rq_time_count", window, pod=envoy)
            out[envoy] = {"requests_per_s": count,
                          "avg_ms": self.rate("envoy_http_downstream_rq_time_sum", window, pod=envoy) / count,
                          "sampled_span_calls_per_s": self.rate("traces_spanmetrics_calls_total", window, service=envoy)}
        return out


def _mean_ms(profile: PodProfile) -> float:
    """Mean request time at the proxy: the lognormal mean plus 1 ms of proxying."""
    return profile.latency_s * 1000 * math.exp(profile.spread ** 2 / 2) + 1.0


def _finite(value: float) -> float | None:
    return None if math.isnan(value) else value


def _family(name: str) -> str:
    for suffix in ("_bucket", "_sum", "_count"):
        if name.startswith("traces_service_graph_request_") and name.endswith(suffix) and "_seconds" in name:
            return name[: -len(suffix)]
    if name.endswith("_total"):
        return name[: -len("_total")]
    return name


def _family_type(family: str) -> str:
    if family.endswith("_seconds"):
        return "histogram"
    if family.startswith(("traces_service_graph_request", "traces_spanmetrics_calls")):
        return "counter"
    return "gauge" if family.startswith("nv_gpu_") else "unknown"


def _exemplar_trace(rng: random.Random, trace_id: bytes, client: str, server: str, ts: int,
                    server_s: float, client_s: float) -> list[dict]:
    """Envoy ingress + Triton InferRequest/model/compute spans for one exemplar."""
    end_ns = ts * 1_000_000_000
    ingress_id, infer_id, model_id, compute_id = (rng.randbytes(8).hex() for _ in range(4))
    ingress_start, infer_start = end_ns - int(client_s * 1e9), end_ns - int(server_s * 1e9) - 200_000

    def span(span_id, parent, name, start, end, kind, attributes=()):
        return {"traceId": trace_id.hex(), "spanId": span_id, "parentSpanId": parent, "name": name, "kind": kind,
                "startTimeUnixNano": str(start), "endTimeUnixNano": str(end),
                "attributes": [{"key": k, "value": v} for k, v in attributes], "status": {}}

    def resource(service, spans, scope):
        return {"resource": {"attributes": [{"key": "service.name", "value": {"stringValue": service}}]},
                "scopeSpans": [{"scope": {"name": scope}, "spans": spans}]}

    envoy = span(ingress_id, "", "ingress", ingress_start, end_ns, 2,
                 [("http.status_code", {"stringValue": "200"}), ("grpc.status_code", {"stringValue": "0"}),
                  ("upstream_cluster", {"stringValue": "triton_grpc"})])
    triton = [span(infer_id, ingress_id, "InferRequest", infer_start, end_ns - 100_000, 2),
              span(model_id, infer_id, MODEL, infer_start + 50_000, end_ns - 150_000, 2,
                   [("triton.model_name", {"stringValue": MODEL}), ("triton.model_version", {"intValue": "1"})]),
              span(compute_id, model_id, "compute", infer_start + 80_000, end_ns - 160_000, 2)]
    return [resource(client, [envoy], "envoy"), resource(server, triton, "triton-server")]


# ---- remote write ---------------------------------------------------------------------------


def snappy_block(data: bytes) -> bytes:
    """Snappy block format using literal elements only (valid, uncompressed)."""
    out = bytearray(pbwire.varint(len(data)))
    for i in range(0, len(data), 1 << 16):
        chunk = data[i:i + (1 << 16)]
        n = len(chunk) - 1
        if n < 60:
            out.append(n << 2)
        elif n < 1 << 8:
            out += bytes([60 << 2, n])
        else:
            out += bytes([61 << 2]) + n.to_bytes(2, "little")
        out += chunk
    return bytes(out)


def _labels(labels: dict[str, str]) -> bytes:
    return b"".join(pbwire.field_bytes(1, pbwire.field_bytes(1, k) + pbwire.field_bytes(2, v))
                    for k, v in sorted(labels.items()))


def write_request(items) -> bytes:
    """prompb.WriteRequest from (Series, samples, exemplars) triples; times in unix seconds."""
    out = bytearray()
    for series, samples, exemplars in items:
        if not samples and not exemplars:
            continue
        ts = _labels({"__name__": series.name, **series.labels})
        ts += b"".join(pbwire.field_bytes(2, pbwire.field_double(1, v) + pbwire.field_varint(2, t * 1000))
                       for t, v in samples)
        ts += b"".join(pbwire.field_bytes(3, _labels({"traceID": trace}) + pbwire.field_double(2, v)
                                          + pbwire.field_varint(3, t * 1000)) for t, v, trace in exemplars)
        out += pbwire.field_bytes(1, ts)
    return bytes(out)


def remote_write(base_url: str, payload: bytes) -> None:
    """POST a WriteRequest to ``/api/v1/write``; raises on a non-2xx answer."""
    answer = httpc.request(f"{base_url}/api/v1/write", "POST", snappy_block(payload), {
        "Content-Type": "application/x-protobuf", "Content-Encoding": "snappy",
        "X-Prometheus-Remote-Write-Version": "0.1.0"})
    if answer.status // 100 != 2:
        raise RuntimeError(f"remote write failed: {answer.status} {answer.text.strip()}")


# ---- the server -----------------------------------------------------------------------------


class PrometheusServer:
    """Debian's prometheus on an ephemeral loopback port, receiving remote writes, with
    ``features`` enabled (the real-Tempo stack adds ``native-histograms``)."""

    def __init__(self, workdir: str | Path, data_dir: str | Path, scrape_configs: list[dict] | None = None,
                 features: tuple[str, ...] = ("exemplar-storage",)):
        self.workdir, self.data_dir = Path(workdir), Path(data_dir)
        self.scrape_configs = scrape_configs or []
        self.features = features
        self.proc = None
        self.port = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def log_path(self) -> Path:
        return self.workdir / "prometheus.log"

    def start(self, timeout: float = 30.0, attempts: int = 3) -> PrometheusServer:
        config = self.workdir / "prometheus.yml"
        config.write_text(json.dumps({"global": {"scrape_interval": "5s", "evaluation_interval": "5s"},
                                      "scrape_configs": self.scrape_configs}))
        for attempt in range(attempts):
            self.port = lifecycle.free_port()
            self.log_path.unlink(missing_ok=True)
            self.proc = lifecycle.spawn([
                "prometheus", f"--storage.tsdb.path={self.data_dir}", f"--config.file={config}",
                f"--web.listen-address=127.0.0.1:{self.port}", "--web.enable-remote-write-receiver",
                f"--enable-feature={','.join(self.features)}", "--storage.tsdb.retention.time=10y"], self.log_path)
            try:
                lifecycle.wait_until(lambda: lifecycle.http_get_ok(f"{self.url}/-/ready"), timeout,
                                     "prometheus /-/ready", self.proc)
                return self
            except (RuntimeError, TimeoutError) as err:
                self.stop()
                log = self.log_path.read_text()
                if "address already in use" not in log or attempt == attempts - 1:
                    raise RuntimeError(f"prometheus did not start ({err}); log: {log[-2000:]}") from None
        return self

    def stop(self) -> None:
        if self.proc is not None:
            lifecycle.stop_process(self.proc)


def backfill(openmetrics_path: Path, data_dir: Path) -> None:
    """``promtool tsdb create-blocks-from openmetrics``."""
    subprocess.run(["promtool", "tsdb", "create-blocks-from", "openmetrics", str(openmetrics_path), str(data_dir)],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=120)


class PrometheusStack:
    """Prometheus with the deterministic dataset: backfilled, then the tail remote-written."""

    def __init__(self, workdir: str | Path, dataset: Dataset | None = None):
        self.workdir = Path(workdir)
        self.dataset = dataset or Dataset()
        self.server = PrometheusServer(self.workdir, self.workdir / "data")

    @property
    def url(self) -> str:
        return self.server.url

    @property
    def evaluation_time(self) -> int:
        return self.dataset.end

    def start(self) -> PrometheusStack:
        self.workdir.mkdir(parents=True, exist_ok=True)
        cut = self.dataset.end - TAIL
        openmetrics = self.workdir / "servicegraph.om.txt"
        openmetrics.write_text(self.dataset.openmetrics(until=cut))
        shutil.rmtree(self.workdir / "data", ignore_errors=True)     # never stack two backfills
        backfill(openmetrics, self.workdir / "data")
        self.server.start()
        try:
            remote_write(self.url, self.dataset.tail_write_request(after=cut))
        except Exception:
            self.server.stop()
            raise
        return self

    def stop(self) -> None:
        self.server.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workdir", required=True)
    parser.add_argument("--port-file")
    parser.add_argument("--expected-file", help="write the expected numbers (JSON) here")
    parser.add_argument("--exemplar-traces-file", help="write the exemplars' traces (OTLP/JSON) here")
    parser.add_argument("--window", type=int, default=300, help="rate window of the expected numbers (s)")
    args = parser.parse_args(argv)
    stack = PrometheusStack(args.workdir)
    done = threading.Event()
    lifecycle.install_stop_handlers(done.set)
    lifecycle.watch_parent(done.set)
    stack.start()
    if args.expected_file:
        Path(args.expected_file).write_text(json.dumps(stack.dataset.expected(args.window), indent=1))
    if args.exemplar_traces_file:
        Path(args.exemplar_traces_file).write_text(json.dumps(stack.dataset.otlp_traces()))
    if args.port_file:
        lifecycle.write_port_file(args.port_file, stack.server.port)
    print(f"prometheus on {stack.url} (evaluation time {stack.evaluation_time})", flush=True)
    done.wait()
    stack.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
