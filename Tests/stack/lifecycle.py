"""Process plumbing for the test stack: stop signals, parent watching, port
discovery and child processes that die with their parent.

Every server of the stack stops by itself on SIGTERM/SIGINT and when the
process that started it goes away (``watch_parent``), so a crashed test run
leaves nothing behind. Real binaries (Envoy, Prometheus) are started with
``spawn``, which asks the kernel to send them SIGTERM when their parent dies.
"""

from __future__ import annotations

import ctypes
import os
import signal
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

_PR_SET_PDEATHSIG = 1

# Children are exec'd right after fork, so gRPC's fork handlers (grpcio is
# used by the Triton stand-in and the load generator) are useless log noise.
os.environ.setdefault("GRPC_ENABLE_FORK_SUPPORT", "false")


def install_stop_handlers(stop) -> None:
    """Call ``stop()`` on SIGTERM or SIGINT (main thread only)."""
    def handler(_signum, _frame):
        threading.Thread(target=stop, daemon=True).start()
    signal.signal(signal.SIGTERM, handler)
    signal.signal(signal.SIGINT, handler)


def watch_parent(stop, interval: float = 0.5) -> None:
    """Call ``stop()`` once the parent process has gone (we were re-parented)."""
    parent = os.getppid()

    def loop():
        while os.getppid() == parent:
            time.sleep(interval)
        stop()
    threading.Thread(target=loop, name="parent-watch", daemon=True).start()


def write_file_atomic(path: str | os.PathLike, text: str) -> None:
    """Write a file so that a concurrent reader never sees it partial."""
    target = Path(path)
    tmp = target.with_name(target.name + ".tmp")
    tmp.write_text(text)
    tmp.replace(target)


def write_port_file(path: str | os.PathLike, port: int) -> None:
    """Write the bound port (atomically)."""
    write_file_atomic(path, f"{port}\n")


def free_port() -> int:
    """An ephemeral loopback port that was free a moment ago (for servers that
    cannot report the port they bound themselves)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _die_with_parent() -> None:
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)


def spawn(argv: list[str], log_path: str | os.PathLike, **kwargs) -> subprocess.Popen:
    """Start a child with stdout/stderr in ``log_path``; it gets SIGTERM if we die."""
    log = open(log_path, "ab")
    try:
        return subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                                preexec_fn=_die_with_parent, **kwargs)
    finally:
        log.close()


def stop_process(proc: subprocess.Popen, timeout: float = 5.0) -> None:
    """SIGTERM, then SIGKILL after ``timeout`` seconds."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout)


def wait_until(check, timeout: float, what: str, proc: subprocess.Popen | None = None, interval: float = 0.1):
    """Poll ``check()`` until it returns a truthy value; raise after ``timeout``."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"{what}: process exited with status {proc.returncode}")
        result = check()
        if result:
            return result
        time.sleep(interval)
    raise TimeoutError(f"{what}: not ready after {timeout} s")


def read_port_file(path: str | os.PathLike, proc: subprocess.Popen, timeout: float = 10.0) -> int:
    """Wait for a child to write its port file and return the port."""
    target = Path(path)
    return wait_until(lambda: target.exists() and int(target.read_text()), timeout,
                      f"port file {target}", proc)


def http_get_ok(url: str, timeout: float = 1.0) -> bool:
    """True when ``url`` answers 200."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False
