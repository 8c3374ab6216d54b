#!/usr/bin/env python3
"""A real Grafana Tempo (v2.10.8) as one process on loopback, for the real-Tempo tests
of issue 12 (search listings, the trace cache, the refresh cadence).

The binary is found by ``TEMPO_BIN``, then ``PATH``, then
``~/.cache/sonicmap/tempo-v2.10.8/tempo``; without one the tests skip. The config is
written here (single binary, local storage, every port ephemeral): the same shape as
Tempo's documented single-binary setup, with the metrics generator remote-writing to a
Prometheus when one is given.

``TempoProcess(workdir).start()`` waits for ``/ready`` (Tempo answers 503 for ~20 s
after start and may drop spans pushed before), ``push(body)`` posts an OTLP/HTTP
protobuf body, ``stop()`` ends it.
"""

from __future__ import annotations

import os
import shutil
import urllib.request
from pathlib import Path

import lifecycle

CONFIG = """\
stream_over_http_enabled: true
server:
  http_listen_address: 127.0.0.1
  http_listen_port: {http}
  grpc_listen_address: 127.0.0.1
  grpc_listen_port: {grpc}
  log_level: warn
distributor:
  receivers:
    otlp:
      protocols:
        http:
          endpoint: 127.0.0.1:{otlp}
ingester:
  max_block_duration: 5m
  lifecycler:
    address: 127.0.0.1
    ring:
      kvstore:
        store: inmemory
      replication_factor: 1
memberlist:
  bind_addr: [127.0.0.1]
  bind_port: {memberlist}
  join_members: []
querier:
  frontend_worker:
    frontend_address: 127.0.0.1:{grpc}
metrics_generator:
  ring:
    kvstore:
      store: inmemory
  storage:
    path: {data}/generator/wal
    remote_write:
      - url: {remote_write}
        send_exemplars: true
  traces_storage:
    path: {data}/generator/traces
storage:
  trace:
    backend: local
    wal:
      path: {data}/wal
      # Spans stamped up to 20 minutes in the past keep their own times in the block's
      # range (the default 2m slack clamps them to "now"), so tests can push history.
      ingestion_time_range_slack: 20m
    local:
      path: {data}/blocks
overrides:
  defaults:
    metrics_generator:
      processors: [service-graphs, span-metrics]
usage_report:
  reporting_enabled: false
"""


def tempo_binary() -> str | None:
    """Where the Tempo binary is, or None."""
    candidates = [os.environ.get("TEMPO_BIN"), shutil.which("tempo"),
                  str(Path.home() / ".cache" / "sonicmap" / "tempo-v2.10.8" / "tempo")]
    return next((c for c in candidates if c and os.path.isfile(c) and os.access(c, os.X_OK)), None)


class TempoProcess:
    """Tempo on ephemeral loopback ports in ``workdir``."""

    def __init__(self, workdir: str | Path, remote_write: str = "http://127.0.0.1:9/api/v1/write"):
        self.workdir = Path(workdir)
        self.remote_write = remote_write
        self.proc = None
        self.http_port = self.otlp_port = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.http_port}"

    @property
    def otlp_url(self) -> str:
        return f"http://127.0.0.1:{self.otlp_port}/v1/traces"

    def start(self, timeout: float = 90.0) -> TempoProcess:
        binary = tempo_binary()
        if binary is None:
            raise FileNotFoundError("no Tempo binary: set TEMPO_BIN or put v2.10.8 at ~/.cache/sonicmap/tempo-v2.10.8/tempo")
        ports = {name: lifecycle.free_port() for name in ("http", "grpc", "otlp", "memberlist")}
        self.http_port, self.otlp_port = ports["http"], ports["otlp"]
        data = self.workdir / "data"
        data.mkdir(parents=True, exist_ok=True)
        config = self.workdir / "tempo.yaml"
        config.write_text(CONFIG.format(data=data, remote_write=self.remote_write, **ports))
        self.proc = lifecycle.spawn([binary, f"-config.file={config}"], self.workdir / "tempo.log", cwd=self.workdir)
        lifecycle.wait_until(lambda: lifecycle.http_get_ok(f"{self.url}/ready"), timeout, "tempo /ready", self.proc, 0.5)
        return self

    def push(self, body: bytes) -> None:
        """POSTs one OTLP/HTTP protobuf body (ExportTraceServiceRequest)."""
        request = urllib.request.Request(self.otlp_url, data=body, method="POST",
                                         headers={"Content-Type": "application/x-protobuf"})
        with urllib.request.urlopen(request, timeout=10) as response:
            response.read()

    def stop(self) -> None:
        if self.proc is not None:
            lifecycle.stop_process(self.proc)
            self.proc = None
