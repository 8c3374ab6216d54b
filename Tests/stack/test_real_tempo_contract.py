"""The Tempo stand-in cannot drift from the real Tempo: the same requests go to both,
holding the same traces, and their answers must have the same shape (status, content
type, keys and value types, protobuf fields) and, for errors, the same text.

The stand-in is loaded with traces fetched from the real Tempo, so the two answer about
the same spans; values that depend on storage (byte counts, job counts, ordering) are not
compared, only their presence and type."""

from __future__ import annotations

import json
import time

import pytest
from opentelemetry.proto.trace.v1 import trace_pb2

import httpc
import otlp
import pbwire
from real_stack import tempo_search
from tempo_standin import TempoStandin

pytestmark = pytest.mark.real_tempo

# Keys whose members are names from the data (services), not fields.
MAPS = {"serviceStats"}
PROTOBUF = "application/protobuf"


def shape(value, key: str = ""):
    """Keys and value types of a JSON document; list items and map members are merged."""
    if isinstance(value, dict):
        if key in MAPS:
            merged = {}
            for member in value.values():
                merged.update(shape(member))
            return {"<name>": merged}
        return {k: shape(v, k) for k, v in sorted(value.items())}
    if isinstance(value, list):
        merged = None
        for item in value:
            s = shape(item)
            merged = {**merged, **s} if isinstance(merged, dict) and isinstance(s, dict) else s
        return [merged]
    return type(value).__name__


def protobuf_shape(body: bytes) -> dict:
    """Top-level field numbers and wire types, and the span count of the trace inside
    (``tempopb.Trace`` is field 1 of v2's ``TraceByIDResponse``; v1 sends the Trace itself)."""
    fields = {number: wire for number, wire, _ in pbwire.iter_fields(body)}
    values = {number: value for number, _, value in pbwire.iter_fields(body)}
    trace_bytes = body if 2 not in fields else values.get(1, b"")
    spans = sum(len(ss.spans) for rs in trace_pb2.TracesData.FromString(trace_bytes).resource_spans
                for ss in rs.scope_spans)
    return {"fields": fields, "spans": spans}


def answer_shape(base: str, path: str, params: dict, accept: str | None):
    answer = httpc.get(f"{base}{path}", params, {"Accept": accept} if accept else None)
    content_type = answer.headers.get("content-type")
    if not answer.body:
        body = "<empty>"
    elif PROTOBUF in (content_type or ""):
        body = protobuf_shape(answer.body)
    elif "json" in (content_type or ""):
        body = shape(json.loads(answer.body))
    else:
        body = answer.text
    return answer.status, content_type, body


@pytest.fixture(scope="module")
def twins(real_stack):
    """(real Tempo URL, stand-in URL, trace ids both hold: some with errors)."""
    tempo = real_stack.tempo.url
    ids = [t["traceID"] for q in ('{ name = "InferRequest" }', "{ status = error }")
           for t in tempo_search(tempo, q, seconds=600, limit=20)]
    standin = TempoStandin(cutoff_seconds=0).start()
    for trace_id in ids:
        standin.store.add(otlp.parse_otlp_json(json.loads(httpc.get(f"{tempo}/api/traces/{trace_id}").body)))
    yield tempo, standin.url, ids
    standin.stop()


def requests(ids: list[str]) -> list[tuple[str, str, dict, str | None]]:
    now = int(time.time())
    # A limit above the number of traces: both answers then hold error traces, whose
    # serviceStats carry errorCount (omitted when 0).
    window = {"start": now - 600, "end": now + 1, "limit": 5000}
    trimmed = next((i for i in ids if len(i) < 32), ids[0])
    return [
        ("search", "/api/search", {**window}, None),
        ("search with q", "/api/search", {**window, "q": '{ name = "InferRequest" }'}, None),
        ("search with select", "/api/search",
         {**window, "q": '{ name = "InferRequest" } | select(resource.service.name, span.triton.model_name)'}, None),
        ("search for errors", "/api/search", {**window, "q": "{ status = error }", "spss": 0}, None),
        ("trace v1 JSON", f"/api/traces/{ids[0]}", {}, None),
        ("trace v1 protobuf", f"/api/traces/{ids[0]}", {}, PROTOBUF),
        ("trace v2 JSON", f"/api/v2/traces/{ids[0]}", {}, None),
        ("trace v2 protobuf", f"/api/v2/traces/{ids[0]}", {}, PROTOBUF),
        ("trimmed id v2", f"/api/v2/traces/{trimmed}", {}, None),
        ("padded id v1", f"/api/traces/{trimmed.rjust(32, '0')}", {}, None),
        ("unknown id v1", "/api/traces/c0ffee", {}, None),
        ("unknown id v1 protobuf", "/api/traces/c0ffee", {}, PROTOBUF),
        ("unknown id v2", "/api/v2/traces/c0ffee", {}, None),
        ("unknown id v2 protobuf", "/api/v2/traces/c0ffee", {}, PROTOBUF),
        ("bad id v1", "/api/traces/nothex", {}, None),
        ("bad id v2", "/api/v2/traces/nothex", {}, None),
        ("too long id", f"/api/v2/traces/{'1' * 33}", {}, None),
        ("bad TraceQL", "/api/search", {"q": "{ name = }"}, None),
        ("unterminated TraceQL", "/api/search", {"q": '{ name = "x"'}, None),
        ("q and tags", "/api/search", {"q": "{}", "tags": "a=b"}, None),
        ("start after end", "/api/search", {"start": now, "end": now - 10}, None),
        ("end alone", "/api/search", {"end": now}, None),
        ("bad limit", "/api/search", {"limit": "x"}, None),
        ("zero limit", "/api/search", {"limit": 0, "q": "{}"}, None),
        ("negative spss", "/api/search", {"spss": -1, "q": "{}"}, None),
        ("tags", "/api/search/tags", {}, None),
        ("tags of a scope", "/api/search/tags", {"scope": "resource"}, None),
        ("tags v2", "/api/v2/search/tags", {}, None),
        ("tag values", "/api/search/tag/service.name/values", {}, None),
        ("tag values v2", "/api/v2/search/tag/resource.service.name/values", {}, None),
        ("intrinsic values v2", "/api/v2/search/tag/name/values", {}, None),
        ("build info", "/api/status/buildinfo", {}, None),
        ("echo", "/api/echo", {}, None),
        ("ready", "/ready", {}, None),
        ("unknown path", "/api/nope", {}, None),
    ]


def test_standin_answers_like_the_real_tempo(twins):
    tempo, standin, ids = twins
    assert len(ids) >= 20
    drift = []
    for name, path, params, accept in requests(ids):
        real, ours = answer_shape(tempo, path, params, accept), answer_shape(standin, path, params, accept)
        if real != ours:
            drift.append(f"{name} ({path} {params}):\n  real Tempo: {real}\n  stand-in:   {ours}")
    assert not drift, "the stand-in drifted from Tempo v2.10.8:\n" + "\n".join(drift)
