#!/usr/bin/env python3
"""Triton stand-in: an Envoy upstream that traces like Triton Inference Server.

It serves KServe inference over HTTP/1.1 (``POST /v2/models/<m>/infer``) and,
when ``grpc_port`` is given and ``grpcio`` is installed, over gRPC h2c
(``/inference.GRPCInferenceService/ModelInfer``). Each request:

* continues an incoming W3C ``traceparent`` (header or gRPC metadata),
  ignoring its sampled flag and force-sampling, as Triton does; without one
  the request starts its own trace;
* waits ``queue_ms`` then ``infer_ms`` (the latencies Envoy will measure), each
  times a lognormal factor of sigma ``spread`` when ``spread`` > 0;
* records Triton's span tree (see Tests/Fixtures/triton/): ``InferRequest``
  (SERVER, parent = the caller's span; events HTTP_RECV_*/GRPC_WAITREAD_*,
  INFER_RESPONSE_COMPLETE, *_SEND_*) → ``<model>`` (triton.* attributes;
  REQUEST_START, QUEUE_START, REQUEST_END) → ``compute`` (COMPUTE_*);
* fails with HTTP 500 / gRPC INTERNAL for a seeded fraction ``error_rate``;
  a failed request's ``InferRequest`` and model spans have status ERROR with
  ``error_message``.

Spans are exported over OTLP/HTTP protobuf to ``otlp_url`` in batches every
``export_interval`` seconds. Resource: ``service.name`` = ``pod_name`` = the pod
name (what SuperSONIC's collector produces), scope ``triton-server``.
``GET /metrics`` serves Triton-like ``nv_*`` Prometheus metrics,
``GET /v2/health/ready`` answers 200.

CLI::

    python3 triton_standin.py --pod-name supersonic-triton-74c49fcf8-rxzpm \\
        --otlp-url http://127.0.0.1:PORT/v1/traces --port 0 --port-file P \\
        [--grpc-port 0 --grpc-port-file P2] [--queue-ms 2] [--infer-ms 5]

In-process::

    triton = TritonStandin("pod", otlp_url, grpc_port=0).start(); ...; triton.stop()
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from opentelemetry.proto.collector.trace.v1 import trace_service_pb2
from opentelemetry.proto.resource.v1 import resource_pb2
from opentelemetry.proto.trace.v1 import trace_pb2

import httpc
import httpserve
import lifecycle
import otlp
import pbwire

_TRACEPARENT = re.compile(r"^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$")
_INFER_PATH = re.compile(r"^/v2/models/([^/]+)(?:/versions/(\d+))?/infer$")
_SERVER = trace_pb2.Span.SPAN_KIND_SERVER
_US = 1_000


def parse_traceparent(header: str | None) -> tuple[bytes, bytes] | None:
    """(trace id, parent span id) of a valid W3C traceparent; the flags are ignored."""
    m = _TRACEPARENT.match((header or "").strip().lower())
    if not m or m.group(1) == "ff":
        return None
    trace_id, span_id = bytes.fromhex(m.group(2)), bytes.fromhex(m.group(3))
    if not any(trace_id) or not any(span_id):
        return None
    return trace_id, span_id


@dataclass
class Timeline:
    """Nanosecond timestamps of one request, in the order Triton records them."""
    recv_start: int
    recv_end: int
    request_start: int = 0
    queue_start: int = 0
    compute_start: int = 0
    compute_input_end: int = 0
    compute_output_start: int = 0
    compute_end: int = 0
    request_end: int = 0
    response_complete: int = 0
    send_start: int = 0
    send_end: int = 0


@dataclass
class ModelCounters:
    """Cumulative per-model counters behind ``/metrics``."""
    success: int = 0
    failure: int = 0
    exec_count: int = 0
    request_us: float = 0.0
    queue_us: float = 0.0
    input_us: float = 0.0
    infer_us: float = 0.0
    output_us: float = 0.0


@dataclass
class InferOutcome:
    ok: bool
    model: str
    version: str
    request_id: str = ""
    timeline: Timeline | None = None
    context: tuple[bytes, bytes] | None = None


def _event(name: str, t: int) -> trace_pb2.Span.Event:
    return trace_pb2.Span.Event(name=name, time_unix_nano=t)


class SpanFactory:
    """Builds Triton's span tree for one finished request."""

    def __init__(self, rng: random.Random, error_message: str):
        self.rng = rng
        self.error_message = error_message
        self.lock = threading.Lock()
        self.triton_trace_id = 0

    def _span_id(self) -> bytes:
        with self.lock:
            return self.rng.randbytes(8)

    def _next_triton_id(self) -> int:
        with self.lock:
            self.triton_trace_id += 1
            return self.triton_trace_id

    def spans(self, outcome: InferOutcome, protocol: str) -> list[trace_pb2.Span]:
        t = outcome.timeline
        if outcome.context:
            trace_id, parent = outcome.context
        else:
            trace_id, parent = self.rng.randbytes(16), b""
        root_id, model_id, compute_id = self._span_id(), self._span_id(), self._span_id()
        prefix = "GRPC" if protocol == "grpc" else "HTTP"
        recv = ("GRPC_WAITREAD_START", "GRPC_WAITREAD_END") if protocol == "grpc" else ("HTTP_RECV_START", "HTTP_RECV_END")
        status = trace_pb2.Status() if outcome.ok else trace_pb2.Status(
            code=trace_pb2.Status.STATUS_CODE_ERROR, message=self.error_message)
        root = trace_pb2.Span(
            trace_id=trace_id, span_id=root_id, parent_span_id=parent, name="InferRequest", kind=_SERVER,
            start_time_unix_nano=t.recv_end + 40 * _US, end_time_unix_nano=t.send_end + 20 * _US,
            events=[_event(recv[0], t.recv_start), _event(recv[1], t.recv_end),
                    _event("INFER_RESPONSE_COMPLETE", t.response_complete),
                    _event(f"{prefix}_SEND_START", t.send_start), _event(f"{prefix}_SEND_END", t.send_end)],
            status=status)
        attributes = [otlp.key_value("triton.model_name", outcome.model),
                      otlp.key_value("triton.model_version", int(outcome.version)),
                      otlp.key_value("triton.trace_id", self._next_triton_id()),
                      otlp.key_value("triton.trace_parent_id", 0)]
        if outcome.request_id:
            attributes.append(otlp.key_value("triton.request_id", outcome.request_id))
        model = trace_pb2.Span(
            trace_id=trace_id, span_id=model_id, parent_span_id=root_id, name=outcome.model, kind=_SERVER,
            start_time_unix_nano=t.request_start, end_time_unix_nano=t.request_end, attributes=attributes,
            events=[_event("REQUEST_START", t.request_start), _event("QUEUE_START", t.queue_start),
                    _event("REQUEST_END", t.request_end)],
            status=status)
        compute = trace_pb2.Span(
            trace_id=trace_id, span_id=compute_id, parent_span_id=model_id, name="compute", kind=_SERVER,
            start_time_unix_nano=t.compute_start, end_time_unix_nano=t.compute_end,
            events=[_event("COMPUTE_START", t.compute_start), _event("COMPUTE_INPUT_END", t.compute_input_end),
                    _event("COMPUTE_OUTPUT_START", t.compute_output_start), _event("COMPUTE_END", t.compute_end)],
            status=trace_pb2.Status())
        return [compute, model, root]   # end order, like Triton's BatchSpanProcessor


class SpanExporter:
    """Batches spans and POSTs them as OTLP/HTTP protobuf every ``interval`` seconds."""

    def __init__(self, otlp_url: str, resource: resource_pb2.Resource, interval: float):
        self.otlp_url = otlp_url
        self.resource = resource
        self.interval = interval
        self.lock = threading.Lock()
        self.pending: list[trace_pb2.Span] = []
        self.stopping = threading.Event()
        self.exported = 0
        self.failed_exports = 0
        self.thread = threading.Thread(target=self._loop, name="triton-exporter", daemon=True)

    def add(self, spans: list[trace_pb2.Span]) -> None:
        with self.lock:
            self.pending += spans

    def start(self) -> None:
        self.thread.start()

    def _loop(self) -> None:
        while not self.stopping.wait(self.interval):
            self.flush()

    def flush(self) -> None:
        with self.lock:
            spans, self.pending = self.pending, []
        if not spans:
            return
        scope = trace_pb2.ScopeSpans(spans=spans)
        scope.scope.name = "triton-server"
        request = trace_service_pb2.ExportTraceServiceRequest(
            resource_spans=[trace_pb2.ResourceSpans(resource=self.resource, scope_spans=[scope])])
        try:
            answer = httpc.request(self.otlp_url, "POST", request.SerializeToString(),
                                   {"Content-Type": "application/x-protobuf"}, timeout=2.0)
            ok = answer.status == 200
        except OSError:
            ok = False
        if ok:
            self.exported += len(spans)
        else:
            self.failed_exports += 1

    def stop(self) -> None:
        self.stopping.set()
        if self.thread.is_alive():
            self.thread.join(self.interval + 3)
        self.flush()


class TritonStandin:
    """One Triton pod: HTTP (and optionally gRPC) inference, traces, metrics."""

    def __init__(self, pod_name: str, otlp_url: str, *, host: str = "127.0.0.1", http_port: int = 0,
                 grpc_port: int | None = None, queue_ms: float = 2.0, infer_ms: float = 5.0,
                 error_rate: float = 0.0, export_interval: float = 1.0, seed: int | None = None,
                 spread: float = 0.0, error_message: str = "injected inference failure"):
        self.pod_name = pod_name
        self.queue_ms, self.infer_ms, self.error_rate = queue_ms, infer_ms, error_rate
        self.spread, self.error_message = spread, error_message
        self.rng = random.Random(seed if seed is not None else os.getpid())
        self.factory = SpanFactory(random.Random(self.rng.random()), error_message)
        self.exporter = SpanExporter(otlp_url, self._resource(), export_interval)
        self.counters: dict[tuple[str, str], ModelCounters] = {}
        self.counters_lock = threading.Lock()
        self.busy_ns = 0
        self.last_scrape = (time.monotonic_ns(), 0)
        self.stopping = threading.Event()
        self.httpd = _HTTPServer((host, http_port), _HTTPHandler)
        self.httpd.triton = self
        self.grpc_server = None
        self.grpc_port = self._start_grpc(host, grpc_port) if grpc_port is not None else None

    def _resource(self) -> resource_pb2.Resource:
        resource = resource_pb2.Resource()
        for key, value in (("service.name", self.pod_name), ("pod_name", self.pod_name),
                           ("telemetry.sdk.language", "cpp"), ("telemetry.sdk.name", "opentelemetry"),
                           ("telemetry.sdk.version", "1.8.3")):
            resource.attributes.append(otlp.key_value(key, value))
        return resource

    # -- lifecycle
    @property
    def http_port(self) -> int:
        return self.httpd.server_address[1]

    @property
    def http_url(self) -> str:
        return f"http://127.0.0.1:{self.http_port}"

    def start(self) -> TritonStandin:
        threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05},
                         name=f"triton-{self.pod_name}", daemon=True).start()
        if self.grpc_server is not None:
            self.grpc_server.start()
        self.exporter.start()
        return self

    def stop(self) -> None:
        self.stopping.set()
        self.httpd.shutdown()
        self.httpd.server_close()
        if self.grpc_server is not None:
            self.grpc_server.stop(grace=0.5).wait(2)
        self.exporter.stop()

    def _start_grpc(self, host: str, port: int) -> int:
        try:
            import grpc  # optional: only the gRPC listener needs it
        except ImportError as err:
            raise RuntimeError("gRPC needs the 'grpcio' package (pip install grpcio)") from err
        self.grpc_server = grpc.server(ThreadPoolExecutor(max_workers=16, thread_name_prefix="triton-grpc"))
        handler = grpc.method_handlers_generic_handler(
            "inference.GRPCInferenceService",
            {"ModelInfer": grpc.unary_unary_rpc_method_handler(self._grpc_model_infer)})
        self.grpc_server.add_generic_rpc_handlers((handler,))
        return self.grpc_server.add_insecure_port(f"{host}:{port}")

    # -- inference
    def infer(self, model: str, version: str, request_id: str, traceparent: str | None,
              recv_start: int, recv_end: int) -> InferOutcome:
        """Run one request up to the point where the response is ready."""
        t = Timeline(recv_start, recv_end)
        t.request_start = time.time_ns()
        t.queue_start = t.request_start + 5 * _US
        queue_ms, infer_ms = self._latencies()
        self.stopping.wait(queue_ms / 1000)
        t.compute_start = time.time_ns()
        self.stopping.wait(infer_ms * 0.1 / 1000)
        t.compute_input_end = time.time_ns()
        self.stopping.wait(infer_ms * 0.85 / 1000)
        t.compute_output_start = time.time_ns()
        self.stopping.wait(infer_ms * 0.05 / 1000)
        t.compute_end = time.time_ns()
        t.request_end = t.compute_end + 20 * _US
        t.response_complete = t.request_end + 10 * _US
        with self.counters_lock:
            ok = self.rng.random() >= self.error_rate
        outcome = InferOutcome(ok, model, version or "1", request_id, t, parse_traceparent(traceparent))
        self._count(outcome)
        return outcome

    def _latencies(self) -> tuple[float, float]:
        """This request's queue and infer milliseconds."""
        if self.spread <= 0:
            return self.queue_ms, self.infer_ms
        with self.counters_lock:
            return (self.queue_ms * self.rng.lognormvariate(0, self.spread),
                    self.infer_ms * self.rng.lognormvariate(0, self.spread))

    def finish(self, outcome: InferOutcome, protocol: str, send_start: int, send_end: int) -> None:
        """Record the send events and queue the spans for export."""
        outcome.timeline.send_start, outcome.timeline.send_end = send_start, send_end
        self.exporter.add(self.factory.spans(outcome, protocol))

    def _count(self, outcome: InferOutcome) -> None:
        t = outcome.timeline
        with self.counters_lock:
            c = self.counters.setdefault((outcome.model, outcome.version), ModelCounters())
            c.exec_count += 1
            if outcome.ok:
                c.success += 1
            else:
                c.failure += 1
            c.request_us += (t.response_complete - t.request_start) / _US
            c.queue_us += (t.compute_start - t.queue_start) / _US
            c.input_us += (t.compute_input_end - t.compute_start) / _US
            c.infer_us += (t.compute_output_start - t.compute_input_end) / _US
            c.output_us += (t.compute_end - t.compute_output_start) / _US
            self.busy_ns += t.compute_end - t.compute_start

    def _grpc_model_infer(self, request: bytes, context) -> bytes:
        import grpc
        recv_end = time.time_ns()
        fields = {number: value for number, _, value in pbwire.iter_fields(request)}
        model = fields.get(1, b"").decode()
        version = fields.get(2, b"").decode()
        request_id = fields.get(3, b"").decode()
        traceparent = dict(context.invocation_metadata()).get("traceparent")
        outcome = self.infer(model, version, request_id, traceparent, recv_end - 30 * _US, recv_end)
        send_start = time.time_ns()
        self.finish(outcome, "grpc", send_start, send_start + 15 * _US)
        if not outcome.ok:
            context.abort(grpc.StatusCode.INTERNAL, self.error_message)
        return (pbwire.field_bytes(1, model) + pbwire.field_bytes(2, outcome.version)
                + (pbwire.field_bytes(3, request_id) if request_id else b""))

    # -- metrics
    def metrics_text(self) -> str:
        """Triton-like Prometheus exposition."""
        lines = []
        with self.counters_lock:
            items = sorted(self.counters.items())
            now, busy = time.monotonic_ns(), self.busy_ns
            last_now, last_busy = self.last_scrape
            self.last_scrape = (now, busy)
        families = [
            ("nv_inference_request_success", "counter", lambda c: c.success),
            ("nv_inference_request_failure", "counter", lambda c: c.failure),
            ("nv_inference_count", "counter", lambda c: c.success + c.failure),
            ("nv_inference_exec_count", "counter", lambda c: c.exec_count),
            ("nv_inference_request_duration_us", "counter", lambda c: c.request_us),
            ("nv_inference_queue_duration_us", "counter", lambda c: c.queue_us),
            ("nv_inference_compute_input_duration_us", "counter", lambda c: c.input_us),
            ("nv_inference_compute_infer_duration_us", "counter", lambda c: c.infer_us),
            ("nv_inference_compute_output_duration_us", "counter", lambda c: c.output_us),
        ]
        for name, kind, value in families:
            lines.append(f"# TYPE {name} {kind}")
            lines += [f'{name}{{model="{m}",version="{v}"}} {value(c)}' for (m, v), c in items]
        utilization = min(1.0, (busy - last_busy) / max(1, now - last_now))
        gpu = f'gpu_uuid="GPU-{self.pod_name[-5:]}"'
        lines += ["# TYPE nv_gpu_utilization gauge", f"nv_gpu_utilization{{{gpu}}} {utilization:.4f}",
                  "# TYPE nv_gpu_memory_total_bytes gauge", f"nv_gpu_memory_total_bytes{{{gpu}}} 16945512448",
                  "# TYPE nv_gpu_memory_used_bytes gauge", f"nv_gpu_memory_used_bytes{{{gpu}}} 3221225472"]
        return "\n".join(lines) + "\n"


class _HTTPServer(httpserve.Server):
    triton: TritonStandin


class _HTTPHandler(httpserve.Handler):
    server_version = "triton-standin"
    server: _HTTPServer

    def do_GET(self):
        if self.path == "/metrics":
            return self._reply(200, self.server.triton.metrics_text().encode(), "text/plain; version=0.0.4")
        if self.path in ("/v2/health/ready", "/v2/health/live"):
            return self._reply(200, b"", "text/plain")
        self._reply(404, b'{"error":"not found"}', "application/json")

    def do_POST(self):
        recv_start = time.time_ns()
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        recv_end = time.time_ns()
        m = _INFER_PATH.match(self.path)
        if not m:
            return self._reply(404, b'{"error":"not found"}', "application/json")
        triton = self.server.triton
        outcome = triton.infer(m.group(1), m.group(2) or "", _request_id(body), self.headers.get("traceparent"),
                               recv_start, recv_end)
        if outcome.ok:
            answer = {"model_name": outcome.model, "model_version": outcome.version,
                      "outputs": [{"name": "OUTPUT0", "datatype": "FP32", "shape": [1], "data": [0.5]}]}
            if outcome.request_id:
                answer["id"] = outcome.request_id
            status = 200
        else:
            answer, status = {"error": triton.error_message}, 500
        send_start = time.time_ns()
        self._reply(status, json.dumps(answer).encode(), "application/json")
        triton.finish(outcome, "http", send_start, time.time_ns())


def _request_id(body: bytes) -> str:
    try:
        value = json.loads(body).get("id", "")
    except (ValueError, AttributeError):
        return ""
    return value if isinstance(value, str) else ""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pod-name", required=True)
    parser.add_argument("--otlp-url", required=True, help="e.g. http://127.0.0.1:PORT/v1/traces")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0, help="HTTP port (0 = ephemeral)")
    parser.add_argument("--port-file")
    parser.add_argument("--grpc-port", type=int, help="serve gRPC too (0 = ephemeral); needs grpcio")
    parser.add_argument("--grpc-port-file")
    parser.add_argument("--queue-ms", type=float, default=2.0)
    parser.add_argument("--infer-ms", type=float, default=5.0)
    parser.add_argument("--error-rate", type=float, default=0.0)
    parser.add_argument("--error-message", default="injected inference failure")
    parser.add_argument("--spread", type=float, default=0.0, help="lognormal sigma of the latencies")
    parser.add_argument("--export-interval", type=float, default=1.0)
    parser.add_argument("--seed", type=int)
    args = parser.parse_args(argv)
    triton = TritonStandin(args.pod_name, args.otlp_url, host=args.host, http_port=args.port,
                           grpc_port=args.grpc_port, queue_ms=args.queue_ms, infer_ms=args.infer_ms,
                           error_rate=args.error_rate, export_interval=args.export_interval, seed=args.seed,
                           spread=args.spread, error_message=args.error_message)
    done = threading.Event()
    lifecycle.install_stop_handlers(done.set)
    lifecycle.watch_parent(done.set)
    triton.start()
    if args.port_file:
        lifecycle.write_port_file(args.port_file, triton.http_port)
    if args.grpc_port_file and triton.grpc_port is not None:
        lifecycle.write_port_file(args.grpc_port_file, triton.grpc_port)
    print(f"triton stand-in {args.pod_name} on {triton.http_url}"
          + (f", gRPC 127.0.0.1:{triton.grpc_port}" if triton.grpc_port is not None else ""), flush=True)
    done.wait()
    triton.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
