"""Reading a request body on the server side of the stack's HTTP servers:
``Content-Length`` or ``Transfer-Encoding: chunked`` (as Envoy uploads OTLP),
optionally ``Content-Encoding: gzip``, never more than ``max_bytes``."""

from __future__ import annotations

import gzip

MAX_REQUEST_BYTES = 64 << 20


class BodyError(Exception):
    """The body cannot be read: too large, or not valid gzip."""


def read_body(rfile, headers, max_bytes: int = MAX_REQUEST_BYTES) -> bytes:
    """The decoded body of a request whose headers have been read from ``rfile``."""
    if "chunked" in headers.get("Transfer-Encoding", "").lower():
        body = _read_chunked(rfile, max_bytes)
    else:
        length = int(headers.get("Content-Length") or 0)
        if length > max_bytes:
            raise BodyError("request body too large")
        body = rfile.read(length)
    if headers.get("Content-Encoding", "").lower() == "gzip":
        try:
            body = gzip.decompress(body)
        except (OSError, EOFError) as err:
            raise BodyError(f"bad gzip body: {err}") from None
    return body


def _read_chunked(rfile, max_bytes: int) -> bytes:
    parts, total = [], 0
    while True:
        size = int(rfile.readline(1024).split(b";")[0].strip() or b"0", 16)
        if size == 0:
            while rfile.readline(1024).strip():
                pass  # trailers
            return b"".join(parts)
        total += size
        if total > max_bytes:
            raise BodyError("request body too large")
        parts.append(rfile.read(size))
        rfile.readline(16)
