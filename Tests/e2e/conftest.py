"""Helpers for the end-to-end tests: the real sonicmap binary in a real terminal.

Every interactive test gets its own tmux server on a private socket
(`tmux -L sonicmap-e2e-<pid>-<n>`), a pane of a fixed size, LANG=C.UTF-8 and a
TERM whose terminfo exists.  Tests poll `capture-pane` until a deadline instead
of sleeping.  Run them one at a time (no xdist): they measure CPU and signals.
"""

from __future__ import annotations

import itertools
import os
import re
import shlex
import signal
import subprocess
import sys
import time
import unicodedata
from pathlib import Path
from typing import Callable, Optional, Union

import pytest

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "Tests"))  # Tests/fixtures.py
BIN = REPO / ".build" / "debug" / "sonicmap"
TIMEOUT = 15.0  # generous: CI machines have 2 cores and may be busy
POLL = 0.05

_counter = itertools.count()


# --------------------------------------------------------------------------- env


def clean_env(home: Optional[Path] = None, **extra: str) -> dict:
    """The environment every sonicmap run gets: UTF-8, a known TERM, no tmux or
    sonicmap settings leaking in from the developer's shell."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not (k.startswith(("TMUX", "LC_", "SONICMAP")) or k in ("NO_COLOR", "COLUMNS", "LINES"))
    }
    env["LANG"] = "C.UTF-8"
    env["TERM"] = "xterm-256color"
    if home is not None:
        env["HOME"] = str(home)
        env["XDG_CONFIG_HOME"] = str(home / ".config")
    env.update(extra)
    return env


def display_width(s: str) -> int:
    """Terminal columns of a string (wcwidth-like: wide East Asian = 2,
    combining marks = 0, everything else, box drawing included, = 1)."""
    width = 0
    for ch in s:
        if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
            continue
        width += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return width


def _pane_terminal() -> str:
    """A TERM for panes that this machine's terminfo (and so ncurses) knows."""
    for name in ("tmux-256color", "screen-256color"):
        if subprocess.run(["infocmp", name], capture_output=True).returncode == 0:
            return name
    pytest.fail("neither tmux-256color nor screen-256color terminfo is installed "
                "(Debian: ncurses-base / ncurses-term)", pytrace=False)


def _require_binary() -> Path:
    if not (BIN.is_file() and os.access(BIN, os.X_OK)):
        pytest.fail(f"{BIN} is missing: run `swift build` (or `make build`) first", pytrace=False)
    return BIN


@pytest.fixture(scope="session")
def sonicmap_bin() -> Path:
    return _require_binary()


def run_sonicmap(*args: str, home: Path, timeout: float = 60, **env) -> subprocess.CompletedProcess:
    """Run the binary without a terminal (stdin /dev/null, pipes for output)."""
    return subprocess.run(
        [str(_require_binary()), *args],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        cwd=REPO,
        env=clean_env(home, **env),
        timeout=timeout,
    )


# -------------------------------------------------------------------------- tmux


class TmuxSession:
    """One tmux server, one window, one pane running a shell command."""

    def __init__(self, workdir: Path):
        self.home = workdir / "home"
        self.home.mkdir(exist_ok=True)
        self.socket = f"sonicmap-e2e-{os.getpid()}-{next(_counter)}"
        self.workdir = workdir
        self.target = "e2e"
        self.started = False
        self.conf = workdir / "tmux.conf"
        self.conf.write_text(
            "\n".join(
                [
                    f"set -g default-terminal {_pane_terminal()}",
                    "set -g default-shell /bin/sh",
                    "set -g status off",  # the pane is the whole window
                    "set -g remain-on-exit on",  # keep the screen of a finished command
                    "set -s escape-time 0",  # pass Esc through at once
                    "set -g history-limit 1000",
                    "",
                ]
            )
        )

    # ---- low level

    def tmux(self, *args: str, check: bool = True) -> str:
        proc = subprocess.run(
            ["tmux", "-L", self.socket, "-f", str(self.conf), *args],
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            env=clean_env(self.home),  # the server and its panes inherit this
            timeout=10,
        )
        if check and proc.returncode != 0:
            raise AssertionError(f"tmux {' '.join(args)} failed ({proc.returncode}): {proc.stderr.strip()}")
        return proc.stdout

    def start(self, command: str, width: int = 160, height: int = 48) -> "TmuxSession":
        """Start `command` (run by /bin/sh -c in the repository root) in a
        width×height pane."""
        assert not self.started, "one command per session"
        # Do not put `window-size manual` in the config: tmux 3.3a crashes
        # creating a session with it. resize-window sets it by itself.
        self.tmux("new-session", "-d", "-s", self.target, "-x", str(width), "-y", str(height),
                  "-c", str(REPO), command)
        self.started = True
        self.tmux("set", "-g", "window-size", "manual")
        size = self.pane_format("#{pane_width}x#{pane_height}")
        assert size == f"{width}x{height}", f"pane is {size}, wanted {width}x{height}"
        return self

    def kill(self) -> None:
        if self.started:
            self.tmux("kill-server", check=False)
            self.started = False

    # ---- reading

    def pane_format(self, fmt: str) -> str:
        return self.tmux("display-message", "-p", "-t", self.target, fmt).strip()

    def lines(self) -> list[str]:
        """The visible screen, one string per row (trailing blanks trimmed)."""
        out = self.tmux("capture-pane", "-p", "-t", self.target)
        rows = out.split("\n")
        if rows and rows[-1] == "":
            rows.pop()
        return rows

    def capture(self) -> str:
        return "\n".join(self.lines())

    def wait_until(self, predicate: Callable[[str], bool], what: str, timeout: float = TIMEOUT) -> str:
        """Poll the screen until predicate(screen) holds; return that screen."""
        deadline = time.monotonic() + timeout
        while True:
            screen = self.capture()
            if predicate(screen):
                return screen
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out after {timeout}s waiting for {what}; screen:\n{screen}")
            time.sleep(POLL)

    def wait_for(self, text: Union[str, re.Pattern], timeout: float = TIMEOUT) -> str:
        if isinstance(text, re.Pattern):
            return self.wait_until(lambda s: text.search(s) is not None, f"/{text.pattern}/", timeout)
        return self.wait_until(lambda s: text in s, repr(text), timeout)

    def wait_gone(self, text: str, timeout: float = TIMEOUT) -> str:
        return self.wait_until(lambda s: text not in s, f"{text!r} to disappear", timeout)

    def wait_exit_line(self, timeout: float = TIMEOUT) -> int:
        """For commands ending in `echo EXIT=$?`: wait for it, return the status."""
        screen = self.wait_for(re.compile(r"^EXIT=\d+$", re.M), timeout)
        return int(re.search(r"^EXIT=(\d+)$", screen, re.M).group(1))

    # ---- acting

    def send_keys(self, *keys: str, literal: bool = False) -> None:
        args = ["send-keys", "-t", self.target]
        if literal:
            args.append("-l")
        self.tmux(*args, *keys)

    def resize(self, width: int, height: int) -> None:
        self.tmux("resize-window", "-t", self.target, "-x", str(width), "-y", str(height))
        size = self.pane_format("#{pane_width}x#{pane_height}")
        assert size == f"{width}x{height}", f"pane is {size} after resize, wanted {width}x{height}"

    # ---- processes

    @property
    def pane_pid(self) -> int:
        return int(self.pane_format("#{pane_pid}"))

    def find_pid(self, name: str = "sonicmap", timeout: float = TIMEOUT) -> int:
        """pid of the process called `name` among the pane's descendants."""
        deadline = time.monotonic() + timeout
        while True:
            for pid in descendants(self.pane_pid):
                if process_name(pid) == name:
                    return pid
            if time.monotonic() > deadline:
                raise AssertionError(f"no {name!r} process under pane pid {self.pane_pid}")
            time.sleep(POLL)


def process_name(pid: int) -> Optional[str]:
    try:
        return Path(f"/proc/{pid}/comm").read_text().strip()
    except OSError:
        return None


def descendants(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        p = todo.pop()
        found.append(p)
        for task in Path(f"/proc/{p}/task").glob("*"):
            try:
                todo += [int(c) for c in (task / "children").read_text().split()]
            except OSError:
                pass
    return found


def cpu_seconds(pid: int) -> float:
    """utime + stime of a process, in seconds, from /proc/<pid>/stat."""
    stat = Path(f"/proc/{pid}/stat").read_text()
    fields = stat[stat.rindex(")") + 2 :].split()  # comm may contain spaces
    utime, stime = int(fields[11]), int(fields[12])
    return (utime + stime) / os.sysconf("SC_CLK_TCK")


@pytest.fixture
def new_tmux(tmp_path: Path, sonicmap_bin: Path):
    """Factory of TmuxSessions; every server is killed when the test ends."""
    sessions: list[TmuxSession] = []

    def make() -> TmuxSession:
        workdir = tmp_path / f"tmux{len(sessions)}"
        workdir.mkdir()
        sessions.append(TmuxSession(workdir))
        return sessions[-1]

    try:
        yield make
    finally:
        for session in sessions:
            session.kill()


@pytest.fixture
def tmux_session(new_tmux) -> TmuxSession:
    return new_tmux()


@pytest.fixture
def home(tmp_path: Path) -> Path:
    """An empty HOME, so no user config file changes what sonicmap does."""
    h = tmp_path / "home"
    h.mkdir()
    return h


def sh_quote(path: Union[str, Path]) -> str:
    return shlex.quote(str(path))


def demo_command(*args: str, prefix: str = "", suffix: str = "") -> str:
    """A pane command that runs the demo and then reports how it ended."""
    return (f"{prefix}{sh_quote(BIN)} demo {' '.join(map(shlex.quote, args))}; "
            f"echo EXIT=$?; {suffix}exec sleep 600")


SIGNALS = {"TERM": signal.SIGTERM, "INT": signal.SIGINT, "HUP": signal.SIGHUP}
