"""`sonicmap live` against the test stack (real Envoy → Triton stand-ins → Tempo
stand-in, Prometheus) in tmux, through every fault a network brings: the map
appears; each fault puts a clear reason on the status line (STALE, last map kept)
and the map recovers to LIVE by itself; quitting restores the terminal.

Tempo is reached through a relay, as users reach it through `kubectl
port-forward`, so it can go down and come back on the same port. The map here
uses Tempo alone, so a Tempo fault stops every refresh (with Prometheus too, it
would only be a warning)."""

from __future__ import annotations

import json
import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import BIN, REPO, TmuxSession, run_sonicmap, sh_quote

STACK = REPO / "Tests" / "stack"
sys.path.insert(0, str(STACK))

import httpc  # noqa: E402
import lifecycle  # noqa: E402
from relay import TcpRelay  # noqa: E402

PODS = ["envoy-9ww7h", "envoy-k2x7p", "triton-rxzpm", "triton-b658d"]
WIDTH, HEIGHT = 220, 40
CAP = "256KiB"
STTY_REPORT = ("echo STTY=$(stty -a | tr ' ;' '\\n\\n' "
               "| grep -x -e icanon -e -icanon -e echo -e -echo | tr '\\n' ' '); ")


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    """`run_stack.py --tempo standin` (faults need the stand-in) with a fast service-graph
    push and no search cutoff; its endpoints from the ready file."""
    workdir = tmp_path_factory.mktemp("stack")
    ready = workdir / "ready.json"
    log = open(workdir / "stack.log", "wb")
    proc = subprocess.Popen([sys.executable, str(STACK / "run_stack.py"), "--tempo", "standin",
                             "--ready-file", str(ready), "--rate", "6",
                             "--push-interval", "2", "--cutoff-seconds", "0", "--no-grpc", "--workdir", str(workdir / "w")],
                            stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT)
    try:
        lifecycle.wait_until(ready.exists, 90, "the stack's ready file", proc)
        yield json.loads(ready.read_text())
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


@pytest.fixture
def relay(stack):
    port = int(stack["tempo"].rsplit(":", 1)[1])
    r = TcpRelay(port).start()
    yield r
    r.stop()


def fault(stack, mode: str, **options) -> None:
    """Sets the Tempo stand-in's fault (applies to every query path until cleared)."""
    answer = httpc.request(f"{stack['tempo']}/__fault", "POST", json.dumps({"mode": mode, **options}).encode())
    assert answer.status == 200, answer.text


def status(screen: str) -> str:
    return screen.split("\n")[-1]


def is_live(screen: str) -> bool:
    return " LIVE " in status(screen) and all(pod in screen for pod in PODS)


def stale_with(text: str):
    def check(screen: str) -> bool:
        return " STALE " in status(screen) and text in status(screen)
    return check


def live_command(*args: str) -> str:
    quoted = " ".join(sh_quote(a) for a in args)
    return f"{sh_quote(BIN)} live {quoted}; echo EXIT=$?; {STTY_REPORT}exec sleep 600"


def start_live(session: TmuxSession, tempo_url: str, *args: str) -> None:
    """`sonicmap live` on Tempo alone, configured by the config file: refresh and
    timeout 1 s, a small response cap."""
    config = session.home / ".config" / "sonicmap" / "config.yaml"
    config.parent.mkdir(parents=True)
    config.write_text(f"tempo: {tempo_url}\nrefresh: 1s\ntimeout: 1s\nmax-response-bytes: {CAP}\n")
    session.start(live_command(*args), WIDTH, HEIGHT)


def quit_and_check_terminal(session: TmuxSession) -> None:
    session.send_keys("q")
    assert session.wait_exit_line() == 0
    screen = session.wait_for("STTY=")
    assert re.search(r"STTY=.*\bicanon\b", screen) and re.search(r"STTY=.*\becho\b", screen), screen


def test_faults_show_on_the_status_line_and_the_map_recovers(stack, relay, tmux_session):
    start_live(tmux_session, relay.url)
    screen = tmux_session.wait_until(is_live, "the Envoy → Triton map, LIVE", timeout=40)
    # Tempo alone gives no counters to compare the traces with, so the rates stay
    # "sampled" (the doctor test below, with Prometheus, finds them complete).
    assert "sampled rates" in status(screen)

    journeys = [
        ("500", {}, "answered HTTP 500: internal error: injected fault"),
        ("malformed", {}, "sent a response sonicmap cannot read"),
        ("hang", {"seconds": 10}, "did not answer within the 1 s request timeout"),
        ("oversized", {"bytes": 1 << 20}, "is larger than the 256 KiB limit"),
        ("401", {}, "set the tenant with --tenant or SONICMAP_TENANT"),
    ]
    for mode, options, message in journeys:
        fault(stack, mode, **options)
        stale = tmux_session.wait_until(stale_with(message), f"STALE with {message!r} ({mode})")
        assert all(pod in stale for pod in PODS), f"{mode}: the last good map is no longer on screen:\n{stale}"
        fault(stack, "none")
        tmux_session.wait_until(is_live, f"LIVE again after {mode}")

    # Endpoint down (the port-forward dies), then back on the same port.
    relay.stop()
    tmux_session.wait_until(stale_with("cannot connect to"), "STALE with 'cannot connect to' (Tempo down)")
    relay.start()
    tmux_session.wait_until(is_live, "LIVE again after Tempo came back")

    quit_and_check_terminal(tmux_session)


def test_bad_traceql_shows_tempos_message(stack, tmux_session):
    start_live(tmux_session, stack["tempo"], "--trace-query", "{ name = }")
    screen = tmux_session.wait_for(re.compile(r"(DOWN|STALE).*invalid TraceQL query"))
    assert "Tempo rejected the search { name = }" in status(screen)
    tmux_session.send_keys("?")     # still responsive
    tmux_session.wait_for("keys · map")
    quit_and_check_terminal(tmux_session)


def test_unknown_trace_id_is_not_found(stack, tmux_session, home):
    unknown = "00000000000000000000000000c0ffee"
    tmux_session.start(f"{sh_quote(BIN)} trace {unknown} --tempo {stack['tempo']}; echo EXIT=$?; exec sleep 600",
                       WIDTH, HEIGHT)
    assert tmux_session.wait_exit_line() == 1
    assert f"trace {unknown} not found in Tempo" in tmux_session.capture()
    printed = run_sonicmap("trace", unknown, "--tempo", stack["tempo"], "--format", "json", home=home)
    assert printed.returncode == 1 and b"not found" in printed.stderr and printed.stdout == b""


def test_doctor_on_the_live_stack_is_healthy(stack, home):
    """Real Envoy and its metrics: once the first service-graph pushes are in, doctor
    passes every check; Envoy samples everything here, so the estimate is about 1."""
    def healthy():
        result = run_sonicmap("doctor", "--tempo", stack["tempo"], "--prometheus", stack["prometheus"], "--json", home=home)
        report = json.loads(result.stdout)
        return report if result.returncode == 0 and all(c["status"] == "ok" for c in report["checks"]) else None

    report = lifecycle.wait_until(healthy, 60, "doctor: every check ok on the live stack", interval=1)
    assert report["connectionTypes"] == ["plain"]
    assert 0.8 < report["sampling"]["ratio"] < 1.1
    envoy = next(c for c in report["checks"] if c["id"] == "prometheus.envoy")
    assert "envoy-9ww7h" in envoy["message"] and "envoy-k2x7p" in envoy["message"]
    sampling = next(c for c in report["checks"] if c["id"] == "map.sampling")
    assert "complete" in sampling["message"] and "--sampling-rate" not in sampling["message"], sampling
