"""Whole journeys in a real terminal: from the map to the slowest request's timeline,
on the demo and on the real test stack (real Envoy → Tempo stand-in → sonicmap)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time

import pytest

from conftest import BIN, REPO, demo_command, display_width, sh_quote
from test_tui import MARKER, STTY_REPORT, assert_terminal_restored, map_drawn

PHASES = re.compile(r"per hop .*?([a-z+]+) ([0-9.]+(?:µs|ms|s)) \((\d+)%\)")


def header(screen: str) -> str:
    return screen.split("\n")[0]


def tab_to(session, wanted: re.Pattern, limit: int = 120) -> str:
    """Press Tab until the breadcrumb names the wanted selection; return that screen."""
    screen = session.capture()
    for _ in range(limit):
        if wanted.search(header(screen)):
            return screen
        before = header(screen)
        session.send_keys("Tab")
        screen = session.wait_until(lambda s: header(s) != before, "the selection to move")
    raise AssertionError(f"Tab never reached /{wanted.pattern}/; last header: {header(screen)}")


def dominant_phase(screen: str) -> tuple[str, int]:
    line = next((l for l in screen.split("\n") if "per hop" in l), "")
    m = PHASES.search(line)
    assert m, f"no per-hop line with a dominant phase:\n{screen}"
    return m.group(1), int(m.group(3))


def test_demo_journey_from_the_slow_pod_to_its_slowest_trace(tmux_session):
    """Select the edge into the throttled pod, open its requests and the slowest one:
    the queue or the GPU dominates. Then switch theme, resize, and quit cleanly."""
    session = tmux_session
    session.start(demo_command("--refresh", "60s", prefix=f"echo {MARKER}; ", suffix=STTY_REPORT), 160, 48)
    session.wait_until(map_drawn, "the map")
    tab_to(session, re.compile(r"› edge envoy-\w+→triton-b658d"))

    session.send_keys("Enter")
    screen = session.wait_until(lambda s: "page 1 ·" in s, "the search's answer")
    lines = screen.split("\n")
    assert lines[1].startswith(" TraceQL { resource.service.name = ") and ">>" in lines[1], lines[1]
    assert "◆" in screen, f"no exemplar marked:\n{screen}"
    rows = [l for l in lines if re.match(r"^ [◆ ] \d\d:\d\d:\d\d ", l)]
    assert len(rows) >= 10 and all("triton-b658d" in r for r in rows), screen
    starts = [r[3:11] for r in rows]
    assert starts == sorted(starts, reverse=True), f"newest first: {starts}"

    session.send_keys("s")
    screen = session.wait_until(lambda s: "slowest first" in s and "page 1 ·" in s, "the slowest preset")
    rows = [l for l in screen.split("\n") if re.match(r"^ [◆ ] \d\d:\d\d:\d\d ", l)]
    durations = [r[12:21].strip() for r in rows]
    assert durations[0].endswith("s") and not durations[0].endswith("ms"), f"the slowest first: {durations}"

    session.send_keys("Enter")
    screen = session.wait_until(lambda s: "› trace " in header(s) and "per hop" in s, "the timeline")
    phase, share = dominant_phase(screen)
    assert phase in ("queue", "infer") and share > 50, f"{phase} {share}% dominates:\n{screen}"
    assert "InferRequest" in screen and "ingress" in screen

    session.send_keys(":")
    session.send_keys("theme dark", literal=True)
    session.send_keys("Enter")
    screen = session.wait_until(lambda s: s.split("\n")[-1].strip() == "theme dark", "the theme message")
    assert "per hop" in screen, "the timeline is still on screen"

    session.resize(100, 30)
    screen = session.wait_until(lambda s: len(s.split("\n")) == 30 and "per hop" in s and "› trace " in header(s),
                                "the timeline redrawn at 100x30")
    assert all(display_width(l) <= 100 for l in screen.split("\n")), screen
    assert dominant_phase(screen)[0] == phase

    session.send_keys(":")
    session.send_keys("trace 1", literal=True)
    session.send_keys("Enter")
    screen = session.wait_for("trace 00000000000000000000000000000001 not found")
    assert "per hop" in screen, "an unknown id leaves the timeline on screen"

    session.send_keys("q")
    assert_terminal_restored(session, 0)


# ------------------------------------------------------------------- the real stack


@pytest.fixture
def stack(tmp_path):
    """run_stack.py with fast service-graph pushes and no search cutoff; its endpoints."""
    ready = tmp_path / "ready.json"
    proc = subprocess.Popen(
        [sys.executable, str(REPO / "Tests" / "stack" / "run_stack.py"), "--ready-file", str(ready), "--rate", "6",
         "--push-interval", "2", "--cutoff-seconds", "0", "--duration", "300", "--workdir", str(tmp_path / "stack"), "--no-grpc"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + 90
        while not ready.exists():
            if proc.poll() is not None:
                pytest.fail(f"run_stack.py exited {proc.returncode}:\n{proc.stdout.read()}")
            if time.monotonic() > deadline:
                pytest.fail("the test stack did not come up in 90 s")
            time.sleep(0.2)
        yield json.loads(ready.read_text())
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()


def test_stack_journey_from_the_map_to_an_envoy_and_triton_timeline(tmux_session, stack):
    session = tmux_session
    envoys = [pod_short(e["pod"]) for e in stack["envoys"]]
    tritons = [pod_short(t["pod"]) for t in stack["tritons"]]
    session.start(f"{sh_quote(BIN)} live --tempo {stack['tempo']} --prometheus {stack['prometheus']} "
                  f"--refresh 2s --window 1m; echo EXIT=$?; exec sleep 600", 160, 48)
    session.wait_until(lambda s: "LIVE" in s.split("\n")[-1] and all(p in s for p in envoys + tritons),
                       "Envoy and Triton pods on the map", timeout=90)
    tab_to(session, re.compile(r"› edge envoy-\w+→triton-\w+"))

    session.send_keys("Enter")
    screen = session.wait_until(lambda s: "page 1 ·" in s and " ingress " in s, "the edge's requests from Tempo", timeout=30)
    assert ">>" in screen.split("\n")[1]

    session.send_keys("Enter")
    screen = session.wait_until(lambda s: "› trace " in header(s) and "InferRequest" in s, "the timeline", timeout=30)
    rows = screen.split("\n")[3:]
    assert any("ingress" in r and "envoy-" in r for r in rows), f"no Envoy span:\n{screen}"
    assert any("InferRequest" in r and "triton-" in r for r in rows), f"no Triton span:\n{screen}"
    assert "per hop" in screen

    session.send_keys("q")
    assert session.wait_exit_line() == 0


def pod_short(pod: str) -> str:
    """How the map names a pod: its role and the last part of its name."""
    role = "envoy" if "envoy" in pod else "triton"
    return f"{role}-{pod.rsplit('-', 1)[1]}"
