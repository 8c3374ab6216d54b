"""OTLP trace helpers shared by the test-stack servers.

* ``parse_otlp_json`` reads every JSON spelling of a trace that the project
  meets: OTLP/JSON from the Collector (hex ids, integer kinds), Tempo's
  gogo-jsonpb (base64 ids, enum names), Tempo v1 ``{"batches": [...]}`` and
  v2 ``{"trace": {"resourceSpans": [...]}}``. It returns protobuf
  ``ResourceSpans`` messages.
* ``tempo_json`` writes ``ResourceSpans`` the way Tempo's gogo jsonpb does:
  camelCase, base64 ids, int64 as strings, enum names, zero values omitted,
  but ``resource``, ``scope`` and ``status`` always present (gogo
  non-nullable fields).
* ``decode_export`` reads an OTLP/HTTP export body (protobuf or JSON).
* ``key_value`` / ``any_value`` build attributes from Python values.
"""

from __future__ import annotations

import base64
import copy
import json
import string

from google.protobuf import json_format
from opentelemetry.proto.collector.trace.v1 import trace_service_pb2
from opentelemetry.proto.common.v1 import common_pb2
from opentelemetry.proto.trace.v1 import trace_pb2

_HEX = set(string.hexdigits)
_ID_FIELDS = ("traceId", "spanId", "parentSpanId")
_HEX_ID_LENGTHS = (16, 32)


def any_value(value: object) -> common_pb2.AnyValue:
    """An OTLP AnyValue for a str, bool, int or float."""
    if isinstance(value, bool):
        return common_pb2.AnyValue(bool_value=value)
    if isinstance(value, int):
        return common_pb2.AnyValue(int_value=value)
    if isinstance(value, float):
        return common_pb2.AnyValue(double_value=value)
    return common_pb2.AnyValue(string_value=str(value))


def key_value(key: str, value: object) -> common_pb2.KeyValue:
    """An OTLP KeyValue attribute."""
    return common_pb2.KeyValue(key=key, value=any_value(value))


def python_value(value: common_pb2.AnyValue) -> object:
    """The Python value of a scalar AnyValue (None for arrays, maps, bytes)."""
    kind = value.WhichOneof("value")
    if kind in ("string_value", "bool_value", "int_value", "double_value"):
        return getattr(value, kind)
    return None


def attributes_dict(attributes) -> dict[str, object]:
    """Repeated KeyValue as a dict of Python scalars."""
    return {kv.key: python_value(kv.value) for kv in attributes}


def service_name(resource) -> str:
    """The resource's ``service.name`` (empty when absent)."""
    value = attributes_dict(resource.attributes).get("service.name")
    return value if isinstance(value, str) else ""


def _id_to_base64(text: str) -> str:
    """Hex (Collector) or base64 (jsonpb) id, as the base64 json_format reads."""
    if len(text) in _HEX_ID_LENGTHS and set(text) <= _HEX:
        return base64.b64encode(bytes.fromhex(text)).decode()
    return text


def _normalise_ids(resource_spans: list) -> None:
    for rs in resource_spans:
        for ss in rs.get("scopeSpans", []) + rs.get("instrumentationLibrarySpans", []):
            for span in ss.get("spans", []):
                for spanlike in [span, *span.get("links", [])]:
                    for key in _ID_FIELDS:
                        if spanlike.get(key):
                            spanlike[key] = _id_to_base64(spanlike[key])


def resource_spans_list(document: dict) -> list:
    """The ResourceSpans list of any supported JSON trace document."""
    if "batches" in document:
        return document["batches"]
    if "trace" in document:
        return document["trace"].get("resourceSpans", [])
    return document.get("resourceSpans", [])


def parse_otlp_json(document: dict) -> list[trace_pb2.ResourceSpans]:
    """Protobuf ResourceSpans from any supported JSON trace document."""
    resource_spans = copy.deepcopy(resource_spans_list(document))
    _normalise_ids(resource_spans)
    data = trace_pb2.TracesData()
    json_format.ParseDict({"resourceSpans": resource_spans}, data, ignore_unknown_fields=True)
    return list(data.resource_spans)


def decode_export(body: bytes, content_type: str) -> list[trace_pb2.ResourceSpans]:
    """The ResourceSpans of an OTLP/HTTP export: JSON when the content type says so,
    else protobuf ``ExportTraceServiceRequest``. Raises on a body that is neither."""
    if "json" in content_type:
        return parse_otlp_json(json.loads(body))
    return list(trace_service_pb2.ExportTraceServiceRequest.FromString(body).resource_spans)


def _tempo_span(span: trace_pb2.Span) -> dict:
    out = json_format.MessageToDict(span)
    out.setdefault("status", {})
    return out


def tempo_json(resource_spans: list[trace_pb2.ResourceSpans]) -> list[dict]:
    """ResourceSpans as Tempo's gogo jsonpb writes them."""
    result = []
    for rs in resource_spans:
        scope_spans = [
            {"scope": json_format.MessageToDict(ss.scope),
             "spans": [_tempo_span(span) for span in ss.spans],
             **({"schemaUrl": ss.schema_url} if ss.schema_url else {})}
            for ss in rs.scope_spans
        ]
        entry = {"resource": json_format.MessageToDict(rs.resource), "scopeSpans": scope_spans}
        if rs.schema_url:
            entry["schemaUrl"] = rs.schema_url
        result.append(entry)
    return result
