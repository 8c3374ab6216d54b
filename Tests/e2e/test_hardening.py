"""Process-level hardening (issue 13): what the binary does when its output cannot be
written, its numbers are out of range, its input is endless or enormous, its export path
is not a regular file, a file-size limit cuts a write, or a signal ends the TUI."""

from __future__ import annotations

import json
import os
import re
import resource
import signal
import stat
import subprocess
import time
from pathlib import Path

import pytest

from conftest import BIN, REPO, SIGNALS, TIMEOUT, clean_env, demo_command, run_sonicmap
from test_tui import assert_terminal_restored, map_drawn, start_for_exit


def otlp_chain(depth: int) -> dict:
    """One trace whose spans form a single parent chain `depth` long (OTLP JSON)."""
    t0 = 1_700_000_000_000_000_000
    spans = []
    for i in range(depth):
        span = {"traceId": "0" * 31 + "1", "spanId": f"{i + 1:016x}", "name": f"s{i}", "kind": 2,
                "startTimeUnixNano": str(t0 + i * 1000), "endTimeUnixNano": str(t0 + depth * 2000 - i * 1000)}
        if i:
            span["parentSpanId"] = f"{i:016x}"
        spans.append(span)
    return {"resourceSpans": [{"resource": {"attributes": [{"key": "service.name", "value": {"stringValue": "svc"}}]},
                               "scopeSpans": [{"scope": {"name": "test"}, "spans": spans}]}]}


@pytest.fixture
def small_trace(tmp_path: Path) -> Path:
    path = tmp_path / "trace.json"
    path.write_text(json.dumps(otlp_chain(5)))
    return path


def run_to_full(args: list[str], home: Path) -> subprocess.CompletedProcess:
    """Run with standard output on /dev/full, where every write fails with ENOSPC."""
    with open("/dev/full", "wb") as full:
        return subprocess.run([str(BIN), *args], stdin=subprocess.DEVNULL, stdout=full, stderr=subprocess.PIPE,
                              cwd=REPO, env=clean_env(home), timeout=60)


# ----------------------------------------------------------- 1. stdout write errors


@pytest.mark.parametrize("args", [
    ["trace", "--file", "{trace}", "--format", "text"],
    ["trace", "--file", "{trace}", "--format", "json"],
    ["trace", "--file", "{trace}", "--format", "otlp"],
    ["demo", "--once"],
    ["export", "--demo", "--format", "json", "-o", "-"],
    ["export", "--demo", "--format", "text", "-o", "-"],
    ["doctor", "--demo"],
    ["config", "show"],
    ["--help"],
])
def test_a_failed_write_to_stdout_is_exit_1_with_a_message(home, small_trace, args):
    res = run_to_full([a.replace("{trace}", str(small_trace)) for a in args], home)
    err = res.stderr.decode()
    assert res.returncode == 1, f"exit {res.returncode} (wanted 1), stderr {err!r}"
    assert "cannot write to standard output" in err and "No space left" in err, err


# ------------------------------------------------------------ 2. numbers in range


@pytest.mark.parametrize("args,mentions", [
    (["doctor", "--at", "1e19"], "between"),
    (["doctor", "--at", "5"], "simulated seconds with --demo"),
    (["doctor", "--at", "inf"], "not a time"),
    (["live", "--window", "1000000d"], "between 10s and"),
    (["live", "--window", "1e400"], "not a duration"),
    (["live", "--refresh", "400d"], "between 1s and"),
    (["live", "--timeout", "1e300", "--tempo", "http://127.0.0.1:9"], "between"),
    (["doctor", "--window", "99999999999999999999s", "--demo"], "between"),
    (["demo", "--once", "--at", "1e19"], "between 0 and 86400"),
    (["demo", "--once", "--at", "nan"], "between 0 and 86400"),
    (["demo", "--once", "--width", "99999999999999999999"], "width"),
    (["demo", "--once", "--rate", "nan"], "--rate"),
    (["demo", "--once", "--rate", "inf"], "--rate"),
    (["demo", "--once", "--envoy-sampling", "nan"], "--envoy-sampling"),
    (["demo", "--once", "--sampling-rate", "nan"], "--sampling-rate"),
    (["export", "--demo", "--format", "json", "--at=-1"], "between 0 and 86400"),
    (["export", "--demo", "--format", "text", "--height", "100000"], "--height"),
    (["trace", "--file", "-", "--max-response-bytes", "1000GiB"], "at most 64GiB"),
])
def test_out_of_range_numbers_are_exit_2_with_the_valid_range(home, args, mentions):
    res = run_sonicmap(*args, home=home, timeout=30)
    err = res.stderr.decode()
    assert res.returncode == 2, f"{args}: exit {res.returncode}, stderr {err!r}"
    assert mentions in err, f"{args}: {mentions!r} not in {err!r}"


# ------------------------------------------------------- 3. deep traces print linearly


def test_text_output_of_a_deep_chain_is_linear_and_shows_the_depth(home, tmp_path):
    depth = 5000
    path = tmp_path / "deep.json"
    path.write_text(json.dumps(otlp_chain(depth)))
    res = run_sonicmap("trace", "--file", str(path), "--format", "text", home=home, timeout=120)
    assert res.returncode == 0, res.stderr.decode()
    lines = res.stdout.decode().split("\n")
    # Indenting every level would print ~3 * depth / 2 columns a line (~38 MB here).
    assert len(res.stdout) < 200 * depth, f"{len(res.stdout)} bytes for {depth} spans"
    assert max(len(line) for line in lines) < 200
    deepest = next(line for line in lines if f" s{depth - 1} " in line)
    assert f"[depth {depth - 1}]" in deepest, deepest


# ------------------------------------------------------------------ 4. input size cap


def test_endless_stdin_stops_at_the_cap_with_the_flag_named(home):
    with open("/dev/zero", "rb") as zero:
        res = subprocess.run([str(BIN), "trace", "--file", "-", "--max-response-bytes", "1MiB"], stdin=zero,
                             capture_output=True, cwd=REPO, env=clean_env(home), timeout=60)
    err = res.stderr.decode()
    assert res.returncode == 1, err
    assert "1MiB" in err and "--max-response-bytes" in err, err


def test_a_file_over_the_cap_is_refused_before_reading(home, tmp_path):
    huge = tmp_path / "huge.json"
    with open(huge, "wb") as f:  # sparse: no disk used
        f.truncate(300 << 20)
    res = run_sonicmap("trace", "--file", str(huge), home=home)
    err = res.stderr.decode()
    assert res.returncode == 1, err
    assert "256MiB" in err and "--max-response-bytes" in err, err
    raised = run_sonicmap("trace", "--file", str(huge), "--max-response-bytes", "1KiB", home=home)
    assert raised.returncode == 1 and "1KiB" in raised.stderr.decode()


@pytest.mark.parametrize("command", ["trace", "search"])
def test_the_file_cap_comes_from_the_config_file_like_the_response_cap(home, tmp_path, command):
    """`max-response-bytes` in the config file (found by XDG_CONFIG_HOME, or named by
    SONICMAP_CONFIG with a profile from SONICMAP_PROFILE) caps `--file` input as it caps
    responses; the flag still wins, and the message says where the limit was set."""
    trace = tmp_path / "trace.json"
    trace.write_text(json.dumps(otlp_chain(40)))
    assert trace.stat().st_size > 3 << 10
    default_location = home / ".config" / "sonicmap" / "config.yaml"
    default_location.parent.mkdir(parents=True)
    default_location.write_text("max-response-bytes: 1KiB\n")
    res = run_sonicmap(command, "--file", str(trace), home=home)
    err = res.stderr.decode()
    assert res.returncode == 1, err
    assert "larger than the 1KiB input limit" in err and "config file, line 1" in err and "--max-response-bytes" in err, err

    named = tmp_path / "elsewhere.yaml"
    named.write_text("profiles:\n  small:\n    tempo:\n      url: http://127.0.0.1:9\n      max-response-bytes: 2KiB\n")
    res = run_sonicmap(command, "--file", str(trace), home=home, SONICMAP_CONFIG=str(named), SONICMAP_PROFILE="small")
    err = res.stderr.decode()
    assert res.returncode == 1, err
    assert "larger than the 2KiB input limit" in err and "profile small, line 5" in err, err

    raised = run_sonicmap(command, "--file", str(trace), "--max-response-bytes", "1MiB", home=home)
    assert raised.returncode == 0, raised.stderr.decode()


# ---------------------------------------------------- 8. --force replaces regular files only


def test_force_refuses_a_fifo_and_opens_nothing(home, tmp_path):
    fifo = tmp_path / "out.fifo"
    os.mkfifo(fifo)
    # Opening the FIFO for writing would block (no reader): the timeout would fire.
    res = run_sonicmap("export", "--demo", "--format", "json", "-o", str(fifo), "--force", home=home, timeout=30)
    err = res.stderr.decode()
    assert res.returncode == 2, err
    assert "FIFO" in err and "-o -" in err, err
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode), "the FIFO was replaced"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["home", "out.fifo"], "a temporary file was left"


def test_force_refuses_a_device(home, tmp_path):
    # As root, a binary with the bug replaces the device it is given: never give it the
    # system's /dev/null then, but a null device node of the test's own.
    if os.geteuid() == 0:
        device = tmp_path / "null"
        os.mknod(device, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    else:
        device = Path("/dev/null")
    before = os.lstat(device)
    res = run_sonicmap("export", "--demo", "--format", "json", "-o", str(device), "--force", home=home, timeout=30)
    err = res.stderr.decode()
    assert res.returncode == 2, err
    assert "character device" in err, err
    after = os.lstat(device)
    assert stat.S_ISCHR(after.st_mode) and after.st_ino == before.st_ino


def test_force_still_replaces_a_regular_file(home, tmp_path):
    target = tmp_path / "map.json"
    target.write_text("old")
    res = run_sonicmap("export", "--demo", "--format", "json", "-o", str(target), "--force", home=home)
    assert res.returncode == 0, res.stderr.decode()
    assert json.loads(target.read_text())["schemaVersion"] == 1


# ------------------------------------------------------- 9. file-size limit, temp files


def test_a_file_size_limit_fails_the_write_and_leaves_no_temp_file(home, tmp_path):
    out = tmp_path / "out"
    out.mkdir()

    def limit():
        resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))

    res = subprocess.run([str(BIN), "export", "--demo", "--format", "json", "-o", str(out / "map.json")],
                         stdin=subprocess.DEVNULL, capture_output=True, cwd=REPO, env=clean_env(home),
                         timeout=60, preexec_fn=limit)
    err = res.stderr.decode()
    assert res.returncode == 1, f"exit {res.returncode} (a negative one is a signal), stderr {err!r}"
    assert "File too large" in err, err
    assert list(out.iterdir()) == [], f"left behind: {list(out.iterdir())}"


# ----------------------------------------------------------- 5. signals and the terminal


TERMINATING = ["USR1", "USR2", "ALRM", "VTALRM", "PROF", "XCPU", "QUIT", "IO", "PWR"]


@pytest.mark.parametrize("name", TERMINATING)
def test_every_terminating_signal_restores_the_terminal(tmux_session, name):
    number = getattr(signal, "SIG" + name)
    start_for_exit(tmux_session)
    os.kill(tmux_session.find_pid(), number)
    assert_terminal_restored(tmux_session, 128 + number)


def test_a_real_time_signal_restores_the_terminal(tmux_session):
    number = signal.SIGRTMIN + 2
    start_for_exit(tmux_session)
    os.kill(tmux_session.find_pid(), number)
    assert_terminal_restored(tmux_session, 128 + number)


# ------------------------------------------------- the malicious server (fault_server.py)


FAULT_SERVER = REPO / "Tests" / "SonicMapTestSupport" / "Servers" / "fault_server.py"


@pytest.fixture(scope="module")
def fault_url(tmp_path_factory):
    """The fault server on an ephemeral loopback port: its base URL."""
    import sys
    import time
    port_file = tmp_path_factory.mktemp("fault") / "port"
    proc = subprocess.Popen([sys.executable, str(FAULT_SERVER), "--port-file", str(port_file)],
                            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 15
        while not port_file.exists():
            assert proc.poll() is None, "the fault server exited"
            assert time.monotonic() < deadline, "the fault server did not start"
            time.sleep(0.05)
        yield f"http://127.0.0.1:{port_file.read_text().strip()}"
    finally:
        proc.terminate()
        proc.wait(10)


# ---------------------------------------------- 10. a source that gives nothing is said


def test_export_with_every_prometheus_query_failing_warns_and_exits_1(home, tmp_path, fault_url):
    out = tmp_path / "snap.json"
    res = run_sonicmap("export", "--format", "json", "-o", str(out), "--tempo", f"{fault_url}/tempo-empty",
                       "--prometheus", f"{fault_url}/status/500", "--timeout", "5s", home=home)
    err = res.stderr.decode()
    assert res.returncode == 1, err
    assert "warning: Prometheus" in err and "gave no data" in err, err
    meta = json.loads(out.read_text())["meta"]
    assert any("Prometheus" in w for w in meta["warnings"]), meta
    # The snapshot reads back with its warnings (replay shows them; a conversion keeps them).
    again = tmp_path / "again.json"
    conv = run_sonicmap("export", "--snapshot", str(out), "--format", "json", "-o", str(again), home=home)
    assert conv.returncode == 0, conv.stderr.decode()
    assert json.loads(again.read_text())["meta"]["warnings"] == meta["warnings"]


def test_export_with_both_sources_answering_has_no_warnings(home, tmp_path, fault_url):
    out = tmp_path / "snap.json"
    res = run_sonicmap("export", "--format", "json", "-o", str(out), "--tempo", f"{fault_url}/tempo-empty",
                       "--prometheus", f"{fault_url}/prom-mixed", "--timeout", "5s", home=home)
    assert res.returncode == 0, res.stderr.decode()
    meta = json.loads(out.read_text())["meta"]
    assert not any("Prometheus (" in w for w in meta["warnings"]), meta


# ----------------------------------------------------- 6, 11. hostile and huge answers


def inert(data: bytes) -> bool:
    text = data.decode("utf-8", "replace")
    return not any((ord(c) < 0x20 and c != "\n") or 0x7F <= ord(c) < 0xA0 or c in "\u202a\u202b\u202c\u202d\u202e"
                   for c in text)


@pytest.mark.parametrize("json_flag", [[], ["--json"]])
def test_doctor_prints_hostile_build_info_and_labels_inertly(home, fault_url, json_flag):
    res = run_sonicmap("doctor", "--prometheus", f"{fault_url}/prom-hostile", "--timeout", "5s", *json_flag, home=home)
    assert res.returncode in (0, 1), res.stderr.decode()
    assert b"2.42.0" in res.stdout, res.stdout.decode()
    assert inert(res.stdout), res.stdout
    assert inert(res.stderr), res.stderr


@pytest.mark.parametrize("fmt", ["json", "dot", "mermaid", "text", "svg"])
def test_exports_of_hostile_labels_are_inert(home, tmp_path, fault_url, fmt):
    res = run_sonicmap("export", "--format", fmt, "-o", "-", "--prometheus", f"{fault_url}/prom-hostile",
                       "--timeout", "5s", home=home)
    assert res.returncode == 0, res.stderr.decode()
    assert b"envoy" in res.stdout
    assert inert(res.stdout)
    if fmt != "json":  # JSON keeps the exact text, escaped (\u001b); the others drop it
        assert b"\\u001b" not in res.stdout.lower() and b"pwned" not in res.stdout


def test_a_huge_prometheus_error_is_excerpted(home, fault_url):
    res = run_sonicmap("export", "--format", "json", "-o", "-", "--prometheus", f"{fault_url}/prom-huge-error",
                       "--timeout", "5s", home=home)
    err = res.stderr.decode()
    assert res.returncode == 1, err
    assert "parse error: xxx" in err and "…" in err, err[:500]
    assert len(err) < 20_000, f"{len(err)} bytes of stderr for a 100 KB error"


def test_a_malformed_header_is_not_echoed(home):
    for header in ["X-Api-Key SECRET-VALUE-123", "X-Api-Key SECRET-VALUE-123: v"]:
        res = run_sonicmap("export", "--format", "json", "-o", "-", "--prometheus", "http://127.0.0.1:9",
                           "--header", header, home=home)
        assert res.returncode == 2, res.stderr.decode()
        assert b"SECRET" not in res.stderr and b"SECRET" not in res.stdout, res.stderr


def test_demo_export_is_byte_reproducible(home):
    """Found by the fuzz harness, whose corpus must be the same in every process: the
    demo summed Triton phases in dictionary (per-process hash) order."""
    def export() -> list[bytes]:
        res = run_sonicmap("export", "--demo", "--format", "json", "-o", "-", home=home)
        assert res.returncode == 0, res.stderr.decode()
        return [line for line in res.stdout.split(b"\n") if b'"createdAt"' not in line]

    first = export()
    assert all(export() == first for _ in range(3))


def _strace_usable() -> bool:
    import shutil
    if not shutil.which("strace"):
        return False
    probe = subprocess.run(["strace", "-o", "/dev/null", "true"], capture_output=True)
    return probe.returncode == 0


@pytest.mark.skipif(not _strace_usable(), reason="strace is missing or ptrace is not permitted here")
@pytest.mark.parametrize("name", ["TERM", "INT", "HUP"])
def test_a_signal_during_the_write_leaves_no_temp_file(home, tmp_path, name):
    """strace delivers the signal exactly when the finished temp file is being linked
    into place: the process still dies of it, and the temp file is gone."""
    out = tmp_path / "out"
    out.mkdir()
    number = getattr(signal, "SIG" + name)
    res = subprocess.run(["strace", "-f", "-o", "/dev/null", "-e", "trace=link,rename",
                          "-e", f"inject=link,rename:signal=SIG{name}",
                          str(BIN), "export", "--demo", "--format", "json", "-o", str(out / "map.json")],
                         stdin=subprocess.DEVNULL, capture_output=True, cwd=REPO, env=clean_env(home), timeout=120,
                         # A shell's background job inherits SIGINT ignored; a user's Ctrl-C is not.
                         preexec_fn=lambda: signal.signal(number, signal.SIG_DFL))
    assert res.returncode in (128 + number, -number), f"exit {res.returncode}: {res.stderr.decode()[-500:]}"
    left = [p.name for p in out.iterdir() if p.name.endswith(".tmp")]
    assert not left, f"temporary files left behind: {left}"


@pytest.mark.skipif(not _strace_usable(), reason="strace is missing or ptrace is not permitted here")
@pytest.mark.parametrize("how", ["q", "INT", "TERM"])
def test_quitting_the_tui_during_an_export_leaves_no_temp_file(tmux_session, tmp_path, how):
    """strace holds the export's fsync for 10 s, so the write is surely in flight when the
    user quits: quitting gives it 2 s, then abandons it, removes its temporary file and
    says so once the terminal is back. (Without that, the process exits at once and the
    held thread's temporary file stays.)"""
    out = tmp_path / "out"
    out.mkdir()
    target = out / "map.json"
    held = "strace -f -o /dev/null -e trace=fsync -e inject=fsync:delay_enter=10000000 "
    tmux_session.start(demo_command(prefix=held), 120, 40)
    tmux_session.wait_until(map_drawn, "the map")
    tmux_session.send_keys("e")
    tmux_session.wait_for("export ")
    tmux_session.send_keys("C-u")
    tmux_session.send_keys(f"json {target}", literal=True)
    tmux_session.send_keys("Enter")
    deadline = time.monotonic() + TIMEOUT
    while not any(p.name.endswith(".tmp") for p in out.iterdir()):
        assert time.monotonic() < deadline, "the export never started writing"
        time.sleep(0.05)
    if how == "q":
        tmux_session.send_keys("q")
        status = 0
    else:
        os.kill(tmux_session.find_pid(), SIGNALS[how])
        status = 128 + SIGNALS[how]
    assert tmux_session.wait_exit_line(timeout=3 * TIMEOUT) == status  # strace lets go when the 10 s are up
    assert list(out.iterdir()) == [], f"left behind: {[p.name for p in out.iterdir()]}"
    screen = tmux_session.capture()
    assert f"{target} was not written: sonicmap quit before the export finished" in screen.replace("\n", ""), screen


@pytest.mark.parametrize("args", [
    ["trace", "\x1b[2J\x1b]0;pwned\x07abc"],
    ["trace", "--file", "/nonexistent/\x1b[?1049l\u202etrace.json"],
    ["doctor", "--at", "\x1b[2Jsoon"],
    ["live", "--window", "\x1b]0;title\x075m"],
])
def test_error_messages_quoting_user_text_are_inert(home, args):
    res = run_sonicmap(*args, home=home)
    assert res.returncode in (1, 2), res.stderr
    assert res.stderr and inert(res.stderr), res.stderr
