"""`sonicmap diff A.json B.json`: two snapshots of the demo compared, checked against the
two files' own numbers."""

from __future__ import annotations

import difflib
import fcntl
import json
import os
import pty
import re
import struct
import subprocess
import termios
from pathlib import Path

import pytest

from conftest import BIN, clean_env, run_sonicmap


@pytest.fixture(scope="module")
def pair(tmp_path_factory) -> tuple[Path, Path]:
    """The demo at 120 s and at 600 s of simulated time, when the old ReplicaSet's pod has drained away."""
    d = tmp_path_factory.mktemp("diff")
    paths = (d / "before.json", d / "after.json")
    for at, path in zip(("120", "600"), paths):
        proc = run_sonicmap("export", "--format", "json", "--demo", "--at", at, "-o", str(path), home=d)
        assert proc.returncode == 0, proc.stderr.decode()
    return paths


def test_json_before_after_and_delta_are_the_files_numbers(pair, tmp_path):
    before, after = (json.loads(p.read_text()) for p in pair)
    proc = run_sonicmap("diff", str(pair[0]), str(pair[1]), "--format", "json", home=tmp_path)
    assert proc.returncode == 0, proc.stderr.decode()
    diff = json.loads(proc.stdout)

    old = {(e["client"], e["server"]): e for e in before["edges"]}
    new = {(e["client"], e["server"]): e for e in after["edges"]}
    assert {(e["client"], e["server"]) for e in diff["edges"]} == old.keys() & new.keys()
    for e in diff["edges"]:
        key = (e["client"], e["server"])
        pairs = {"rate": ("rate",), "errorRatio": ("errorRatio",),
                 "p50Ms": ("serverLatencyMs", "p50"), "p95Ms": ("serverLatencyMs", "p95"), "p99Ms": ("serverLatencyMs", "p99")}
        for field, path in pairs.items():
            a, b = old[key], new[key]
            for step in path:
                a, b = a.get(step), b.get(step)
            assert e[field]["before"] == a, (key, field)
            assert e[field]["after"] == b, (key, field)
            assert e[field]["delta"] == (b - a if a is not None and b is not None else None), (key, field)

    old_nodes = {n["id"]: n for n in before["nodes"]}
    new_nodes = {n["id"]: n for n in after["nodes"]}
    for n in diff["nodes"]:
        assert n["side"] in ("incoming", "outgoing")
        assert n["rate"]["before"] == old_nodes[n["id"]][n["side"]]["rate"]
        assert n["rate"]["after"] == new_nodes[n["id"]][n["side"]]["rate"]

    added = {m.get("id") or (m["client"], m["server"]) for m in diff["added"]}
    removed = {m.get("id") or (m["client"], m["server"]) for m in diff["removed"]}
    assert added == (new_nodes.keys() - old_nodes.keys()) | (new.keys() - old.keys())
    assert removed == (old_nodes.keys() - new_nodes.keys()) | (old.keys() - new.keys())
    assert any("x4q2z" in str(m) for m in removed), "the drained pod of the old ReplicaSet is not listed as removed"
    assert diff["before"]["dataTime"] == before["meta"]["dataTime"]
    assert diff["after"]["dataTime"] == after["meta"]["dataTime"]


def test_text_lists_what_vanished_and_sorts_by_change(pair, tmp_path):
    proc = run_sonicmap("diff", str(pair[0]), str(pair[1]), home=tmp_path)
    assert proc.returncode == 0, proc.stderr.decode()
    text = proc.stdout.decode()
    assert "\x1b" not in text, "colour without a terminal"
    assert "removed:\n  node triton-x4q2z (triton)" in text
    lines = text.splitlines()
    header = next(i for i, l in enumerate(lines) if l.startswith("EDGE"))
    assert lines[header].split() == ["EDGE", "RATE", "ERRORS", "P50", "P95", "P99"]
    assert " → " in lines[header + 1]


def test_same_snapshot_twice_changes_nothing(pair, tmp_path):
    proc = run_sonicmap("diff", str(pair[0]), str(pair[0]), "--format", "json", home=tmp_path)
    assert proc.returncode == 0, proc.stderr.decode()
    diff = json.loads(proc.stdout)
    assert diff["added"] == [] and diff["removed"] == []
    assert all(e[f]["delta"] in (0, None) for e in diff["edges"] for f in ("rate", "errorRatio", "p95Ms"))


def test_bad_input_says_what_is_wrong(pair, tmp_path):
    missing = run_sonicmap("diff", str(pair[0]), str(tmp_path / "nope.json"), home=tmp_path)
    assert missing.returncode == 1
    assert b"cannot read " in missing.stderr and b"nope.json: it does not exist" in missing.stderr
    junk = tmp_path / "junk.json"
    junk.write_text("{not json")
    bad = run_sonicmap("diff", str(junk), str(pair[0]), home=tmp_path)
    assert bad.returncode == 1 and b"junk.json" in bad.stderr
    usage = run_sonicmap("diff", str(pair[0]), home=tmp_path)
    assert usage.returncode == 2


# ---- the text table's golden ---------------------------------------------------------------------

GOLDEN = Path(__file__).parent / "golden"
RECORD = os.environ.get("SONICMAP_RECORD_GOLDEN") == "1"


@pytest.fixture(scope="module")
def golden_pair(tmp_path_factory) -> Path:
    """`before.json` (the demo at 60 s) and `after.json` (at 3000 s, the old ReplicaSet's pod
    drained away) in one directory: `diff` prints the names it is given, so they are relative."""
    d = tmp_path_factory.mktemp("golden-diff")
    for at, name in (("60", "before.json"), ("3000", "after.json")):
        proc = run_sonicmap("export", "--demo", "--at", at, "--format", "json", "-o", str(d / name), home=d)
        assert proc.returncode == 0, proc.stderr.decode()
    return d


def diff_text(directory: Path, *, tty: bool, columns: int = 0, **env: str) -> str:
    """`sonicmap diff before.json after.json` run in ``directory``, its standard output on a
    pipe or on a terminal (a pseudo-terminal that does not turn newlines into CR LF, of
    ``columns`` columns when given, of unknown size otherwise)."""
    command = [str(BIN), "diff", "before.json", "after.json"]
    if not tty:
        proc = subprocess.run(command, stdin=subprocess.DEVNULL, capture_output=True, cwd=directory,
                              env=clean_env(directory, **env), timeout=60)
        assert proc.returncode == 0, proc.stderr.decode()
        return proc.stdout.decode()
    leader, follower = pty.openpty()
    attributes = termios.tcgetattr(follower)
    attributes[1] &= ~termios.ONLCR
    termios.tcsetattr(follower, termios.TCSANOW, attributes)
    if columns:
        fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, columns, 0, 0))
    proc = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=follower, stderr=subprocess.PIPE, cwd=directory,
                            env=clean_env(directory, **env))
    os.close(follower)
    out = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:            # EIO: the terminal's last writer is gone
            break
        if not chunk:
            break
        out += chunk
    os.close(leader)
    assert proc.wait(timeout=60) == 0, proc.stderr.read().decode()
    return out.decode()


def check_golden(text: str, name: str) -> None:
    path = GOLDEN / name
    if RECORD:
        GOLDEN.mkdir(exist_ok=True)
        path.write_text(text)
        return
    assert path.exists(), f"{path} is missing: record it with SONICMAP_RECORD_GOLDEN=1"
    want = path.read_text()
    if text != want:
        diff = "".join(difflib.unified_diff(want.splitlines(True), text.splitlines(True), str(path), "sonicmap diff"))
        pytest.fail(f"the diff table changed (re-record with SONICMAP_RECORD_GOLDEN=1 if deliberate):\n{diff}", pytrace=False)


def test_text_table_matches_its_golden(golden_pair):
    """The plain table (no terminal): what appeared and vanished, then every edge and node
    with rate, errors and p95 before → after, as recorded in `golden/diff-demo-60-3000.txt`."""
    text = diff_text(golden_pair, tty=False)
    assert "\x1b" not in text
    check_golden(text, "diff-demo-60-3000.txt")


def test_text_table_on_a_terminal_is_coloured_and_matches_its_golden(golden_pair):
    """On a terminal, worse figures are red and better ones green (`golden/diff-demo-60-3000.ansi`);
    the text without its colours is the plain table; NO_COLOR turns colour off."""
    coloured = diff_text(golden_pair, tty=True)
    assert "\x1b[31m" in coloured and "\x1b[32m" in coloured, "red and green on a terminal"
    plain = re.sub(r"\x1b\[\d+m", "", coloured)
    assert plain == diff_text(golden_pair, tty=False)
    check_golden(coloured, "diff-demo-60-3000.ansi")
    assert "\x1b" not in diff_text(golden_pair, tty=True, NO_COLOR="1"), "NO_COLOR on a terminal"


def test_a_narrow_terminal_gets_p95_alone_and_says_so(golden_pair):
    """On an 80-column terminal the five figures do not fit: the table keeps p95 (two
    columns narrower), and two lines say what was left out and how the rows are sorted; the rows
    are in the same order as the full table's."""
    narrow = re.sub(r"\x1b\[\d+m", "", diff_text(golden_pair, tty=True, columns=80))
    full = diff_text(golden_pair, tty=False)
    lines = narrow.splitlines()
    assert [l.split() for l in lines if l.startswith("EDGE")] == [["EDGE", "RATE", "ERRORS", "P95"]]
    assert max(map(len, lines[1:])) < max(map(len, full.splitlines()[1:])) - 40, "two columns narrower"
    assert lines[-2:] == ["P50 and P99 are left out to fit 80 columns; a pipe or --format json has them.",
                          "Rows are sorted by the largest change of all five figures."]
    names = lambda text: [l.split("  ")[0] for l in text.splitlines() if " → " in l and "  " in l]  # noqa: E731
    assert names(narrow) == names(full)
