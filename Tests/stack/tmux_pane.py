"""sonicmap in a real terminal (tmux) for the real-Tempo tier, and reading its figures
off the screen: the table's rows and a printed rate against the value it stands for."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import time
from pathlib import Path
from typing import Callable


class Tmux:
    """sonicmap in a tmux pane of its own (a private server socket), killed at the end."""

    TARGET = "sonicmap"

    def __init__(self, tmp_path: Path, home: Path, command: list[str], width: int, height: int):
        self.socket, self.conf, self.home = f"sonicmap-pane-{os.getpid()}-{id(self)}", tmp_path / "tmux.conf", home
        self.conf.write_text("set -g status off\nset -g remain-on-exit on\nset -s escape-time 0\n")
        self.run("new-session", "-d", "-s", self.TARGET, "-x", str(width), "-y", str(height), shlex.join(command))

    def run(self, *args: str) -> str:
        env = {"PATH": "/usr/bin:/bin", "HOME": str(self.home), "LANG": "C.UTF-8", "TERM": "xterm-256color"}
        done = subprocess.run(["tmux", "-L", self.socket, "-f", str(self.conf), *args], capture_output=True, text=True,
                              env=env, timeout=10)
        assert done.returncode == 0, f"tmux {args}: {done.stderr}"
        return done.stdout

    def send(self, *keys: str, literal: bool = False) -> None:
        self.run("send-keys", "-t", self.TARGET, *(["-l"] if literal else []), *keys)

    def lines(self) -> list[str]:
        """The screen, one string per row (the trailing newline dropped)."""
        return self.run("capture-pane", "-p", "-t", self.TARGET).removesuffix("\n").split("\n")

    def wait(self, holds: Callable[[list[str]], bool], what: str, timeout: float = 15) -> list[str]:
        """Poll the screen until ``holds(lines)``; return those lines."""
        deadline = time.monotonic() + timeout
        while True:
            lines = self.lines()
            if holds(lines):
                return lines
            if time.monotonic() > deadline:
                raise AssertionError(f"no {what} on screen after {timeout} s:\n" + "\n".join(lines))
            time.sleep(0.2)

    def screen_after(self, key: str | None, until: str) -> list[str]:
        """Press ``key`` (if any), then wait for ``until`` in the header line."""
        if key:
            self.send(key)
        return self.wait(lambda lines: until in lines[0], repr(until))

    def kill(self) -> None:
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], capture_output=True, timeout=10)


def half_step(text: str) -> float:
    """Half the last printed digit's place: what rounding to that precision can hide."""
    decimals = len(text.split(".")[1]) if "." in text else 0
    return 0.5 * 10 ** -decimals * (1 + 1e-9)


def check_rate(text: str, value: float, where: str, rel: float = 0.0) -> list[str]:
    """A printed rate (`4.02/s`, `~1.2k/s`) equals ``value`` up to its rounding, plus
    ``rel`` of the value."""
    m = re.fullmatch(r"~?(?P<v>[\d.]+)(?P<k>k?)/s", text)
    if not m:
        return [f"{where}: rate {text!r} is not a whole rate"]
    scale = 1000.0 if m["k"] else 1.0
    if abs(value - float(m["v"]) * scale) > half_step(m["v"]) * scale + rel * abs(value):
        return [f"{where}: rate {text!r}, expected {value}"]
    return []


TABLE_ROW = re.compile(r"^ (?P<name>.+?)(?:  (?P<side>env|cli))? +(?P<rps>~?[\d.]+k?/s) +(?P<success>\S+)"
                       r" +(?P<p50>\S+) +(?P<p95>\S+) +(?P<p99>\S+) +\S+ +\S+ +\S+ *$")


def table_rows(lines: list[str]) -> dict[str, dict]:
    """The table's rows by name, cut before the overview panel on the right."""
    header = next(i for i, line in enumerate(lines) if line.startswith(" NAME"))
    right = lines[header].find("┌")
    rows = {}
    for line in lines[header + 1:]:
        m = TABLE_ROW.match(line[:right] if right > 0 else line)
        if m:
            rows[m["name"].strip()] = m.groupdict()
    return rows
