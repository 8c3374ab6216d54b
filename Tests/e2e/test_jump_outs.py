"""Jump-outs (issue 15): `y` copies the selected trace's id and `o` a Grafana link,
through OSC 52 to the terminal's clipboard. tmux with `set-clipboard on` takes OSC 52
into its paste buffer, so `tmux show-buffer` shows exactly what sonicmap sent."""

from __future__ import annotations

import json
import urllib.parse

from conftest import BIN, REPO, run_sonicmap, sh_quote

JSONL = REPO / "Tests" / "Fixtures" / "multi-trace" / "collector-file-exporter.jsonl"


def newest_first(home) -> list[str]:
    """The file's trace ids in the order the requests list shows them."""
    out = run_sonicmap("search", "--file", str(JSONL), "--format", "json", home=home)
    assert out.returncode == 0, out.stderr
    return [t["traceId"] for t in json.loads(out.stdout)["traces"]]


def start_list(session):
    session.start(f"{sh_quote(BIN)} trace --file {sh_quote(JSONL)}; echo EXIT=$?; exec sleep 600")
    session.tmux("set", "-s", "set-clipboard", "on")
    return session.wait_for("the requests of 3 traces")


def buffers(session) -> list[str]:
    listed = session.tmux("list-buffers", "-F", "#{buffer_name}").split()
    return [session.tmux("show-buffer", "-b", name) for name in listed]


def test_y_copies_exactly_the_selected_trace_id_with_osc52(tmux_session):
    ids = newest_first(tmux_session.home)
    start_list(tmux_session)
    assert buffers(tmux_session) == [], "nothing copied before y"

    tmux_session.send_keys("j")  # the second row
    tmux_session.send_keys("y")
    screen = tmux_session.wait_for(f"copied trace id {ids[1][:8]}… (OSC 52)")
    assert tmux_session.wait_until(lambda _: buffers(tmux_session) == [ids[1]], "the id in tmux's buffer")
    assert ids[1][:8] in screen and ids[0][:8] in screen, "the list is still drawn around the sequence"

    # The timeline of that trace copies the same id.
    tmux_session.send_keys("Enter")
    tmux_session.wait_for("sonicmap › every trace › trace")
    tmux_session.send_keys("y")
    tmux_session.wait_until(lambda _: buffers(tmux_session) == [ids[1], ids[1]], "a second copy of the id")
    tmux_session.send_keys("q")
    assert "EXIT=0" in tmux_session.wait_for("EXIT=")


def test_o_copies_a_grafana_explore_link_to_the_trace(tmux_session):
    ids = newest_first(tmux_session.home)
    config = tmux_session.home / ".config" / "sonicmap"
    config.mkdir(parents=True)
    (config / "config.yaml").write_text("grafana: https://grafana.example/sub\ngrafana-datasource: tempo-uid\n")
    start_list(tmux_session)
    tmux_session.send_keys("o")
    tmux_session.wait_for("copied Grafana link (OSC 52): https://grafana.example/sub/explore?")
    link = tmux_session.wait_until(lambda _: len(buffers(tmux_session)) == 1, "the link in tmux's buffer") and buffers(tmux_session)[0]
    url = urllib.parse.urlsplit(link)
    assert (url.scheme, url.netloc, url.path) == ("https", "grafana.example", "/sub/explore")
    query = urllib.parse.parse_qs(url.query)
    assert query["schemaVersion"] == ["1"] and query["orgId"] == ["1"]
    (pane,) = json.loads(query["panes"][0]).values()
    assert pane["datasource"] == "tempo-uid"
    assert pane["queries"][0]["queryType"] == "traceql" and pane["queries"][0]["query"] == ids[0]
    assert int(pane["range"]["from"]) < int(pane["range"]["to"])


def test_o_without_grafana_says_how_to_configure_it(tmux_session):
    start_list(tmux_session)
    tmux_session.send_keys("o")
    tmux_session.wait_for("o needs Grafana's address: add 'grafana: https://…' to the config file")
    assert buffers(tmux_session) == []
