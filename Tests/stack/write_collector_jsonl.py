#!/usr/bin/env python3
"""Writes a file in the OpenTelemetry Collector file exporter's format (the OTLP file
exporter spec: JSON lines, UTF-8, one ``TracesData`` per line in the OTLP JSON encoding:
lowerCamelCase keys, hex trace and span ids, enums as integers, 64-bit integers as
strings), holding three inference traces spread over two lines the way a Collector
batches: line 1 has trace A's Envoy span and all of trace B, line 2 trace A's Triton spans
and trace C, an orphan (its Envoy parent was never exported) that failed with
``CUDA out of memory``.

    python3 Tests/stack/write_collector_jsonl.py Tests/Fixtures/multi-trace/collector-file-exporter.jsonl
"""

from __future__ import annotations

import json
import sys

T0 = 1_796_460_000_000_000_000
MS = 1_000_000
ENVOY = "supersonic-envoy-58b98b5568-9ww7h"
TRITON = "supersonic-triton-74c49fcf8-rxzpm"


def span(trace: str, span_id: str, parent: str, name: str, kind: int, start_ms: float, end_ms: float,
         status: dict | None = None, attributes: list | None = None) -> dict:
    out = {"traceId": trace, "spanId": span_id, "parentSpanId": parent, "name": name, "kind": kind,
           "startTimeUnixNano": str(T0 + int(start_ms * MS)), "endTimeUnixNano": str(T0 + int(end_ms * MS)),
           "status": status or {}}
    if attributes:
        out["attributes"] = attributes
    return out


def resource_spans(service: str, spans: list[dict], scope: str) -> dict:
    return {"resource": {"attributes": [{"key": "service.name", "value": {"stringValue": service}}]},
            "scopeSpans": [{"scope": {"name": scope}, "spans": spans}]}


def triton(trace: str, prefix: str, parent: str, start_ms: float, status: dict | None = None) -> list[dict]:
    model = [{"key": "triton.model_name", "value": {"stringValue": "deeptau_2018v2p5"}},
             {"key": "triton.model_version", "value": {"intValue": "1"}}]
    return [span(trace, prefix + "01", parent, "InferRequest", 2, start_ms, start_ms + 9, status),
            span(trace, prefix + "02", prefix + "01", "deeptau_2018v2p5", 2, start_ms + 1, start_ms + 8, status, model),
            span(trace, prefix + "03", prefix + "02", "compute", 2, start_ms + 2, start_ms + 7)]


def main() -> None:
    a, b, c = "0af7651916cd43dd8448eb211c80319c", "5b8efff798038103d269b633813fc60c", "00f067aa0ba902b7e3b0c7f9a1d2e3f4"
    oom = {"code": 2, "message": "CUDA out of memory"}
    line1 = {"resourceSpans": [
        resource_spans(ENVOY, [span(a, "a1a1a1a1a1a1a100", "", "ingress", 3, 0, 12),
                               span(b, "b1b1b1b1b1b1b100", "", "ingress", 3, 20, 31)], "envoy"),
        resource_spans(TRITON, triton(b, "b2b2b2b2b2b2b2", "b1b1b1b1b1b1b100", 21), "triton-server")]}
    line2 = {"resourceSpans": [
        resource_spans(TRITON, triton(a, "a2a2a2a2a2a2a2", "a1a1a1a1a1a1a100", 1)
                       + triton(c, "c2c2c2c2c2c2c2", "c0c0c0c0c0c0c000", 40, oom), "triton-server")]}
    with open(sys.argv[1], "w", encoding="utf-8") as f:
        for line in (line1, line2):
            f.write(json.dumps(line, separators=(",", ":")) + "\n")


if __name__ == "__main__":
    main()
