"""Time travel in the interactive demo, driven in tmux (issue 15): `:at`, `<` `>`, `:live`,
the status line that says which time is shown, the message before the demo's oldest
sample, and a terminal restored after all of it."""

from __future__ import annotations

import re
import time
from datetime import datetime, timezone

from conftest import demo_command
from status_line import STATUS_AT, looked_at, shown_time
from test_tui import MARKER, STTY_REPORT, assert_terminal_restored, live_frame

WIDTH, HEIGHT = 220, 40
CLEAR = "F12"    # a key bound to nothing: it clears a command's message


def status(screen: str) -> str:
    return screen.split("\n")[-1]


def rfc3339(t: float) -> str:
    return datetime.fromtimestamp(int(t), timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def arrived(screen: str) -> bool:
    """AT with the data of that time (no ellipsis) and no error."""
    line = status(screen)
    return looked_at(line) and "oldest sample" not in line


def command(session, text: str) -> None:
    """Types `:text` Enter, then a key nothing is bound to, to clear the command's message
    (it stands where the status badge is until the next key); keys are read in order."""
    session.send_keys(":")
    session.send_keys(text, literal=True)
    session.send_keys("Enter")
    session.send_keys(CLEAR)


def step(session, key: str) -> None:
    session.send_keys(key, literal=True)
    session.send_keys(CLEAR)


def start(session, *args: str) -> None:
    session.start(demo_command(*args, prefix=f"echo {MARKER}; ", suffix=STTY_REPORT), WIDTH, HEIGHT)
    session.wait_until(live_frame, "the live map")


def test_at_steps_back_and_forward_a_window_and_live_returns(tmux_session):
    """`sonicmap demo --window 1m` (it starts with 120 s of simulated history):
    `:at -1m` shows AT and that time instead of LIVE; `<` one window (a minute) earlier;
    `<` again is before the demo's oldest sample and the status line says so with both
    times; `>` comes back a window; `:live` shows LIVE; `q` restores the terminal."""
    start(tmux_session, "--window", "1m")
    typed = time.time()
    command(tmux_session, "at -1m")
    screen = tmux_session.wait_until(arrived, "AT with its data")
    first = shown_time(status(screen))
    assert typed - 67 <= first <= time.time() - 59, (typed, status(screen))
    assert "LIVE" not in status(screen)

    step(tmux_session, "<")
    screen = tmux_session.wait_until(lambda s: arrived(s) and shown_time(status(s)) != first, "one window back")
    assert shown_time(status(screen)) == first - 60, status(screen)

    step(tmux_session, "<")
    screen = tmux_session.wait_for(re.compile(r"oldest sample"))
    line = status(screen)
    assert shown_time(line) == first - 120, line
    assert line.startswith(" AT ") and " … " in line[:32], f"the map is still of a window later: {line}"
    assert f"{rfc3339(first - 120)} is before its oldest sample" in line, line
    oldest = re.search(r"oldest sample, (\S+);", line)
    assert oldest and oldest[1] > rfc3339(first - 120), line
    assert "one hour" in line and "LIVE" not in line

    step(tmux_session, ">")
    screen = tmux_session.wait_until(lambda s: arrived(s) and shown_time(status(s)) == first - 60, "a window forward")

    command(tmux_session, "live")
    tmux_session.wait_until(lambda s: status(s).startswith(" LIVE "), "LIVE again")
    tmux_session.send_keys("q")
    assert_terminal_restored(tmux_session, 0)


def test_a_step_past_the_demos_history_says_so(tmux_session):
    """The default 5 m window: `:at -1m` then `<` asks for six minutes ago, before the two
    minutes of history the demo starts with: the status line says so (not an empty map)."""
    start(tmux_session)
    command(tmux_session, "at -1m")
    first = shown_time(status(tmux_session.wait_until(arrived, "AT with its data")))
    step(tmux_session, "<")
    line = status(tmux_session.wait_for(re.compile(r"oldest sample")))
    assert shown_time(line) == first - 300 and f"{rfc3339(first - 300)} is before its oldest sample" in line, line
    tmux_session.send_keys("q")
    assert_terminal_restored(tmux_session, 0)


def test_live_demo_at_is_the_demos_clock_and_live(new_tmux):
    """`live --demo --at 60` starts the demo's clock at simulated second 60 (as documented:
    with --demo, --at is the demo's clock, not a look back), so the map is live and says
    LIVE, and it holds only that minute of history: `:at -2m` is before its oldest sample."""
    session = new_tmux()
    session.start(demo_command(prefix=f"echo {MARKER}; ", suffix=STTY_REPORT).replace(" demo ", " live --demo --at 60 ", 1),
                  WIDTH, HEIGHT)
    screen = session.wait_until(live_frame, "the live map")
    assert status(screen).startswith(" LIVE ") and not STATUS_AT.match(status(screen))
    command(session, "at -2m")
    line = status(session.wait_for(re.compile(r"oldest sample")))
    assert "is before its oldest sample" in line, line
    session.send_keys("q")
    assert_terminal_restored(session, 0)


def test_the_scrub_bar_draws_the_traffic_the_demo_has(tmux_session):
    """The scrub bar's curve: the demo starts with 120 s of history, so of the last hour's
    twelve five-minute bins only the newest has traffic. It is the hour's highest (a full
    block), the eleven before it are dashed (no sample), and `:at -1m` puts the marker on
    the boundary nearest a minute ago: now's."""
    start(tmux_session)
    command(tmux_session, "at -1m")
    screen = tmux_session.wait_until(lambda s: arrived(s) and "█" in status(s), "AT with the traffic curve")
    assert " -1h " + "╌" * 11 + "█◆ now " in status(screen), status(screen)
    tmux_session.send_keys("q")
    assert_terminal_restored(tmux_session, 0)


def test_the_scrub_bar_in_ascii(new_tmux):
    """The same in ASCII: a bin without a sample is blank (ASCII sparks use dots), the
    highest is `#`, and the marker is `|`."""
    session = new_tmux()
    session.start(demo_command("--ascii", prefix=f"echo {MARKER}; ", suffix=STTY_REPORT), WIDTH, HEIGHT)
    session.wait_until(live_frame, "the live map")
    command(session, "at -1m")
    screen = session.wait_until(lambda s: looked_at(status(s)) and "#|" in status(s), "AT with the traffic curve")
    assert " -1h " + " " * 11 + "#| now " in status(screen), status(screen)
    session.send_keys("q")
    assert_terminal_restored(session, 0)
