"""The Tempo stand-in answers in Tempo's exact encodings: its answers are
compared with the reference payloads in ../shared/reference/tempo/, and it
ingests the real Envoy 1.40 OTLP bodies posted with chunked encoding."""

from __future__ import annotations

import base64
import gzip
import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from google.protobuf import json_format
from opentelemetry.proto.collector.trace.v1 import trace_service_pb2
from opentelemetry.proto.trace.v1 import trace_pb2

import httpc
import lifecycle
import otlp
import pbwire
from tempo_standin import TempoStandin

TRACE_V2_ID = "5b8efff798038103d269b633813fc700"
HERE = Path(__file__).resolve().parent


def shape(value):
    """Keys and value types of a JSON value (lists by their first element)."""
    if isinstance(value, dict):
        return {k: shape(v) for k, v in value.items()}
    if isinstance(value, list):
        return [shape(value[0])] if value else []
    return type(value).__name__


def load(tempo: TempoStandin, path: Path) -> None:
    tempo.load_json_file(path)


def search(tempo, **params) -> httpc.Response:
    return httpc.get(f"{tempo.url}/api/search", params)


def envoy_bodies(reference: Path, variant: str) -> list[bytes]:
    return [p.read_bytes() for p in sorted((reference / "envoy" / "otlp_bodies" / variant).glob("*.bin"))]


def post_chunked(tempo, body: bytes, **headers) -> httpc.Response:
    return httpc.request(f"{tempo.url}/v1/traces", "POST", body,
                         {"Content-Type": "application/x-protobuf", **headers}, chunk_size=1000)


# ---- encodings against the reference --------------------------------------------


def test_v2_trace_is_byte_for_byte_the_reference(tempo, reference):
    ref = json.loads((reference / "tempo" / "trace_v2_response.json").read_text())
    load(tempo, reference / "tempo" / "trace_v2_response.json")
    answer = httpc.get(f"{tempo.url}/api/v2/traces/{TRACE_V2_ID}")
    assert answer.status == 200 and answer.headers["content-type"] == "application/json"
    body = json.loads(answer.body)
    assert body["trace"] == ref["trace"]
    assert set(body) == {"trace", "metrics"} and body["metrics"]["inspectedBytes"].isdigit()


def test_jsonpb_trace_round_trips_exactly(tempo, reference):
    path = reference / "tempo" / "tempo-vulture_trace.jsonpb.json"
    ref = json.loads(path.read_text())
    load(tempo, path)
    trace_id = base64.b64decode(ref["resourceSpans"][0]["scopeSpans"][0]["spans"][0]["traceId"]).hex()
    v1 = json.loads(httpc.get(f"{tempo.url}/api/traces/{trace_id}").body)
    assert v1 == {"batches": ref["resourceSpans"]}


def test_v1_batches_match_the_tempopb_reference(tempo, reference):
    path = reference / "tempo" / "tempopb_trace_v1_batches.json"
    ref = json.loads(path.read_text())
    load(tempo, path)
    answer = json.loads(httpc.get(f"{tempo.url}/api/traces/5B8EFFF798038103D269B633813FC60C").body)
    assert shape(answer)["batches"][0]["scopeSpans"][0]["scope"] == shape(ref)["batches"][0]["scopeSpans"][0]["scope"]
    span = answer["batches"][0]["scopeSpans"][0]["spans"][0]
    assert span["traceId"] == "W47/95gDgQPSabYzgT/GDA=="          # base64, not the file's hex
    assert span["parentSpanId"] == "7uGbfsPBsXM="
    assert span["kind"] == "SPAN_KIND_SERVER"                     # enum name, not 2
    assert span["startTimeUnixNano"] == "1544712660000000000"     # int64 as a string
    assert span["status"] == {}
    assert answer == {"batches": otlp.tempo_json(otlp.parse_otlp_json(ref))}


def test_protobuf_trace_by_id(tempo, reference):
    load(tempo, reference / "tempo" / "trace_v2_response.json")
    accept = {"Accept": "application/protobuf"}
    v1 = httpc.get(f"{tempo.url}/api/traces/{TRACE_V2_ID}", headers=accept)
    assert v1.headers["content-type"] == "application/protobuf"
    trace = trace_pb2.TracesData.FromString(v1.body)
    assert trace.resource_spans[0].scope_spans[0].spans[0].name == "I am a span!"
    v2 = httpc.get(f"{tempo.url}/api/v2/traces/{TRACE_V2_ID}", headers=accept)
    fields = {number: value for number, _, value in pbwire.iter_fields(v2.body)}
    assert trace_pb2.TracesData.FromString(fields[1]) == trace
    assert dict((n, v) for n, _, v in pbwire.iter_fields(fields[2]))[1] > 0
    unknown = httpc.get(f"{tempo.url}/api/v2/traces/{'1' * 32}", headers=accept)
    assert unknown.status == 200 and [n for n, _, _ in pbwire.iter_fields(unknown.body)] == [1, 2]


def test_search_result_has_the_reference_shape(tempo, reference):
    ref = json.loads((reference / "tempo" / "search_response.json").read_text())
    load(tempo, reference / "tempo" / "trace_v2_response.json")
    answer = search(tempo, q='{ resource.service.name = "my.service" }')
    assert answer.status == 200
    body = json.loads(answer.body)
    # Tempo 2.10 adds serviceStats, which the documented example predates (the real-Tempo
    # contract test checks its shape).
    stats = [t.pop("serviceStats") for t in body["traces"]]
    assert stats == [{"my.service": {"spanCount": 1}}]
    assert shape(body) == shape(ref)
    trace, ref_trace = body["traces"][0], ref["traces"][0]
    assert trace["traceID"] == ref_trace["traceID"]
    assert (trace["rootServiceName"], trace["rootTraceName"]) == ("my.service", "I am a span!")
    assert trace["spanSets"][0]["spans"][0]["attributes"] == ref_trace["spanSets"][0]["spans"][0]["attributes"]
    assert trace["spanSets"][0]["spans"][0]["spanID"] == "eee19b7ec3c1b100"
    assert trace["spanSet"] == trace["spanSets"][0]


def test_status_search_matches_the_reference(tempo, reference):
    ref = json.loads((reference / "tempo" / "search_traceql_status_error_response.json").read_text())
    load(tempo, reference / "tempo" / "servicegraph_input_trace-with-failed-requests.json")
    body = json.loads(search(tempo, q="{ status = error }").body)
    trace = body["traces"][0]
    ref_trace = ref["traces"][0]
    assert shape(trace["spanSets"]) == shape(ref_trace["spanSets"])
    assert trace["spanSets"][0]["spans"][0]["attributes"] == [{"key": "status", "value": {"stringValue": "error"}}]
    assert {k: shape(v) for k, v in trace.items() if k in ref_trace} == shape(ref_trace)


@pytest.mark.parametrize("path, ref_name, key", [
    ("/api/search/tags", "search_tags_v1_response.json", "tagNames"),
    ("/api/v2/search/tags", "search_tags_v2_response.json", "scopes"),
    ("/api/search/tag/service.name/values", "search_tag_values_v1_response.json", "tagValues"),
    ("/api/v2/search/tag/resource.service.name/values", "search_tag_values_v2_response.json", "tagValues"),
])
def test_tag_answers_have_the_reference_shape(tempo, reference, path, ref_name, key):
    load(tempo, reference / "tempo" / "servicegraph_input_trace-with-queue-database.json")
    ref = json.loads((reference / "tempo" / ref_name).read_text())
    body = json.loads(httpc.get(tempo.url + path).body)
    assert shape(body) == shape(ref)
    assert body[key]


def test_tag_values_are_typed_and_scoped(tempo, reference):
    load(tempo, reference / "triton" / "SYNTHESIZED_triton_spans_behind_envoy.otlp.json")
    values = json.loads(httpc.get(f"{tempo.url}/api/v2/search/tag/span.triton.model_version/values").body)
    assert values["tagValues"] == [{"type": "int", "value": "1"}]
    names = json.loads(httpc.get(f"{tempo.url}/api/v2/search/tag/name/values").body)
    assert {"type": "string", "value": "InferRequest"} in names["tagValues"]
    scoped = json.loads(httpc.get(f"{tempo.url}/api/search/tags", {"scope": "resource"}).body)
    assert "service.name" in scoped["tagNames"] and "triton.model_name" not in scoped["tagNames"]


# ---- ingest -----------------------------------------------------------------------


@pytest.mark.parametrize("variant", ["default", "spawn", "grpc"])
def test_real_envoy_bodies_round_trip_chunked(tempo, reference, variant):
    expected: dict[bytes, set] = {}
    for body in envoy_bodies(reference, variant):
        assert post_chunked(tempo, body).status == 200
        for rs in trace_service_pb2.ExportTraceServiceRequest.FromString(body).resource_spans:
            for span in rs.scope_spans[0].spans:
                expected.setdefault(span.trace_id, set()).add(span.SerializeToString(deterministic=True))
    for trace_id, spans in expected.items():
        answer = httpc.get(f"{tempo.url}/api/traces/{trace_id.hex()}", headers={"Accept": "application/protobuf"})
        got = trace_pb2.TracesData.FromString(answer.body)
        assert {s.SerializeToString(deterministic=True)
                for rs in got.resource_spans for ss in rs.scope_spans for s in ss.spans} == spans


def test_spans_of_one_trace_are_joined_across_exports(tempo, reference):
    for body in envoy_bodies(reference, "spawn"):
        post_chunked(tempo, body)
    trace = json.loads(httpc.get(f"{tempo.url}/api/v2/traces/b80de274533090300c9f57d08c9b0901").body)
    spans = trace["trace"]["resourceSpans"][0]["scopeSpans"][0]["spans"]
    assert sorted(s["name"] for s in spans) == ["router triton egress", "triton-infer-decorated"]
    assert post_chunked(tempo, envoy_bodies(reference, "spawn")[0]).status == 200  # re-sent: no duplicates
    assert json.loads(httpc.get(f"{tempo.url}/__stats").body)["spans"] == 14


def test_gzip_and_json_ingest(tempo, reference):
    body = envoy_bodies(reference, "default")[0]
    answer = httpc.request(f"{tempo.url}/v1/traces", "POST", gzip.compress(body),
                           {"Content-Type": "application/x-protobuf", "Content-Encoding": "gzip"})
    assert answer.status == 200
    synthesized = (reference / "triton" / "SYNTHESIZED_triton_spans_behind_envoy.otlp.json").read_bytes()
    answer = httpc.request(f"{tempo.url}/v1/traces", "POST", synthesized, {"Content-Type": "application/json"})
    assert answer.status == 200
    assert json.loads(httpc.get(f"{tempo.url}/__stats").body)["spans"] == 3 + 3


def test_undecodable_body_is_rejected(tempo):
    answer = httpc.request(f"{tempo.url}/v1/traces", "POST", b"\xff\xff\xff", {"Content-Type": "application/x-protobuf"})
    assert answer.status == 400


# ---- ids and errors ----------------------------------------------------------------


def test_unknown_trace(tempo):
    v1 = httpc.get(f"{tempo.url}/api/traces/{'ab' * 16}")
    assert (v1.status, v1.body) == (404, b"") and "content-type" not in v1.headers
    v2 = httpc.get(f"{tempo.url}/api/v2/traces/{'ab' * 16}")
    assert (v2.status, json.loads(v2.body)) == (200, {"trace": {}, "metrics": {}})


def test_bad_trace_id(tempo):
    for version in ("", "/v2"):
        answer = httpc.get(f"{tempo.url}/api{version}/traces/nothex")
        assert answer.status == 400
        assert answer.text == "trace IDs can only contain hex characters: invalid character 'n' at position 1"


def test_trimmed_trace_id_is_accepted(tempo, reference):
    load(tempo, reference / "triton" / "SYNTHESIZED_triton_spans_behind_envoy.otlp.json")
    trimmed = search(tempo, q='{ name = "InferRequest" }')
    trace_id = json.loads(trimmed.body)["traces"][0]["traceID"]
    assert trace_id == "af7651916cd43dd8448eb211c12666c"       # leading zero trimmed
    assert httpc.get(f"{tempo.url}/api/traces/{trace_id}").status == 200


def test_bad_traceql(tempo):
    answer = search(tempo, q='{ .foo="bar" ')
    assert answer.status == 400 and answer.headers["content-type"].startswith("text/plain")
    assert answer.text == "invalid TraceQL query: parse error at line 1, col 14: syntax error: unexpected $end"
    both = search(tempo, q="{}", tags="service.name=foo")
    assert (both.status, both.text) == (400, "invalid request: can't specify tags and q in the same query")


def test_tenant_required():
    server = TempoStandin(tenant_required=True, cutoff_seconds=0).start()
    try:
        missing = httpc.get(f"{server.url}/api/search")
        assert (missing.status, missing.text) == (401, "no org id\n")
        assert httpc.get(f"{server.url}/api/search", headers={"X-Scope-OrgID": "cms"}).status == 200
        assert httpc.get(f"{server.url}/ready").text == "ready\n"
    finally:
        server.stop()


def test_health_and_buildinfo(tempo):
    assert httpc.get(f"{tempo.url}/ready").text == "ready\n"
    assert httpc.get(f"{tempo.url}/api/echo").text == "echo\n"
    assert json.loads(httpc.get(f"{tempo.url}/api/status/buildinfo").body)["version"] == "2.6.0"


# ---- search semantics ----------------------------------------------------------------


def _now_trace(tempo, name="now-span", offset_s=0.0):
    now = time.time_ns() - int(offset_s * 1e9)
    span = trace_pb2.Span(trace_id=bytes(range(1, 17)), span_id=b"\x00\x01\x02\x03\x04\x05\x06\x07", name=name,
                          kind=trace_pb2.Span.SPAN_KIND_SERVER, start_time_unix_nano=now,
                          end_time_unix_nano=now + 15_000_000)
    rs = trace_pb2.ResourceSpans(scope_spans=[trace_pb2.ScopeSpans(spans=[span])])
    rs.resource.attributes.append(otlp.key_value("service.name", "fresh"))
    tempo.store.add([rs])


def test_query_end_cutoff_hides_recent_traces():
    server = TempoStandin(cutoff_seconds=30).start()
    try:
        _now_trace(server)
        assert "traces" not in json.loads(search(server, q="{}").body)
        server.cutoff_seconds = 0
        assert len(json.loads(search(server, q="{}").body)["traces"]) == 1
    finally:
        server.stop()


def test_search_filters(tempo, reference):
    for body in envoy_bodies(reference, "spawn"):
        post_chunked(tempo, body)
    load(tempo, reference / "triton" / "SYNTHESIZED_triton_spans_behind_envoy.otlp.json")

    def found(**params):
        return json.loads(search(tempo, **params).body).get("traces", [])

    assert len(found(q="{}")) == 7
    assert "spanSets" not in found()[0]                                  # no q: no span sets
    assert len(found(q="{}", limit=2)) == 2
    assert len(found(q='{ span.http.status_code = "404" }')) == 1
    assert found(q='{ span.http.status_code = 404 }') == []              # typed: string attribute
    assert len(found(q='{ resource.service.name = "envoy-gateway" && span.http.status_code = "503" }')) == 1
    errors = found(q="{ status = error } | select(name)")
    assert {s["name"] for t in errors for s in t["spanSets"][0]["spans"]} >= {"ingress"}
    triton = found(q='{ resource.service.name = "triton-inference-server" }', spss=2)[0]
    assert triton["spanSets"][0]["matched"] == 3 and len(triton["spanSets"][0]["spans"]) == 2
    assert "name" not in triton["spanSets"][0]["spans"][0]
    assert len(found(q="{ duration > 1s }")) == 0
    assert len(found(q="{ duration > 1ms && kind = server }")) >= 1
    start = 1795925540
    assert len(found(q="{}", start=start - 3600, end=start - 60)) == 0


# ---- faults ------------------------------------------------------------------------------


def set_fault(tempo, **fault):
    assert httpc.request(f"{tempo.url}/__fault", "POST", json.dumps(fault).encode()).status == 200


@pytest.mark.parametrize("mode, status", [("500", 500), ("401", 401)])
def test_error_faults(tempo, mode, status):
    set_fault(tempo, mode=mode, count=1)
    assert search(tempo).status == status
    assert search(tempo).status == 200              # count=1: back to normal


def test_malformed_fault(tempo):
    set_fault(tempo, mode="malformed")
    answer = search(tempo)
    with pytest.raises(json.JSONDecodeError):
        json.loads(answer.body)
    set_fault(tempo, mode="none")
    json.loads(search(tempo).body)


def test_hang_fault_times_out_the_client(tempo):
    set_fault(tempo, mode="hang", seconds=10, path_prefix="/api/search")
    started = time.monotonic()
    with pytest.raises(TimeoutError):
        httpc.get(f"{tempo.url}/api/search", timeout=1)
    assert time.monotonic() - started < 3
    assert httpc.get(f"{tempo.url}/ready").status == 200   # other paths unaffected


def test_slow_fault_trickles(tempo):
    set_fault(tempo, mode="slow", seconds=1)
    started = time.monotonic()
    assert search(tempo).status == 200
    assert time.monotonic() - started >= 0.9


@pytest.mark.parametrize("headers", [{}, {"Accept-Encoding": "gzip"}])
def test_oversized_fault_is_streamed(tempo, headers):
    size = 5 << 20
    set_fault(tempo, mode="oversized", bytes=size)
    answer = httpc.get(f"{tempo.url}/api/search", headers=headers, timeout=30)
    body = gzip.decompress(answer.body) if headers else answer.body
    assert len(body) == size and body.startswith(b'{"traces":[')
    if headers:
        assert answer.headers["transfer-encoding"] == "chunked" and len(answer.body) < size // 10


def test_unknown_fault_mode_is_rejected(tempo):
    answer = httpc.request(f"{tempo.url}/__fault", "POST", b'{"mode": "explode"}')
    assert answer.status == 400


# ---- CLI --------------------------------------------------------------------------------


def test_cli_port_file_preload_and_sigterm(tmp_path, reference):
    port_file = tmp_path / "port"
    proc = subprocess.Popen([sys.executable, str(HERE / "tempo_standin.py"), "--port", "0",
                             "--port-file", str(port_file), "--cutoff-seconds", "0",
                             "--load-otlp-json", str(reference / "tempo" / "trace_v2_response.json")],
                            stdout=subprocess.DEVNULL)
    try:
        port = lifecycle.read_port_file(port_file, proc)
        assert httpc.get(f"http://127.0.0.1:{port}/api/v2/traces/{TRACE_V2_ID}").status == 200
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(5) == 0
    finally:
        lifecycle.stop_process(proc)


def test_v2_json_matches_messagetodict(tempo, reference):
    """Our JSON decodes back to the same protobuf the Envoy body carried."""
    body = envoy_bodies(reference, "grpc")[0]
    post_chunked(tempo, body)
    request = trace_service_pb2.ExportTraceServiceRequest.FromString(body)
    span = request.resource_spans[0].scope_spans[0].spans[0]
    answer = json.loads(httpc.get(f"{tempo.url}/api/v2/traces/{span.trace_id.hex()}").body)
    got = [s for rs in answer["trace"]["resourceSpans"] for ss in rs["scopeSpans"] for s in ss["spans"]]
    assert json_format.MessageToDict(span) in got


def test_descendant_operator(tempo, reference):
    """``{ A } >> { B }``: B spans under an A span, as the traces view asks for an edge."""
    for body in envoy_bodies(reference, "spawn"):
        post_chunked(tempo, body)
    load(tempo, reference / "triton" / "SYNTHESIZED_triton_spans_behind_envoy.otlp.json")

    def found(q):
        return json.loads(search(tempo, q=q).body).get("traces", [])

    edge = found('{ resource.service.name = "envoy-gateway" } >> { name = "InferRequest" }')
    assert len(edge) == 1 and [s["name"] for s in edge[0]["spanSets"][0]["spans"]] == ["InferRequest"]
    assert found('{ resource.service.name = "nobody" } >> { name = "InferRequest" }') == []
    assert len(found('{ name = "InferRequest" } >> { name = "compute" } | select(name)')) == 1
    bad = search(tempo, q='{ } >> ')
    assert bad.status == 400 and "unexpected $end" in bad.text
