"""The metrics-generator stand-in pairs spans the way Tempo's service-graph
processor does, on the real Envoy spans and the synthesized Triton spans."""

from __future__ import annotations

import json

from opentelemetry.proto.collector.trace.v1 import trace_service_pb2
from opentelemetry.proto.trace.v1 import trace_pb2

import otlp
from fixtures import fixture
from servicegraph import ServiceGraphGenerator
from tempo_standin import TraceStore

FAR_FUTURE = 1 << 62


TRITON = "triton/SYNTHESIZED_triton_spans_behind_envoy.otlp.json"


def load_envoy(store: TraceStore, variant: str) -> None:
    for path in sorted(fixture(f"envoy/otlp_bodies/{variant}").glob("*.bin")):
        store.add(list(trace_service_pb2.ExportTraceServiceRequest.FromString(path.read_bytes()).resource_spans))


def totals(generator: ServiceGraphGenerator, name: str = "traces_service_graph_request_total") -> dict:
    return {(d["client"], d["server"], d.get("connection_type")): v
            for (n, labels), v in generator.values.items() if n == name for d in [dict(labels)]}


def test_real_spans_pair_into_edges():
    store = TraceStore()
    load_envoy(store, "spawn")
    triton = json.loads(fixture(TRITON).read_text())
    store.add(otlp.parse_otlp_json(triton))
    generator = ServiceGraphGenerator(store)
    generator.collect(now_ns=FAR_FUTURE)
    assert totals(generator) == {
        ("envoy-gateway", "triton-inference-server", None): 1,   # egress CLIENT -> InferRequest SERVER
        ("user", "envoy-gateway", "virtual_node"): 6,             # root SERVER spans, after the wait
    }
    assert totals(generator, "traces_service_graph_request_failed_total") == {("user", "envoy-gateway", "virtual_node"): 1}
    generator.collect(now_ns=FAR_FUTURE)                          # each span counts once
    assert totals(generator)[("user", "envoy-gateway", "virtual_node")] == 6


def test_unpaired_server_spans_wait():
    store = TraceStore()
    load_envoy(store, "default")
    generator = ServiceGraphGenerator(store, wait_seconds=10)
    generator.collect(now_ns=1795925540 * 10**9)                 # right after the spans ended
    assert totals(generator) == {}


def test_supersonic_kinds_make_envoy_the_client():
    store = TraceStore(supersonic_kinds=True)
    load_envoy(store, "default")
    ingress = next(s for t in store.all() for v in t.views() for s in [v.span] if s.name == "ingress")
    infer = trace_pb2.Span(trace_id=ingress.trace_id, span_id=b"\x01" * 8, parent_span_id=ingress.span_id,
                           name="InferRequest", kind=trace_pb2.Span.SPAN_KIND_SERVER,
                           start_time_unix_nano=ingress.start_time_unix_nano + 1000,
                           end_time_unix_nano=ingress.end_time_unix_nano - 1000)
    resource_spans = trace_pb2.ResourceSpans(scope_spans=[trace_pb2.ScopeSpans(spans=[infer])])
    resource_spans.resource.attributes.append(otlp.key_value("service.name", "triton-pod"))
    store.add([resource_spans])
    generator = ServiceGraphGenerator(store)
    generator.collect(now_ns=FAR_FUTURE)
    edges = totals(generator)
    assert edges[("unknown_service:envoy", "triton-pod", None)] == 1
    # ingress spans become CLIENT roots (no user edge); only the span a route decorator
    # renamed escapes the collector's rule and stays a SERVER root
    assert edges[("user", "unknown_service:envoy", "virtual_node")] == 1


def test_push_payload_carries_exemplars():
    store = TraceStore()
    load_envoy(store, "spawn")
    store.add(otlp.parse_otlp_json(json.loads(
        fixture(TRITON).read_text())))
    generator = ServiceGraphGenerator(store)
    generator.collect(now_ns=FAR_FUTURE)
    payload = generator.write_request(1_795_925_600)
    assert b"traceID" in payload and b"af7651916cd43dd8448eb211c12666c" in payload
    assert b"traceID" not in generator.write_request(1_795_925_615)   # one exemplar per push
