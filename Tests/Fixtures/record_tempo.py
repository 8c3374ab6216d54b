#!/usr/bin/env python3
"""Writes sonicmap's own Tempo test traces and records what a real Grafana Tempo
answers for them, into Tests/Fixtures/tempo/.

    python3 Tests/Fixtures/record_tempo.py [--tempo BIN] [--prometheus BIN] [--out DIR]

The traces (``tempo/input/``) are generated here, with fixed ids and durations and
timestamps of the moment they are pushed (Tempo's search and metrics-generator only
look at recent spans). The answers (``tempo/recorded/``) come from a real Tempo
(found by ``--tempo``, else as the test tier finds it: ``TEMPO_BIN``, ``tempo`` on PATH,
then ``../shared/tools/tempo``) run with the tier's config on free loopback ports with its own
temporary data folder, whose metrics-generator remote-writes service-graph series
into a real Prometheus (``--prometheus``, default ``prometheus`` on PATH). Taking
about four minutes, it records:

* ``trace_v2_<case>.json``: ``GET /api/v2/traces/<id>`` (gogo jsonpb: base64 ids, int64
  strings, enum names) of ``one-span`` and of each service-graph case, and ``trace_v1_<case>.json``
  (``GET /api/traces/<id>``, ``{"batches": …}``) of the ``jsonpb-shapes`` and ``v1-batches`` cases;
* ``search_one_span.json``, ``search_status_error.json``: ``/api/search`` with TraceQL;
* ``search_tags_v1.json``, ``search_tags_v2.json``, ``search_tag_values_v1.json``,
  ``search_tag_values_v2.json``: the tag endpoints, with only ``servicegraph-queue-database`` stored;
* ``servicegraph_edges.json``: per service-graph case, the edges the metrics-generator
  counted (``traces_service_graph_request_*`` in Prometheus, before/after difference);
* ``buildinfo.json``: which Tempo answered.

Timestamps change with every recording (inputs and answers are rewritten together);
ids, names and durations do not.
"""

from __future__ import annotations

import argparse
import json
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "stack"))
import real_tempo  # noqa: E402  (Tests/stack: the one way tests find and run Tempo)

OUT = Path(__file__).resolve().parent / "tempo"

# ---------------------------------------------------------------------------- traces

KIND = {"internal": 1, "server": 2, "client": 3, "producer": 4, "consumer": 5}
STATUS = {"ok": 1, "error": 2}


def any_value(value: object) -> dict:
    """OTLP/JSON AnyValue as the Collector writes it (int64 as a string)."""
    if isinstance(value, bool):
        return {"boolValue": value}
    if isinstance(value, int):
        return {"intValue": str(value)}
    if isinstance(value, float):
        return {"doubleValue": value}
    if isinstance(value, list):
        return {"arrayValue": {"values": [any_value(v) for v in value]}}
    return {"stringValue": value}


def attributes(values: dict) -> list[dict]:
    return [{"key": k, "value": any_value(v)} for k, v in values.items()]


class TraceBuilder:
    """Spans of one OTLP/JSON payload, grouped by (resource, scope) in the order added.

    Times are microseconds after ``base_ns``; ids are hex."""

    def __init__(self, base_ns: int):
        self.base_ns = base_ns
        self.groups: list[tuple[dict, dict, list]] = []

    def group(self, resource: dict, scope: dict | None = None) -> list:
        spans: list = []
        self.groups.append((resource, scope or {}, spans))
        return spans

    def span(self, into: list, trace_id: str, span_id: str, name: str, kind: str | None, start_us: int,
             duration_us: int, parent: str | None = None, status: str | None = None, message: str = "",
             attrs: dict | None = None, events: list[tuple[str, int, dict]] = ()) -> None:
        span = {"traceId": trace_id, "spanId": span_id}
        if parent:
            span["parentSpanId"] = parent
        span["name"] = name
        if kind:
            span["kind"] = KIND[kind]
        span["startTimeUnixNano"] = str(self.base_ns + start_us * 1000)
        span["endTimeUnixNano"] = str(self.base_ns + (start_us + duration_us) * 1000)
        if attrs:
            span["attributes"] = attributes(attrs)
        if events:
            span["events"] = [{"timeUnixNano": str(self.base_ns + t * 1000), "name": n, **({"attributes": attributes(a)} if a else {})}
                              for n, t, a in events]
        span["status"] = {**({"message": message} if message else {}), **({"code": STATUS[status]} if status else {})}
        into.append(span)

    def otlp(self) -> dict:
        out = []
        for resource, scope, spans in self.groups:
            scope_json = {k: v for k, v in (("name", scope.get("name")), ("version", scope.get("version"))) if v}
            if scope.get("attributes"):
                scope_json["attributes"] = attributes(scope["attributes"])
            out.append({"resource": {"attributes": attributes(resource)}, "scopeSpans": [{"scope": scope_json, "spans": spans}]})
        return {"resourceSpans": out}


def sid(prefix: str, n: int) -> str:
    return f"{prefix}{n:04x}"


# Trace ids (fixed). The failed-requests id starts with a zero, which Tempo trims in search results.
T_ONE = "5b1e0c4f9a7d3e2c8b6a4f1d0e9c7b5a"
T_V1 = "6c2f1d5e0b8e4f3d9c7b5e2f1a0d8c6b"
T_SHAPES = "3a9c1e7b5d2f4a6c8e0b1d3f5a7c9e1b"
T_QUEUE = "4d8a2c6e0f1b3d5a7c9e1f3b5d7a9c2e"
T_FAILED = "0e4c8a2f6b1d5e9a3c7f0b4d8e2a6c1f"
T_VIRTUAL = "7f3b9d1e5a2c6f0b4d8e1a5c9f3b7d2e"
T_VIRTUAL_OTHER = "8a4c0e2b6d1f5a9c3e7b1d5f9a3c7e0b"

SUBMITTER = {"service.name": "job-submitter", "host.name": "submit-0"}
API = {"service.name": "inference-api", "host.name": "api-0"}
RECORDER = {"service.name": "result-recorder", "host.name": "recorder-0"}
PG = {"db.system": "postgresql", "db.name": "jobs", "db.user": "submitter", "net.peer.name": "db.internal", "net.peer.port": 5432}
AMQP = {"messaging.system": "rabbitmq", "messaging.destination": "jobs", "messaging.destination_kind": "queue",
        "net.peer.name": "mq.internal", "net.peer.port": 5672}


def one_span(base_ns: int) -> dict:
    """One root SERVER span with a string attribute and no status."""
    b = TraceBuilder(base_ns)
    s = b.group({"service.name": "gateway-api"}, {"name": "sonicmap.fixtures", "version": "1.0.0"})
    b.span(s, T_ONE, "e1e19b7ec3c1b100", "GET /v2/health/ready", "server", 0, 10_000,
           attrs={"http.route": "/v2/health/ready"})
    return b.otlp()


def v1_batches(base_ns: int) -> dict:
    """One SERVER span whose parent is absent, written in Tempo's v1 ``batches`` form with
    uppercase hex ids and an integer kind (a spelling decoders must accept)."""
    b = TraceBuilder(base_ns)
    s = b.group({"service.name": "model-loader"},
                {"name": "sonicmap.fixtures", "version": "1.0.0", "attributes": {"fixture.scope.attr": "a scope attribute"}})
    b.span(s, T_V1, "a0b1c2d3e4f50174", "POST /v2/repository/models/simple/load", "server", 0, 1_000_000,
           parent="a0b1c2d3e4f50173", attrs={"model.name": "simple"})
    payload = b.otlp()
    for rs in payload["resourceSpans"]:
        for span in rs["scopeSpans"][0]["spans"]:
            for key in ("traceId", "spanId", "parentSpanId"):
                span[key] = span[key].upper()
            del span["status"]
    return {"batches": payload["resourceSpans"]}


def jsonpb_shapes(base_ns: int) -> dict:
    """Two resources, six spans: every attribute type, events with attributes, a span
    without a kind, a scope without a name, parents across resources."""
    b = TraceBuilder(base_ns)
    runner = b.group({"service.name": "batch-runner", "host.name": "runner-0", "process.pid": 164005,
                      "process.runtime.name": "cpython", "process.runtime.version": "3.11.2",
                      "deployment.environment": "test", "fixture.resource.double": 0.25,
                      "fixture.resource.bool": True, "fixture.resource.list": ["a", "b"],
                      "telemetry.sdk.language": "python", "telemetry.sdk.name": "opentelemetry",
                      "telemetry.sdk.version": "1.27.0"})
    p = "3a9c1e7b5d2f"
    b.span(runner, T_SHAPES, sid(p, 1), "run-batch", None, 0, 92_000,
           attrs={"batch.id": "b-17", "batch.size": 64, "batch.retry": False, "batch.fraction": 0.5,
                  "http.status_code": 110, "fixture.list": [1, 2, 3], "fixture.empty": "", "fixture.unicode": "µs ✓",
                  "fixture.negative": -7, "fixture.big": 9007199254740993},
           events=[("", 0, {"fixture.event.int": 424354}), ("checkpoint", 10_000, {"step": "load"}),
                   ("checkpoint", 50_000, {"step": "infer"}), ("done", 92_000, {})])
    b.span(runner, T_SHAPES, sid(p, 2), "load-inputs", "internal", 1_000, 8_000, parent=sid(p, 1), status="ok")
    b.span(runner, T_SHAPES, sid(p, 3), "infer", "client", 10_000, 40_000, parent=sid(p, 1),
           attrs={"peer.service": "result-store"})
    b.span(runner, T_SHAPES, sid(p, 4), "write-outputs", "producer", 55_000, 2_000, parent=sid(p, 1))
    store = b.group({"service.name": "result-store"}, {"name": "result-store", "version": "0.3.0"})
    b.span(store, T_SHAPES, sid(p, 5), "infer-handler", "server", 11_000, 38_000, parent=sid(p, 3),
           status="error", message="model not ready")
    b.span(store, T_SHAPES, sid(p, 6), "store", "consumer", 60_000, 30_000, parent=sid(p, 4))
    return b.otlp()


def queue_database(base_ns: int) -> dict:
    """A client → server call, the server's database query (``db.*``), a publish to a
    queue (PRODUCER → CONSUMER) and client spans no server answers."""
    b = TraceBuilder(base_ns)
    t, p = T_QUEUE, "4d8a2c6e0f1b"
    sub = b.group(SUBMITTER, {"name": "job-submitter", "version": "1.4.0"})
    sub_net = b.group(SUBMITTER, {"name": "fixture-net"})
    api = b.group(API, {"name": "fixture-http"})
    api_mw = b.group(API, {"name": "fixture-middleware"})
    api_pg = b.group(API, {"name": "fixture-pg"})
    sub_amqp = b.group(SUBMITTER, {"name": "fixture-amqp"})
    rec_amqp = b.group(RECORDER, {"name": "fixture-amqp"})
    rec = b.group(RECORDER, {"name": "result-recorder"})
    b.span(sub, t, sid(p, 1), "submit", "client", 0, 45_000, status="ok", attrs={"job.kind": "inference", "job.batch": 12})
    b.span(sub_net, t, sid(p, 2), "tcp.connect", "internal", 100, 706, parent=sid(p, 1))
    b.span(api, t, sid(p, 3), "POST /v1/jobs", "server", 8_000, 29_000, parent=sid(p, 1), status="ok",
           attrs={"http.method": "POST", "http.route": "/v1/jobs", "http.status_code": 202, "net.host.port": 8080})
    b.span(api_mw, t, sid(p, 4), "middleware - query", "internal", 8_100, 21, parent=sid(p, 3))
    b.span(api_mw, t, sid(p, 5), "middleware - jsonParser", "internal", 8_200, 22, parent=sid(p, 3))
    b.span(api_pg, t, sid(p, 6), "pg.query:SELECT", "client", 8_400, 23_000, parent=sid(p, 3),
           attrs={**PG, "db.statement": "SELECT id FROM jobs WHERE state = $1"})
    b.span(api, t, sid(p, 7), "HTTP POST", "client", 31_600, 3_855, parent=sid(p, 3), status="ok",
           attrs={"http.method": "POST", "http.url": "http://audit.internal:9000/events", "net.peer.name": "audit.internal",
                  "net.peer.port": 9000, "http.status_code": 200})
    b.span(sub_net, t, sid(p, 8), "tcp.connect", "internal", 31_700, 1_856, parent=sid(p, 7))
    b.span(api, t, sid(p, 9), "dns.lookup", "client", 31_650, 802, parent=sid(p, 7), attrs={"peer.ipv4": "10.0.0.7"})
    b.span(sub, t, sid(p, 10), "publish_to_queue", "internal", 38_000, 1_162, parent=sid(p, 1), status="ok")
    b.span(sub_amqp, t, sid(p, 11), "jobs send", "producer", 38_100, 68, parent=sid(p, 10), attrs=AMQP)
    b.span(sub, t, sid(p, 12), "log_to_loki", "client", 30_000, 13_806, parent=sid(p, 1), status="ok")
    b.span(sub, t, sid(p, 13), "log_to_loki", "client", 30_100, 6_228, parent=sid(p, 1), status="ok")
    b.span(sub_net, t, sid(p, 14), "tcp.connect", "internal", 30_050, 1_780, parent=sid(p, 1))
    b.span(sub_net, t, sid(p, 15), "tcp.connect", "internal", 30_150, 1_406, parent=sid(p, 1))
    b.span(rec_amqp, t, sid(p, 16), "jobs process", "consumer", 38_300, 693, parent=sid(p, 11),
           attrs={**AMQP, "messaging.operation": "process"})
    b.span(rec, t, sid(p, 17), "process_message", "internal", 39_000, 37_759, parent=sid(p, 16))
    return b.otlp()


def failed_requests(base_ns: int) -> dict:
    """The same calls failing: the client, the server and its database query end in
    ERROR. Every span comes in its own ResourceSpans, as some exporters send them."""
    b = TraceBuilder(base_ns)
    t, p = T_FAILED, "0e4c8a2f6b1d"

    def own(resource: dict, ip: str, scope: str) -> list:
        return b.group({**resource, "ip": ip}, {"name": scope})

    sub, api = ("job-submitter", "10.1.0.4"), ("inference-api", "10.1.0.5")

    def add(who, scope, n, name, kind, start, dur, parent=None, **kw):
        b.span(own({"service.name": who[0]}, who[1], scope), t, sid(p, n), name, kind, start, dur,
               parent=sid(p, parent) if parent else None, **kw)

    add(sub, "job-submitter", 1, "submit", "client", 0, 15_318, status="error", attrs={"job.kind": "inference"})
    add(sub, "fixture-net", 2, "tcp.connect", "internal", 50, 1_901, 1)
    add(api, "fixture-http", 3, "POST /v1/jobs", "server", 2_000, 7_310, 1, status="error",
        attrs={"http.method": "POST", "http.route": "/v1/jobs", "http.status_code": 500})
    add(api, "fixture-middleware", 4, "middleware - query", "internal", 2_050, 24, 3)
    add(api, "fixture-middleware", 5, "middleware - expressInit", "internal", 2_080, 105, 3)
    add(api, "fixture-middleware", 6, "middleware - jsonParser", "internal", 2_200, 722, 3)
    add(api, "fixture-pg", 7, "pg.query:INSERT", "client", 3_000, 2_779, 3, status="error",
        message='null value in column "owner" of relation "jobs" violates not-null constraint',
        attrs={**PG, "db.statement": "INSERT INTO jobs(owner) VALUES ($1)"})
    add(api, "fixture-http", 8, "HTTP POST", "client", 5_900, 5_685, 3, status="ok",
        attrs={"http.method": "POST", "net.peer.name": "audit.internal", "net.peer.port": 9000})
    add(api, "fixture-net", 9, "tcp.connect", "internal", 5_950, 2_704, 8)
    add(api, "fixture-dns", 10, "dns.lookup", "client", 5_920, 1_390, 8, attrs={"peer.ipv4": "10.0.0.7"})
    add(sub, "job-submitter", 11, "log_to_loki", "client", 9_000, 10_908, 1, status="ok")
    add(sub, "job-submitter", 12, "log_to_loki", "client", 9_100, 9_250, 1, status="ok")
    add(sub, "fixture-net", 13, "tcp.connect", "internal", 9_050, 7_307, 1)
    add(sub, "fixture-net", 14, "tcp.connect", "internal", 9_150, 4_966, 1)
    add(sub, "fixture-net", 15, "tcp.connect", "internal", 9_200, 1_200, 1)
    return b.otlp()


def virtual_nodes(base_ns: int) -> dict:
    """Two traces in one payload: a root SERVER span (its caller is the virtual node
    ``user``) with a CLIENT child that only names its peer (``peer.service``), and a
    root CONSUMER span of another trace."""
    b = TraceBuilder(base_ns)
    p = "7f3b9d1e5a2c"
    api = b.group(API, {"name": "inference-api"})
    api_http = b.group(API, {"name": "fixture-http"})
    consumer = b.group({"service.name": "internal-consumer"}, {"name": "fixture-amqp"})
    b.span(api, T_VIRTUAL, sid(p, 1), "POST /v1/jobs", "server", 0, 45_834, status="ok", attrs={"http.method": "POST"})
    b.span(api_http, T_VIRTUAL, sid(p, 2), "HTTP GET /models", "client", 1_000, 706, parent=sid(p, 1),
           attrs={"peer.service": "model-repository"})
    b.span(consumer, T_VIRTUAL_OTHER, sid("8a4c0e2b6d1f", 1), "Consumed", "consumer", 2_000, 706,
           attrs={"peer.service": "job-queue"})
    return b.otlp()


# name: (generator, file name, main trace id)
CASES = {
    "one-span": (one_span, "one-span.otlp.json", T_ONE),
    "v1-batches": (v1_batches, "v1-batches-upper-hex.json", T_V1),
    "jsonpb-shapes": (jsonpb_shapes, "jsonpb-shapes.otlp.json", T_SHAPES),
    "servicegraph-queue-database": (queue_database, "servicegraph-queue-database.otlp.json", T_QUEUE),
    "servicegraph-failed-requests": (failed_requests, "servicegraph-failed-requests.otlp.json", T_FAILED),
    "servicegraph-virtual-nodes": (virtual_nodes, "servicegraph-virtual-nodes.otlp.json", T_VIRTUAL),
}


def write_json(path: Path, value: object) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(value, indent=1, ensure_ascii=False) + "\n")


def write_input(out: Path, case: str, base_ns: int) -> dict:
    make, name, _ = CASES[case]
    payload = make(base_ns)
    write_json(out / "input" / name, payload)
    return payload


def as_otlp(payload: dict) -> dict:
    """The OTLP/JSON request body for a payload (v1 ``batches`` become ``resourceSpans``)."""
    return {"resourceSpans": payload.get("resourceSpans", payload.get("batches"))}


# ---------------------------------------------------------------------------- servers

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def find_tempo(explicit: str | None) -> Path:
    if explicit:
        return Path(explicit)
    try:
        return real_tempo.find_tempo()
    except real_tempo.TempoNotFound as err:
        sys.exit(str(err))


def http(url: str, body: bytes | None = None, headers: dict | None = None) -> tuple[int, bytes]:
    request = urllib.request.Request(url, data=body, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()
    except OSError:
        return 0, b""


def wait_for(what: str, check, seconds: float) -> None:
    deadline = time.time() + seconds
    while time.time() < deadline:
        if check():
            return
        time.sleep(0.5)
    sys.exit(f"{what}: not ready after {seconds:.0f} s")


class Servers:
    """Prometheus (remote-write receiver) and Tempo, on free loopback ports in ``workdir``."""

    def __init__(self, tempo_bin: Path, prometheus_bin: str, workdir: Path):
        self.workdir = workdir
        self.prom_port = free_port()
        (workdir / "prometheus.yml").write_text("global:\n  scrape_interval: 15s\n")
        with open(workdir / "prometheus.log", "wb") as err:
            self.prometheus_proc = subprocess.Popen(
                [prometheus_bin, f"--config.file={workdir / 'prometheus.yml'}", f"--storage.tsdb.path={workdir / 'prometheus'}",
                 f"--web.listen-address=127.0.0.1:{self.prom_port}", "--web.enable-remote-write-receiver",
                 "--enable-feature=exemplar-storage,native-histograms", "--log.level=warn"],
                stdout=subprocess.DEVNULL, stderr=err, stdin=subprocess.DEVNULL, start_new_session=True)
        self.prometheus = f"http://127.0.0.1:{self.prom_port}"
        wait_for("Prometheus", lambda: http(self.prometheus + "/-/ready")[0] == 200, 30)
        # The test tier's Tempo and config (Tests/stack/tempo-local.yaml), with Tempo's own
        # collection interval and ready delay rather than the tier's quicker ones.
        self.tempo_proc = real_tempo.TempoProcess(workdir, remote_write=f"{self.prometheus}/api/v1/write", binary=tempo_bin,
                                                  min_ready="15s", metrics_interval="15s", remote_write_deadline="5s")
        self.tempo_proc.start(timeout=90)
        self.tempo = self.tempo_proc.url

    def stop(self) -> None:
        self.tempo_proc.stop()
        self.prometheus_proc.send_signal(signal.SIGTERM)
        try:
            self.prometheus_proc.wait(10)
        except subprocess.TimeoutExpired:
            self.prometheus_proc.kill()

    def push(self, payload: dict) -> None:
        self.tempo_proc.push(json.dumps(as_otlp(payload)).encode(), "application/json")

    def get(self, path: str, **params) -> bytes:
        """Tempo's answer, as sent: recordings keep its exact bytes."""
        url = self.tempo + path + ("?" + urllib.parse.urlencode(params) if params else "")
        status, body = http(url)
        if status != 200:
            sys.exit(f"GET {url}: {status} {body[:300]!r}")
        return body

    def edges(self) -> dict[tuple[str, str, str], dict[str, float]]:
        """Current service-graph counters per (client, server, connection_type)."""
        out: dict = {}
        for field, metric in (("requests", "traces_service_graph_request_total"),
                              ("failed", "traces_service_graph_request_failed_total"),
                              ("server_seconds", "traces_service_graph_request_server_seconds_sum"),
                              ("client_seconds", "traces_service_graph_request_client_seconds_sum")):
            query = f"sum by (client, server, connection_type) ({metric})"
            status, body = http(self.prometheus + "/api/v1/query?" + urllib.parse.urlencode({"query": query}))
            for r in json.loads(body)["data"]["result"] if status == 200 else []:
                m = r["metric"]
                key = (m.get("client", ""), m.get("server", ""), m.get("connection_type", ""))
                out.setdefault(key, {})[field] = float(r["value"][1])
        return out


def edges_added(servers: Servers, before: dict) -> list[dict]:
    """Waits until the counters stop changing (edges left unpaired expire after 10 s, the
    registry is collected every 15 s), then returns what changed since ``before``."""
    start, last, stable_since = time.time(), None, time.time()
    while time.time() - start < 150:
        time.sleep(3)
        now = servers.edges()
        if now != last:
            last, stable_since = now, time.time()
        elif now != before and time.time() - start > 35 and time.time() - stable_since > 20:
            break
    added = []
    for key, values in sorted((last or {}).items()):
        old = before.get(key, {})
        delta = {f: round(v - old.get(f, 0.0), 9) for f, v in values.items()}
        if any(delta.values()):
            added.append({"client": key[0], "server": key[1], "connection_type": key[2],
                          **{f: delta.get(f, 0.0) for f in ("requests", "failed", "server_seconds", "client_seconds")}})
    return added


def now_base_ns(span_us: int) -> int:
    """A base time such that spans of ``span_us`` end a moment before now (ms precision)."""
    return (time.time_ns() // 1_000_000) * 1_000_000 - (span_us + 200_000) * 1000


def record(servers: Servers, out: Path) -> None:
    rec = out / "recorded"
    rec.mkdir(parents=True, exist_ok=True)
    (rec / "buildinfo.json").write_bytes(servers.get("/api/status/buildinfo"))
    edges: dict[str, list] = {}
    for case in ("servicegraph-queue-database", "servicegraph-failed-requests", "servicegraph-virtual-nodes"):
        before = servers.edges()
        base = now_base_ns(100_000)
        servers.push(write_input(out, case, base))
        print(f"{case}: pushed, waiting for the service graph", flush=True)
        edges[case] = edges_added(servers, before)
        trace_id = CASES[case][2]
        (rec / f"trace_v2_{case}.json").write_bytes(servers.get(f"/api/v2/traces/{trace_id}"))
        window = {"start": base // 10**9 - 60, "end": int(time.time()) + 1}
        if case == "servicegraph-queue-database":
            (rec / "search_tags_v1.json").write_bytes(servers.get("/api/search/tags"))
            (rec / "search_tags_v2.json").write_bytes(servers.get("/api/v2/search/tags"))
            (rec / "search_tag_values_v1.json").write_bytes(servers.get("/api/search/tag/service.name/values"))
            (rec / "search_tag_values_v2.json").write_bytes(servers.get("/api/v2/search/tag/resource.service.name/values"))
        if case == "servicegraph-failed-requests":
            (rec / "search_status_error.json").write_bytes(
                servers.get("/api/search", q="{ status = error }", limit=20, spss=3, **window))
    write_json(rec / "servicegraph_edges.json", edges)

    base = now_base_ns(1_000_000)
    for case in ("one-span", "v1-batches", "jsonpb-shapes"):
        servers.push(write_input(out, case, base))
    print("one-span, v1-batches, jsonpb-shapes: pushed, waiting 35 s for search", flush=True)
    time.sleep(35)
    (rec / "trace_v2_one-span.json").write_bytes(servers.get(f"/api/v2/traces/{T_ONE}"))
    (rec / "trace_v1_v1-batches.json").write_bytes(servers.get(f"/api/traces/{T_V1}"))
    (rec / "trace_v1_jsonpb-shapes.json").write_bytes(servers.get(f"/api/traces/{T_SHAPES}"))
    (rec / "search_one_span.json").write_bytes(
        servers.get("/api/search", q='{ resource.service.name = "gateway-api" }', limit=20, spss=3,
                    start=base // 10**9 - 60, end=int(time.time()) + 1))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tempo", help="Tempo binary (default: TEMPO_BIN, PATH, ~/.cache/sonicmap/tempo-v2.10.8/tempo)")
    parser.add_argument("--prometheus", default=shutil.which("prometheus") or "/usr/bin/prometheus")
    parser.add_argument("--out", type=Path, default=OUT, help=f"where input/ and recorded/ go (default {OUT})")
    args = parser.parse_args()
    tempo = find_tempo(args.tempo)
    with tempfile.TemporaryDirectory(prefix="sonicmap-record-tempo-") as tmp:
        servers = Servers(tempo, args.prometheus, Path(tmp))
        try:
            record(servers, args.out.resolve())
        finally:
            servers.stop()
    print(f"recorded into {args.out.resolve()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
