"""The interactive map, driven in tmux: what a person at a terminal sees."""

from __future__ import annotations

import os
import re
import time

import pytest

from conftest import BIN, SIGNALS, cpu_seconds, demo_command, display_width, sh_quote

ENVOY_PODS = ["envoy-9ww7h", "envoy-k2x7p"]
TRITON_PODS = ["triton-rxzpm", "triton-kqm9p", "triton-b658d", "triton-cvht4",
               "triton-945cg", "triton-5n2nw", "triton-x4q2z"]
RATE = re.compile(r"\d[\d.,]*k?/s")
# A box's latency: `p95 12ms`, or in a narrow box the value alone, after its side
# (`env 100–250ms`); a classic bucket's range where the bucket is too wide to interpolate.
LATENCY = re.compile(r"(p95 |cli |env )<?[\d.]+(–[\d.]+)?(µs|ms|s)\b")

# Shell lines run after the demo exits, to show the terminal it left behind.
STTY_REPORT = ("echo STTY=$(stty -a | tr ' ;' '\\n\\n' "
               "| grep -x -e icanon -e -icanon -e echo -e -echo | tr '\\n' ' '); ")
MARKER = "BEFORE-SONICMAP-MARKER"


def live_frame(screen: str) -> bool:
    """The first data has arrived (the status line says LIVE, not LOADING)."""
    lines = screen.split("\n")
    return "sonicmap" in lines[0] and "LIVE" in lines[-1] and "? help" in lines[-1]


def map_drawn(screen: str) -> bool:
    return live_frame(screen) and all(p in screen for p in ENVOY_PODS)


def comparable(lines: list[str]) -> list:
    """A frame, less the data age in its status line (it ticks with the clock
    and its width moves the padding of the rest of the line)."""
    return lines[:-1] + [re.sub(r"age \d+[smh]", "age", lines[-1]).split()]


def box_text_below(lines: list[str], name: str, width: int = 24, rows: int = 1) -> str:
    """The text on the `rows` rows under `name`, within the box that holds it."""
    for row, line in enumerate(lines):
        col = line.find(name)
        if col >= 0 and row + rows < len(lines):
            return " ".join(lines[row + k][col : col + width] for k in range(1, rows + 1))
    raise AssertionError(f"{name} not on screen")


# ------------------------------------------------------------------------ the map


@pytest.mark.parametrize("width,height", [(160, 48), (120, 40)])
def test_map_shows_every_pod_with_numbers(tmux_session, width, height):
    tmux_session.start(demo_command(), width, height)
    screen = tmux_session.wait_until(map_drawn, "the map")
    lines = screen.split("\n")
    assert len(lines) == height
    for pod in ENVOY_PODS + TRITON_PODS:
        assert pod in screen, f"{pod} missing at {width}x{height}:\n{screen}"
        # A narrow box puts the p95 on the line under the rate.
        below = box_text_below(lines, pod, rows=2)
        assert RATE.search(below) and LATENCY.search(below), f"no rate/p95 under {pod}: {below!r}\n{screen}"
    assert "LIVE" in lines[-1] and "demo" in lines[-1]
    for line in lines:
        assert display_width(line) <= width


def test_tab_selects_and_escape_clears(tmux_session):
    tmux_session.start(demo_command("--refresh", "60s"), 120, 40)
    tmux_session.wait_until(map_drawn, "the map")
    tmux_session.send_keys("Tab")
    screen = tmux_session.wait_for(re.compile(r"› (node|edge) "))
    header = screen.split("\n")[0]
    selected = re.search(r"› (?:node|edge) (\S+)", header).group(1)
    assert selected in screen.split("\n", 1)[1], "details panel does not name the selection"
    tmux_session.send_keys("Escape")
    tmux_session.wait_until(lambda s: not re.search(r"› (node|edge) ", s.split("\n")[0]), "selection cleared")


def test_help_overlay_opens_and_any_key_closes_it(tmux_session):
    tmux_session.start(demo_command("--refresh", "60s"), 120, 40)
    before = tmux_session.wait_until(map_drawn, "the map").split("\n")

    for closing_key in ("x", "Escape"):
        tmux_session.send_keys("?")
        screen = tmux_session.wait_for("keys · map")
        assert "cycle through nodes and edges" in screen
        assert "quit" in screen
        tmux_session.send_keys(closing_key)
        after = tmux_session.wait_gone("keys · map").split("\n")
        # Nothing of the overlay is left behind (refresh is 60 s: same data).
        assert comparable(after) == comparable(before), \
            f"screen after closing help with {closing_key} differs:\n" + "\n".join(after)


# ------------------------------------------------------------------------- resize


def test_resize_redraws_without_stale_text(new_tmux):
    big = new_tmux().start(demo_command("--refresh", "60s"), 160, 48)
    big.wait_until(map_drawn, "the map at 160x48")

    big.resize(80, 24)
    screen = big.wait_until(lambda s: len(s.split("\n")) == 24 and live_frame(s),
                            "status line on row 24 after resize to 80x24")
    lines = screen.split("\n")
    assert all(display_width(l) <= 80 for l in lines), screen
    assert lines[0].startswith(" sonicmap")
    assert lines[-1].rstrip().endswith("? help"), "status line hints not right-aligned at 80 columns"

    # The same demo started at 80x24 from scratch draws the same frame: any
    # cell left over from the 160x48 frame shows up as a difference.
    fresh = new_tmux().start(demo_command("--refresh", "60s"), 80, 24)
    reference = fresh.wait_until(live_frame, "fresh 80x24 frame").split("\n")
    lines = big.lines()
    assert comparable(lines) == comparable(reference), (
        "resized frame differs from a fresh 80x24 frame:\n" + "\n".join(lines)
        + "\n---- fresh:\n" + "\n".join(reference))

    big.resize(40, 10)
    screen = big.wait_for("enlarge the terminal")
    assert "60×15" in screen and "40×10" in screen, screen
    assert "q quit" not in screen and "triton" not in screen, f"map garbage below minimum size:\n{screen}"

    big.resize(120, 40)
    screen = big.wait_until(map_drawn, "the map again at 120x40")
    assert "enlarge the terminal" not in screen
    assert all(p in screen for p in TRITON_PODS), screen


# --------------------------------------------------------------- leaving cleanly


def start_for_exit(session, *args: str, trap_int: bool = False):
    # `trap ... INT` keeps the wrapper shell alive through Ctrl-C so that it can
    # report; a trapped (not ignored) signal is reset to default for the child.
    prefix = ("trap 'echo SHELL-GOT-INT' INT; " if trap_int else "") + f"echo {MARKER}; "
    session.start(demo_command(*args, prefix=prefix, suffix=STTY_REPORT), 120, 40)
    screen = session.wait_until(map_drawn, "the map")
    assert MARKER not in screen, "the map is not on the alternate screen"
    assert session.pane_format("#{alternate_on}") == "1", "demo did not switch to the alternate screen"


def assert_terminal_restored(session, status: int):
    got = session.wait_exit_line()
    screen = session.wait_for(re.compile(r"^STTY=", re.M))
    assert got == status, f"exit status {got}, wanted {status}:\n{screen}"
    stty = re.search(r"^STTY=(.*)$", screen, re.M).group(1).split()
    assert "icanon" in stty and "echo" in stty, f"terminal not back in cooked mode: {stty}"
    assert MARKER in screen, f"alternate screen still on (earlier output hidden):\n{screen}"
    assert session.pane_format("#{alternate_on}") == "0", "alternate screen still on"
    assert session.pane_format("#{cursor_flag}") == "1", "cursor left invisible"
    assert session.pane_format("#{mouse_any_flag}") == "0", "mouse reporting left on"
    assert not any(p in screen for p in TRITON_PODS), f"map left on the screen:\n{screen}"


def test_q_quits_with_status_0_and_restores_terminal(tmux_session):
    start_for_exit(tmux_session)
    tmux_session.send_keys("q")
    assert_terminal_restored(tmux_session, 0)


def test_q_quits_from_help(tmux_session):
    start_for_exit(tmux_session)
    tmux_session.send_keys("?")
    tmux_session.wait_for("keys · map")
    tmux_session.send_keys("q")
    assert_terminal_restored(tmux_session, 0)


@pytest.mark.parametrize("name", ["TERM", "HUP"])
def test_signal_restores_terminal_and_exits_128_plus_signal(tmux_session, name):
    start_for_exit(tmux_session)
    os.kill(tmux_session.find_pid(), SIGNALS[name])
    assert_terminal_restored(tmux_session, 128 + SIGNALS[name])


def test_ctrl_c_restores_terminal_and_exits_130(tmux_session):
    start_for_exit(tmux_session, trap_int=True)
    tmux_session.send_keys("C-c")
    assert_terminal_restored(tmux_session, 130)


# ------------------------------------------------------------- refusing to start


@pytest.mark.parametrize(
    "setup,why",
    [
        ("TERM=dumb", "TERM=dumb"),
        ("TERM=nonexistent-term", "unknown TERM"),
        ("", "stdin not a tty"),  # with `< /dev/null` below
        ("", "stdout not a tty"),  # with `> file` below
    ],
)
def test_refuses_unusable_terminal_with_one_line_and_status_2(tmux_session, setup, why):
    err = tmux_session.workdir / "stderr.txt"
    out = tmux_session.workdir / "stdout.txt"
    redirect = {"stdin not a tty": "< /dev/null", "stdout not a tty": f"> {sh_quote(out)}"}.get(why, "")
    tmux_session.start(f"{setup} {sh_quote(BIN)} demo {redirect} 2> {sh_quote(err)}; "
                       f"echo EXIT=$?; exec sleep 600", 100, 30)
    status = tmux_session.wait_exit_line()
    message = err.read_text()
    assert status == 2, f"{why}: exit status {status}, stderr {message!r}"
    assert message.endswith("\n") and message.count("\n") == 1, f"{why}: not one line: {message!r}"
    assert "\x1b" not in message
    if why.startswith("TERM"):
        assert setup.split("=")[1] in message, f"message does not name the TERM: {message!r}"
    if out.exists():
        assert out.read_text() == "", "wrote to stdout although it refused"


# ----------------------------------------------------------------- locale / ascii


def test_c_locale_draws_ascii(tmux_session):
    tmux_session.start(demo_command("--refresh", "60s", prefix="LANG=C LC_ALL=C "), 120, 40)
    screen = tmux_session.wait_until(map_drawn, "the ASCII map")
    assert screen.isascii(), "non-ASCII on screen in the C locale:\n" + "\n".join(
        l for l in screen.split("\n") if not l.isascii())
    assert "+--" in screen and "|" in screen


# ----------------------------------------------------------------------- idle CPU


def test_idle_demo_uses_almost_no_cpu(tmux_session):
    """A behaviour check, not a benchmark: between refreshes the loop must wait
    in poll(), so a busy loop (tens of percent) fails and noise does not."""
    tmux_session.start(demo_command("--refresh", "60s"), 120, 40)
    tmux_session.wait_until(map_drawn, "the map")
    pid = tmux_session.find_pid()
    time.sleep(1.0)  # let start-up work (first frame, simulator warm-up) finish
    c0, t0 = cpu_seconds(pid), time.monotonic()
    time.sleep(6.0)
    c1, t1 = cpu_seconds(pid), time.monotonic()
    share = (c1 - c0) / (t1 - t0)
    assert share < 0.05, f"idle demo used {share:.1%} of a core over {t1 - t0:.1f}s"
    assert map_drawn(tmux_session.capture()), "the map vanished while idle"
