"""A small stand-in for Tempo's metrics-generator, for ``make stack``.

It reads the spans held by the Tempo stand-in and produces the series Tempo
would remote-write to Prometheus:

* service graphs: a CLIENT span and a SERVER span whose parent is that client
  span form one edge ``client`` → ``server`` (service names); failed when
  either has status ERROR; ``…_server_seconds`` observes the server span,
  ``…_client_seconds`` the client span (Tempo's default buckets). A root
  SERVER span still unpaired after ``wait_seconds`` becomes an edge from the
  virtual node ``user`` (``connection_type="virtual_node"``). SERVER spans
  whose parent is not a CLIENT span (Triton's nested spans) form no edge.
* span metrics: ``traces_spanmetrics_calls_total{service, span_name,
  span_kind, status_code}``.

Each span is counted once. ``push()`` remote-writes the cumulative values at
the current time, with one exemplar (``traceID``, leading zeros trimmed) per
edge that saw traffic since the last push.
"""

from __future__ import annotations

import threading
import time

from opentelemetry.proto.trace.v1 import trace_pb2

import prometheus_stack
from prometheus_stack import TEMPO_BUCKETS, Series, le_text
from tempo_standin import TraceStore

CLIENT, SERVER = trace_pb2.Span.SPAN_KIND_CLIENT, trace_pb2.Span.SPAN_KIND_SERVER
PRODUCER = trace_pb2.Span.SPAN_KIND_PRODUCER
ERROR = trace_pb2.Status.STATUS_CODE_ERROR
_KIND = {k: f"SPAN_KIND_{n}" for k, n in ((0, "UNSPECIFIED"), (1, "INTERNAL"), (2, "SERVER"), (3, "CLIENT"),
                                            (4, "PRODUCER"), (5, "CONSUMER"))}
_STATUS = {0: "STATUS_CODE_UNSET", 1: "STATUS_CODE_OK", 2: "STATUS_CODE_ERROR"}
SG = "traces_service_graph_request"


class ServiceGraphGenerator:
    """Cumulative service-graph and span-metrics series derived from a TraceStore."""

    def __init__(self, store: TraceStore, instance: str = "tempo-metrics-generator-0", wait_seconds: float = 10.0):
        self.store = store
        self.instance = instance
        self.wait_ns = int(wait_seconds * 1e9)
        self.values: dict[tuple, float] = {}
        self.exemplars: dict[tuple, tuple[float, str]] = {}
        self.done: set[tuple[bytes, bytes, int]] = set()
        self.lock = threading.Lock()

    # -- counting
    def _inc(self, name: str, labels: dict[str, str], amount: float = 1.0) -> None:
        key = (name, tuple(sorted(labels.items())))
        self.values[key] = self.values.get(key, 0.0) + amount

    def _observe(self, side: str, labels: dict[str, str], seconds: float, trace_id: bytes) -> None:
        for bound in TEMPO_BUCKETS:
            if seconds <= bound:
                self._inc(f"{SG}_{side}_seconds_bucket", {**labels, "le": le_text(bound)})
        self._inc(f"{SG}_{side}_seconds_sum", labels, seconds)
        self._inc(f"{SG}_{side}_seconds_count", labels)
        if side == "server":
            bound = next(b for b in TEMPO_BUCKETS if seconds <= b)
            key = (f"{SG}_server_seconds_bucket", tuple(sorted({**labels, "le": le_text(bound)}.items())))
            self.exemplars[key] = (seconds, trace_id.hex().lstrip("0"))

    def _edge(self, client: str, server: str, failed: bool, server_s: float, client_s: float,
              trace_id: bytes, connection_type: str | None = None) -> None:
        labels = {"client": client, "server": server, "__metrics_gen_instance": self.instance}
        if connection_type:
            labels["connection_type"] = connection_type
        self._inc(f"{SG}_total", labels)
        if failed:
            self._inc(f"{SG}_failed_total", labels)
        self._observe("server", labels, server_s, trace_id)
        self._observe("client", labels, client_s, trace_id)

    def collect(self, now_ns: int | None = None) -> None:
        """Count every span not counted yet (unpaired root servers wait ``wait_seconds``)."""
        now_ns = now_ns or time.time_ns()
        with self.lock:
            traces = self.store.all()
            live = {trace.trace_id for trace in traces}
            self.done = {key for key in self.done if key[0] in live}   # forget evicted traces
            for trace in traces:
                views = trace.views()
                by_id = {(v.span.span_id, v.span.kind): v for v in views}
                for view in views:
                    self._collect_span(view, by_id, now_ns)

    def _collect_span(self, view, by_id: dict, now_ns: int) -> None:
        span = view.span
        key = (span.trace_id, span.span_id, span.kind)
        if key in self.done:
            return
        if span.kind == SERVER:
            client = next((by_id[(span.parent_span_id, k)] for k in (CLIENT, PRODUCER) if (span.parent_span_id, k) in by_id), None)
            if client is None and now_ns - span.end_time_unix_nano < self.wait_ns:
                return                                  # the client span may still arrive
            self._server_edge(view, client)
        self.done.add(key)
        self._inc("traces_spanmetrics_calls_total", {
            "service": view.service, "span_name": span.name, "span_kind": _KIND.get(span.kind, "SPAN_KIND_UNSPECIFIED"),
            "status_code": _STATUS.get(span.status.code, "STATUS_CODE_UNSET")})

    def _server_edge(self, view, client) -> None:
        span = view.span
        server_s = (span.end_time_unix_nano - span.start_time_unix_nano) / 1e9
        if client is not None:
            c = client.span
            self._edge(client.service, view.service, ERROR in (span.status.code, c.status.code), server_s,
                       (c.end_time_unix_nano - c.start_time_unix_nano) / 1e9, span.trace_id)
        elif not span.parent_span_id:
            self._edge("user", view.service, span.status.code == ERROR, server_s, 0.0, span.trace_id, "virtual_node")

    # -- output
    def write_request(self, at_seconds: int) -> bytes:
        """A remote-write payload of all cumulative values at ``at_seconds``."""
        with self.lock:
            items = []
            for (name, labels), value in self.values.items():
                exemplar = self.exemplars.pop((name, labels), None)
                exemplars = [(at_seconds, exemplar[0], exemplar[1])] if exemplar else []
                items.append((Series(name, dict(labels)), [(at_seconds, value)], exemplars))
        return prometheus_stack.write_request(items)

    def push(self, prometheus_url: str) -> None:
        self.collect()
        prometheus_stack.remote_write(prometheus_url, self.write_request(int(time.time())))
