#!/usr/bin/env python3
"""An HTTP reverse proxy on loopback that records every request it forwards: when it
started (wall clock), the method, path and query, the status and the bytes of the
response body as sent on the wire (compressed when the server compressed it).

Used in front of Tempo and Prometheus to count what ``sonicmap live`` asks per refresh
(requests, bytes, trace fetches) and when each refresh starts.

    python3 recording_proxy.py --target http://127.0.0.1:3200 --port-file P --log L.jsonl

writes one JSON object per request to ``L.jsonl``:
``{"t": 1796460000.123, "method": "GET", "path": "/api/search?...", "status": 200, "bytes": 1234}``,
plus ``"form"`` (the decoded fields) for a form-encoded POST such as a PromQL query.
"""

from __future__ import annotations

import argparse
import http.client
import json
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import lifecycle

_HOP = {"connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "te", "trailers",
        "transfer-encoding", "upgrade", "host", "content-length"}


class RecordingProxy:
    """Forwards to ``target`` and keeps ``records`` (and appends them to ``log_path``)."""

    def __init__(self, target: str, log_path: str | None = None):
        parsed = urllib.parse.urlsplit(target)
        self.host, self.port_target = parsed.hostname, parsed.port or 80
        self.log_path = log_path
        self.records: list[dict] = []
        self.lock = threading.Lock()
        self.server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def start(self, port: int = 0) -> RecordingProxy:
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *_args):
                pass

            def _forward(self):
                started = time.time()
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else None
                headers = {k: v for k, v in self.headers.items() if k.lower() not in _HOP}
                conn = http.client.HTTPConnection(proxy.host, proxy.port_target, timeout=60)
                try:
                    conn.request(self.command, self.path, body=body, headers=headers)
                    response = conn.getresponse()
                    data = response.read()
                    status, reply_headers = response.status, response.getheaders()
                except OSError as err:
                    data, status, reply_headers = str(err).encode(), 502, [("Content-Type", "text/plain")]
                finally:
                    conn.close()
                self.send_response(status)
                for k, v in reply_headers:
                    if k.lower() not in _HOP:
                        self.send_header(k, v)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
                entry = {"t": started, "method": self.command, "path": self.path, "status": status, "bytes": len(data)}
                if body and self.headers.get("Content-Type", "").startswith("application/x-www-form-urlencoded"):
                    entry["form"] = dict(urllib.parse.parse_qsl(body.decode()))
                proxy._record(entry)

            do_GET = do_POST = _forward

        self.server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def _record(self, entry: dict) -> None:
        with self.lock:
            self.records.append(entry)
            if self.log_path:
                with open(self.log_path, "a") as f:
                    f.write(json.dumps(entry) + "\n")

    def snapshot(self) -> list[dict]:
        with self.lock:
            return list(self.records)

    def stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
            self.server = None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--target", required=True)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--port-file")
    parser.add_argument("--log")
    args = parser.parse_args()
    proxy = RecordingProxy(args.target, args.log).start(args.port)
    stopping = threading.Event()
    lifecycle.install_stop_handlers(stopping.set)
    lifecycle.watch_parent(stopping.set)
    if args.port_file:
        lifecycle.write_port_file(args.port_file, proxy.server.server_address[1])
    stopping.wait()
    proxy.stop()


if __name__ == "__main__":
    main()
