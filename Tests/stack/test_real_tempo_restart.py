"""`sonicmap live` under tmux while its real Tempo is killed and restarted.

The test runs a Tempo of its own, fed by the session's collector (a second exporter,
as a Collector fans out to two backends), so the other tests' Tempo is never touched.
It is killed twice, each time kept down for a few seconds and restarted on the same
ports with the same data:

1. SIGKILL, a crash: the status line turns STALE ("cannot connect to"), the map stays,
   then LIVE again. Every trace Tempo had made searchable before the crash (its WAL)
   is still there; traces it held only in memory may be lost, as Tempo documents
   for a single replica.
2. SIGTERM, a rolling restart: STALE, then LIVE; every span Tempo had acknowledged is
   still there.

Both times the collector holds what arrives while Tempo is down and delivers it
after the restart: every span it delivered is in Tempo at the end."""

from __future__ import annotations

import importlib.util
import json
import re
import time
from pathlib import Path

import pytest

import httpc
import lifecycle
from real_stack import SONICMAP, tempo_search
from real_tempo import TempoProcess
from run_stack import ENVOY_PODS, SUPERSONIC_TRITONS

pytestmark = pytest.mark.real_tempo

E2E = Path(__file__).resolve().parents[1] / "e2e" / "conftest.py"
WIDTH, HEIGHT = 220, 40
DOWN_SECONDS = 4.0
STTY_REPORT = ("echo STTY=$(stty -a | tr ' ;' '\\n\\n' "
               "| grep -x -e icanon -e -icanon -e echo -e -echo | tr '\\n' ' '); ")


def terminal_helpers():
    """Tests/e2e/conftest.py (TmuxSession, sh_quote), loaded by path: its name clashes
    with this folder's conftest."""
    spec = importlib.util.spec_from_file_location("e2e_terminal", E2E)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def short(pod: str) -> str:
    """How the map labels a pod: the deployment's last word and the pod suffix."""
    parts = pod.split("-")
    return f"{parts[-3]}-{parts[-1]}"


PODS = [short(p) for p in [*ENVOY_PODS, *SUPERSONIC_TRITONS]]


def status(screen: str) -> str:
    return screen.split("\n")[-1]


def is_live(screen: str) -> bool:
    return " LIVE " in status(screen) and all(pod in screen for pod in PODS)


def is_stale_with_map(screen: str) -> bool:
    return " STALE " in status(screen) and "cannot connect to" in status(screen) and all(p in screen for p in PODS)


def delivered_spans(destination, since: float = 0.0, until: float = float("inf")) -> dict[str, int]:
    """Spans per trace id the collector delivered to this Tempo, of the batches it
    received between ``since`` and ``until``."""
    counts: dict[str, int] = {}
    for batch in list(destination.delivered):
        if since <= batch.received_at < until:
            for trace_id, spans in batch.spans_by_trace.items():
                counts[trace_id] = counts.get(trace_id, 0) + spans
    return counts


def spans_held(tempo: TempoProcess, trace_id: str) -> int:
    body = json.loads(httpc.get(f"{tempo.url}/api/v2/traces/{trace_id}").body)
    return sum(len(ss.get("spans", [])) for rs in body.get("trace", {}).get("resourceSpans", [])
               for ss in rs.get("scopeSpans", []))


def missing(tempo: TempoProcess, expected: dict[str, int]) -> dict[str, tuple[int, int]]:
    """Trace ids holding fewer spans than expected: {id: (held, expected)}."""
    out = {}
    for trace_id, count in expected.items():
        held = spans_held(tempo, trace_id)
        if held < count:
            out[trace_id] = (held, count)
    return out


def outage(session, tempo: TempoProcess, destination, stop) -> tuple[float, float]:
    """Take Tempo down with ``stop``, see STALE, keep it down, restart, see LIVE.
    Returns when it went down and when it came back."""
    stop()
    down = time.time()
    session.wait_until(is_stale_with_map, "STALE with the last map on screen", timeout=20)
    lifecycle.wait_until(lambda: destination.pending() > 0, 15, "spans queued by the collector while Tempo is down")
    time.sleep(max(0.0, down + DOWN_SECONDS - time.time()))
    tempo.restart()
    up = time.time()
    session.wait_until(is_live, "LIVE again after the restart", timeout=30)
    lifecycle.wait_until(lambda: destination.pending() == 0, 30, "the collector's queue delivered")
    return down, up


def test_tempo_killed_and_restarted_during_live(real_stack, tempo_binary, tmp_path):
    terminal = terminal_helpers()
    unreachable = f"http://127.0.0.1:{lifecycle.free_port()}/api/v1/write"   # its metrics go nowhere
    tempo = TempoProcess(tmp_path, remote_write=unreachable, binary=tempo_binary, name="tempo-restart").start()
    destination = real_stack.collector.add_destination(tempo.otlp_url, ready_url=f"{tempo.url}/ready")
    session = terminal.TmuxSession(tmp_path)
    try:
        config = session.home / ".config" / "sonicmap" / "config.yaml"
        config.parent.mkdir(parents=True)
        config.write_text(f"tempo: {tempo.url}\nrefresh: 1s\ntimeout: 1s\n")
        session.start(f"{terminal.sh_quote(SONICMAP)} live; echo EXIT=$?; {STTY_REPORT}exec sleep 600", WIDTH, HEIGHT)
        session.wait_until(is_live, "the Envoy → Triton map from the new Tempo, LIVE", timeout=60)

        shown = {t["traceID"].rjust(32, "0") for t in tempo_search(tempo.url, '{ name = "InferRequest" }')}
        assert shown, "Tempo's search shows traces before the crash"
        crashed, back = outage(session, tempo, destination, tempo.kill)
        during = delivered_spans(destination, since=crashed, until=back)
        assert during, "the collector received spans while Tempo was down"
        lost = missing(tempo, {i: n for i, n in delivered_spans(destination, until=crashed).items() if i in shown})
        assert not lost, f"traces searchable before the crash lost: {lost}"
        lost = missing(tempo, during)
        assert not lost, f"spans sent while Tempo was down lost: {lost}"

        acknowledged = delivered_spans(destination, since=crashed)     # all taken by the restarted Tempo
        stopped, _ = outage(session, tempo, destination, tempo.terminate)
        lost = missing(tempo, acknowledged)
        assert not lost, f"acknowledged spans lost over a graceful restart: {lost}"
        assert delivered_spans(destination, since=stopped), "the collector received spans while Tempo was down"
        lost = missing(tempo, delivered_spans(destination, since=crashed))
        assert not lost, f"delivered spans missing at the end: {lost}"

        session.send_keys("q")
        assert session.wait_exit_line() == 0
        screen = session.wait_for("STTY=")
        assert re.search(r"STTY=.*\bicanon\b", screen) and re.search(r"STTY=.*\becho\b", screen), screen
    finally:
        session.kill()
        real_stack.collector.remove_destination(destination)
        tempo.stop()
