"""End to end: requests through real Envoy 1.40 to Triton stand-ins; Envoy and
Triton export to the Tempo stand-in, which joins them into one trace
(Envoy ``ingress`` → Triton ``InferRequest`` whose parent is Envoy's span)."""

from __future__ import annotations

import importlib.util
import json

import pytest

import httpc
import lifecycle
import load
from envoy import EnvoyProcess
from tempo_standin import TempoStandin
from triton_standin import TritonStandin

HAS_GRPC = importlib.util.find_spec("grpc") is not None
ENVOY_POD = "supersonic-envoy-58b98b5568-9ww7h"
UNSAMPLED_POD = "supersonic-envoy-58b98b5568-k2x7p"
TRITON_PODS = ["supersonic-triton-74c49fcf8-rxzpm", "supersonic-triton-74c49fcf8-945cg"]


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    tempo = TempoStandin(cutoff_seconds=0).start()
    tritons = [TritonStandin(pod, f"{tempo.url}/v1/traces", grpc_port=0 if HAS_GRPC else None,
                             queue_ms=1, infer_ms=3, seed=i).start() for i, pod in enumerate(TRITON_PODS)]
    upstreams = {"http_upstreams": [t.http_port for t in tritons],
                 "grpc_upstreams": [t.grpc_port for t in tritons] if HAS_GRPC else []}
    workdir = tmp_path_factory.mktemp("envoy")
    sampled = unsampled = None
    try:
        sampled = EnvoyProcess(workdir, "sampled", otlp_port=tempo.port, service_name=ENVOY_POD, **upstreams).start()
        unsampled = EnvoyProcess(workdir, "unsampled", otlp_port=tempo.port, service_name=UNSAMPLED_POD,
                                 sampling=0.0, **upstreams).start()
        yield {"tempo": tempo, "envoy": sampled, "unsampled": unsampled, "tritons": tritons}
    finally:
        for envoy in (sampled, unsampled):
            if envoy:
                envoy.stop()
        for triton in tritons:
            triton.stop()
        tempo.stop()


def search(tempo, q: str) -> list[dict]:
    return json.loads(httpc.get(f"{tempo.url}/api/search", {"q": q, "limit": 100}).body).get("traces", [])


def spans_of(tempo, trace_id: str) -> list[tuple[str, dict]]:
    """(service.name, span) for every span of a trace, via the v2 API."""
    body = json.loads(httpc.get(f"{tempo.url}/api/v2/traces/{trace_id}").body)
    out = []
    for rs in body["trace"]["resourceSpans"]:
        service = next(a["value"]["stringValue"] for a in rs["resource"]["attributes"] if a["key"] == "service.name")
        out += [(service, span) for ss in rs["scopeSpans"] for span in ss["spans"]]
    return out


def complete_traces(tempo, root_service: str, count: int, spans_per_trace: int = 4) -> list[str]:
    """Wait until ``count`` traces rooted at ``root_service`` have all their spans."""
    def ready():
        ids = [t["traceID"] for t in search(tempo, "{}") if t["rootServiceName"] == root_service]
        full = [i for i in ids if len(spans_of(tempo, i)) == spans_per_trace]
        return full if len(full) >= count else None
    return lifecycle.wait_until(ready, 20, f"{count} complete traces from {root_service}", interval=0.3)


def check_joined(tempo, trace_id: str) -> dict:
    spans = {span["name"]: (service, span) for service, span in spans_of(tempo, trace_id)}
    (envoy_service, ingress), (triton_service, infer) = spans["ingress"], spans["InferRequest"]
    assert envoy_service == ENVOY_POD and ingress["kind"] == "SPAN_KIND_SERVER" and "parentSpanId" not in ingress
    assert triton_service in TRITON_PODS and infer["parentSpanId"] == ingress["spanId"]
    model = next(s for name, (_, s) in spans.items() if name not in ("ingress", "InferRequest", "compute"))
    assert model["parentSpanId"] == infer["spanId"] and spans["compute"][1]["parentSpanId"] == model["spanId"]
    return {span["key"]: span["value"]["stringValue"] for span in ingress["attributes"]}


def test_http_requests_are_joined_across_envoy_and_triton(stack):
    tempo, envoy = stack["tempo"], stack["envoy"]
    httpc.request(f"{tempo.url}/__reset", "POST")
    assert [load.http_infer(envoy.url, "deeptau_2018v2p5") for _ in range(4)] == [200] * 4
    trace_ids = complete_traces(tempo, ENVOY_POD, 4)
    for trace_id in trace_ids:
        attributes = check_joined(tempo, trace_id)
        assert attributes["http.status_code"] == "200" and attributes["upstream_cluster"] == "triton"
    found = search(tempo, '{ name = "InferRequest" && resource.service.name =~ "supersonic-triton-.*" }')
    assert {t["traceID"] for t in found} >= set(trace_ids)
    assert {t["rootTraceName"] for t in found} == {"ingress"}


@pytest.mark.skipif(not HAS_GRPC, reason="grpcio is not installed: gRPC upstream not available")
def test_grpc_requests_are_joined_across_envoy_and_triton(stack):
    import grpc
    tempo, envoy = stack["tempo"], stack["envoy"]
    httpc.request(f"{tempo.url}/__reset", "POST")
    with grpc.insecure_channel(envoy.grpc_target) as channel:
        assert [load.grpc_infer(channel, "particlenet") for _ in range(3)] == [0] * 3
    for trace_id in complete_traces(tempo, ENVOY_POD, 3):
        attributes = check_joined(tempo, trace_id)
        assert attributes["grpc.status_code"] == "0" and attributes["upstream_cluster"] == "triton_grpc"
        assert attributes["http.protocol"] == "HTTP/2"


def test_unsampled_envoy_leaves_orphan_triton_traces(stack):
    tempo, unsampled = stack["tempo"], stack["unsampled"]
    httpc.request(f"{tempo.url}/__reset", "POST")
    assert load.http_infer(unsampled.url, "deeptau_2018v2p5") == 200
    [trace_id] = complete_traces(tempo, "<root span not yet received>", 1, spans_per_trace=3)
    names = {span["name"]: span for _, span in spans_of(tempo, trace_id)}
    assert "ingress" not in names and names["InferRequest"]["parentSpanId"]   # parent never exported


def test_envoy_metrics_use_supersonic_prefix(stack):
    envoy = stack["envoy"]
    load.http_infer(envoy.url, "deeptau_2018v2p5")
    stats = envoy.stats()
    assert stats["http.ingress_grpc.downstream_rq_completed"] >= 1
    text = httpc.get(f"{envoy.admin_url}/stats/prometheus").text
    assert 'envoy_http_downstream_rq_time_count{envoy_http_conn_manager_prefix="ingress_grpc"}' in text
