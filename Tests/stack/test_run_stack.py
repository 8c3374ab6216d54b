"""``run_stack.py --tempo standin`` comes up, shows the Envoy → Triton map in
Prometheus and traces in the Tempo stand-in, and stops cleanly on Ctrl-C (SIGINT).
(With the real Tempo, the default, the same ``Stack`` serves the real_tempo tier.)"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from pathlib import Path

import httpc
import lifecycle

HERE = Path(__file__).resolve().parent


def instant(prometheus: str, promql: str) -> list[dict]:
    return json.loads(httpc.get(f"{prometheus}/api/v1/query", {"query": promql}).body)["data"]["result"]


def test_stack_serves_the_map_and_stops_on_ctrl_c(tmp_path):
    ready = tmp_path / "ready.json"
    proc = subprocess.Popen([sys.executable, str(HERE / "run_stack.py"), "--tempo", "standin", "--ready-file", str(ready),
                             "--rate", "8", "--push-interval", "2", "--cutoff-seconds", "0", "--duration", "120",
                             "--workdir", str(tmp_path / "w")],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        lifecycle.wait_until(ready.exists, 60, "stack ready file", proc)
        endpoints = json.loads(ready.read_text())
        prometheus, tempo = endpoints["prometheus"], endpoints["tempo"]
        expected = {(e["pod"], t["pod"]) for e in endpoints["envoys"] for t in endpoints["tritons"]}

        def edges():
            result = instant(prometheus, "sum by (client, server) (rate(traces_service_graph_request_total[1m]))")
            return {(r["metric"]["client"], r["metric"]["server"]) for r in result} == expected

        lifecycle.wait_until(edges, 40, "service-graph edges envoy -> triton", proc, interval=1)
        lifecycle.wait_until(lambda: len(instant(prometheus, "sum by (pod) (rate(nv_inference_count[30s]))")) == 2,
                             40, "scraped Triton metrics", proc, interval=1)
        envoy_time = 'envoy_http_downstream_rq_time_count{envoy_http_conn_manager_prefix="ingress_grpc"}'
        assert {r["metric"]["pod"] for r in instant(prometheus, envoy_time)} == {e["pod"] for e in endpoints["envoys"]}
        traces = json.loads(httpc.get(f"{tempo}/api/search", {"q": '{ name = "InferRequest" }'}).body)["traces"]
        assert {t["rootServiceName"] for t in traces} <= {e["pod"] for e in endpoints["envoys"]}
        check_export(tempo, prometheus, expected, traces[0]["traceID"], tmp_path)

        proc.send_signal(signal.SIGINT)
        output, _ = proc.communicate(timeout=30)
        assert proc.returncode == 0, output
        assert "sonicmap live --tempo" in output and "stopping the stack" in output
        assert not lifecycle.http_get_ok(f"{prometheus}/-/ready")
        assert not any(lifecycle.http_get_ok(f"{e['admin']}/ready") for e in endpoints["envoys"])
    finally:
        lifecycle.stop_process(proc)


def check_export(tempo: str, prometheus: str, expected: set, trace_id: str, tmp_path: Path) -> None:
    """`sonicmap export` from live endpoints: the snapshot holds the Envoy → Triton edges
    with their sources, and `--format otlp --trace` fetches the trace from Tempo."""
    binary = HERE.parents[1] / ".build" / "debug" / "sonicmap"
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "LANG": "C.UTF-8"}
    run = lambda *args: subprocess.run([str(binary), "export", "--tempo", tempo, "--prometheus", prometheus, *args],
                                       capture_output=True, env=env, stdin=subprocess.DEVNULL, timeout=60)
    snap = run("--format", "json", "-o", "-")
    assert snap.returncode == 0, snap.stderr.decode()
    doc = json.loads(snap.stdout)
    assert {(e["client"], e["server"]) for e in doc["edges"] if e["rateSource"] == "service-graph"} >= expected
    assert doc["meta"]["sources"] == {"tempo": tempo, "prometheus": prometheus}
    otlp = tmp_path / "trace.otlp.json"
    got = run("--format", "otlp", "--trace", trace_id, "-o", str(otlp))
    assert got.returncode == 0, got.stderr.decode()
    spans = [s for r in json.loads(otlp.read_text())["resourceSpans"] for ss in r["scopeSpans"] for s in ss["spans"]]
    assert {s["name"] for s in spans} >= {"InferRequest"}
