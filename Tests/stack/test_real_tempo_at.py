"""`export --at` and `diff` against the real Tempo v2.10.8 and real Prometheus (issue 15):
the map two minutes ago equals PromQL evaluated by the test at that same time, and `diff`
of that snapshot and a current one reports exactly the two files' figures. The stack runs
only a few minutes, hence two minutes rather than ten."""

from __future__ import annotations

import json
import time

import pytest

import lifecycle
from real_stack import EDGES, by_labels, promql, sonicmap
from test_real_tempo import urls, window_seconds

pytestmark = pytest.mark.real_tempo

BACK = 120


def edges_at(prometheus: str, at: float, window: str) -> dict[tuple, float]:
    query = f"sum by (client, server) (rate(traces_service_graph_request_total[{window}]))"
    return by_labels(promql(prometheus, query, at), "client", "server")


def test_export_at_two_minutes_ago_equals_promql_then_and_diff_is_the_files(real_stack, sonicmap_home, tmp_path):
    prometheus = real_stack.prometheus.url
    lifecycle.wait_until(lambda: EDGES <= set(edges_at(prometheus, time.time() - BACK, "300s")), 240,
                         f"every Envoy → Triton edge in Prometheus {BACK} s ago", interval=2)
    before, now = tmp_path / "before.json", tmp_path / "now.json"
    started = time.time()
    old = sonicmap("export", "--format", "json", "--at", f"-{BACK // 60}m", "-o", str(before), *urls(real_stack), home=sonicmap_home)
    assert old.returncode == 0, old.stderr.decode()
    snapshot = json.loads(before.read_text())
    at = snapshot["meta"]["dataTime"]
    assert started - BACK - 1 <= at <= time.time() - BACK + 1
    expected = edges_at(prometheus, at, f"{window_seconds(snapshot['meta']['window'])}s")
    found = {(e["client"], e["server"]): e["rate"] for e in snapshot["edges"] if e["rateSource"] == "service-graph"}
    assert found.keys() == expected.keys()
    off = {k: (found[k], expected[k]) for k in found if abs(found[k] - expected[k]) > 0.02 * expected[k]}
    assert not off, f"rates more than 2 % from PromQL at {at}: {off}"

    current = sonicmap("export", "--format", "json", "-o", str(now), *urls(real_stack), home=sonicmap_home)
    assert current.returncode == 0, current.stderr.decode()
    after = json.loads(now.read_text())
    assert after["meta"]["dataTime"] > at + BACK - 5
    proc = sonicmap("diff", str(before), str(now), "--format", "json", home=sonicmap_home)
    assert proc.returncode == 0, proc.stderr.decode()
    diff = json.loads(proc.stdout)
    a = {(e["client"], e["server"]): e for e in snapshot["edges"]}
    b = {(e["client"], e["server"]): e for e in after["edges"]}
    assert {(e["client"], e["server"]) for e in diff["edges"]} == a.keys() & b.keys()
    assert EDGES <= a.keys() & b.keys()
    for e in diff["edges"]:
        key = (e["client"], e["server"])
        for field, path in {"rate": ("rate",), "errorRatio": ("errorRatio",), "p95Ms": ("serverLatencyMs", "p95")}.items():
            x, y = a[key], b[key]
            for step in path:
                x, y = x.get(step), y.get(step)
            assert (e[field]["before"], e[field]["after"]) == (x, y), (key, field)
            assert e[field]["delta"] == (y - x if x is not None and y is not None else None), (key, field)
    assert diff["before"]["dataTime"] == at and diff["after"]["dataTime"] == after["meta"]["dataTime"]
