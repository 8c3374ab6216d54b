#!/usr/bin/env python3
"""Runs a command as a child that cannot outlive the test process.

``guard.py -- CMD ARGS...`` starts CMD; when this guard gets SIGTERM, or its own
parent (the test process) goes away, or CMD exits, it terminates CMD (SIGKILL
after 5 s) and exits.

A process spawned from a Swift test inherits the spawning thread's signal mask,
in which libdispatch blocks SIGTERM; the guard unblocks it for itself and CMD.
"""

import os
import signal
import subprocess
import sys
import threading


def main() -> int:
    argv = sys.argv[1:]
    if argv and argv[0] == "--":
        argv = argv[1:]
    if not argv:
        print("usage: guard.py -- CMD ARGS...", file=sys.stderr)
        return 2
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM, signal.SIGINT, signal.SIGHUP})
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    parent = os.getppid()
    child = subprocess.Popen(argv, stdin=subprocess.DEVNULL)
    while not stop.wait(0.3):
        if os.getppid() != parent or child.poll() is not None:
            break
    if child.poll() is None:
        child.terminate()
        try:
            child.wait(5)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()
    return child.returncode if child.returncode and child.returncode > 0 else 0


if __name__ == "__main__":
    sys.exit(main())
