"""Span text is untrusted: `sonicmap trace --file` on a terminal draws escape sequences,
control bytes, wide CJK, emoji and combining marks as inert text, columns aligned."""

from __future__ import annotations

import json
import re

from conftest import BIN, display_width, sh_quote

CLEAR, TITLE = "\x1b[2J", "\x1b]0;x\x07"
HOSTILE = ["clear" + CLEAR + "screen", "title" + TITLE + "set", "bell\x07nul\x00cr\rend", "漢字の推論", "rocket🚀fire🔥",
           "e\u0301\u0301combined\u20dd"]
T0 = 1_767_225_600_000_000_000
MS = 1_000_000


def span(span_id: int, parent: int | None, name: str, start_ms: int, end_ms: int, kind: int, **extra) -> dict:
    s = {"traceId": "0" * 16 + "00000000000bad5e", "spanId": f"{span_id:016x}", "name": name, "kind": kind,
         "startTimeUnixNano": str(T0 + start_ms * MS), "endTimeUnixNano": str(T0 + end_ms * MS), "status": {}, **extra}
    if parent is not None:
        s["parentSpanId"] = f"{parent:016x}"
    return s


def attributes(pairs) -> list[dict]:
    return [{"key": k, "value": {"stringValue": v}} for k, v in pairs]


def malicious_trace() -> dict:
    """Envoy ingress → Triton InferRequest → model → compute, every text hostile."""
    hostile_attrs = attributes((f"k{i}{CLEAR}", v) for i, v in enumerate(HOSTILE))
    events = [{"name": n, "timeUnixNano": str(T0 + t * MS)} for n, t in
              (("COMPUTE_START", 10), ("COMPUTE_INPUT_END", 12), ("COMPUTE_OUTPUT_START", 38), ("COMPUTE_END", 40))]
    envoy = [span(1, None, "ingress " + HOSTILE[0], 0, 50, 3, attributes=hostile_attrs)]
    triton = [
        span(2, 1, "InferRequest", 1, 49, 2, attributes=hostile_attrs, status={"code": 2, "message": HOSTILE[2]}),
        span(3, 2, HOSTILE[3] + HOSTILE[4], 2, 48, 2, attributes=attributes([("triton.model_name", HOSTILE[5])]),
             events=[{"name": "QUEUE_START" + TITLE, "timeUnixNano": str(T0 + 3 * MS)}]),
        span(4, 3, HOSTILE[1], 10, 40, 2, events=events),
    ]

    def resource(service: str, scope: str, spans: list[dict]) -> dict:
        return {"resource": {"attributes": attributes([("service.name", service), ("zone" + TITLE, HOSTILE[4])])},
                "scopeSpans": [{"scope": {"name": scope}, "spans": spans}]}

    return {"resourceSpans": [resource("envoy-漢字" + CLEAR, "envoy", envoy), resource("triton-🚀" + TITLE, "triton-server", triton)]}


def test_hostile_span_text_is_inert_on_a_terminal(tmux_session):
    path = tmux_session.workdir / "malicious.json"
    path.write_text(json.dumps(malicious_trace()))
    tmux_session.start(f"printf 'BEFORE\\n'; {sh_quote(BIN)} trace --file {sh_quote(path)}; echo EXIT=$?; exec sleep 600", 120, 30)
    screen = tmux_session.wait_until(lambda s: "per hop" in s and "TRACE" in s.split("\n")[-1], "the timeline")
    lines = screen.split("\n")
    assert lines[0].startswith(" sonicmap") and "trace 0000" in lines[0], f"header gone (screen cleared?):\n{screen}"
    assert tmux_session.pane_format("#{pane_title}") != "x", "the span text changed the terminal title"
    assert tmux_session.pane_format("#{window_bell_flag}") == "0", "the span text rang the bell"
    assert all(display_width(l) <= 120 for l in lines), screen
    rows = lines[3:7]
    assert "ingress clearscreen" in rows[0] and "InferRequest" in rows[1] and "漢字の推論" in rows[2] and "titleset" in rows[3], screen
    # Durations end in the same column on every row, whatever the names hold.
    ends = {display_width(re.sub(r"\s+$", "", re.split(r"[█╌]", r)[0])) for r in rows}
    assert len(ends) == 1, f"durations do not line up ({ends}):\n" + "\n".join(rows)

    tmux_session.send_keys("j")
    tmux_session.send_keys("Enter")
    screen = tmux_session.wait_until(lambda s: "› span InferRequest" in s.split("\n")[0] and "attributes" in s, "span details")
    assert "k0 clearscreen" in screen and "bellnulcr end" in screen and "message" in screen, screen
    assert tmux_session.pane_format("#{pane_title}") != "x"
    assert all(display_width(l) <= 120 for l in screen.split("\n")), screen
    tmux_session.send_keys("Escape")
    # On its own, the view has no source to fetch other traces from: it says so.
    tmux_session.send_keys(":")
    tmux_session.send_keys("trace 1", literal=True)
    tmux_session.send_keys("Enter")
    tmux_session.wait_for("fetching trace 00000000000000000000000000000001 is unavailable: this view shows one trace")
    tmux_session.send_keys("q")
    assert tmux_session.wait_exit_line() == 0
    assert tmux_session.pane_format("#{window_bell_flag}") == "0"
