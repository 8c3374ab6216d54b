"""``sonicmap doctor`` (the real binary) against the stack: Prometheus with the
deterministic dataset, the Tempo stand-in holding the traces behind its
exemplars, and every fault. Expected numbers come from the dataset, computed
independently of sonicmap."""

from __future__ import annotations

import json
import math
import subprocess
from pathlib import Path

import pytest

import lifecycle
import otlp
from prometheus_stack import PrometheusServer
from tempo_standin import Fault, TempoStandin

SECRET = "s3cr3t-doctor-token-never-printed"


def doctor(sonicmap_bin: Path, *args: str, timeout: float = 30) -> subprocess.CompletedProcess:
    """Runs ``sonicmap doctor ARGS`` with no terminal and a clean environment."""
    env = {"PATH": "/usr/bin:/bin", "HOME": "/nonexistent", "XDG_CONFIG_HOME": "/nonexistent", "LANG": "C.UTF-8"}
    return subprocess.run([str(sonicmap_bin), "doctor", *args], stdin=subprocess.DEVNULL, capture_output=True,
                          text=True, env=env, timeout=timeout)


def checks(result: subprocess.CompletedProcess) -> dict[str, dict]:
    return {c["id"]: c for c in json.loads(result.stdout)["checks"]}


def closed_port() -> str:
    return f"http://127.0.0.1:{lifecycle.free_port()}"


@pytest.fixture(scope="module")
def traced(prom):
    """A Tempo stand-in holding the traces behind the dataset's exemplars, with span
    kinds rewritten as SuperSONIC's collector does."""
    server = TempoStandin(cutoff_seconds=0, supersonic_kinds=True).start()
    server.store.add(otlp.parse_otlp_json(prom.dataset.otlp_traces()))
    yield server
    server.stop()


@pytest.fixture
def faulty(tempo):
    """The plain stand-in, with every fault cleared afterwards."""
    yield tempo
    tempo.faults.set(Fault())


def at(prom) -> list[str]:
    return ["--at", str(prom.evaluation_time)]


# ---- a healthy stack ------------------------------------------------------------------


def test_healthy_stack(sonicmap_bin, prom, traced):
    text = doctor(sonicmap_bin, "--tempo", traced.url, "--prometheus", prom.url, *at(prom))
    assert text.returncode == 0, text.stdout + text.stderr
    assert "connection types: plain (no label), virtual_node" in text.stdout
    assert "Envoy samples about 1.0% of requests" in text.stdout
    assert text.stdout.rstrip().endswith("healthy: no check failed")

    result = doctor(sonicmap_bin, "--tempo", traced.url, "--prometheus", prom.url, *at(prom), "--json")
    report = json.loads(result.stdout)
    assert result.returncode == 0 and report["healthy"] is True
    assert {c["status"] for c in report["checks"]} == {"ok"}, [c for c in report["checks"] if c["status"] != "ok"]
    assert report["connectionTypes"] == ["plain", "virtual_node"]
    tempo_end, prometheus_end = report["endpoints"]
    assert tempo_end["version"] == "2.6.0" and prometheus_end["version"].startswith("2.42")
    assert report["requests"] == 3 + 3 + 10, "Tempo: build info, two searches, three traces; Prometheus: 10"

    # The sampling estimate, from the dataset's own numbers: sampled Envoy → Triton edges
    # over (Triton's InferRequest span metrics − user → Triton edges).
    expected = prom.dataset.expected(300)
    envoys, tritons = set(expected["envoys"]), set(expected["tritons"])
    sampled = sum(e["rate"] for e in expected["edges"] if e["client"] in envoys and e["server"] in tritons)
    direct = sum(e["rate"] for e in expected["edges"] if e["client"] == "user")
    calls = sum(t["span_calls_per_s"] for t in expected["tritons"].values())
    assert math.isclose(report["sampling"]["ratio"], sampled / (calls - direct), rel_tol=1e-9)
    assert math.isclose(report["sampling"]["directRate"], direct, rel_tol=1e-9)
    assert 0.008 < report["sampling"]["ratio"] < 0.012, "the dataset samples 1%"
    assert [e["cause"] for e in report["explanations"]] == ["orphans", "virtual-nodes"]


def test_envoys_own_span_kinds_are_explained(sonicmap_bin, prom, tempo):
    """The same traces with Envoy's SERVER ingress: the hop cannot be paired."""
    tempo.store.add(otlp.parse_otlp_json(prom.dataset.otlp_traces()))
    result = doctor(sonicmap_bin, "--tempo", tempo.url, "--prometheus", prom.url, *at(prom), "--json")
    report = json.loads(result.stdout)
    assert checks(result)["map.traces"]["status"] == "warn"
    kinds = next(e for e in report["explanations"] if e["cause"] == "span-kinds")
    assert "called from ingress" in kinds["finding"] and "a SERVER span" in kinds["finding"]
    assert "rewrites it to CLIENT" in kinds["action"]


# ---- endpoints down ---------------------------------------------------------------------


def test_tempo_down(sonicmap_bin, prom):
    result = doctor(sonicmap_bin, "--tempo", closed_port(), "--prometheus", prom.url, *at(prom), "--json")
    assert result.returncode == 1
    found = checks(result)
    assert found["tempo.reachable"]["status"] == "fail"
    assert "cannot connect to" in found["tempo.reachable"]["message"]
    assert "kubectl port-forward" in found["tempo.reachable"]["message"]
    assert found["tempo.access"]["status"] == "skip"
    assert found["prometheus.serviceGraph"]["status"] == "ok", "Prometheus is still checked"


def test_prometheus_down(sonicmap_bin, traced):
    result = doctor(sonicmap_bin, "--tempo", traced.url, "--prometheus", closed_port())
    assert result.returncode == 1
    assert "fail  prometheus.reachable" in result.stdout and "cannot connect to" in result.stdout
    assert "skip  prometheus.serviceGraph" in result.stdout
    assert "NOT healthy: 1 check failed (prometheus.reachable)" in result.stdout


def test_empty_prometheus_explains_the_empty_map(sonicmap_bin, tmp_path):
    server = PrometheusServer(tmp_path, tmp_path / "data").start()
    try:
        result = doctor(sonicmap_bin, "--prometheus", server.url, "--json")
    finally:
        server.stop()
    assert result.returncode == 1
    report = json.loads(result.stdout)
    found = checks(result)
    assert found["prometheus.access"]["status"] == "ok"
    assert found["prometheus.serviceGraph"]["status"] == "fail"
    assert "no traces_service_graph_request_total series" in found["prometheus.serviceGraph"]["message"]
    assert "the map is empty" in found["prometheus.serviceGraph"]["message"]
    assert found["prometheus.exemplars"]["status"] == "warn"
    assert report["explanations"][0]["cause"] == "no-service-graph"
    assert "metrics generator" in report["explanations"][0]["action"]
    assert "remote_write" in report["explanations"][0]["action"]


# ---- Tempo faults ----------------------------------------------------------------------------


def test_tempo_401_says_set_the_tenant(sonicmap_bin, faulty):
    faulty.faults.set(Fault(mode="401"))
    result = doctor(sonicmap_bin, "--tempo", faulty.url)
    assert result.returncode == 1
    assert "fail  tempo.access" in result.stdout
    assert "set the tenant with --tenant or SONICMAP_TENANT" in result.stdout


def test_multi_tenant_tempo(sonicmap_bin, tmp_path):
    """A Tempo that needs X-Scope-OrgID: without it doctor says so; with it, all is well.
    A secret token never appears in the output."""
    server = TempoStandin(cutoff_seconds=0, tenant_required=True).start()
    token = tmp_path / "token"
    token.write_text(SECRET + "\n")
    try:
        without = doctor(sonicmap_bin, "--tempo", server.url, "--token-file", str(token))
        tenant = doctor(sonicmap_bin, "--tempo", server.url, "--token-file", str(token), "--tenant", "cms", "--json")
    finally:
        server.stop()
    assert without.returncode == 1
    assert "ok    tempo.reachable" in without.stdout, "build info stays open on a multi-tenant Tempo"
    assert "multi-tenant (it answered `no org id`): set the tenant" in without.stdout
    found = checks(tenant)
    assert found["tempo.access"]["status"] == "ok"
    assert f"tenant cms, bearer token from file:{token}" in found["tempo.access"]["message"]
    for output in (without.stdout, without.stderr, tenant.stdout, tenant.stderr):
        assert SECRET not in output


@pytest.mark.parametrize("mode, message", [
    ("500", "answered HTTP 500: internal error: injected fault"),
    ("malformed", "sent a response sonicmap cannot read"),
])
def test_tempo_answers_garbage(sonicmap_bin, faulty, mode, message):
    faulty.faults.set(Fault(mode=mode))
    result = doctor(sonicmap_bin, "--tempo", faulty.url)
    assert result.returncode == 1
    assert "fail  tempo.reachable" in result.stdout and message in result.stdout
    assert "skip  tempo.access" in result.stdout


def test_tempo_hang_with_a_short_timeout(sonicmap_bin, faulty):
    faulty.faults.set(Fault(mode="hang", seconds=10))
    # The subprocess limit only keeps a broken timeout from stalling the run.
    result = doctor(sonicmap_bin, "--tempo", faulty.url, "--timeout", "1s", timeout=9)
    assert result.returncode == 1
    assert "did not answer within the 1 s request timeout" in result.stdout
