"""The real-Tempo tier's session: one stack (``run_stack.Stack`` with the real Tempo)
for every test marked ``real_tempo``, and the helpers those tests share.

``real_stack`` starts, once per pytest session, real Tempo v2.10.8 with its
metrics-generator remote-writing into real Prometheus, two real Envoys, three
Triton stand-ins and live load through them, then waits until the map is there
(every Envoy → Triton edge in Prometheus, traces in Tempo's search). It stops as
soon as no test left in the session needs it (``pytest_runtest_teardown``), so
the rest of the run does not share the two cores with it.

Where no Tempo binary is found (``real_tempo.find_tempo``) the tests skip with the
reason, except under ``CI=true``, where a missing Tempo fails them.

Conftest imports the fixtures and the hook from here, so this tier stays in one file.
"""

from __future__ import annotations

import importlib.util
import json
import math
import os
import subprocess
import time
from pathlib import Path

import pytest

import httpc
import lifecycle
import real_tempo
from run_stack import ENVOY_PODS, SUPERSONIC_TRITONS, Stack

HERE = Path(__file__).resolve().parent
SONICMAP = HERE.parents[1] / ".build" / "debug" / "sonicmap"
EDGES = {(envoy, triton) for envoy in ENVOY_PODS for triton in SUPERSONIC_TRITONS}
LOAD_RATE = 8.0            # requests/s over both Envoys
WARM_UP_SECONDS = 90.0

_running: list[Stack] = []


def promql(prometheus: str, query: str, at: float | None = None) -> list[dict]:
    """An instant query's result vector at ``at`` (Unix seconds, sent with millisecond
    precision as sonicmap sends it; default now)."""
    params = {"query": query} if at is None else {"query": query, "time": f"{at:.3f}"}
    answer = httpc.get(f"{prometheus}/api/v1/query", params)
    body = json.loads(answer.body)
    assert answer.status == 200 and body["status"] == "success", f"{query}: {answer.status} {answer.text[:300]}"
    return body["data"]["result"]


def by_labels(result: list[dict], *labels: str) -> dict[tuple, float]:
    """A result vector as {label values: value}."""
    return {tuple(r["metric"].get(label, "") for label in labels): float(r["value"][1]) for r in result}


def tempo_search(tempo: str, q: str | None = None, *, seconds: int = 3600, limit: int = 1000) -> list[dict]:
    """Traces Tempo's search finds over the last ``seconds`` (its own order)."""
    now = int(time.time())
    params = {"limit": limit, "start": now - seconds, "end": now + 1}
    if q is not None:
        params["q"] = q
    answer = httpc.get(f"{tempo}/api/search", params)
    assert answer.status == 200, f"search {q!r}: {answer.status} {answer.text[:300]}"
    return json.loads(answer.body).get("traces", [])


def sonicmap(*args: str, home: Path, timeout: float = 60) -> subprocess.CompletedProcess:
    """The built binary, without a terminal, with a clean environment."""
    if not (SONICMAP.is_file() and os.access(SONICMAP, os.X_OK)):
        pytest.fail(f"{SONICMAP} is missing: run `swift build` (or `make build`) first", pytrace=False)
    env = {"PATH": "/usr/bin:/bin", "HOME": str(home), "XDG_CONFIG_HOME": str(home / ".config"), "LANG": "C.UTF-8"}
    return subprocess.run([str(SONICMAP), *args], stdin=subprocess.DEVNULL, capture_output=True, env=env,
                          timeout=timeout)


def close(a: float | None, b: float | None, rel: float = 1e-9) -> bool:
    """Equal up to float rounding (both None, or both NaN, count as equal)."""
    if a is None or b is None:
        return a is b
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    return math.isclose(a, b, rel_tol=rel, abs_tol=1e-12)


def _tempo_binary() -> Path:
    try:
        return real_tempo.find_tempo()
    except real_tempo.TempoNotFound as err:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true requires the real-Tempo tier: {err}", pytrace=False)
        pytest.skip(f"real Tempo not available: {err}")


@pytest.fixture(scope="session")
def tempo_binary() -> Path:
    """The Tempo binary (skip, or fail under CI, when there is none)."""
    return _tempo_binary()


def _warm(stack: Stack) -> bool:
    """Every Envoy → Triton edge has a rate in Prometheus, and Tempo finds traces."""
    edges = by_labels(promql(stack.prometheus.url,
                             "sum by (client, server) (rate(traces_service_graph_request_total[1m]))"),
                      "client", "server")
    if not EDGES <= {edge for edge, rate in edges.items() if rate > 0}:
        return False
    return len(tempo_search(stack.tempo.url, '{ name = "InferRequest" }', limit=30)) >= 30


@pytest.fixture(scope="session")
def real_stack(tempo_binary, tmp_path_factory) -> Stack:
    """The session's real stack, warmed up; see the module docstring."""
    workdir = tmp_path_factory.mktemp("real-stack")
    stack = Stack(workdir, tempo="real", rate=LOAD_RATE, grpc=importlib.util.find_spec("grpc") is not None,
                  tempo_binary=tempo_binary)
    _running.append(stack)
    try:
        stack.start()
        lifecycle.wait_until(lambda: _warm(stack), WARM_UP_SECONDS, "the real stack's map (edges and traces)",
                             interval=1.0)
    except BaseException:
        stack.stop()
        raise
    yield stack
    stack.stop()


def wait_until_running_for(stack: Stack, seconds: float) -> None:
    """Let the stack run ``seconds`` in all, so that a rate window that long holds no
    series younger than the window (young series extrapolate differently)."""
    time.sleep(max(0.0, stack.started_at + seconds - time.monotonic()))


def pytest_runtest_teardown(item, nextitem):
    """Stop the real stack once no later test of the session uses it."""
    if not _running:
        return
    items = item.session.items
    later = items[items.index(item) + 1:] if item in items else []
    if not any("real_stack" in getattr(i, "fixturenames", ()) for i in later):
        while _running:
            _running.pop().stop()


@pytest.fixture
def sonicmap_home(tmp_path) -> Path:
    """An empty HOME, so no user configuration changes what sonicmap does."""
    path = tmp_path / "home"
    path.mkdir()
    return path
