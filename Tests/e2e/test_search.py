"""`sonicmap search` and multi-trace files through the real binary (issue 12)."""

from __future__ import annotations

import json
import re

from conftest import BIN, REPO, run_sonicmap, sh_quote

BATCH = REPO / "Tests" / "Fixtures" / "multi-trace" / "envoy-1.40-batch.bin"
JSONL = REPO / "Tests" / "Fixtures" / "multi-trace" / "collector-file-exporter.jsonl"


def test_search_lists_the_traces_of_a_file_newest_first(tmp_path):
    out = run_sonicmap("search", "--file", str(JSONL), "--format", "json", home=tmp_path)
    assert out.returncode == 0, out.stderr
    traces = json.loads(out.stdout)["traces"]
    assert [t["traceId"] for t in traces] == ["00f067aa0ba902b7e3b0c7f9a1d2e3f4", "5b8efff798038103d269b633813fc60c",
                                              "0af7651916cd43dd8448eb211c80319c"]
    assert set(traces[0]) == {"traceId", "start", "durationMs", "rootService", "rootName", "status", "statusMessage"}
    assert traces[0]["status"] == "error" and traces[0]["statusMessage"] == "CUDA out of memory"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z", traces[0]["start"])
    text = run_sonicmap("search", "--file", str(BATCH), home=tmp_path)
    assert text.returncode == 0 and b"3 traces, newest first" in text.stdout


def test_trace_file_with_several_traces_needs_an_id(tmp_path):
    several = run_sonicmap("trace", "--file", str(BATCH), "--format", "json", home=tmp_path)
    assert several.returncode == 2
    assert b"holds 3 traces; pick one by id" in several.stderr and b"sonicmap trace ID --file" in several.stderr
    one = run_sonicmap("trace", "1cadc63b4af68598e8058332efd0dc1", "--file", str(BATCH), "--format", "json", home=tmp_path)
    assert one.returncode == 0, one.stderr
    trace = json.loads(one.stdout)
    assert trace["traceId"] == "01cadc63b4af68598e8058332efd0dc1" and len(trace["spans"]) == 1
    absent = run_sonicmap("trace", "1234", "--file", str(BATCH), home=tmp_path)
    assert absent.returncode == 1 and b"is not in" in absent.stderr


def test_trace_file_with_several_traces_opens_their_list_on_a_terminal(tmux_session, tmp_path):
    """On a terminal, `trace --file` of several traces lists them all; Enter opens a
    timeline, Esc comes back, q restores the terminal."""
    listed = run_sonicmap("search", "--file", str(BATCH), "--format", "json", home=tmp_path)
    ids = [t["traceId"] for t in json.loads(listed.stdout)["traces"]]
    assert len(ids) == 3
    tmux_session.start(f"echo BEFORE-TUI; {sh_quote(BIN)} trace --file {sh_quote(BATCH)}; echo EXIT=$?; "
                       "echo STTY=$(stty -a | tr ' ;' '\\n\\n' | grep -x -e icanon -e -icanon -e echo -e -echo | tr '\\n' ' '); "
                       "exec sleep 600", 120, 30)
    screen = tmux_session.wait_for("3 traces in")
    assert "BEFORE-TUI" not in screen and tmux_session.pane_format("#{alternate_on}") == "1"
    for trace_id in ids:
        assert trace_id[:8] in screen, f"trace {trace_id} not listed:\n{screen}"
    assert " TRACES " in screen and "TRACE " in screen
    tmux_session.send_keys("Enter")
    timeline = tmux_session.wait_for("every trace › trace ")
    shown = re.search(r"trace ([0-9a-f]{4})…", timeline).group(1)
    assert any(i.startswith(shown) for i in ids) and "ingress" in timeline
    tmux_session.send_keys("Escape")
    tmux_session.wait_for("3 traces in")
    tmux_session.send_keys("q")
    end = tmux_session.wait_for(re.compile(r"^STTY=", re.M))
    assert re.search(r"^EXIT=0$", end, re.M), end
    stty = re.search(r"^STTY=(.*)$", end, re.M).group(1).split()
    assert "icanon" in stty and "echo" in stty, f"terminal not back in cooked mode: {stty}"
    assert "BEFORE-TUI" in end and tmux_session.pane_format("#{alternate_on}") == "0"


def test_search_usage_errors_exit_2_and_failures_exit_1(tmp_path):
    both = run_sonicmap("search", "--demo", "--since", "-5m", "--window", "5m", home=tmp_path)
    assert both.returncode == 2 and b"--since and --window" in both.stderr
    small = run_sonicmap("search", "--tempo", "http://127.0.0.1:9", "--at", "120", home=tmp_path)
    assert small.returncode == 2 and b"simulated seconds with --demo" in small.stderr
    bad = run_sonicmap("search", "--tempo", "http://127.0.0.1:9", "--since", "yesterday", home=tmp_path)
    assert bad.returncode == 2 and b"is not a time" in bad.stderr
    down = run_sonicmap("search", "--tempo", "http://127.0.0.1:9", "--at=-10m", home=tmp_path)
    assert down.returncode == 1, down.stderr


def test_search_the_demo(tmp_path):
    out = run_sonicmap("search", "--demo", "--limit", "5", "--format", "json", '{ status = error }', home=tmp_path)
    assert out.returncode == 0, out.stderr
    traces = json.loads(out.stdout)["traces"]
    assert 0 < len(traces) <= 5 and all(t["status"] == "error" for t in traces)
    assert [t["start"] for t in traces] == sorted((t["start"] for t in traces), reverse=True)
