"""Snapshots: `sonicmap export` in every format, `sonicmap replay`, and `e` in the TUI.

Each format is checked by the tool people open it with: Graphviz for DOT, xmllint
and rsvg-convert for SVG, sonicmap itself for JSON and OTLP.
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

from conftest import BIN, run_sonicmap, sh_quote

FORMATS = ["json", "dot", "mermaid", "svg", "text"]
EVIL = "evil\x1b[2J\x1b]0;owned\x07\"q\" <script>&x</script> |p| #h `t` \\b\x00z 漢字 e\u0301"
CONTROL = re.compile(rb"[\x00-\x08\x0b-\x1f\x7f]")


def export(home: Path, *args: str) -> subprocess.CompletedProcess:
    return run_sonicmap("export", *args, home=home)


@pytest.fixture(scope="module")
def demo_snapshot(tmp_path_factory) -> Path:
    """The demo after 120 simulated seconds, as a snapshot file."""
    d = tmp_path_factory.mktemp("snap")
    path = d / "demo.json"
    proc = export(d, "--format", "json", "--demo", "--at", "120", "-o", str(path))
    assert proc.returncode == 0, proc.stderr.decode()
    assert f"wrote {path}".encode() in proc.stderr
    return path


@pytest.fixture(scope="module")
def evil_snapshot(demo_snapshot: Path, tmp_path_factory) -> Path:
    """The demo snapshot with one Triton pod renamed to hostile text everywhere, and a
    trace whose spans carry it."""
    text = demo_snapshot.read_text()
    pod = "supersonic-triton-74c49fcf8-945cg"
    assert pod in text
    evil_json = json.dumps(EVIL)[1:-1]
    text = text.replace(pod, evil_json).replace("triton-945cg", evil_json)
    doc = json.loads(text)
    span = {"traceId": "5b8efff798038103d269b633813fc60c", "spanId": "eee19b7ec3c1b174", "name": EVIL,
            "kind": 2, "startTimeUnixNano": "1767225700000000000", "endTimeUnixNano": "1767225700050000000",
            "attributes": [{"key": "evil", "value": {"stringValue": EVIL}}], "status": {"code": 2, "message": EVIL}}
    doc["traces"] = [{"resourceSpans": [{"resource": {"attributes": [{"key": "service.name", "value": {"stringValue": EVIL}}]},
                                         "scopeSpans": [{"scope": {"name": "triton-server"}, "spans": [span]}]}]}]
    path = tmp_path_factory.mktemp("evil") / "evil.json"
    path.write_text(json.dumps(doc))
    return path


def test_text_export_is_the_demo_frame(home, tmp_path):
    out = tmp_path / "map.txt"
    proc = export(home, "--format", "text", "--demo", "--at", "120", "--width", "120", "--height", "40", "-o", str(out))
    assert proc.returncode == 0, proc.stderr.decode()
    once = run_sonicmap("demo", "--once", "--at", "120", "--width", "120", "--height", "40", home=home)
    assert once.returncode == 0
    assert out.read_bytes() == once.stdout
    assert b"\x1b" not in out.read_bytes()


def test_json_round_trips_through_a_conversion(home, tmp_path, demo_snapshot):
    again = tmp_path / "again.json"
    proc = export(home, "--format", "json", "--snapshot", str(demo_snapshot), "-o", str(again))
    assert proc.returncode == 0, proc.stderr.decode()
    a, b = json.loads(demo_snapshot.read_text()), json.loads(again.read_text())
    assert a["meta"].pop("createdAt") and b["meta"].pop("createdAt")
    assert a == b
    assert a["schemaVersion"] == 1
    assert {n["id"] for n in a["nodes"]} >= {"supersonic-envoy-58b98b5568-9ww7h", "unsampled", "user"}
    assert any(e["rateSource"] == "orphans" and e["orphans"] > 0 for e in a["edges"])
    assert a["meta"]["sources"]["demo"]["seed"] == 1
    assert set(a["layout"]["nodes"]) == {n["id"] for n in a["nodes"]}


@pytest.mark.parametrize("fmt", ["dot", "mermaid", "svg", "text"])
def test_conversion_from_a_snapshot_matches_the_source(home, tmp_path, demo_snapshot, fmt):
    """A snapshot converted later gives the picture the live source gave (less the
    status line, which says REPLAY, and the creation time)."""
    direct, converted = tmp_path / f"direct.{fmt}", tmp_path / f"converted.{fmt}"
    assert export(home, "--format", fmt, "--demo", "--at", "120", "-o", str(direct)).returncode == 0
    assert export(home, "--format", fmt, "--snapshot", str(demo_snapshot), "-o", str(converted)).returncode == 0
    status_row = ('y="663"', 'y="676.3"')  # the SVG's last row, at 40 rows of 17 units
    norm = lambda p: [l for l in re.sub(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", "T", p.read_text()).splitlines()
                      if "LIVE" not in l and "REPLAY" not in l and not any(r in l for r in status_row)]
    assert norm(direct) == norm(converted)


def test_dot_renders_with_graphviz(home, tmp_path, demo_snapshot):
    dot = tmp_path / "map.dot"
    assert export(home, "--format", "dot", "--snapshot", str(demo_snapshot), "-o", str(dot)).returncode == 0
    svg = subprocess.run(["dot", "-Tsvg", str(dot)], capture_output=True, timeout=60)
    assert svg.returncode == 0, svg.stderr.decode()
    assert b"b658d" in svg.stdout and b"unsampled" in svg.stdout  # Graphviz writes "-" as &#45;
    assert "rankdir=LR" in dot.read_text()


def test_svg_is_valid_xml_and_renders_to_png(home, tmp_path, demo_snapshot):
    svg = tmp_path / "map.svg"
    assert export(home, "--format", "svg", "--snapshot", str(demo_snapshot), "--width", "160", "--height", "48",
                  "--theme", "dark", "-o", str(svg)).returncode == 0
    lint = subprocess.run(["xmllint", "--noout", str(svg)], capture_output=True, timeout=60)
    assert lint.returncode == 0, lint.stderr.decode()
    png = tmp_path / "map.png"
    render = subprocess.run(["rsvg-convert", "-o", str(png), str(svg)], capture_output=True, timeout=60)
    assert render.returncode == 0, render.stderr.decode()
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert (width, height) == (1344, 816)  # 160 × 8.4 and 48 × 17 units
    assert "triton-b658d" in svg.read_text()


def test_mermaid_is_a_left_to_right_flowchart(home, tmp_path, demo_snapshot):
    mmd = tmp_path / "map.mmd"
    assert export(home, "--format", "mermaid", "--snapshot", str(demo_snapshot), "-o", str(mmd)).returncode == 0
    lines = mmd.read_text().splitlines()
    assert lines[0] == "flowchart LR"
    assert any(re.fullmatch(r'  n\d+ -\.->\|"[^"]*unsampled[^"]*"\| n\d+', l) for l in lines), "no dashed orphan edge"
    assert any("triton-b658d" in l and "critical" in lines[i + 1] for i, l in enumerate(lines[:-1]))


def test_stdout_and_default_path(home, tmp_path):
    proc = export(home, "--format", "dot", "--demo", "-o", "-")
    assert proc.returncode == 0 and proc.stdout.startswith(b"digraph sonicmap {")
    proc = subprocess.run([str(BIN), "export", "--format", "mermaid", "--demo"], cwd=tmp_path, capture_output=True,
                          stdin=subprocess.DEVNULL, timeout=60)
    assert proc.returncode == 0, proc.stderr.decode()
    written = list(tmp_path.glob("sonicmap-*.mmd"))
    assert len(written) == 1 and re.fullmatch(r"sonicmap-\d{8}-\d{6}\.mmd", written[0].name)


def test_existing_files_are_kept_without_force(home, tmp_path):
    out = tmp_path / "out" / "map.dot"
    out.parent.mkdir()
    out.write_text("precious")
    proc = export(home, "--format", "dot", "--demo", "-o", str(out))
    assert proc.returncode == 1
    assert b"exists; use --force to overwrite it" in proc.stderr
    assert out.read_text() == "precious"
    assert export(home, "--format", "dot", "--demo", "-o", str(out), "--force").returncode == 0
    assert out.read_text().startswith("digraph")
    assert sorted(p.name for p in out.parent.iterdir()) == ["map.dot"], "temporary file left behind"


def test_unwritable_paths_say_why(home, tmp_path):
    proc = export(home, "--format", "json", "--demo", "-o", str(tmp_path / "no" / "such" / "dir.json"))
    assert proc.returncode == 1
    assert b"does not exist" in proc.stderr
    proc = export(home, "--format", "json", "--demo", "-o", "/proc/sonicmap.json")
    assert proc.returncode == 1
    assert b"cannot write /proc/sonicmap.json" in proc.stderr


@pytest.mark.parametrize("content,message", [
    ('{"schemaVersion": 2, "meta": {}}', "schemaVersion 2 is newer than this sonicmap reads (1); upgrade sonicmap"),
    ('{"schemaVersion": 1, "meta": ', "not valid JSON"),
    ('{"resourceSpans": []}', "not a snapshot: no schemaVersion"),
    ('{"schemaVersion": 1, "meta": {"sonicmapVersion": 3}}', "corrupt snapshot"),
])
def test_bad_snapshots_are_refused_clearly(home, tmp_path, content, message):
    path = tmp_path / "bad.json"
    path.write_text(content)
    for cmd in (["export", "--format", "dot", "--snapshot", str(path), "-o", "-"], ["replay", str(path)]):
        proc = run_sonicmap(*cmd, home=home)
        assert proc.returncode == 1, (cmd, proc.stderr)
        err = proc.stderr.decode()
        assert message in err, err
        assert "Fatal error" not in err and "Traceback" not in err
    proc = run_sonicmap("replay", str(tmp_path / "missing.json"), home=home)
    assert proc.returncode == 1 and b"does not exist" in proc.stderr


def test_hostile_span_text_is_inert_in_every_format(home, tmp_path, evil_snapshot):
    for fmt in FORMATS:
        out = tmp_path / f"evil.{fmt}"
        proc = export(home, "--format", fmt, "--snapshot", str(evil_snapshot), "-o", str(out))
        assert proc.returncode == 0, (fmt, proc.stderr.decode())
        data = out.read_bytes()
        assert not CONTROL.search(data), f"{fmt}: raw control bytes in {CONTROL.findall(data)[:5]}"
        if fmt in ("dot", "mermaid", "svg", "text"):
            assert b"[2J" not in data and b"]0;owned" not in data, f"{fmt}: escape sequence text survived"
    assert subprocess.run(["dot", "-Tsvg", str(tmp_path / "evil.dot")], capture_output=True).returncode == 0
    assert subprocess.run(["xmllint", "--noout", str(tmp_path / "evil.svg")], capture_output=True).returncode == 0
    svg = (tmp_path / "evil.svg").read_text()
    assert "<script" not in svg and "evil…" in svg  # the box truncates the name; escaping is unit-tested
    mermaid = (tmp_path / "evil.mermaid").read_text()
    assert '"q"' not in mermaid and "#quot;q#quot;" in mermaid
    # JSON keeps the text exactly, escaped, and reads back to the same value.
    assert any(n["id"] == EVIL for n in json.loads((tmp_path / "evil.json").read_text())["nodes"])
    otlp = tmp_path / "evil.otlp.json"
    proc = export(home, "--format", "otlp", "--snapshot", str(evil_snapshot), "--trace", "5b8efff798038103d269b633813fc60c",
                  "-o", str(otlp))
    assert proc.returncode == 0, proc.stderr.decode()
    assert not CONTROL.search(otlp.read_bytes())
    back = run_sonicmap("trace", "--file", str(otlp), "--format", "json", home=home)
    assert back.returncode == 0, back.stderr.decode()
    assert json.loads(back.stdout)["spans"][0]["name"] == EVIL


def test_otlp_needs_a_known_trace(home, evil_snapshot):
    proc = export(home, "--format", "otlp", "--snapshot", str(evil_snapshot), "-o", "-")
    assert proc.returncode == 2 and b"--trace" in proc.stderr
    proc = export(home, "--format", "otlp", "--snapshot", str(evil_snapshot), "--trace", "abc", "-o", "-")
    assert proc.returncode == 1 and b"trace 00000000000000000000000000000abc not found" in proc.stderr


# ----------------------------------------------------------------------- in tmux


def test_replay_shows_the_same_map_offline(new_tmux, home, demo_snapshot):
    once = run_sonicmap("demo", "--once", "--at", "120", "--width", "120", "--height", "40", home=home)
    session = new_tmux().start(f"{sh_quote(BIN)} replay {sh_quote(demo_snapshot)}; echo EXIT=$?; exec sleep 600",
                               width=120, height=40)
    screen = session.wait_for("REPLAY")
    lines = screen.split("\n")
    assert [l.rstrip() for l in lines[:-1]] == once.stdout.decode().split("\n")[:39]
    created = json.loads(demo_snapshot.read_text())["meta"]["createdAt"]
    assert f"snapshot {created}" in lines[-1]
    session.send_keys("r")
    session.wait_for("refreshing is unavailable: a replay has no network")
    session.send_keys("q")
    session.wait_for("EXIT=0")


def test_e_exports_from_the_tui_and_asks_before_overwriting(new_tmux, tmp_path):
    work = tmp_path / "out"
    work.mkdir()
    session = new_tmux().start(f"cd {sh_quote(work)} && {sh_quote(BIN)} demo; echo EXIT=$?; exec sleep 600",
                               width=120, height=40)
    session.wait_for("LIVE")
    session.send_keys("e")
    session.wait_for(re.compile(r"export json \./sonicmap-\d{8}-\d{6}\.json"))
    session.send_keys("C-u")
    session.send_keys("svg map.svg", literal=True)
    session.send_keys("Enter")
    session.wait_for("wrote map.svg")
    assert subprocess.run(["xmllint", "--noout", str(work / "map.svg")], capture_output=True).returncode == 0
    session.send_keys("e")
    session.send_keys("C-u")
    session.send_keys("svg map.svg", literal=True)
    session.send_keys("Enter")
    session.wait_for("map.svg exists; overwrite? (y/n)")
    session.send_keys("n")
    session.wait_for("not exported: map.svg kept")
    session.send_keys("e")
    session.send_keys("C-u")
    session.send_keys("json snap.json", literal=True)
    session.send_keys("Enter")
    session.wait_for("wrote snap.json")
    doc = json.loads((work / "snap.json").read_text())
    assert doc["schemaVersion"] == 1 and doc["meta"]["sources"]["demo"]["seed"] == 1
    session.send_keys("q")
    session.wait_for("EXIT=0")
