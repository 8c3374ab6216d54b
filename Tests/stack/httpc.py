"""A tiny HTTP/1.1 client for the stack: status, headers and raw body of one
request, with optional ``Transfer-Encoding: chunked`` upload (as Envoy sends
OTLP). Unlike urllib it never raises on 4xx/5xx and never decompresses.
"""

from __future__ import annotations

import http.client
import urllib.parse
from dataclasses import dataclass


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode()


def _chunks(body: bytes, size: int):
    for i in range(0, len(body), size):
        yield body[i:i + size]


def request(url: str, method: str = "GET", body: bytes | None = None, headers: dict | None = None,
            timeout: float = 10.0, chunk_size: int = 0) -> Response:
    """One request; ``chunk_size`` > 0 uploads the body chunked in pieces of that size."""
    parts = urllib.parse.urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
    try:
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        if chunk_size and body is not None:
            conn.request(method, path, body=_chunks(body, chunk_size), headers=headers or {}, encode_chunked=True)
        else:
            conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        return Response(response.status, {k.lower(): v for k, v in response.getheaders()}, response.read())
    finally:
        conn.close()


def get(url: str, params: dict | None = None, headers: dict | None = None, timeout: float = 10.0) -> Response:
    """GET with query parameters encoded."""
    if params:
        url = f"{url}?{urllib.parse.urlencode(params)}"
    return request(url, headers=headers, timeout=timeout)
