"""`sonicmap diff A.json B.json`: two snapshots of the demo compared, checked against the
two files' own numbers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import run_sonicmap


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
    assert lines[header].split() == ["EDGE", "RATE", "ERRORS", "P95"]
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
