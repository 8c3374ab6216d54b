#!/usr/bin/env python3
"""Live inference-shaped traffic for a real Tempo: every ``interval`` seconds, one
OTLP/HTTP protobuf body holding ``rate * interval`` new traces stamped "now".

Each trace is Envoy's ``ingress`` (CLIENT, as SuperSONIC's collector rewrites it) over
Triton's ``InferRequest`` → model span → ``compute``. A share ``orphan_ratio`` has no
Envoy span (the InferRequest's parent was never exported: an orphan), and a share
``error_ratio`` fails with ``CUDA out of memory`` as the status message. The ids and
start times pushed are kept in ``pushed`` for the tests to compare against.
"""

from __future__ import annotations

import random
import threading
import time

from opentelemetry.proto.collector.trace.v1 import trace_service_pb2
from opentelemetry.proto.resource.v1 import resource_pb2
from opentelemetry.proto.trace.v1 import trace_pb2

import otlp

ENVOY = "supersonic-envoy-58b98b5568-9ww7h"
TRITON = "supersonic-triton-74c49fcf8-rxzpm"
MODEL = "deeptau_2018v2p5"
_CLIENT, _SERVER = trace_pb2.Span.SPAN_KIND_CLIENT, trace_pb2.Span.SPAN_KIND_SERVER
_ERROR = trace_pb2.Status.STATUS_CODE_ERROR
_MS = 1_000_000


def _resource(service: str) -> resource_pb2.Resource:
    return resource_pb2.Resource(attributes=[otlp.key_value("service.name", service)])


def inference_trace(rng: random.Random, start_ns: int, *, orphan: bool, error: bool) -> tuple[bytes, list, list]:
    """(trace id, Envoy spans, Triton spans) of one request starting at ``start_ns``."""
    trace_id, ingress_id = rng.randbytes(16), rng.randbytes(8)
    root_id, model_id, compute_id = rng.randbytes(8), rng.randbytes(8), rng.randbytes(8)
    total = int(rng.uniform(4, 40) * _MS)
    status = trace_pb2.Status(code=_ERROR, message="CUDA out of memory") if error else trace_pb2.Status()
    envoy = [] if orphan else [trace_pb2.Span(
        trace_id=trace_id, span_id=ingress_id, name="ingress", kind=_CLIENT, start_time_unix_nano=start_ns,
        end_time_unix_nano=start_ns + total, status=status)]
    infer_start = start_ns + _MS
    infer_end = start_ns + total - _MS
    triton = [
        trace_pb2.Span(trace_id=trace_id, span_id=root_id, parent_span_id=ingress_id, name="InferRequest", kind=_SERVER,
                       start_time_unix_nano=infer_start, end_time_unix_nano=infer_end, status=status),
        trace_pb2.Span(trace_id=trace_id, span_id=model_id, parent_span_id=root_id, name=MODEL, kind=_SERVER,
                       start_time_unix_nano=infer_start + _MS // 10, end_time_unix_nano=infer_end - _MS // 10,
                       attributes=[otlp.key_value("triton.model_name", MODEL)], status=status),
        trace_pb2.Span(trace_id=trace_id, span_id=compute_id, parent_span_id=model_id, name="compute", kind=_SERVER,
                       start_time_unix_nano=infer_start + _MS // 5, end_time_unix_nano=infer_end - _MS // 5),
    ]
    return trace_id, envoy, triton


def export_body(envoy_spans: list, triton_spans: list) -> bytes:
    """One ExportTraceServiceRequest with an Envoy and a Triton resource."""
    request = trace_service_pb2.ExportTraceServiceRequest()
    for service, spans in ((ENVOY, envoy_spans), (TRITON, triton_spans)):
        if spans:
            request.resource_spans.append(trace_pb2.ResourceSpans(
                resource=_resource(service), scope_spans=[trace_pb2.ScopeSpans(spans=spans)]))
    return request.SerializeToString()


class TraceTraffic:
    """Pushes ``rate`` traces/s into ``push(body)`` from a thread until ``stop()``."""

    def __init__(self, push, *, rate: float = 4.0, interval: float = 1.0, orphan_ratio: float = 0.2,
                 error_ratio: float = 0.1, seed: int = 12):
        self.push, self.rate, self.interval = push, rate, interval
        self.orphan_ratio, self.error_ratio = orphan_ratio, error_ratio
        self.rng = random.Random(seed)
        self.pushed: list[tuple[str, int]] = []     # (trace id hex, start ns)
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.errors: list[str] = []

    def start(self) -> TraceTraffic:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.stopping.set()
        self.thread.join(10)

    def push_batch(self, count: int) -> None:
        now = time.time_ns()
        envoy, triton, pushed = [], [], []
        for i in range(count):
            start = now - 50 * _MS - int(self.interval * 1e9 * i / max(1, count))
            trace_id, e, t = inference_trace(self.rng, start, orphan=self.rng.random() < self.orphan_ratio,
                                             error=self.rng.random() < self.error_ratio)
            envoy += e
            triton += t
            pushed.append((trace_id.hex(), start))
        self.push(export_body(envoy, triton))
        self.pushed += pushed

    def _run(self) -> None:
        owed = 0.0
        while not self.stopping.wait(self.interval):
            owed += self.rate * self.interval
            count = int(owed)
            owed -= count
            try:
                self.push_batch(count)
            except OSError as err:
                self.errors.append(str(err))
