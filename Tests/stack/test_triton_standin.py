"""The Triton stand-in continues ``traceparent`` and exports spans shaped like
Tests/Fixtures/triton/SYNTHESIZED_triton_spans_behind_envoy.otlp.json."""

from __future__ import annotations

import base64
import importlib.util
import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import httpc
import lifecycle
import load
from fixtures import fixture
from triton_standin import TritonStandin, parse_traceparent

HERE = Path(__file__).resolve().parent
HAS_GRPC = importlib.util.find_spec("grpc") is not None
TRACE_ID = "0af7651916cd43dd8448eb211c12666c"
PARENT = "b7ad6b7169242424"
POD = "supersonic-triton-74c49fcf8-rxzpm"


@pytest.fixture
def triton(tempo):
    server = TritonStandin(POD, f"{tempo.url}/v1/traces", grpc_port=0 if HAS_GRPC else None,
                           queue_ms=20, infer_ms=20, export_interval=30, seed=1).start()
    yield server
    server.stop()


def infer_plain(base_url: str, traceparent: str | None) -> httpc.Response:
    headers = {"Content-Type": "application/json", **({"traceparent": traceparent} if traceparent else {})}
    return httpc.request(f"{base_url}/v2/models/simple/infer", "POST", b'{"inputs": []}', headers)


def exported(tempo, triton, trace_id: str) -> dict:
    """The trace's spans once the stand-in has exported them. The server may record a
    request's spans just after answering it, so flush and look again until they arrive."""
    deadline = time.monotonic() + 10
    while True:
        triton.exporter.flush()
        body = json.loads(httpc.get(f"{tempo.url}/api/v2/traces/{trace_id}").body)
        if body["trace"].get("resourceSpans") or time.monotonic() > deadline:
            break
        time.sleep(0.05)
    [resource_spans] = body["trace"]["resourceSpans"]
    return resource_spans


def spans_by_name(resource_spans: dict) -> dict[str, dict]:
    return {s["name"]: s for ss in resource_spans["scopeSpans"] for s in ss["spans"]}


def signature(span: dict) -> tuple:
    """Name, kind, event names and attribute (key, type) pairs of a span."""
    return (span["kind"], [e["name"] for e in span.get("events", [])],
            sorted((a["key"], next(iter(a["value"]))) for a in span.get("attributes", [])))


def test_span_tree_has_the_reference_shape(tempo, triton):
    tempo.load_json_file(fixture("triton/SYNTHESIZED_triton_spans_behind_envoy.otlp.json"))
    reference_spans = spans_by_name(json.loads(httpc.get(f"{tempo.url}/api/v2/traces/{TRACE_ID}").body)
                                    ["trace"]["resourceSpans"][0])
    httpc.request(f"{tempo.url}/__reset", "POST")
    assert infer_plain(triton.http_url, f"00-{TRACE_ID}-{PARENT}-01").status == 200
    resource_spans = exported(tempo, triton, TRACE_ID)
    spans = spans_by_name(resource_spans)
    assert set(spans) == set(reference_spans) == {"InferRequest", "simple", "compute"}
    for name, span in spans.items():
        assert signature(span) == signature(reference_spans[name]), name
    assert resource_spans["scopeSpans"][0]["scope"] == {"name": "triton-server"}
    resource = {a["key"]: a["value"]["stringValue"] for a in resource_spans["resource"]["attributes"]}
    assert resource["service.name"] == resource["pod_name"] == POD
    assert resource["telemetry.sdk.language"] == "cpp"


def test_parents_and_phases(tempo, triton):
    infer_plain(triton.http_url, f"00-{TRACE_ID}-{PARENT}-01")
    spans = spans_by_name(exported(tempo, triton, TRACE_ID))
    root, model, compute = spans["InferRequest"], spans["simple"], spans["compute"]
    assert base64.b64decode(root["parentSpanId"]) == bytes.fromhex(PARENT)
    assert model["parentSpanId"] == root["spanId"] and compute["parentSpanId"] == model["spanId"]
    events = {e["name"]: int(e["timeUnixNano"]) for s in spans.values() for e in s["events"]}
    assert events["HTTP_RECV_START"] <= events["HTTP_RECV_END"] < int(root["startTimeUnixNano"])
    queue_ms = (events["COMPUTE_START"] - events["QUEUE_START"]) / 1e6
    infer_ms = (events["COMPUTE_OUTPUT_START"] - events["COMPUTE_INPUT_END"]) / 1e6
    assert 19 <= queue_ms < 60 and 16 <= infer_ms < 60


def test_unsampled_parent_is_still_continued(tempo, triton):
    infer_plain(triton.http_url, f"00-{TRACE_ID}-{PARENT}-00")
    assert "parentSpanId" in spans_by_name(exported(tempo, triton, TRACE_ID))["InferRequest"]


@pytest.mark.parametrize("header", [None, "garbage", f"00-{'0' * 32}-{PARENT}-01"])
def test_without_valid_traceparent_triton_starts_a_trace(tempo, triton, header):
    infer_plain(triton.http_url, header)
    deadline = time.monotonic() + 10
    while True:
        triton.exporter.flush()
        found = json.loads(httpc.get(f"{tempo.url}/api/search", {"q": '{ name = "InferRequest" }'}).body).get("traces", [])
        if found or time.monotonic() > deadline:
            break
        time.sleep(0.05)
    [trace] = found
    assert trace["rootServiceName"] == POD and trace["rootTraceName"] == "InferRequest"


def test_traceparent_parsing():
    assert parse_traceparent(f"00-{TRACE_ID}-{PARENT}-01") == (bytes.fromhex(TRACE_ID), bytes.fromhex(PARENT))
    assert parse_traceparent(f"ff-{TRACE_ID}-{PARENT}-01") is None
    assert parse_traceparent(f"00-{TRACE_ID}-{'0' * 16}-01") is None


@pytest.mark.skipif(not HAS_GRPC, reason="grpcio is not installed")
def test_grpc_request_has_grpc_events(tempo, triton):
    import grpc
    with grpc.insecure_channel(f"127.0.0.1:{triton.grpc_port}") as channel:
        assert load.grpc_infer(channel, "simple", f"00-{TRACE_ID}-{PARENT}-01") == 0
    root = spans_by_name(exported(tempo, triton, TRACE_ID))["InferRequest"]
    assert [e["name"] for e in root["events"]] == ["GRPC_WAITREAD_START", "GRPC_WAITREAD_END",
                                                   "INFER_RESPONSE_COMPLETE", "GRPC_SEND_START", "GRPC_SEND_END"]


def test_failures_and_metrics(tempo):
    failing = TritonStandin(POD, f"{tempo.url}/v1/traces", queue_ms=0, infer_ms=0, error_rate=1.0).start()
    try:
        assert infer_plain(failing.http_url, None).status == 500
        assert load.http_infer(failing.http_url, "simple") == 500
        metrics = httpc.get(f"{failing.http_url}/metrics").text
        assert 'nv_inference_request_failure{model="simple",version="1"} 2' in metrics
        assert "nv_gpu_utilization{" in metrics and "nv_inference_queue_duration_us{" in metrics
    finally:
        failing.stop()
    assert json.loads(httpc.get(f"{tempo.url}/__stats").body)["spans"] == 6   # flushed on stop


def test_cli_flushes_spans_on_sigterm(tmp_path, tempo):
    port_file = tmp_path / "port"
    proc = subprocess.Popen([sys.executable, str(HERE / "triton_standin.py"), "--pod-name", POD,
                             "--otlp-url", f"{tempo.url}/v1/traces", "--port-file", str(port_file),
                             "--export-interval", "60", "--queue-ms", "0", "--infer-ms", "1"],
                            stdout=subprocess.DEVNULL)
    try:
        port = lifecycle.read_port_file(port_file, proc)
        assert load.http_infer(f"http://127.0.0.1:{port}", "simple") == 200
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(10) == 0
        assert json.loads(httpc.get(f"{tempo.url}/__stats").body)["spans"] == 3
    finally:
        lifecycle.stop_process(proc)
