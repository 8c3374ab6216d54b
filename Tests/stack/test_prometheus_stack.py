"""Real Prometheus loaded with the deterministic dataset answers, at the fixed
evaluation time T, exactly the numbers computed independently in Python."""

from __future__ import annotations

import json
import math
import signal
import subprocess
import sys
from pathlib import Path

import pytest

import httpc
import lifecycle
from prometheus_stack import (Dataset, Series, bucket_quantile, extrapolated_rate,
                              remote_write, snappy_block, write_request)

HERE = Path(__file__).resolve().parent
WINDOW = 300
SG = "traces_service_graph_request"


def query(prom, promql: str) -> list[dict]:
    answer = httpc.get(f"{prom.url}/api/v1/query", {"query": promql, "time": prom.evaluation_time})
    body = json.loads(answer.body)
    assert answer.status == 200 and body["status"] == "success", body
    return body["data"]["result"]


def by(result: list[dict], *labels: str) -> dict[tuple, float]:
    return {tuple(r["metric"].get(label) for label in labels): float(r["value"][1]) for r in result}


def close(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is b
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)


def expected_edges(prom) -> dict[tuple, dict]:
    return {(e["client"], e["server"]): e for e in prom.dataset.expected(WINDOW)["edges"]}


def test_edge_rates_match(prom):
    got = by(query(prom, f"sum by (client, server) (rate({SG}_total[{WINDOW}s]))"), "client", "server")
    expected = expected_edges(prom)
    assert set(got) == set(expected)
    for edge, value in got.items():
        assert close(value, expected[edge]["rate"]), edge


def test_failed_ratio_and_average_latency_match(prom):
    expected = expected_edges(prom)
    failed = by(query(prom, f"sum by (client, server) (rate({SG}_failed_total[{WINDOW}s]))"
                            f" / sum by (client, server) (rate({SG}_total[{WINDOW}s]))"), "client", "server")
    assert failed and all(close(v, expected[e]["failed_ratio"]) for e, v in failed.items())
    avg = by(query(prom, f"sum by (client, server) (rate({SG}_server_seconds_sum[{WINDOW}s]))"
                         f" / sum by (client, server) (rate({SG}_total[{WINDOW}s])) * 1000"), "client", "server")
    assert all(close(v, expected[e]["server_avg_ms"]) for e, v in avg.items())


@pytest.mark.parametrize("side, q", [("server", 0.95), ("server", 0.5), ("client", 0.99)])
def test_quantiles_match(prom, side, q):
    got = by(query(prom, f"histogram_quantile({q}, sum by (le, client, server) "
                         f"(rate({SG}_{side}_seconds_bucket[{WINDOW}s])))"), "client", "server")
    expected = expected_edges(prom)
    for edge, value in got.items():
        assert close(value, expected[edge][f"{side}_p{round(q * 100)}"]), edge
    assert any(v > 0.1 for v in got.values()), "one pod is slow enough to leave the first bucket"


def test_user_edges_are_virtual_nodes(prom):
    groups = query(prom, f"group by (client, connection_type, server) ({SG}_total)")
    user = [g["metric"] for g in groups if g["metric"]["client"] == "user"]
    assert user and all(m["connection_type"] == "virtual_node" for m in user)
    assert all("connection_type" not in g["metric"] for g in groups if g["metric"]["client"] != "user")


def test_triton_and_envoy_metrics_match(prom):
    tritons = prom.dataset.expected(WINDOW)["tritons"]
    queue = by(query(prom, f"sum by (pod) (rate(nv_inference_queue_duration_us[{WINDOW}s]))"
                           f" / sum by (pod) (rate(nv_inference_exec_count[{WINDOW}s]) * 1000)"), "pod")
    assert {k[0] for k in queue} == set(tritons)
    assert all(close(v, tritons[pod]["queue_ms"]) for (pod,), v in queue.items())
    gpu = by(query(prom, 'nv_gpu_utilization{app="supersonic"}'), "pod")
    assert all(close(v, tritons[pod]["gpu_utilization"]) for (pod,), v in gpu.items())
    envoys = prom.dataset.expected(WINDOW)["envoys"]
    sel = '{envoy_http_conn_manager_prefix="ingress_grpc"}'
    avg = by(query(prom, f"sum by (pod) (rate(envoy_http_downstream_rq_time_sum{sel}[{WINDOW}s]))"
                         f" / sum by (pod) (rate(envoy_http_downstream_rq_time_count{sel}[{WINDOW}s]))"), "pod")
    assert set(k[0] for k in avg) == set(envoys)
    assert all(close(v, envoys[pod]["avg_ms"]) for (pod,), v in avg.items())


def test_short_dashboard_window(prom):
    """[30s] holds three 15 s samples in Prometheus 2.42 (closed range)."""
    got = by(query(prom, "sum by (pod) (rate(nv_inference_count[30s]))"), "pod")
    for (pod,), value in got.items():
        assert close(value, prom.dataset.rate("nv_inference_count", 30, pod=pod))


def test_exemplars_arrive_by_remote_write(prom):
    t = prom.evaluation_time
    answer = httpc.get(f"{prom.url}/api/v1/query_exemplars",
                       {"query": f"{SG}_server_seconds_bucket", "start": t - WINDOW, "end": t})
    data = json.loads(answer.body)["data"]
    trace_ids = {e["labels"]["traceID"] for d in data for e in d["exemplars"]}
    expected = {trace for s in prom.dataset.series.values() for _, _, trace in s.exemplars}
    assert trace_ids == expected and any(len(i) < 32 for i in trace_ids)   # leading zeros trimmed
    traces = prom.dataset.otlp_traces()["resourceSpans"]
    assert {s["traceId"].lstrip("0") for rs in traces for ss in rs["scopeSpans"] for s in ss["spans"]} == expected


def test_remote_write_of_fresh_samples(prom):
    now = prom.evaluation_time + 120
    series = Series("sonicmap_stack_probe", {"job": "test"})
    remote_write(prom.url, write_request([(series, [(now, 42.0)], [])]))
    answer = httpc.get(f"{prom.url}/api/v1/query", {"query": "sonicmap_stack_probe", "time": now})
    assert json.loads(answer.body)["data"]["result"][0]["value"][1] == "42"


# ---- the algorithms themselves -------------------------------------------------------------


def test_extrapolated_rate_of_a_linear_counter():
    samples = [(t, t * 2.0) for t in range(0, 601, 15)]
    assert close(extrapolated_rate(samples, 600, 300), 2.0)
    assert extrapolated_rate(samples[:1], 600, 300) is None


def test_bucket_quantile():
    buckets = [(0.1, 50.0), (0.2, 100.0), (math.inf, 100.0)]
    assert close(bucket_quantile(0.5, buckets), 0.1)
    assert close(bucket_quantile(0.75, buckets), 0.15)
    assert close(bucket_quantile(1.0, [(0.1, 0.0), (math.inf, 10.0)]), 0.1)
    assert math.isnan(bucket_quantile(0.5, [(0.1, 1.0)]))


def _snappy_decode_literals(block: bytes) -> bytes:
    length, pos, shift = 0, 0, 0
    while True:
        byte = block[pos]
        pos += 1
        length |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            break
    out = bytearray()
    while pos < len(block):
        tag = block[pos]
        pos += 1
        assert tag & 3 == 0, "literal elements only"
        n = tag >> 2
        if n >= 60:
            extra = n - 59
            n = int.from_bytes(block[pos:pos + extra], "little")
            pos += extra
        out += block[pos:pos + n + 1]
        pos += n + 1
    assert len(out) == length
    return bytes(out)


@pytest.mark.parametrize("size", [0, 1, 59, 60, 255, 256, 65536, 200_000])
def test_snappy_literal_encoding_round_trips(size):
    data = bytes(i % 251 for i in range(size))
    assert _snappy_decode_literals(snappy_block(data)) == data


def test_dataset_is_deterministic():
    assert Dataset(seed=3).expected() == Dataset(seed=3).expected()


def test_cli_writes_port_and_expected_numbers(tmp_path):
    files = {name: tmp_path / name for name in ("port", "expected.json", "traces.json")}
    proc = subprocess.Popen([sys.executable, str(HERE / "prometheus_stack.py"), "--workdir", str(tmp_path / "w"),
                             "--port-file", str(files["port"]), "--expected-file", str(files["expected.json"]),
                             "--exemplar-traces-file", str(files["traces.json"])], stdout=subprocess.DEVNULL)
    try:
        port = lifecycle.read_port_file(files["port"], proc, timeout=60)
        expected = json.loads(files["expected.json"].read_text())
        t = expected["evaluation_time"]
        result = json.loads(httpc.get(f"http://127.0.0.1:{port}/api/v1/query",
                                      {"query": f"sum(rate({SG}_total[300s]))", "time": t}).body)
        total = float(result["data"]["result"][0]["value"][1])
        assert close(total, sum(e["rate"] for e in expected["edges"]))
        assert json.loads(files["traces.json"].read_text())["resourceSpans"]
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(15) == 0
    finally:
        lifecycle.stop_process(proc)
