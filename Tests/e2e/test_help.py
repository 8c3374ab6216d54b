"""`--help` of every command, kept as snapshots (as swift-argument-parser keeps its own):
a change to a flag or its text shows up as a diff in review.

Re-record after a deliberate change: `SONICMAP_RECORD_HELP=1 python -m pytest Tests/e2e/test_help.py`
(or `make golden`). A missing snapshot fails rather than records silently."""

from __future__ import annotations

import difflib
import os
import re
from pathlib import Path

import pytest

from conftest import run_sonicmap

HELP = Path(__file__).parent / "help"
RECORD = os.environ.get("SONICMAP_RECORD_HELP") == "1"


def subcommands(home: Path) -> list[str]:
    """The commands `sonicmap --help` lists, so a new command cannot go without a snapshot."""
    text = run_sonicmap("--help", home=home).stdout.decode()
    block = text.split("SUBCOMMANDS:", 1)[1].split("\n\n", 1)[0]
    return [m.group(1) for m in re.finditer(r"^\s{2}(\S+)", block, re.M) if m.group(1) != "help"]


def check(name: str, args: list[str], home: Path) -> None:
    proc = run_sonicmap(*args, "--help", home=home, COLUMNS="100")
    assert proc.returncode == 0, proc.stderr.decode()
    text = proc.stdout.decode()
    path = HELP / f"{name}.txt"
    if RECORD:
        path.write_text(text)
        return
    assert path.exists(), f"{path} is missing: record it with SONICMAP_RECORD_HELP=1"
    want = path.read_text()
    if text != want:
        diff = "".join(difflib.unified_diff(want.splitlines(True), text.splitlines(True), str(path), "sonicmap " + " ".join(args) + " --help"))
        pytest.fail(f"--help changed (re-record with SONICMAP_RECORD_HELP=1 if deliberate):\n{diff}", pytrace=False)


def test_every_command_has_a_help_snapshot(tmp_path):
    names = subcommands(tmp_path)
    assert {"live", "demo", "trace", "export", "diff", "doctor"} <= set(names), names
    check("sonicmap", [], tmp_path)
    for name in names:
        check(name, [name], tmp_path)
    if not RECORD:
        stale = {p.stem for p in HELP.glob("*.txt")} - set(names) - {"sonicmap"}
        assert not stale, f"snapshots of commands that no longer exist: {sorted(stale)}"
