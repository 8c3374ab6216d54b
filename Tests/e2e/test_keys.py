"""`sonicmap keys`: every binding of every view, printed from the table that dispatches
them; the README's key table is its Markdown output."""

from __future__ import annotations

import json

from conftest import REPO, run_sonicmap


def test_json_lists_every_view_and_enough_bindings(tmp_path):
    proc = run_sonicmap("keys", "--format", "json", home=tmp_path)
    assert proc.returncode == 0, proc.stderr.decode()
    doc = json.loads(proc.stdout)
    bindings = doc["bindings"]
    assert len(bindings) >= 30, len(bindings)
    assert {b["view"] for b in bindings} == {"global", "map", "table", "requests", "timeline", "span"}
    assert all(b["keys"] and b["help"] for b in bindings)
    assert any(b["view"] == "map" and b["keys"] == ["m"] for b in bindings), "the map's m key is missing"
    assert {c["command"] for c in doc["commands"]} >= {"window", "refresh", "group", "trace", "theme", "q"}


def test_readme_key_table_is_the_markdown_output(tmp_path):
    proc = run_sonicmap("keys", "--format", "markdown", home=tmp_path)
    assert proc.returncode == 0, proc.stderr.decode()
    readme = (REPO / "README.md").read_text()
    start = readme.index("<!-- sonicmap keys --format markdown -->\n") + len("<!-- sonicmap keys --format markdown -->\n")
    end = readme.index("<!-- end of sonicmap keys -->")
    assert readme[start:end] == proc.stdout.decode(), "README's key table differs from `sonicmap keys --format markdown`: paste it again"


def test_text_groups_keys_by_view(tmp_path):
    proc = run_sonicmap("keys", home=tmp_path)
    assert proc.returncode == 0, proc.stderr.decode()
    text = proc.stdout.decode()
    for heading in ("every view", "map", "table", "requests", "timeline", "span details", "commands (after :)"):
        assert f"\n{heading}\n" in "\n" + text, heading
