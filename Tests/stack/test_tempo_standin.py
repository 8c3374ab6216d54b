"""The Tempo stand-in answers in Tempo's exact encodings: given the traces of
Tests/Fixtures/tempo/input/, its answers are compared with what a real Tempo
v2.10.8 answered for the same traces (Tests/Fixtures/tempo/recorded/, written by
Tests/Fixtures/record_tempo.py), and it ingests the real Envoy 1.40 OTLP bodies
posted with chunked encoding."""

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
from fixtures import fixture
from tempo_standin import TempoStandin

INPUT = "tempo/input/"
RECORDED = "tempo/recorded/"
TRITON = "triton/SYNTHESIZED_triton_spans_behind_envoy.otlp.json"
ONE_SPAN_ID = "5b1e0c4f9a7d3e2c8b6a4f1d0e9c7b5a"
HERE = Path(__file__).resolve().parent


def recorded(name: str):
    """What the real Tempo answered (Tests/Fixtures/tempo/recorded/<name>), parsed."""
    return json.loads(fixture(RECORDED + name).read_bytes())


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


def envoy_bodies(variant: str) -> list[bytes]:
    return [p.read_bytes() for p in sorted(fixture(f"envoy/otlp_bodies/{variant}").glob("*.bin"))]


def post_chunked(tempo, body: bytes, **headers) -> httpc.Response:
    return httpc.request(f"{tempo.url}/v1/traces", "POST", body,
                         {"Content-Type": "application/x-protobuf", **headers}, chunk_size=1000)


# ---- encodings against the real Tempo ----------------------------------------------


def test_v2_trace_is_what_the_real_tempo_answers(tempo):
    load(tempo, fixture(INPUT + "one-span.otlp.json"))
    answer = httpc.get(f"{tempo.url}/api/v2/traces/{ONE_SPAN_ID}")
    assert answer.status == 200 and answer.headers["content-type"] == "application/json"
    body = json.loads(answer.body)
    assert body["trace"] == recorded("trace_v2_one-span.json")["trace"]
    assert set(body) == {"trace", "metrics"} and body["metrics"]["inspectedBytes"].isdigit()


def test_jsonpb_trace_round_trips_exactly(tempo):
    """Tempo's own jsonpb (base64 ids, int64 strings, omitted zero values) read and written back."""
    ref = recorded("trace_v1_jsonpb-shapes.json")
    load(tempo, fixture(RECORDED + "trace_v1_jsonpb-shapes.json"))
    trace_id = base64.b64decode(ref["batches"][0]["scopeSpans"][0]["spans"][0]["traceId"]).hex()
    v1 = json.loads(httpc.get(f"{tempo.url}/api/traces/{trace_id}").body)
    assert v1 == ref


def test_v1_batches_are_what_the_real_tempo_answers(tempo):
    """Uppercase hex ids and an integer kind in, Tempo's jsonpb out."""
    load(tempo, fixture(INPUT + "v1-batches-upper-hex.json"))
    answer = json.loads(httpc.get(f"{tempo.url}/api/traces/6C2F1D5E0B8E4F3D9C7B5E2F1A0D8C6B").body)
    span = answer["batches"][0]["scopeSpans"][0]["spans"][0]
    assert span["traceId"] == base64.b64encode(bytes.fromhex("6c2f1d5e0b8e4f3d9c7b5e2f1a0d8c6b")).decode()
    assert span["parentSpanId"] == base64.b64encode(bytes.fromhex("a0b1c2d3e4f50173")).decode()
    assert span["kind"] == "SPAN_KIND_SERVER"                     # enum name, not 2
    assert int(span["endTimeUnixNano"]) - int(span["startTimeUnixNano"]) == 10**9   # int64 as strings
    assert span["status"] == {}
    assert answer == recorded("trace_v1_v1-batches.json")


def test_protobuf_trace_by_id(tempo):
    load(tempo, fixture(INPUT + "one-span.otlp.json"))
    accept = {"Accept": "application/protobuf"}
    v1 = httpc.get(f"{tempo.url}/api/traces/{ONE_SPAN_ID}", headers=accept)
    assert v1.headers["content-type"] == "application/protobuf"
    trace = trace_pb2.TracesData.FromString(v1.body)
    assert trace.resource_spans[0].scope_spans[0].spans[0].name == "GET /v2/health/ready"
    v2 = httpc.get(f"{tempo.url}/api/v2/traces/{ONE_SPAN_ID}", headers=accept)
    fields = {number: value for number, _, value in pbwire.iter_fields(v2.body)}
    assert trace_pb2.TracesData.FromString(fields[1]) == trace
    assert dict((n, v) for n, _, v in pbwire.iter_fields(fields[2]))[1] > 0
    unknown = httpc.get(f"{tempo.url}/api/v2/traces/{'1' * 32}", headers=accept)
    assert unknown.status == 200 and [n for n, _, _ in pbwire.iter_fields(unknown.body)] == [1, 2]


def test_search_result_has_the_real_shape(tempo):
    ref = recorded("search_one_span.json")
    load(tempo, fixture(INPUT + "one-span.otlp.json"))
    answer = search(tempo, q='{ resource.service.name = "gateway-api" }')
    assert answer.status == 200
    body = json.loads(answer.body)
    assert shape(body) == shape(ref)
    assert body["traces"] == ref["traces"]                        # ids, times, span sets, service stats
    assert body["traces"][0]["spanSet"] == body["traces"][0]["spanSets"][0]


def test_status_search_is_what_the_real_tempo_answers(tempo):
    ref = recorded("search_status_error.json")
    load(tempo, fixture(INPUT + "servicegraph-failed-requests.otlp.json"))
    body = json.loads(search(tempo, q="{ status = error }").body)
    assert shape(body) == shape(ref)
    assert body["traces"] == ref["traces"]                        # trimmed id, span sets, service stats


@pytest.mark.parametrize("path, ref_name", [
    ("/api/search/tags", "search_tags_v1.json"),
    ("/api/v2/search/tags", "search_tags_v2.json"),
    ("/api/search/tag/service.name/values", "search_tag_values_v1.json"),
    ("/api/v2/search/tag/resource.service.name/values", "search_tag_values_v2.json"),
])
def test_tag_answers_are_what_the_real_tempo_answers(tempo, path, ref_name):
    load(tempo, fixture(INPUT + "servicegraph-queue-database.otlp.json"))
    ref = recorded(ref_name)
    body = json.loads(httpc.get(tempo.url + path).body)
    assert shape(body) == shape(ref)
    if "scopes" in ref:
        # Attribute scopes hold the same names; the intrinsic list is the stand-in's own.
        scoped = {s["name"]: set(s["tags"]) for s in body["scopes"] if s["name"] != "intrinsic"}
        assert scoped == {s["name"]: set(s["tags"]) for s in ref["scopes"] if s["name"] != "intrinsic"}
    else:
        key = "tagNames" if "tagNames" in ref else "tagValues"
        as_set = lambda values: {json.dumps(v, sort_keys=True) for v in values}  # noqa: E731
        assert as_set(body[key]) == as_set(ref[key])


def test_tag_values_are_typed_and_scoped(tempo):
    load(tempo, fixture(TRITON))
    values = json.loads(httpc.get(f"{tempo.url}/api/v2/search/tag/span.triton.model_version/values").body)
    assert values["tagValues"] == [{"type": "int", "value": "1"}]
    names = json.loads(httpc.get(f"{tempo.url}/api/v2/search/tag/name/values").body)
    assert {"type": "string", "value": "InferRequest"} in names["tagValues"]
    scoped = json.loads(httpc.get(f"{tempo.url}/api/search/tags", {"scope": "resource"}).body)
    assert "service.name" in scoped["tagNames"] and "triton.model_name" not in scoped["tagNames"]


# ---- ingest -----------------------------------------------------------------------


@pytest.mark.parametrize("variant", ["default", "spawn", "grpc"])
def test_real_envoy_bodies_round_trip_chunked(tempo, variant):
    expected: dict[bytes, set] = {}
    for body in envoy_bodies(variant):
        assert post_chunked(tempo, body).status == 200
        for rs in trace_service_pb2.ExportTraceServiceRequest.FromString(body).resource_spans:
            for span in rs.scope_spans[0].spans:
                expected.setdefault(span.trace_id, set()).add(span.SerializeToString(deterministic=True))
    for trace_id, spans in expected.items():
        answer = httpc.get(f"{tempo.url}/api/traces/{trace_id.hex()}", headers={"Accept": "application/protobuf"})
        got = trace_pb2.TracesData.FromString(answer.body)
        assert {s.SerializeToString(deterministic=True)
                for rs in got.resource_spans for ss in rs.scope_spans for s in ss.spans} == spans


def test_spans_of_one_trace_are_joined_across_exports(tempo):
    for body in envoy_bodies("spawn"):
        post_chunked(tempo, body)
    trace = json.loads(httpc.get(f"{tempo.url}/api/v2/traces/b80de274533090300c9f57d08c9b0901").body)
    spans = trace["trace"]["resourceSpans"][0]["scopeSpans"][0]["spans"]
    assert sorted(s["name"] for s in spans) == ["router triton egress", "triton-infer-decorated"]
    assert post_chunked(tempo, envoy_bodies("spawn")[0]).status == 200  # re-sent: no duplicates
    assert json.loads(httpc.get(f"{tempo.url}/__stats").body)["spans"] == 14


def test_gzip_and_json_ingest(tempo):
    body = envoy_bodies("default")[0]
    answer = httpc.request(f"{tempo.url}/v1/traces", "POST", gzip.compress(body),
                           {"Content-Type": "application/x-protobuf", "Content-Encoding": "gzip"})
    assert answer.status == 200
    synthesized = fixture(TRITON).read_bytes()
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


def test_trimmed_trace_id_is_accepted(tempo):
    load(tempo, fixture(TRITON))
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


def test_search_filters(tempo):
    for body in envoy_bodies("spawn"):
        post_chunked(tempo, body)
    load(tempo, fixture(TRITON))

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


def test_cli_port_file_preload_and_sigterm(tmp_path):
    port_file = tmp_path / "port"
    proc = subprocess.Popen([sys.executable, str(HERE / "tempo_standin.py"), "--port", "0",
                             "--port-file", str(port_file), "--cutoff-seconds", "0",
                             "--load-otlp-json", str(fixture(INPUT + "one-span.otlp.json"))],
                            stdout=subprocess.DEVNULL)
    try:
        port = lifecycle.read_port_file(port_file, proc)
        assert httpc.get(f"http://127.0.0.1:{port}/api/v2/traces/{ONE_SPAN_ID}").status == 200
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(5) == 0
    finally:
        lifecycle.stop_process(proc)


def test_v2_json_matches_messagetodict(tempo):
    """Our JSON decodes back to the same protobuf the Envoy body carried."""
    body = envoy_bodies("grpc")[0]
    post_chunked(tempo, body)
    request = trace_service_pb2.ExportTraceServiceRequest.FromString(body)
    span = request.resource_spans[0].scope_spans[0].spans[0]
    answer = json.loads(httpc.get(f"{tempo.url}/api/v2/traces/{span.trace_id.hex()}").body)
    got = [s for rs in answer["trace"]["resourceSpans"] for ss in rs["scopeSpans"] for s in ss["spans"]]
    assert json_format.MessageToDict(span) in got


def test_descendant_operator(tempo):
    """``{ A } >> { B }``: B spans under an A span, as the traces view asks for an edge."""
    for body in envoy_bodies("spawn"):
        post_chunked(tempo, body)
    load(tempo, fixture(TRITON))

    def found(q):
        return json.loads(search(tempo, q=q).body).get("traces", [])

    edge = found('{ resource.service.name = "envoy-gateway" } >> { name = "InferRequest" }')
    assert len(edge) == 1 and [s["name"] for s in edge[0]["spanSets"][0]["spans"]] == ["InferRequest"]
    assert found('{ resource.service.name = "nobody" } >> { name = "InferRequest" }') == []
    assert len(found('{ name = "InferRequest" } >> { name = "compute" } | select(name)')) == 1
    bad = search(tempo, q='{ } >> ')
    assert bad.status == 400 and "unexpected $end" in bad.text


# ---- issue 12: hints, orphans, a trace answer without a trace member --------------

FIXTURES = HERE.parent / "Fixtures" / "multi-trace"


def test_hints_orphans_and_refused_hints():
    server = TempoStandin(cutoff_seconds=0).start()
    refusing = TempoStandin(cutoff_seconds=0, refuse_hints=True).start()
    try:
        for s in (server, refusing):
            for line in (FIXTURES / "collector-file-exporter.jsonl").read_text().splitlines():
                s.store.add(otlp.parse_otlp_json(json.loads(line)))
        q = '{ name = "InferRequest" } | select(status, statusMessage) with (most_recent=true)'
        hits = json.loads(search(server, q=q, limit=2).body)["traces"]
        assert [h["traceID"] for h in hits] == ["f067aa0ba902b7e3b0c7f9a1d2e3f4", "5b8efff798038103d269b633813fc60c"]
        attributes = {a["key"]: a["value"]["stringValue"] for a in hits[0]["spanSets"][0]["spans"][0]["attributes"]}
        assert attributes == {"status": "error", "statusMessage": "CUDA out of memory"}
        orphans = json.loads(search(server, q='{ } !> { name = "InferRequest" }').body)["traces"]
        assert [h["traceID"] for h in orphans] == ["f067aa0ba902b7e3b0c7f9a1d2e3f4"]
        refused = search(refusing, q=q)
        assert refused.status == 400 and "unexpected IDENTIFIER" in refused.text
        assert search(refusing, q='{ name = "InferRequest" }').status == 200
    finally:
        server.stop()
        refusing.stop()


def test_no_trace_member_fault(tempo):
    set_fault(tempo, mode="no-trace-member", path_prefix="/api/v2/traces/")
    answer = httpc.get(f"{tempo.url}/api/v2/traces/0123456789abcdef0123456789abcdef")
    assert answer.status == 200 and json.loads(answer.body) == {"metrics": {}}
