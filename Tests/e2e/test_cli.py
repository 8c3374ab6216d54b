"""The command line without a terminal: --once frames, help, usage errors."""

from __future__ import annotations

import json
import re
import subprocess

import pytest

from conftest import BIN, REPO, clean_env, display_width, run_sonicmap
from fixtures import fixture

ONCE = ["demo", "--once", "--width", "120", "--height", "40", "--at", "120"]


def test_once_frame_is_reproducible_plain_text_of_the_asked_size(home):
    first = run_sonicmap(*ONCE, home=home)
    second = run_sonicmap(*ONCE, home=home)
    assert first.returncode == 0, first.stderr.decode()
    assert second.returncode == 0, second.stderr.decode()
    assert first.stdout == second.stdout, "same seed and --at gave different bytes"
    assert b"\x1b" not in first.stdout, "escape sequences in a plain-text frame"
    text = first.stdout.decode("utf-8")
    assert text.endswith("\n")
    lines = text.split("\n")[:-1]
    assert len(lines) == 40, f"{len(lines)} lines, wanted 40"
    too_wide = [(i, display_width(l)) for i, l in enumerate(lines) if display_width(l) > 120]
    assert not too_wide, f"lines wider than 120 columns (row, width): {too_wide}"
    assert all(ch == "\n" or ch >= " " for ch in text), "control characters in the frame"
    for pod in ["envoy-9ww7h", "envoy-k2x7p", "triton-rxzpm", "triton-x4q2z"]:
        assert pod in text
    assert "q quit" in lines[-1]


def test_once_depends_on_seed_and_time(home):
    base = run_sonicmap(*ONCE, home=home).stdout
    other_seed = run_sonicmap(*ONCE, "--seed", "2", home=home)
    later = run_sonicmap("demo", "--once", "--width", "120", "--height", "40", "--at", "600", home=home)
    assert other_seed.returncode == 0 and later.returncode == 0
    assert other_seed.stdout != base, "--seed is ignored"
    assert later.stdout != base, "--at is ignored"


@pytest.mark.parametrize("width,height", [(60, 15), (80, 24), (200, 60)])
def test_once_honours_other_sizes(home, width, height):
    res = run_sonicmap("demo", "--once", "--width", str(width), "--height", str(height), home=home)
    assert res.returncode == 0, res.stderr.decode()
    lines = res.stdout.decode().split("\n")[:-1]
    assert len(lines) == height
    assert max(display_width(l) for l in lines) <= width


def test_once_with_ascii_flag_is_pure_ascii(home):
    res = run_sonicmap(*ONCE, "--ascii", home=home)
    assert res.returncode == 0, res.stderr.decode()
    bad = [l for l in res.stdout.decode().split("\n") if not l.isascii()]
    assert not bad, "non-ASCII with --ascii:\n" + "\n".join(bad)


def test_once_in_c_locale_is_pure_ascii(home):
    """DESIGN: when the locale is not UTF-8, draw with ASCII (never mojibake)."""
    res = run_sonicmap(*ONCE, home=home, LANG="C", LC_ALL="C")
    assert res.returncode == 0, res.stderr.decode()
    bad = [l for l in res.stdout.decode("utf-8", "replace").split("\n") if not l.isascii()]
    assert not bad, f"{len(bad)} non-ASCII lines in the C locale, e.g.:\n" + "\n".join(bad[:3])


def test_help_lists_commands_and_options(home):
    top = run_sonicmap("--help", home=home)
    assert top.returncode == 0, top.stderr.decode()
    out = top.stdout.decode()
    for word in ["demo", "live", "USAGE"]:
        assert word in out, f"--help does not mention {word}:\n{out}"

    demo = run_sonicmap("help", "demo", home=home)
    assert demo.returncode == 0, demo.stderr.decode()
    out = demo.stdout.decode()
    for option in ["--seed", "--rate", "--envoy-sampling", "--envoy-spans", "--once",
                   "--width", "--height", "--at", "--refresh", "--window", "--ascii"]:
        assert option in out, f"`sonicmap help demo` does not mention {option}:\n{out}"
    assert run_sonicmap("demo", "--help", home=home).stdout.decode() == out


@pytest.mark.parametrize(
    "args,mentions",
    [
        (["demo", "--window", "nonsense"], "nonsense"),
        (["demo", "--envoy-spans", "bogus"], "bogus"),
        (["demo", "--no-such-flag"], "--no-such-flag"),
        (["no-such-command"], "no-such-command"),
    ],
)
def test_bad_usage_exits_2_with_a_message(home, args, mentions):
    res = run_sonicmap(*args, home=home)
    err = res.stderr.decode()
    assert res.returncode == 2, f"{args}: exit {res.returncode}, stderr {err!r}"
    assert mentions in err, f"{args}: message does not name the problem: {err!r}"
    assert res.stdout == b""


def test_no_arguments_without_endpoints_suggests_demo(home):
    res = run_sonicmap(home=home)
    text = res.stdout.decode() + res.stderr.decode()
    assert res.returncode == 2, f"exit {res.returncode}: {text!r}"
    assert "sonicmap demo" in text, f"does not suggest `sonicmap demo`: {text!r}"


def test_no_tty_refuses_with_one_line_and_status_2(home, tmp_path):
    out = tmp_path / "out.txt"
    with open(out, "wb") as stdout:
        res = subprocess.run([str(BIN), "demo"], stdin=subprocess.DEVNULL, stdout=stdout,
                             stderr=subprocess.PIPE, cwd=REPO, env=clean_env(home), timeout=30)
    err = res.stderr.decode()
    assert res.returncode == 2, f"exit {res.returncode}, stderr {err!r}"
    assert err.endswith("\n") and err.count("\n") == 1, f"not one line: {err!r}"
    assert "terminal" in err or "tty" in err, err
    assert out.read_bytes() == b""


def test_trace_file_prints_text_json_and_otlp_that_reads_back(home, tmp_path):
    triton = fixture("triton/SYNTHESIZED_triton_spans_behind_envoy.otlp.json")
    text = run_sonicmap("trace", "--file", str(triton), "--format", "text", home=home)
    assert text.returncode == 0, text.stderr.decode()
    assert b"InferRequest" in text.stdout and b"queue" in text.stdout
    as_json = run_sonicmap("trace", "--file", str(triton), "--format", "json", home=home)
    assert as_json.returncode == 0, as_json.stderr.decode()
    otlp = run_sonicmap("trace", "--file", str(triton), "--format", "otlp", home=home)
    assert otlp.returncode == 0, otlp.stderr.decode()
    exported = tmp_path / "exported.json"
    exported.write_bytes(otlp.stdout)
    again = run_sonicmap("trace", "--file", str(exported), "--format", "json", home=home)
    assert again.stdout == as_json.stdout, "the OTLP export does not read back to the same trace"


def test_trace_errors_are_clear(home, tmp_path):
    junk = tmp_path / "junk.bin"
    junk.write_bytes(b"\x00\x01 definitely not a trace")
    bad = run_sonicmap("trace", "--file", str(junk), "--format", "json", home=home)
    assert bad.returncode == 1
    assert b"trace" in bad.stderr.lower()
    missing = run_sonicmap("trace", "--file", str(tmp_path / "nope.json"), home=home)
    assert missing.returncode == 1 and b"cannot read" in missing.stderr
    no_id = run_sonicmap("trace", "zz-not-hex", home=home)
    assert no_id.returncode == 2 and b"not a trace id" in no_id.stderr


def test_doctor_on_the_demo_reads_the_simulators_data(home):
    text = run_sonicmap("doctor", "--demo", home=home)
    assert text.returncode == 0, text.stderr.decode()
    out = text.stdout.decode()
    assert "ok    demo.source" in out and "simulated deployment (seed 1" in out
    assert "Envoy samples about 1.0% of requests" in out
    # The simulator's Envoys answer some requests themselves (429/503): a warning, not a failure.
    assert re.search(r"^warn  demo\.envoyRejections +Envoy answered [\d.]+/s itself", out, re.M), out
    assert out.rstrip().endswith("healthy: no check failed (1 warning)"), out
    report = json.loads(run_sonicmap("doctor", "--demo", "--json", home=home).stdout)
    assert report["healthy"] is True and report["source"] == "demo" and report["endpoints"] == []
    assert report["connectionTypes"] == ["plain", "virtual_node"]
    assert 0.005 < report["sampling"]["ratio"] < 0.02


def test_doctor_without_endpoints_says_how_to_give_them(home):
    res = run_sonicmap("doctor", home=home)
    err = res.stderr.decode()
    assert res.returncode == 2, err
    assert "--tempo" in err and "sonicmap doctor --demo" in err
    bad = run_sonicmap("doctor", "--at", "yesterday", "--tempo", "http://127.0.0.1:9", home=home)
    assert bad.returncode == 2 and b"RFC 3339" in bad.stderr


def test_version_names_the_commit_it_was_built_from(home):
    """`sonicmap --version` says the release and the git commit of the tree it was built
    from (stamped by scripts/stamp-commit.sh, which every Makefile build runs)."""
    import re
    in_git = subprocess.run(["git", "-C", str(REPO), "rev-parse", "--git-dir"], capture_output=True).returncode == 0
    if not in_git:
        pytest.skip("not a git checkout: the build has no commit to name")
    if not (REPO / "Sources" / "CBuildInfo" / "commit.h").exists():
        pytest.skip("built by a plain `swift build`, which stamps no commit: "
                    "build with make (or run scripts/stamp-commit.sh first)")
    result = run_sonicmap("--version", home=home)
    assert result.returncode == 0, result.stderr.decode()
    text = result.stdout.decode().strip()
    match = re.fullmatch(r"(\d+\.\d+\.\d+) \(commit ([0-9a-f]{12})(-dirty)?\)", text)
    assert match, f"--version printed {text!r}; wanted 'X.Y.Z (commit <12 hex>[-dirty])'"
    known = subprocess.run(["git", "-C", str(REPO), "cat-file", "-e", match.group(2) + "^{commit}"], capture_output=True)
    assert known.returncode == 0, f"{match.group(2)} is not a commit of this repository"
