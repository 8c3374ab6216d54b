"""The real Grafana Tempo (v2.10.8) for the test stack: finding the binary and
running it as one process on loopback.

``find_tempo()`` looks, in order, at

1. ``TEMPO_BIN`` (a path to the ``tempo`` binary);
2. ``tempo`` on ``PATH``;
3. ``../shared/tools/tempo/tempo-v2.10.8-linux-amd64.xz`` beside the repository,
   unpacked once (Python's lzma, sha256 checked, written atomically) into
   ``${XDG_CACHE_HOME:-~/.cache}/sonicmap/tempo-v2.10.8/tempo``, outside the
   repository; a later run finds it there.

It returns the path, or raises ``TempoNotFound`` whose message says where it
looked and how to get Tempo (its v2.10.8 release archive, or a build of the tag).

``TempoProcess(workdir, remote_write=URL).start()`` runs it with our
``tempo-local.yaml``: free loopback ports for HTTP, gRPC, OTLP HTTP and gRPC
and memberlist, its own data folder, and waits for ``/ready`` to answer 200.
``kill()`` (SIGKILL), ``terminate()`` (SIGTERM, waiting) or ``stop()`` take it down; ``restart()``
brings it back on the same ports with the same data, so its WAL is replayed.

    tempo = TempoProcess(workdir, remote_write=f"{prometheus}/api/v1/write").start()
    tempo.url, tempo.otlp_url; tempo.kill(); tempo.restart(); tempo.stop()
"""

from __future__ import annotations

import hashlib
import lzma
import os
import shutil
import signal
import socket
import subprocess
from dataclasses import dataclass
from pathlib import Path

import httpc
import lifecycle

VERSION = "v2.10.8"
SHA256 = "3ec519bc3b428e87a48f58ae6729bead7a1c079c6c7f9d1b718007cd628b63fc"
HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
ARCHIVE = REPO.parent / "shared/tools/tempo" / f"tempo-{VERSION}-linux-amd64.xz"
CONFIG = HERE / "tempo-local.yaml"
HOW_TO_GET = (f"set TEMPO_BIN to a Grafana Tempo {VERSION} binary (from the release archive "
              f"tempo_{VERSION[1:]}_linux_amd64.tar.gz on github.com/grafana/tempo/releases, or "
              f"`go build ./cmd/tempo` at the tag {VERSION}), or put `tempo` on PATH")


class TempoNotFound(Exception):
    """No Tempo binary: the message says where we looked and how to get one."""


def cache_dir() -> Path:
    """Where the unpacked binary is kept: outside the repository, per user."""
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "sonicmap" / f"tempo-{VERSION}"


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while block := f.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def unpack(archive: Path, target: Path) -> Path:
    """Decompress ``archive`` into ``target`` once: checked, executable, atomic."""
    if target.is_file() and os.access(target, os.X_OK):
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.{os.getpid()}.partial")
    try:
        with lzma.open(archive) as source, open(partial, "wb") as sink:
            shutil.copyfileobj(source, sink, 1 << 20)
        found = _sha256(partial)
        if found != SHA256:
            raise TempoNotFound(f"{archive} unpacks to a binary with sha256 {found}, not {SHA256}; "
                                f"replace the archive, or {HOW_TO_GET}")
        partial.chmod(0o755)
        partial.replace(target)
    finally:
        partial.unlink(missing_ok=True)
    return target


def find_tempo() -> Path:
    """The Tempo binary to run (see the module docstring for the order)."""
    configured = os.environ.get("TEMPO_BIN")
    if configured:
        path = Path(configured).expanduser()
        if not (path.is_file() and os.access(path, os.X_OK)):
            raise TempoNotFound(f"TEMPO_BIN={configured} is not an executable file; {HOW_TO_GET}")
        return path
    on_path = shutil.which("tempo")
    if on_path:
        return Path(on_path)
    if ARCHIVE.is_file():
        return unpack(ARCHIVE, cache_dir() / "tempo")
    raise TempoNotFound(f"no Tempo binary: TEMPO_BIN is not set, `tempo` is not on PATH and {ARCHIVE} "
                        f"does not exist; {HOW_TO_GET}")


def _listening(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
        return True
    except OSError:
        return False


@dataclass(frozen=True)
class TempoPorts:
    http: int
    grpc: int
    otlp_http: int
    otlp_grpc: int
    memberlist: int

    @classmethod
    def free(cls) -> TempoPorts:
        ports: set[int] = set()
        while len(ports) < 5:
            ports.add(lifecycle.free_port())
        return cls(*sorted(ports))


class TempoProcess:
    """One single-binary Tempo on loopback with its own ports and data folder."""

    def __init__(self, workdir: str | Path, *, remote_write: str, binary: Path | None = None,
                 min_ready: str = "1s", metrics_interval: str = "5s", remote_write_deadline: str = "1s",
                 ingestion_slack: str = "2m", name: str = "tempo"):
        self.workdir = Path(workdir)
        self.binary = binary or find_tempo()
        self.remote_write = remote_write
        self.min_ready, self.metrics_interval = min_ready, metrics_interval
        self.remote_write_deadline = remote_write_deadline
        self.ingestion_slack = ingestion_slack
        self.name = name
        self.ports: TempoPorts | None = None
        self.proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        """The query API (Tempo's HTTP port)."""
        return f"http://127.0.0.1:{self.ports.http}"

    @property
    def otlp_url(self) -> str:
        """OTLP/HTTP traces endpoint."""
        return f"http://127.0.0.1:{self.ports.otlp_http}/v1/traces"

    @property
    def data_dir(self) -> Path:
        return self.workdir / f"{self.name}-data"

    @property
    def log_path(self) -> Path:
        return self.workdir / f"{self.name}.log"

    def environment(self) -> dict[str, str]:
        p = self.ports
        return {**os.environ, "TEMPO_HTTP_PORT": str(p.http), "TEMPO_GRPC_PORT": str(p.grpc),
                "TEMPO_OTLP_HTTP_PORT": str(p.otlp_http), "TEMPO_OTLP_GRPC_PORT": str(p.otlp_grpc),
                "TEMPO_MEMBERLIST_PORT": str(p.memberlist), "TEMPO_DATA": str(self.data_dir),
                "TEMPO_REMOTE_WRITE": self.remote_write, "TEMPO_MIN_READY": self.min_ready,
                "TEMPO_METRICS_INTERVAL": self.metrics_interval,
                "TEMPO_REMOTE_WRITE_DEADLINE": self.remote_write_deadline,
                "TEMPO_REMOTE_WRITE_FLUSH_DEADLINE": "2s", "TEMPO_INGESTION_SLACK": self.ingestion_slack}

    def start(self, timeout: float = 60.0, attempts: int = 3) -> TempoProcess:
        """Start on free ports (new ones when another process took one meanwhile)."""
        self.workdir.mkdir(parents=True, exist_ok=True)
        for attempt in range(attempts):
            self.ports = TempoPorts.free()
            try:
                return self._run(timeout)
            except RuntimeError as err:
                if "address already in use" not in str(err) or attempt == attempts - 1:
                    raise
        return self

    def restart(self, timeout: float = 60.0) -> TempoProcess:
        """Start again on the same ports with the same data (after ``kill`` or ``stop``)."""
        assert self.ports is not None, "restart() needs a first start()"
        return self._run(timeout)

    def _run(self, timeout: float) -> TempoProcess:
        self.proc = lifecycle.spawn([str(self.binary), f"-config.file={CONFIG}", "-config.expand-env=true"],
                                    self.log_path, env=self.environment())
        try:
            lifecycle.wait_until(self.ready, timeout, f"{self.name} /ready", self.proc, interval=0.2)
        except (TimeoutError, RuntimeError) as err:
            self.kill()
            raise RuntimeError(f"{err}; log: {self.log_path.read_text(errors='replace')[-3000:]}") from None
        return self

    def push(self, body: bytes, content_type: str = "application/x-protobuf") -> None:
        """POSTs one OTLP/HTTP body (an ExportTraceServiceRequest, protobuf by default)."""
        answer = httpc.request(self.otlp_url, "POST", body, {"Content-Type": content_type})
        if answer.status != 200:
            raise RuntimeError(f"{self.name} refused the push: {answer.status} {answer.text[:300]}")

    def ready(self) -> bool:
        try:
            return httpc.get(f"{self.url}/ready", timeout=1.0).status == 200
        except OSError:
            return False

    @property
    def running(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def kill(self) -> None:
        """SIGKILL: Tempo gets no chance to flush (its WAL is what survives)."""
        if self.running:
            self.proc.send_signal(signal.SIGKILL)
        if self.proc is not None:
            self.proc.wait(10)

    def terminate(self, timeout: float = 30.0) -> None:
        """SIGTERM: a graceful stop, in which the ingester writes the traces it holds in
        memory to its WAL before the receivers close.

        Tempo v2.10.8 as one process does not exit on SIGTERM once it has answered a
        search: its query-frontend keeps waiting for its own querier after every other
        module has stopped. So once the OTLP receiver has closed (the ingester has
        stopped before it) and Tempo is still there a few seconds later, it gets SIGKILL."""
        if not self.running:
            return
        self.proc.send_signal(signal.SIGTERM)
        lifecycle.wait_until(lambda: not self.running or not _listening(self.ports.otlp_http), timeout,
                             f"{self.name}: its receivers to close after SIGTERM")
        try:
            self.proc.wait(3.0)
        except subprocess.TimeoutExpired:
            self.kill()

    def stop(self) -> None:
        """Stop for good (see ``terminate``)."""
        if self.proc is not None:
            self.terminate()
            self.proc.wait(10)
