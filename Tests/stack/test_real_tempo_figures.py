"""Issue 11's "Done when" on the real stack: real Envoy → Triton stand-ins → real Tempo
v2.10.8 (metrics-generator: service graphs and span metrics, classic buckets and native
histograms) → real Prometheus, which also scrapes Envoy and the Tritons.

One `sonicmap export --format json` snapshot of the live endpoints is taken per module;
every expected number is computed here, from PromQL at the snapshot's `meta.dataTime`
or from raw spans found by Tempo's search, never taken from sonicmap. Then the text, DOT,
Mermaid and SVG exports of that same snapshot (`export --snapshot`) must print the
snapshot's numbers, to the precision they print."""

from __future__ import annotations

import html
import json
import re
import shutil
import time
from collections import defaultdict
from pathlib import Path

import pytest

import httpc
from real_stack import by_labels, close, promql, sonicmap, wait_until_running_for
from tmux_pane import Tmux, check_rate, half_step, table_rows
from run_stack import ENVOY_PODS, SUPERSONIC_MODEL, SUPERSONIC_TRITONS
from test_real_tempo import after_next_remote_write, urls, window_seconds

pytestmark = pytest.mark.real_tempo

WINDOW = "2m"
QUANTILES = {"p50": 0.5, "p95": 0.95, "p99": 0.99}
ORPHANS = '{ } !> { name = "InferRequest" }'          # InferRequest spans with no parent in their trace
PARENTED = '{ } > { name = "InferRequest" }'          # the same query's complement: it does match spans
MODEL_RATE_TOLERANCE = 0.15                            # the "within 15 %"
MODEL_ERROR_POINTS = 0.03                              # the "within 3 points"


# ---- the snapshot ----------------------------------------------------------------------------


class Taken:
    """One snapshot of the live endpoints, written to ``path``."""

    def __init__(self, stack, home: Path, path: Path):
        self.stack, self.home, self.path = stack, home, path
        self.take()

    def take(self) -> None:
        after_next_remote_write(self.stack.prometheus.url)
        result = sonicmap("export", "--format", "json", "--window", WINDOW, "-o", str(self.path), "--force",
                          *urls(self.stack), home=self.home)
        assert result.returncode == 0, result.stderr.decode()
        self.json = json.loads(self.path.read_text())
        self.at = self.json["meta"]["dataTime"]
        self.window = window_seconds(self.json["meta"]["window"])
        assert self.window == 120
        self.nodes = {n["id"]: n for n in self.json["nodes"]}
        self.edges = {(e["client"], e["server"]): e for e in self.json["edges"]}

    def query(self, text: str) -> list[dict]:
        return promql(self.stack.prometheus.url, text.replace("[W]", f"[{self.window}s]"), self.at)


@pytest.fixture(scope="module")
def snap(real_stack, tmp_path_factory) -> Taken:
    """The module's snapshot, once every series has lived longer than the window."""
    wait_until_running_for(real_stack, 150)
    home = tmp_path_factory.mktemp("figures-home")
    return Taken(real_stack, home, tmp_path_factory.mktemp("figures") / "snapshot.json")


def retaken(snap: Taken, mismatches, attempts: int = 3) -> list[str]:
    """``mismatches(snap)`` on the snapshot, retaken while a remote-written sample that
    landed after sonicmap read Prometheus can explain a difference."""
    bad: list[str] = []
    for attempt in range(attempts):
        if attempt:
            snap.take()
        bad = mismatches(snap)
        if not bad:
            break
    return bad


# ---- 1. model nodes from span metrics ------------------------------------------------------------


def test_model_node_rate_and_errors_match_span_metrics(snap):
    """Each model node's rate (the figure its box shows) within 15 % of the span-metrics
    rate of the model's span (`traces_spanmetrics_calls_total{span_name=<model>}`, every
    traced request), and its error ratio within 3 points of that span's
    STATUS_CODE_ERROR share; the same per `pod → model` edge."""
    models = [n for n in snap.nodes.values() if n["role"] == "model"]
    assert [n["id"] for n in models] == [f"model/{SUPERSONIC_MODEL}"]
    bad, worst_rate, worst_points = [], 0.0, 0.0
    for node in models:
        name = node["id"].removeprefix("model/")
        calls = by_labels(snap.query(f'sum by (service, status_code) (rate(traces_spanmetrics_calls_total'
                                     f'{{span_name="{name}"}}[W]))'), "service", "status_code")
        per_pod: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0])
        for (service, status), rate in calls.items():
            per_pod[service][0] += rate
            per_pod[service][1] += rate if status == "STATUS_CODE_ERROR" else 0.0
        assert set(per_pod) == set(SUPERSONIC_TRITONS), f"span metrics of {name} on {sorted(per_pod)}"
        figures = [(node["id"], node["ownRate"], [sum(v[0] for v in per_pod.values()),
                                                  sum(v[1] for v in per_pod.values())])]
        figures += [(f"{pod} → {node['id']}", snap.edges[(pod, node["id"])], per_pod[pod]) for pod in SUPERSONIC_TRITONS]
        for where, shown, (total, failed) in figures:
            assert total > 0, f"{where}: no span-metrics rate"
            relative, points = abs(shown["rate"] - total) / total, abs(shown["errorRatio"] - failed / total)
            worst_rate, worst_points = max(worst_rate, relative), max(worst_points, points)
            if relative > MODEL_RATE_TOLERANCE or points > MODEL_ERROR_POINTS:
                bad.append(f"{where}: rate {shown['rate']:.4f}/s vs span metrics {total:.4f}/s ({relative:.1%}), "
                           f"errors {shown['errorRatio']:.4f} vs {failed / total:.4f} ({points * 100:.2f} points)")
        assert close(node["incoming"]["rate"], node["ownRate"]["rate"]), "the model's incoming rate is its own rate"
    print(f"model figures vs span metrics: worst rate {worst_rate:.2%}, worst error ratio {worst_points * 100:.2f} points")
    assert not bad, "\n".join(bad)


# ---- 2. orphans only with orphan traces ----------------------------------------------------------


def tempo_search_at(snap: Taken, q: str, *, limit: int = 1000, spss: int = 1) -> list[dict]:
    """Tempo's search over the snapshot's window (plus the ingestion slack on both sides)."""
    start, end = int(snap.at - snap.window - 30), int(snap.at + 5)
    answer = httpc.get(f"{snap.stack.tempo.url}/api/search",
                       {"q": q, "start": start, "end": end, "limit": limit, "spss": spss})
    assert answer.status == 200, f"search {q!r}: {answer.status} {answer.text[:300]}"
    return json.loads(answer.body).get("traces", [])


def test_no_orphan_node_without_orphan_traces(snap):
    """Tempo holds no orphan trace in this stack (an InferRequest span whose parent is
    not in its trace: Envoy samples every request), so sonicmap shows no `unsampled`
    node, no orphan edge and counts no orphan; an orphan figure it shows must be backed
    by orphan traces Tempo finds, or by a span-metrics excess above its stated noise."""
    assert tempo_search_at(snap, PARENTED, limit=5), f"{PARENTED} finds the parented InferRequest spans"
    orphans = tempo_search_at(snap, ORPHANS)
    orphan_nodes = [n["id"] for n in snap.nodes.values() if n["role"] == "virtual" or n["id"] == "unsampled"]
    orphan_edges = [e for e in snap.edges.values() if e["rateSource"] == "orphans" or e["orphans"] > 0]
    for e in orphan_edges:
        evidence = e.get("orphanEvidence")
        assert evidence, f"{e['client']} → {e['server']}: an orphan figure without evidence"
        if evidence["kind"] == "traces":
            assert 0 < evidence["traces"] <= len(orphans), f"{e['server']}: {evidence} but Tempo holds {len(orphans)}"
        else:
            excess = independent_excess(snap, e["server"])
            assert excess > evidence["noise"], f"{e['server']}: excess {excess}/s within noise {evidence['noise']}/s"
    if not orphans:
        assert not orphan_nodes and not orphan_edges, (
            f"Tempo holds no orphan trace ({ORPHANS}) yet sonicmap shows {orphan_nodes} "
            f"{[(e['client'], e['server'], e['rate'], e.get('orphanEvidence')) for e in orphan_edges]}")


def independent_excess(snap: Taken, pod: str) -> float:
    """Span-metrics InferRequest rate into ``pod`` minus the service graph's."""
    calls = snap.query(f'sum(rate(traces_spanmetrics_calls_total{{span_name="InferRequest", service="{pod}"}}[W]))')
    graph = snap.query(f'sum(rate(traces_service_graph_request_total{{server="{pod}"}}[W]))')
    return (float(calls[0]["value"][1]) if calls else 0.0) - (float(graph[0]["value"][1]) if graph else 0.0)


# ---- 3. every histogram figure is PromQL of its declared source ------------------------------------


def alternatives(names: list[str]) -> str:
    """A PromQL regex matching exactly ``names`` (RE2 takes no escaped '-')."""
    return "|".join(re.escape(name).replace("\\-", "-") for name in names)


def expected_quantiles(snap: Taken, latency: dict, *, node: dict | None = None, edge: dict | None = None) -> dict:
    """{p50, p95, p99} in ms, as PromQL computes them at dataTime from the source the
    latency object declares (`from`, `source`, `side`)."""
    origin, kind, side = latency["from"], latency["source"], latency["side"]
    if origin == "service-graph":
        metric = f"traces_service_graph_request_{'client' if side == 'client' else 'server'}_seconds"
        if edge is not None:
            selector, by = f'client="{edge["client"]}", server="{edge["server"]}"', "client, server"
        else:
            label = "client" if side == "client" else "server"
            selector, by = f'{label}=~"{alternatives(node["members"])}"', label
        scale = 1000.0
    elif origin == "span-metrics":
        metric, scale = "traces_spanmetrics_latency", 1000.0
        selector = f'span_name="InferRequest", service=~"{alternatives(node["members"])}"'
        by = "service" if len(node["members"]) == 1 else ""
    elif origin == "envoy-metrics":
        metric, scale = "envoy_http_downstream_rq_time", 1.0                   # Envoy's timer counts ms
        selector = f'envoy_http_conn_manager_prefix="ingress_grpc", pod=~"{alternatives(node["members"])}"'
        by = "pod" if len(node["members"]) == 1 else ""
    else:
        raise AssertionError(f"no PromQL source for from={origin}")
    out = {}
    for name, q in QUANTILES.items():
        if kind == "native":
            query = f"histogram_quantile({q}, sum by ({by}) (rate({metric}{{{selector}}}[W])))"
        else:
            query = f"histogram_quantile({q}, sum by ({by}{', ' if by else ''}le) (rate({metric}_bucket{{{selector}}}[W])))"
        result = snap.query(query)
        assert len(result) == 1, f"{query}: {result}"
        out[name] = float(result[0]["value"][1]) * scale
    return out


def latency_objects(snap: Taken):
    """(where, latency object, suffix, node, edge) for every histogram-backed figure with traffic."""
    for e in snap.edges.values():
        for key in ("serverLatencyMs", "clientLatencyMs"):
            if e[key]["from"] != "traces" and e["rate"] > 0 and e[key]["p95"] is not None:
                yield f"{e['client']} → {e['server']} {key}", e[key], "", None, e
    for n in snap.nodes.values():
        for key in ("incoming", "outgoing"):
            if n[key]["from"] != "traces" and n[key]["rate"] > 0 and n[key]["p95Ms"] is not None:
                yield f"{n['id']} {key}", n[key], "Ms", n, None


def quantile_mismatches(snap: Taken, only=lambda where, node: True) -> list[str]:
    bad = []
    for where, latency, suffix, node, edge in latency_objects(snap):
        if not only(where, node):
            continue
        expected = expected_quantiles(snap, latency, node=node, edge=edge)
        for name, value in expected.items():
            shown, bound = latency[name + suffix], latency["bounds"].get(name)
            le = [b * 1000 for b in latency.get("buckets", {}).get("le", [])]
            if bound == "<":
                ok = le and close(shown, le[0], 1e-9) and value <= shown * (1 + 1e-9)
            elif bound == ">":
                ok = le and close(shown, le[-1], 1e-9)
            else:
                ok = close(shown, value, 1e-9)
            if not ok:
                bad.append(f"{where} {name} ({latency['from']}/{latency['source']}/{latency['side']}): "
                           f"sonicmap {shown}{bound or ''}, PromQL {value}")
    return bad


def test_envoy_outgoing_p95_is_its_client_side_quantile(snap):
    """Each Envoy node's `outgoing` latency is Envoy's side (Envoy's own timer, or the
    service graph's client side), never Triton's server side; its p50/p95/p99 equal
    `histogram_quantile` of the declared source at dataTime."""
    for pod in ENVOY_PODS:
        outgoing = snap.nodes[pod]["outgoing"]
        assert outgoing["rate"] > 0 and outgoing["p95Ms"] is not None, f"{pod}: no outgoing latency"
        assert (outgoing["from"], outgoing["side"]) in {("envoy-metrics", "envoy"), ("service-graph", "client")}, (
            f"{pod} outgoing is {outgoing['from']}/{outgoing['side']}, not Envoy's side")
    bad = retaken(snap, lambda s: quantile_mismatches(s, lambda where, node: node is not None and node["role"] == "envoy"))
    assert not bad, "\n".join(bad)


def test_every_histogram_quantile_is_promql_of_its_source(snap):
    """Every edge's server and client side and every node's incoming and outgoing
    latency that comes from a histogram: p50/p95/p99 equal `histogram_quantile` at
    dataTime over the metric its `from`/`source`/`side` name (native histograms by the
    bare name, classic ones by `_bucket`); a Triton pod's figure is the server side."""
    for pod in SUPERSONIC_TRITONS:
        assert snap.nodes[pod]["incoming"]["side"] == "server"
    sources = {(latency["from"], latency["source"]) for _, latency, *_ in latency_objects(snap)}
    assert ("service-graph", "native") in sources, f"Prometheus has native histograms, sonicmap used {sources}"
    bad = retaken(snap, quantile_mismatches)
    assert not bad, "\n".join(bad)


# ---- 4. classic quantiles carry their bucket -----------------------------------------------------


def test_every_classic_quantile_has_its_bucket_range(snap):
    """Every latency object whose source is `classic` carries p50Range/p95Range/p99Range:
    two adjacent bucket bounds (ms) of its own buckets, holding the quantile, which PromQL
    computes inside them too."""
    classic = [(where, latency, suffix, node, edge) for where, latency, suffix, node, edge in latency_objects(snap)
               if latency["source"] == "classic"]
    assert classic, "the stack scrapes Envoy's classic request-time histogram: at least that one is classic"
    bad = []
    for where, latency, suffix, node, edge in classic:
        bounds = [0.0] + [b * 1000 for b in latency["buckets"]["le"]]
        expected = expected_quantiles(snap, latency, node=node, edge=edge)
        for name in QUANTILES:
            span = latency.get(f"{name}Range")
            if span is None:
                bad.append(f"{where}: no {name}Range")
                continue
            lower, upper = span
            adjacent = any(close(lower, a) and close(upper, b) for a, b in zip(bounds, bounds[1:]))
            value = latency[name + suffix]
            if not adjacent or not (lower <= value <= upper) or not (lower - 1e-9 <= expected[name] <= upper + 1e-9):
                bad.append(f"{where} {name}Range {span}: bounds {bounds}, sonicmap {value}, PromQL {expected[name]}")
    assert not bad, "\n".join(bad)


# ---- 5. exact quantiles of the fetched traces ----------------------------------------------------


def durations_ms(snap: Taken, q: str) -> list[float]:
    """Durations (ms) of the spans a TraceQL span set matches, over the window."""
    out = []
    for trace in tempo_search_at(snap, q, limit=5000, spss=50):
        for span_set in trace.get("spanSets", [trace.get("spanSet", {})]):
            out += [int(s["durationNanos"]) / 1e6 for s in span_set.get("spans", [])]
    return out


def test_every_edge_with_requests_has_trace_latency(snap):
    """Every edge with fetched requests carries `traceLatencyMs {n, p50, p95, p99}`, n its fetched requests; being
    nearest-rank quantiles, each is the duration of a real span of that edge in Tempo:
    the InferRequest span of `client → pod`, the model span of `pod → model`."""
    bad = []
    served = [e for e in snap.edges.values() if e["client"] in ENVOY_PODS and e["server"] in SUPERSONIC_TRITONS]
    assert len(served) == 6
    checked = 0
    for e in snap.edges.values():
        if e["phaseRequests"] == 0:
            continue            # an edge none of the fetched traces crossed has nothing to measure
        where = f"{e['client']} → {e['server']}"
        t = e.get("traceLatencyMs")
        if t is None:
            bad.append(f"{where}: {e['phaseRequests']} fetched requests, no traceLatencyMs")
            continue
        if t["n"] != e["phaseRequests"] or not t["p50"] <= t["p95"] <= t["p99"]:
            bad.append(f"{where}: {t} with {e['phaseRequests']} requests")
        if e["server"].startswith("model/"):
            model = e["server"].removeprefix("model/")
            q = f'{{ resource.service.name = "{e["client"]}" && name = "{model}" }}'
        else:
            q = (f'{{ resource.service.name = "{e["client"]}" }} >> '
                 f'{{ resource.service.name = "{e["server"]}" && name = "InferRequest" }}')
        spans = durations_ms(snap, q)
        for name in QUANTILES:
            if not any(abs(t[name] - d) <= 1e-6 for d in spans):
                bad.append(f"{where} {name} {t[name]} ms is no span duration of {q} ({len(spans)} spans)")
        checked += 1
    fetched = sum(e["phaseRequests"] for e in served)
    assert fetched > 0 and checked >= 4, f"sonicmap fetched {fetched} Envoy → Triton requests"
    assert not bad, "\n".join(bad)


# ---- 6. the map and every export print the JSON's numbers -----------------------------------------

NUMBER = r"[\d.]+"
DURATION = re.compile(r"^(?P<bound>[<>]?)(?P<value>[\d.]+)(?P<unit>µs|ms|s)$")
RANGE = re.compile(r"^(?P<lo>[\d.]+)–(?P<hi>[\d.]+)(?P<unit>µs|ms|s)$")
UNIT_MS = {"µs": 0.001, "ms": 1.0, "s": 1000.0}


def check_percent(text: str, ratio: float | None, where: str) -> list[str]:
    if ratio is None:
        return [f"{where}: {text!r} printed for no error ratio"]
    if text == "<0.1%":
        return [] if 0 < ratio * 100 < 0.1 else [f"{where}: {text!r}, JSON {ratio}"]
    number = text.rstrip("%")
    return [] if abs(ratio * 100 - float(number)) <= half_step(number) else [f"{where}: {text!r}, JSON {ratio}"]


def check_quantile(text: str, latency: dict, name: str, suffix: str, where: str) -> list[str]:
    """A printed quantile: a duration (with `<`/`>` when the JSON bounds it), a bucket
    range, or '–' where the JSON has none."""
    value = latency[name + suffix]
    if text == "–":
        return [] if value is None else [f"{where}: {name} '–', JSON {value}"]
    if value is None:
        return [f"{where}: {name} {text!r} printed where the JSON has none"]
    if m := RANGE.match(text):
        span = latency.get(f"{name}Range")
        lo, hi = float(m["lo"]) * UNIT_MS[m["unit"]], float(m["hi"]) * UNIT_MS[m["unit"]]
        if not span or not (close(lo, span[0], 1e-6) and close(hi, span[1], 1e-6)):
            return [f"{where}: {name} {text!r}, JSON range {span}"]
        return []
    m = DURATION.match(text)
    if not m:
        return [f"{where}: {name} {text!r} is not a duration"]
    if (m["bound"] or None) != latency["bounds"].get(name):
        return [f"{where}: {name} {text!r}, JSON bound {latency['bounds'].get(name)}"]
    if abs(value - float(m["value"]) * UNIT_MS[m["unit"]]) > half_step(m["value"]) * UNIT_MS[m["unit"]]:
        return [f"{where}: {name} {text!r}, JSON {value} ms"]
    return []


def check_p95(text: str, latency: dict, suffix: str, where: str) -> list[str]:
    return check_quantile(text, latency, "p95", suffix, where)


def node_figures(n: dict) -> tuple[float, dict, float | None]:
    """The rate, latency side and error ratio a node's box shows: its own rate, the side
    that has traffic (incoming, else outgoing), its own error ratio when its source counts errors."""
    primary = n["incoming"] if n["incoming"]["rate"] > 0 else n["outgoing"]
    own = n.get("ownRate")
    rate = own["rate"] if own else (n.get("spanMetricsRate") or primary["rate"])
    errors = own["errorRatio"] if own and own.get("failedRate") is not None else primary["errorRatio"]
    return rate, primary, errors


MARKERS = {"server": "", "client": "cli ", "envoy": "env "}


def check_node_stats(stats: list[str], n: dict, where: str) -> list[str]:
    """`rate · [side ]p95 Q · E% err`, the DOT/Mermaid node label's second line."""
    rate, primary, errors = node_figures(n)
    bad = check_rate(stats[0], rate, where)
    for part in stats[1:]:
        if part.endswith(" err"):
            bad += check_percent(part.removesuffix(" err"), errors, where)
        else:
            marker = MARKERS[primary["side"]]
            if not part.startswith(marker + "p95 "):
                bad.append(f"{where}: {part!r} does not say the {primary['side']} side")
            bad += check_p95(part.removeprefix(marker + "p95 "), primary, "Ms", where)
    return bad


def check_edge_label(label: str, e: dict, where: str) -> list[str]:
    parts = label.split(" · ")
    bad = check_rate(parts[0].removesuffix(" unsampled"), e["rateEstimated"] or e["rate"], where)
    for part in parts[1:]:
        if part.endswith(" err"):
            bad += check_percent(part.removesuffix(" err"), e["errorRatio"], where)
        else:
            bad += check_p95(part.removeprefix("p95 "), e["serverLatencyMs"], "", where)
    if (e["errorRatio"] or 0) > 0 and not any(p.endswith(" err") for p in parts):
        bad.append(f"{where}: errors {e['errorRatio']} not printed")
    return bad


def export(snap: Taken, fmt: str, tmp_path: Path, *extra: str) -> str:
    out = tmp_path / f"map.{fmt}"
    result = sonicmap("export", "--snapshot", str(snap.path), "--format", fmt, "-o", str(out), "--force", *extra,
                      home=snap.home)
    assert result.returncode == 0, result.stderr.decode()
    return out.read_text()


def test_dot_and_mermaid_print_the_json_numbers(snap, tmp_path):
    """Every node and edge label of the DOT and Mermaid exports of the snapshot prints
    the snapshot's rate, error ratio and p95 (range and side included)."""
    dot, mermaid = export(snap, "dot", tmp_path), export(snap, "mermaid", tmp_path)
    bad = []
    labels = {m[0]: html.unescape(m[1]) for m in re.findall(r'^  "([^"]+)" \[label="([^"]*)"', dot, re.M)}
    ids = {m[0]: m[1] for m in re.findall(r'^  (n\d+)\["([^"]*)"\]', mermaid, re.M)}
    assert set(labels) == set(snap.nodes), f"DOT nodes {sorted(labels)}"
    assert len(ids) == len(snap.nodes)
    for node_id, n in snap.nodes.items():
        name, *stats = labels[node_id].split("\\n")
        assert name == n["label"]
        if stats:
            bad += check_node_stats(stats[0].split(" · "), n, f"DOT {node_id}")
    by_label = {}
    for mid, text in ids.items():
        name, *stats = text.split("<br/>")
        by_label[mid] = name
        node = next(n for n in snap.nodes.values() if n["label"] == name)
        if stats:
            bad += check_node_stats(stats[0].split(" · "), node, f"Mermaid {name}")
    node_by_mid = {mid: next(i for i, n in snap.nodes.items() if n["label"] == name) for mid, name in by_label.items()}
    dot_edges = re.findall(r'^  "([^"]+)" -> "([^"]+)" \[label="([^"]*)"', dot, re.M)
    mermaid_edges = re.findall(r'^  (n\d+) -->\|"([^"]*)"\| (n\d+)', mermaid, re.M)
    assert {(c, s) for c, s, _ in dot_edges} == set(snap.edges)
    assert {(node_by_mid[c], node_by_mid[s]) for c, _, s in mermaid_edges} == set(snap.edges)
    for client, server, label in dot_edges:
        bad += check_edge_label(html.unescape(label), snap.edges[(client, server)], f"DOT {client} → {server}")
    for c, label, s in mermaid_edges:
        key = (node_by_mid[c], node_by_mid[s])
        bad += check_edge_label(label, snap.edges[key], f"Mermaid {key[0]} → {key[1]}")
    assert not bad, "\n".join(bad)


def svg_grid(svg: str, width: int, height: int) -> list[str]:
    """The SVG picture's characters back on the terminal grid (8.4 px × 17 px cells)."""
    grid = [[" "] * width for _ in range(height)]
    for x, y, text in re.findall(r'<text x="([\d.]+)" y="([\d.]+)"[^>]*>([^<]*)</text>', svg):
        row, col = round((float(y) - 13.3) / 17), round(float(x) / 8.4)
        for i, ch in enumerate(html.unescape(text)):
            if 0 <= row < height and 0 <= col + i < width:
                grid[row][col + i] = ch
    return ["".join(r).rstrip() for r in grid]


def box_lines(lines: list[str], n: dict) -> tuple[str, str] | None:
    """A node box's name line and numbers line (inside its borders); a short box has
    both on one line (its label, or the pod's suffix, cut with '…', then the rate).
    None when the map does not show the node."""
    label = n["label"]
    for row, line in enumerate(lines[:-1]):
        col = line.find("│" + label)
        if col >= 0 and lines[row + 1][col:col + 1] == "│":
            end = line.find("│", col + 1 + len(label))
            return line[col + 1:end], lines[row + 1][col + 1:end]
    suffix = n["id"].rsplit("-", 1)[-1]
    for line in lines:
        for name, rate in re.findall(r"│(\S+) +(\S+/s)│", line):
            if name in (label, suffix) or (name.endswith("…") and label.startswith(name[:-1])):
                return label, rate
    return None


@pytest.mark.parametrize("width, height", [(120, 40), (100, 30), (80, 24)])
def test_text_map_and_svg_print_the_json_numbers(snap, tmp_path, width, height):
    """The map as text (what a terminal of that size shows) and as SVG (the same
    picture: the same characters on the same cells): every node box prints its rate,
    p95 (with its side) and error ratio as the snapshot has them, whole; every arrow
    into a box the summed rate of the edges into it; the overview the Triton pods' rate."""
    size = ("--width", str(width), "--height", str(height))
    text, svg = export(snap, "text", tmp_path, *size), export(snap, "svg", tmp_path, *size)
    lines = text.rstrip("\n").split("\n")
    assert [line.rstrip() for line in lines] == svg_grid(svg, width, height), "the SVG draws the text map's characters"
    bad = []
    for node_id, n in snap.nodes.items():
        found = box_lines(lines, n)
        if found is None:
            bad.append(f"{node_id}: no box with its label {n['label']!r}")
            continue
        name_line, numbers = found
        rate, primary, errors = node_figures(n)
        extra = name_line[len(n["label"]):].strip()
        if extra:
            bad += check_percent(extra, errors, f"map {node_id} errors")
        tokens = numbers.split()
        if not tokens:
            bad.append(f"map {node_id}: no numbers line")
            continue
        bad += check_rate(tokens[0], rate, f"map {node_id}")
        rest = " ".join(tokens[1:])
        marker = MARKERS[primary["side"]]
        if rest:
            if not rest.startswith(marker):
                bad.append(f"map {node_id}: {rest!r} does not say the {primary['side']} side")
            value = rest.removeprefix(marker).removeprefix("p95").strip()
            bad += check_p95(value, primary, "Ms", f"map {node_id}")
        into = [e for e in snap.edges.values() if e["server"] == node_id]
        for m in re.finditer(r"(~?[\d.]+k?/s)(?: unsampled)?▶│" + re.escape(n["label"]), text):
            bad += check_rate(m[1], sum(e["rateEstimated"] or e["rate"] for e in into), f"map arrow into {node_id}")
    overview = re.search(r"triton rate (\S+/s)", text)
    if overview:
        bad += check_rate(overview[1], sum(node_figures(n)[0] for n in snap.nodes.values() if n["role"] == "triton"),
                          "overview triton rate")
    assert not bad, "\n".join(bad) + "\n\n" + text



def test_table_prints_the_json_numbers(snap, tmp_path):
    """`sonicmap replay` of the snapshot in a real terminal (tmux): the table of edges
    (`t`) and of nodes (Tab) prints, for every row, the snapshot's rate, success ratio
    (1 − the error ratio the map shows) and p50/p95/p99 (ranges, bounds and the side
    marker included)."""
    if shutil.which("tmux") is None:
        pytest.skip("tmux is not installed")
    from real_stack import SONICMAP
    pane = Tmux(tmp_path, snap.home, [str(SONICMAP), "replay", str(snap.path)], 250, 40)
    try:
        pane.screen_after(None, "sonicmap › map")
        edges = table_rows(pane.screen_after("t", "table edges"))
        nodes = table_rows(pane.screen_after("Tab", "table nodes"))
        pane.send("q")
    finally:
        pane.kill()
    bad = []
    assert set(edges) == {f"{c} → {s}" for c, s in snap.edges}, sorted(edges)
    assert set(nodes) == set(snap.nodes), sorted(nodes)
    for (client, server), e in snap.edges.items():
        row, where = edges[f"{client} → {server}"], f"table {client} → {server}"
        bad += check_rate(row["rps"], e["rateEstimated"] or e["rate"], where)
        bad += check_success(row["success"], e["errorRatio"], where)
        for name in QUANTILES:
            bad += check_quantile(row[name], e["serverLatencyMs"], name, "", where)
    for node_id, n in snap.nodes.items():
        row, where = nodes[node_id], f"table {node_id}"
        rate, primary, errors = node_figures(n)
        bad += check_rate(row["rps"], rate, where)
        bad += check_success(row["success"], errors, where)
        if (row["side"] or "") != MARKERS[primary["side"]].strip():
            bad.append(f"{where}: side {row['side']!r}, JSON {primary['side']}")
        for name in QUANTILES:
            bad += check_quantile(row[name], primary, name, "Ms", where)
    assert not bad, "\n".join(bad)


def check_success(text: str, errors: float | None, where: str) -> list[str]:
    if errors is None:
        return [] if text == "–" else [f"{where}: success {text!r} for no error ratio"]
    return check_percent(text, 1 - errors, where)


def panel(lines: list[str]) -> tuple[str, list[str]]:
    """The details panel's title and inner lines, from a captured screen."""
    top = next(i for i, line in enumerate(lines) if re.search(r"┌ (node|edge|overview) ", line))
    left = re.search(r"┌ (node|edge|overview) ", lines[top]).start()
    title = lines[top][left:].split()[1]
    inner = []
    for line in lines[top + 1:]:
        cell = line[left:]
        if cell.startswith("└"):
            break
        inner.append(cell[1:].rstrip().removesuffix("│").strip())
    return title, inner


LATENCY_HEADING = re.compile(r"^(?P<side>\w+) side · (?P<source>\w+) · ")
PANEL_RATE = re.compile(r"^rate (?P<rate>\S+)(?: [a-z, ]+?)?(?:  errors (?P<errors>\S+))?$")


def quantile_texts(line: str) -> dict[str, str]:
    parts = line.split()
    return {parts[i]: parts[i + 1] for i in range(0, len(parts) - 1, 2) if parts[i] in QUANTILES}


def check_exact(texts: dict[str, str], trace: dict | None, where: str) -> list[str]:
    if trace is None:
        return [f"{where}: exact quantiles printed where the JSON has no traceLatencyMs"]
    bad = []
    for name, text in texts.items():
        m = DURATION.match(text)
        if not m or abs(trace[name] - float(m["value"]) * UNIT_MS[m["unit"]]) > half_step(m["value"]) * UNIT_MS[m["unit"]]:
            bad.append(f"{where}: exact {name} {text!r}, JSON {trace[name]} ms")
    return bad


def panel_mismatches(inner: list[str], latency_of, trace: dict | None, rate_ok, errors: float | None, where: str) -> list[str]:
    """The panel's first rate line, every histogram section (side, source, quantiles) and
    the exact quantiles of the fetched spans, against the JSON object shown."""
    bad, section = [], None
    first_rate = next((PANEL_RATE.match(line) for line in inner if PANEL_RATE.match(line)), None)
    if first_rate is None:
        return [f"{where}: no rate line in {inner[:4]}"]
    bad += rate_ok(first_rate["rate"])
    if first_rate["errors"] is not None:
        bad += check_percent(first_rate["errors"], errors, where)
    for i, line in enumerate(inner):
        if line in ("incoming", "outgoing") or line.startswith(("incoming ·", "outgoing ·")):
            section = line.split()[0]
        if m := LATENCY_HEADING.match(line):
            latency, suffix = latency_of(m["side"], section)
            if latency is None:
                bad.append(f"{where}: {line!r} has no latency object in the JSON")
                continue
            if m["source"] != latency.get("source"):
                bad.append(f"{where}: {line!r}, JSON source {latency.get('source')}")
            for name, text in quantile_texts(inner[i + 1]).items():
                bad += check_quantile(text, latency, name, suffix, f"{where} {m['side']} side")
        if line.startswith("exact "):
            bad += check_exact(quantile_texts(inner[i + 1]), trace, where)
    return bad


def test_details_panel_prints_the_json_numbers(snap, tmp_path):
    """`sonicmap replay` of the snapshot in tmux: Tab through every node and edge of the map;
    the details panel of each shows the JSON's rate and errors, every latency section's
    source and p50/p95/p99 (ranges and bounds included) and the exact quantiles of the
    fetched spans. A panel's edge name is cut to its width, so an edge is told apart from
    others of the same prefix by its figures; every node and edge must be shown once."""
    if shutil.which("tmux") is None:
        pytest.skip("tmux is not installed")
    from real_stack import SONICMAP
    pane = Tmux(tmp_path, snap.home, [str(SONICMAP), "replay", str(snap.path)], 250, 60)
    panels = []
    try:
        pane.screen_after(None, "sonicmap › map")
        for _ in range(len(snap.nodes) + len(snap.edges)):
            before = panel(pane.lines())
            pane.send("Tab")
            deadline = time.monotonic() + 10
            while (shown := panel(pane.lines())) == before:
                assert time.monotonic() < deadline, "Tab did not change the details panel"
                time.sleep(0.1)
            panels.append(shown)
        pane.send("q")
    finally:
        pane.kill()
    bad, shown_nodes, shown_edges = [], [], []
    for title, inner in panels:
        if title == "node":
            node_id = inner[0]
            n = snap.nodes.get(node_id)
            if n is None:
                bad.append(f"panel names node {node_id!r}, not in the JSON")
                continue
            shown_nodes.append(node_id)
            rate, primary, errors = node_figures(n)
            bad += panel_mismatches(inner, lambda side, section, n=n: (n.get(section or "incoming"), "Ms"),
                                    n.get("traceLatencyMs"), lambda text, r=rate, w=node_id: check_rate(text, r, w),
                                    errors, f"panel {node_id}")
        elif title == "edge":
            candidates = [(k, e) for k, e in snap.edges.items() if f"{k[0]} → {k[1]}".startswith(inner[0])]
            fits = []
            for key, e in candidates:
                where = f"panel {key[0]} → {key[1]}"
                found = panel_mismatches(
                    inner, lambda side, section, e=e: (e.get(f"{side}LatencyMs"), ""), e.get("traceLatencyMs"),
                    lambda text, e=e, w=where: [] if not check_rate(text, e["rate"], w) or not check_rate(
                        text, e["rateEstimated"] or e["rate"], w) else check_rate(text, e["rate"], w),
                    e["errorRatio"], where)
                if not found:
                    fits.append(key)
            if not fits:
                bad.append(f"edge panel {inner[:8]} matches no JSON edge named {inner[0]!r}…")
            else:
                shown_edges.append(next((k for k in fits if k not in shown_edges), fits[0]))
    assert not bad, "\n".join(bad)
    assert sorted(shown_nodes) == sorted(snap.nodes), "every node's panel once"
    assert sorted(shown_edges) == sorted(snap.edges), "every edge's panel once"
