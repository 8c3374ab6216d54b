"""sonicmap against the real Grafana Tempo v2.10.8 and real Prometheus, with live
SuperSONIC-shaped traffic (2 Envoy pods → 3 Triton pods, one model, about 7 % errors).

Every expected number is computed here, from PromQL and Tempo's own answers, never
taken from sonicmap. The session's stack is ``real_stack`` (real_stack.py)."""

from __future__ import annotations

import json
import re
import time

import pytest

import httpc
import lifecycle
from real_stack import EDGES, by_labels, close, promql, sonicmap, tempo_search, wait_until_running_for
from run_stack import ENVOY_PODS, SUPERSONIC_MODEL, SUPERSONIC_TRITONS

pytestmark = pytest.mark.real_tempo

QUANTILES = {"p50": 0.5, "p95": 0.95, "p99": 0.99}
WINDOWS = {"s": 1, "m": 60, "h": 3600}


def urls(stack) -> list[str]:
    return ["--tempo", stack.tempo.url, "--prometheus", stack.prometheus.url]


def window_seconds(text: str) -> int:
    return int(text[:-1]) * WINDOWS[text[-1]]


def newest_write(prometheus: str) -> float:
    result = promql(prometheus, "max(timestamp(traces_service_graph_request_total))")
    return float(result[0]["value"][1]) if result else 0.0


def after_next_remote_write(prometheus: str) -> None:
    """Return just after the metrics-generator's next batch landed in Prometheus, so
    that no sample older than the next few seconds is still on its way."""
    first = newest_write(prometheus)
    lifecycle.wait_until(lambda: newest_write(prometheus) > first, 20, "the metrics-generator's next remote write",
                         interval=0.1)
    time.sleep(0.3)


# ---- (a) the live map equals PromQL ---------------------------------------------------------


class Expected:
    """What the map must show at ``at`` over ``window`` seconds, from PromQL."""

    def __init__(self, prometheus: str, at: float, window: int):
        self.prometheus, self.at, self.range = prometheus, at, f"[{window}s]"
        self.edge = self._sums("client", "server")
        self.server = self._sums("server")
        self.client = self._sums("client")

    def _rate(self, metric: str, by: str) -> dict[tuple, float]:
        labels = [label.strip() for label in by.split(",")]
        return by_labels(promql(self.prometheus, f"sum by ({by}) (rate({metric}{self.range}))", self.at), *labels)

    def _sums(self, *group: str) -> dict[str, dict]:
        by = ", ".join(group)
        sg = "traces_service_graph_request"
        out = {"total": self._rate(f"{sg}_total", by), "failed": self._rate(f"{sg}_failed_total", by)}
        for side in ("server", "client"):
            out[f"{side}_sum"] = self._rate(f"{sg}_{side}_seconds_sum", by)
            for name, q in QUANTILES.items():
                query = f"histogram_quantile({q}, sum by ({by}, le) (rate({sg}_{side}_seconds_bucket{self.range})))"
                out[f"{side}_{name}"] = by_labels(promql(self.prometheus, query, self.at), *group)
                query = f"histogram_quantile({q}, sum by ({by}) (rate({sg}_{side}_seconds{self.range})))"
                out[f"{side}_{name}_native"] = by_labels(promql(self.prometheus, query, self.at), *group)
        return out


def latency_mismatches(found: dict, sums: dict, key: tuple, side: str, where: str, *, node: bool = False) -> list[str]:
    """sonicmap's latency object against PromQL: quantiles (a quantile in the first or last
    bucket is written as that bucket's bound with '<' or '>') and the average, from the
    service-graph histogram the object declares (``source``: native or classic). Figures
    from other metrics (``from``: Envoy's or span metrics) are checked against those by
    test_real_tempo_figures.py."""
    if found.get("from", "service-graph") != "service-graph":
        return []
    native = found.get("source") == "native"
    bad = []
    bounds = found.get("bounds", {})
    le = found.get("buckets", {}).get("le", [])
    for name in QUANTILES:
        value = found[f"{name}Ms" if node else name]
        expected = sums[f"{side}_{name}{'_native' if native else ''}"].get(key)
        if expected is None:
            bad.append(f"{where} {name}: PromQL has no quantile")
            continue
        expected_ms = expected * 1000
        if native:
            ok = close(value, expected_ms, 1e-6)
        elif bounds.get(name) == "<":
            ok = le and close(value, le[0] * 1000) and expected_ms <= value * (1 + 1e-9)
        elif bounds.get(name) == ">":
            ok = le and close(value, le[-1] * 1000) and close(expected_ms, value, 1e-6)
        else:
            ok = close(value, expected_ms, 1e-6)
        if not ok:
            bad.append(f"{where} {name}: sonicmap {value} {bounds.get(name, '')}, PromQL {expected_ms}")
    total = sums["total"][key]
    average = sums[f"{side}_sum"][key] / total * 1000 if total else None
    if not close(found["avgMs" if node else "avg"], average, 1e-9):
        bad.append(f"{where} avg: sonicmap {found['avgMs' if node else 'avg']}, PromQL {average}")
    return bad


def map_mismatches(snapshot: dict, expected: Expected) -> list[str]:
    bad = []
    edges = {(e["client"], e["server"]): e for e in snapshot["edges"] if e["rateSource"] == "service-graph"}
    if set(edges) != set(expected.edge["total"]):
        bad.append(f"edges: sonicmap {sorted(edges)}, PromQL {sorted(expected.edge['total'])}")
    for key, edge in edges.items():
        total = expected.edge["total"].get(key)
        if total is None:
            continue
        where = f"{key[0]} → {key[1]}"
        failed = expected.edge["failed"].get(key, 0.0)
        if not close(edge["rate"], total):
            bad.append(f"{where} rate: sonicmap {edge['rate']}, PromQL {total}")
        if not close(edge["errorRatio"], failed / total if total else None):
            bad.append(f"{where} errorRatio: sonicmap {edge['errorRatio']}, PromQL {failed / total}")
        for side in ("server", "client"):
            bad += latency_mismatches(edge[f"{side}LatencyMs"], expected.edge, key, side, f"{where} {side}")
    nodes = {n["id"]: n for n in snapshot["nodes"]}
    for pod in SUPERSONIC_TRITONS:
        bad += rate_mismatches(nodes[pod]["incoming"], expected.server, pod, "incoming")
        bad += latency_mismatches(nodes[pod]["incoming"], expected.server, (pod,), "server", f"{pod} incoming",
                                  node=True)
    for pod in ENVOY_PODS:
        bad += rate_mismatches(nodes[pod]["outgoing"], expected.client, pod, "outgoing")
    return bad


def rate_mismatches(found: dict, sums: dict, pod: str, side: str) -> list[str]:
    """A node's incoming or outgoing rate and error ratio against the sums by pod."""
    total, failed = sums["total"][(pod,)], sums["failed"].get((pod,), 0.0)
    if close(found["rate"], total) and close(found["errorRatio"], failed / total):
        return []
    return [f"{pod} {side}: sonicmap {found['rate']}/{found['errorRatio']}, PromQL {total}/{failed / total}"]


def test_live_map_equals_promql(real_stack, sonicmap_home):
    """`export --format json` from the live endpoints: every edge's rate, error ratio,
    server and client p50/p95/p99 and average, every Triton pod's incoming figures and
    every Envoy pod's outgoing rate equal PromQL evaluated by the test at meta.dataTime.

    sonicmap evaluates at "now"; a remote-written sample older than that can still land
    afterwards, so the export starts right after a remote write and is retried once if
    a late sample changed the data it read."""
    prometheus = real_stack.prometheus.url
    mismatches: list[str] = []
    for attempt in range(3):
        after_next_remote_write(prometheus)
        result = sonicmap("export", "--format", "json", "-o", "-", *urls(real_stack), home=sonicmap_home)
        assert result.returncode == 0, result.stderr.decode()
        snapshot = json.loads(result.stdout)
        meta = snapshot["meta"]
        assert meta["sources"] == {"tempo": real_stack.tempo.url, "prometheus": prometheus}
        expected = Expected(prometheus, meta["dataTime"], window_seconds(meta["window"]))
        assert EDGES <= set(expected.edge["total"]), "the stack serves every Envoy → Triton edge"
        mismatches = map_mismatches(snapshot, expected)
        if not mismatches:
            break
    assert not mismatches, "\n".join(mismatches)
    odd = [(e["client"], e["server"], e["connectionType"], e["rateEstimated"]) for e in snapshot["edges"]
           if e["rateSource"] == "service-graph" and (e["connectionType"] != "" or e["rateEstimated"] is not None)]
    assert not odd, f"plain edges, rates as measured (no sampling rate declared): {odd}"


# ---- (b) traces from the real search, in every encoding -------------------------------------


def test_trace_of_searched_ids_in_json_and_protobuf(real_stack, sonicmap_home, tmp_path):
    """Ids as Tempo's search gives them (leading zeros trimmed) print the same trace-JSON
    from the API and from Tempo's v1/v2 JSON and protobuf bodies; the trace is Envoy's
    ingress and Triton's three spans, one request from an Envoy pod to a Triton pod."""
    tempo = real_stack.tempo.url
    found = [t["traceID"] for t in tempo_search(tempo, '{ name = "InferRequest" }')]
    trimmed = [i for i in found if len(i) < 32]
    assert trimmed, f"no id with a leading zero among {len(found)} searched traces"
    for short in [trimmed[0], *[i for i in found if len(i) == 32][:2]]:
        full = short.rjust(32, "0")
        printed = sonicmap("trace", short, "--tempo", tempo, "--format", "json", home=sonicmap_home)
        assert printed.returncode == 0, printed.stderr.decode()
        trace = json.loads(printed.stdout)
        assert trace["traceId"] == full
        assert sorted(s["name"] for s in trace["spans"]) == sorted(["ingress", "InferRequest", SUPERSONIC_MODEL,
                                                                     "compute"])
        [request] = trace["requests"]
        assert request["client"] in ENVOY_PODS and request["server"] in SUPERSONIC_TRITONS
        assert request["model"] == SUPERSONIC_MODEL and request["orphan"] is False
        for path in (f"/api/traces/{short}", f"/api/v2/traces/{short}"):
            for accept in ("application/json", "application/protobuf"):
                answer = httpc.get(f"{tempo}{path}", headers={"Accept": accept})
                assert answer.status == 200 and accept in answer.headers["content-type"], (path, accept)
                body = tmp_path / f"{full}.{path.count('v2')}.{accept.split('/')[1]}"
                body.write_bytes(answer.body)
                from_file = sonicmap("trace", "--file", str(body), "--format", "json", home=sonicmap_home)
                assert from_file.returncode == 0, from_file.stderr.decode()
                assert from_file.stdout == printed.stdout, f"{path} as {accept} prints another trace"


def test_export_otlp_of_a_trimmed_id(real_stack, sonicmap_home, tmp_path):
    """`export --format otlp --trace ID` fetches the trace from Tempo: the same spans Tempo holds."""
    tempo = real_stack.tempo.url
    short = next(t["traceID"] for t in tempo_search(tempo, '{ name = "InferRequest" }') if len(t["traceID"]) < 32)
    out = tmp_path / "trace.otlp.json"
    result = sonicmap("export", "--format", "otlp", "--trace", short, *urls(real_stack), "-o", str(out),
                      home=sonicmap_home)
    assert result.returncode == 0, result.stderr.decode()
    exported = {s["spanId"] for rs in json.loads(out.read_text())["resourceSpans"]
                for ss in rs["scopeSpans"] for s in ss["spans"]}
    held = json.loads(sonicmap("trace", short, "--tempo", tempo, "--format", "json", home=sonicmap_home).stdout)
    assert exported == {s["spanId"] for s in held["spans"]} and len(exported) == 4


# ---- (c) TraceQL and exemplars ----------------------------------------------------------------


def fetched(tempo: str, trace_id: str, home) -> dict:
    result = sonicmap("trace", trace_id, "--tempo", tempo, "--format", "json", home=home)
    assert result.returncode == 0, f"{trace_id}: {result.stderr.decode()}"
    return json.loads(result.stdout)


SLOW_POD = "supersonic-triton-74c49fcf8-b658d"
TRACEQL = [
    # (query, what every span set's trace must hold)
    (f'{{ resource.service.name = "{SLOW_POD}" && status = error }}',
     lambda t: any(s["service"] == SLOW_POD and s["status"] == "error" for s in t["spans"])),
    (f'{{ span.triton.model_name = "{SUPERSONIC_MODEL}" && duration > 150ms }}',
     lambda t: any(s["name"] == SUPERSONIC_MODEL and s["durationNs"] > 150e6 for s in t["spans"])),
    ('{ resource.service.name =~ "supersonic-envoy-.*" && kind = client } >> { name = "InferRequest" }',
     lambda t: [r["client"] in ENVOY_PODS for r in t["requests"]] == [True]),
]


@pytest.mark.parametrize("query, holds", TRACEQL, ids=["errors-on-a-pod", "slow-model-spans", "envoy-to-triton"])
def test_traceql_search_finds_what_it_asks(real_stack, sonicmap_home, query, holds):
    """Tempo's TraceQL engine on our traffic; each hit, fetched by sonicmap, satisfies the query."""
    hits = tempo_search(real_stack.tempo.url, query, limit=5)
    assert hits, f"no trace for {query}"
    for hit in hits:
        trace = fetched(real_stack.tempo.url, hit["traceID"], sonicmap_home)
        assert holds(trace), f"{hit['traceID']} does not satisfy {query}"


def test_exemplars_resolve_to_their_traces(real_stack, sonicmap_home):
    """Prometheus exemplars (traceID labels, leading zeros trimmed) on the service-graph
    buckets: each trace is fetchable and holds that edge's request, whose Triton
    InferRequest lasted the exemplar's value, inside the bucket."""
    now = time.time()
    answer = httpc.get(f"{real_stack.prometheus.url}/api/v1/query_exemplars", {
        "query": "traces_service_graph_request_server_seconds_bucket", "start": f"{now - 300:.3f}", "end": f"{now:.3f}"})
    series = json.loads(answer.body)["data"]
    per_edge = {}
    for s in series:
        labels = s["seriesLabels"]
        per_edge.setdefault((labels["client"], labels["server"]), (labels["le"], s["exemplars"][-1]))
    assert set(per_edge) == EDGES, "every edge carries exemplars"
    for (client, server), (le, exemplar) in sorted(per_edge.items()):
        trace = fetched(real_stack.tempo.url, exemplar["labels"]["traceID"], sonicmap_home)
        assert trace["traceId"] == exemplar["labels"]["traceID"].rjust(32, "0")
        [request] = trace["requests"]
        assert (request["client"], request["server"]) == (client, server)
        infer = next(s for s in trace["spans"] if s["name"] == "InferRequest")
        value = float(exemplar["value"])
        assert abs(infer["durationNs"] / 1e9 - value) < 1e-6 and value <= float(le)


# ---- (d) an unknown id ----------------------------------------------------------------------------


def test_unknown_id_is_not_found(real_stack, sonicmap_home):
    """Tempo v2.10 answers an unknown id with 200 and an empty trace; sonicmap says not found (exit 1)."""
    unknown = "c0ffee00000000000000000000c0ffee"
    assert httpc.get(f"{real_stack.tempo.url}/api/v2/traces/{unknown}").text == '{"trace":{},"metrics":{}}'
    for args in (["--format", "json"], ["--format", "text"]):
        result = sonicmap("trace", unknown, "--tempo", real_stack.tempo.url, *args, home=sonicmap_home)
        assert result.returncode == 1 and result.stdout == b""
        assert f"trace {unknown} not found in Tempo" in result.stderr.decode()


# ---- (e) doctor --------------------------------------------------------------------------------------


def number(pattern: str, text: str) -> float:
    m = re.search(pattern, text)
    assert m, f"/{pattern}/ not in {text!r}"
    return float(m.group(1))


def test_doctor_is_healthy_and_its_numbers_are_true(real_stack, sonicmap_home):
    """`doctor --at T --window 1m` (T a few seconds back, so every sample is in; the stack
    older than the window): exit 0, every check ok, and its counts and rates equal PromQL,
    the exemplar API and Tempo's search at T."""
    wait_until_running_for(real_stack, 80)
    at = float(int(time.time()) - 10)
    result = sonicmap("doctor", *urls(real_stack), "--at", str(int(at)), "--window", "1m", "--json",
                      home=sonicmap_home)
    report = json.loads(result.stdout)
    assert result.returncode == 0 and report["healthy"] is True, result.stdout.decode()
    checks = {c["id"]: c for c in report["checks"]}
    assert {c["status"] for c in checks.values()} == {"ok"}, [c for c in checks.values() if c["status"] != "ok"]
    assert report["endpoints"][0]["version"] == "v2.10.8"
    assert report["windowSeconds"] == 60 and report["connectionTypes"] == ["plain"]

    prometheus, window = real_stack.prometheus.url, "[60s]"
    edges = by_labels(promql(prometheus, f"sum by (client, server) (rate(traces_service_graph_request_total{window}))",
                             at), "client", "server")
    calls = by_labels(promql(prometheus, "sum by (service) (rate(traces_spanmetrics_calls_total"
                                         f'{{span_name="InferRequest"}}{window}))', at), "service")
    sampled = sum(rate for (client, server), rate in edges.items() if client in ENVOY_PODS and server in SUPERSONIC_TRITONS)
    triton = sum(rate for (service,), rate in calls.items() if service in SUPERSONIC_TRITONS)
    sampling = report["sampling"]
    assert close(sampling["sampledRate"], sampled) and close(sampling["tritonRate"], triton)
    assert sampling["directRate"] == 0 and close(sampling["ratio"], sampled / triton)
    assert 0.8 < sampling["ratio"] < 1.2, "Envoy samples every request in this stack"

    graph = checks["prometheus.serviceGraph"]["message"]
    series = promql(prometheus, f"count(last_over_time(traces_service_graph_request_total{window}))", at)
    assert number(r"(\d+) edges with traffic", graph) == sum(1 for rate in edges.values() if rate > 0) == 6
    assert number(r"from (\d+) series", graph) == float(series[0]["value"][1])
    assert abs(number(r"\(([\d.]+)/s sampled\)", graph) - sum(edges.values())) <= 0.005

    spans = checks["prometheus.spanMetrics"]["message"]
    count = promql(prometheus, f"count(last_over_time(traces_spanmetrics_calls_total{window}))", at)
    assert number(r"(\d+) span-metrics series", spans) == float(count[0]["value"][1])
    assert number(r"InferRequest on (\d+) services", spans) == 3
    assert abs(number(r"services, ([\d.]+)/s", spans) - triton) <= 0.005

    exemplars = json.loads(httpc.get(f"{prometheus}/api/v1/query_exemplars", {
        "query": "traces_service_graph_request_server_seconds_bucket", "start": f"{at - 60:.3f}",
        "end": f"{at:.3f}"}).body)["data"]
    assert number(r"(\d+) exemplars", checks["prometheus.exemplars"]["message"]) == sum(
        len(s["exemplars"]) for s in exemplars)

    pods = by_labels(promql(prometheus, f"count by (pod) (last_over_time(nv_inference_count{window}))", at), "pod")
    assert number(r"from (\d+) pods", checks["prometheus.triton"]["message"]) == len(pods) == 3
    searched = tempo_search(real_stack.tempo.url, '{ name = "InferRequest" }', seconds=60, limit=20)
    assert len(searched) == 20 and "at least 20 InferRequest traces" in checks["tempo.traces"]["message"]


# ---- the stack serves what the map needs (issue 11 builds on it) ---------------------------------


def test_stack_serves_native_histograms_envoy_and_triton_metrics(real_stack):
    """Native histograms (bare metric name) for every edge, whose quantile lies inside the
    classic bucket holding it; span-metrics latency; Envoy's response-code counters and
    Triton's metrics, scraped per pod; failures on the model's spans; about 7 % errors."""
    prometheus, at = real_stack.prometheus.url, time.time() - 5
    sg = "traces_service_graph_request_server_seconds"
    native = by_labels(promql(prometheus, f"histogram_quantile(0.5, sum by (client, server) (rate({sg}[5m])))", at),
                       "client", "server")
    classic = by_labels(promql(prometheus, "histogram_quantile(0.5, sum by (client, server, le) "
                                           f"(rate({sg}_bucket[5m])))", at), "client", "server")
    assert set(native) == set(classic) == EDGES
    bounds = [0.0, 0.1, 0.2, 0.4, 0.8, 1.6, 3.2, 6.4, 12.8]
    for edge, value in native.items():
        lower = max(b for b in bounds if b <= classic[edge] * (1 - 1e-9))
        upper = min(b for b in bounds[1:] if b >= classic[edge])
        assert lower * 0.9 <= value <= upper * 1.1, f"{edge}: native p50 {value}, classic {classic[edge]}"
    latency = promql(prometheus, 'histogram_count(sum by (service) (rate(traces_spanmetrics_latency'
                                 '{span_name="InferRequest"}[5m])))', at)
    assert {r["metric"]["service"] for r in latency} == set(SUPERSONIC_TRITONS)

    codes = by_labels(promql(prometheus, "sum by (pod, envoy_response_code_class) (envoy_http_downstream_rq_xx"
                                         '{envoy_http_conn_manager_prefix="ingress_grpc"})', at),
                      "pod", "envoy_response_code_class")
    assert {pod for pod, _ in codes} == set(ENVOY_PODS) and all(codes[(pod, "2")] > 0 for pod in ENVOY_PODS)
    inferences = by_labels(promql(prometheus, "sum by (pod, model) (nv_inference_count)", at), "pod", "model")
    assert set(inferences) == {(pod, SUPERSONIC_MODEL) for pod in SUPERSONIC_TRITONS}

    calls = by_labels(promql(prometheus, "sum by (status_code) (rate(traces_spanmetrics_calls_total"
                                         f'{{span_name="{SUPERSONIC_MODEL}"}}[5m]))', at), "status_code")
    errors = calls.get(("STATUS_CODE_ERROR",), 0.0) / sum(calls.values())
    assert 0.02 < errors < 0.15, f"error ratio {errors:.3f} on {SUPERSONIC_MODEL}'s spans, expected about 0.07"
