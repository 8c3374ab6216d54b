"""A stand-in for SuperSONIC's OpenTelemetry Collector, between Envoy/Triton and a real Tempo.

It receives OTLP/HTTP (``POST /v1/traces``: protobuf or JSON, Content-Length or
chunked as Envoy sends it, optionally gzip), applies what SuperSONIC's
``transform`` processor does, and forwards the spans to every destination:

* span kinds: Envoy's ``ingress`` becomes CLIENT, every other span SERVER;
* ``service.name`` ``triton-inference-server`` becomes the ``pod_name`` resource
  attribute (Triton's default name; our Triton stand-ins already use the pod).

Like the Collector's exporters (``sending_queue`` + ``retry_on_failure``), each
destination keeps a bounded queue and retries while Tempo is down: after a
failure it waits for Tempo's ``/ready`` before sending again, because spans
pushed to a Tempo that is not ready yet can be lost. So spans that arrive while
Tempo restarts are delivered once it is back. ``Destination.delivered`` records
what was delivered (trace ids with their span counts, and when each batch was
received), so a test can check that nothing was lost.

    collector = Collector().start(); collector.url  # give Envoy/Triton collector.otlp_url
    collector.add_destination(tempo.otlp_url, ready_url=f"{tempo.url}/ready")
"""

from __future__ import annotations

import threading
import time
from collections import deque
from dataclasses import dataclass, field

from opentelemetry.proto.collector.trace.v1 import trace_service_pb2
from opentelemetry.proto.trace.v1 import trace_pb2

import httpc
import httpserve
import otlp
import request_body

CLIENT, SERVER = trace_pb2.Span.SPAN_KIND_CLIENT, trace_pb2.Span.SPAN_KIND_SERVER
TRITON_DEFAULT_SERVICE = "triton-inference-server"


def supersonic_transform(resource_spans: list[trace_pb2.ResourceSpans]) -> None:
    """SuperSONIC's collector rewrites, in place."""
    for rs in resource_spans:
        attributes = otlp.attributes_dict(rs.resource.attributes)
        if attributes.get("service.name") == TRITON_DEFAULT_SERVICE and attributes.get("pod_name"):
            for kv in rs.resource.attributes:
                if kv.key == "service.name":
                    kv.value.string_value = str(attributes["pod_name"])
        for ss in rs.scope_spans:
            for span in ss.spans:
                span.kind = CLIENT if span.name == "ingress" else SERVER


@dataclass
class Batch:
    """One export as forwarded: the body, what it holds, and when it arrived."""
    body: bytes
    spans_by_trace: dict[str, int]
    received_at: float = field(default_factory=time.time)

    @property
    def spans(self) -> int:
        return sum(self.spans_by_trace.values())


class Destination:
    """Forwards batches to one OTLP/HTTP endpoint in order, retrying until it takes them."""

    def __init__(self, otlp_url: str, ready_url: str | None = None, max_spans: int = 200_000,
                 retry_seconds: float = 0.5, history: int = 50_000):
        self.otlp_url, self.ready_url = otlp_url, ready_url
        self.max_spans, self.retry_seconds = max_spans, retry_seconds
        self.queue: deque[Batch] = deque()
        self.queued_spans = 0
        self.delivered: deque[Batch] = deque(maxlen=history)
        self.stats = {"delivered_spans": 0, "dropped_spans": 0, "rejected_spans": 0, "failures": 0}
        self.cond = threading.Condition()
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._loop, name=f"collector->{otlp_url}", daemon=True)

    def start(self) -> Destination:
        self.thread.start()
        return self

    def put(self, batch: Batch) -> None:
        with self.cond:
            self.queue.append(batch)
            self.queued_spans += batch.spans
            while self.queued_spans > self.max_spans and len(self.queue) > 1:   # bounded: drop the oldest
                dropped = self.queue.popleft()
                self.queued_spans -= dropped.spans
                self.stats["dropped_spans"] += dropped.spans
            self.cond.notify()

    def pending(self) -> int:
        with self.cond:
            return len(self.queue)

    def _loop(self) -> None:
        while not self.stopping.is_set():
            with self.cond:
                while not self.queue and not self.stopping.is_set():
                    self.cond.wait(0.5)
                if self.stopping.is_set():
                    return
                batch = self.queue[0]
            outcome = self._send(batch)
            if outcome == "retry":
                self.stats["failures"] += 1
                self._wait_until_ready()
                continue
            with self.cond:
                self.queue.popleft()
                self.queued_spans -= batch.spans
            if outcome == "ok":
                self.stats["delivered_spans"] += batch.spans
                self.delivered.append(batch)
            else:
                self.stats["rejected_spans"] += batch.spans

    def _send(self, batch: Batch) -> str:
        try:
            answer = httpc.request(self.otlp_url, "POST", batch.body,
                                   {"Content-Type": "application/x-protobuf"}, timeout=5.0)
        except OSError:
            return "retry"
        if answer.status // 100 == 2:
            return "ok"
        return "retry" if answer.status == 429 or answer.status >= 500 else "rejected"

    def _wait_until_ready(self) -> None:
        while not self.stopping.wait(self.retry_seconds):
            if self.ready_url is None:
                return
            try:
                if httpc.get(self.ready_url, timeout=1.0).status == 200:
                    return
            except OSError:
                pass

    def stop(self) -> None:
        self.stopping.set()
        with self.cond:
            self.cond.notify_all()
        if self.thread.is_alive():
            self.thread.join(10)


class Collector:
    """The receiver and its destinations; ``start()`` serves on a background thread."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0):
        self.httpd = _Server((host, port), _Handler)
        self.httpd.collector = self
        self.destinations: list[Destination] = []
        self.lock = threading.Lock()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    @property
    def port(self) -> int:
        return self.httpd.server_address[1]

    @property
    def otlp_url(self) -> str:
        return f"{self.url}/v1/traces"

    def add_destination(self, otlp_url: str, ready_url: str | None = None) -> Destination:
        destination = Destination(otlp_url, ready_url).start()
        with self.lock:
            self.destinations.append(destination)
        return destination

    def remove_destination(self, destination: Destination) -> None:
        with self.lock:
            self.destinations.remove(destination)
        destination.stop()

    def receive(self, resource_spans: list[trace_pb2.ResourceSpans]) -> None:
        supersonic_transform(resource_spans)
        counts: dict[str, int] = {}
        for rs in resource_spans:
            for ss in rs.scope_spans:
                for span in ss.spans:
                    trace_id = span.trace_id.hex()
                    counts[trace_id] = counts.get(trace_id, 0) + 1
        if not counts:
            return
        body = trace_service_pb2.ExportTraceServiceRequest(resource_spans=resource_spans).SerializeToString()
        with self.lock:
            destinations = list(self.destinations)
        for destination in destinations:
            destination.put(Batch(body, counts))

    def start(self) -> Collector:
        threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05},
                         name="collector", daemon=True).start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        with self.lock:
            destinations, self.destinations = self.destinations, []
        for destination in destinations:
            destination.stop()


class _Server(httpserve.Server):
    collector: Collector


class _Handler(httpserve.Handler):
    server_version = "collector-standin"
    server: _Server

    def do_POST(self):
        if self.path != "/v1/traces":
            self.close_connection = True
            return self._reply(404, b"404 page not found\n", "text/plain; charset=utf-8")
        content_type = self.headers.get("Content-Type", "")
        try:
            resource_spans = otlp.decode_export(request_body.read_body(self.rfile, self.headers), content_type)
        except Exception as err:  # noqa: BLE001 - any decoding failure is the sender's problem
            self.close_connection = True
            return self._reply(400, f"unable to decode OTLP body: {err}\n".encode(), "text/plain; charset=utf-8")
        self.server.collector.receive(resource_spans)
        if "json" in content_type:
            return self._reply(200, b"{}", "application/json")
        self._reply(200, trace_service_pb2.ExportTraceServiceResponse().SerializeToString(), "application/x-protobuf")
