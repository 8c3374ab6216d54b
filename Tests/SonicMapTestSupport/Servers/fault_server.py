#!/usr/bin/env python3
"""Misbehaving HTTP server for sonicmap's HTTP, Tempo and Prometheus client tests.

Python stdlib only. Binds 127.0.0.1 on an ephemeral port, writes the port to
``--port-file`` (atomically), serves each request on its own thread, and exits
when its parent process goes away (so a crashed test leaves nothing behind).

Routes (any query string is accepted; ``seconds``/``bytes`` tune some):
  /ok                 200 JSON
  /echo               200 JSON describing the request (method, path, query, headers, body)
  /gzip               gzip-encoded JSON; 406 unless the request accepts gzip
  /bomb?bytes=N       a small gzip body that inflates to N bytes (chunked)
  /chunked            JSON sent in several chunks
  /big?bytes=N        N bytes of JSON generated lazily, with Content-Length
  /malformed/...      200 JSON cut in the middle
  /drip?seconds=S     a JSON body trickled one byte at a time over S seconds
  /sleep?seconds=S    200 JSON after S seconds (a hang, when S is large)
  /hang/...           200 JSON after 10 s, whatever the path below
  /no-org-id/...      401 "no org id"
  /empty-404/...      404 with an empty body
  /status/CODE/...    that status with a short plain-text body
  /prom-mixed/api/v1/query   Prometheus: edge series for request-total queries,
                      422 execution errors for GPU queries, empty vectors otherwise
  /old-tempo/api/v2/traces/ID  404 page not found (Tempo before 2.5)
  /old-tempo/api/traces/ID     ``--v1-trace`` file as JSON for ``--v1-trace-id``, else 404 empty
  /partial/api/v2/traces/ID    ``--v2-trace`` file with status PARTIAL

Malicious server (hardening, issue 13):
  /endless            a chunked JSON body that never ends (until the client leaves)
  /slowloris?seconds=S  the status line and headers one byte at a time over S seconds,
                      never finishing them
  /reset              headers announcing 100000 bytes, 1000 of them, then a TCP reset
  /redirect           302 to /ok (a client must not follow it)
  /tempo-empty/...    Tempo answering: every search finds nothing, buildinfo 2.6.0
  /prom-hostile/...   Prometheus whose build info and every label value carry escape
                      sequences (clear screen, OSC title, alternate screen off, NUL,
                      U+202E); service-graph queries answer one edge
  /prom-huge-error/...  Prometheus answering every query 400 with a 100 KB error message

Recorded (issue 15, looking back):
  /recorded/prom/...  Prometheus with no series at any time, except that the query for
                      the first service-graph sample (``min(min_over_time(timestamp(``)
                      answers ``--first-sample`` when given; every request is recorded
  /recorded/tempo/... ``/tempo-empty`` whose requests are recorded
  /recorded-log       the recorded requests, oldest first: [{"path", "params"}], with
                      the query string and the form body's fields in ``params``
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import sys
import threading
import time
import urllib.parse
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

STOP = threading.Event()
RECORDED: list[dict] = []
RECORDED_LOCK = threading.Lock()
ARGS = argparse.Namespace()

STATUS_TEXT = {
    400: "invalid TraceQL query: parse error at line 1, col 8: syntax error: unexpected IDENTIFIER",
    401: "unauthorized",
    403: "forbidden",
    422: "trace exceeds max size (max bytes: 5000000)",
    500: "internal error: something broke",
    502: "bad gateway",
    503: "service unavailable",
}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "fault-server"

    def log_message(self, fmt, *args):
        pass

    # -- helpers
    def send_body(self, status: int, body: bytes, content_type: str | None = "application/json", extra=()):
        self.send_response(status)
        if content_type:
            self.send_header("Content-Type", content_type)
        for name, value in extra:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def start_chunked(self, content_type="application/json", extra=()):
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Transfer-Encoding", "chunked")
        for name, value in extra:
            self.send_header(name, value)
        self.end_headers()

    def chunk(self, data: bytes):
        if data:
            self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
            self.wfile.flush()

    def end_chunked(self):
        self.wfile.write(b"0\r\n\r\n")
        self.wfile.flush()

    def read_body(self) -> bytes:
        return self.rfile.read(int(self.headers.get("Content-Length") or 0))

    # -- dispatch
    def do_GET(self):
        self.dispatch(b"")

    def do_POST(self):
        self.dispatch(self.read_body())

    def dispatch(self, body: bytes):
        url = urllib.parse.urlsplit(self.path)
        params = dict(urllib.parse.parse_qsl(url.query))
        path = url.path
        self.last_body = body
        try:
            self.route(path, params, body)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True

    def route(self, path: str, params: dict, body: bytes):
        seconds = float(params.get("seconds", "1"))
        size = int(params.get("bytes", str(1 << 20)))
        if path == "/ok":
            return self.send_body(200, b'{"status":"ok"}')
        if path == "/echo":
            info = {"method": self.command, "path": path, "query": urllib.parse.urlsplit(self.path).query,
                    "headers": {k.lower(): v for k, v in self.headers.items()}, "body": body.decode("utf-8", "replace")}
            return self.send_body(200, json.dumps(info).encode())
        if path == "/gzip":
            if "gzip" not in self.headers.get("Accept-Encoding", ""):
                return self.send_body(406, b"send Accept-Encoding: gzip", "text/plain")
            payload = json.dumps({"items": list(range(2000))}).encode()
            return self.send_body(200, gzip.compress(payload), extra=[("Content-Encoding", "gzip")])
        if path == "/bomb":
            return self.bomb(size)
        if path == "/chunked":
            self.start_chunked()
            for part in (b'{"parts":[', b'"one",', b'"two",', b'"three"', b"]}"):
                self.chunk(part)
                time.sleep(0.02)
            return self.end_chunked()
        if path == "/big":
            return self.big(size)
        if path.startswith("/malformed"):
            return self.send_body(200, b'{"status":"success","data":{"resultType":"vector","result":[{"metric":')
        if path == "/drip":
            return self.drip(seconds)
        if path == "/sleep":
            STOP.wait(seconds)
            return self.send_body(200, b'{"slept":%s}' % str(seconds).encode())
        if path.startswith("/hang/"):
            STOP.wait(10)
            return self.send_body(200, b'{"status":"ok"}')
        if path.startswith("/no-org-id"):
            return self.send_body(401, b"no org id\n", "text/plain; charset=utf-8")
        if path.startswith("/empty-404"):
            return self.send_body(404, b"", None)
        if path.startswith("/status/"):
            code = int(path.split("/")[2])
            return self.send_body(code, STATUS_TEXT.get(code, f"status {code}").encode() + b"\n", "text/plain; charset=utf-8")
        if path == "/prom-mixed/api/v1/query":
            return self.prom_mixed(urllib.parse.parse_qs(body.decode()).get("query", [""])[0])
        if path.startswith("/old-tempo/api/v2/traces/"):
            return self.send_body(404, b"404 page not found\n", "text/plain; charset=utf-8")
        if path.startswith("/old-tempo/api/traces/"):
            if ARGS.v1_trace and path.rsplit("/", 1)[1].lower() == ARGS.v1_trace_id.lower():
                return self.send_body(200, Path(ARGS.v1_trace).read_bytes())
            return self.send_body(404, b"", None)
        if path.startswith("/partial/api/v2/traces/"):
            doc = json.loads(Path(ARGS.v2_trace).read_text())
            doc["status"] = "PARTIAL"
            doc["message"] = "Response exceeds the max bytes per trace"
            return self.send_body(200, json.dumps(doc).encode())
        if path == "/endless":
            return self.endless()
        if path == "/slowloris":
            return self.slowloris(seconds)
        if path == "/reset":
            return self.reset()
        if path == "/redirect":
            return self.send_body(302, b"", None, extra=[("Location", "/ok")])
        if path.startswith("/tempo-empty/"):
            return self.tempo_empty(path[len("/tempo-empty"):])
        if path.startswith("/prom-hostile/"):
            return self.prom_hostile(path[len("/prom-hostile"):])
        if path.startswith("/recorded/"):
            return self.recorded(path[len("/recorded"):], params, body)
        if path == "/recorded-log":
            with RECORDED_LOCK:
                return self.send_body(200, json.dumps(RECORDED).encode())
        if path.startswith("/prom-huge-error/"):
            err = {"status": "error", "errorType": "bad_data", "error": "parse error: " + "x" * 100_000}
            return self.send_body(400, json.dumps(err).encode())
        self.send_body(404, b"404 page not found\n", "text/plain; charset=utf-8")

    # -- malicious bodies
    HOSTILE = "\x1b[2J\x1b]0;pwned\x07\x1b[?1049l\x00\u202e"

    def endless(self):
        self.start_chunked()
        block = b'"' + b"y" * 65534 + b'"'
        self.chunk(b"[")
        while not STOP.is_set():
            self.chunk(block + b",")

    def slowloris(self, seconds: float):
        head = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nX-Slow: " + b"z" * 200
        pause = seconds / len(head)
        for i in range(len(head)):
            if STOP.wait(pause):
                return
            self.wfile.write(head[i:i + 1])
            self.wfile.flush()
        self.close_connection = True

    def reset(self):
        import socket
        import struct
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", "100000")
        self.end_headers()
        self.wfile.write(b"[" + b"1," * 499 + b"1")
        self.wfile.flush()
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.close_connection = True

    def tempo_empty(self, path: str):
        if path == "/api/status/buildinfo":
            return self.send_body(200, json.dumps({"version": "2.6.0", "revision": "x"}).encode())
        if path.startswith("/api/search"):
            return self.send_body(200, json.dumps({"traces": [], "metrics": {"inspectedTraces": 0}}).encode())
        return self.send_body(404, b"404 page not found\n", "text/plain; charset=utf-8")

    def prom_hostile(self, path: str):
        h = self.HOSTILE
        if path == "/api/v1/status/buildinfo":
            body = {"status": "success", "data": {"version": "2.42.0" + h, "revision": h, "branch": h}}
            return self.send_body(200, json.dumps(body).encode())
        if path in ("/api/v1/query", "/api/v1/query_range"):
            query = urllib.parse.parse_qs(self.last_body.decode()).get("query", [""])[0] or \
                urllib.parse.parse_qs(urllib.parse.urlsplit(self.path).query).get("query", [""])[0]
            metric = {"client": "envoy" + h, "server": "triton" + h, "connection_type": h, "model": "m" + h,
                      "pod": "p" + h, "le": "0.1", "__name__": "traces_service_graph_request_total"}
            result = [{"metric": metric, "value": [1700000000, "2.5"]}] if query else []
            return self.send_body(200, json.dumps({"status": "success", "data": {"resultType": "vector", "result": result}}).encode())
        if path == "/api/v1/query_exemplars":
            return self.send_body(200, json.dumps({"status": "success", "data": []}).encode())
        return self.send_body(404, b"404 page not found\n", "text/plain; charset=utf-8")

    # -- bodies
    def big(self, size: int):
        """``size`` bytes of a JSON array of strings, made as it is sent."""
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(size))
        self.end_headers()
        item = b'"' + b"x" * 1022 + b'",'
        block = item * 64
        sent = 0
        self.wfile.write(b"[")
        sent += 1
        while sent < size - 1:
            part = block[: size - 1 - sent]
            self.wfile.write(part)
            sent += len(part)
        self.wfile.write(b"]")

    def bomb(self, size: int):
        """Gzip of ``size`` zero-ish bytes, compressed on the fly and sent chunked."""
        self.start_chunked(extra=[("Content-Encoding", "gzip")])
        z = zlib.compressobj(9, zlib.DEFLATED, 31)
        block = b" " * (1 << 20)
        left = size
        while left > 0:
            n = min(left, len(block))
            self.chunk(z.compress(block[:n]))
            left -= n
        self.chunk(z.flush())
        self.end_chunked()

    def drip(self, seconds: float):
        body = b'{"drip":"' + b"." * 38 + b'"}'
        self.start_chunked()
        pause = seconds / len(body)
        for i in range(len(body)):
            if STOP.wait(pause):
                return
            self.chunk(body[i:i + 1])
        self.end_chunked()

    def recorded(self, path: str, params: dict, body: bytes):
        fields = {**params, **dict(urllib.parse.parse_qsl(body.decode("utf-8", "replace")))}
        with RECORDED_LOCK:
            RECORDED.append({"path": path, "params": fields})
        if path.startswith("/tempo/"):
            return self.tempo_empty(path[len("/tempo"):])
        result = []
        if fields.get("query", "").startswith("min(min_over_time(timestamp(") and ARGS.first_sample:
            result = [{"metric": {}, "value": [float(fields.get("time", "0")), ARGS.first_sample]}]
        ok = {"status": "success", "data": {"resultType": "vector", "result": result}}
        self.send_body(200, json.dumps(ok).encode())

    def prom_mixed(self, query: str):
        if "nv_gpu" in query:
            err = {"status": "error", "errorType": "execution", "error": "query processing would load too many samples"}
            return self.send_body(422, json.dumps(err).encode())
        result = []
        if "traces_service_graph_request_total" in query and query.startswith("sum"):
            result = [{"metric": {"client": "envoy-a", "server": "triton-b"}, "value": [1700000000, "2.5"]}]
        ok = {"status": "success", "data": {"resultType": "vector", "result": result}}
        self.send_body(200, json.dumps(ok).encode())


def watch_parent():
    parent = os.getppid()
    while os.getppid() == parent and not STOP.is_set():
        time.sleep(0.3)
    STOP.set()


def main() -> int:
    global ARGS
    parser = argparse.ArgumentParser(description="misbehaving HTTP server for client tests")
    parser.add_argument("--port-file", required=True)
    parser.add_argument("--v1-trace", help="JSON served by /old-tempo/api/traces/<--v1-trace-id>")
    parser.add_argument("--v1-trace-id", default="")
    parser.add_argument("--first-sample", default="", help="Unix seconds /recorded/prom answers as the first sample")
    parser.add_argument("--v2-trace", help="v2 JSON served with status PARTIAL by /partial/api/v2/traces/<id>")
    ARGS = parser.parse_args()
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    tmp = ARGS.port_file + ".tmp"
    Path(tmp).write_text(str(server.server_address[1]))
    os.replace(tmp, ARGS.port_file)
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True).start()
    threading.Thread(target=watch_parent, daemon=True).start()
    try:
        while not STOP.wait(0.5):
            pass
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    import signal
    # Spawned from a Swift test, SIGTERM may arrive blocked (libdispatch's thread mask).
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM})
    signal.signal(signal.SIGTERM, lambda *_: STOP.set())
    sys.exit(main())
