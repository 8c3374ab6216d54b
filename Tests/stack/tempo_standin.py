#!/usr/bin/env python3
"""Tempo stand-in: receives OTLP/HTTP and answers Tempo's query API in
Tempo's exact encodings (checked against a real Tempo's answers in
Tests/Fixtures/tempo/recorded/).

Ingest
  ``POST /v1/traces``: OTLP ``ExportTraceServiceRequest`` as protobuf
  (Content-Length or ``Transfer-Encoding: chunked``, as Envoy sends it),
  optionally gzip; or OTLP/JSON when the content type is JSON. Spans are
  joined per trace id across exports (duplicates dropped).

Query API (Tempo 2.6–2.10 shapes; test_real_tempo_contract.py compares them with the real v2.10.8)
  ``/api/traces/<id>`` (v1 ``{"batches"}``; 404 empty body when unknown;
  ``Accept: application/protobuf`` gives ``tempopb.Trace``),
  ``/api/v2/traces/<id>`` (``{"trace","metrics"}``; 200 ``{"trace":{},
  "metrics":{}}`` when unknown; protobuf ``TraceByIDResponse``),
  ``/api/search`` (TraceQL subset, see traceql.py), ``/api/search/tags``,
  ``/api/v2/search/tags``, ``/api/search/tag/<t>/values``,
  ``/api/v2/search/tag/<t>/values``, ``/ready``, ``/api/echo``,
  ``/api/status/buildinfo``.

Answers are gzip-compressed when the client sends ``Accept-Encoding: gzip``.

Test controls (not Tempo)
  ``POST /__fault`` with JSON ``{"mode": M, "seconds": 10, "bytes": 314572800,
  "chunked": false, "path_prefix": "", "count": 0}`` sets a fault on every
  request except ``/__*`` and ingest (or only paths under ``path_prefix``);
  ``count`` > 0 clears it after that many requests. Modes:
  ``none``; ``hang`` (no answer for ``seconds``, then the normal one);
  ``slow`` (a small body trickled over ``seconds``); ``500``; ``401``
  (``no org id``); ``malformed`` (truncated JSON, status 200);
  ``no-trace-member`` (200 ``{"metrics":{}}``: how some Tempo-compatible servers
  answer an unknown trace id, with no ``trace`` member at all); ``oversized``
  (``bytes`` of JSON generated lazily, with Content-Length, or chunked when
  ``chunked`` or gzip). ``GET /__fault`` shows it. ``GET /__stats`` (traces,
  spans, exports, bytes), ``POST /__reset`` (drop all traces).

Behaviour switches
  ``tenant_required``: a query without ``X-Scope-OrgID`` gets 401 ``no org
  id`` (``/ready``, ``/api/echo``, buildinfo and ingest stay open; data is not
  partitioned by tenant). ``cutoff_seconds`` (default 30, like Tempo's
  ``query_end_cutoff``): search ignores traces that started in the most
  recent seconds; 0 disables it. ``refuse_hints``: TraceQL with query hints
  (``with (most_recent=true)``) gets 400 ``unexpected IDENTIFIER``, as from a
  Tempo before 2.5. ``supersonic_kinds``: rewrite span kinds as
  SuperSONIC's collector does (``ingress`` → CLIENT, every other span →
  SERVER). ``max_traces``: keep only the newest traces (retention).

CLI::

    python3 tempo_standin.py --port 0 --port-file PATH [--tenant-required]
        [--cutoff-seconds 30] [--load-otlp-json FILE ...] [--supersonic-kinds]

In-process::

    server = TempoStandin(cutoff_seconds=0).start(); server.url; server.stop()
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import threading
import time
import urllib.parse
import zlib
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from opentelemetry.proto.collector.trace.v1 import trace_service_pb2
from opentelemetry.proto.trace.v1 import trace_pb2

import lifecycle
import otlp
import pbwire
import request_body
import traceql

DEFAULT_LIMIT = 20
DEFAULT_SPSS = 3
ROOT_NOT_YET_RECEIVED = "<root span not yet received>"
BUILD_INFO = {"version": "2.6.0", "revision": "tempo-standin", "branch": "HEAD",
              "buildUser": "sonicmap-tests", "buildDate": "2024-09-05T00:00:00Z", "goVersion": "go1.22.6"}
INTRINSIC_TAGS = ["duration", "event:name", "event:timeSinceStart", "instrumentation:name",
                  "instrumentation:version", "kind", "name", "rootName", "rootServiceName",
                  "span:duration", "span:kind", "span:name", "span:status", "span:statusMessage",
                  "status", "statusMessage", "trace:duration", "trace:rootName", "trace:rootService",
                  "traceDuration"]
_KIND_NAMES = {0: "unspecified", 1: "internal", 2: "server", 3: "client", 4: "producer", 5: "consumer"}
_STATUS_NAMES = {0: "unset", 1: "ok", 2: "error"}


class BadRequest(Exception):
    """A 400 answer with Tempo's plain-text message."""


# ---- storage --------------------------------------------------------------------


@dataclass
class _Group:
    resource: object
    scope: object
    spans: list = field(default_factory=list)


@dataclass
class SpanView:
    """One span with what search needs to evaluate it."""
    span: trace_pb2.Span
    span_attrs: dict
    resource_attrs: dict
    service: str


class StoredTrace:
    """The spans of one trace, grouped by (resource, scope), deduplicated."""

    def __init__(self, trace_id: bytes):
        self.trace_id = trace_id
        self.lock = threading.Lock()
        self.groups: dict[tuple[bytes, bytes], _Group] = {}
        self.seen: set[tuple[bytes, int]] = set()
        self.size = 0
        self._views: list[SpanView] | None = None

    def add(self, resource, scope, span) -> bool:
        key = (span.span_id, span.kind)
        group_key = (resource.SerializeToString(deterministic=True), scope.SerializeToString(deterministic=True))
        with self.lock:
            if key in self.seen:
                return False
            self.seen.add(key)
            group = self.groups.setdefault(group_key, _Group(resource, scope))
            group.spans.append(span)
            self.size += span.ByteSize()
            self._views = None
            return True

    def resource_spans(self) -> list[trace_pb2.ResourceSpans]:
        by_resource: dict[bytes, trace_pb2.ResourceSpans] = {}
        with self.lock:
            for (resource_key, _), group in self.groups.items():
                rs = by_resource.get(resource_key)
                if rs is None:
                    rs = by_resource[resource_key] = trace_pb2.ResourceSpans(resource=group.resource)
                rs.scope_spans.append(trace_pb2.ScopeSpans(scope=group.scope, spans=group.spans))
        return list(by_resource.values())

    def views(self) -> list[SpanView]:
        """Spans with their attributes as dicts, by start time (cached until the next add)."""
        with self.lock:
            if self._views is None:
                views = []
                for group in self.groups.values():
                    resource_attrs = otlp.attributes_dict(group.resource.attributes)
                    service = otlp.service_name(group.resource)
                    views += [SpanView(s, otlp.attributes_dict(s.attributes), resource_attrs, service)
                              for s in group.spans]
                self._views = sorted(views, key=lambda v: v.span.start_time_unix_nano)
            return self._views


class TraceStore:
    """Thread-safe trace storage keyed by the 16-byte trace id."""

    def __init__(self, supersonic_kinds: bool = False, max_traces: int | None = None):
        self.supersonic_kinds = supersonic_kinds
        self.max_traces = max_traces
        self.lock = threading.Lock()
        self.traces: dict[bytes, StoredTrace] = {}
        self.spans = 0
        self.exports = 0

    def add(self, resource_spans: list[trace_pb2.ResourceSpans]) -> None:
        with self.lock:
            self.exports += 1
            for rs in resource_spans:
                for ss in rs.scope_spans:
                    for span in ss.spans:
                        self._add_span(rs.resource, ss.scope, span)

    def _add_span(self, resource, scope, span) -> None:
        span = trace_pb2.Span.FromString(span.SerializeToString())
        if self.supersonic_kinds:
            span.kind = trace_pb2.Span.SPAN_KIND_CLIENT if span.name == "ingress" else trace_pb2.Span.SPAN_KIND_SERVER
        trace_id = bytes(16 - len(span.trace_id)) + span.trace_id
        trace = self.traces.get(trace_id)
        if trace is None:
            trace = self.traces[trace_id] = StoredTrace(trace_id)
            if self.max_traces and len(self.traces) > self.max_traces:
                del self.traces[next(iter(self.traces))]      # oldest first, like retention
        if trace.add(resource, scope, span):
            self.spans += 1

    def get(self, trace_id: bytes) -> StoredTrace | None:
        with self.lock:
            return self.traces.get(trace_id)

    def all(self) -> list[StoredTrace]:
        with self.lock:
            return list(self.traces.values())

    def clear(self) -> None:
        with self.lock:
            self.traces.clear()
            self.spans = self.exports = 0

    def stats(self) -> dict:
        with self.lock:
            return {"traces": len(self.traces), "spans": self.spans, "exports": self.exports,
                    "bytes": sum(t.size for t in self.traces.values())}


# ---- ids ------------------------------------------------------------------------


def parse_trace_id(text: str) -> bytes:
    """Tempo's HexStringToTraceID: hex only, odd length padded, left-padded to 16 bytes."""
    for position, ch in enumerate(text, 1):
        if ch not in "0123456789abcdefABCDEF":
            raise BadRequest(f"trace IDs can only contain hex characters: invalid character '{ch}' at position {position}")
    if len(text) % 2:
        text = "0" + text
    raw = bytes.fromhex(text)
    if len(raw) > 16:
        raise BadRequest("trace IDs can't be larger than 128 bits")
    return bytes(16 - len(raw)) + raw


def trace_id_hex(trace_id: bytes) -> str:
    """Search-result trace id: hex with leading zeros trimmed."""
    return trace_id.hex().lstrip("0")


def span_id_hex(span_id: bytes) -> str:
    """Search-result span id: hex, 16 characters."""
    return span_id.hex().lstrip("0").rjust(16, "0")


# ---- search ---------------------------------------------------------------------


@dataclass
class SearchRequest:
    query: traceql.Query | None
    tags: dict[str, str]
    limit: int
    spss: int
    start_ns: int | None
    end_ns: int | None


def _int_param(params: dict, name: str, default: int | None, parser: str = "ParseInt") -> int | None:
    """An integer parameter; the message names Go's parser as Tempo's does (``Atoi`` for
    limit and spss, ``ParseInt`` for start and end)."""
    if name not in params:
        return default
    text = params[name]
    try:
        return int(text)
    except ValueError:
        raise BadRequest(f'invalid {name}: strconv.{parser}: parsing "{text}": invalid syntax') from None


def parse_tags(text: str) -> dict[str, str]:
    """Tempo's legacy ``tags`` parameter: ``k=v k2="v 2"``."""
    tags: dict[str, str] = {}
    for part in text.split():
        key, _, value = part.partition("=")
        tags[key] = value.strip('"')
    return tags


def parse_search_request(params: dict, cutoff_seconds: float, refuse_hints: bool = False) -> SearchRequest:
    q, tags = params.get("q", ""), params.get("tags", "")
    if q and tags:
        raise BadRequest("invalid request: can't specify tags and q in the same query")
    query = None
    if q:
        try:
            query = traceql.parse(q)
        except traceql.ParseError as err:
            raise BadRequest(f"invalid TraceQL query: {err}") from None
        if refuse_hints and query.hints:
            col = q.rfind("with") + 1
            raise BadRequest(f"invalid TraceQL query: parse error at line 1, col {col}: syntax error: unexpected IDENTIFIER")
    limit = _int_param(params, "limit", DEFAULT_LIMIT, "Atoi")
    if limit <= 0:
        raise BadRequest("invalid limit: must be a positive number")
    spss = _int_param(params, "spss", DEFAULT_SPSS, "Atoi")
    if spss < 0:
        raise BadRequest("invalid spss: must be a non-negative number")
    spss = spss or DEFAULT_SPSS
    start, end = _int_param(params, "start", None), _int_param(params, "end", None)
    if start is not None and start >= (end or 0):
        raise BadRequest(f"http parameter start must be before end. received start={start} end={end or 0}")
    if end is not None and start is None:
        raise BadRequest("error parsing date range: only one of start and end provided: must provide both or neither")
    end_ns = end * 1_000_000_000 if end is not None else None
    if cutoff_seconds > 0:
        cutoff_ns = time.time_ns() - int(cutoff_seconds * 1e9)
        end_ns = cutoff_ns if end_ns is None else min(end_ns, cutoff_ns)
    return SearchRequest(query, parse_tags(tags), limit, spss, start * 1_000_000_000 if start is not None else None, end_ns)


@dataclass
class TraceFacts:
    """Trace-level values used by search."""
    root: SpanView | None
    start_ns: int
    end_ns: int

    @property
    def root_service(self) -> str:
        return self.root.service if self.root else ROOT_NOT_YET_RECEIVED


def trace_facts(views: list[SpanView]) -> TraceFacts:
    roots = [v for v in views if not v.span.parent_span_id]
    return TraceFacts(roots[0] if roots else None,
                      min(v.span.start_time_unix_nano for v in views),
                      max(v.span.end_time_unix_nano for v in views))


def attribute_value(view: SpanView, facts: TraceFacts, attribute: traceql.Attribute):
    """The typed value of an attribute for one span (see traceql.compare)."""
    if attribute.scope != "intrinsic":
        return traceql.scoped_value(attribute, view.span_attrs, view.resource_attrs)
    span = view.span
    return {
        "name": ("string", span.name),
        "status": ("status", _STATUS_NAMES.get(span.status.code, "unset")),
        "statusMessage": ("string", span.status.message),
        "kind": ("kind", _KIND_NAMES.get(span.kind, "unspecified")),
        "duration": ("duration", span.end_time_unix_nano - span.start_time_unix_nano),
        "rootServiceName": ("string", facts.root_service) if facts.root else None,
        "rootName": ("string", facts.root.span.name) if facts.root else None,
        "traceDuration": ("duration", facts.end_ns - facts.start_ns),
    }[attribute.name]


def _matches_tags(view: SpanView, tags: dict[str, str]) -> bool:
    for key, value in tags.items():
        found = view.span_attrs.get(key, view.resource_attrs.get(key))
        if found is None or (value and str(found) != value):
            return False
    return True


def _anyvalue_json(typed) -> dict:
    vtype, value = typed
    if vtype == "int":
        return {"intValue": str(value)}
    if vtype == "float":
        return {"doubleValue": value}
    if vtype == "bool":
        return {"boolValue": value}
    return {"stringValue": str(value)}


def _search_span(view: SpanView, facts: TraceFacts, query: traceql.Query) -> dict:
    span = view.span
    out = {"spanID": span_id_hex(span.span_id)}
    if query.shows_name:
        out["name"] = span.name
    out["startTimeUnixNano"] = str(span.start_time_unix_nano)
    out["durationNanos"] = str(span.end_time_unix_nano - span.start_time_unix_nano)
    attributes = []
    for attribute in query.attributes():
        key, typed = attribute.shown_key, attribute_value(view, facts, attribute)
        if key is not None and typed is not None:
            attributes.append({"key": key, "value": _anyvalue_json(typed)})
    if attributes:
        out["attributes"] = attributes
    return out


def _descends(view: SpanView, views: list[SpanView], facts: TraceFacts, ancestor) -> bool:
    """Whether a span above ``view`` matches ``ancestor`` (TraceQL's ``>>``)."""
    by_id = {v.span.span_id: v for v in views}
    parent, steps = view.span.parent_span_id, 0
    while parent and parent in by_id and steps < len(views):
        above = by_id[parent]
        if traceql.evaluate(ancestor, lambda a, v=above: attribute_value(v, facts, a)):
            return True
        parent, steps = above.span.parent_span_id, steps + 1
    return False


def _has_parent(view: SpanView, views: list[SpanView], facts: TraceFacts, parent_condition) -> bool:
    """Whether ``view``'s parent is in the trace and matches (TraceQL's ``!>`` negates it)."""
    parent = next((v for v in views if view.span.parent_span_id and v.span.span_id == view.span.parent_span_id), None)
    return parent is not None and traceql.evaluate(parent_condition, lambda a, v=parent: attribute_value(v, facts, a))


def search_trace(trace: StoredTrace, request: SearchRequest) -> dict | None:
    """Tempo's TraceSearchMetadata for one trace, or None if it does not match."""
    views = trace.views()
    facts = trace_facts(views)
    if request.end_ns is not None and facts.start_ns > request.end_ns:
        return None
    if request.start_ns is not None and facts.end_ns < request.start_ns:
        return None
    query = request.query or traceql.Query(None)
    matched = [v for v in views if _matches_tags(v, request.tags)
               and traceql.evaluate(query.condition, lambda a, v=v: attribute_value(v, facts, a))
               and (not query.descends or _descends(v, views, facts, query.ancestor))
               and (not query.orphans or not _has_parent(v, views, facts, query.ancestor))]
    if not matched:
        return None
    result = {"traceID": trace_id_hex(trace.trace_id), "rootServiceName": facts.root_service}
    if facts.root:
        result["rootTraceName"] = facts.root.span.name
    result["startTimeUnixNano"] = str(facts.start_ns)
    duration_ms = (facts.end_ns - facts.start_ns) // 1_000_000
    if duration_ms:
        result["durationMs"] = duration_ms
    if request.query is not None:
        # Only a TraceQL hit carries serviceStats (the contract test saw a tags search without).
        result["serviceStats"] = service_stats(views)
        spanset = {"spans": [_search_span(v, facts, query) for v in matched[: request.spss]],
                   "matched": len(matched)}
        result["spanSet"] = spanset
        result["spanSets"] = [spanset]
    return result


def service_stats(views: list[SpanView]) -> dict:
    """A TraceQL hit's ``serviceStats``: spans (and error spans, when any) per service."""
    stats: dict[str, dict] = {}
    for view in views:
        entry = stats.setdefault(view.service, {"spanCount": 0})
        entry["spanCount"] += 1
        if view.span.status.code == trace_pb2.Status.STATUS_CODE_ERROR:
            entry["errorCount"] = entry.get("errorCount", 0) + 1
    return stats


def search(store: TraceStore, request: SearchRequest) -> dict:
    traces = store.all()
    results = [r for r in (search_trace(t, request) for t in traces) if r]
    results.sort(key=lambda r: int(r["startTimeUnixNano"]), reverse=True)
    response = {}
    if results:
        response["traces"] = results[: request.limit]
    # Tempo counts inspected traces only on the tag-search path (no TraceQL).
    counted = {"inspectedTraces": len(traces)} if request.query is None and traces else {}
    response["metrics"] = {**counted, **_inspected(store), "completedJobs": 1, "totalJobs": 1}
    return response


def _inspected(store: TraceStore) -> dict:
    size = store.stats()["bytes"]
    return {"inspectedBytes": str(size)} if size else {}


# ---- tags -----------------------------------------------------------------------


def _scoped_attributes(store: TraceStore, query: traceql.Query | None):
    """Yield (scope, key, value) for every attribute of every matching span."""
    for trace in store.all():
        views = trace.views()
        facts = trace_facts(views)
        for view in views:
            if query and not traceql.evaluate(query.condition, lambda a, v=view: attribute_value(v, facts, a)):
                continue
            yield from (("resource", k, v) for k, v in view.resource_attrs.items())
            yield from (("span", k, v) for k, v in view.span_attrs.items())


def tag_names(store: TraceStore, scope: str) -> dict[str, list[str]]:
    names: dict[str, set[str]] = {"resource": set(), "span": set()}
    for s, key, _ in _scoped_attributes(store, None):
        names[s].add(key)
    scopes = {"resource": sorted(names["resource"]), "span": sorted(names["span"]), "intrinsic": INTRINSIC_TAGS}
    if scope in scopes:
        return {scope: scopes[scope]}
    return scopes


def tag_names_v1(store: TraceStore, scope: str) -> dict:
    scopes = tag_names(store, scope)
    if scope not in scopes:
        scopes.pop("intrinsic")
    names = sorted(set().union(*scopes.values()))
    return _with_metrics(store, {"tagNames": names} if names else {})


def tag_names_v2(store: TraceStore, scope: str) -> dict:
    scopes = [{"name": name, "tags": tags} for name, tags in tag_names(store, scope).items() if tags]
    return _with_metrics(store, {"scopes": scopes} if scopes else {})


def _type_name(value) -> str:
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int"
    if isinstance(value, float):
        return "float"
    return "string"


def _intrinsic_values(store: TraceStore, name: str, query: traceql.Query | None) -> list[dict]:
    values = set()
    for trace in store.all():
        views = trace.views()
        facts = trace_facts(views)
        for view in views:
            if query and not traceql.evaluate(query.condition, lambda a, v=view: attribute_value(v, facts, a)):
                continue
            typed = attribute_value(view, facts, traceql.Attribute("intrinsic", name))
            if typed is not None:
                values.add(typed)
    kind = {"status": "keyword", "kind": "keyword", "duration": "duration"}.get(name, "string")
    return [{"type": kind, "value": str(v)} for _, v in sorted(values)]


def tag_values_v2(store: TraceStore, tag: str, q: str) -> dict:
    attribute = traceql.parse_attribute(tag)
    try:
        query = traceql.parse(q) if q else None
    except traceql.ParseError:
        query = None  # Tempo answers unfiltered values for bad TraceQL here
    if attribute is None:
        raise BadRequest(f"failed to parse tag: {tag}")
    if attribute.scope == "intrinsic":
        values = _intrinsic_values(store, attribute.name, query)
    else:
        found = {(_type_name(v), str(v).lower() if isinstance(v, bool) else str(v))
                 for s, k, v in _scoped_attributes(store, query)
                 if k == attribute.name and attribute.scope in ("any", s) and v is not None}
        values = [{"type": t, "value": v} for t, v in sorted(found)]
    return _with_metrics(store, {"tagValues": values} if values else {})


def tag_values_v1(store: TraceStore, tag: str) -> dict:
    found = sorted({str(v) for _, k, v in _scoped_attributes(store, None) if k == tag and v is not None})
    return _with_metrics(store, {"tagValues": found} if found else {})


def _with_metrics(store: TraceStore, body: dict) -> dict:
    return {**body, "metrics": _inspected(store)}


# ---- trace by id ----------------------------------------------------------------


def trace_v1_json(trace: StoredTrace) -> dict:
    return {"batches": otlp.tempo_json(trace.resource_spans())}


def trace_v2_json(trace: StoredTrace | None) -> dict:
    if trace is None:
        return {"trace": {}, "metrics": {}}
    return {"trace": {"resourceSpans": otlp.tempo_json(trace.resource_spans())},
            "metrics": {"inspectedBytes": str(trace.size)}}


def trace_protobuf(trace: StoredTrace) -> bytes:
    """``tempopb.Trace``: wire-compatible with OTLP TracesData."""
    return trace_pb2.TracesData(resource_spans=trace.resource_spans()).SerializeToString()


def trace_v2_protobuf(trace: StoredTrace | None) -> bytes:
    """``tempopb.TraceByIDResponse``: 1 = Trace, 2 = TraceByIDMetrics{1 = inspectedBytes}."""
    if trace is None:
        return pbwire.field_bytes(1, b"") + pbwire.field_bytes(2, b"")
    metrics = pbwire.field_varint(1, trace.size)
    return pbwire.field_bytes(1, trace_protobuf(trace)) + pbwire.field_bytes(2, metrics)


# ---- faults ---------------------------------------------------------------------


FAULT_MODES = {"none", "hang", "slow", "500", "malformed", "oversized", "401", "no-trace-member"}


@dataclass
class Fault:
    mode: str = "none"
    seconds: float = 10.0
    bytes: int = 300 << 20
    chunked: bool = False
    path_prefix: str = ""
    count: int = 0

    @classmethod
    def from_json(cls, data: dict) -> Fault:
        fault = cls(**{k: v for k, v in data.items() if k in cls.__dataclass_fields__})
        if fault.mode not in FAULT_MODES:
            raise ValueError(f"unknown fault mode {fault.mode!r}; one of {sorted(FAULT_MODES)}")
        return fault


class FaultSwitch:
    """The current fault; ``take`` returns it for a request and counts it down."""

    def __init__(self):
        self.lock = threading.Lock()
        self.fault = Fault()

    def set(self, fault: Fault) -> None:
        with self.lock:
            self.fault = fault

    def take(self, path: str) -> Fault | None:
        with self.lock:
            fault = self.fault
            if fault.mode == "none" or not path.startswith(fault.path_prefix):
                return None
            if fault.count:
                fault.count -= 1
                if fault.count == 0:
                    self.fault = Fault()
            return fault


# ---- HTTP -----------------------------------------------------------------------


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "tempo-standin"
    timeout = 60
    server: _Server

    def log_message(self, fmt, *args):  # quiet unless asked
        if self.server.standin.verbose:
            sys.stderr.write("tempo-standin: " + fmt % args + "\n")

    # -- plumbing
    def _read_body(self) -> bytes:
        try:
            return request_body.read_body(self.rfile, self.headers)
        except request_body.BodyError as err:
            raise BadRequest(str(err)) from None

    def _accepts_gzip(self) -> bool:
        return "gzip" in self.headers.get("Accept-Encoding", "")

    def send(self, status: int, body: bytes = b"", content_type: str | None = None) -> None:
        gzipped = bool(body) and self._accepts_gzip()
        if gzipped:
            body = gzip.compress(body, compresslevel=1)
        self.send_response(status)
        if content_type:
            self.send_header("Content-Type", content_type)
        if gzipped:
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def send_json(self, payload: dict, status: int = 200) -> None:
        self.send(status, json.dumps(payload, separators=(",", ":")).encode(), "application/json")

    def send_text(self, status: int, text: str) -> None:
        self.send(status, text.encode(), "text/plain; charset=utf-8")

    # -- dispatch
    def do_GET(self):
        self._dispatch()

    def do_POST(self):
        self._dispatch()

    def _dispatch(self):
        url = urllib.parse.urlsplit(self.path)
        params = dict(urllib.parse.parse_qsl(url.query, keep_blank_values=True))
        try:
            body = self._read_body() if self.command == "POST" else b""
            if url.path.startswith("/__"):
                return self._admin(url.path, body)
            if url.path == "/v1/traces" and self.command == "POST":
                return self._ingest(body)
            fault = self.server.standin.faults.take(url.path)
            if fault and self._apply_fault(fault):
                return
            self._query(url.path, params)
        except BadRequest as err:
            self.close_connection = True      # the request body may not have been read in full
            self.send_text(400, str(err))     # Tempo's 400 bodies have no trailing newline
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True

    def _needs_tenant(self, path: str) -> bool:
        open_paths = ("/ready", "/api/echo", "/api/status/buildinfo")
        return self.server.standin.tenant_required and path not in open_paths and not self.headers.get("X-Scope-OrgID")

    def _query(self, path: str, params: dict) -> None:
        standin = self.server.standin
        if self._needs_tenant(path):
            return self.send_text(401, "no org id\n")
        store = standin.store
        if path == "/ready":
            return self.send_text(200, "ready\n")
        if path == "/api/echo":
            return self.send_text(200, "echo\n")
        if path == "/api/status/buildinfo":
            return self.send_json(BUILD_INFO)
        if path.startswith("/api/traces/"):
            return self._trace_v1(path.removeprefix("/api/traces/"))
        if path.startswith("/api/v2/traces/"):
            return self._trace_v2(path.removeprefix("/api/v2/traces/"))
        if path == "/api/search":
            return self.send_json(search(store, parse_search_request(params, standin.cutoff_seconds, standin.refuse_hints)))
        if path == "/api/search/tags":
            return self.send_json(tag_names_v1(store, params.get("scope", "")))
        if path == "/api/v2/search/tags":
            return self.send_json(tag_names_v2(store, params.get("scope", "")))
        tag = _tag_from_path(path, "/api/v2/search/tag/")
        if tag:
            return self.send_json(tag_values_v2(store, tag, params.get("q", "")))
        tag = _tag_from_path(path, "/api/search/tag/")
        if tag:
            return self.send_json(tag_values_v1(store, tag))
        self.send_text(404, "404 page not found\n")

    def _wants_protobuf(self) -> bool:
        return "application/protobuf" in self.headers.get("Accept", "")

    def _trace_v1(self, text: str) -> None:
        trace = self.server.standin.store.get(parse_trace_id(text))
        if trace is None:
            return self.send(404)
        if self._wants_protobuf():
            return self.send(200, trace_protobuf(trace), "application/protobuf")
        self.send_json(trace_v1_json(trace))

    def _trace_v2(self, text: str) -> None:
        trace = self.server.standin.store.get(parse_trace_id(text))
        if self._wants_protobuf():
            return self.send(200, trace_v2_protobuf(trace), "application/protobuf")
        self.send_json(trace_v2_json(trace))

    def _ingest(self, body: bytes) -> None:
        content_type = self.headers.get("Content-Type", "")
        try:
            resource_spans = otlp.decode_export(body, content_type)
        except Exception as err:  # noqa: BLE001 - any decoding failure is the sender's problem
            return self.send_text(400, f"unable to decode OTLP body: {err}\n")
        self.server.standin.store.add(resource_spans)
        if "json" in content_type:
            return self.send_json({})
        self.send(200, trace_service_pb2.ExportTraceServiceResponse().SerializeToString(), "application/x-protobuf")

    def _admin(self, path: str, body: bytes) -> None:
        standin = self.server.standin
        if path == "/__fault" and self.command == "POST":
            try:
                standin.faults.set(Fault.from_json(json.loads(body or b"{}")))
            except (ValueError, TypeError) as err:
                return self.send_text(400, f"{err}\n")
            return self.send_json({"ok": True})
        if path == "/__fault":
            return self.send_json(standin.faults.fault.__dict__)
        if path == "/__stats":
            return self.send_json(standin.store.stats())
        if path == "/__reset" and self.command == "POST":
            standin.store.clear()
            return self.send_json({"ok": True})
        self.send_text(404, "unknown admin path\n")

    # -- faults
    def _apply_fault(self, fault: Fault) -> bool:
        """Answer according to the fault; False when the normal answer should follow."""
        if fault.mode == "hang":
            self.server.standin.stopping.wait(fault.seconds)
            return False
        if fault.mode == "500":
            self.send_text(500, "internal error: injected fault\n")
        elif fault.mode == "401":
            self.send_text(401, "no org id\n")
        elif fault.mode == "malformed":
            self.send(200, b'{"traces":[{"traceID":"5b8efff798038103d269b633813fc700","rootServ', "application/json")
        elif fault.mode == "no-trace-member":
            self.send(200, b'{"metrics":{}}', "application/json")
        elif fault.mode == "oversized":
            self._send_oversized(fault)
        elif fault.mode == "slow":
            self._send_slowly(fault)
        return True

    def _send_oversized(self, fault: Fault) -> None:
        """A valid-looking JSON body of ``fault.bytes`` bytes, generated lazily."""
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        gzipped = self._accepts_gzip()
        if gzipped:
            self.send_header("Content-Encoding", "gzip")
        if gzipped or fault.chunked:
            self.send_header("Transfer-Encoding", "chunked")
        else:
            self.send_header("Content-Length", str(fault.bytes))
        self.end_headers()
        compressor = zlib.compressobj(1, zlib.DEFLATED, 31) if gzipped else None
        for piece in _oversized_pieces(fault.bytes):
            if self.server.standin.stopping.is_set():
                return
            data = compressor.compress(piece) if compressor else piece
            self._write_piece(data, gzipped or fault.chunked)
        if compressor:
            self._write_piece(compressor.flush(), True)
        if gzipped or fault.chunked:
            self.wfile.write(b"0\r\n\r\n")

    def _write_piece(self, data: bytes, chunked: bool) -> None:
        if not data:
            return
        if chunked:
            self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
        else:
            self.wfile.write(data)

    def _send_slowly(self, fault: Fault) -> None:
        """A normal-looking body trickled out over ``fault.seconds``."""
        body = json.dumps({"traces": [], "metrics": {}}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        pause = fault.seconds / len(body)
        for i in range(len(body)):
            if self.server.standin.stopping.wait(pause):
                return
            self.wfile.write(body[i:i + 1])
            self.wfile.flush()


def _oversized_pieces(total: int, piece_size: int = 1 << 16):
    head, tail = b'{"traces":[', b']}'
    filler = b'{"traceID":"1","rootServiceName":"x"},'
    yield head
    remaining = total - len(head) - len(tail)
    block = (filler * (piece_size // len(filler) + 1))[:piece_size]
    while remaining > 0:
        piece = block[:remaining]
        remaining -= len(piece)
        yield piece
    yield tail


def _tag_from_path(path: str, prefix: str) -> str | None:
    if path.startswith(prefix) and path.endswith("/values"):
        return urllib.parse.unquote(path[len(prefix): -len("/values")]) or None
    return None


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    standin: TempoStandin


# ---- public API -----------------------------------------------------------------


class TempoStandin:
    """The stand-in server; ``start()`` serves on a background thread."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0, *, tenant_required: bool = False,
                 cutoff_seconds: float = 30.0, supersonic_kinds: bool = False, max_traces: int | None = None,
                 verbose: bool = False, refuse_hints: bool = False):
        self.tenant_required = tenant_required
        self.refuse_hints = refuse_hints
        self.cutoff_seconds = cutoff_seconds
        self.verbose = verbose
        self.store = TraceStore(supersonic_kinds, max_traces)
        self.faults = FaultSwitch()
        self.stopping = threading.Event()
        self.httpd = _Server((host, port), Handler)
        self.httpd.standin = self
        self.thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        return self.httpd.server_address[1]

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def load_json_file(self, path: str | Path) -> None:
        self.store.add(otlp.parse_otlp_json(json.loads(Path(path).read_text())))

    def start(self) -> TempoStandin:
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05},
                                       name="tempo-standin", daemon=True)
        self.thread.start()
        return self

    def stop(self) -> None:
        self.stopping.set()
        self.httpd.shutdown()
        self.httpd.server_close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--port-file", help="write the bound port here")
    parser.add_argument("--tenant-required", action="store_true", help="401 'no org id' without X-Scope-OrgID")
    parser.add_argument("--cutoff-seconds", type=float, default=30.0, help="query_end_cutoff (0 disables)")
    parser.add_argument("--load-otlp-json", action="append", default=[], metavar="FILE", help="preload traces")
    parser.add_argument("--supersonic-kinds", action="store_true", help="rewrite span kinds like SuperSONIC's collector")
    parser.add_argument("--refuse-hints", action="store_true",
                        help="answer TraceQL with query hints (with (most_recent=true)) with 400, like Tempo before 2.5")
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args(argv)
    standin = TempoStandin(args.host, args.port, tenant_required=args.tenant_required,
                           cutoff_seconds=args.cutoff_seconds, supersonic_kinds=args.supersonic_kinds,
                           verbose=args.verbose, refuse_hints=args.refuse_hints)
    for path in args.load_otlp_json:
        standin.load_json_file(path)
    done = threading.Event()
    lifecycle.install_stop_handlers(done.set)
    lifecycle.watch_parent(done.set)
    standin.start()
    if args.port_file:
        lifecycle.write_port_file(args.port_file, standin.port)
    print(f"tempo stand-in on {standin.url}", flush=True)
    done.wait()
    standin.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
